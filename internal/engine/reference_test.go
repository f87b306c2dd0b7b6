package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/llmbench"
)

// referenceFile reads a file of ../shared/reference, or skips the test.
func referenceFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	p := filepath.Join(sharedDir, "reference", dir, name)
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		t.Skipf("reference output not found (%s): %v", p, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sidecarInvocation rebuilds the invocation that made a reference
// llm_bench file from the command in its sidecar.
func sidecarInvocation(t *testing.T, raw string) Invocation {
	t.Helper()
	var sc struct {
		Model           string `json:"model"`
		ExecutionResult struct {
			Command string `json:"command"`
		} `json:"execution_result"`
	}
	if err := json.Unmarshal(referenceFile(t, "mnn_llm_bench", llmbench.SidecarPath(raw)), &sc); err != nil {
		t.Fatal(err)
	}
	knobs, err := llmbench.KnobsFromCommand(sc.ExecutionResult.Command)
	if err != nil {
		t.Fatal(err)
	}
	inv := Invocation{Model: knobs["model_path"], ModelName: sc.Model, Knobs: knobs}
	delete(knobs, "model_path")
	return inv
}

// TestLLMBenchReference parses and verifies the real llm_bench outputs
// against the commands that made them: every echoed setting agrees.
func TestLLMBenchReference(t *testing.T) {
	e := mustNew(t, LLMBench, "")
	for _, tc := range []struct {
		raw, model, pp, tg string
		ppMean, tgMean     float64
	}{
		{"qwen2_5_0_5b_1_raw.txt", "qwen2_5_0_5b", "64", "32", 66.74, 28.41},
		{"qwen2_5_0_5b_100_raw.txt", "qwen2_5_0_5b", "576", "128", 82.28, 27.86},
		{"smolvlm2_256m_129_raw.txt", "smolvlm2_256m", "64", "32", 174.86, 42.92},
		{"smolvlm2_256m_228_raw.txt", "smolvlm2_256m", "576", "128", 177.64, 41.80},
	} {
		inv := sidecarInvocation(t, tc.raw)
		out := referenceFile(t, "mnn_llm_bench", tc.raw)
		// Args rebuilds the command's flags.
		args, err := e.Args("llm_bench_prompt", inv)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"llm_bench_prompt", "-m", inv.Model, "-dyo", inv.Knobs["dynamicOption"], "-n", tc.tg, "-p", tc.pp}; !cmp.Equal(want, args) {
			t.Errorf("%s: Args = %q, want %q", tc.raw, args, want)
		}
		recs, err := e.Parse(out, inv)
		if err != nil {
			t.Fatalf("%s: %v", tc.raw, err)
		}
		type rec struct {
			Model, Phase, Size, NPrompt, NGen, Dyo, Threads string
			Mean                                            float64
		}
		var got []rec
		for _, r := range recs {
			got = append(got, rec{r.Model, r.Phase, r.Size, r.Knobs["n_prompt"], r.Knobs["n_gen"], r.Knobs["dynamicOption"], r.Knobs["threads"], r.Mean})
		}
		dyo := inv.Knobs["dynamicOption"]
		want := []rec{
			{tc.model, "pp", tc.pp, tc.pp, tc.tg, dyo, "4", tc.ppMean},
			{tc.model, "tg", tc.tg, tc.pp, tc.tg, dyo, "4", tc.tgMean},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: records (-want +got):\n%s", tc.raw, diff)
		}
		if m := e.Verify(inv, out); m != nil {
			t.Errorf("%s: Verify = %v, want no mismatches", tc.raw, m)
		}
	}
}

