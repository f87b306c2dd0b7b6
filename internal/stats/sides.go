package stats

import (
	"fmt"
	"math"

	"golang.org/x/perf/benchmath"
)

// compareU is benchstat's comparison (benchmath.AssumeNothing) of the sorted
// samples b and n, with an infinite CI replaced by the sample range.
func compareU(b, n []float64, cfg Config) Comparison {
	th := benchmath.Thresholds{CompareAlpha: cfg.Alpha}
	var c Comparison
	var w1, w2 []error
	c.Base, w1 = medianSide(b, cfg.Confidence)
	c.New, w2 = medianSide(n, cfg.Confidence)
	c.Warnings = append(w1, w2...)
	c.Test = UTest
	if p, ok := cfg.Cache.uTestCached(b, n, cfg.Alpha); ok {
		c.P = p
	} else if p, ok := cfg.Cache.uTiesCached(b, n, cfg.Alpha); ok {
		c.P = p
	} else if p, ok := uNormal(b, n); ok {
		c.P = p
	} else if len(b) >= 2 && len(n) >= 2 {
		s1 := benchmath.NewSample(sortedCopy(b), &th)
		s2 := benchmath.NewSample(sortedCopy(n), &th)
		r := benchmath.AssumeNothing.Compare(s1, s2)
		c.P = r.P
		c.Warnings = append(c.Warnings, r.Warnings...)
	}
	return finish(c, cfg.Alpha)
}

// compareWelch is benchmath.AssumeNormal's comparison of the sorted samples
// b and n, with Alpha set.
func compareWelch(b, n []float64, cfg Config) Comparison {
	th := benchmath.Thresholds{CompareAlpha: cfg.Alpha}
	var c Comparison
	c.Base = meanSide(b, cfg.Confidence)
	c.New = meanSide(n, cfg.Confidence)
	c.Test = WelchTest
	if len(b) >= 2 && len(n) >= 2 {
		sb, fb := floorStd(summaryOf(b), resolutionFloor(cfg.Resolution))
		sn, fn := floorStd(summaryOf(n), resolutionFloor(cfg.Resolution))
		if fb || fn {
			c.P = welch(sb, sn).p
			c.Warnings = append(c.Warnings, floorWarning(cfg.Resolution))
			return finish(c, cfg.Alpha)
		}
		s1 := benchmath.NewSample(sortedCopy(b), &th)
		s2 := benchmath.NewSample(sortedCopy(n), &th)
		r := benchmath.AssumeNormal.Compare(s1, s2)
		c.P = r.P
		for _, w := range r.Warnings {
			c.Warnings = append(c.Warnings, fmt.Errorf("%s: %w", WelchTest, w))
		}
	}
	return finish(c, cfg.Alpha)
}

// medianSide summarizes sorted xs by its median and benchmath's
// distribution-free CI, or the range where that CI is infinite.
func medianSide(xs []float64, confidence float64) (Side, []error) {
	s := Side{N: len(xs), Statistic: "median"}
	sum := benchmath.AssumeNothing.Summary(benchmath.NewSample(sortedCopy(xs), nil), confidence)
	s.Center = sum.Center
	switch {
	case len(xs) == 1:
		s.Lo, s.Hi, s.Interval = math.NaN(), math.NaN(), IntervalNone
		return s, nil
	case math.IsInf(sum.Lo, 0) || math.IsInf(sum.Hi, 0):
		s.Lo, s.Hi, s.Interval = xs[0], xs[len(xs)-1], IntervalRange
		var warns []error
		for _, w := range sum.Warnings {
			warns = append(warns, fmt.Errorf("%w: showing the range of n=%d instead", w, len(xs)))
		}
		return s, warns
	}
	s.Lo, s.Hi, s.Interval = sum.Lo, sum.Hi, ciName(confidence)
	return s, sum.Warnings
}

// meanSide summarizes xs by its mean and t-interval.
func meanSide(xs []float64, confidence float64) Side {
	return summarySide(summaryOf(xs), confidence)
}

// SummaryStats is what is known of a side when only summaries exist: the
// mean, the sample standard deviation (n-1 denominator) and the count. Std
// is ignored when N = 1.
type SummaryStats struct {
	Mean, Std float64
	N         int
}

// summaryOf returns the summary statistics of xs.
func summaryOf(xs []float64) SummaryStats {
	s := Summarize(xs)
	return SummaryStats{Mean: s.Mean, Std: s.Std, N: s.N}
}

