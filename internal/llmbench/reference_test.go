package llmbench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceDir holds llm_bench output made by the real tool, with the
// sidecars mnn_anal's runner wrote beside it.
const referenceDir = "../../../shared/reference/mnn_llm_bench"

func referenceFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(referenceDir, name))
	if os.IsNotExist(err) {
		t.Skipf("reference llm_bench samples not found (%s): %v", referenceDir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// parseReference parses a reference raw file with its sidecar.
func parseReference(t *testing.T, raw string) ([]sweepResult, error) {
	t.Helper()
	content := referenceFile(t, raw)
	sidecar := referenceFile(t, SidecarPath(raw))
	recs, skipped, err := Parse(bytes.NewReader(content), raw, sidecar)
	if len(skipped) > 0 {
		t.Errorf("%s: skipped rows: %v", raw, skipped)
	}
	var out []sweepResult
	for _, r := range recs {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		out = append(out, sweepResult{
			Model: r.Model, Phase: r.Phase, Size: r.Size, Mean: r.Mean, Std: r.Std,
			DynamicOption: r.Knobs["dynamicOption"], NPrompt: r.Knobs["n_prompt"], NGen: r.Knobs["n_gen"],
		})
	}
	return out, err
}

type sweepResult struct {
	Model, Phase, Size           string
	Mean, Std                    float64
	DynamicOption, NPrompt, NGen string
}

// TestReferenceAgreesWithDatabase parses the reference llm_bench files and
// compares them with what mnn_anal's own parser stored for the same cases
// in ../shared/reference/mnn_anal/benchmark_results.db (task 3, suite
// pn_sweep_step-p64-n32_n32_dyo78; the case numbers are the files'):
//
//	SELECT c.name, c.base_parameters, r.result_type, r.result_parameter,
//	       r.mean_value, r.std_value FROM case_definitions c JOIN suites s …
func TestReferenceAgreesWithDatabase(t *testing.T) {
	type row = sweepResult
	for raw, want := range map[string][]row{
		// case_1 (id 557): {"dynamicOption": 7, "n_prompt": 64, "n_gen": 32}
		"qwen2_5_0_5b_1_raw.txt": {
			{"qwen2_5_0_5b", "pp", "64", 66.74, 0.02, "7", "64", "32"},
			{"qwen2_5_0_5b", "tg", "32", 28.41, 0.03, "7", "64", "32"},
		},
		// case_2 (id 558): {"dynamicOption": 7, "n_prompt": 64, "n_gen": 64}
		"qwen2_5_0_5b_2_raw.txt": {
			{"qwen2_5_0_5b", "pp", "64", 66.74, 0.04, "7", "64", "64"},
			{"qwen2_5_0_5b", "tg", "64", 28.27, 0.01, "7", "64", "64"},
		},
		// case_100 (id 656): {"dynamicOption": 8, "n_prompt": 576, "n_gen": 128}
		"qwen2_5_0_5b_100_raw.txt": {
			{"qwen2_5_0_5b", "pp", "576", 82.28, 0.09, "8", "576", "128"},
			{"qwen2_5_0_5b", "tg", "128", 27.86, 0.01, "8", "576", "128"},
		},
		// case_101 (id 657): {"dynamicOption": 8, "n_prompt": 640, "n_gen": 32}
		"qwen2_5_0_5b_101_raw.txt": {
			{"qwen2_5_0_5b", "pp", "640", 77.9, 0.09, "8", "640", "32"},
			{"qwen2_5_0_5b", "tg", "32", 28.33, 0.03, "8", "640", "32"},
		},
	} {
		got, err := parseReference(t, raw)
		if err != nil {
			t.Errorf("%s: %v", raw, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", raw, diff)
		}
	}
}

func TestReferenceKnobs(t *testing.T) {
	const raw = "qwen2_5_0_5b_1_raw.txt"
	recs, _, err := Parse(bytes.NewReader(referenceFile(t, raw)), raw, referenceFile(t, SidecarPath(raw)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"model_path":    "/home/phyer/mnn-tst/models/Qwen2.5-0.5B/config.json",
		"n_prompt":      "64",
		"n_gen":         "32",
		"dynamicOption": "7",
		"model_size":    "265.09 MiB",
		"backend":       "CPU",
		"threads":       "4",
		"precision":     "2", // the table's "Low"
		"pType":         "fix",
	}
	if diff := cmp.Diff(want, recs[1].Knobs); diff != "" {
		t.Errorf("knobs of %s (-want +got):\n%s", recs[1].Where, diff)
	}
	if r := recs[1]; r.Suite != "pn_sweep_step-p64-n32_n32_dyo78" || r.Reps != 0 || r.Invocation != raw || r.Where != raw+":4" {
		t.Errorf("suite %q, reps %d, invocation %q, where %q", r.Suite, r.Reps, r.Invocation, r.Where)
	}
}

func TestReferenceWithoutSidecar(t *testing.T) {
	const raw = "qwen2_5_0_5b_100_raw.txt"
	recs, _, err := Parse(bytes.NewReader(referenceFile(t, raw)), raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Model != "Qwen2.5-0.5B" || recs[0].Knobs["dynamicOption"] != "" {
		t.Errorf("without the sidecar: %+v; want 2 records of model Qwen2.5-0.5B without dynamicOption", recs)
	}
}

// The four SmolVLM2-256M outputs of the reference folder (cases 129, 130,
// 228, 229 of task 3) are real tables: one pp and one tg row each, with
// the knobs of the command in their sidecar. The values are read off the
// files by hand.
func TestReferenceSmolVLM(t *testing.T) {
	if _, err := os.Stat(referenceDir); os.IsNotExist(err) {
		t.Skipf("reference llm_bench samples not found (%s): %v", referenceDir, err)
	}
	type want struct {
		pp, tg, dyo           string
		ppMean, ppStd, tgMean float64
	}
	for raw, w := range map[string]want{
		"smolvlm2_256m_129_raw.txt": {"64", "32", "7", 174.86, 0.08, 42.92},
		"smolvlm2_256m_130_raw.txt": {"64", "64", "7", 174.13, 0.11, 42.25},
		"smolvlm2_256m_228_raw.txt": {"576", "128", "8", 177.64, 0.20, 41.80},
		"smolvlm2_256m_229_raw.txt": {"640", "32", "8", 166.49, 0.12, 42.14},
	} {
		recs, skipped, err := Parse(bytes.NewReader(referenceFile(t, raw)), raw, referenceFile(t, SidecarPath(raw)))
		if err != nil || len(skipped) != 0 {
			t.Errorf("Parse(%s): %v, skipped %v", raw, err, skipped)
			continue
		}
		if len(recs) != 2 {
			t.Errorf("%s: %d records, want pp and tg", raw, len(recs))
			continue
		}
		pp, tg := recs[0], recs[1]
		if pp.Phase != "pp" || pp.Size != w.pp || pp.Mean != w.ppMean || pp.Std != w.ppStd ||
			tg.Phase != "tg" || tg.Size != w.tg || tg.Mean != w.tgMean {
			t.Errorf("%s: pp %s %s %v±%v, tg %s %s %v; want pp%s %v±%v, tg%s %v", raw, pp.Phase, pp.Size, pp.Mean, pp.Std,
				tg.Phase, tg.Size, tg.Mean, w.pp, w.ppMean, w.ppStd, w.tg, w.tgMean)
		}
		for _, r := range recs {
			if r.Model != "smolvlm2_256m" && r.Model != "SmolVLM2-256M" {
				t.Errorf("%s: model %q", raw, r.Model)
			}
			if r.Knobs["dynamicOption"] != w.dyo || r.Knobs["n_prompt"] != w.pp || r.Knobs["n_gen"] != w.tg {
				t.Errorf("%s: knobs %v, want dynamicOption=%s n_prompt=%s n_gen=%s", raw, r.Knobs, w.dyo, w.pp, w.tg)
			}
		}
	}
}

func TestReferenceDetect(t *testing.T) {
	entries, err := os.ReadDir(referenceDir)
	if os.IsNotExist(err) {
		t.Skipf("reference llm_bench samples not found (%s): %v", referenceDir, err)
	}
	for _, e := range entries {
		b := referenceFile(t, e.Name())
		want := strings.HasSuffix(e.Name(), "_raw.txt") && len(b) > 0
		if got := Detect(b); got != want {
			t.Errorf("Detect(%s) = %v, want %v", e.Name(), got, want)
		}
	}
}
