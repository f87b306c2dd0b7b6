package sweepfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// referenceDir holds the users' sweep file, models.toml and system.toml.
const referenceDir = "../../../shared/reference/mnn_anal"

func TestRealUsersFile(t *testing.T) {
	path := filepath.Join(referenceDir, "mnn_llm_pn_sweep_step-p64-n32_dyo78.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("the users' sweep file is not here (%s): %v", referenceDir, err)
	}
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.TaskName != "mnn_llm_pn_sweep_step-p64-n32_dyo78" || f.Taskset != "taskset -c 1" ||
		f.OutputDir != "results/mnn_llm_pn_sweep_step-p64-n32_dyo78" || f.Timeout != 600*time.Second {
		t.Errorf("top level: task %q taskset %q output_dir %q timeout %v", f.TaskName, f.Taskset, f.OutputDir, f.Timeout)
	}
	if !strings.HasPrefix(f.Description, "单线程（t=1）") {
		t.Errorf("description %q", f.Description)
	}
	knobs := map[string]string{}
	for _, k := range f.Knobs {
		knobs[k.Name] = k.Value
	}
	// Every fixed knob reaches the cases, under the name the file gives it
	// (the old runner read n_repeat and variable_prompt and dropped these).
	want := map[string]string{"threads": "1", "repeat": "3", "precision": "2", "vp": "1", "kv_cache": "false", "mmap": "0"}
	if d := cmp.Diff(want, knobs); d != "" {
		t.Errorf("global knobs (-want +got):\n%s", d)
	}
	if len(f.Models) != 2 || f.Models[0].Name != "qwen2_5_0_5b" || f.Models[1].Name != "smolvlm2_256m" {
		t.Errorf("models %v", f.Models)
	}
	cases := f.Cases()
	// 2 models × 2 dyo × 16 n_prompt (64…1024 step 64) × 4 n_gen (32…128).
	if len(cases) != 256 {
		t.Fatalf("%d cases, want 256", len(cases))
	}
	c := cases[0]
	if c.Model != "qwen2_5_0_5b" || c.Name() != "dynamicOption=7,n_prompt=64,n_gen=32" || c.Knobs["mmap"] != "0" || c.Knobs["repeat"] != "3" {
		t.Errorf("first case: %s %s %v", c.Model, c.Name(), c.Knobs)
	}
	if c := cases[127]; c.Model != "qwen2_5_0_5b" || c.Name() != "dynamicOption=8,n_prompt=1024,n_gen=128" {
		t.Errorf("case 127: %s %s", c.Model, c.Name())
	}
	if c := cases[4]; c.Name() != "dynamicOption=7,n_prompt=128,n_gen=32" {
		t.Errorf("case 4: %s (the last variable varies fastest)", c.Name())
	}
	if f.KnobLine("n_prompt") != 28 || f.KnobLine("repeat") != 13 {
		t.Errorf("lines: n_prompt %d repeat %d, want 28 and 13", f.KnobLine("n_prompt"), f.KnobLine("repeat"))
	}

	models, err := ReadModels(f.FindModels(""))
	if err != nil {
		t.Fatal(err)
	}
	p, mapped := models.Resolve("qwen2_5_0_5b", f.Dir)
	if !mapped || p != "/home/phyer/mnn-tst/models/Qwen2.5-0.5B/config.json" {
		t.Errorf("qwen2_5_0_5b → %q (mapped %v)", p, mapped)
	}
	if p, mapped := models.Resolve("m/x.gguf", "/d"); mapped || p != "/d/m/x.gguf" {
		t.Errorf("unmapped path → %q (mapped %v)", p, mapped)
	}
	sys, err := f.ReadSystem()
	if err != nil {
		t.Fatal(err)
	}
	if sys.Binary != "~/mnn-tst/phy_mnn/build/llm_bench_prompt" || sys.Timeout != 300*time.Second {
		t.Errorf("system.toml: %+v", sys)
	}
}

const good = `task_name: t
global_config:
  threads: 4
  models: [a, b.gguf]
  timeout: 90s
benchmark_suits:
  - suit_name: s1
    variables:
      - name: dynamicOption
        values: [7, 8]
      - name: n_prompt
        start: 64
        end: 191
        step: 64
    fixed_params:
      threads: 2
  - suit_name: s2
    fixed_params: {precision: 1}
sweepstat:
  engine: llama-bench
  rounds: 5
  order: random
  cooldown: 2.5
  warmup: 1
  retries: 2
  seed: 42
  option: dynamicOption
  remote: true
  max_rounds: 9
  budget: 1h
`

