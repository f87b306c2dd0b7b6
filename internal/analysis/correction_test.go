package analysis_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// graded is a tg sweep of one model with one benchmark per effect, three
// invocations per side with a fixed ±0.5% pattern, plus one benchmark
// measured once on the base side (untestable: P is NaN).
func graded(effects []float64) []sweep.Record {
	pattern := []float64{-0.005, 0.002, 0.004}
	var recs []sweep.Record
	for i, e := range effects {
		size := fmt.Sprint(16 << i)
		for _, d := range pattern {
			recs = append(recs,
				rec("m", sweep.PhaseDecode, size, 20*(1+d), "dynamicOption=0", "n_gen="+size),
				rec("m", sweep.PhaseDecode, size, 20*e*(1-d), "dynamicOption=1", "n_gen="+size))
		}
	}
	recs = append(recs,
		rec("m", sweep.PhaseDecode, "7", 20, "dynamicOption=0", "n_gen=7"),
		rec("m", sweep.PhaseDecode, "7", 22, "dynamicOption=1", "n_gen=7"),
		rec("m", sweep.PhaseDecode, "7", 22.1, "dynamicOption=1", "n_gen=7"))
	return recs
}

func TestCorrections(t *testing.T) {
	sel := selectAll(t, graded([]float64{1, 1.003, 1.006, 1.01, 1.02, 1.05, 0.9}))
	var raw []float64
	for _, c := range []struct {
		corr   stats.Correction
		adjust func([]float64) []float64
	}{
		{stats.CorrectionNone, func(p []float64) []float64 { return append([]float64(nil), p...) }},
		{stats.CorrectionHolm, stats.Holm},
		{stats.CorrectionBH, stats.BenjaminiHochberg},
	} {
		t.Run(c.corr.String(), func(t *testing.T) {
			a := build(t, sel, analysis.WithCorrection(c.corr))
			if len(a.Sig.Rows) != 8 {
				t.Fatalf("%d rows, want 8", len(a.Sig.Rows))
			}
			ps := make([]float64, len(a.Sig.Rows))
			var adj []float64
			for i, r := range a.Sig.Rows {
				ps[i] = r.Cmp.P
				adj = append(adj, r.PAdj)
			}
			if raw == nil {
				raw = ps
			} else if diff := cmp.Diff(raw, ps, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("raw p depends on the correction (-none +%s):\n%s", c.corr, diff)
			}
			if diff := cmp.Diff(c.adjust(ps), adj, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("PAdj (-want +got):\n%s", diff)
			}
			for _, r := range a.Sig.Rows {
				want, _ := stats.Decide(stats.Decision{Delta: r.Cmp.Delta, PAdj: r.PAdj, Alpha: 0.05, Better: r.Better,
					Equivalent: r.Equiv.Equivalent, Identical: r.Identical,
					OneInvocation: r.Kind == analysis.SamplesRepetitions || r.Kind == analysis.SamplesSummary})
				if r.Verdict != want {
					t.Errorf("%s: verdict %q, want %q (delta %v, PAdj %v)", r.Label, r.Verdict, want, r.Cmp.Delta, r.PAdj)
				}
			}
			if c.corr != stats.CorrectionNone && cmp.Equal(ps, adj, cmpopts.EquateNaNs()) {
				t.Errorf("%s changed no p-value: the data cannot tell the corrections apart", c.corr)
			}
		})
	}
	// Holm and BH must not agree on these p-values, or the subtests above
	// could not tell one from the other.
	h := stats.Holm(raw)
	b := stats.BenjaminiHochberg(raw)
	if cmp.Equal(h, b, cmpopts.EquateNaNs()) {
		t.Fatalf("Holm and BH agree on %v", raw)
	}
}

