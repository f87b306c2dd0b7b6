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
