package compare

import (
	"fmt"
	"math"
	"sort"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// DefaultNoiseMarginPct is the gate's default noise margin for benchmarks
// measured in one invocation per side (see Spec.NoiseMarginPct).
const DefaultNoiseMarginPct = 10

// A Finding is a benchmark or an aggregate that the gate reports.
type Finding struct {
	Model, Phase string
	Size         string  // the benchmark's size, or "all" for a model × phase aggregate
	DeltaPct     float64 // change, percent (negative tokens/s is slower)
	LoPct, HiPct float64 // its interval, percent; NaN when unknown
	SlowdownPct  float64 // the change in the worse direction, percent (positive = worse)
	PAdjusted    float64
	LimitPct     float64 // the limit it was held to
	Test         string
	Note         string // why it is reported, for untested findings
}

// A Check is the regression gate's decision about a Result.
type Check struct {
	// Passed is false when any benchmark or aggregate regressed beyond its
	// limit, or (with Spec.FailUntested) a benchmark could not be tested.
	Passed bool
	// Regressions are the benchmarks and aggregates that regressed
	// significantly (adjusted p ≤ α) by more than their limit, worst first.
	Regressions []Finding
	// Tolerated are significant regressions within their limit.
	Tolerated []Finding
	// Untested are benchmarks no test was possible for.
	Untested []Finding
	// Counts of the benchmarks' verdicts.
	Benchmarks, Improved, Regressed, Equivalent, Inconclusive int
	// Correction and Alpha in effect; Limits describes the limits.
	Correction string
	Alpha      float64
	Limits     string
}

// Check applies the regression gate of r's Spec to r:
//
//   - a benchmark or a model × phase aggregate regressed when its adjusted
//     p-value (Spec.Correction, Holm by default) is at most Spec.Alpha and
//     its point estimate of the slowdown exceeds its limit: the phase's
//     entry in Spec.PhaseLimits, else Spec.MaxRegressionPct (0: any
//     significant slowdown). The significance test already requires
//     confidence that there is a slowdown at all; the limit says how large
//     a slowdown the user accepts, and is held to the best estimate of its
//     size rather than to an interval end, so that a real slowdown just
//     above the limit is caught about half the time rather than never;
//   - a benchmark measured in one invocation per side is held to at least
//     Spec.NoiseMarginPct (10% by default): its test sees only the
//     repetitions within one run, not the drift between runs;
//   - a benchmark that could not be tested is listed as untested; the gate
//     fails on it only with Spec.FailUntested.
func (r *Result) Check() *Check {
	spec, sig := r.spec, r.a.Sig
	c := &Check{Passed: true, Correction: sig.Config.Correction.String(), Alpha: alphaOf(spec), Limits: r.limitText()}
	for i := range sig.Rows {
		row := &sig.Rows[i]
		c.Benchmarks++
		switch row.Verdict {
		case stats.Improvement:
			c.Improved++
		case stats.Regression:
			c.Regressed++
		case stats.Equivalent:
			c.Equivalent++
		default:
			c.Inconclusive++
		}
		if row.Kind == analysis.SamplesNone {
			c.Untested = append(c.Untested, Finding{Model: row.Key.Model, Phase: row.Key.Phase, Size: row.Label,
				DeltaPct: row.Cmp.Delta * 100, LoPct: math.NaN(), HiPct: math.NaN(), PAdjusted: math.NaN(),
				Test: row.Cmp.Test, Note: fmt.Sprintf("n=%d+%d: no test possible", row.Cmp.Base.N, row.Cmp.New.N)})
			continue
		}
		limit := r.limit(row.Key.Phase)
		if row.Kind == analysis.SamplesRepetitions || row.Kind == analysis.SamplesSummary {
			limit = math.Max(limit, r.noiseMargin())
		}
		f := Finding{Model: row.Key.Model, Phase: row.Key.Phase, Size: row.Label, DeltaPct: row.Cmp.Delta * 100,
			LoPct: row.DeltaLo * 100, HiPct: row.DeltaHi * 100, SlowdownPct: -row.Cmp.Delta * float64(row.Better) * 100,
			PAdjusted: row.PAdj, LimitPct: limit, Test: row.Cmp.Test}
		c.add(f, row.Verdict)
	}
	for i := range sig.Aggregates {
		g := &sig.Aggregates[i]
		limit := r.limit(g.Phase)
		if r.singleInvocation(g.Model, g.Phase) {
			limit = math.Max(limit, r.noiseMargin())
		}
		d := g.Res.GeoMean - 1
		f := Finding{Model: g.Model, Phase: g.Phase, Size: "all", DeltaPct: d * 100, LoPct: (g.Res.Lo - 1) * 100,
			HiPct: (g.Res.Hi - 1) * 100, SlowdownPct: -d * float64(g.Better) * 100, PAdjusted: g.PAdj, LimitPct: limit, Test: g.Res.Test}
		c.add(f, g.Verdict)
	}
	sort.SliceStable(c.Regressions, func(i, j int) bool { return c.Regressions[i].SlowdownPct > c.Regressions[j].SlowdownPct })
	if len(c.Regressions) > 0 || (spec.FailUntested && len(c.Untested) > 0) {
		c.Passed = false
	}
	return c
}

func (c *Check) add(f Finding, v stats.Verdict) {
	if v != stats.Regression {
		return
	}
	if f.SlowdownPct > f.LimitPct {
		c.Regressions = append(c.Regressions, f)
	} else {
		c.Tolerated = append(c.Tolerated, f)
	}
}

func (r *Result) limit(phase string) float64 {
	if l, ok := r.spec.PhaseLimits[phase]; ok {
		return l
	}
	return r.spec.MaxRegressionPct
}

func (r *Result) noiseMargin() float64 {
	switch m := r.spec.NoiseMarginPct; {
	case m == 0:
		return DefaultNoiseMarginPct
	case m < 0:
		return 0
	default:
		return m
	}
}

// singleInvocation reports whether every benchmark of model × phase was
// measured in one invocation per side.
func (r *Result) singleInvocation(model, phase string) bool {
	for i := range r.a.Sig.Rows {
		row := &r.a.Sig.Rows[i]
		if row.Key.Model == model && row.Key.Phase == phase && row.Kind == analysis.SamplesInvocations {
			return false
		}
	}
	return true
}

func (r *Result) limitText() string {
	s := fmt.Sprintf("%g%%", r.spec.MaxRegressionPct)
	if r.spec.MaxRegressionPct == 0 {
		s = "any significant slowdown"
	}
	var phases []string
	for p := range r.spec.PhaseLimits {
		phases = append(phases, p)
	}
	sort.Strings(phases)
	for _, p := range phases {
		s += fmt.Sprintf(", %s %g%%", p, r.spec.PhaseLimits[p])
	}
	return s + fmt.Sprintf("; one-invocation benchmarks at least %g%%", r.noiseMargin())
}

func alphaOf(spec Spec) float64 {
	if spec.Alpha == 0 {
		return 0.05
	}
	return spec.Alpha
}
