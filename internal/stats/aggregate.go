package stats

import (
	"cmp"
	"errors"
	"fmt"
	"math"
)

// Defaults of [AggConfig].
const (
	DefaultSeed      = 0x5eed5eed
	DefaultResamples = 2000
	// DefaultAggSmallN is the smallest number of benchmarks for which
	// Aggregate uses the signed-rank test and the bootstrap: with n
	// benchmarks the signed-rank test cannot go below p = 2/2ⁿ, which is
	// 0.0078 at n = 8 but 0.125 at n = 4; and a percentile bootstrap of a
	// handful of values is too narrow.
	DefaultAggSmallN = 8
)

// Names of the tests reported in [AggregateResult.Test].
const (
	WilcoxonTest = "Wilcoxon signed-rank test of log ratios"
	LogTTest     = "t-test of log ratios"
)

// AggConfig configures [Aggregate]. The zero value gives 95% intervals from
// 2000 bootstrap resamples with a fixed seed.
type AggConfig struct {
	// Confidence is the level of the interval; 0 means 0.95.
	Confidence float64
	// Seed seeds the bootstrap's PCG generator; 0 means DefaultSeed. The
	// same input and Seed give the same result.
	Seed uint64
	// Resamples is the number of bootstrap resamples; 0 means
	// DefaultResamples.
	Resamples int
	// SmallN: with fewer ratios than this, the t-test and t-interval of
	// the log ratios are used; 0 means DefaultAggSmallN.
	SmallN int
}

// An AggregateResult summarizes the ratios of a set of benchmarks (one
// model × phase).
type AggregateResult struct {
	// N is the number of ratios.
	N int
	// GeoMean is the geometric mean of the ratios; GeoMean - 1 is the
	// typical change.
	GeoMean float64
	// Lo and Hi bound GeoMean as Interval says; NaN when N = 1.
	Lo, Hi float64
	// Interval is "95% bootstrap CI" (percentile bootstrap over
	// benchmarks of the mean log ratio), "95% t-interval" (of the mean
	// log ratio, exponentiated) or "none".
	Interval string
	// P is the two-sided p-value of Test against "no change"; NaN when
	// N = 1.
	P float64
	// Test names the test behind P: the signed-rank test for
	// N ≥ SmallN, the t-test of log ratios below, or "none".
	Test string
	// WilcoxonP and TTestP are the p-values of both tests, for the
	// reader who wants the other one; NaN when N = 1.
	WilcoxonP, TTestP float64
	// Warnings are statistical caveats to show the reader.
	Warnings []error
}

// Aggregate summarizes the per-benchmark ratios (new center / base center)
// of matched benchmarks. Ratios must be positive and finite. It does not
// modify ratios.
//
// Work is on the log scale: the geometric mean ratio is exp of the mean
// log ratio. With at least cfg.SmallN ratios, the interval is a
// percentile bootstrap (cfg.Resamples resamples over benchmarks, PCG
// seeded by cfg.Seed, quantiles interpolated linearly) and P is the
// Wilcoxon signed-rank test of the log ratios against 0. With fewer, the
// signed-rank test cannot reach significance (its minimum two-sided
// p-value is 2/2ⁿ), so P is a one-sample t-test of the log ratios against
// 0 and the interval its t-interval, exponentiated, and a warning says so.
// The t-test treats each benchmark's log ratio as one observation of the
// model's typical change: it is valid in an A/A comparison whatever the
// within-benchmark noise, and it has the power to see a consistent change
// across 4 benchmarks.
func Aggregate(ratios []float64, cfg AggConfig) (AggregateResult, error) {
	if cfg.Confidence == 0 {
		cfg.Confidence = 0.95
	}
	if cfg.Seed == 0 {
		cfg.Seed = DefaultSeed
	}
	if cfg.Resamples <= 0 {
		cfg.Resamples = DefaultResamples
	}
	if cfg.SmallN <= 0 {
		cfg.SmallN = DefaultAggSmallN
	}
	if !(cfg.Confidence > 0 && cfg.Confidence < 1) {
		return AggregateResult{}, fmt.Errorf("aggregating ratios: confidence %v out of range (0, 1)", cfg.Confidence)
	}
	if len(ratios) == 0 {
		return AggregateResult{}, fmt.Errorf("aggregating ratios: %w", ErrNoSamples)
	}
	logs := make([]float64, len(ratios))
	for i, r := range ratios {
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return AggregateResult{}, fmt.Errorf("aggregating ratios: ratio %d is %v: %w", i+1, r, ErrNotFinite)
		}
		if r <= 0 {
			return AggregateResult{}, fmt.Errorf("aggregating ratios: ratio %d is %v: not positive", i+1, r)
		}
		logs[i] = math.Log(r)
	}
	res := AggregateResult{N: len(logs)}
	mean := summaryOf(logs).Mean
	res.GeoMean = math.Exp(mean)
	if len(logs) < 2 {
		nan := math.NaN()
		res.Lo, res.Hi, res.P, res.WilcoxonP, res.TTestP = nan, nan, nan, nan, nan
		res.Interval, res.Test = IntervalNone, NoTest
		res.Warnings = append(res.Warnings, errors.New("only one benchmark: cannot test or bound the aggregate"))
		return res, nil
	}
	wp, err := WilcoxonSignedRank(logs)
	if err != nil {
		return AggregateResult{}, fmt.Errorf("aggregating ratios: %w", err)
	}
	_, tlo, thi, tp := oneSampleT(logs, cfg.Confidence)
	res.WilcoxonP, res.TTestP = wp, tp
	if len(logs) < cfg.SmallN {
		res.P, res.Test = tp, LogTTest
		res.Lo, res.Hi = math.Exp(tlo), math.Exp(thi)
		res.Interval = pct(cfg.Confidence) + " t-interval"
		res.Warnings = append(res.Warnings, fmt.Errorf("only %d benchmarks: %s used (a signed-rank test cannot go below p=%.3g)", len(logs), LogTTest, math.Min(1, 2/math.Pow(2, float64(len(logs))))))
		return res, nil
	}
	res.P, res.Test = wp, WilcoxonTest
	lo, hi := bootstrapMean(logs, cfg)
	res.Lo, res.Hi = math.Exp(lo), math.Exp(hi)
	res.Interval = pct(cfg.Confidence) + " bootstrap CI"
	return res, nil
}

// quantileInPlace returns the q-quantile of xs, interpolating linearly
// between order statistics (Hyndman and Fan's type 7, R's default) in the
// order slices.Sort gives (NaNs first), and reorders xs: the one or two
// order statistics it needs are selected (selectNth, then the least of
// what follows), in linear time rather than a sort's.
func quantileInPlace(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	h := q * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i >= len(xs)-1 {
		selectNth(xs, len(xs)-1)
		return xs[len(xs)-1]
	}
	selectNth(xs, i)
	next := xs[i+1] // the least of xs[i+1:]: what slices.Sort puts next
	for _, x := range xs[i+2:] {
		if cmp.Less(x, next) {
			next = x
		}
	}
	return xs[i] + (h-float64(i))*(next-xs[i])
}
