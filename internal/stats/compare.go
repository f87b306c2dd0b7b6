package stats

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

// DefaultSmallN is the default [Config.SmallN]: with fewer samples than this
// on either side, [Compare] uses Welch's t-test instead of the U-test. At
// n = 5 per side the U-test can reach p = 0.008; at 4 it cannot go below
// 0.029 and at 3 not below 0.10, so after a correction for dozens of
// comparisons it could never report a change.
const DefaultSmallN = 5

// Names of the tests reported in [Comparison.Test].
const (
	UTest        = "U-test"
	WelchTest    = "Welch t-test"
	WelchSumTest = "Welch t-test from mean±sd"
	NoTest       = "none"
)

// Names of the intervals reported in [Side.Interval] that do not depend on
// the confidence level. The others read "95% CI" (distribution-free CI of
// the median) and "95% t-interval" (t-interval of the mean).
const (
	IntervalRange = "range"
	IntervalNone  = "none"
)

// Errors wrapped by the errors of [Compare] and the other functions of this
// package for bad input.
var (
	ErrNoSamples = errors.New("no samples")
	ErrNotFinite = errors.New("value is not finite")
)

// A Method selects the two-sample test of [Compare].
type Method int

const (
	// MannWhitney is what benchstat does (benchmath.AssumeNothing): median,
	// distribution-free CI of the median, Mann-Whitney U-test. It is the
	// zero value.
	MannWhitney Method = iota
	// Welch is benchmath.AssumeNormal: mean, t-interval, Welch's t-test on
	// the samples.
	Welch
	// WelchSummary is Welch's t-test computed from the mean, standard
	// deviation and count of each side, for data that exists only as
	// summaries (see [CompareSummary]).
	WelchSummary
)

