package stats

import (
	"math"
	"sync"

	"github.com/aclements/go-moremath/mathx"
	moremath "github.com/aclements/go-moremath/stats"
)

// welchResult is Welch's t-test of new against base from summaries.
type welchResult struct {
	diff    float64 // new mean - base mean
	se      float64 // standard error of diff
	df      float64 // Welch–Satterthwaite degrees of freedom
	t       float64 // diff / se
	p       float64 // two-sided p-value
	zeroVar bool    // both variances are zero: t and df undefined, p = 1
}

// welch computes Welch's t-test from summaries with N ≥ 2. Like
// benchmath.AssumeNormal it reports p = 1 when both variances are zero.
func welch(base, new SummaryStats) welchResult { return welchP(base, new, true) }

// welchInterval is welch without the p-value (NaN), for the intervals,
// which need only the difference, its standard error and the degrees of
// freedom: the p-value's incomplete beta function is most of the test.
func welchInterval(base, new SummaryStats) welchResult { return welchP(base, new, false) }

func welchP(base, new SummaryStats, wantP bool) welchResult {
	// On summaries rescaled by a power of two (exact): the squares of the
	// variances below overflow beyond about 1e77 and underflow below 1e-77.
	f := summaryScale(base, new)
	base, new = scaleSummary(base, f), scaleSummary(new, f)
	r := welchScaled(base, new, wantP)
	r.diff, r.se = clampFinite(r.diff*f), clampFinite(r.se*f)
	return r
}

func welchScaled(base, new SummaryStats, wantP bool) welchResult {
	nb, nn := float64(base.N), float64(new.N)
	vb, vn := base.Std*base.Std/nb, new.Std*new.Std/nn
	r := welchResult{diff: new.Mean - base.Mean, se: math.Sqrt(vb + vn)}
	if vb == 0 && vn == 0 {
		r.zeroVar, r.p = true, 1
		r.t, r.df = math.NaN(), math.NaN()
		return r
	}
	r.df = (vb + vn) * (vb + vn) / (vb*vb/(nb-1) + vn*vn/(nn-1))
	r.t = r.diff / r.se
	r.p = math.NaN()
	if wantP {
		r.p = tTwoSided(r.t, r.df)
	}
	return r
}

// tTwoSided returns the two-sided p-value P(|T| ≥ |t|) of Student's t
// distribution with df degrees of freedom. It is computed from the
// incomplete beta function directly, so small p-values keep their
// precision.
func tTwoSided(t, df float64) float64 {
	if math.IsInf(t, 0) {
		return 0
	}
	return mathx.BetaInc(df/(df+t*t), df/2, 0.5)
}

// tUpper returns the one-sided p-value P(T ≥ t).
func tUpper(t, df float64) float64 {
	p := tTwoSided(t, df) / 2
	if t < 0 {
		return 1 - p
	}
	return p
}

// tQuantile returns the q-quantile of Student's t distribution with df
// degrees of freedom. Newton's method from the normal quantile converges
// in a few steps (a sweep of 25,600 benchmarks computes thousands of
// these); bisection (moremath.InvCDF) is the fallback.
func tQuantile(q, df float64) float64 {
	if df != math.Trunc(df) || df < 1 || df > maxMemoDF {
		return tQuantileOf(q, df)
	}
	k := [2]float64{q, df}
	tMemo.Lock()
	v, ok := tMemo.q[k]
	tMemo.Unlock()
	if !ok {
		v = tQuantileOf(q, df)
		tMemo.Lock()
		tMemo.q[k] = v
		tMemo.Unlock()
	}
	return v
}

// tMemo remembers tQuantile of whole degrees of freedom up to maxMemoDF:
// the t-intervals of a sweep's summaries ask for a few of them (n−1 of
// its sample sizes), row after row. Welch's degrees of freedom, which are
// fractional, are computed each time.
var tMemo = struct {
	sync.Mutex
	q map[[2]float64]float64
}{q: map[[2]float64]float64{}}

const maxMemoDF = 1 << 16

// tQuantileOf computes tQuantile.
func tQuantileOf(q, df float64) float64 {
	d := moremath.TDist{V: df}
	if q > 0 && q < 1 && df >= 1 {
		x := math.Sqrt2 * math.Erfinv(2*q-1)
		for i := 0; i < 30; i++ {
			pdf := d.PDF(x)
			if !(pdf > 0) {
				break
			}
			step := (d.CDF(x) - q) / pdf
			x -= step
			if math.Abs(step) <= 1e-12*math.Max(1, math.Abs(x)) {
				return x
			}
		}
	}
	return moremath.InvCDF(d)(q)
}

// oneSampleT is the one-sample t-test of xs against mean 0 with its
// t-interval at the given confidence. It needs len(xs) ≥ 2.
func oneSampleT(xs []float64, confidence float64) (mean, lo, hi, p float64) {
	s := summaryOf(xs)
	df := float64(s.N - 1)
	se := s.Std / math.Sqrt(float64(s.N))
	w := tQuantile(1-(1-confidence)/2, df) * se
	if se == 0 {
		p = 1
		if s.Mean != 0 {
			p = 0
		}
		return s.Mean, s.Mean, s.Mean, p
	}
	return s.Mean, s.Mean - w, s.Mean + w, tTwoSided(s.Mean/se, df)
}
