package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/aclements/go-moremath/mathx"
	moremath "github.com/aclements/go-moremath/stats"
)

// tiedSamples returns sorted samples of sizes n1 and n2 drawn from k
// distinct values (so that they tie), the second shifted by shift steps.
func tiedSamples(rng *rand.Rand, n1, n2, k, shift int) (b, n []float64) {
	b, n = make([]float64, n1), make([]float64, n2)
	for i := range b {
		b[i] = 28 + 0.01*float64(rng.IntN(k))
	}
	for i := range n {
		n[i] = 28 + 0.01*float64(rng.IntN(k)+shift)
	}
	slices.Sort(b)
	slices.Sort(n)
	return b, n
}

// The U-test with ties gives moremath's p-value bit for bit, whatever the
// pattern of ties, and the cache returns it again.
func TestUTiesMatchesMoremath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cache := NewUCache()
	tested := 0
	for i := 0; i < 3000; i++ {
		n1 := uFastMin + rng.IntN(moremath.MannWhitneyTiesExactLimit-uFastMin+1)
		n2 := uFastMin + rng.IntN(moremath.MannWhitneyTiesExactLimit-uFastMin+1)
		k := 2 + rng.IntN(60) // 2 values: heavy ties; 60: a few
		b, n := tiedSamples(rng, n1, n2, k, rng.IntN(4))
		want, err := moremath.MannWhitneyUTest(b, n, moremath.LocationDiffers)
		got, ok := cache.uTiesCached(b, n, 0.05)
		if err != nil { // all equal: benchmath's business
			if ok {
				t.Fatalf("n=%d+%d k=%d: uTiesCached answered p=%v where moremath fails: %v", n1, n2, k, got, err)
			}
			continue
		}
		if !ok {
			if hasTie(b, n) {
				t.Fatalf("n=%d+%d k=%d: tied samples not taken", n1, n2, k)
			}
			continue
		}
		tested++
		if math.Float64bits(got) != math.Float64bits(want.P) {
			t.Fatalf("n=%d+%d k=%d: p=%v (%b), moremath %v (%b)\nb=%v\nn=%v", n1, n2, k, got, math.Float64bits(got), want.P, math.Float64bits(want.P), b, n)
		}
		if again, _ := cache.uTiesCached(b, n, 0.05); again != got {
			t.Fatalf("cached p=%v, first %v", again, got)
		}
	}
	if tested < 2000 {
		t.Errorf("only %d of 3000 tied comparisons took the fast path", tested)
	}
}

func hasTie(b, n []float64) bool {
	all := append(append([]float64(nil), b...), n...)
	slices.Sort(all)
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] {
			return true
		}
	}
	return false
}

// uTiesCount is moremath's UDist.CDF with ties, for every U of some tie
// patterns (not only those of a sample's U).
func TestUTiesCountEveryU(t *testing.T) {
	for _, tc := range []struct {
		n1 int
		t  []int
	}{
		{10, []int{1, 2, 1, 3, 1, 1, 4, 2, 1, 1, 2, 1}},
		{12, []int{5, 5, 5, 5, 4}},
		{11, []int{2, 20}},
		{13, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}},
	} {
		N := 0
		for _, x := range tc.t {
			N += x
		}
		n2 := N - tc.n1
		d := moremath.UDist{N1: tc.n1, N2: n2, T: tc.t}
		for twoU := 0; twoU < 2*tc.n1*n2; twoU++ {
			want := d.CDF(float64(twoU) / 2)
			got := uTiesCount(twoU, tc.n1, tc.t, newChooseTable(N), nil) / mathx.Choose(N, tc.n1)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n1=%d t=%v 2U=%d: %v, moremath %v", tc.n1, tc.t, twoU, got, want)
			}
		}
	}
}

func BenchmarkUTies(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	type pair struct{ b, n []float64 }
	var ps []pair
	for range 64 {
		x, y := tiedSamples(rng, 16, 16, 30, 1)
		ps = append(ps, pair{x, y})
	}
	b.Run("moremath", func(b *testing.B) {
		i := 0
		for b.Loop() {
			p := ps[i%len(ps)]
			moremath.MannWhitneyUTest(p.b, p.n, moremath.LocationDiffers)
			i++
		}
	})
	b.Run("uTiesCached-cold", func(b *testing.B) { // every pattern new
		c := NewUCache()
		i := 0
		for b.Loop() {
			p := ps[i%len(ps)]
			c.ties = map[string]float64{}
			c.uTiesCached(p.b, p.n, 0.05)
			i++
		}
	})
}

