package stats

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// MedianInPlace returns the median of xs (NaN for none), reordering xs:
// the middle value of xs as slices.Sort orders it (NaNs first), or the mean
// of the two middle ones, found in linear time (a selection of the middle,
// not a sort).
func MedianInPlace(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	k := n / 2
	selectNth(xs, k)
	if n%2 == 1 {
		return xs[k]
	}
	lo := xs[0] // the greatest of xs[:k], which are ordered before xs[k]
	for _, x := range xs[1:k] {
		if cmp.Less(lo, x) {
			lo = x
		}
	}
	return (lo + xs[k]) / 2
}

// selectNth reorders xs so that xs[k] is the value slices.Sort would put
// there, no value before it ordered after it and none after it ordered
// before it: quickselect on a median-of-three pivot, sorting what is left
// when the ranges stop shrinking fast (so that no input costs more than a
// sort).
func selectNth(xs []float64, k int) {
	lo, hi := 0, len(xs) // xs[k] is in xs[lo:hi]
	budget := 2 * bits.Len(uint(len(xs)))
	for hi-lo > 16 {
		if budget == 0 {
			slices.Sort(xs[lo:hi])
			return
		}
		budget--
		p := pivotOf(xs[lo:hi])
		// Three-way partition of xs[lo:hi] around p: less, equal, greater.
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch c := cmp.Compare(xs[i], p); {
			case c < 0:
				xs[lt], xs[i] = xs[i], xs[lt]
				lt++
				i++
			case c > 0:
				gt--
				xs[i], xs[gt] = xs[gt], xs[i]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return // xs[k] equals the pivot, its place among equals
		}
	}
	slices.Sort(xs[lo:hi])
}

// pivotOf returns the median of the first, middle and last of xs.
func pivotOf(xs []float64) float64 {
	a, b, c := xs[0], xs[len(xs)/2], xs[len(xs)-1]
	if cmp.Less(b, a) {
		a, b = b, a
	}
	if cmp.Less(c, b) {
		b = c
		if cmp.Less(b, a) {
			b = a
		}
	}
	return b
}
