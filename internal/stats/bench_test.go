package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkCompare(b *testing.B) {
	rng := rand.New(rand.NewPCG(41, 42))
	base, new := noisyCV(rng, 16, 40, 0.005), noisyCV(rng, 16, 40.2, 0.005)
	for b.Loop() {
		if _, err := Compare(base, new, Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAggregate(b *testing.B) {
	rng := rand.New(rand.NewPCG(43, 44))
	ratios := noisyCV(rng, 16, 1.01, 0.005)
	for b.Loop() {
		if _, err := Aggregate(ratios, AggConfig{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResampleMeans measures the bootstrap of 51,200 log ratios
// (2000 resamples, one core) through a draw function per draw (uint64n)
// and through meansFrom's inlined generator (nil).
func BenchmarkResampleMeans(b *testing.B) {
	xs := make([]float64, 51200)
	for i := range xs {
		xs[i] = float64(i%97) * 1e-4
	}
	for _, c := range []struct {
		name string
		draw drawFunc
	}{{"uint64n", uint64n}, {"inlined", nil}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				resampleMeans(xs, DefaultResamples, 1, 2, 1, c.draw)
			}
		})
	}
}

// BenchmarkCompareTOST measures a benchmark's test and equivalence test
// at 10 and 2000 samples per side (allocations: the pooled sorted copies,
// the U-test's normal approximation without copies).
func BenchmarkCompareTOST(b *testing.B) {
	for _, n := range []int{10, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(45, 46))
			base, new := noisyCV(rng, n, 40, 0.005), noisyCV(rng, n, 40.2, 0.005)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := CompareTOST(base, new, Config{Resolution: Resolution(base, new)}, 1, 0.05); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDeltaCI measures the interval of a change from summaries (its
// Welch degrees of freedom and t quantile; no p-value).
func BenchmarkDeltaCI(b *testing.B) {
	base, new := SummaryStats{Mean: 100, Std: 1, N: 10}, SummaryStats{Mean: 101, Std: 1.3, N: 10}
	for b.Loop() {
		DeltaCIFloor(base, new, 0.95, 0.01)
	}
}
