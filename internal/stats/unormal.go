package stats

import (
	"math"

	"github.com/aclements/go-moremath/mathx"
	moremath "github.com/aclements/go-moremath/stats"
)

// uNormal returns the two-sided U-test p-value of the sorted samples b and
// n exactly as benchmath.AssumeNothing.Compare computes it where
// moremath.MannWhitneyUTest uses the normal approximation (samples beyond
// the exact distribution's limits), without its copies of the samples,
// their merge and the vector of ties: the ranks are summed walking both
// samples, tie group by tie group, in the order the merge has them, the
// arithmetic the same step for step. ok is false where moremath would use
// the exact distribution or fail (all values equal), and where benchmath
// could add a warning (both sides under 10 samples): callers ask benchmath
// then.
func uNormal(b, n []float64) (p float64, ok bool) {
	n1, n2 := len(b), len(n)
	if n1 < 2 || n2 < 2 || max(n1, n2) < 10 {
		return 0, false
	}
	r1, ties, hasTies := 0.0, 0, false
	i, j, pos := 0, 0, 0
	for i < n1 || j < n2 {
		var v float64 // the group's value: the smaller head
		if j == n2 || i < n1 && b[i] < n[j] {
			v = b[i]
		} else {
			v = n[j]
		}
		c1, c2 := 0, 0
		for ; i < n1 && b[i] == v; i++ {
			c1++
		}
		for ; j < n2 && n[j] == v; j++ {
			c2++
		}
		rank1 := pos + 1
		pos += c1 + c2
		if c1 != 0 {
			rank := float64(pos+rank1) / 2
			r1 += rank * float64(c1)
		}
		size := c1 + c2
		ties += size*size*size - size
		if size > 1 {
			hasTies = true
		}
	}
	if !hasTies && n1 <= moremath.MannWhitneyExactLimit && n2 <= moremath.MannWhitneyExactLimit ||
		hasTies && n1 <= moremath.MannWhitneyTiesExactLimit && n2 <= moremath.MannWhitneyTiesExactLimit {
		return 0, false
	}
	u1 := r1 - float64(n1*(n1+1))/2
	t := float64(ties)
	nn := float64(n1 + n2)
	mu := float64(n1*n2) / 2
	sigma := math.Sqrt(float64(n1*n2) * ((nn + 1) - t/(nn*(nn-1))) / 12)
	if sigma == 0 {
		return 0, false
	}
	numer := u1 - mu
	numer -= mathx.Sign(numer) * 0.5
	z := numer / sigma
	return 2 * math.Min(moremath.StdNormal.CDF(z), 1-moremath.StdNormal.CDF(z)), true
}
