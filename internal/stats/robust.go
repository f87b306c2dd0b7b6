package stats

import (
	"fmt"
	"math"
)

// Powers of two outside which samples are rescaled before any statistic is
// computed: squares of values beyond them overflow or underflow float64
// (a variance of 1e100-sized speeds is 1e200; its square, which Welch's
// degrees of freedom need, is infinite).
var (
	scaleHi = math.Ldexp(1, 64)
	scaleLo = math.Ldexp(1, -64)
)

// scaleOf returns a power of two s such that the largest magnitude in xs
// divided by s lies in [1, 2), or 1 when every magnitude already lies in
// [2⁻⁶⁴, 2⁶⁴] or all are zero. Dividing by a power of two is exact (short
// of subnormal numbers), so rescaled statistics are the unscaled ones,
// bit for bit, multiplied back.
func scaleOf(xs ...[]float64) float64 {
	m := 0.0
	for _, x := range xs {
		for _, v := range x {
			m = math.Max(m, math.Abs(v))
		}
	}
	if m == 0 || (m >= scaleLo && m <= scaleHi) {
		return 1
	}
	_, e := math.Frexp(m)
	return math.Ldexp(1, e-1)
}

func divide(xs []float64, s float64) {
	if s == 1 {
		return
	}
	for i := range xs {
		xs[i] /= s
	}
}

// scaled returns s multiplied back by f, with bounds clamped to the
// largest finite float64 (a t-interval of values near 1e308 can reach
// beyond it).
func (s Side) scaled(f float64) Side {
	if f == 1 {
		return s
	}
	s.Center, s.Lo, s.Hi = clampFinite(s.Center*f), clampFinite(s.Lo*f), clampFinite(s.Hi*f)
	return s
}

func clampFinite(x float64) float64 {
	switch {
	case math.IsInf(x, 1):
		return math.MaxFloat64
	case math.IsInf(x, -1):
		return -math.MaxFloat64
	}
	return x
}

// scaleSummary divides the mean and standard deviation of s by f.
func scaleSummary(s SummaryStats, f float64) SummaryStats {
	s.Mean /= f
	s.Std /= f
	return s
}

// summaryScale is scaleOf for summaries.
func summaryScale(ss ...SummaryStats) float64 {
	var xs []float64
	for _, s := range ss {
		xs = append(xs, s.Mean, s.Std)
	}
	return scaleOf(xs)
}

// Resolution returns the step of the printed values of xs: 10⁻ᵈ for the
// fewest decimals d (0 to 12) that print every value exactly (speeds
// rounded to 0.01 give 0.01; integers give 1), or 0 when the values need
// more than 12 decimals (computed values, which carry no rounding step).
// Values of magnitude 1e15 or more give 0 too.
func Resolution(xs ...[]float64) float64 {
	maxD := 0
	for _, x := range xs {
		for _, v := range x {
			d, ok := decimals(v)
			if !ok {
				return 0
			}
			maxD = max(maxD, d)
		}
	}
	return math.Pow(10, -float64(maxD))
}

// decimals returns the fewest decimals that print v exactly.
func decimals(v float64) (int, bool) {
	a := math.Abs(v)
	if a >= 1e15 || math.IsNaN(v) {
		return 0, false
	}
	p := 1.0
	for d := 0; d <= 12; d++ {
		x := a * p
		// A value that rounds to 0 is not printed exactly (1e-300 is no
		// integer), unless it is 0. (x is finite and not negative:
		// math.Max(1, x) is the larger of the two; math.Round once.)
		r, scale := math.Round(x), 1.0
		if x > 1 {
			scale = x
		}
		if math.Abs(x-r) <= 1e-9*scale && (r != 0 || a == 0) {
			return d, true
		}
		p *= 10
	}
	return 0, false
}

// floorStd raises the standard deviation of s to floor when it is below;
// it reports whether it did. Values rounded to a step r carry a rounding
// error whose standard deviation is r/√12: a spread below that is not
// known to be smaller, so two constant sides that differ are tested as
// differing by so much against that noise, rather than reported as
// untestable (p = 1).
func floorStd(s SummaryStats, floor float64) (SummaryStats, bool) {
	if floor > 0 && s.N >= 2 && s.Std < floor {
		s.Std = floor
		return s, true
	}
	return s, false
}

// resolutionFloor is the standard deviation of the rounding error of
// values printed to step r.
func resolutionFloor(r float64) float64 { return r / math.Sqrt(12) }

func floorWarning(r float64) error {
	return fmt.Errorf("spread below the data's resolution (%g): the standard deviation is taken as at least %.3g (the rounding error of that step, %g/√12)", r, resolutionFloor(r), r)
}
