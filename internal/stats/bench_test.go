package stats

import (
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
