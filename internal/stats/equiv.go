package stats

import (
	"fmt"
	"math"
)

// An Equivalence is the result of a two one-sided tests (TOST) procedure.
type Equivalence struct {
	// Equivalent reports whether the change lies within ± the margin at
	// level Alpha: P ≤ Alpha.
	Equivalent bool
	// P is the larger of the two one-sided p-values; NaN when no test was
	// possible (N < 2 on a side).
	P float64
	// Lo and Hi bound the relative change of the means,
	// (new mean - base mean) / base mean, with confidence 1 - 2·Alpha.
	// The change is equivalent exactly when [Lo, Hi] lies inside
	// (-MarginPct/100, +MarginPct/100).
	Lo, Hi float64
	// MarginPct and Alpha are the margin and level in effect.
	MarginPct, Alpha float64
	// Warnings are statistical caveats to show the reader.
	Warnings []error
}

// TOST tests whether the samples base and new have means within
// ± marginPct percent of the base mean (marginPct = 1 means ±1%) at level
// alpha (0 means 0.05), by two one-sided Welch t-tests. See [TOSTSummary].
// It does not modify its inputs.
func TOST(base, new []float64, marginPct, alpha float64) (Equivalence, error) {
	return TOSTFloor(base, new, marginPct, alpha, 0)
}

// TOSTFloor is [TOST] with the standard deviation of each side taken as at
// least the rounding error of the data's resolution (see
// [Config.Resolution]; 0: none).
func TOSTFloor(base, new []float64, marginPct, alpha, resolution float64) (Equivalence, error) {
	b, err := clean("base", base)
	if err != nil {
		return Equivalence{}, fmt.Errorf("testing equivalence: %w", err)
	}
	n, err := clean("new", new)
	if err != nil {
		return Equivalence{}, fmt.Errorf("testing equivalence: %w", err)
	}
	f := scaleOf(b, n)
	divide(b, f)
	divide(n, f)
	fl := resolutionFloor(resolution / f)
	sb, _ := floorStd(summaryOf(b), fl)
	sn, _ := floorStd(summaryOf(n), fl)
	return TOSTSummary(sb, sn, marginPct, alpha)
}

// TOSTSummary tests whether the means of base and new are within
// ± marginPct percent of the base mean at level alpha (0 means 0.05).
//
// The difference of means d = new mean - base mean is tested against the
// margin m = marginPct/100 · |base mean| by two one-sided Welch t-tests
// (Welch–Satterthwaite degrees of freedom): H₀ d ≤ -m and H₀ d ≥ m. Both
// rejected at alpha means equivalent; equivalently, the (1-2·alpha)
// confidence interval of d lies inside (-m, m). The base mean is treated as
// a constant in the margin, which is accurate when its standard error is
// small next to the margin (true of benchmark data at CVs of about 1%).
// Means are tested even where [Compare] used medians; for the symmetric
// noise of benchmarks they estimate the same change.
func TOSTSummary(base, new SummaryStats, marginPct, alpha float64) (Equivalence, error) {
	if alpha == 0 {
		alpha = 0.05
	}
	if !(alpha > 0 && alpha < 0.5) {
		return Equivalence{}, fmt.Errorf("testing equivalence: alpha %v out of range (0, 0.5)", alpha)
	}
	if !(marginPct >= 0) || math.IsInf(marginPct, 0) {
		return Equivalence{}, fmt.Errorf("testing equivalence: margin %v%% is not a non-negative number", marginPct)
	}
	for _, s := range []struct {
		name string
		s    SummaryStats
	}{{"base", base}, {"new", new}} {
		if err := s.s.validate(); err != nil {
			return Equivalence{}, fmt.Errorf("testing equivalence: %s: %w", s.name, err)
		}
	}
	f := summaryScale(base, new)
	base, new = scaleSummary(base, f), scaleSummary(new, f)
	e := Equivalence{MarginPct: marginPct, Alpha: alpha, P: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if base.N < 2 || new.N < 2 {
		e.Warnings = append(e.Warnings, fmt.Errorf("only n=%s samples: cannot test equivalence", nString(base.N, new.N)))
		return e, nil
	}
	if base.Mean == 0 {
		e.Warnings = append(e.Warnings, fmt.Errorf("base mean is zero: relative margin undefined"))
		return e, nil
	}
	w := welchInterval(base, new)
	m := marginPct / 100 * math.Abs(base.Mean)
	scale := math.Abs(base.Mean)
	if w.zeroVar {
		e.Lo, e.Hi = w.diff/scale, w.diff/scale
		e.P = 1
		if math.Abs(w.diff) < m {
			e.P = 0
		}
	} else {
		pLower := tUpper((w.diff+m)/w.se, w.df)  // H₀: d ≤ -m
		pUpper := tUpper(-(w.diff-m)/w.se, w.df) // H₀: d ≥ m
		e.P = math.Max(pLower, pUpper)
		half := tQuantile(1-alpha, w.df) * w.se
		e.Lo, e.Hi = (w.diff-half)/scale, (w.diff+half)/scale
	}
	e.Equivalent = e.P <= alpha
	return e, nil
}
