package analysis_test

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// With two or more invocations per side the samples are the invocations'
// means; pp benchmarks pool their records over n_gen and tg benchmarks
// over n_prompt (sweep.KeyOf), but not over other knobs.
func TestKindInvocationsPooling(t *testing.T) {
	pp, tg := sweep.PhasePrefill, sweep.PhaseDecode
	recs := []sweep.Record{
		// pp size 64: n_gen differs, still one benchmark.
		rec("m", pp, "64", 100, "dynamicOption=0", "n_prompt=64", "n_gen=16", "threads=4"),
		rec("m", pp, "64", 110, "dynamicOption=1", "n_prompt=64", "n_gen=16", "threads=4"),
		rec("m", pp, "64", 102, "dynamicOption=0", "n_prompt=64", "n_gen=32", "threads=4"),
		rec("m", pp, "64", 111, "dynamicOption=1", "n_prompt=64", "n_gen=32", "threads=4"),
		rec("m", pp, "64", 101, "dynamicOption=0", "n_prompt=64", "n_gen=16", "threads=4"),
		// tg size 16: n_prompt differs, still one benchmark.
		rec("m", tg, "16", 20.0, "dynamicOption=0", "n_prompt=64", "n_gen=16", "threads=4"),
		rec("m", tg, "16", 21.0, "dynamicOption=1", "n_prompt=64", "n_gen=16", "threads=4"),
		rec("m", tg, "16", 20.2, "dynamicOption=0", "n_prompt=128", "n_gen=16", "threads=4"),
		rec("m", tg, "16", 21.1, "dynamicOption=1", "n_prompt=128", "n_gen=16", "threads=4"),
		rec("m", tg, "16", 20.9, "dynamicOption=1", "n_prompt=128", "n_gen=16", "threads=4"),
	}
	a := build(t, selectAll(t, recs), analysis.DefaultConfig())
	if len(a.Sig.Rows) != 2 {
		t.Fatalf("%d rows, want 2 (pp 64, tg 16)", len(a.Sig.Rows))
	}
	if a.Sig.Rows[0].Key.Phase != pp || a.Sig.Rows[1].Key.Phase != tg {
		t.Errorf("row phases %s, %s; want pp before tg", a.Sig.Rows[0].Key.Phase, a.Sig.Rows[1].Key.Phase)
	}
	for _, c := range []struct {
		phase, label string
		base, new    []float64
	}{
		{pp, "64", []float64{100, 101, 102}, []float64{110, 111}},
		{tg, "16", []float64{20.0, 20.2}, []float64{20.9, 21.0, 21.1}},
	} {
		r := row(t, a, "m", c.phase, c.label)
		if r.Kind != analysis.SamplesInvocations {
			t.Errorf("%s %s: Kind %q, want %q", c.phase, c.label, r.Kind, analysis.SamplesInvocations)
		}
		if diff := cmp.Diff(c.base, sorted(r.Base)); diff != "" {
			t.Errorf("%s %s: base samples (-want +got):\n%s", c.phase, c.label, diff)
		}
		if diff := cmp.Diff(c.new, sorted(r.New)); diff != "" {
			t.Errorf("%s %s: new samples (-want +got):\n%s", c.phase, c.label, diff)
		}
		if r.Cmp.Base.N != len(c.base) || r.Cmp.New.N != len(c.new) {
			t.Errorf("%s %s: compared %d vs %d samples, want %d vs %d", c.phase, c.label, r.Cmp.Base.N, r.Cmp.New.N, len(c.base), len(c.new))
		}
		if !close(r.BaseMean, mean(c.base), 1e-12) || !close(r.NewMean, mean(c.new), 1e-12) {
			t.Errorf("%s %s: BaseMean, NewMean = %v, %v; want %v, %v", c.phase, c.label, r.BaseMean, r.NewMean, mean(c.base), mean(c.new))
		}
		// Fewer than 5 per side: Welch on the samples, center = mean.
		if want := mean(c.new) / mean(c.base); !close(r.Cmp.Ratio, want, 1e-12) {
			t.Errorf("%s %s: ratio %v, want mean(new)/mean(base) = %v", c.phase, c.label, r.Cmp.Ratio, want)
		}
	}
}

