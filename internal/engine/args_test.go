package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustNew(t *testing.T, name, template string) Engine {
	t.Helper()
	e, err := New(name, template)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestNew(t *testing.T) {
	for _, name := range []string{LLMBench, LlamaBench} {
		if e := mustNew(t, name, ""); e.Name() != name {
			t.Errorf("New(%q).Name() = %q", name, e.Name())
		}
	}
	if e := mustNew(t, Command, "go test -bench ."); e.Name() != Command {
		t.Errorf("New(command).Name() = %q", e.Name())
	}
	for _, tc := range []struct{ name, template, want string }{
		{"llamabench", "", `creating engine: unknown engine "llamabench" (want llm_bench, llama-bench, command)`},
		{"", "", `creating engine: unknown engine "" (want llm_bench, llama-bench, command)`},
		{LLMBench, "x {threads}", "creating engine llm_bench: a command template is only for engine command"},
		{Command, "  ", "creating engine command: empty command template"},
		{Command, "a | b", `creating engine command: shell operator "|" in command template "a | b": it is not run by a shell (use sh -c '…')`},
		{Command, "a 'b", `creating engine command: unclosed quote in command template "a 'b"`},
		{Command, `a "b`, `creating engine command: unclosed quote in command template "a \"b"`},
	} {
		_, err := New(tc.name, tc.template)
		if err == nil || err.Error() != tc.want {
			t.Errorf("New(%q, %q) error = %v, want %q", tc.name, tc.template, err, tc.want)
		}
	}
}

// TestLLMBenchArgs checks every knob's flag against ENGINES.md's table of
// llm_bench flags (not against the code's own table).
func TestLLMBenchArgs(t *testing.T) {
	e := mustNew(t, LLMBench, "")
	for knob, flag := range map[string]string{
		"threads": "-t", "precision": "-c", "n_prompt": "-p", "n_gen": "-n", "mmap": "-mmp",
		"dynamicOption": "-dyo", "kv_cache": "-kv", "repeat": "-rep", "n_repeat": "-rep",
		"variable_prompt": "-vp", "vp": "-vp", "prompt_file": "-pf", "backend": "-a",
		"prompt_gen": "-pg", "loading_time": "-load", "verbose": "-v", "memory": "--memory",
		"power": "--power", "smeCoreNum": "-scn", "quantAttention": "-qatten",
		"divisionRatioSme2Neon": "-mr", "image_file": "-ipf",
	} {
		got, err := e.Args("/bin/llm_bench", Invocation{Model: "/m/Qwen/config.json", Knobs: map[string]string{knob: "0"}})
		want := []string{"/bin/llm_bench", "-m", "/m/Qwen/config.json", flag, "0"}
		if err != nil || !cmp.Equal(want, got) {
			t.Errorf("Args(%s=0) = %q, %v; want %q", knob, got, err, want)
		}
		flags, err := e.Flags([]string{knob})
		if err != nil || !cmp.Equal([]string{"-m", flag}, flags) {
			t.Errorf("Flags(%s) = %q, %v; want [-m %s]", knob, flags, err, flag)
		}
	}

	// Several knobs: sorted by name, every value as given, mmap 0 kept.
	got, err := e.Args("llm_bench_prompt", Invocation{Model: "c.json", Knobs: map[string]string{
		"n_prompt": "64", "n_gen": "32", "dynamicOption": "7", "mmap": "0", "threads": "4",
	}})
	want := []string{"llm_bench_prompt", "-m", "c.json", "-dyo", "7", "-mmp", "0", "-n", "32", "-p", "64", "-t", "4"}
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("Args = %q, %v; want %q", got, err, want)
	}
}