// String returns the name [Method.Set] parses.
func (m Method) String() string {
	switch m {
	case MannWhitney:
		return "mann-whitney"
	case Welch:
		return "welch"
	case WelchSummary:
		return "welch-summary"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Set parses "mann-whitney", "welch" or "welch-summary"; with String it
// makes *Method a flag.Value.
func (m *Method) Set(s string) error {
	for _, c := range []Method{MannWhitney, Welch, WelchSummary} {
		if s == c.String() {
			*m = c
			return nil
		}
	}
	return fmt.Errorf("parsing method: unknown method %q (want mann-whitney, welch or welch-summary)", s)
}

// Config configures [Compare] and [CompareSummary]. The zero value is
// benchstat's behaviour at alpha 0.05 and 95% confidence, with the
// small-sample floor of [DefaultSmallN].
type Config struct {
	// Alpha is the significance level reported in Comparison.Alpha and
	// used in warnings; 0 means 0.05.
	Alpha float64
	// Confidence is the level of the intervals of each side; 0 means 0.95.
	Confidence float64
	// Method is the test; the zero value is MannWhitney.
	Method Method
	// SmallN is the floor of the U-test: with fewer samples than SmallN on
	// either side, Welch's t-test on the samples is used instead. 0 means
	// DefaultSmallN; 1 disables the floor (benchstat's behaviour).
	SmallN int
	// Resolution is the step of the printed values (see [Resolution]), 0
	// when unknown: Welch's tests take every side's standard deviation as
	// at least the rounding error of that step, so that two constant sides
	// that differ are a difference, with a warning saying so.
	Resolution float64
	// Cache, if not nil, memoizes U distributions across calls (see
	// UCache); results are identical with or without it.
	Cache *UCache
}

func (c Config) withDefaults() (Config, error) {
	if c.Alpha == 0 {
		c.Alpha = 0.05
	}
	if c.Confidence == 0 {
		c.Confidence = 0.95
	}
	if c.SmallN <= 0 {
		c.SmallN = DefaultSmallN
	}
	if !(c.Alpha > 0 && c.Alpha < 1) {
		return c, fmt.Errorf("alpha %v out of range (0, 1)", c.Alpha)
	}
	if !(c.Confidence > 0 && c.Confidence < 1) {
		return c, fmt.Errorf("confidence %v out of range (0, 1)", c.Confidence)
	}
	if c.Method < MannWhitney || c.Method > WelchSummary {
		return c, fmt.Errorf("unknown method %v", c.Method)
	}
	return c, nil
}

// A Side summarizes one side (base or new) of a [Comparison].
type Side struct {
	// N is the number of samples.
	N int
	// Statistic names Center: "median" or "mean".
	Statistic string
	// Center is the median (U-test) or the mean (Welch tests).
	Center float64
	// Lo and Hi bound Center as Interval says. They are finite whenever
	// N ≥ 2 and NaN when N = 1.
	Lo, Hi float64
	// Interval names what Lo and Hi are: "95% CI" (benchmath's CI of the
	// median), "range" (minimum and maximum, where that CI would be
	// infinite), "95% t-interval" (of the mean) or "none" (N = 1).
	Interval string
}

// A Comparison is the result of comparing two samples.
type Comparison struct {
	// Base and New summarize the two sides.
	Base, New Side
	// Ratio is New.Center / Base.Center; Delta is Ratio - 1. Both are NaN
	// when Base.Center is zero.
	Ratio, Delta float64
	// P is the raw two-sided p-value of Test. It is NaN when no test was
	// possible (Test is "none"); callers render that as inconclusive.
	P float64
	// Alpha is the significance level in effect.
	Alpha float64
	// Test names the test behind P: "U-test", "Welch t-test",
	// "Welch t-test from mean±sd" or "none".
	Test string
	// Warnings are statistical caveats to show the reader.
	Warnings []error
}

// Compare compares the samples base and new as cfg says. It copies its
// inputs. Empty, NaN or infinite input is an error wrapping [ErrNoSamples]
// or [ErrNotFinite]. With a single sample on either side no test is
// possible: the result has P = NaN, Test "none" and a warning.
//
// With the default method, rows with at least cfg.SmallN samples on both
// sides get exactly benchstat's center, CI and p-value, except that an
// infinite CI is replaced by the sample range; rows with fewer get Welch's
// t-test on the samples, the mean and the t-interval, and a warning. As
// with benchmath.AssumeNormal, Welch's test of two constant samples reports
// P = 1 with a warning. The result shares no memory with the inputs.
func Compare(base, new []float64, cfg Config) (Comparison, error) {
	c, _, _, _, buf, err := compareKeep(base, new, cfg)
	buf.release()
	return c, err
}

// CompareTOST returns Compare(base, new, cfg) and TOSTFloor(base, new,
// marginPct, alpha, cfg.Resolution), the same bit for bit, from one sorted
// copy of each side: both tests sort and rescale the samples alike. An
// error of the equivalence test gives the zero Equivalence, as TOSTFloor
// returns it; an error of Compare is returned.
func CompareTOST(base, new []float64, cfg Config, marginPct, alpha float64) (Comparison, Equivalence, error) {
	c, b, n, f, buf, err := compareKeep(base, new, cfg)
	if err != nil {
		return c, Equivalence{}, err
	}
	if b == nil { // from summaries (WelchSummary): no copies kept
		e, _ := TOSTFloor(base, new, marginPct, alpha, cfg.Resolution)
		return c, e, nil
	}
	fl := resolutionFloor(cfg.Resolution / f)
	sb, _ := floorStd(summaryOf(b), fl)
	sn, _ := floorStd(summaryOf(n), fl)
	buf.release()
	e, _ := TOSTSummary(sb, sn, marginPct, alpha)
	return c, e, nil
}

// compareKeep is Compare, also returning the sorted copies of the samples
// it tested, divided by f (nil for WelchSummary): TOSTFloor's samples. The
// copies are buf's, taken from a pool: nothing of a comparison keeps them,
// and the caller gives them back (buf.release, nil-safe) when done.
func compareKeep(base, new []float64, cfg Config) (c Comparison, b, n []float64, f float64, buf *sampleBuf, err error) {
	cfg, err = cfg.withDefaults()
	if err != nil {
		return Comparison{}, nil, nil, 0, nil, fmt.Errorf("comparing samples: %w", err)
	}
	if err = check("base", base); err != nil {
		return Comparison{}, nil, nil, 0, nil, fmt.Errorf("comparing samples: %w", err)
	}
	if err = check("new", new); err != nil {
		return Comparison{}, nil, nil, 0, nil, fmt.Errorf("comparing samples: %w", err)
	}
	buf, _ = samplePool.Get().(*sampleBuf)
	if buf == nil {
		buf = &sampleBuf{}
	}
	b, n = sortedInto(&buf.b, base), sortedInto(&buf.n, new)
	if cfg.Method == WelchSummary {
		c, err = CompareSummary(summaryOf(b), summaryOf(n), cfg)
		buf.release()
		return c, nil, nil, 0, nil, err
	}
	// Statistics are computed on samples rescaled by a power of two when
	// their magnitudes would overflow or underflow (exact; see scaleOf).
	f = scaleOf(b, n)
	divide(b, f)
	divide(n, f)
	cfg.Resolution /= f
	small := len(b) < cfg.SmallN || len(n) < cfg.SmallN
	if cfg.Method == Welch || (small && len(b) >= 2 && len(n) >= 2) {
		c = compareWelch(b, n, cfg)
		if cfg.Method == MannWhitney {
			c.Warnings = append(c.Warnings, fmt.Errorf("only n=%s invocations per side: %s used; more invocations needed for a distribution-free test", nString(len(b), len(n)), WelchTest))
		}
	} else {
		c = compareU(b, n, cfg)
	}
	c.Base, c.New = c.Base.scaled(f), c.New.scaled(f)
	return c, b, n, f, buf, nil
}

// samplePool holds the buffers of the sorted copies that compareKeep
// tests: a sweep compares thousands of benchmarks, each of the same sizes.
var samplePool sync.Pool // *sampleBuf

// A sampleBuf holds the sorted copies of a comparison's two sides.
type sampleBuf struct{ b, n []float64 }

// release gives buf back to samplePool; a nil buf is none.
func (buf *sampleBuf) release() {
	if buf != nil {
		samplePool.Put(buf)
	}
}

// sortedInto returns a sorted copy of xs in *dst, grown when too small.
func sortedInto(dst *[]float64, xs []float64) []float64 {
	if cap(*dst) < len(xs) {
		*dst = make([]float64, len(xs))
	}
	c := (*dst)[:len(xs)]
	copy(c, xs)
	slices.Sort(c)
	return c
}

// check reports an empty xs or a value of xs that is NaN or infinite.
func check(side string, xs []float64) error {
	if len(xs) == 0 {
		return fmt.Errorf("%s: %w", side, ErrNoSamples)
	}
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: sample %d is %v: %w", side, i+1, x, ErrNotFinite)
		}
	}
	return nil
}

