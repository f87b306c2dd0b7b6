package stats

import (
	"sync"

	moremath "github.com/aclements/go-moremath/stats"
)

// A UCache memoizes the exact distribution of the Mann-Whitney U statistic:
// without ties it depends only on the two sample sizes; with ties, on the
// sizes and the pattern of ties too (see uTiesCached). A sweep of
// thousands of benchmarks with the same sample counts then computes each
// tail probability once instead of once per benchmark; the p-values are
// bit for bit those of benchmath. A UCache is safe for concurrent use; the
// zero value is not usable, call NewUCache.
type UCache struct {
	mu   sync.Mutex
	cdf  map[[3]int]float64 // {n1, n2, U} → P(U' ≤ U)
	ties map[string]float64 // n1, n2, tie vector, 2U → two-sided p (see uTiesCached)

	ch chooseTable // binomial coefficients for uTiesCount, by mu

	scratch sync.Pool // of *uScratch: the arrays of uTiesCount
}

// chooseTable returns the binomial coefficients of up to n members, made
// on demand: the rows up to the largest n asked so far (the samples of a
// sweep have one size, mostly: a fifth of the table up to the largest
// sizes uTiesCached takes, whose every entry is a mathx.Choose).
func (c *UCache) chooseTable(n int) chooseTable {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ch) <= n {
		c.ch = c.ch.extend(n)
	}
	return c.ch
}

// NewUCache returns an empty cache.
func NewUCache() *UCache {
	return &UCache{cdf: map[[3]int]float64{}, ties: map[string]float64{}}
}

func (c *UCache) get(n1, n2, u int) float64 {
	k := [3]int{n1, n2, u}
	c.mu.Lock()
	v, ok := c.cdf[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = moremath.UDist{N1: n1, N2: n2}.CDF(float64(u))
	c.mu.Lock()
	c.cdf[k] = v
	c.mu.Unlock()
	return v
}

// uFastMin is the smallest sample size per side for the cached path: from
// 10 vs 10 up, the U-test can reach p < 1e-4, so benchmath adds no
// "need more samples" warning at any alpha ≥ 1e-4 and the result is
// benchmath's in every respect.
const uFastMin = 10

// uTestCached returns the two-sided U-test p-value of the sorted samples b
// and n exactly as moremath.MannWhitneyUTest computes it, when there are no
// ties and the sizes allow the exact distribution; ok is false otherwise.
func (c *UCache) uTestCached(b, n []float64, alpha float64) (p float64, ok bool) {
	n1, n2 := len(b), len(n)
	if c == nil || n1 < uFastMin || n2 < uFastMin || alpha < 1e-4 ||
		n1 > moremath.MannWhitneyExactLimit || n2 > moremath.MannWhitneyExactLimit {
		return 0, false
	}
	// Merge the sorted samples, summing the ranks of b; any tie sends the
	// caller to benchmath.
	r1, i, j := 0, 0, 0
	prev, first := 0.0, true
	for rank := 1; rank <= n1+n2; rank++ {
		var x float64
		if j >= n2 || (i < n1 && b[i] < n[j]) {
			x = b[i]
			i++
			r1 += rank
		} else {
			x = n[j]
			j++
		}
		if !first && x == prev {
			return 0, false
		}
		prev, first = x, false
	}
	u1 := r1 - n1*(n1+1)/2
	u2 := n1*n2 - u1
	if u1 == u2 {
		return 1, true
	}
	return c.get(n1, n2, min(u1, u2)) * 2, true
}