// summarySide summarizes a side by its mean and t-interval.
func summarySide(s SummaryStats, confidence float64) Side {
	side := Side{N: s.N, Statistic: "mean", Center: s.Mean}
	if s.N < 2 {
		side.Lo, side.Hi, side.Interval = math.NaN(), math.NaN(), IntervalNone
		return side
	}
	w := tQuantile(1-(1-confidence)/2, float64(s.N-1)) * s.Std / math.Sqrt(float64(s.N))
	side.Lo, side.Hi, side.Interval = s.Mean-w, s.Mean+w, tName(confidence)
	return side
}

// pct formats a confidence level as a percentage: 0.95 → "95%".
func pct(confidence float64) string {
	if confidence == 0.95 {
		return "95%" // the default, without fmt for every row
	}
	return fmt.Sprintf("%.4g%%", confidence*100)
}

// Interval names at the default confidence, made once rather than for
// every row.
const (
	ci95 = "95% CI"
	t95  = "95% t-interval"
)

// ciName returns pct(confidence)+" CI".
func ciName(confidence float64) string {
	if confidence == 0.95 {
		return ci95
	}
	return pct(confidence) + " CI"
}

// tName returns pct(confidence)+" t-interval".
func tName(confidence float64) string {
	if confidence == 0.95 {
		return t95
	}
	return pct(confidence) + " t-interval"
}

// sortedCopy returns the sorted xs for benchmath.NewSample, which sorts in
// place: xs itself when its first value is positive (xs is sorted, so
// none is zero or NaN: sorting it again changes no bit, as only -0 and +0
// can be equal and tell apart), else a copy.
func sortedCopy(xs []float64) []float64 {
	if len(xs) > 0 && xs[0] > 0 {
		return xs
	}
	return append([]float64(nil), xs...)
}

// CompareSummary compares base and new by Welch's t-test from summary
// statistics, with Welch–Satterthwaite degrees of freedom. Centers are the
// means and intervals are t-intervals at cfg.Confidence; Test is
// "Welch t-test from mean±sd". cfg.Method and cfg.SmallN are ignored. A side
// with N < 1 or with a non-finite mean (or, when N ≥ 2, a non-finite or
// negative Std) is an error; N = 1 on either side gives P = NaN and
// Test "none".
func CompareSummary(base, new SummaryStats, cfg Config) (Comparison, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Comparison{}, fmt.Errorf("comparing summaries: %w", err)
	}
	for _, s := range []struct {
		name string
		s    SummaryStats
	}{{"base", base}, {"new", new}} {
		if err := s.s.validate(); err != nil {
			return Comparison{}, fmt.Errorf("comparing summaries: %s: %w", s.name, err)
		}
	}
	f := summaryScale(base, new)
	base, new = scaleSummary(base, f), scaleSummary(new, f)
	c := Comparison{
		Base: summarySide(base, cfg.Confidence),
		New:  summarySide(new, cfg.Confidence),
		Test: WelchSumTest,
	}
	if base.N >= 2 && new.N >= 2 {
		r := cfg.Resolution / f
		fb, fbOK := floorStd(base, resolutionFloor(r))
		fn, fnOK := floorStd(new, resolutionFloor(r))
		w := welch(fb, fn)
		c.P = w.p
		if fbOK || fnOK {
			c.Warnings = append(c.Warnings, floorWarning(cfg.Resolution))
		}
		if w.zeroVar {
			c.Warnings = append(c.Warnings, fmt.Errorf("%s: both sides have zero variance", WelchSumTest))
		}
	}
	c = finish(c, cfg.Alpha)
	c.Base, c.New = c.Base.scaled(f), c.New.scaled(f)
	return c, nil
}

func (s SummaryStats) validate() error {
	switch {
	case s.N < 1:
		return ErrNoSamples
	case math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0):
		return fmt.Errorf("mean is %v: %w", s.Mean, ErrNotFinite)
	case s.N >= 2 && (math.IsNaN(s.Std) || math.IsInf(s.Std, 0)):
		return fmt.Errorf("standard deviation is %v: %w", s.Std, ErrNotFinite)
	case s.N >= 2 && s.Std < 0:
		return fmt.Errorf("standard deviation %v is negative", s.Std)
	}
	return nil
}
