package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A Spread compares the two kinds of noise of one model × phase: the spread
// between invocations of the same benchmark (the honest unit of
// replication) and the ± printed within one invocation (over its
// repetitions). Both are medians over the benchmarks with at least two
// invocations per side, as a CV in percent.
type Spread struct {
	Model, Phase string
	Between      float64 // median between-invocation CV (%); NaN when no benchmark has 2 invocations
	Within       float64 // median within-invocation CV (%)
	Benchmarks   int     // benchmarks × sides that contributed to Between
}

// Ratio is Between / Within: how many times the run-to-run noise exceeds
// the within-run ±.
func (s Spread) Ratio() float64 { return s.Between / s.Within }

func spreads(sel *sweep.Selection) []Spread {
	type group struct{ recs []*sweep.Record }
	var out []Spread
	for _, m := range sel.Models {
		for _, p := range sel.Phases {
			byKey := map[string]*group{}
			var keys []string
			var within []float64
			for i := range sel.Records {
				r := &sel.Records[i]
				if r.Model != m || r.Phase != p {
					continue
				}
				k := fmt.Sprint(sel.Key(r), "\x00", r.Knobs[sel.Option])
				if byKey[k] == nil {
					byKey[k] = &group{}
					keys = append(keys, k)
				}
				byKey[k].recs = append(byKey[k].recs, r)
				within = append(within, r.CV())
			}
			if len(within) == 0 {
				continue
			}
			var between []float64
			for _, k := range keys {
				g := byKey[k]
				if invocations(g.recs) < 2 {
					continue
				}
				s := stats.Summarize(means(g.recs))
				between = append(between, s.Std/s.Mean*100)
			}
			out = append(out, Spread{Model: m, Phase: p, Between: median(between), Within: median(within), Benchmarks: len(between)})
		}
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// ErrConfounded is wrapped by the warning that all invocations of one
// option value ran before all invocations of the other.
var ErrConfounded = fmt.Errorf("drift over time is confounded with the option")

// designWarnings reports flaws of the experiment's design that no test can
// repair: when, for a model, every invocation of one value ran before every
// invocation of the other, drift over time (thermal state, background load,
// a changed machine) cannot be told from the option's effect.
func designWarnings(sel *sweep.Selection) []error {
	for i := range sel.Records {
		if sel.Records[i].Time == "" {
			return nil // no timestamps: nothing to say
		}
	}
	var warns []error
	for _, m := range sel.Models {
		first, last := map[string]string{}, map[string]string{}
		for i := range sel.Records {
			r := &sel.Records[i]
			if r.Model != m {
				continue
			}
			v := r.Knobs[sel.Option]
			if f, ok := first[v]; !ok || r.Time < f {
				first[v] = r.Time
			}
			if l, ok := last[v]; !ok || r.Time > l {
				last[v] = r.Time
			}
		}
		a, b := sel.Base, sel.New
		if last[b] < first[a] {
			a, b = b, a
		}
		if first[a] == "" || first[b] == "" || !(last[a] < first[b]) {
			continue
		}
		warns = append(warns, fmt.Errorf("%s: all invocations of %s=%s (%s … %s) ran before all of %s=%s (%s … %s): %w; interleave the values or alternate them in rounds",
			m, sel.Option, a, first[a], last[a], sel.Option, b, first[b], last[b], ErrConfounded))
	}
	return warns
}
