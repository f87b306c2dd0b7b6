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
	sum := 0.0
	s.Min, s.Max = xs[0], xs[0]
	for _, x := range xs {
		sum += x
		s.Min = math.Min(s.Min, x)
		s.Max = math.Max(s.Max, x)
	}
	s.Mean = sum / float64(len(xs))
	if len(xs) >= 2 {
		ss := 0.0
		for _, x := range xs {
			d := x - s.Mean
			ss += d * d
		}
		s.Std = math.Sqrt(ss / float64(len(xs)-1))
	}
	return s
}
