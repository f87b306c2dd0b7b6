package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// CompareTOST is Compare and TOSTFloor, bit for bit, for every method, on
// samples small and large, tied, huge, tiny, with zeros and negatives, and
// with a resolution floor.
func TestCompareTOSTMatchesSeparate(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	errText := cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })
	for trial := range 2000 {
		n1, n2 := 1+rng.IntN(30), 1+rng.IntN(30)
		if trial%50 == 0 {
			n1, n2 = 500+rng.IntN(2000), 500+rng.IntN(2000)
		}
		scale := []float64{1, 1e300, 1e-300, 1000}[trial%4]
		step := []float64{0, 0.5, 0}[trial%3]
		draw := func(n int, mu float64) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				x := mu * (1 + 0.02*rng.NormFloat64())
				if step > 0 {
					x = math.Round(x/step) * step
				}
				xs[i] = x * scale
			}
			if trial%17 == 0 {
				xs[0] = 0
			}
			if trial%19 == 0 {
				xs[len(xs)-1] = -xs[len(xs)-1]
			}
			return xs
		}
		b, n := draw(n1, 10), draw(n2, 10.1)
		cfg := Config{Method: Method(trial % 3), Resolution: []float64{0, 0.01, 1}[trial%3] * scale, SmallN: []int{0, 1, 5}[trial%3]}
		wantC, wantErr := Compare(b, n, cfg)
		wantE, _ := TOSTFloor(b, n, 1, 0.05, cfg.Resolution)
		gotC, gotE, gotErr := CompareTOST(b, n, cfg, 1, 0.05)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("trial %d: error %v, Compare's %v", trial, gotErr, wantErr)
		}
		if wantErr != nil {
			continue
		}
		if d := cmp.Diff(wantC, gotC, errText, cmpopts.EquateNaNs()); d != "" {
			t.Fatalf("trial %d: comparison (-Compare +CompareTOST):\n%s", trial, d)
		}
		if d := cmp.Diff(wantE, gotE, errText, cmpopts.EquateNaNs()); d != "" {
			t.Fatalf("trial %d: equivalence (-TOSTFloor +CompareTOST):\n%s", trial, d)
		}
	}
}
