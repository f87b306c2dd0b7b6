package engine

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// llmModel makes an MNN model directory holding a config.json.
func llmModel(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "config.json")
	if err := os.WriteFile(p, []byte("{}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

// ggufModel makes a model file for the fake llama-bench.
func ggufModel(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := os.WriteFile(p, make([]byte, 4096), 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFakeLLMBench runs the fake llm_bench through the engine: the
// command it builds is accepted, its output parses, and Verify finds the
// wrong echo of each FAKE_ECHO.
func TestFakeLLMBench(t *testing.T) {
	e := mustNew(t, LLMBench, "")
	inv := Invocation{Model: llmModel(t, "Qwen2.5-0.5B"), ModelName: "qwen", Knobs: map[string]string{
		"threads": "2", "precision": "1", "backend": "opencl", "n_prompt": "64", "n_gen": "32",
		"dynamicOption": "8", "mmap": "0", "n_repeat": "3", "variable_prompt": "0",
	}}
	args, err := e.Args(fakeLLMBench, inv)
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"FAKE_STATE=" + t.TempDir(), "FAKE_PP=200", "FAKE_TG=40", "FAKE_CV=1"}
	out := runArgs(t, args, env...)
	recs, err := e.Parse(out, inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Phase != "pp" || recs[0].Size != "64" || recs[1].Phase != "tg" || recs[1].Size != "32" {
		t.Fatalf("records %+v, want pp64 and tg32", recs)
	}
	for i, want := range []float64{200, 40} {
		r := recs[i]
		if math.Abs(r.Mean/want-1) > 0.05 || r.Std <= 0 || r.Reps != 3 || r.Model != "qwen" || r.Knobs["precision"] != "1" || r.Knobs["backend"] != "opencl" {
			t.Errorf("record %d: mean %v (want about %v) std %v reps %d model %q knobs %v", i, r.Mean, want, r.Std, r.Reps, r.Model, r.Knobs)
		}
	}
	if m := e.Verify(inv, out); m != nil {
		t.Errorf("Verify = %v, want no mismatches", m)
	}

	for _, tc := range []struct {
		echo string
		want []*Mismatch
	}{
		{"threads=8", []*Mismatch{{"threads", "2", "8"}}},
		{"precision=2", []*Mismatch{{"precision", "1", "2"}}},
		{"backend=CPU", []*Mismatch{{"backend", "opencl", "CPU"}}},
		{"model=Qwen2.5-7B", []*Mismatch{{"model", "Qwen2.5-0.5B", "Qwen2.5-7B"}}},
		{"n_prompt=65", []*Mismatch{{"n_prompt", "64", "pp test of size 65"}}},
		{"n_gen=31;threads=3", []*Mismatch{{"n_gen", "32", "tg test of size 31"}, {"threads", "2", "3"}}},
	} {
		out := runArgs(t, args, append(env, "FAKE_ECHO="+tc.echo)...)
		if diff := cmp.Diff(tc.want, e.Verify(inv, out)); diff != "" {
			t.Errorf("FAKE_ECHO=%s: Verify (-want +got):\n%s", tc.echo, diff)
		}
	}
}

func TestFakeLLMBenchLayouts(t *testing.T) {
	e := mustNew(t, LLMBench, "")
	model := llmModel(t, "SmolVLM2-256M")
	for _, tc := range []struct {
		knobs  map[string]string
		phases []string // phase+size of the records
		err    string
	}{
		{map[string]string{"kv_cache": "true", "n_prompt": "128", "n_gen": "16"}, []string{"pp128", "tg16"}, ""},
		{map[string]string{"prompt_gen": "64,16", "n_prompt": "64", "n_gen": "16"}, []string{"pp64", "tg16", "pp+tg64+16"}, ""},
		{map[string]string{"loading_time": "true", "n_prompt": "32"}, []string{"pp32", "tg128"}, ""},
		// The printer's bug with several -dyo values: no usable row.
		{map[string]string{"dynamicOption": "7,8", "n_prompt": "32"}, nil, "no valid result rows"},
	} {
		inv := Invocation{Model: model, Knobs: tc.knobs}
		args, err := e.Args(fakeLLMBench, inv)
		if err != nil {
			t.Fatal(err)
		}
		out := runArgs(t, args, "FAKE_STATE="+t.TempDir())
		recs, err := e.Parse(out, inv)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: Parse error %v, want …%s…", tc.knobs, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tc.knobs, err)
			continue
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.Phase+r.Size)
		}
		if !cmp.Equal(tc.phases, got) {
			t.Errorf("%v: records %q, want %q", tc.knobs, got, tc.phases)
		}
		if m := e.Verify(inv, out); m != nil {
			t.Errorf("%v: Verify = %v", tc.knobs, m)
		}
	}
}

func TestFakeLlamaBench(t *testing.T) {
	e := mustNew(t, LlamaBench, "")
	inv := Invocation{Model: ggufModel(t), ModelName: "tiny", Knobs: map[string]string{
		"threads": "2", "n_prompt": "64", "n_gen": "16", "flash_attn": "on", "type_k": "q8_0", "mmap": "0",
		"repeat": "4", "n_depth": "0", "cpu_mask": "0x3", "n_gpu_layers": "99", "no_warmup": "1", "poll": "0",
		"tensor_split": "1/0",
	}}
	args, err := e.Args(fakeLlamaBench, inv)
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"FAKE_STATE=" + t.TempDir(), "FAKE_PP=1000", "FAKE_TG=100"}
	out := runArgs(t, args, env...)
	recs, err := e.Parse(out, inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	for i, want := range []float64{1000, 100} {
		r := recs[i]
		if len(r.Samples()) != 4 || math.Abs(r.Mean/want-1) > 0.05 || r.Model != "tiny" || r.Knobs["build_commit"] != "fake0000" {
			t.Errorf("record %d: %d samples, mean %v (want about %v), model %q, knobs %v", i, len(r.Samples()), r.Mean, want, r.Model, r.Knobs)
		}
	}
	if m := e.Verify(inv, out); m != nil {
		t.Errorf("Verify = %v, want no mismatches", m)
	}
	for _, tc := range []struct {
		echo string
		want []*Mismatch
	}{
		{"threads=8", []*Mismatch{{"threads", "2", "8"}}},
		{"n_threads=3", []*Mismatch{{"threads", "2", "3"}}},
		{"flash_attn=0", []*Mismatch{{"flash_attn", "on", "0"}}},
		{"type_k=f16", []*Mismatch{{"type_k", "q8_0", "f16"}}},
		{"use_mmap=true", []*Mismatch{{"mmap", "0", "1"}}},
		{"cpu_mask=0xff", []*Mismatch{{"cpu_mask", "0x3", "0xff"}}},
		{"model=other.gguf", []*Mismatch{{"model", inv.Model, "other.gguf"}}},
		{"n_prompt=65", []*Mismatch{{"n_prompt", "64", "pp test of size 65"}}},
		{"n_gen=17", []*Mismatch{{"n_gen", "16", "tg test of size 17"}}},
	} {
		out := runArgs(t, args, append(env, "FAKE_ECHO="+tc.echo)...)
		if diff := cmp.Diff(tc.want, e.Verify(inv, out)); diff != "" {
			t.Errorf("FAKE_ECHO=%s: Verify (-want +got):\n%s", tc.echo, diff)
		}
	}
}

// TestFakeFailures: what the engines make of a failing fake.
func TestFakeFailures(t *testing.T) {
	for _, tc := range []struct {
		engine, bin string
		inv         Invocation
	}{
		{LLMBench, fakeLLMBench, Invocation{Model: llmModel(t, "M"), Knobs: map[string]string{"n_prompt": "8"}}},
		{LlamaBench, fakeLlamaBench, Invocation{Model: ggufModel(t), Knobs: map[string]string{"n_prompt": "8"}}},
	} {
		e := mustNew(t, tc.engine, "")
		args, err := e.Args(tc.bin, tc.inv)
		if err != nil {
			t.Fatal(err)
		}
		out := runArgs(t, args, "FAKE_GARBAGE=always")
		if recs, err := e.Parse(out, tc.inv); err == nil || !strings.HasPrefix(err.Error(), "parsing "+tc.engine+" output: ") {
			t.Errorf("%s: Parse of garbage = %d records, %v", tc.engine, len(recs), err)
		}
		if m := e.Verify(tc.inv, out); m != nil {
			t.Errorf("%s: Verify of garbage = %v", tc.engine, m)
		}
		out, _, err = tryArgs(args, "FAKE_FAIL=n_prompt=8", "FAKE_FAIL_STATUS=3")
		if err == nil || len(out) != 0 {
			t.Errorf("%s: FAKE_FAIL: %v, output %q", tc.engine, err, out)
		}
		_, err = e.Parse(out, tc.inv)
		if err == nil {
			t.Errorf("%s: Parse of no output succeeded", tc.engine)
		}
		// The model missing: the fake refuses, as the real ones do.
		inv := tc.inv
		inv.Model = filepath.Join(t.TempDir(), "absent", "config.json")
		args, _ = e.Args(tc.bin, inv)
		if _, stderr, err := tryArgs(args); err == nil || !strings.Contains(string(stderr), inv.Model) {
			t.Errorf("%s: absent model: %v, stderr %q", tc.engine, err, stderr)
		}
	}
}

// TestFakeCommand runs the fake llama-bench as a command template.
func TestFakeCommand(t *testing.T) {
	e := mustNew(t, Command, "llama-bench -m {model} -p {n_prompt} -n 0 -r 3 -t {threads} -o csv")
	inv := Invocation{Model: ggufModel(t), ModelName: "tiny", Knobs: map[string]string{"n_prompt": "32", "threads": "2", "build": "A"}}
	args, err := e.Args(fakeLlamaBench, inv)
	if err != nil {
		t.Fatal(err)
	}
	if args[0] != fakeLlamaBench || args[2] != inv.Model || args[4] != "32" {
		t.Fatalf("Args = %q", args)
	}
	recs, err := e.Parse(runArgs(t, args), inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Phase != "pp" || recs[0].Size != "32" || recs[0].Knobs["build"] != "A" || recs[0].Model != "tiny" {
		t.Errorf("records %+v", recs)
	}
}
