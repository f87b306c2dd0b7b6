package stats

import (
	"math"

	"github.com/aclements/go-moremath/mathx"
	moremath "github.com/aclements/go-moremath/stats"
)

// The U-test with ties. Samples rounded to the printed step (llm_bench's
// 0.01 tokens/s) tie often; then moremath computes the exact distribution
// of U given the tie pattern with a memo of hash maps (UDist.CDF, whose
// makeUmemo recomputes the bounds of every entry), a millisecond a
// benchmark. uTiesP computes the same recursion over dense arrays with the
// bounds tabulated — the same sums of the same products in the same order,
// so the same float64 — and the UCache remembers each result by sample
// sizes, tie pattern and U.

// uTiesCached returns the two-sided U-test p-value of the sorted samples b
// and n exactly as moremath.MannWhitneyUTest computes it, when they tie
// and the sizes allow its exact distribution with ties; ok is false
// otherwise (no ties: uTestCached; all equal, or sizes out of range:
// benchmath).
func (c *UCache) uTiesCached(b, n []float64, alpha float64) (p float64, ok bool) {
	n1, n2 := len(b), len(n)
	if c == nil || n1 < uFastMin || n2 < uFastMin || alpha < 1e-4 ||
		n1 > moremath.MannWhitneyTiesExactLimit || n2 > moremath.MannWhitneyTiesExactLimit {
		return 0, false
	}
	// U1 and the tie vector T as MannWhitneyUTest computes them: the
	// average rank of each group of equal values, summed over b's.
	key := make([]byte, 2, 2+n1+n2+2) // n1, n2, T, 2U
	key[0], key[1] = byte(n1), byte(n2)
	T := key[2:2]
	R1, ties := 0.0, false
	i, j, pos := 0, 0, 0 // next of b, next of n, values merged
	for pos < n1+n2 {
		rank1 := pos + 1
		v := math.Inf(1)
		if i < n1 {
			v = b[i]
		}
		if j < n2 && n[j] < v {
			v = n[j]
		}
		nx1 := 0
		for ; i < n1 && b[i] == v; i++ {
			nx1++
			pos++
		}
		for ; j < n2 && n[j] == v; j++ {
			pos++
		}
		if nx1 != 0 {
			R1 += float64(pos+rank1) / 2 * float64(nx1)
		}
		T = append(T, byte(pos-rank1+1))
		ties = ties || pos > rank1
	}
	if !ties || len(T) == 1 {
		return 0, false
	}
	U1 := R1 - float64(n1*(n1+1))/2
	U2 := float64(n1*n2) - U1
	if U1 == U2 {
		return 1, true
	}
	U := math.Min(U1, U2)
	twoU := int(2 * U)
	k := append(key[:2+len(T):2+len(T)], byte(twoU), byte(twoU>>8))
	c.mu.Lock()
	p, hit := c.ties[string(k)]
	c.mu.Unlock()
	if hit {
		return p, true
	}
	t := make([]int, len(T))
	for i, x := range T {
		t[i] = int(x)
	}
	if U < 0 {
		p = 0
	} else if U >= float64(n1*n2) {
		p = 1
	} else {
		p = uTiesCount(twoU, n1, t, c.chooseTable()) / mathx.Choose(n1+n2, n1)
	}
	p *= 2
	c.mu.Lock()
	c.ties[string(k)] = p
	c.mu.Unlock()
	return p, true
}

