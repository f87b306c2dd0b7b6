package sweepfile

import "strings"

// A Case is one combination of knob values: one model, one suite, one value
// of each of the suite's variables.
type Case struct {
	// Model is the model as global_config.models names it (an alias or a
	// path); Suite is the suite's name.
	Model, Suite string
	// Knobs holds every knob of the case: global_config, overridden by
	// fixed_params, overridden by the variables. The caller owns the map.
	Knobs map[string]string
	// Vars are the suite's variable names, in file order.
	Vars []string
	// Index is the case's position in the old runner's order (model, then
	// suite, then the product of the variables with the last varying
	// fastest), from 0.
	Index int
}

// Name names the case by its variables in file order:
// "dynamicOption=7,n_prompt=64,n_gen=32" ("fixed" for a suite without
// variables). It is unique within a model and suite.
func (c *Case) Name() string {
	if len(c.Vars) == 0 {
		return "fixed"
	}
	var b strings.Builder
	for i, v := range c.Vars {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(v)
		b.WriteByte('=')
		b.WriteString(c.Knobs[v])
	}
	return b.String()
}

// Cases expands the file into its cases, in the old runner's order:
// models × suites × the Cartesian product of each suite's variables, the
// first variable outermost.
func (f *File) Cases() []Case {
	var out []Case
	for _, m := range f.Models {
		for si := range f.Suites {
			s := &f.Suites[si]
			base := map[string]string{}
			for _, k := range f.Knobs {
				base[k.Name] = k.Value
			}
			for _, k := range s.Fixed {
				base[k.Name] = k.Value
			}
			var names []string
			for _, v := range s.Variables {
				names = append(names, v.Name)
			}
			idx := make([]int, len(s.Variables))
			for {
				knobs := make(map[string]string, len(base)+len(idx))
				for k, v := range base {
					knobs[k] = v
				}
				for i, v := range s.Variables {
					knobs[v.Name] = v.Values[idx[i]]
				}
				out = append(out, Case{Model: m.Name, Suite: s.Name, Knobs: knobs, Vars: names, Index: len(out)})
				// Advance the odometer, last variable fastest.
				i := len(idx) - 1
				for ; i >= 0; i-- {
					idx[i]++
					if idx[i] < len(s.Variables[i].Values) {
						break
					}
					idx[i] = 0
				}
				if i < 0 {
					break
				}
			}
		}
	}
	return out
}

// KnobLine returns the line of the first place the file sets knob k
// (global_config, fixed_params or a variable), or 0.
func (f *File) KnobLine(k string) int {
	for _, kn := range f.Knobs {
		if kn.Name == k {
			return kn.Line
		}
	}
	for _, s := range f.Suites {
		for _, kn := range s.Fixed {
			if kn.Name == k {
				return kn.Line
			}
		}
		for _, v := range s.Variables {
			if v.Name == k {
				return v.Line
			}
		}
	}
	return 0
}

// KnobNames returns every knob any case sets, in order of first
// appearance in the file (global_config, then each suite's variables and
// fixed_params).
func (f *File) KnobNames() []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, k := range f.Knobs {
		add(k.Name)
	}
	for _, s := range f.Suites {
		for _, v := range s.Variables {
			add(v.Name)
		}
		for _, k := range s.Fixed {
			add(k.Name)
		}
	}
	return out
}
