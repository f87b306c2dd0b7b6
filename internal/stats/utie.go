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
// every draw (a binomial coefficient), those below none. uTiesCount does
// the same over dense arrays instead of maps: the entries of a level are
// laid out by count and 2U (uLevel), the reached ones listed backwards,
// and only those computed forwards — a tenth of the entries that fit the
// level's bounds, on the real database's tie patterns — each the same
// float64 sum of the same products in the same order.
func uTiesCount(twoU, n1 int, t []int, ch chooseTable) float64 {
	K := len(t)
	a := make([]int, K+1)
	a[1] = t[0]
	for k := 2; k <= K; k++ {
		a[k] = a[k-1] + t[k-2] + t[k-1]
	}
	N2 := t[0] + t[1]
	level2 := func(m, u int) float64 { // makeUmemo's closed form of level 2
		sum := 0.0
		r2Low := max(0, m-t[0])
		// makeUmemo's bound, cut at min(m, t[1]): the terms above it are
		// products with a zero binomial coefficient, whose adding leaves
		// the sum as it is (the terms are finite and not negative).
		r2High := min((u-m*(t[0]-m))/N2, m, t[1])
		for r2 := r2Low; r2 <= r2High; r2++ {
			sum += ch.c(t[0], m-r2) * ch.c(t[1], r2)
		}
		return sum
	}
	if K == 2 {
		return level2(n1, twoU)
	}
	lv := uLevels(twoU, n1, t, a)
	reach := uReached(twoU, n1, t, a, lv)
	// Forwards: level 2 in closed form, then each level's reached entries
	// from the level below, into two buffers taking turns.
	size := 0
	for k := 2; k < K; k++ {
		size = max(size, lv[k].size())
	}
	prev, cur := make([]float64, size), make([]float64, size)
	for _, e := range reach[2] {
		prev[lv[2].index(e.m, e.u)] = level2(e.m, e.u)
	}
	tsum := t[0]                         // ∑ t[0:k-1]
	entry := func(k, m, u int) float64 { // makeUmemo's sum for (m, u) of level k
		p := &lv[k-1]
		sum := 0.0
		for rk := max(0, m-tsum); rk <= min(m, t[k-1]); rk++ {
			u1 := u - rk*(a[k]-2*m+rk)
			m1 := m - rk
			x := 0.0
			switch {
			case m1 < p.mlo || m1 > p.mhi || u1 < p.lo[m1]:
			case u1 > p.hi[m1]:
				x = ch.c(tsum, m1)
			default:
				x = prev[p.index(m1, u1)]
			}
			sum += x * ch.c(t[k-1], rk)
		}
		return sum
	}
	for k := 3; k < K; k++ {
		tsum += t[k-2]
		for _, e := range reach[k] {
			cur[lv[k].index(e.m, e.u)] = entry(k, e.m, e.u)
		}
		prev, cur = cur, prev
	}
	tsum += t[K-2]
	return entry(K, n1, twoU) // the last level: the one entry asked for
}

// A uLevel lays out the entries of one level of uTiesCount (groups t[:k])
// that can be reached: counts m in mlo..mhi (draws from t[:k] that leave
// at most what t[k:] holds), 2U in lo[m]..min(hi[m], twoU) (moremath's
// twoUmin and twoUmax; 2U only falls going down from the target).
type uLevel struct {
	mlo, mhi int
	lo, hi   []int // per m: twoUmin, twoUmax
	off      []int // per m: index of (m, lo[m]); off[mhi+1] is the size
}

// size returns the number of entries of the level.
func (l *uLevel) size() int { return l.off[l.mhi+1] }

// index returns the position of entry (m, u), which the level holds.
func (l *uLevel) index(m, u int) int { return l.off[m] + u - l.lo[m] }

// uLevels returns the layouts of levels 2 to len(t)−1 of uTiesCount (at
// those indices), a as in makeUmemo.
func uLevels(twoU, n1 int, t, a []int) []uLevel {
	K := len(t)
	total := 0
	for _, x := range t {
		total += x
	}
	lv := make([]uLevel, K)
	ints := make([]int, 3*(n1+2)*K) // every level's lo, hi and off
	take := func() []int {
		s := ints[: n1+2 : n1+2]
		ints = ints[n1+2:]
		return s
	}
	prefix := t[0]
	for k := 2; k < K; k++ {
		prefix += t[k-1]
		l := uLevel{mlo: max(0, n1-(total-prefix)), mhi: min(n1, prefix), lo: take(), hi: take(), off: take()}
		for m := l.mlo; m <= l.mhi; m++ {
			l.lo[m], l.hi[m] = twoUBounds(m, t[:k], a)
			l.off[m+1] = l.off[m] + max(min(l.hi[m], twoU)-l.lo[m]+1, 0)
		}
		lv[k] = l
	}
	return lv
}

// A uEntry is an entry of a level of uTiesCount: a count and a 2U.
type uEntry struct{ m, u int }

// uReached returns, per level 2 to len(t)−1, the entries whose values the
// last level's entry (n1, twoU) needs, each once: going backwards, those
// of the level below that an entry reaches with 2U between twoUmin and
// twoUmax (the others are a binomial coefficient, or none).
func uReached(twoU, n1 int, t, a []int, lv []uLevel) [][]uEntry {
	K := len(t)
	reach := make([][]uEntry, K)
	size := 0
	for k := 2; k < K; k++ {
		size = max(size, lv[k].size())
	}
	seen := make([]bool, size)
	all := make([]uEntry, 1, 1+size) // every level's, one after another
	all[0] = uEntry{n1, twoU}
	from := all
	tsum := 0 // ∑ t[0:k-1]
	for _, x := range t[:K-1] {
		tsum += x
	}
	for k := K; k > 2; k-- {
		p := &lv[k-1]
		start := len(all)
		for _, e := range from {
			for rk := max(0, e.m-tsum); rk <= min(e.m, t[k-1]); rk++ {
				u1 := e.u - rk*(a[k]-2*e.m+rk)
				m1 := e.m - rk
				if m1 < p.mlo || m1 > p.mhi || u1 < p.lo[m1] || u1 > p.hi[m1] {
					continue
				}
				if i := p.index(m1, u1); !seen[i] {
					seen[i] = true
					all = append(all, uEntry{m1, u1})
				}
			}
		}
		next := all[start:len(all):len(all)]
		for _, e := range next {
			seen[p.index(e.m, e.u)] = false
		}
		tsum -= t[k-2]
		reach[k-1] = next
		from = next
	}
	return reach
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