// realTies are the tie patterns (n1 = n2 = 16, 2U, tie vector) of the
// tied benchmarks of the real database's task 3 (sweepstat check's).
var realTies = []struct {
	twoU int
	t    []int
}{
	{171, []int{1, 1, 1, 2, 1, 1, 1, 1, 2, 2, 1, 2, 2, 1, 2, 3, 2, 1, 1, 3, 1}},
	{167, []int{1, 1, 1, 1, 1, 2, 1, 1, 2, 3, 1, 1, 4, 1, 2, 1, 1, 3, 1, 1, 1, 1}},
	{87, []int{1, 1, 1, 4, 1, 1, 2, 3, 1, 2, 1, 3, 1, 1, 1, 1, 2, 1, 2, 2}},
	{136, []int{1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 2, 3, 2, 4, 2, 1, 1, 1, 1, 1, 1, 1}},
	{191, []int{1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
	{146, []int{1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1}},
	{121, []int{1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1}},
	{93, []int{1, 3, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 2, 1, 1, 1}},
}

// uTiesCount is moremath's UDist.CDF on the real database's tie patterns,
// at their U and at random ones (only the entries the U reaches are
// computed: each U reaches others).
func TestUTiesCountReal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ch := newChooseTable(2 * moremath.MannWhitneyTiesExactLimit)
	for _, r := range realTies {
		d := moremath.UDist{N1: 16, N2: 16, T: r.t}
		for i, twoU := range []int{r.twoU, rng.IntN(512), rng.IntN(512), rng.IntN(512)} {
			want := d.CDF(float64(twoU) / 2)
			got := uTiesCount(twoU, 16, r.t, ch, nil) / mathx.Choose(32, 16)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("t=%v 2U=%d (%d): %v, moremath %v", r.t, twoU, i, got, want)
			}
		}
	}
}

// BenchmarkUTiesCountReal measures the exact U distribution with ties of
// the real database's tied benchmarks (each pattern new: one op is all 8).
func BenchmarkUTiesCountReal(b *testing.B) {
	ch := newChooseTable(2 * moremath.MannWhitneyTiesExactLimit)
	sc := new(uScratch) // as a UCache's worker reuses it
	for b.Loop() {
		for _, r := range realTies {
			uTiesCount(r.twoU, 16, r.t, ch, sc)
		}
	}
}

// uTiesCount with a scratch of earlier calls (other sizes, other ties,
// stale values in its arrays) counts what it counts with new arrays.
func TestUTiesCountScratch(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 17))
	ch := newChooseTable(2 * moremath.MannWhitneyTiesExactLimit)
	sc := new(uScratch)
	for i := range 400 {
		n1 := uFastMin + rng.IntN(moremath.MannWhitneyTiesExactLimit-uFastMin+1)
		n2 := uFastMin + rng.IntN(moremath.MannWhitneyTiesExactLimit-uFastMin+1)
		var g []int
		for left := n1 + n2; left > 0; {
			x := min(left, 1+rng.IntN(4))
			g = append(g, x)
			left -= x
		}
		if len(g) < 2 {
			continue
		}
		twoU := rng.IntN(2*n1*n2 + 1)
		want := uTiesCount(twoU, n1, g, ch, nil)
		if got := uTiesCount(twoU, n1, g, ch, sc); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%d: n1=%d t=%v 2U=%d: %v with a used scratch, %v with new arrays", i, n1, g, twoU, got, want)
		}
	}
}

// twoUBoundsAll gives every count's twoUBounds, on random tie patterns.
func TestTwoUBoundsAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 500 {
		g := make([]int, 1+rng.IntN(30))
		for i := range g {
			g[i] = 1 + rng.IntN(5)
		}
		a := make([]int, len(g)+1)
		a[1] = g[0]
		for k := 2; k <= len(g); k++ {
			a[k] = a[k-1] + g[k-2] + g[k-1]
		}
		total := 0
		for _, x := range g {
			total += x
		}
		lo, hi := make([]int, total+1), make([]int, total+1)
		twoUBoundsAll(g, a, lo, hi)
		for m := range lo {
			if wl, wh := twoUBounds(m, g, a); lo[m] != wl || hi[m] != wh {
				t.Fatalf("t=%v m=%d: bounds %d, %d; twoUBounds %d, %d", g, m, lo[m], hi[m], wl, wh)
			}
		}
	}
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
