package llmbench

import "strings"

// knobAliases are other names of knobs of the flag table: the names that
// mnn_anal's runner reads from its sweep files (n_repeat, variable_prompt)
// where the flag table, after the mnn_anal database, says repeat and vp.
var knobAliases = map[string]string{
	"n_repeat":        "repeat",
	"variable_prompt": "vp",
}

// CanonicalKnob returns the name KnobsFromCommand gives the knob called
// name: "n_repeat" → "repeat", "variable_prompt" → "vp"; any other name is
// returned as it is.
func CanonicalKnob(name string) string {
	if k, ok := knobAliases[name]; ok {
		return k
	}
	return name
}

// FlagFor returns the llm_bench flag that sets knob, read from the same
// table that KnobsFromCommand uses to read command lines back, so that
// KnobsFromCommand("llm_bench " + flag + " v") yields knob = v. The knob
// may be named by an alias (see CanonicalKnob). Of a knob's spellings it
// returns the shortest single-dash one (-t, -dyo, -mmp), or the shortest
// long one when there is none (--memory). ok is false for a knob no flag
// sets; the output flags (-fp, -j) and -h set no knob.
//
// model_path maps to -m, the model flag.
func FlagFor(knob string) (flag string, ok bool) {
	knob = CanonicalKnob(knob)
	if knob == "" {
		return "", false
	}
	for name, spec := range flags() {
		if spec.knob != knob {
			continue
		}
		if flag == "" || betterSpelling(name, flag) {
			flag = name
		}
	}
	return flag, flag != ""
}

// betterSpelling reports whether flag a is preferred to flag b: a single
// dash before a double one, then the shorter, then the lexically smaller
// (so that the choice never depends on map order).
func betterSpelling(a, b string) bool {
	la, lb := strings.HasPrefix(a, "--"), strings.HasPrefix(b, "--")
	switch {
	case la != lb:
		return !la
	case len(a) != len(b):
		return len(a) < len(b)
	}
	return a < b
}
