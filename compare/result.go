package compare

import (
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// An Estimate is one side of a comparison: its center and interval.
type Estimate struct {
	N        int     // samples
	Center   float64 // median (U-test rows) or mean (Welch rows)
	Lo, Hi   float64 // interval bounds; NaN with a single sample
	Interval string  // what Lo..Hi is: "95% CI", "range", "95% t-interval", "none"
}

// A Row is the comparison of one benchmark (model × phase × size with the
// other knobs fixed). Numbers are raw; NaN where undefined.
type Row struct {
	Model, Phase, Size, Unit string
	Samples                  string // "invocations", "repetitions", "summary" or "none"
	Base, New                Estimate
	BaseMean, NewMean        float64 // means of the invocation means (what compare-llama-bench.py prints)
	DeltaPct                 float64 // (new/base − 1) × 100
	DeltaLoPct, DeltaHiPct   float64 // 95% Welch interval of the change of the means, percent
	HigherIsBetter           bool
	P, PAdjusted             float64
	Test                     string // "U-test", "Welch t-test", "Welch t-test from mean±sd", "none"
	Verdict                  string // "improvement", "regression", "equivalent", "inconclusive"
	Warnings                 []string
}

// An Aggregate summarizes one model × phase over its benchmarks.
type Aggregate struct {
	Model, Phase, Unit  string
	Benchmarks          int
	GeomeanPct          float64 // (geometric mean of the ratios − 1) × 100
	LoPct, HiPct        float64 // its interval, percent
	Interval            string
	P, PAdjusted        float64
	Test                string
	Verdict             string
	Improved, Regressed int // benchmarks with those verdicts
	Warnings            []string
}

// Rows returns every benchmark row, ordered by model, phase, size.
func (r *Result) Rows() []Row {
	out := make([]Row, 0, len(r.a.Sig.Rows))
	for i := range r.a.Sig.Rows {
		x := &r.a.Sig.Rows[i]
		out = append(out, Row{
			Model: x.Key.Model, Phase: x.Key.Phase, Size: x.Label, Unit: x.Unit, Samples: x.Kind,
			Base: estimate(x.Cmp.Base), New: estimate(x.Cmp.New), BaseMean: x.BaseMean, NewMean: x.NewMean,
			DeltaPct: x.Cmp.Delta * 100, DeltaLoPct: x.DeltaLo * 100, DeltaHiPct: x.DeltaHi * 100,
			HigherIsBetter: x.Better > 0, P: x.Cmp.P, PAdjusted: x.PAdj, Test: x.Cmp.Test,
			Verdict: string(x.Verdict), Warnings: errStrings(x.Warnings),
		})
	}
	return out
}

// Aggregates returns the aggregate of every model × phase, ordered by model
// then phase.
func (r *Result) Aggregates() []Aggregate {
	out := make([]Aggregate, 0, len(r.a.Sig.Aggregates))
	for i := range r.a.Sig.Aggregates {
		out = append(out, aggregate(&r.a.Sig.Aggregates[i]))
	}
	return out
}

func aggregate(g *analysis.Aggregate) Aggregate {
	return Aggregate{
		Model: g.Model, Phase: g.Phase, Unit: g.Unit, Benchmarks: g.Rows,
		GeomeanPct: (g.Res.GeoMean - 1) * 100, LoPct: (g.Res.Lo - 1) * 100, HiPct: (g.Res.Hi - 1) * 100,
		Interval: g.Res.Interval, P: g.Res.P, PAdjusted: g.PAdj, Test: g.Res.Test, Verdict: string(g.Verdict),
		Improved: g.Improved, Regressed: g.Regressed, Warnings: errStrings(g.Res.Warnings),
	}
}

func estimate(s stats.Side) Estimate {
	return Estimate{N: s.N, Center: s.Center, Lo: s.Lo, Hi: s.Hi, Interval: s.Interval}
}

// Warnings returns the sweep-level caveats of the comparison (for example
// that drift over time is confounded with the option), in a fixed order.
func (r *Result) Warnings() []error { return append([]error(nil), r.a.Sig.Warnings...) }

func errStrings(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}