// clean validates xs and returns a sorted copy.
func clean(side string, xs []float64) ([]float64, error) {
	if err := check(side, xs); err != nil {
		return nil, err
	}
	c := slices.Clone(xs)
	slices.Sort(c)
	return c, nil
}

func nString(n1, n2 int) string {
	if n1 == n2 {
		return fmt.Sprint(n1)
	}
	return fmt.Sprintf("%d+%d", n1, n2)
}

// finish fills in the fields derived from the two sides.
func finish(c Comparison, alpha float64) Comparison {
	c.Alpha = alpha
	c.Ratio, c.Delta = math.NaN(), math.NaN()
	if c.Base.Center != 0 {
		c.Ratio = c.New.Center / c.Base.Center
		c.Delta = c.Ratio - 1
		if math.IsInf(c.Ratio, 0) {
			c.Ratio, c.Delta = math.NaN(), math.NaN()
			c.Warnings = append(c.Warnings, errors.New("ratio of the centers overflows float64: change undefined"))
		}
	} else {
		c.Warnings = append(c.Warnings, errors.New("base center is zero: ratio undefined"))
	}
	if c.Base.N < 2 || c.New.N < 2 {
		c.P, c.Test = math.NaN(), NoTest
		c.Warnings = append(c.Warnings, fmt.Errorf("only n=%s samples: cannot test a single sample", nString(c.Base.N, c.New.N)))
	}
	return c
}
