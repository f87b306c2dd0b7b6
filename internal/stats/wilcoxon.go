package stats

import (
	"fmt"
	"math"
	"slices"
)

// WilcoxonExactN is the largest number of non-zero differences for which
// [WilcoxonSignedRank] uses the exact null distribution; above it, the
// normal approximation.
const WilcoxonExactN = 25

// WilcoxonSignedRank returns the two-sided p-value of the Wilcoxon
// signed-rank test of the differences d against a symmetric distribution
// about 0. It does not modify d.
//
// Zero differences are dropped before ranking (Wilcoxon's original
// method, scipy's zero_method="wilcox"), so n is the number of non-zero
// differences; with none left, p is 1. Tied |d| get mid-ranks. For
// n ≤ [WilcoxonExactN] the p-value is exact: the null distribution of W+
// (the sum of the ranks of the positive differences) is enumerated over
// all 2ⁿ sign assignments of the actual (mid-)ranks, and
// p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))). Above, W+ is compared with the
// normal distribution of mean n(n+1)/4 and variance
// n(n+1)(2n+1)/24 - Σ(t³-t)/48 over groups of t tied |d|, with a
// continuity correction of 1/2.
//
// NaN or infinite differences are an error wrapping [ErrNotFinite].
func WilcoxonSignedRank(d []float64) (p float64, err error) {
	return wilcoxon(d, WilcoxonExactN)
}

// wilcoxon is WilcoxonSignedRank with the exact distribution up to
// maxExact non-zero differences.
func wilcoxon(d []float64, maxExact int) (float64, error) {
	var nz []float64
	for i, x := range d {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("wilcoxon signed-rank test: difference %d is %v: %w", i+1, x, ErrNotFinite)
		}
		if x != 0 {
			nz = append(nz, x)
		}
	}
	if len(nz) == 0 {
		return 1, nil
	}
	// Doubled mid-ranks of |d| are integers.
	slices.SortFunc(nz, func(a, b float64) int {
		switch {
		case math.Abs(a) < math.Abs(b):
			return -1
		case math.Abs(a) > math.Abs(b):
			return 1
		}
		return 0
	})
	n := len(nz)
	ranks2 := make([]int, n) // 2 × mid-rank
	var tieTerm float64      // Σ(t³-t)
	for i := 0; i < n; {
		j := i + 1
		for j < n && math.Abs(nz[j]) == math.Abs(nz[i]) {
			j++
		}
		for k := i; k < j; k++ {
			ranks2[k] = i + 1 + j // (i+1 + j)/2 doubled
		}
		t := float64(j - i)
		tieTerm += t*t*t - t
		i = j
	}
	w2 := 0 // 2 × W+
	for i, x := range nz {
		if x > 0 {
			w2 += ranks2[i]
		}
	}
	if n <= maxExact {
		return wilcoxonExact(ranks2, w2), nil
	}
	fn := float64(n)
	mean := fn * (fn + 1) / 4
	variance := fn*(fn+1)*(2*fn+1)/24 - tieTerm/48
	if variance <= 0 {
		return 1, nil
	}
	z := math.Max(0, math.Abs(float64(w2)/2-mean)-0.5) / math.Sqrt(variance)
	return math.Erfc(z / math.Sqrt2), nil
}

// wilcoxonExact returns the exact two-sided p-value of the doubled
// statistic w2 given the doubled ranks, by counting the sign assignments
// that give each sum.
func wilcoxonExact(ranks2 []int, w2 int) float64 {
	total := 0
	for _, r := range ranks2 {
		total += r
	}
	counts := make([]float64, total+1)
	counts[0] = 1
	hi := 0
	for _, r := range ranks2 {
		for s := hi; s >= 0; s-- {
			counts[s+r] += counts[s]
		}
		hi += r
	}
	var le, ge, all float64
	for s, c := range counts {
		all += c
		if s <= w2 {
			le += c
		}
		if s >= w2 {
			ge += c
		}
	}
	return math.Min(1, 2*math.Min(le, ge)/all)
}
