// Package stats holds the statistics of sweepstat: per-benchmark two-sample
// comparisons, corrections for multiple comparisons, aggregates across
// benchmarks, equivalence tests and the verdict of a row. It is pure math:
// it knows nothing of databases, records or Markdown, and it never prints.
//
// The data flow of a sweep comparison is:
//
//  1. Per benchmark, [Compare] (samples: invocation means, or repetitions)
//     or [CompareSummary] (only mean ± sd and n) tests base against new.
//     By default this is what benchstat does (golang.org/x/perf/benchmath
//     with AssumeNothing): center = median, 95% CI of the median,
//     Mann-Whitney U-test p-value. Two honest departures from benchstat:
//     where either side has fewer than [Config.SmallN] samples (default
//     [DefaultSmallN] = 5) the U-test cannot reach a useful p-value (3 vs 3
//     never goes below 0.10, 4 vs 4 never below 0.029), so Welch's t-test on
//     the samples is used and the row carries a warning; and where the
//     median's distribution-free CI would be infinite (n < 6 at 95%), the
//     sample range is returned instead, labelled "range".
//  2. The raw p-values of all rows of a sweep are adjusted with [Holm]
//     (family-wise error rate; for pass/fail gates) or [BenjaminiHochberg]
//     (false discovery rate; for highlighting), chosen by a [Correction].
//  3. Per model × phase, [Aggregate] summarizes the per-benchmark ratios
//     (new center / base center): geometric mean ratio, confidence interval
//     and a p-value across benchmarks. With at least [DefaultAggSmallN] = 8
//     benchmarks the p-value is a Wilcoxon signed-rank test of the log
//     ratios ([WilcoxonSignedRank]) and the interval a seeded percentile
//     bootstrap; with fewer, a signed-rank test cannot reach p ≤ 0.05 at all
//     (its smallest two-sided p is 2/2ⁿ: 0.125 for the 4 tg benchmarks of a
//     model), so a one-sample t-test of the log ratios and its t-interval
//     are used instead, and the result says so.
//  4. [TOST] (or [TOSTSummary]) decides whether a row is equivalent: the
//     change lies within ± a margin in percent at level alpha.
//  5. [Decide] turns delta, adjusted p, direction ([Better]) and the
//     equivalence result into a [Verdict]: improvement, regression,
//     equivalent or inconclusive.
//
// Statistical caveats are returned as data (Warnings []error), never
// printed; bad input (no samples, NaN, ±Inf) is an error value.
//
// The rules are validated by simulation in this package's tests; run
//
//	go test ./internal/stats -run Validate -validate -v
//
// to print the measured false-alarm rates and power for sweeps shaped like
// the real data.
package stats
