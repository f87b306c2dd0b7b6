package stats

import "math"

// A Summary describes a set of values the way the old pandas report did:
// count, mean, sample standard deviation (n-1 denominator), minimum, maximum.
type Summary struct {
	N         int
	Mean, Std float64 // Std is NaN when N < 2, as pandas prints it
	Min, Max  float64
}

// Summarize returns the Summary of xs. It does not modify xs. The zero
// Summary (with NaN mean) describes an empty input.
func Summarize(xs []float64) Summary {
	s := Summary{N: len(xs), Mean: math.NaN(), Std: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	if len(xs) == 0 {
		return s
	}
	s.Min, s.Max = xs[0], xs[0]
	for _, x := range xs {
		s.Min = math.Min(s.Min, x)
		s.Max = math.Max(s.Max, x)
	}
	// Sums of squares of values beyond 2⁶⁴ overflow and of values below
	// 2⁻⁶⁴ underflow: such values are summed divided by a power of two.
	f := scaleOf([]float64{s.Min, s.Max})
	sum := 0.0
	for _, x := range xs {
		sum += x / f
	}
	mean := sum / float64(len(xs))
	s.Mean = clampFinite(mean * f)
	if len(xs) >= 2 {
		ss := 0.0
		for _, x := range xs {
			d := x/f - mean
			ss += d * d
		}
		s.Std = clampFinite(math.Sqrt(ss/float64(len(xs)-1)) * f)
	}
	return s
}
