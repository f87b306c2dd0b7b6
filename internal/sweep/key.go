package sweep

// A Key identifies a benchmark: what a sample measures. Records that share a
// Key and an option value are samples of the same benchmark.
type Key struct {
	Model  string
	Phase  string
	Size   string
	Config string // the remaining knobs as "k=v,k=v", in key order
}

// KeyOf returns the benchmark of r when option is compared: every knob but
// option counts, except the sweep dimension the phase does not depend on
// (n_gen for pp, n_prompt for tg).
func KeyOf(r *Record, option string) Key {
	skip := []string{option}
	switch r.Phase {
	case PhasePrefill:
		skip = append(skip, KnobGen)
	case PhaseDecode:
		skip = append(skip, KnobPrompt)
	}
	return Key{Model: r.Model, Phase: r.Phase, Size: r.Size, Config: FormatKnobs(r.Knobs, skip...)}
}

// Less orders keys by model, phase (pp, tg, pp+tg), size (numerically) and config.
func (k Key) Less(o Key) bool {
	if k.Model != o.Model {
		return k.Model < o.Model
	}
	if k.Phase != o.Phase {
		ps := orderPhases([]string{k.Phase, o.Phase})
		return ps[0] == k.Phase
	}
	if k.Size != o.Size {
		return LessValue(k.Size, o.Size)
	}
	return k.Config < o.Config
}

// Extra returns the knobs of r that distinguish its benchmark beyond model,
// phase and size: those that vary in the task, except the compared option
// and the sweep dimensions the phase's size already stands for or does not
// depend on (n_prompt and n_gen for pp and tg). They come as "k=v" in key
// order.
// It only reads s, so it is safe for concurrent use.
func (s *Selection) Extra(r *Record) []string {
	varying := s.varying
	if varying == nil && s.Task != nil { // a Selection not made by Select
		varying = varyingKnobs(s.Task, s.Option)
	}
	var out []string
	for _, k := range SortedKeys(r.Knobs) {
		if !varying[k] || ((r.Phase == PhasePrefill || r.Phase == PhaseDecode) && (k == KnobPrompt || k == KnobGen)) {
			continue
		}
		out = append(out, k+"="+r.Knobs[k])
	}
	return out
}

// varyingKnobs returns the knobs that take two or more values in t, except option.
func varyingKnobs(t *Task, option string) map[string]bool {
	out := map[string]bool{}
	for k, vs := range t.KnobValues() {
		if len(vs) > 1 && k != option {
			out[k] = true
		}
	}
	return out
}
