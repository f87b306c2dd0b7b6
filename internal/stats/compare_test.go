package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestCompareErrors(t *testing.T) {
	ok := []float64{1, 2, 3}
	for _, tc := range []struct {
		name      string
		base, new []float64
		cfg       Config
		want      error
	}{
		{"empty base", nil, ok, Config{}, ErrNoSamples},
		{"empty new", ok, []float64{}, Config{}, ErrNoSamples},
		{"NaN", []float64{1, math.NaN()}, ok, Config{}, ErrNotFinite},
		{"Inf", ok, []float64{math.Inf(1), 1}, Config{}, ErrNotFinite},
		{"-Inf summary method", ok, []float64{math.Inf(-1), 1}, Config{Method: WelchSummary}, ErrNotFinite},
	} {
		_, err := Compare(tc.base, tc.new, tc.cfg)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "comparing samples: ") {
			t.Errorf("%s: error %q lacks the operation prefix", tc.name, err)
		}
	}
	if _, err := Compare(ok, ok, Config{Alpha: 2}); err == nil {
		t.Error("alpha 2: no error")
	}
	if _, err := CompareSummary(SummaryStats{Mean: 1, Std: -1, N: 3}, SummaryStats{Mean: 1, Std: 1, N: 3}, Config{}); err == nil {
		t.Error("negative std: no error")
	}
	if _, err := CompareSummary(SummaryStats{Mean: 1, N: 0}, SummaryStats{Mean: 1, Std: 1, N: 3}, Config{}); !errors.Is(err, ErrNoSamples) {
		t.Errorf("N=0: err = %v, want ErrNoSamples", err)
	}
}

func TestCompareDoesNotModifyInput(t *testing.T) {
	base := []float64{3, 1, 2, 5, 4, 6, 0}
	new := []float64{9, 7, 8}
	b0, n0 := slices.Clone(base), slices.Clone(new)
	for _, m := range []Method{MannWhitney, Welch, WelchSummary} {
		if _, err := Compare(base, new, Config{Method: m}); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(base, b0) || !slices.Equal(new, n0) {
		t.Errorf("Compare modified its input: %v %v", base, new)
	}
}

// TestWelchTextbook checks Welch's t-test against values computed in
// Python from the definition, integrating the t density numerically
// (Python 3 standard library, Simpson integration of the t density; no
// incomplete beta function involved).
// The first example is Wikipedia's "Welch's t-test" example 1
// (t = 2.22, ν = 24.5, p = 0.036 there).
func TestWelchTextbook(t *testing.T) {
	a := []float64{19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0}
	b := []float64{28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3}
	for _, tc := range []struct {
		base, new     []float64
		wantT, wantDF float64
		wantP         float64
	}{
		{a, b, 2.22551203997, 24.5246349443, 0.03548453083},
		{[]float64{100.0, 101.0, 99.5}, []float64{80.2, 79.1, 81.0}, -28.4418265939, 3.81733457596, 1.37985343833e-05},
	} {
		w := welch(summaryOf(tc.base), summaryOf(tc.new))
		if !near(w.t, tc.wantT, 1e-9) || !near(w.df, tc.wantDF, 1e-9) || !near(w.p, tc.wantP, 1e-7) {
			t.Errorf("welch: t=%v df=%v p=%v, want t=%v df=%v p=%v", w.t, w.df, w.p, tc.wantT, tc.wantDF, tc.wantP)
		}
		for _, m := range []Method{Welch, WelchSummary} {
			c, err := Compare(tc.base, tc.new, Config{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			if !near(c.P, tc.wantP, 1e-7) {
				t.Errorf("Compare(%v): P = %v, want %v", m, c.P, tc.wantP)
			}
		}
	}
	// The 95% t-interval of the mean of a: mean ± 2.2621571628·s/√n.
	s := meanSide(a, 0.95)
	if !near(s.Lo, 18.5088933029, 1e-9) || !near(s.Hi, 20.2311066971, 1e-9) || s.Interval != "95% t-interval" {
		t.Errorf("t-interval of a = %v..%v %q, want 18.5088933029..20.2311066971", s.Lo, s.Hi, s.Interval)
	}
}

// near reports whether got is within relative tolerance tol of want.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1e-300)
}

// TestCompareSummaryMatchesSamples checks the summary-statistics Welch test
// against benchmath.AssumeNormal on the same data (independent code).
func TestCompareSummaryMatchesSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 50; i++ {
		nb, nn := 2+rng.IntN(10), 2+rng.IntN(10)
		base, new := noisy(rng, nb, 100, 1), noisy(rng, nn, 100+rng.Float64()*3, 0.5+rng.Float64())
		fromSamples, err := Compare(base, new, Config{Method: Welch})
		if err != nil {
			t.Fatal(err)
		}
		fromSummary, err := CompareSummary(summaryOf(base), summaryOf(new), Config{})
		if err != nil {
			t.Fatal(err)
		}
		if !near(fromSummary.P, fromSamples.P, 1e-9) || !near(fromSummary.Ratio, fromSamples.Ratio, 1e-12) ||
			!sideNear(fromSummary.Base, fromSamples.Base) || !sideNear(fromSummary.New, fromSamples.New) {
			t.Fatalf("n=%d+%d: summary %+v, samples %+v", nb, nn, fromSummary, fromSamples)
		}
		if fromSummary.Test != WelchSumTest || fromSamples.Test != WelchTest {
			t.Errorf("tests named %q and %q", fromSummary.Test, fromSamples.Test)
		}
	}
}

// sideNear reports whether two sides agree to rounding.
func sideNear(a, b Side) bool {
	return a.N == b.N && a.Statistic == b.Statistic && a.Interval == b.Interval &&
		near(a.Center, b.Center, 1e-12) && near(a.Lo, b.Lo, 1e-12) && near(a.Hi, b.Hi, 1e-12)
}

// noisy returns n samples of mean mu with standard deviation sd.
func noisy(rng *rand.Rand, n int, mu, sd float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = mu + sd*rng.NormFloat64()
	}
	return xs
}

