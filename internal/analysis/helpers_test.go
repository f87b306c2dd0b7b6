package analysis_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// opt is the compared option of the test tasks; its values are "0" (base)
// and "1" (new).
const opt = "dynamicOption"

// rec returns a record of model and phase with the given mean and knobs
// ("k=v" pairs, the option among them). Its Std is 1% of the mean over 5
// repetitions; Where says which record it is.
func rec(model, phase, size string, mean float64, knobs ...string) sweep.Record {
	m := map[string]string{}
	for _, kv := range knobs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			panic("rec: knob without '=': " + kv)
		}
		m[k] = v
	}
	return sweep.Record{
		Test: &sweep.Test{Phase: phase, Size: size, Unit: "tokens/sec"},
		Case: &sweep.Case{Origin: &sweep.Origin{Task: "t", Model: model}, Knobs: m},

		Mean: mean, Std: mean / 100, Reps: 5,
		Where: fmt.Sprintf("%s %s %s %v", model, phase, size, knobs),
	}
}

// selectAll selects recs of a new task, comparing opt=0 with opt=1, as the
// report does.
func selectAll(t *testing.T, recs []sweep.Record) *sweep.Selection {
	t.Helper()
	task := &sweep.Task{ID: 1, Name: "test", Records: recs}
	sel, err := sweep.Select(task, opt, "0", "1", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

func build(t *testing.T, sel *sweep.Selection, cfg analysis.Config) *analysis.Analysis {
	t.Helper()
	a, err := analysis.Build(sel, "test", false, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// row returns the row of model, phase and label, failing the test when
// there is not exactly one.
func row(t *testing.T, a *analysis.Analysis, model, phase, label string) *analysis.Row {
	t.Helper()
	var found *analysis.Row
	for i := range a.Sig.Rows {
		r := &a.Sig.Rows[i]
		if r.Key.Model == model && r.Key.Phase == phase && r.Label == label {
			if found != nil {
				t.Fatalf("two rows %s %s %q", model, phase, label)
			}
			found = r
		}
	}
	if found == nil {
		var have []string
		for _, r := range a.Sig.Rows {
			have = append(have, fmt.Sprintf("%s/%s/%q", r.Key.Model, r.Key.Phase, r.Label))
		}
		t.Fatalf("no row %s %s %q; rows: %v", model, phase, label, have)
	}
	return found
}

func sorted(xs []float64) []float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// sampleStd is the standard deviation with the n-1 denominator.
func sampleStd(xs []float64) float64 {
	m := mean(xs)
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

func medianOf(xs []float64) float64 {
	s := sorted(xs)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func close(a, b, rel float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// sweepShape describes a simulated sweep: models × (4 pp sizes, 4 tg
// sizes), inv invocations per side, each invocation's mean drawn with a
// relative noise sd; effect[model/phase] multiplies the new side's true
// speed.
type sweepShape struct {
	models []string
	inv    int
	noise  float64
	effect map[string]float64
	seed   uint64
}

var (
	ppSizes = []string{"64", "128", "256", "512"}
	tgSizes = []string{"16", "32", "64", "128"}
)

// records simulates the sweep. Invocations alternate between the two
// values (base, new, base, new, …), with an hourly timestamp, so the
// design is interleaved.
func (s sweepShape) records() []sweep.Record {
	rng := rand.New(rand.NewPCG(s.seed, 0x5eed))
	var out []sweep.Record
	hour := 0
	for _, m := range s.models {
		for i := 0; i < s.inv; i++ {
			for _, v := range []string{"0", "1"} {
				for _, ph := range []string{sweep.PhasePrefill, sweep.PhaseDecode} {
					sizes, base := ppSizes, 500.0
					if ph == sweep.PhaseDecode {
						sizes, base = tgSizes, 20.0
					}
					for j, size := range sizes {
						truth := base * (1 - 0.05*float64(j))
						if e, ok := s.effect[m+"/"+ph]; ok && v == "1" {
							truth *= e
						}
						x := truth * (1 + s.noise*rng.NormFloat64())
						knobs := []string{opt + "=" + v, "n_prompt=" + size, "n_gen=" + size}
						if ph == sweep.PhasePrefill {
							knobs[2] = "n_gen=16"
						} else {
							knobs[1] = "n_prompt=64"
						}
						r := rec(m, ph, size, x, knobs...)
						r.Time = fmt.Sprintf("2025-01-01 hour %04d", hour) // sorts as text
						out = append(out, r)
					}
				}
				hour++
			}
		}
	}
	return out
}