// The zero Config corrects with Holm, as stats.Correction's zero value and
// compare.Spec ("holm (or empty)") say.
//
// analysis.Config's doc comment says the zero value uses
// Benjamini-Hochberg; that sentence is wrong (see the report).
func TestZeroConfigIsHolm(t *testing.T) {
	sel := selectAll(t, graded([]float64{1, 1.003, 1.006, 1.01, 1.02, 1.05, 0.9}))
	a := build(t, sel, analysis.DefaultConfig())
	ps := make([]float64, len(a.Sig.Rows))
	adj := make([]float64, len(a.Sig.Rows))
	for i, r := range a.Sig.Rows {
		ps[i], adj[i] = r.Cmp.P, r.PAdj
	}
	if diff := cmp.Diff(stats.Holm(ps), adj, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("PAdj of the zero Config (-Holm +got):\n%s", diff)
	}
}

// Aggregates: one per model × phase with rows, ordered by model then
// phase; the geometric mean of the rows' ratios; verdict counts.
func TestAggregates(t *testing.T) {
	s := sweepShape{models: []string{"b", "a"}, inv: 3, noise: 0.01, seed: 7,
		effect: map[string]float64{"a/tg": 0.8, "b/pp": 1.03}}
	recs := s.records()
	// Model c has pp only, and its only benchmark is new-only: no row, so
	// no aggregate.
	recs = append(recs,
		rec("c", sweep.PhasePrefill, "64", 100, "dynamicOption=1", "n_prompt=64"),
		rec("c", sweep.PhaseDecode, "16", 10, "dynamicOption=0", "n_gen=16"),
		rec("c", sweep.PhaseDecode, "16", 10.5, "dynamicOption=1", "n_gen=16"))
	a := build(t, selectAll(t, recs), analysis.WithCorrection(stats.CorrectionBH))

	type key struct{ model, phase string }
	var order []key
	for _, g := range a.Sig.Aggregates {
		order = append(order, key{g.Model, g.Phase})
	}
	wantOrder := []key{{"a", "pp"}, {"a", "tg"}, {"b", "pp"}, {"b", "tg"}, {"c", "tg"}}
	if diff := cmp.Diff(wantOrder, order, cmp.AllowUnexported(key{})); diff != "" {
		t.Fatalf("aggregates (-want +got):\n%s", diff)
	}
	for _, g := range a.Sig.Aggregates {
		var logs []float64
		var n, imp, reg, eq int
		for _, r := range a.Sig.Rows {
			if r.Key.Model != g.Model || r.Key.Phase != g.Phase {
				continue
			}
			n++
			// Center of a 3-vs-3 Welch row: the mean. Model c's row is
			// a summary row (one invocation per side, mean ± std): its
			// ratio is 10.5/10.
			if g.Model == "c" {
				logs = append(logs, math.Log(10.5/10))
			} else {
				logs = append(logs, math.Log(mean(r.New)/mean(r.Base)))
			}
			switch r.Verdict {
			case stats.Improvement:
				imp++
			case stats.Regression:
				reg++
			case stats.Equivalent:
				eq++
			}
		}
		name := g.Model + " " + g.Phase
		if want := math.Exp(mean(logs)); !close(g.Res.GeoMean, want, 1e-12) {
			t.Errorf("%s: GeoMean %v, want exp(mean log ratio) = %v", name, g.Res.GeoMean, want)
		}
		if g.Rows != n || g.Improved != imp || g.Regressed != reg || g.Equivalent != eq {
			t.Errorf("%s: rows/improved/regressed/equivalent = %d/%d/%d/%d, want %d/%d/%d/%d",
				name, g.Rows, g.Improved, g.Regressed, g.Equivalent, n, imp, reg, eq)
		}
		if g.Res.N != len(logs) {
			t.Errorf("%s: N %d, want %d", name, g.Res.N, len(logs))
		}
	}
	ag := a.Aggregate("a", "tg")
	if ag == nil || ag.Regressed != 4 || ag.Verdict != stats.Regression || !close(ag.Res.GeoMean, 0.8, 0.02) {
		t.Errorf("a tg aggregate %+v; want 4 regressions, geomean ≈ 0.8, verdict regression", ag)
	}
	if g := a.Aggregate("b", "pp"); g == nil || !close(g.Res.GeoMean, 1.03, 0.01) {
		t.Errorf("b pp aggregate %+v; want geomean ≈ 1.03", g)
	}
	if a.Aggregate("c", "pp") != nil {
		t.Errorf("aggregate for c pp, which has no rows")
	}
}