func TestLlamaBenchArgs(t *testing.T) {
	e := mustNew(t, LlamaBench, "")
	// The flags of llama-bench's usage text (llama.cpp tools/llama-bench).
	for knob, flag := range map[string]string{
		"n_prompt": "-p", "n_gen": "-n", "threads": "-t", "n_threads": "-t", "flash_attn": "-fa",
		"type_k": "-ctk", "type_v": "-ctv", "n_batch": "-b", "n_ubatch": "-ub", "n_gpu_layers": "-ngl",
		"mmap": "-mmp", "use_mmap": "-mmp", "n_depth": "-d", "repeat": "-r", "n_repeat": "-r",
		"cpu_mask": "-C", "cpu_strict": "--cpu-strict", "poll": "--poll", "prio": "--prio",
		"delay": "--delay", "prompt_gen": "-pg", "n_cpu_moe": "-ncmoe", "split_mode": "-sm",
		"main_gpu": "-mg", "no_kv_offload": "-nkvo", "devices": "-dev", "use_direct_io": "-dio",
		"load_mode": "-lm", "embeddings": "-embd", "tensor_split": "-ts", "tensor_buft_overrides": "-ot",
		"no_op_offload": "-nopo", "no_host": "--no-host", "fit_target": "-fitt", "fit_min_ctx": "-fitc",
		"numa": "--numa",
	} {
		got, err := e.Args("llama-bench", Invocation{Model: "m.gguf", Knobs: map[string]string{knob: "0"}})
		want := []string{"llama-bench", "-m", "m.gguf", flag, "0", "-o", "jsonl"}
		if err != nil || !cmp.Equal(want, got) {
			t.Errorf("Args(%s=0) = %q, %v; want %q", knob, got, err, want)
		}
		flags, err := e.Flags([]string{knob})
		if err != nil || !cmp.Equal([]string{"-m", flag, "-o"}, flags) {
			t.Errorf("Flags(%s) = %q, %v; want [-m %s -o]", knob, flags, err, flag)
		}
	}
	for v, want := range map[string][]string{
		"1":     {"llama-bench", "-m", "m.gguf", "--no-warmup", "-o", "jsonl"},
		"true":  {"llama-bench", "-m", "m.gguf", "--no-warmup", "-o", "jsonl"},
		"0":     {"llama-bench", "-m", "m.gguf", "-o", "jsonl"},
		"false": {"llama-bench", "-m", "m.gguf", "-o", "jsonl"},
	} {
		got, err := e.Args("llama-bench", Invocation{Model: "m.gguf", Knobs: map[string]string{"no_warmup": v}})
		if err != nil || !cmp.Equal(want, got) {
			t.Errorf("Args(no_warmup=%s) = %q, %v; want %q", v, got, err, want)
		}
	}
	got, err := e.Args("/opt/llama-bench", Invocation{Model: "/x/m.gguf", Knobs: map[string]string{
		"threads": "2", "flash_attn": "on", "n_prompt": "512", "type_k": "q8_0",
	}})
	want := []string{"/opt/llama-bench", "-m", "/x/m.gguf", "-fa", "on", "-p", "512", "-t", "2", "-ctk", "q8_0", "-o", "jsonl"}
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("Args = %q, %v; want %q", got, err, want)
	}
}

