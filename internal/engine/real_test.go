package engine

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRealLlamaBench runs the real llama-bench of ../shared on a tiny
// model through the engine: the command it builds runs, its output parses
// with every repetition, and it echoes what was asked (this 2025 build
// prints flash_attn as true/false, not 1/0).
func TestRealLlamaBench(t *testing.T) {
	bin := realLlamaBench(t)
	model := filepath.Join(sharedDir, "engines", "llama-bench", "tiny-e64.gguf")
	e := mustNew(t, LlamaBench, "")
	inv := Invocation{Model: model, ModelName: "tiny-e64", Knobs: map[string]string{
		"n_prompt": "32", "n_gen": "8", "threads": "1", "repeat": "3", "flash_attn": "1", "type_k": "f16",
		"n_batch": "512", "n_ubatch": "256", "mmap": "0", "cpu_strict": "0", "poll": "50", "n_gpu_layers": "0",
		"prio": "0", "delay": "0",
	}}
	help := runArgs(t, []string{bin, "-h"})
	flags, err := e.Flags(sweepKeys(inv.Knobs))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.CheckHelp(string(help), flags); err != nil {
		t.Fatal(err)
	}
	args, err := e.Args(bin, inv)
	if err != nil {
		t.Fatal(err)
	}
	out := runArgs(t, args)
	recs, err := e.Parse(out, inv)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Phase+r.Size)
		if len(r.Samples()) != 3 || r.Reps != 3 || r.Model != "tiny-e64" || r.Knobs["model_filename"] != model || r.Validate() != nil {
			t.Errorf("%s%s: %d samples, reps %d, model %q, knobs %v: %v", r.Phase, r.Size, len(r.Samples()), r.Reps, r.Model, r.Knobs, r.Validate())
		}
	}
	if want := []string{"pp32", "tg8"}; !cmp.Equal(want, got) {
		t.Errorf("records %q, want %q", got, want)
	}
	if m := e.Verify(inv, out); m != nil {
		t.Errorf("Verify = %v, want no mismatches\n%s", m, out)
	}
	// Asked otherwise than it ran, Verify says so.
	inv.Knobs["flash_attn"] = "0"
	inv.Knobs["threads"] = "2"
	want := []*Mismatch{{"flash_attn", "0", "1"}, {"threads", "2", "1"}}
	if diff := cmp.Diff(want, e.Verify(inv, out)); diff != "" {
		t.Errorf("Verify with other knobs (-want +got):\n%s", diff)
	}
}

func sweepKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
