package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCorrectionByHand checks adjusted p-values worked out by hand:
// sorted p = 0.005, 0.01, 0.03, 0.04 with m = 4.
// Holm: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
// BH: 0.04·4/4 = 0.04, min(0.04, 0.03·4/3 = 0.04), min(0.04, 0.01·4/2 = 0.02),
// min(0.02, 0.005·4/1 = 0.02).
func TestCorrectionByHand(t *testing.T) {
	nan := math.NaN()
	p := []float64{0.01, nan, 0.04, 0.03, 0.005}
	wantHolm := []float64{0.03, nan, 0.06, 0.06, 0.02}
	wantBH := []float64{0.02, nan, 0.04, 0.04, 0.02}
	if got := Holm(p); !floatsNear(got, wantHolm) {
		t.Errorf("Holm(%v) = %v, want %v", p, got, wantHolm)
	}
	if got := BenjaminiHochberg(p); !floatsNear(got, wantBH) {
		t.Errorf("BenjaminiHochberg(%v) = %v, want %v", p, got, wantBH)
	}
	if got := CorrectionNone.Adjust(p); !floatsNear(got, p) {
		t.Errorf("none: %v", got)
	}
	if got := Holm([]float64{0.5, 0.6}); !floatsNear(got, []float64{1, 1}) {
		t.Errorf("Holm caps at 1: %v", got)
	}
	if got := Holm(nil); len(got) != 0 {
		t.Errorf("Holm(nil) = %v", got)
	}
}

func floatsNear(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool {
		return (math.IsNaN(x) && math.IsNaN(y)) || math.Abs(x-y) < 1e-12
	})
}

// TestCorrectionTextbook uses the 15 p-values of Benjamini and Hochberg
// (1995), section 4: at level 0.05 their procedure rejects 4 hypotheses,
// Holm's (like Bonferroni's) rejects 3.
func TestCorrectionTextbook(t *testing.T) {
	p := []float64{0.0201, 0.0001, 0.3240, 0.0004, 0.0459, 0.0019, 0.4262, 0.0095,
		0.5719, 0.0278, 0.6528, 0.0298, 0.7590, 0.0344, 1.0}
	count := func(adj []float64) int {
		n := 0
		for _, x := range adj {
			if x <= 0.05 {
				n++
			}
		}
		return n
	}
	if got := count(BenjaminiHochberg(p)); got != 4 {
		t.Errorf("BH rejects %d, want 4", got)
	}
	if got := count(Holm(p)); got != 3 {
		t.Errorf("Holm rejects %d, want 3", got)
	}
}

// TestCorrectionProcedures checks the adjusted p-values against the
// step-down (Holm) and step-up (BH) rejection procedures run directly at
// many levels: a hypothesis is rejected at level a exactly when its
// adjusted p is ≤ a.
func TestCorrectionProcedures(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for iter := 0; iter < 200; iter++ {
		m := 1 + rng.IntN(30)
		p := make([]float64, m)
		for i := range p {
			p[i] = math.Pow(rng.Float64(), 3)
			if rng.IntN(10) == 0 && i > 0 {
				p[i] = p[i-1] // ties
			}
		}
		holm, bh := Holm(p), BenjaminiHochberg(p)
		for _, a := range []float64{0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5} {
			rh, rb := holmReject(p, a), bhReject(p, a)
			for i := range p {
				if (holm[i] <= a) != rh[i] {
					t.Fatalf("p=%v a=%v: Holm adjusted %v, procedure rejects %v", p, a, holm, rh)
				}
				if (bh[i] <= a) != rb[i] {
					t.Fatalf("p=%v a=%v: BH adjusted %v, procedure rejects %v", p, a, bh, rb)
				}
			}
		}
	}
}

// holmReject runs Holm's procedure: reject in ascending order while
// p₍ᵢ₎ ≤ a/(m-i+1).
func holmReject(p []float64, a float64) []bool {
	order := argsort(p)
	rej := make([]bool, len(p))
	for i, k := range order {
		if p[k] > a/float64(len(p)-i) {
			break
		}
		rej[k] = true
	}
	return rej
}

// bhReject runs the BH procedure: find the largest i with p₍ᵢ₎ ≤ i·a/m and
// reject the i smallest.
func bhReject(p []float64, a float64) []bool {
	order := argsort(p)
	rej := make([]bool, len(p))
	last := -1
	for i, k := range order {
		if p[k] <= float64(i+1)*a/float64(len(p)) {
			last = i
		}
	}
	for _, k := range order[:last+1] {
		rej[k] = true
	}
	return rej
}

func argsort(p []float64) []int {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpFloat(p[a], p[b]) })
	return idx
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestCorrectionFlag(t *testing.T) {
	var zero Correction
	if zero != CorrectionHolm {
		t.Errorf("zero Correction is %v, want holm", zero)
	}
	for _, s := range []string{"none", "holm", "bh"} {
		var c Correction
		if err := c.Set(s); err != nil || c.String() != s {
			t.Errorf("Set(%q): %v, %v", s, c, err)
		}
	}
	var c Correction
	if err := c.Set("bonferroni"); err == nil {
		t.Error(`Set("bonferroni"): no error`)
	}
}