// TestLLMBenchVerifyReference changes one asked knob at a time of a real
// invocation and checks the mismatch Verify reports.
func TestLLMBenchVerifyReference(t *testing.T) {
	const raw = "qwen2_5_0_5b_1_raw.txt" // -p 64 -n 32 -dyo 7; the table: CPU, 4 threads, Low
	e := mustNew(t, LLMBench, "")
	out := referenceFile(t, "mnn_llm_bench", raw)
	for _, tc := range []struct {
		knob, value string // value "" deletes the knob
		model       string // replaces the model path when set
		want        []*Mismatch
	}{
		{knob: "threads", value: "4"},
		{knob: "threads", value: "4.0"},
		{knob: "threads", value: "1", want: []*Mismatch{{"threads", "1", "4"}}},
		{knob: "precision", value: "2"},
		{knob: "precision", value: "0", want: []*Mismatch{{"precision", "0", "2"}}},
		{knob: "precision", value: "1", want: []*Mismatch{{"precision", "1", "2"}}},
		{knob: "backend", value: "cpu"},
		{knob: "backend", value: "opencl", want: []*Mismatch{{"backend", "opencl", "CPU"}}},
		{knob: "n_prompt", value: "128", want: []*Mismatch{{"n_prompt", "128", "pp test of size 64"}}},
		{knob: "n_gen", value: "64", want: []*Mismatch{{"n_gen", "64", "tg test of size 32"}}},
		{knob: "n_gen", value: "0", want: []*Mismatch{{"n_gen", "0", "tg test of size 32"}}},
		{knob: "prompt_gen", value: "64,32", want: []*Mismatch{{"prompt_gen", "64,32", "no pp+tg test"}}},
		{knob: "kv_cache", value: "false"},
		{knob: "kv_cache", value: "true", want: []*Mismatch{{"kv_cache", "true", "false"}}},
		// Not printed by the fork: nothing to compare.
		{knob: "dynamicOption", value: "8"},
		{knob: "mmap", value: "1"},
		{model: "/models/Qwen2.5-0.5B/config.json"},
		{model: `C:\models\Qwen2.5-0.5B\config.json`},
		{model: "/models/Qwen2.5-1.5B/config.json", want: []*Mismatch{{"model", "Qwen2.5-1.5B", "Qwen2.5-0.5B"}}},
	} {
		inv := sidecarInvocation(t, raw)
		if tc.knob != "" {
			inv.Knobs[tc.knob] = tc.value
		}
		if tc.model != "" {
			inv.Model = tc.model
		}
		if diff := cmp.Diff(tc.want, e.Verify(inv, out)); diff != "" {
			t.Errorf("%s=%q model %q: Verify (-want +got):\n%s", tc.knob, tc.value, tc.model, diff)
		}
	}
	if m := e.Verify(Invocation{Knobs: map[string]string{"threads": "1"}}, []byte("no table")); m != nil {
		t.Errorf("Verify of output that is no table = %v, want nil", m)
	}
}

