package llmbench

import (
	"testing"
)

// TestFlagFor checks the knob → flag direction against the facts of
// llm_bench's usage text (ENGINES.md), independently of the table.
func TestFlagFor(t *testing.T) {
	for knob, want := range map[string]string{
		"model_path":            "-m",
		"backend":               "-a",
		"precision":             "-c",
		"threads":               "-t",
		"n_prompt":              "-p",
		"n_gen":                 "-n",
		"prompt_gen":            "-pg",
		"mmap":                  "-mmp",
		"repeat":                "-rep",
		"n_repeat":              "-rep",
		"kv_cache":              "-kv",
		"loading_time":          "-load",
		"dynamicOption":         "-dyo",
		"divisionRatioSme2Neon": "-mr",
		"smeCoreNum":            "-scn",
		"quantAttention":        "-qatten",
		"memory":                "--memory",
		"power":                 "--power",
		"vp":                    "-vp",
		"variable_prompt":       "-vp",
		"verbose":               "-v",
		"prompt_file":           "-pf",
		"image_file":            "-ipf",
	} {
		got, ok := FlagFor(knob)
		if !ok || got != want {
			t.Errorf("FlagFor(%q) = %q, %v; want %q, true", knob, got, ok, want)
		}
	}
	for _, knob := range []string{"", "flash_attn", "n_threads", "file_print", "Threads", "model"} {
		if got, ok := FlagFor(knob); ok {
			t.Errorf("FlagFor(%q) = %q, true; want no flag", knob, got)
		}
	}
}

// TestFlagForRoundTrip checks that every knob the command parser knows
// comes back from its own flag: FlagFor and KnobsFromCommand share one table.
func TestFlagForRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, spec := range flags() {
		if spec.knob == "" || seen[spec.knob] {
			continue
		}
		seen[spec.knob] = true
		flag, ok := FlagFor(spec.knob)
		if !ok {
			t.Errorf("FlagFor(%q): no flag", spec.knob)
			continue
		}
		got, err := KnobsFromCommand("llm_bench " + flag + " 7")
		if err != nil || len(got) != 1 || got[spec.knob] != "7" {
			t.Errorf("KnobsFromCommand(llm_bench %s 7) = %v, %v; want %s=7", flag, got, err, spec.knob)
		}
	}
	if len(seen) < 20 {
		t.Errorf("only %d knobs in the flag table", len(seen))
	}
}

func TestCanonicalKnob(t *testing.T) {
	for in, want := range map[string]string{"n_repeat": "repeat", "variable_prompt": "vp", "vp": "vp", "threads": "threads", "": ""} {
		if got := CanonicalKnob(in); got != want {
			t.Errorf("CanonicalKnob(%q) = %q, want %q", in, got, want)
		}
	}
}
