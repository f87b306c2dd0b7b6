package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

func TestHelpFlags(t *testing.T) {
	help := `usage: ./x [options]
  -h, --help
  -mmp, --mmap <0|1>                        (default: 1)
  --cpu-strict <0|1>                        (default: 0)
  -ot --override-tensor <tensor name pattern>=<buffer type>;...
  -ngl, --n-gpu-layers <n>  first-last ranges (default: -1, see [-x])
`
	want := map[string]bool{
		"-h": true, "--help": true, "-mmp": true, "--mmap": true, "--cpu-strict": true,
		"-ot": true, "--override-tensor": true, "-ngl": true, "--n-gpu-layers": true, "-x": true,
	}
	if diff := cmp.Diff(want, helpFlags(help)); diff != "" {
		t.Errorf("helpFlags (-want +got):\n%s", diff)
	}
	e := mustNew(t, LLMBench, "")
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"-mmp", "-ngl", "--override-tensor"}, ""},
		{[]string{"-mmp", "-m"}, "checking llm_bench help: flag -m is not listed in the help text"},
		{[]string{"-last"}, "checking llm_bench help: flag -last is not listed in the help text"},
	} {
		err := e.CheckHelp(help, tc.flags)
		if got := errText(err); got != tc.want {
			t.Errorf("CheckHelp(%q) = %q, want %q", tc.flags, got, tc.want)
		}
	}
	if err := e.CheckHelp("", []string{"-t"}); errText(err) != "checking llm_bench help: flag -t is not listed: the help text lists no flags at all" {
		t.Errorf("CheckHelp of an empty help = %v", err)
	}
	if err := mustNew(t, Command, "x").CheckHelp("", nil); err != nil {
		t.Errorf("command CheckHelp without flags = %v", err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// checkKnobs runs CheckHelp on the flags of each knob in ok (no error)
// and of each knob in missing (an error naming its flag).
func checkKnobs(t *testing.T, e Engine, help string, ok []string, missing map[string]string) {
	t.Helper()
	flags, err := e.Flags(ok)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.CheckHelp(help, flags); err != nil {
		t.Errorf("CheckHelp(%q): %v", flags, err)
	}
	for _, knob := range sweep.SortedKeys(missing) {
		flags, err := e.Flags([]string{knob})
		if err != nil {
			t.Fatal(err)
		}
		want := "checking " + e.Name() + " help: flag " + missing[knob] + " is not listed in the help text"
		if err := e.CheckHelp(help, flags); errText(err) != want {
			t.Errorf("CheckHelp for knob %s = %v, want %q", knob, err, want)
		}
	}
}

// TestCheckHelpFakeLLMBench checks the flags of the fork's knobs against
// the fake's help, which lists the fork's flags (ENGINES.md): no --memory,
// no -qatten.
func TestCheckHelpFakeLLMBench(t *testing.T) {
	help := runArgs(t, []string{fakeLLMBench, "-h"})
	checkKnobs(t, mustNew(t, LLMBench, ""), string(help),
		[]string{"threads", "precision", "backend", "n_prompt", "n_gen", "prompt_gen", "mmap", "repeat",
			"kv_cache", "loading_time", "dynamicOption", "vp", "verbose", "prompt_file"},
		map[string]string{"memory": "--memory", "quantAttention": "-qatten", "smeCoreNum": "-scn", "image_file": "-ipf"})
}

func TestCheckHelpFakeLlamaBench(t *testing.T) {
	help := runArgs(t, []string{fakeLlamaBench, "-h"})
	var all []string
	for _, k := range llamaKnobs() {
		if k.knob != "load_mode" {
			all = append(all, k.knob)
		}
	}
	checkKnobs(t, mustNew(t, LlamaBench, ""), string(help), all, map[string]string{"load_mode": "-lm"})
}

// TestCheckHelpRealLlamaBench checks against the help of the real
// llama-bench of 2025-02, which lacks the flags added since.
func TestCheckHelpRealLlamaBench(t *testing.T) {
	bin := realLlamaBench(t)
	help := runArgs(t, []string{bin, "-h"})
	checkKnobs(t, mustNew(t, LlamaBench, ""), string(help),
		[]string{"n_prompt", "n_gen", "prompt_gen", "n_batch", "n_ubatch", "type_k", "type_v", "threads", "cpu_mask",
			"cpu_strict", "poll", "n_gpu_layers", "split_mode", "main_gpu", "no_kv_offload", "flash_attn", "mmap",
			"embeddings", "tensor_split", "repeat", "prio", "delay", "numa"},
		map[string]string{
			"n_depth": "-d", "n_cpu_moe": "-ncmoe", "devices": "-dev", "use_direct_io": "-dio", "load_mode": "-lm",
			"tensor_buft_overrides": "-ot", "no_op_offload": "-nopo", "no_host": "--no-host", "fit_target": "-fitt",
			"fit_min_ctx": "-fitc", "no_warmup": "--no-warmup",
		})
}
