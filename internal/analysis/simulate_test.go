package analysis_test

import (
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// A real 20% slowdown of one model's tg, measured in 3 invocations per
// side at 1% noise, must read as a regression: the U-test cannot go below
// p = 0.10 at 3 vs 3, so these rows use Welch's t-test (DESIGN.md,
// "Statistics"). Nothing else may light up.
//
// The data are simulated with seed 1 (sweepShape.records); t ≈ 0.2/(0.01·√(2/3))
// ≈ 24 on ≈ 4 df, so the regression rows have p ≈ 1e-5 for any seed; the
// absence of false alarms among the 12 null rows is checked for seed 1.
func TestRegressionSmallN(t *testing.T) {
	s := sweepShape{models: []string{"a", "b"}, inv: 3, noise: 0.01, seed: 1,
		effect: map[string]float64{"a/tg": 0.8}}
	for _, corr := range []stats.Correction{stats.CorrectionHolm, stats.CorrectionBH} {
		a := build(t, selectAll(t, s.records()), analysis.WithCorrection(corr))
		if len(a.Sig.Rows) != 16 {
			t.Fatalf("%d rows, want 16", len(a.Sig.Rows))
		}
		for _, r := range a.Sig.Rows {
			want := stats.Inconclusive
			if r.Key.Model == "a" && r.Key.Phase == "tg" {
				want = stats.Regression
				if r.Cmp.Test != "Welch t-test" {
					t.Errorf("%s: a tg %s: test %q, want Welch t-test", corr, r.Label, r.Cmp.Test)
				}
				if r.Cmp.Base.N != 3 || r.Cmp.New.N != 3 {
					t.Errorf("%s: a tg %s: %d vs %d samples, want 3 vs 3", corr, r.Label, r.Cmp.Base.N, r.Cmp.New.N)
				}
				if !close(r.Cmp.Delta, -0.2, 0.1) {
					t.Errorf("%s: a tg %s: delta %v, want ≈ -0.2", corr, r.Label, r.Cmp.Delta)
				}
			}
			if got := r.Verdict; (want == stats.Regression) != (got == stats.Regression) || got == stats.Improvement {
				t.Errorf("%s: %s %s %s: verdict %q (p %.3g, PAdj %.3g), want %q",
					corr, r.Key.Model, r.Key.Phase, r.Label, got, r.Cmp.P, r.PAdj, want)
			}
		}
	}
}

// An A/A sweep of the same shape (no effect anywhere) must not light up:
// no row and no aggregate is an improvement or a regression, under either
// correction. The data are simulated with seed 2. Over seeds 1–300, 2% of
// such sweeps flag a row and 6% an aggregate after correction (46% flag a
// row without one), so another seed may legitimately flag something: this
// test pins seed 2.
func TestAAQuiet(t *testing.T) {
	s := sweepShape{models: []string{"a", "b"}, inv: 3, noise: 0.01, seed: 2}
	for _, corr := range []stats.Correction{stats.CorrectionHolm, stats.CorrectionBH} {
		a := build(t, selectAll(t, s.records()), analysis.WithCorrection(corr))
		if len(a.Sig.Rows) != 16 || len(a.Sig.Aggregates) != 4 {
			t.Fatalf("%d rows, %d aggregates; want 16, 4", len(a.Sig.Rows), len(a.Sig.Aggregates))
		}
		for _, r := range a.Sig.Rows {
			if r.Verdict == stats.Improvement || r.Verdict == stats.Regression {
				t.Errorf("%s: A/A row %s %s %s: %q (p %.3g, PAdj %.3g)", corr, r.Key.Model, r.Key.Phase, r.Label, r.Verdict, r.Cmp.P, r.PAdj)
			}
		}
		for _, g := range a.Sig.Aggregates {
			if g.Verdict == stats.Improvement || g.Verdict == stats.Regression {
				t.Errorf("%s: A/A aggregate %s %s: %q (geomean %v, PAdj %.3g)", corr, g.Model, g.Phase, g.Verdict, g.Res.GeoMean, g.PAdj)
			}
		}
	}
}
