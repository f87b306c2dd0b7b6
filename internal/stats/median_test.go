package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// forOrderInputs calls fn with random inputs of every length up to upTo
// and of the longer ones, each with its values as slices.Sort orders them,
// for the tests of selections against a sort: normal noise, few distinct
// values (many ties), sorted and reversed runs (a quickselect's bad
// cases), and NaNs and infinities among ties.
func forOrderInputs(seed uint64, upTo int, longer []int, fn func(n, g int, xs, sorted []float64)) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	gen := []func(i, n int) float64{
		func(i, n int) float64 { return rng.NormFloat64() },
		func(i, n int) float64 { return float64(rng.IntN(3)) },
		func(i, n int) float64 { return float64(i) },
		func(i, n int) float64 { return float64(n - i) },
		func(i, n int) float64 {
			switch rng.IntN(8) {
			case 0:
				return math.NaN()
			case 1:
				return math.Inf(1)
			case 2:
				return math.Inf(-1)
			}
			return float64(rng.IntN(5))
		},
	}
	lengths := slices.Clone(longer)
	for n := 1; n <= upTo; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		for g, f := range gen {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = f(i, n)
			}
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			fn(n, g, xs, sorted)
		}
	}
}

// MedianInPlace gives the median of the sorted values, bit for bit, on
// forOrderInputs, and only reorders the values.
func TestMedianInPlaceAsSort(t *testing.T) {
	forOrderInputs(1, 300, []int{1000, 4097, 100000}, func(n, g int, xs, sorted []float64) {
		want := sorted[n/2]
		if n%2 == 0 {
			want = (sorted[n/2-1] + sorted[n/2]) / 2
		}
		got := MedianInPlace(xs)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("n=%d generator %d: median %v, want %v", n, g, got, want)
		}
		slices.Sort(xs)
		if !slices.EqualFunc(xs, sorted, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
			t.Fatalf("n=%d generator %d: the values changed, not only their order", n, g)
		}
	})
	if !math.IsNaN(MedianInPlace(nil)) {
		t.Error("median of nothing is not NaN")
	}
}

func BenchmarkMedianInPlace(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 16384)
	for i := range xs {
		xs[i] = rng.NormFloat64()
	}
	work := make([]float64, len(xs))
	b.Run("select", func(b *testing.B) {
		for b.Loop() {
			copy(work, xs)
			MedianInPlace(work)
		}
	})
	b.Run("sort", func(b *testing.B) {
		for b.Loop() {
			copy(work, xs)
			slices.Sort(work)
		}
	})
}

// quantileInPlace gives the type-7 quantile of the sorted values, bit for
// bit, at the bootstrap's quantiles and the ends, on forOrderInputs, both
// quantiles asked of one slice in turn, as bootstrapMean asks them.
func TestQuantileInPlaceAsSort(t *testing.T) {
	sortedQuantile := func(sorted []float64, q float64) float64 { // type 7 on sorted values
		h := q * float64(len(sorted)-1)
		i := int(math.Floor(h))
		if i >= len(sorted)-1 {
			return sorted[len(sorted)-1]
		}
		return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
	}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	forOrderInputs(3, 200, []int{2000, 4097}, func(n, g int, xs, sorted []float64) {
		for _, qs := range [][2]float64{{0.025, 0.975}, {0, 1}, {0.5, 0.1}} {
			for _, q := range qs {
				if got, want := quantileInPlace(xs, q), sortedQuantile(sorted, q); !same(got, want) {
					t.Fatalf("n=%d generator %d: quantile %v = %v, want %v", n, g, q, got, want)
				}
			}
		}
	})
	if !math.IsNaN(quantileInPlace(nil, 0.5)) {
		t.Error("quantile of nothing is not NaN")
	}
}