// A knob other than the phase's own free sweep dimension separates
// benchmarks and shows in the label.
func TestKindInvocationsKnobsSeparate(t *testing.T) {
	pp := sweep.PhasePrefill
	var recs []sweep.Record
	for _, th := range []string{"4", "8"} {
		for i, v := range []string{"0", "1", "0", "1"} {
			recs = append(recs, rec("m", pp, "64", 100+float64(i), "dynamicOption="+v, "n_prompt=64", "threads="+th))
		}
	}
	a := build(t, selectAll(t, recs), analysis.DefaultConfig())
	if len(a.Sig.Rows) != 2 {
		t.Fatalf("%d rows, want 2", len(a.Sig.Rows))
	}
	for _, label := range []string{"64 threads=4", "64 threads=8"} {
		r := row(t, a, "m", pp, label)
		if diff := cmp.Diff([]float64{100, 102}, sorted(r.Base)); diff != "" {
			t.Errorf("%s: base samples (-want +got):\n%s", label, diff)
		}
		if diff := cmp.Diff([]float64{101, 103}, sorted(r.New)); diff != "" {
			t.Errorf("%s: new samples (-want +got):\n%s", label, diff)
		}
	}
}

// One invocation per side with per-repetition samples: the repetitions are
// the samples, with a warning.
func TestKindRepetitions(t *testing.T) {
	b := rec("m", sweep.PhaseDecode, "16", 20.2, "dynamicOption=0")
	b.Values = []float64{20.0, 20.4, 20.1, 20.3, 20.2}
	n := rec("m", sweep.PhaseDecode, "16", 21.2, "dynamicOption=1")
	n.Values = []float64{21.0, 21.4, 21.1, 21.3, 21.2}
	a := build(t, selectAll(t, []sweep.Record{b, n}), analysis.DefaultConfig())
	r := row(t, a, "m", sweep.PhaseDecode, "16")
	if r.Kind != analysis.SamplesRepetitions {
		t.Errorf("Kind %q, want %q", r.Kind, analysis.SamplesRepetitions)
	}
	if diff := cmp.Diff(b.Samples(), r.Base); diff != "" {
		t.Errorf("base samples (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(n.Samples(), r.New); diff != "" {
		t.Errorf("new samples (-want +got):\n%s", diff)
	}
	if r.Cmp.Base.N != 5 || r.Cmp.New.N != 5 {
		t.Errorf("compared %d vs %d samples, want 5 vs 5", r.Cmp.Base.N, r.Cmp.New.N)
	}
	if !hasWarning(r.Warnings, "invocation") {
		t.Errorf("no warning about the single invocation; warnings: %v", r.Warnings)
	}
	// The row's samples are copies: changing them leaves the records alone.
	r.Base[0] = -1
	if a.Sel.Records[0].Samples()[0] != 20.0 {
		t.Errorf("Row.Base shares memory with the record's Samples")
	}
}

// One invocation on one side and two on the other, all with repetitions:
// each side's repetitions are pooled, with a warning.
func TestKindRepetitionsPooled(t *testing.T) {
	b := rec("m", sweep.PhaseDecode, "16", 20.1, "dynamicOption=0")
	b.Values = []float64{20.0, 20.2, 20.1}
	n1 := rec("m", sweep.PhaseDecode, "16", 21.1, "dynamicOption=1")
	n1.Values = []float64{21.0, 21.2, 21.1}
	n2 := rec("m", sweep.PhaseDecode, "16", 21.4, "dynamicOption=1")
	n2.Values = []float64{21.3, 21.5, 21.4}
	a := build(t, selectAll(t, []sweep.Record{b, n1, n2}), analysis.DefaultConfig())
	r := row(t, a, "m", sweep.PhaseDecode, "16")
	if r.Kind != analysis.SamplesRepetitions {
		t.Errorf("Kind %q, want %q", r.Kind, analysis.SamplesRepetitions)
	}
	if diff := cmp.Diff([]float64{20.0, 20.1, 20.2}, sorted(r.Base)); diff != "" {
		t.Errorf("base samples (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{21.0, 21.1, 21.2, 21.3, 21.4, 21.5}, sorted(r.New)); diff != "" {
		t.Errorf("new samples (-want +got):\n%s", diff)
	}
	if len(r.Warnings) == 0 {
		t.Errorf("no warning")
	}
	// The means compared for the change are still the invocation means.
	if !close(r.NewMean, (21.1+21.4)/2, 1e-12) {
		t.Errorf("NewMean %v, want %v", r.NewMean, (21.1+21.4)/2)
	}
}

func hasWarning(ws []error, substr string) bool {
	for _, w := range ws {
		if strings.Contains(w.Error(), substr) {
			return true
		}
	}
	return false
}

// tDensity is the density of Student's t distribution with df degrees of
// freedom.
func tDensity(x, df float64) float64 {
	lg1, _ := math.Lgamma((df + 1) / 2)
	lg2, _ := math.Lgamma(df / 2)
	return math.Exp(lg1-lg2-0.5*math.Log(df*math.Pi)) * math.Pow(1+x*x/df, -(df+1)/2)
}

// tTwoSided is the two-sided tail probability P(|T| ≥ |t|) of Student's t
// with df degrees of freedom, by Simpson's rule on 1 - 2∫₀^|t| density.
func tTwoSided(t, df float64) float64 {
	const n = 20000 // even
	a := math.Abs(t)
	h := a / n
	s := tDensity(0, df) + tDensity(a, df)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * tDensity(float64(i)*h, df)
	}
	return 1 - 2*s*h/3
}

// The integrator itself reproduces tabulated quantiles.
func TestTTwoSidedTable(t *testing.T) {
	for _, c := range []struct{ t, df, p float64 }{
		{2.776445105197793, 4, 0.05},  // t(0.975, 4)
		{2.570581835636314, 5, 0.05},  // t(0.975, 5)
		{4.604094871415897, 4, 0.01},  // t(0.995, 4)
		{1.812461122811676, 10, 0.10}, // t(0.95, 10)
		{2.042272456301238, 30, 0.05}, // t(0.975, 30)
	} {
		if got := tTwoSided(c.t, c.df); math.Abs(got-c.p) > 1e-9 {
			t.Errorf("tTwoSided(%v, %v) = %v, want %v", c.t, c.df, got, c.p)
		}
	}
}

// One invocation per side with only mean ± std over n repetitions: Welch's
// t-test from the summary statistics.
func TestKindSummary(t *testing.T) {
	b := rec("m", sweep.PhaseDecode, "16", 100, "dynamicOption=0")
	b.Std, b.Reps = 2, 5
	n := rec("m", sweep.PhaseDecode, "16", 97, "dynamicOption=1")
	n.Std, n.Reps = 3, 6
	a := build(t, selectAll(t, []sweep.Record{b, n}), analysis.DefaultConfig())
	r := row(t, a, "m", sweep.PhaseDecode, "16")
	if r.Kind != analysis.SamplesSummary {
		t.Errorf("Kind %q, want %q", r.Kind, analysis.SamplesSummary)
	}
	if r.Cmp.Test != "Welch t-test from mean±sd" {
		t.Errorf("Test %q, want %q", r.Cmp.Test, "Welch t-test from mean±sd")
	}
	if r.Base != nil || r.New != nil {
		t.Errorf("summary row has samples %v, %v; want none (samples are never invented)", r.Base, r.New)
	}
	// By hand: se² = 2²/5 + 3²/6 = 0.8 + 1.5 = 2.3;
	// t = (97 - 100)/√2.3 = -1.97814…;
	// df = 2.3² / (0.8²/4 + 1.5²/5) = 5.29/0.61 = 8.67213….
	vb, vn := 2.0*2/5, 3.0*3/6
	tstat := (97 - 100) / math.Sqrt(vb+vn)
	df := (vb + vn) * (vb + vn) / (vb*vb/4 + vn*vn/5)
	if !close(tstat, -1.978141420187, 1e-11) || !close(df, 8.672131147541, 1e-11) {
		t.Fatalf("hand calculation: t = %v, df = %v", tstat, df)
	}
	wantP := tTwoSided(tstat, df)
	if math.Abs(r.Cmp.P-wantP) > 1e-8 {
		t.Errorf("P = %v, want %v (Welch t = %.6f, df = %.4f)", r.Cmp.P, wantP, tstat, df)
	}
	// With the wrong df (n1+n2-2 = 9, the pooled test) p differs by more
	// than the tolerance above, so the check sees the df.
	if math.Abs(tTwoSided(tstat, 9)-wantP) < 1e-4 {
		t.Fatalf("the test cannot tell df = %v from df = 9", df)
	}
	if !close(r.Cmp.Ratio, 0.97, 1e-12) || !close(r.Cmp.Delta, -0.03, 1e-9) {
		t.Errorf("Ratio, Delta = %v, %v; want 0.97, -0.03", r.Cmp.Ratio, r.Cmp.Delta)
	}
	// Each side's t-interval of the mean: mean ± t(0.975, n-1)·s/√n.
	if lo := 100 - 2.776445105197793*2/math.Sqrt(5); !close(r.Cmp.Base.Lo, lo, 1e-9) {
		t.Errorf("Base.Lo = %v, want %v", r.Cmp.Base.Lo, lo)
	}
	if hi := 97 + 2.570581835636314*3/math.Sqrt(6); !close(r.Cmp.New.Hi, hi, 1e-9) {
		t.Errorf("New.Hi = %v, want %v", r.Cmp.New.Hi, hi)
	}
	if !hasWarning(r.Warnings, "mean±sd") {
		t.Errorf("no warning naming the summary test; warnings: %v", r.Warnings)
	}
	// One invocation per side: whatever p says, the row is unverified.
	if r.Verdict != stats.Unverified {
		t.Errorf("Verdict %q, want unverified", r.Verdict)
	}
}

// One invocation on one side and several on the other: no test is
// possible, and samples are not invented.
func TestKindNoTest(t *testing.T) {
	recs := []sweep.Record{
		rec("m", sweep.PhaseDecode, "16", 20, "dynamicOption=0"),
		rec("m", sweep.PhaseDecode, "16", 25, "dynamicOption=1"),
		rec("m", sweep.PhaseDecode, "16", 25.1, "dynamicOption=1"),
		rec("m", sweep.PhaseDecode, "16", 24.9, "dynamicOption=1"),
	}
	recs[0].Values = []float64{19.9, 20, 20.1} // repetitions do not help: the other side has invocations
	a := build(t, selectAll(t, recs), analysis.DefaultConfig())
	r := row(t, a, "m", sweep.PhaseDecode, "16")
	if !math.IsNaN(r.Cmp.P) || !math.IsNaN(r.PAdj) {
		t.Errorf("P, PAdj = %v, %v; want NaN", r.Cmp.P, r.PAdj)
	}
	if r.Verdict != stats.Untested {
		t.Errorf("Verdict %q, want untested", r.Verdict)
	}
	if r.Kind != analysis.SamplesNone {
		t.Errorf("Kind %q, want %q", r.Kind, analysis.SamplesNone)
	}
}

// A record with Runs (folded benchfmt lines) stands for len(Runs)
// invocations, whose values are the samples.
func TestKindRuns(t *testing.T) {
	b := rec("m", "sec/op", "Foo", 11, "dynamicOption=0")
	b.Std, b.Reps, b.Unit = 0, 0, "sec/op"
	b.SetRuns([]float64{10, 11, 12})
	n1 := rec("m", "sec/op", "Foo", 13, "dynamicOption=1")
	n1.Std, n1.Reps, n1.Unit = 0, 0, "sec/op"
	n1.SetRuns([]float64{13})
	n2 := n1
	n2.Mean = 14
	n2.SetRuns([]float64{14})
	a := build(t, selectAll(t, []sweep.Record{b, n1, n2}), analysis.DefaultConfig())
	r := row(t, a, "m", "sec/op", "Foo")
	if r.Kind != analysis.SamplesInvocations {
		t.Errorf("Kind %q, want %q", r.Kind, analysis.SamplesInvocations)
	}
	if diff := cmp.Diff([]float64{10, 11, 12}, sorted(r.Base)); diff != "" {
		t.Errorf("base samples (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{13, 14}, sorted(r.New)); diff != "" {
		t.Errorf("new samples (-want +got):\n%s", diff)
	}
	if r.Better != -1 {
		t.Errorf("Better %d for sec/op, want -1", r.Better)
	}
	// 12 → 13.5 sec/op is slower: delta > 0 in the worse direction.
	if !close(r.Cmp.Delta, 13.5/11-1, 1e-12) {
		t.Errorf("Delta %v, want %v", r.Cmp.Delta, 13.5/11-1)
	}

	// One run on one side, three on the other: no test.
	b.Mean, n1.Mean = 11, 13
	b.SetRuns([]float64{11})
	n1.SetRuns([]float64{13, 13.2, 12.8})
	a = build(t, selectAll(t, []sweep.Record{b, n1}), analysis.DefaultConfig())
	r = row(t, a, "m", "sec/op", "Foo")
	if !math.IsNaN(r.Cmp.P) || r.Verdict != stats.Untested {
		t.Errorf("1 vs 3 runs: P = %v, verdict %q; want NaN, untested", r.Cmp.P, r.Verdict)
	}
}
