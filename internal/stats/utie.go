package stats

import (
	"math"
	"math/bits"

	"github.com/aclements/go-moremath/mathx"
	moremath "github.com/aclements/go-moremath/stats"
)

// The U-test with ties. Samples rounded to the printed step (llm_bench's
// 0.01 tokens/s) tie often; then moremath computes the exact distribution
// of U given the tie pattern with a memo of hash maps (UDist.CDF, whose
// makeUmemo recomputes the bounds of every entry), a millisecond a
// benchmark. uTiesCount computes the same recursion over dense arrays with
// the bounds tabulated, only for the entries the asked one reaches (marked
// in bit sets) — the same sums of the same products in the same order, so
// the same float64 — and the UCache remembers each result by sample
// sizes, tie pattern and U. Tie patterns seldom recur (the real
// database's eight tied benchmarks have eight), so the time is in
// uTiesCount: about 80 µs a benchmark of 16 vs 16 samples.

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
		sc, _ := c.scratch.Get().(*uScratch)
		p = uTiesCount(twoU, n1, t, c.chooseTable(n1+n2), sc) / mathx.Choose(n1+n2, n1)
		c.scratch.Put(sc)
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
// laid out by count and 2U (uLevel), the reached ones marked backwards in
// bit sets (uReached), and only those computed forwards — a tenth of the
// entries that fit the level's bounds, on the real database's tie
// patterns — each the same float64 sum of the same products in the same
// order.
//
// sc holds the memory of the arrays, given back for the next call (nil: a
// new one).
func uTiesCount(twoU, n1 int, t []int, ch chooseTable, sc *uScratch) float64 {
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
	if sc == nil {
		sc = new(uScratch)
	}
	lv, words := uLevels(twoU, n1, t, a, sc)
	reach := uReached(twoU, n1, t, a, lv, words, sc)
	// Forwards: level 2 in closed form, then each level's reached entries
	// from the level below, into two buffers taking turns. Only reached
	// entries are read, each written before: the buffers need no clearing.
	size := 0
	for k := 2; k < K; k++ {
		size = max(size, lv[k].size())
	}
	sc.prev, sc.cur = grow(sc.prev, size), grow(sc.cur, size)
	prev, cur := sc.prev, sc.cur
	l := &lv[2]
	for m := l.mlo; m <= l.mhi; m++ {
		for w, x := range l.set(reach, m) {
			for ; x != 0; x &= x - 1 {
				i := w*64 + bits.TrailingZeros64(x)
				prev[l.off[m]+i] = level2(m, l.lo[m]+i)
			}
		}
	}
	tsum := t[0] // ∑ t[0:k-1]
	for k := 3; k < K; k++ {
		tsum += t[k-2]
		l := &lv[k]
		for m := l.mlo; m <= l.mhi; m++ {
			for w, x := range l.set(reach, m) {
				for ; x != 0; x &= x - 1 {
					i := w*64 + bits.TrailingZeros64(x)
					cur[l.off[m]+i] = uEntry(&lv[k-1], prev, ch, a[k], t[k-1], tsum, m, l.lo[m]+i)
				}
			}
		}
		prev, cur = cur, prev
	}
	tsum += t[K-2]
	return uEntry(&lv[K-1], prev, ch, a[K], t[K-1], tsum, n1, twoU) // the last level: the one entry asked for
}

// uEntry returns makeUmemo's sum for the entry (m, u) of a level k whose
// group t[k−1] holds tk members, a[k] = ak, from the level below: its
// layout p, its values prev, the members of its groups tsum.
func uEntry(p *uLevel, prev []float64, ch chooseTable, ak, tk, tsum, m, u int) float64 {
	// rk from max(0, m−tsum) to min(m, tk): 0 ≤ m−rk ≤ tsum, so both
	// binomial coefficients are within their rows.
	chk, chs := ch[tk], ch[tsum]
	sum := 0.0
	for rk := max(0, m-tsum); rk <= min(m, tk); rk++ {
		u1 := u - rk*(ak-2*m+rk)
		m1 := m - rk
		x := 0.0
		switch {
		case m1 < p.mlo || m1 > p.mhi || u1 < p.lo[m1]:
		case u1 > p.hi[m1]:
			x = chs[m1]
		default:
			x = prev[p.off[m1]+u1-p.lo[m1]]
		}
		sum += x * chk[rk]
	}
	return sum
}