func TestArgsErrors(t *testing.T) {
	for _, tc := range []struct {
		engine, bin string
		inv         Invocation
		want        string
	}{
		{LLMBench, "b", Invocation{Model: "m", Knobs: map[string]string{"flash_attn": "1"}}, "building llm_bench command: knob flash_attn has no llm_bench flag"},
		{LLMBench, "b", Invocation{Model: "m", Knobs: map[string]string{"model_path": "m"}}, "building llm_bench command: knob model_path: the model is the invocation's Model, not a knob"},
		{LLMBench, "b", Invocation{Model: "m", Knobs: map[string]string{"threads": " "}}, "building llm_bench command: knob threads (-t) has an empty value"},
		{LLMBench, "b", Invocation{Model: "m", Knobs: map[string]string{"repeat": "3", "n_repeat": "5"}}, "building llm_bench command: knobs n_repeat and repeat both set flag -rep"},
		{LLMBench, "", Invocation{Model: "m"}, "building llm_bench command: empty program path"},
		{LLMBench, "b", Invocation{}, "building llm_bench command: no model (the config.json for -m)"},
		{LlamaBench, "b", Invocation{Model: "m", Knobs: map[string]string{"dynamicOption": "8"}}, "building llama-bench command: knob dynamicOption has no llama-bench flag"},
		{LlamaBench, "b", Invocation{Model: "m", Knobs: map[string]string{"model_filename": "m"}}, "building llama-bench command: knob model_filename: the model is the invocation's Model, not a knob"},
		{LlamaBench, "b", Invocation{Model: "m", Knobs: map[string]string{"threads": "1", "n_threads": "2"}}, "building llama-bench command: knobs n_threads and threads both set flag -t"},
		{LlamaBench, "b", Invocation{Model: "m", Knobs: map[string]string{"no_warmup": "yes please"}}, `building llama-bench command: knob no_warmup (--no-warmup) takes 0 or 1, not "yes please"`},
		{LlamaBench, "b", Invocation{Model: "m", Knobs: map[string]string{"type_k": ""}}, "building llama-bench command: knob type_k (-ctk) has an empty value"},
		{LlamaBench, "", Invocation{Model: "m"}, "building llama-bench command: empty program path"},
		{LlamaBench, "b", Invocation{}, "building llama-bench command: no model (the .gguf file for -m)"},
	} {
		e := mustNew(t, tc.engine, "")
		got, err := e.Args(tc.bin, tc.inv)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s.Args(%+v) = %q, %v; want error %q", tc.engine, tc.inv, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		engine string
		knobs  []string
		want   string
	}{
		{LLMBench, []string{"threads", "n_threads"}, "listing llm_bench flags: knob n_threads has no llm_bench flag"},
		{LLMBench, []string{"vp", "variable_prompt"}, "listing llm_bench flags: knobs vp and variable_prompt both set flag -vp"},
		{LlamaBench, []string{"threads", "bogus"}, "listing llama-bench flags: knob bogus has no llama-bench flag"},
	} {
		got, err := mustNew(t, tc.engine, "").Flags(tc.knobs)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s.Flags(%q) = %q, %v; want error %q", tc.engine, tc.knobs, got, err, tc.want)
		}
	}
}

func TestCommandArgs(t *testing.T) {
	inv := Invocation{Model: "/m/tiny.gguf", ModelName: "tiny", Knobs: map[string]string{"threads": "4", "label": "a b", "n_prompt": "64"}}
	for _, tc := range []struct {
		template, bin string
		want          []string
	}{
		{"go test -bench . -count 1 -cpu {threads}", "", []string{"go", "test", "-bench", ".", "-count", "1", "-cpu", "4"}},
		{"go test -bench . -cpu {threads}", "/usr/local/go/bin/go", []string{"/usr/local/go/bin/go", "test", "-bench", ".", "-cpu", "4"}},
		{`./bench --tag={label} -x '{threads} cores' "p={n_prompt}"`, "", []string{"./bench", "--tag=a b", "-x", "4 cores", "p=64"}},
		{`./bench -m {model} -p {n_prompt},{n_prompt} {} {{threads}}`, "", []string{"./bench", "-m", "/m/tiny.gguf", "-p", "64,64", "{}", "{4}"}},
		{`a\ b 'it''s' "say \"hi\"" x\` + "\n" + `y ''`, "", []string{"a b", "its", `say "hi"`, "xy", ""}},
	} {
		e := mustNew(t, Command, tc.template)
		got, err := e.Args(tc.bin, inv)
		if err != nil || !cmp.Equal(tc.want, got) {
			t.Errorf("Args(%q, %q) = %q, %v; want %q", tc.template, tc.bin, got, err, tc.want)
		}
		if f, err := e.Flags([]string{"threads", "whatever"}); f != nil || err != nil {
			t.Errorf("Flags = %q, %v; want nothing", f, err)
		}
	}
	e := mustNew(t, Command, "bench -t {threads} -d {n_depth} -x {other}")
	_, err := e.Args("", inv)
	if want := "building command: placeholder {n_depth} of the template names no knob of the invocation"; err == nil || err.Error() != want {
		t.Errorf("Args error = %v, want %q", err, want)
	}
	_, err = mustNew(t, Command, "bench -m {model}").Args("", Invocation{})
	if err == nil || !strings.Contains(err.Error(), "placeholder {model}") {
		t.Errorf("Args without a model: error = %v, want one naming {model}", err)
	}
}
