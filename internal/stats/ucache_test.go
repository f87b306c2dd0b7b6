package stats

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/aclements/go-moremath/mathx"
	moremath "github.com/aclements/go-moremath/stats"
)

// TestUCacheMatchesBenchmath: with the cache, every comparison (ties or
// not, small or large) must equal the uncached one bit for bit, since the
// uncached path is benchmath itself.
func TestUCacheMatchesBenchmath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cache := NewUCache()
	fast := 0
	for i := 0; i < 400; i++ {
		n1, n2 := 2+rng.IntN(40), 2+rng.IntN(40)
		shift := rng.Float64() * 0.02
		b, n := make([]float64, n1), make([]float64, n2)
		for k := range b {
			b[k] = 100 * (1 + 0.01*rng.NormFloat64())
		}
		for k := range n {
			n[k] = 100 * (1 + shift + 0.01*rng.NormFloat64())
		}
		if i%3 == 0 { // make ties
			for k := range n {
				n[k] = float64(int(n[k]))
			}
			for k := range b {
				b[k] = float64(int(b[k]))
			}
		}
		want, err := Compare(b, n, Config{SmallN: 1})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Compare(b, n, Config{SmallN: 1, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		if got.P != want.P || len(got.Warnings) != len(want.Warnings) {
			t.Errorf("n=%d+%d: cached p=%v (%d warnings), benchmath p=%v (%d warnings)", n1, n2, got.P, len(got.Warnings), want.P, len(want.Warnings))
		}
		sb, sn := append([]float64(nil), b...), append([]float64(nil), n...)
		sortFloats(sb)
		sortFloats(sn)
		if _, ok := cache.uTestCached(sb, sn, 0.05); ok {
			fast++
		}
	}
	if fast < 100 {
		t.Errorf("only %d of 400 comparisons took the cached path", fast)
	}
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// The binomial coefficients a UCache gives out, made row by row on demand
// by concurrent callers, are mathx.Choose's, and a table given out stays
// whole while others grow it (go test -race).
func TestUCacheChooseTable(t *testing.T) {
	c := NewUCache()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 15))
			for range 50 {
				n := rng.IntN(2*moremath.MannWhitneyTiesExactLimit + 1)
				ch := c.chooseTable(n)
				for i := 0; i <= n; i++ {
					for k := -1; k <= i+1; k++ {
						if got, want := ch.c(i, k), mathx.Choose(i, k); got != want {
							t.Errorf("chooseTable(%d).c(%d, %d) = %v, want %v", n, i, k, got, want)
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}