// jsonResults reads llama-bench JSON or JSONL and returns the results
// whose fields have the values of keep, as JSONL.
func jsonResults(t *testing.T, data []byte, keep func(map[string]any) bool) []byte {
	t.Helper()
	var all []map[string]any
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("[")) {
		if err := json.Unmarshal(trimmed, &all); err != nil {
			t.Fatal(err)
		}
	} else {
		for _, line := range bytes.Split(trimmed, []byte("\n")) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			all = append(all, m)
		}
	}
	var out bytes.Buffer
	for _, m := range all {
		if keep(m) {
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(b)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// referenceLlamaInvocation is what made the threads=1 pp64 and tg32 tests
// of reference/llama-bench/run.jsonl, every knob at the value it echoes.
func referenceLlamaInvocation() Invocation {
	return Invocation{
		Model: "models/tiny-llama-e256-l4-f16.gguf", ModelName: "tiny",
		Knobs: map[string]string{
			"threads": "1", "n_prompt": "64", "n_gen": "32", "repeat": "5", "flash_attn": "auto", "type_k": "f16",
			"type_v": "f16", "mmap": "1", "n_batch": "2048", "n_ubatch": "512", "n_gpu_layers": "-1", "cpu_mask": "0",
			"cpu_strict": "0", "poll": "50", "n_depth": "0", "tensor_split": "0", "split_mode": "layer",
			"no_kv_offload": "0", "embeddings": "0", "n_cpu_moe": "0", "main_gpu": "0", "devices": "auto",
			"use_direct_io": "0", "no_op_offload": "0", "no_host": "0", "fit_target": "0", "fit_min_ctx": "0",
			"tensor_buft_overrides": "none", "prio": "0", "delay": "0",
		},
	}
}

func referenceLlamaOutput(t *testing.T) []byte {
	return jsonResults(t, referenceFile(t, "llama-bench", "run.jsonl"), func(m map[string]any) bool {
		return m["n_threads"] == 1.0 && (m["n_prompt"] == 64.0 || m["n_gen"] == 32.0)
	})
}

func TestLlamaBenchReference(t *testing.T) {
	e := mustNew(t, LlamaBench, "")
	out := referenceLlamaOutput(t)
	inv := referenceLlamaInvocation()
	recs, err := e.Parse(out, inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2 (pp64 and tg32)", len(recs))
	}
	for i, want := range []struct{ phase, size string }{{"pp", "64"}, {"tg", "32"}} {
		r := recs[i]
		if r.Phase != want.phase || r.Size != want.size || r.Model != "tiny" || len(r.Samples()) != 5 || r.Reps != 5 {
			t.Errorf("record %d: %s%s model %q, %d samples, reps %d; want %s%s of tiny with 5", i, r.Phase, r.Size, r.Model, len(r.Samples()), r.Reps, want.phase, want.size)
		}
		// The asked knobs win (n_gen 32 on the pp test), the output adds its own.
		if r.Knobs["n_gen"] != "32" || r.Knobs["flash_attn"] != "auto" || r.Knobs["build_commit"] != "d8a24ccee" || r.Knobs["model_filename"] != inv.Model {
			t.Errorf("record %d knobs: %v", i, r.Knobs)
		}
	}
	// pp64's first sample: 64 tokens in 6434352 ns.
	if got, want := recs[0].Samples()[0], 64*1e9/6434352; got != want {
		t.Errorf("pp64 sample 0 = %v, want %v", got, want)
	}
	if m := e.Verify(inv, out); m != nil {
		t.Errorf("Verify = %v, want no mismatches", m)
	}
}

func TestLlamaBenchVerifyReference(t *testing.T) {
	e := mustNew(t, LlamaBench, "")
	out := referenceLlamaOutput(t)
	for _, tc := range []struct {
		knob, value string
		want        []*Mismatch
	}{
		{"threads", "2", []*Mismatch{{"threads", "2", "1"}}},
		{"n_threads", "1", nil},
		{"flash_attn", "-1", nil},
		{"flash_attn", "on", []*Mismatch{{"flash_attn", "on", "-1"}}},
		{"flash_attn", "0", []*Mismatch{{"flash_attn", "0", "-1"}}},
		{"type_k", "F16", nil},
		{"type_k", "q8_0", []*Mismatch{{"type_k", "q8_0", "f16"}}},
		{"mmap", "true", nil},
		{"mmap", "0", []*Mismatch{{"mmap", "0", "1"}}},
		{"use_mmap", "0", []*Mismatch{{"use_mmap", "0", "1"}}},
		{"cpu_mask", "0x0", nil},
		{"cpu_mask", "0x3", []*Mismatch{{"cpu_mask", "0x3", "0x0"}}},
		{"cpu_strict", "1", []*Mismatch{{"cpu_strict", "1", "0"}}},
		{"n_batch", "512", []*Mismatch{{"n_batch", "512", "2048"}}},
		{"n_gpu_layers", "99", []*Mismatch{{"n_gpu_layers", "99", "-1"}}},
		{"tensor_split", "0.00/0", nil},
		{"tensor_split", "0.5/0.5", []*Mismatch{{"tensor_split", "0.5/0.5", "0.00"}}},
		{"n_depth", "512", []*Mismatch{{"n_depth", "512", "0"}}},
		{"repeat", "3", []*Mismatch{{"repeat", "3", "5 samples"}}},
		{"n_prompt", "128", []*Mismatch{{"n_prompt", "128", "pp test of size 64"}}},
		{"n_gen", "0", []*Mismatch{{"n_gen", "0", "tg test of size 32"}}},
		{"prompt_gen", "64,32", []*Mismatch{{"prompt_gen", "64,32", "no pp+tg test"}}},
		{"prio", "3", nil}, // not echoed
	} {
		inv := referenceLlamaInvocation()
		inv.Knobs[tc.knob] = tc.value
		if tc.knob == "n_threads" || tc.knob == "use_mmap" {
			delete(inv.Knobs, strings.TrimPrefix(strings.TrimPrefix(tc.knob, "n_"), "use_"))
		}
		if diff := cmp.Diff(tc.want, e.Verify(inv, out)); diff != "" {
			t.Errorf("%s=%s: Verify (-want +got):\n%s", tc.knob, tc.value, diff)
		}
	}
	inv := referenceLlamaInvocation()
	inv.Model = "models/other.gguf"
	if diff := cmp.Diff([]*Mismatch{{"model", "models/other.gguf", "models/tiny-llama-e256-l4-f16.gguf"}}, e.Verify(inv, out)); diff != "" {
		t.Errorf("other model: Verify (-want +got):\n%s", diff)
	}
	inv.Model = "models/./tiny-llama-e256-l4-f16.gguf"
	if m := e.Verify(inv, out); m != nil {
		t.Errorf("same model, other spelling: Verify = %v", m)
	}
}

// TestLlamaBenchVerifySwitch reads a real run over -fa 0,1 -ctk f16,q8_0:
// asking one value of each, Verify reports the other values once each.
func TestLlamaBenchVerifySwitch(t *testing.T) {
	e := mustNew(t, LlamaBench, "")
	out := referenceFile(t, "llama-bench", "switch-fa-ctk.json")
	inv := Invocation{Model: "models/tiny-llama-e256-l4-f16.gguf", Knobs: map[string]string{
		"threads": "2", "n_prompt": "256", "n_gen": "64", "flash_attn": "1", "type_k": "q8_0",
	}}
	recs, err := e.Parse(out, inv)
	if err != nil || len(recs) != 8 {
		t.Fatalf("Parse: %d records, %v; want 8", len(recs), err)
	}
	want := []*Mismatch{{"flash_attn", "1", "0"}, {"type_k", "q8_0", "f16"}}
	if diff := cmp.Diff(want, e.Verify(inv, out)); diff != "" {
		t.Errorf("Verify (-want +got):\n%s", diff)
	}
}

// TestCommandParseReference reads every text format import reads through
// the command engine.
func TestCommandParseReference(t *testing.T) {
	e := mustNew(t, Command, "bench -t {threads}")
	inv := Invocation{ModelName: "m1", Knobs: map[string]string{"threads": "1", "label": "x"}}
	for _, tc := range []struct {
		dir, name string
		n         int
		samples   bool
	}{
		{"llama-bench", "run.jsonl", 10, true},
		{"llama-bench", "run.json", 10, true},
		{"llama-bench", "run.csv", 10, false},
		{"llama-bench", "run.sql", 10, false},
		{"mnn_llm_bench", "qwen2_5_0_5b_1_raw.txt", 2, false},
	} {
		recs, err := e.Parse(referenceFile(t, tc.dir, tc.name), inv)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(recs) != tc.n {
			t.Errorf("%s: %d records, want %d", tc.name, len(recs), tc.n)
		}
		for _, r := range recs {
			if r.Model != "m1" || r.Knobs["label"] != "x" || r.Knobs["threads"] != "1" || (r.Samples() != nil) != tc.samples || r.Validate() != nil {
				t.Errorf("%s: record %s%s model %q knobs %v samples %d: %v", tc.name, r.Phase, r.Size, r.Model, r.Knobs, len(r.Samples()), r.Validate())
				break
			}
		}
		if m := e.Verify(inv, referenceFile(t, tc.dir, tc.name)); m != nil {
			t.Errorf("%s: Verify = %v, want nil", tc.name, m)
		}
	}
	// llama-bench's Markdown is not a format import reads.
	if _, err := e.Parse(referenceFile(t, "llama-bench", "run.md"), inv); err == nil || !strings.HasPrefix(err.Error(), "parsing command output: unknown format") {
		t.Errorf("Parse(run.md) error = %v, want unknown format", err)
	}
}

func TestCommandParseBenchfmt(t *testing.T) {
	e := mustNew(t, Command, "go test -bench . -cpu {threads}")
	out := []byte("goos: linux\npkg: example.com/p\nBenchmarkSort-4   100   5000 ns/op   64 B/op\nBenchmarkSort-4   100   5100 ns/op   64 B/op\nPASS\n")
	recs, err := e.Parse(out, Invocation{Knobs: map[string]string{"threads": "4"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4 (2 lines × sec/op and B/op)", len(recs))
	}
	if r := recs[0]; r.Model != "example.com/p" || r.Knobs["threads"] != "4" || r.Knobs["goos"] != "linux" || r.Mean != 5000e-9 {
		t.Errorf("first record: model %q knobs %v mean %v", r.Model, r.Knobs, r.Mean)
	}
	recs, err = e.Parse(out, Invocation{ModelName: "sorter"})
	if err != nil || recs[0].Model != "sorter" {
		t.Errorf("with a model name: %v, %v", recs, err)
	}
	for _, bad := range []string{"", "hello\n", "SQLite format 3\x00..."} {
		if _, err := e.Parse([]byte(bad), Invocation{}); err == nil || !strings.HasPrefix(err.Error(), "parsing command output: ") {
			t.Errorf("Parse(%q) error = %v", bad, err)
		}
	}
}