// A uLevel lays out the entries of one level of uTiesCount (groups t[:k])
// that can be reached: counts m in mlo..mhi (draws from t[:k] that leave
// at most what t[k:] holds), 2U in lo[m]..min(hi[m], twoU) (moremath's
// twoUmin and twoUmax; 2U only falls going down from the target).
type uLevel struct {
	mlo, mhi int
	lo, hi   []int // per m: twoUmin, twoUmax
	off      []int // per m: index of (m, lo[m]); off[mhi+1] is the size
	woff     []int // per m: the first word of m's bit set (uReached)
}

// size returns the number of entries of the level.
func (l *uLevel) size() int { return l.off[l.mhi+1] }

// index returns the position of entry (m, u), which the level holds.
func (l *uLevel) index(m, u int) int { return l.off[m] + u - l.lo[m] }

// set returns the bit set of count m in reach: bit i stands for 2U
// lo[m]+i, entry off[m]+i.
func (l *uLevel) set(reach []uint64, m int) []uint64 { return reach[l.woff[m]:l.woff[m+1]] }

// uLevels returns the layouts of levels 2 to len(t)−1 of uTiesCount (at
// those indices), a as in makeUmemo, and the words of their bit sets.
func uLevels(twoU, n1 int, t, a []int, sc *uScratch) (lv []uLevel, words int) {
	K := len(t)
	total := 0
	for _, x := range t {
		total += x
	}
	sc.lv = grow(sc.lv, K)
	lv = sc.lv
	sc.ints = grow(sc.ints, 4*(n1+2)*K) // every level's lo, hi, off and woff
	ints := sc.ints
	clear(ints)
	take := func() []int {
		s := ints[: n1+2 : n1+2]
		ints = ints[n1+2:]
		return s
	}
	prefix := t[0]
	for k := 2; k < K; k++ {
		prefix += t[k-1]
		l := uLevel{mlo: max(0, n1-(total-prefix)), mhi: min(n1, prefix), lo: take(), hi: take(), off: take(), woff: take()}
		l.woff[l.mlo] = words
		twoUBoundsAll(t[:k], a, l.lo[:l.mhi+1], l.hi[:l.mhi+1])
		for m := l.mlo; m <= l.mhi; m++ {
			n := max(min(l.hi[m], twoU)-l.lo[m]+1, 0)
			l.off[m+1] = l.off[m] + n
			words += (n + 63) / 64
			l.woff[m+1] = words
		}
		lv[k] = l
	}
	return lv, words
}

// uReached returns the bit sets (uLevel.set) of the entries of levels 2 to
// len(t)−1 whose values the last level's entry (n1, twoU) needs: going
// backwards, those of the level below that an entry reaches with 2U
// between twoUmin and twoUmax (the others are a binomial coefficient, or
// none). Count m with rk of group k−1's members drawn reaches count m−rk
// with 2U lowered by the same rk·(a[k]−2m+rk) whatever the 2U: a level's
// set for m is the sets of the level above shifted, masked to the
// bounds, whole words at a time.
func uReached(twoU, n1 int, t, a []int, lv []uLevel, words int, sc *uScratch) []uint64 {
	K := len(t)
	sc.reach = grow(sc.reach, words)
	reach := sc.reach
	clear(reach)
	tsum := 0 // ∑ t[0:k-1]
	for _, x := range t[:K-1] {
		tsum += x
	}
	p := &lv[K-1]
	for rk := max(0, n1-tsum); rk <= min(n1, t[K-1]); rk++ {
		m1, u1 := n1-rk, twoU-rk*(a[K]-2*n1+rk)
		if m1 >= p.mlo && m1 <= p.mhi && u1 >= p.lo[m1] && u1 <= p.hi[m1] {
			i := u1 - p.lo[m1]
			p.set(reach, m1)[i/64] |= 1 << (i % 64)
		}
	}
	for k := K - 1; k > 2; k-- {
		tsum -= t[k-1]
		l, p := &lv[k], &lv[k-1]
		for m := l.mlo; m <= l.mhi; m++ {
			src := l.set(reach, m)
			if !anyBit(src) {
				continue
			}
			for rk := max(0, m-tsum); rk <= min(m, t[k-1]); rk++ {
				m1 := m - rk
				if m1 < p.mlo || m1 > p.mhi {
					continue
				}
				// Bit i of src (2U lo[m]+i) reaches 2U lo[m]+i−d, bit i+s.
				s := l.lo[m] - rk*(a[k]-2*m+rk) - p.lo[m1]
				orShifted(p.set(reach, m1), p.off[m1+1]-p.off[m1], src, s)
			}
		}
	}
	return reach
}

