package llmbench

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// parseFixture parses testdata/file with the given sidecar content.
func parseFixture(t *testing.T, file, sidecar string) ([]sweep.Record, []error, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sc []byte
	if sidecar != "" {
		sc = []byte(sidecar)
	}
	return Parse(f, file, sc)
}

// sidecarJSON writes a sidecar as mnn_anal's runner does.
func sidecarJSON(model, command string) string {
	b, _ := json.Marshal(map[string]any{
		"case_number":      7,
		"suit_name":        "suite_a",
		"model":            model,
		"execution_params": map[string]any{},
		"execution_result": map[string]any{"command": command, "return_code": 0},
	})
	return string(b)
}

// ignoreParams leaves Params to the tests that check it on its own.
var ignoreParams = cmpopts.IgnoreFields(sweep.Record{}, "Params")

func TestParseDefaultLayout(t *testing.T) {
	cmd := "taskset -c 1 /opt/mnn/build/llm_bench -m /models/Qwen2.5-1.5B/config.json -fp /tmp/x_raw.txt " +
		"-p 128 -n 64 -pg 128,64 -t 1 -c 0 -rep 3 -dyo 7 -mmp 1"
	recs, skipped, err := parseFixture(t, "default.txt", sidecarJSON("qwen2_5_1_5b", cmd))
	if err != nil || skipped != nil {
		t.Fatalf("Parse: err %v, skipped %v", err, skipped)
	}
	// The table's threads (2) win over -t 1; precision Normal is -c 0;
	// mmap true is -mmp 1. n_prompt and n_gen come from each test name.
	knobs := func(np, ng string) map[string]string {
		return map[string]string{
			"model_path": "/models/Qwen2.5-1.5B/config.json", "n_prompt": np, "n_gen": ng,
			"prompt_gen": "128,64", "threads": "2", "precision": "0", "repeat": "3",
			"dynamicOption": "7", "mmap": "1", "model_size": "1.02 GiB", "backend": "CPU", "pType": "fix",
		}
	}
	rec := func(line, phase, size string, mean, std float64) sweep.Record {
		return sweep.Record{
			Test: &sweep.Test{Phase: phase, Size: size, Unit: "tokens/sec"},
			Case: &sweep.Case{Origin: &sweep.Origin{Suite: "suite_a", Model: "qwen2_5_1_5b"}, Invocation: "default.txt", Knobs: knobs("128", "64")},
			Mean: mean, Std: std,
			Reps: 3, Where: "default.txt:" + line,
		}
	}
	want := []sweep.Record{
		rec("3", "pp", "128", 41.50, 0.25),
		rec("4", "tg", "64", 12.75, 0.05),
		rec("5", "pp+tg", "128+64", 30.10, 0),
	}
	if diff := cmp.Diff(want, recs, ignoreParams); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	const wantParams = `{"backend":"CPU","dynamicOption":"7","mmap":"1","model_path":"/models/Qwen2.5-1.5B/config.json",` +
		`"model_size":"1.02 GiB","n_gen":"64","n_prompt":"128","pType":"fix","precision":"0",` +
		`"prompt_gen":"128,64","repeat":"3","threads":"2"}`
	if len(recs) > 0 && recs[0].Params != wantParams {
		t.Errorf("Params\n got %s\nwant %s", recs[0].Params, wantParams)
	}
}

