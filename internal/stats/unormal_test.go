package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/perf/benchmath"
)

// uNormal gives benchmath's p-value bit for bit wherever it answers, on
// samples with and without ties, of equal and unequal sizes, and declines
// where moremath uses the exact distribution.
func TestUNormalMatchesBenchmath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	answered := 0
	for trial := range 3000 {
		n1, n2 := 2+rng.IntN(120), 2+rng.IntN(120)
		if trial%10 == 0 {
			n1, n2 = 1000+rng.IntN(1500), 1000+rng.IntN(1500)
		}
		step := []float64{0, 0.01, 1, 5}[trial%4] // rounding: ties when > 0
		shift := []float64{0, 0.002, 0.05}[trial%3]
		draw := func(n int, mu float64) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				x := mu * (1 + 0.01*rng.NormFloat64())
				if step > 0 {
					x = math.Round(x/step) * step
				}
				xs[i] = x
			}
			slices.Sort(xs)
			return xs
		}
		b, n := draw(n1, 100), draw(n2, 100*(1+shift))
		if trial%7 == 0 {
			n = slices.Clone(b) // identical samples
		}
		p, ok := uNormal(b, n)
		th := benchmath.Thresholds{CompareAlpha: 0.05}
		want := benchmath.AssumeNothing.Compare(benchmath.NewSample(slices.Clone(b), &th), benchmath.NewSample(slices.Clone(n), &th))
		if !ok {
			continue
		}
		answered++
		if math.Float64bits(p) != math.Float64bits(want.P) || len(want.Warnings) > 0 {
			t.Fatalf("n=%d+%d step %v: p %v, benchmath %v (warnings %v)", n1, n2, step, p, want.P, want.Warnings)
		}
	}
	if answered < 1000 {
		t.Errorf("uNormal answered %d of 3000", answered)
	}
	if _, ok := uNormal([]float64{1, 2, 3}, []float64{4, 5, 6}); ok {
		t.Error("uNormal answered for 3 vs 3 samples (the exact distribution's)")
	}
}