// uTiesCount returns moremath's makeUmemo(twoU, n1, t)[len(t)][{n1, twoU}]:
// the number of ways to draw n1 of the tied groups' members whose doubled
// U statistic is at most twoU, with ch the binomial coefficients
// (mathx.Choose) up to the number of members.
//
// makeUmemo finds the (count, 2U) entries of each level (groups t[:k])
// that the last level reaches, backwards, then computes their values
// forwards, level 2 in closed form. An entry's value is a sum over the
// entries one level down, in a fixed order; those it reaches with 2U
// between twoUmin and twoUmax are themselves reached, those above count
// every draw (a binomial coefficient), those below none. So computing
// every entry that can be reached — counts that fit the groups so far and
// the groups left, 2U from twoUmin to the target (2U only falls going
// down) — level by level over dense arrays gives the reached entries the
// same values, the same float64 sums of the same products in the same
// order, without the maps.
func uTiesCount(twoU, n1 int, t []int, ch chooseTable) float64 {
	K := len(t)
	a := make([]int, K+1)
	a[1] = t[0]
	for k := 2; k <= K; k++ {
		a[k] = a[k-1] + t[k-2] + t[k-1]
	}
	total := 0
	for _, x := range t {
		total += x
	}
	// Level k holds m in mlo..mhi (draws from t[:k] that leave at most
	// what t[k:] holds), 2U in lo[m]..min(hi[m], twoU).
	type level struct {
		mlo, mhi int
		lo, hi   []int // per m: twoUmin, twoUmax
		off      []int // per m: index of (m, lo[m]) in val
		val      []float64
	}
	prefix := 0
	mk := func(k int) level {
		prefix += t[k-1]
		lv := level{mlo: max(0, n1-(total-prefix)), mhi: min(n1, prefix)}
		lv.lo, lv.hi, lv.off = make([]int, n1+1), make([]int, n1+1), make([]int, n1+2)
		for m := lv.mlo; m <= lv.mhi; m++ {
			lv.lo[m], lv.hi[m] = twoUBounds(m, t[:k], a)
			lv.off[m+1] = lv.off[m] + max(min(lv.hi[m], twoU)-lv.lo[m]+1, 0)
		}
		for m := lv.mhi + 1; m <= n1; m++ {
			lv.off[m+1] = lv.off[m]
		}
		lv.val = make([]float64, lv.off[lv.mhi+1])
		return lv
	}
	N2 := t[0] + t[1]
	level2 := func(m, u int) float64 { // makeUmemo's closed form of level 2
		sum := 0.0
		r2Low := max(0, m-t[0])
		r2High := (u - m*(t[0]-m)) / N2
		for r2 := r2Low; r2 <= r2High; r2++ {
			sum += ch.c(t[0], m-r2) * ch.c(t[1], r2)
		}
		return sum
	}
	if K == 2 {
		return level2(n1, twoU)
	}
	mk(1) // prefix: t[0]
	prev := mk(2)
	for m := prev.mlo; m <= prev.mhi; m++ {
		for u := prev.lo[m]; u <= min(prev.hi[m], twoU); u++ {
			prev.val[prev.off[m]+u-prev.lo[m]] = level2(m, u)
		}
	}
	tsum := t[0]                         // ∑ t[0:k-1]
	entry := func(k, m, u int) float64 { // makeUmemo's sum for (m, u) of level k
		sum := 0.0
		for rk := max(0, m-tsum); rk <= min(m, t[k-1]); rk++ {
			u1 := u - rk*(a[k]-2*m+rk)
			m1 := m - rk
			x := 0.0
			switch {
			case m1 < prev.mlo || m1 > prev.mhi || u1 < prev.lo[m1]:
			case u1 > prev.hi[m1]:
				x = ch.c(tsum, m1)
			default:
				x = prev.val[prev.off[m1]+u1-prev.lo[m1]]
			}
			sum += x * ch.c(t[k-1], rk)
		}
		return sum
	}
	for k := 3; k < K; k++ {
		tsum += t[k-2]
		cur := mk(k)
		for m := cur.mlo; m <= cur.mhi; m++ {
			for u := cur.lo[m]; u <= min(cur.hi[m], twoU); u++ {
				cur.val[cur.off[m]+u-cur.lo[m]] = entry(k, m, u)
			}
		}
		prev = cur
	}
	tsum += t[K-2]
	return entry(K, n1, twoU) // the last level: the one entry asked for
}

// A chooseTable holds mathx.Choose(n, k) for n up to its size − 1.
type chooseTable [][]float64

func newChooseTable(n int) chooseTable {
	ch := make(chooseTable, n+1)
	for i := range ch {
		ch[i] = make([]float64, i+1)
		for k := range ch[i] {
			ch[i][k] = mathx.Choose(i, k)
		}
	}
	return ch
}

// c returns mathx.Choose(n, k): 0 for k outside 0..n.
func (ch chooseTable) c(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	return ch[n][k]
}

// twoUBounds returns moremath's twoUmin and twoUmax of n1 draws from the
// groups t (a as in makeUmemo).
func twoUBounds(n1 int, t, a []int) (lo, hi int) {
	lo, left := -n1*n1, n1
	for k := 1; k <= len(t); k++ {
		d := min(left, t[k-1])
		lo += d * a[k]
		left -= d
	}
	hi, left = -n1*n1, n1
	for k := len(t); k > 0; k-- {
		d := min(left, t[k-1])
		hi += d * a[k]
		left -= d
	}
	return lo, hi
}
