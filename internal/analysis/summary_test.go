package analysis_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Summary and Diff against a hand calculation.
func TestSummaryDiff(t *testing.T) {
	pp, tg := sweep.PhasePrefill, sweep.PhaseDecode
	mk := func(phase, size, v string, mean, std float64, np, ng string) sweep.Record {
		r := rec("m", phase, size, mean, "dynamicOption="+v, "n_prompt="+np, "n_gen="+ng)
		r.Std = std
		return r
	}
	recs := []sweep.Record{
		// tg base: means 10, 12, 14 (mean 12, sample std 2); CVs 1%, 2%, 5%.
		mk(tg, "16", "0", 10, 0.1, "64", "16"),
		mk(tg, "32", "0", 12, 0.24, "64", "32"),
		mk(tg, "64", "0", 14, 0.7, "128", "64"),
		// tg new: means 15, 17 (mean 16, sample std √2); CVs 2%, 1%.
		mk(tg, "16", "1", 15, 0.3, "64", "16"),
		mk(tg, "32", "1", 17, 0.17, "64", "32"),
		// pp base only: a summary but no diff.
		mk(pp, "64", "0", 500, 5, "64", "16"),
	}
	a := build(t, selectAll(t, recs), analysis.DefaultConfig())

	wantCounts := []analysis.Count{
		{Value: "0", Model: "m", Phase: pp, N: 1},
		{Value: "0", Model: "m", Phase: tg, N: 3},
		{Value: "1", Model: "m", Phase: tg, N: 2},
	}
	if diff := cmp.Diff(wantCounts, a.Counts); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
	if a.Prompt != (analysis.Range{Min: 64, Max: 128, Valid: true}) || a.Gen != (analysis.Range{Min: 16, Max: 64, Valid: true}) {
		t.Errorf("Prompt, Gen = %+v, %+v; want 64-128, 16-64", a.Prompt, a.Gen)
	}
	if got := a.Prompt.String(); got != "64 - 128" {
		t.Errorf("Prompt.String() = %q, want \"64 - 128\"", got)
	}
	if len(a.Summary) != 3 || len(a.Diffs) != 1 {
		t.Fatalf("%d summaries, %d diffs; want 3, 1", len(a.Summary), len(a.Diffs))
	}
	d := a.Diffs[0]
	if d.Phase != tg || d.Model != "m" || d.Base == nil || d.New == nil {
		t.Fatalf("diff %+v; want m tg with both sides", d)
	}
	b, n := d.Base, d.New
	if b.Value != "0" || n.Value != "1" {
		t.Errorf("diff sides are values %q, %q; want 0, 1", b.Value, n.Value)
	}
	check := func(what string, got, want float64) {
		t.Helper()
		if !close(got, want, 1e-12) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	if b.Speed.N != 3 || n.Speed.N != 2 {
		t.Errorf("N = %d, %d; want 3, 2", b.Speed.N, n.Speed.N)
	}
	check("base mean", b.Speed.Mean, 12)
	check("base std", b.Speed.Std, 2)
	check("base min", b.Speed.Min, 10)
	check("base max", b.Speed.Max, 14)
	check("new mean", n.Speed.Mean, 16)
	check("new std", n.Speed.Std, math.Sqrt2)
	check("base CV mean", b.CVMean, 8.0/3)
	check("base CV max", b.CVMax, 5)
	check("base CV min", b.CVMin, 1)
	check("new CV mean", n.CVMean, 1.5)
	check("SpeedDiff", d.SpeedDiff, 4)
	check("SpeedPct", d.SpeedPct, 100.0/3)
	check("CVDiff", d.CVDiff, 1.5-8.0/3)
	if d.NDiff != -1 {
		t.Errorf("NDiff = %d, want -1", d.NDiff)
	}
	if b.Unit != "tokens/sec" {
		t.Errorf("Unit %q", b.Unit)
	}
	if b.Prompt != (analysis.Range{Min: 64, Max: 128, Valid: true}) || n.Gen != (analysis.Range{Min: 16, Max: 32, Valid: true}) {
		t.Errorf("base prompt %+v, new gen %+v; want 64-128, 16-32", b.Prompt, n.Gen)
	}
	// The pp summary has one record: its std is NaN, as pandas prints it.
	var ppSum *analysis.Summary
	for i := range a.Summary {
		if a.Summary[i].Phase == pp {
			ppSum = &a.Summary[i]
		}
	}
	if ppSum == nil || ppSum.Speed.N != 1 || ppSum.Speed.Mean != 500 || !math.IsNaN(ppSum.Speed.Std) {
		t.Errorf("pp summary %+v; want N 1, mean 500, std NaN", ppSum)
	}
}