func TestCompareSmallSamples(t *testing.T) {
	// 4 vs 4: Welch on the samples, with a warning, never ±Inf.
	c, err := Compare([]float64{100, 101, 99, 100.5}, []float64{90, 91, 89.5, 90.2}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Test != WelchTest || c.Base.Statistic != "mean" || c.Base.Interval != "95% t-interval" {
		t.Errorf("4 vs 4: Test %q, statistic %q, interval %q", c.Test, c.Base.Statistic, c.Base.Interval)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].Error(), "only n=4 invocations per side: Welch t-test used") {
		t.Errorf("4 vs 4: warnings %v", c.Warnings)
	}
	if c.P > 0.001 || c.Alpha != 0.05 {
		t.Errorf("4 vs 4 with a 10%% effect: P = %v, Alpha = %v", c.P, c.Alpha)
	}
	// 5 vs 5: U-test; the median's CI would be infinite, so the range.
	c, err = Compare([]float64{5, 1, 3, 2, 4}, []float64{6, 7, 8, 9, 10}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Test != UTest || c.Base.Interval != IntervalRange || c.Base.Lo != 1 || c.Base.Hi != 5 || c.Base.Center != 3 {
		t.Errorf("5 vs 5: %+v", c)
	}
	// Exact U-test p for complete separation of 5 vs 5: 2/C(10,5) = 1/126.
	if !near(c.P, 1.0/126, 1e-12) {
		t.Errorf("5 vs 5 separated: P = %v, want 1/126", c.P)
	}
	if math.Abs(c.Delta-(8.0/3-1)) > 1e-15 {
		t.Errorf("5 vs 5: Delta = %v, want 5/3", c.Delta)
	}
	// SmallN 1 restores benchstat's U-test at 3 vs 3, which cannot go below 0.1.
	c, err = Compare([]float64{1, 2, 3}, []float64{7, 8, 9}, Config{SmallN: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c.Test != UTest || !near(c.P, 0.1, 1e-12) {
		t.Errorf("3 vs 3 U-test: %v %v, want p = 0.1", c.Test, c.P)
	}
}

func TestCompareSingleSample(t *testing.T) {
	for _, m := range []Method{MannWhitney, Welch, WelchSummary} {
		c, err := Compare([]float64{10}, []float64{12, 13}, Config{Method: m})
		if err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		if !math.IsNaN(c.P) || c.Test != NoTest || len(c.Warnings) == 0 {
			t.Errorf("%v: 1 vs 2: P=%v Test=%q warnings=%v", m, c.P, c.Test, c.Warnings)
		}
		if c.Base.Center != 10 || !math.IsNaN(c.Base.Lo) || c.Base.Interval != IntervalNone {
			t.Errorf("%v: base side %+v", m, c.Base)
		}
		if math.IsNaN(c.New.Lo) || math.IsInf(c.New.Hi, 0) || math.Abs(c.Ratio-12.5/10) > 1e-12 {
			t.Errorf("%v: new side %+v, ratio %v", m, c.New, c.Ratio)
		}
	}
}

// TestCompareFinite checks that no interval is infinite or NaN for n ≥ 2.
func TestCompareFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for nb := 2; nb <= 12; nb++ {
		for nn := 2; nn <= 12; nn++ {
			for _, m := range []Method{MannWhitney, Welch, WelchSummary} {
				c, err := Compare(noisy(rng, nb, 50, 1), noisy(rng, nn, 50, 1), Config{Method: m})
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range []float64{c.Base.Lo, c.Base.Hi, c.New.Lo, c.New.Hi, c.P, c.Ratio} {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						t.Fatalf("n=%d+%d %v: non-finite value in %+v", nb, nn, m, c)
					}
				}
				if !(c.Base.Lo <= c.Base.Center && c.Base.Center <= c.Base.Hi) {
					t.Fatalf("n=%d+%d %v: center outside its interval: %+v", nb, nn, m, c.Base)
				}
			}
		}
	}
}

// TestCompareThreeVsThree: a real 20% effect with 3 invocations per side
// and 1% noise must come out with p < 0.01, in every one of 1000 draws.
func TestCompareThreeVsThree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	worst := 0.0
	for i := 0; i < 1000; i++ {
		c, err := Compare(noisy(rng, 3, 100, 1), noisy(rng, 3, 80, 0.8), Config{})
		if err != nil {
			t.Fatal(err)
		}
		worst = math.Max(worst, c.P)
	}
	if worst >= 0.01 {
		t.Errorf("3 vs 3, 20%% effect, 1%% noise: largest p over 1000 draws = %v, want < 0.01", worst)
	}
}

func TestMethodFlag(t *testing.T) {
	for _, m := range []Method{MannWhitney, Welch, WelchSummary} {
		var got Method = 99
		if err := got.Set(m.String()); err != nil || got != m {
			t.Errorf("Set(%q) = %v, %v", m.String(), got, err)
		}
	}
	var m Method
	if err := m.Set("normal"); err == nil {
		t.Error(`Set("normal"): no error`)
	}
}