func TestParseColumnsInAnyOrderWithoutSidecar(t *testing.T) {
	recs, skipped, err := parseFixture(t, "reordered.txt", "")
	if err != nil || skipped != nil {
		t.Fatalf("Parse: err %v, skipped %v", err, skipped)
	}
	want := []sweep.Record{{
		Test: &sweep.Test{Phase: "pp", Size: "32", Unit: "tokens/sec"},
		Case: &sweep.Case{Origin: &sweep.Origin{Model: "Llama-3.2-1B"}, Invocation: "reordered.txt", Knobs: map[string]string{"backend": "OPENCL", "model_size": "512.00 MiB", "n_prompt": "32", "precision": "1", "threads": "4"}, Params: `{"backend":"OPENCL","model_size":"512.00 MiB","n_prompt":"32","precision":"1","threads":"4"}`},

		Mean: 55, Std: 1.5, Where: "reordered.txt:3",
	}}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestParseLLMDemoLayout(t *testing.T) {
	cmd := "./llm_bench -m m/config.json -kv true -p 256 -n 32,64 -rep 4 -load true"
	recs, skipped, err := parseFixture(t, "demo.txt", sidecarJSON("qwen2_5_0_5b", cmd))
	if err != nil || skipped != nil {
		t.Fatalf("Parse: err %v, skipped %v", err, skipped)
	}
	rec := func(line, phase, size, ng string, mean, std float64) sweep.Record {
		return sweep.Record{
			Test: &sweep.Test{Phase: phase, Size: size, Unit: "tokens/sec"},
			Case: &sweep.Case{Origin: &sweep.Origin{Suite: "suite_a", Model: "qwen2_5_0_5b"}, Invocation: "demo.txt", Knobs: map[string]string{
				"model_path": "m/config.json", "kv_cache": "true", "n_prompt": "256", "n_gen": ng,
				"repeat": "4", "loading_time": "true", "model_size": "265.09 MiB", "backend": "CPU",
				"threads": "4", "precision": "2",
			}},

			Mean: mean, Std: std, Reps: 4,
			Where: "demo.txt:" + line,
		}
	}
	// Each row: prefill of 256 tokens, then decode of 32 or 64 tokens.
	want := []sweep.Record{
		rec("3", "pp", "256", "32", 180.40, 2.10),
		rec("3", "tg", "32", "32", 30.25, 0.15),
		rec("4", "pp", "256", "64", 181.00, 1.90),
		rec("4", "tg", "64", "64", 29.80, 0.20),
	}
	if diff := cmp.Diff(want, recs, ignoreParams); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestParseLLMDemoWithoutSidecarSetsKVCache(t *testing.T) {
	recs, _, err := parseFixture(t, "demo.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Knobs["kv_cache"] != "true" || r.Model != "Qwen2.5-0.5B" {
			t.Errorf("%s: kv_cache %q, model %q; want true, Qwen2.5-0.5B", r.Where, r.Knobs["kv_cache"], r.Model)
		}
	}
}

func TestParseSpeedLayout(t *testing.T) {
	recs, skipped, err := parseFixture(t, "speed.txt", "")
	if err != nil || skipped != nil {
		t.Fatalf("Parse: err %v, skipped %v", err, skipped)
	}
	type got struct {
		Where, Phase, Size, NP, NG string
		Mean, Std                  float64
	}
	var g []got
	for _, r := range recs {
		g = append(g, got{r.Where, r.Phase, r.Size, r.Knobs["n_prompt"], r.Knobs["n_gen"], r.Mean, r.Std})
	}
	want := []got{
		{"speed.txt:3", "pp", "64", "64", "", 70, 0.5},
		{"speed.txt:4", "pp", "512", "512", "128", 90, 1},
		{"speed.txt:4", "tg", "128", "512", "128", 25, 0.1},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestParseSkipsBadRows(t *testing.T) {
	recs, skipped, err := parseFixture(t, "bad.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Where != "bad.txt:4" || recs[0].Size != "32" || recs[0].Mean != 28.41 {
		t.Errorf("records = %+v, want only tg32 of line 4", recs)
	}
	want := []struct {
		line int
		text string
	}{
		{3, `"INFINITY ± NaN" is not a finite speed`},
		{5, `test "unknown" is not ppN, tgN or ppN+tgM`},
		{6, `"0.00 ± 0.00": mean is not positive`},
		{7, "row has 7 cells, the header 8"},
		{8, "row is cut short"},
	}
	if len(skipped) != len(want) {
		t.Fatalf("skipped %d rows, want %d: %v", len(skipped), len(want), skipped)
	}
	for i, w := range want {
		var re *RowError
		if !errors.As(skipped[i], &re) || re.File != "bad.txt" || re.Line != w.line {
			t.Errorf("skipped[%d] = %v, want a RowError at bad.txt:%d", i, skipped[i], w.line)
			continue
		}
		if msg := skipped[i].Error(); !strings.HasPrefix(msg, re.File+":") || !strings.Contains(msg, w.text) {
			t.Errorf("skipped[%d] = %q, want bad.txt:%d: …%s…", i, msg, w.line, w.text)
		}
	}
}

func TestParseAppendedTables(t *testing.T) {
	recs, _, err := parseFixture(t, "appended.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Invocation+" "+r.Where)
	}
	want := []string{"appended.txt appended.txt:3", "appended.txt#2 appended.txt:7"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	header := "| model | modelSize | backend | threads | precision | test | t/s |\n| --- | ---: | --- | ---: | --- | --- | ---: |\n"
	for _, tc := range []struct {
		name, input, sidecar string
		want                 string
	}{
		{"empty", "", "", "x_raw.txt: no results"},
		{"blank", "\n \n", "", "x_raw.txt: no results"},
		{"runner failure text", "基准测试执行失败\n\n错误信息: timeout\n", "", "x_raw.txt: no llm_bench table"},
		{"header only", header, "", "x_raw.txt: no valid result rows"},
		{"only bad rows", header + "| m | 1 MiB | CPU | 4 | Low | pp64 | nan ± nan |\n", "", "x_raw.txt: no valid result rows"},
		{"no speed column", "| model | modelSize | test |\n| --- | --- | --- |\n| m | 1 MiB | pp64 |\n", "",
			`x_raw.txt:1: llm_bench table has no "t/s" (or "speed(tok/s)") column`},
		{"no model, no test", "| modelSize | t/s |\n| --- | --- |\n| 1 | 2 ± 0 |\n", "",
			`x_raw.txt:1: llm_bench table has no "model", no "test" (or "llm_demo") column`},
		{"llm_demo without speed", "| model | llm_demo | t/s |\n| --- | --- | --- |\n", "",
			`x_raw.txt:1: llm_bench table has no "speed(tok/s)" column`},
		{"bad sidecar", header + "| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n", "{", "x_params.json: reading llm_bench sidecar"},
		{"sidecar array", header + "| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n", "[1, 2]",
			`x_params.json: reading llm_bench sidecar: the sidecar is a JSON array, want a JSON object (the sidecar holds {"model": …, "suit_name": …, "execution_result": {"command": …}})`},
		{"sidecar command number", header + "| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n", `{"execution_result": {"command": 5}}`,
			`x_params.json: reading llm_bench sidecar: execution_result.command is a JSON number, want a string`},
		{"sidecar result string", header + "| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n", `{"execution_result": "ok"}`,
			`x_params.json: reading llm_bench sidecar: execution_result is a JSON string, want a JSON object`},
		{"too long", header + strings.Repeat("| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n", MaxInput/48), "", "x_raw.txt: llm_bench output longer than 64 MiB, the most sweepstat reads"},
		{"sidecar command without llm_bench", header + "| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n",
			`{"execution_result": {"command": "python bench.py -p 64"}}`, "x_params.json: execution_result.command: parsing llm_bench command: no llm_bench program"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sc []byte
			if tc.sidecar != "" {
				sc = []byte(tc.sidecar)
			}
			recs, _, err := Parse(strings.NewReader(tc.input), "x_raw.txt", sc)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Parse: %d records, err %v; want error %q", len(recs), err, tc.want)
			}
		})
	}
}

func TestParseMissingColumnsFixture(t *testing.T) {
	_, _, err := parseFixture(t, "missing.txt", "")
	var re *RowError
	if !errors.As(err, &re) || re.Line != 1 || !strings.Contains(err.Error(), `"t/s"`) {
		t.Errorf("err = %v, want missing.txt:1: … no \"t/s\" … column", err)
	}
}

func TestParseEmptySidecarMeansNoKnobs(t *testing.T) {
	for _, sc := range []string{"", "\n"} {
		recs, _, err := Parse(strings.NewReader("| model | modelSize | test | t/s |\n|--|--|--|--|\n| M | 1 MiB | tg8 | 5.00 ± 0.10 |\n"), "y", []byte(sc))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"model_size": "1 MiB", "n_gen": "8"}
		if diff := cmp.Diff(want, recs[0].Knobs); diff != "" || recs[0].Model != "M" {
			t.Errorf("sidecar %q: model %q, knobs (-want +got):\n%s", sc, recs[0].Model, diff)
		}
	}
}

func TestSidecarPath(t *testing.T) {
	for in, want := range map[string]string{
		"dir/qwen_1_raw.txt":     "dir/qwen_1_params.json",
		"qwen2_5_0_5b_1_raw.txt": "qwen2_5_0_5b_1_params.json",
		"dir/qwen_1.txt":         "",
		"_raw.txt":               "",
		"dir/raw.txt":            "",
		"":                       "",
	} {
		if got := SidecarPath(in); got != want {
			t.Errorf("SidecarPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, f := range []string{"default.txt", "reordered.txt", "demo.txt", "speed.txt", "bad.txt", "appended.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if !Detect(b) {
			t.Errorf("Detect(%s) = false", f)
		}
	}
	for _, s := range []string{
		"",
		"| model | size | params | backend | threads | test | t/s |\n| --- | ---: | ---: | --- | ---: | ---: | ---: |\n", // llama-bench
		"BenchmarkX 10 5 ns/op\n",
		`[{"model_type": "llama", "avg_ts": 5}]`,
		"| model | modelSize | test |\n",
	} {
		if Detect([]byte(s)) {
			t.Errorf("Detect(%q) = true", s)
		}
	}
}