func TestParse(t *testing.T) {
	f, err := Parse("dir/s.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	seed := int64(42)
	remote := true
	want := Settings{Engine: "llama-bench", Rounds: 5, Order: "random", Cooldown: 2500 * time.Millisecond,
		Warmup: 1, Retries: 2, Seed: &seed, Option: "dynamicOption", Remote: &remote, MaxRounds: 9, Budget: time.Hour}
	if d := cmp.Diff(want, f.Settings); d != "" {
		t.Errorf("settings (-want +got):\n%s", d)
	}
	if f.Timeout != 90*time.Second || f.Dir != "dir" {
		t.Errorf("timeout %v dir %q", f.Timeout, f.Dir)
	}
	var got []string
	for _, c := range f.Cases() {
		got = append(got, c.Model+" "+c.Suite+" "+c.Name()+" threads="+c.Knobs["threads"]+" precision="+c.Knobs["precision"])
	}
	wantCases := []string{
		"a s1 dynamicOption=7,n_prompt=64 threads=2 precision=",
		"a s1 dynamicOption=7,n_prompt=128 threads=2 precision=",
		"a s1 dynamicOption=8,n_prompt=64 threads=2 precision=",
		"a s1 dynamicOption=8,n_prompt=128 threads=2 precision=",
		"a s2 fixed threads=4 precision=1",
		"b.gguf s1 dynamicOption=7,n_prompt=64 threads=2 precision=",
		"b.gguf s1 dynamicOption=7,n_prompt=128 threads=2 precision=",
		"b.gguf s1 dynamicOption=8,n_prompt=64 threads=2 precision=",
		"b.gguf s1 dynamicOption=8,n_prompt=128 threads=2 precision=",
		"b.gguf s2 fixed threads=4 precision=1",
	}
	if d := cmp.Diff(wantCases, got); d != "" {
		t.Errorf("cases (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"threads", "dynamicOption", "n_prompt", "precision"}, f.KnobNames()); d != "" {
		t.Errorf("knob names (-want +got):\n%s", d)
	}
}

// TestErrors checks that each mistake is reported at its line, naming the
// key or value.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"unknown top key", "task_name: t\nrepeats: 3\n", "s.yaml:2: unknown key \"repeats\" in the sweep file"},
		{"unknown suite key", strings.Replace(good, "    fixed_params:\n      threads: 2", "    fixed_param:\n      threads: 2", 1), "s.yaml:15: unknown key \"fixed_param\" in a suite"},
		{"unknown variable key", strings.Replace(good, "step: 64", "stride: 64", 1), "s.yaml:14: unknown key \"stride\" in a variable"},
		{"unknown sweepstat key", strings.Replace(good, "  warmup: 1", "  warmups: 1", 1), "s.yaml:24: unknown key \"warmups\" in sweepstat"},
		{"missing step", strings.Replace(good, "        step: 64\n", "", 1), "s.yaml:11: variable \"n_prompt\": step is missing"},
		{"bad step", strings.Replace(good, "step: 64", "step: 0", 1), "s.yaml:14: variable \"n_prompt\": step 0"},
		{"end below start", strings.Replace(good, "end: 191", "end: 10", 1), "s.yaml:13: variable \"n_prompt\": end 10 is below start 64"},
		{"values and range", strings.Replace(good, "        values: [7, 8]", "        values: [7, 8]\n        start: 1", 1), "s.yaml:9: variable \"dynamicOption\": give values or start/end/step"},
		{"duplicate value", strings.Replace(good, "[7, 8]", "[7, 7]", 1), "s.yaml:10: variable \"dynamicOption\": value \"7\" listed twice"},
		{"duplicate key", strings.Replace(good, "  threads: 4\n", "  threads: 4\n  threads: 5\n", 1), "s.yaml:4: global_config: key \"threads\" given twice (first on line 3)"},
		{"list knob", strings.Replace(good, "  threads: 4\n", "  threads: [1, 2]\n", 1), "s.yaml:3: global_config threads: want a single value"},
		{"bad order", strings.Replace(good, "order: random", "order: abba", 1), "s.yaml:22: sweepstat order: \"abba\""},
		{"bad engine", strings.Replace(good, "engine: llama-bench", "engine: vllm", 1), "s.yaml:20: sweepstat engine: \"vllm\""},
		{"bad rounds", strings.Replace(good, "rounds: 5", "rounds: 0", 1), "s.yaml:21: sweepstat rounds: \"0\" is not an integer ≥ 1"},
		{"bad timeout", strings.Replace(good, "timeout: 90s", "timeout: soon", 1), "s.yaml:5: global_config timeout: \"soon\""},
		{"no models", strings.Replace(good, "  models: [a, b.gguf]\n", "", 1), "global_config.models is missing"},
		{"no task", strings.Replace(good, "task_name: t\n", "", 1), "task_name is missing"},
		{"duplicate suite", strings.Replace(good, "suit_name: s2", "suit_name: s1", 1), "s.yaml:17: suite \"s1\" defined twice (first on line 7)"},
		{"variable and fixed", strings.Replace(good, "      threads: 2", "      n_prompt: 2", 1), "s.yaml:16: suite \"s1\": \"n_prompt\" is both a variable (line 11)"},
		{"syntax", "task_name: t\nglobal_config: [\n", "s.yaml:"},
		{"not a mapping", "- a\n- b\n", "s.yaml:1: sweep file: want a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tc.text))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
		})
	}
}

func TestFindModels(t *testing.T) {
	dir := t.TempDir()
	f := &File{Dir: dir}
	if got := f.FindModels(""); got != "" {
		t.Errorf("no models.toml: %q", got)
	}
	p := filepath.Join(dir, "models.toml")
	os.WriteFile(p, []byte("[model_mapping]\nm = \"rel/config.json\"\n"), 0o644)
	if got := f.FindModels(""); got != p {
		t.Errorf("beside: %q, want %q", got, p)
	}
	if got := f.FindModels("x.toml"); got != "x.toml" {
		t.Errorf("explicit: %q", got)
	}
	m, err := ReadModels(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Resolve("m", "/elsewhere"); got != filepath.Join(dir, "rel/config.json") {
		t.Errorf("relative mapping → %q", got)
	}
	os.WriteFile(p, []byte("[model_mapping]\nm = 3\n"), 0o644)
	if _, err := ReadModels(p); err == nil || !strings.Contains(err.Error(), "model_mapping m") {
		t.Errorf("non-string mapping: %v", err)
	}
	os.WriteFile(p, []byte("[model_mapping\n"), 0o644)
	if _, err := ReadModels(p); err == nil || !strings.Contains(err.Error(), "models.toml:") {
		t.Errorf("syntax error: %v", err)
	}
}
