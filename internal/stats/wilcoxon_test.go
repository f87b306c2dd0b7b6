package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteWilcoxon computes the two-sided signed-rank p-value by enumerating
// all 2ⁿ sign assignments of the ranks of |d| (zeros dropped, mid-ranks for
// ties): the fraction whose W+ is at least as far from its mean n(n+1)/4
// as the observed one.
func bruteWilcoxon(d []float64) float64 {
	var nz []float64
	for _, x := range d {
		if x != 0 {
			nz = append(nz, x)
		}
	}
	n := len(nz)
	rank := make([]float64, n)
	for i, x := range nz {
		less, equal := 0, 0
		for _, y := range nz {
			if math.Abs(y) < math.Abs(x) {
				less++
			} else if math.Abs(y) == math.Abs(x) {
				equal++
			}
		}
		rank[i] = float64(less) + float64(equal+1)/2
	}
	obs := 0.0
	for i, x := range nz {
		if x > 0 {
			obs += rank[i]
		}
	}
	mean := float64(n*(n+1)) / 4
	extreme := 0
	for mask := 0; mask < 1<<n; mask++ {
		w := 0.0
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				w += rank[i]
			}
		}
		if math.Abs(w-mean) >= math.Abs(obs-mean)-1e-9 {
			extreme++
		}
	}
	return float64(extreme) / float64(int(1)<<n)
}

func TestWilcoxonExactBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cases := [][]float64{
		{1, 2, 3, 4},     // minimum p for n = 4: 2/16
		{-1, -2, -3, -4}, // and the other side
		{1, -2, 3, 4, -5, 6},
		{0, 1, 2, -2, 3, 3, -3}, // a zero and ties
		{0, 0},
	}
	for i := 0; i < 100; i++ {
		n := 1 + rng.IntN(14)
		d := make([]float64, n)
		for j := range d {
			// Coarse values make ties and zeros.
			d[j] = float64(rng.IntN(9)-3) / 2
		}
		cases = append(cases, d)
	}
	for _, d := range cases {
		got, err := WilcoxonSignedRank(d)
		if err != nil {
			t.Fatal(err)
		}
		want := 1.0
		if len(d) > 0 {
			want = bruteWilcoxon(d)
		}
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("WilcoxonSignedRank(%v) = %v, brute force %v", d, got, want)
		}
	}
	if p, _ := WilcoxonSignedRank([]float64{1, 2, 3, 4}); p != 0.125 {
		t.Errorf("n=4 all positive: p = %v, want 0.125", p)
	}
}

// TestWilcoxonNormal checks the normal approximation (n = 30 with ties and
// a zero) against a value computed in Python from the formula.
func TestWilcoxonNormal(t *testing.T) {
	d := []float64{0.8, -1.0, 1.5, -1.7, 2.5, -3.0, 3.8, -0.5, 1.0, -1.2, 2.0, -2.5, 3.3, -3.5, 0.5,
		-0.7, 1.5, -2.0, 2.8, -3.0, 3.5, -0.2, 1.0, -1.5, 2.3, -2.5, 3.0, -3.2, 0.5, -1.0, 0.0}
	got, err := WilcoxonSignedRank(d)
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.869204776208; !near(got, want, 1e-10) {
		t.Errorf("p = %.12g, want %.12g", got, want)
	}
}

// TestWilcoxonExactMeetsNormal checks that at n = WilcoxonExactN the
// normal approximation is close to the exact p-value.
func TestWilcoxonExactMeetsNormal(t *testing.T) {
	d := make([]float64, WilcoxonExactN)
	for i := range d {
		d[i] = float64(i + 1)
		if i%3 == 0 {
			d[i] = -d[i]
		}
	}
	exact, _ := wilcoxon(d, WilcoxonExactN)
	approx, _ := wilcoxon(d, 0)
	if math.Abs(exact-approx) > 0.01 {
		t.Errorf("exact %v and approximate %v p-values differ", exact, approx)
	}
}

func TestWilcoxonErrors(t *testing.T) {
	if _, err := WilcoxonSignedRank([]float64{1, math.NaN()}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: err = %v", err)
	}
}