// A uScratch holds the arrays of a uTiesCount for the next: a sweep's tied
// comparisons share their sizes, so that the megabyte of arrays that eight
// of them would each make (and the memory pages first written) is made
// once per worker. UCache keeps them in a sync.Pool.
type uScratch struct {
	lv        []uLevel
	ints      []int
	reach     []uint64
	prev, cur []float64
}

// grow returns b with length n, reallocated when too small (the contents
// are not kept).
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// anyBit reports whether a bit of b is set.
func anyBit(b []uint64) bool {
	for _, x := range b {
		if x != 0 {
			return true
		}
	}
	return false
}

// orShifted sets in dst, a set of n bits, bit i+s for every bit i of src
// (those that fall outside 0..n−1 are dropped).
func orShifted(dst []uint64, n int, src []uint64, s int) {
	for w := range dst {
		dst[w] |= bitsFrom(src, w*64-s)
	}
	if r := n % 64; r != 0 && len(dst) > 0 {
		dst[len(dst)-1] &= 1<<r - 1
	}
}

// bitsFrom returns the 64 bits of b from bit p on, as a word (bits before
// 0 or past b are 0).
func bitsFrom(b []uint64, p int) uint64 {
	if p <= -64 || p >= 64*len(b) {
		return 0
	}
	if p < 0 {
		return b[0] << uint(-p)
	}
	w, o := p/64, uint(p%64)
	x := b[w] >> o
	if o != 0 && w+1 < len(b) {
		x |= b[w+1] << (64 - o)
	}
	return x
}

// A chooseTable holds mathx.Choose(n, k) for n up to its size − 1.
type chooseTable [][]float64

func newChooseTable(n int) chooseTable { return chooseTable(nil).extend(n) }

// extend returns ch with the rows up to n added. The rows ch has are
// shared, never written again: a table given out stays valid.
func (ch chooseTable) extend(n int) chooseTable {
	for i := len(ch); i <= n; i++ {
		row := make([]float64, i+1)
		for k := range row {
			row[k] = mathx.Choose(i, k)
		}
		ch = append(ch, row)
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

// twoUBoundsAll sets lo[m] and hi[m] to twoUBounds(m, t, a) for every m
// below len(lo) (at most the members of t): the bounds of m+1 draws are
// those of m with one draw more, from the first group (lo) or the last
// (hi) that has members left, and −m² becoming −(m+1)².
func twoUBoundsAll(t, a, lo, hi []int) {
	sum, k, used := 0, 1, 0 // lo: Σ a[k] over the draws so far, from group k on
	for m := range lo {
		lo[m] = sum - m*m
		for k <= len(t) && used == t[k-1] {
			k, used = k+1, 0
		}
		if k <= len(t) {
			sum, used = sum+a[k], used+1
		}
	}
	sum, k, used = 0, len(t), 0 // hi: from the last group down
	for m := range hi {
		hi[m] = sum - m*m
		for k >= 1 && used == t[k-1] {
			k, used = k-1, 0
		}
		if k >= 1 {
			sum, used = sum+a[k], used+1
		}
	}
}
