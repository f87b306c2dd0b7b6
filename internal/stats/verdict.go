package stats

import (
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
)

// A Verdict is the conclusion about one row; see the constants of package
// result for what each means.
type Verdict = result.Verdict

// The verdicts [Decide] returns.
const (
	Improvement  = result.Improvement
	Regression   = result.Regression
	Equivalent   = result.Equivalent
	Inconclusive = result.Inconclusive
	Unverified   = result.Unverified
	Untested     = result.Untested
)

// A Decision is what is known of a row or an aggregate when its verdict is
// decided.
type Decision struct {
	Delta      float64 // new/base − 1
	PAdj       float64 // adjusted p-value; NaN when no test was possible
	Alpha      float64 // significance level (must be in (0, 1))
	Better     int     // +1 higher is better, -1 lower, 0 unknown (see [Better])
	Equivalent bool    // proven within the margin (TOST, or the aggregate's interval)
	Identical  bool    // both sides constant and equal
	// OneInvocation: the samples are the repetitions (or mean ± std) of one
	// invocation per side, which cannot see run-to-run drift.
	OneInvocation bool
}

// Decide returns the verdict of d and whether it is significant (PAdj ≤
// Alpha):
//
//   - no test possible (PAdj NaN): Untested;
//   - one invocation per side: Unverified, whatever else holds;
//   - identical constant sides, or proven within the margin: Equivalent,
//     significant or not;
//   - unknown direction: Inconclusive;
//   - significant in the better direction: Improvement; in the worse:
//     Regression;
//   - otherwise Inconclusive.
func Decide(d Decision) (v Verdict, significant bool) {
	if math.IsNaN(d.PAdj) {
		return Untested, false
	}
	significant = d.PAdj <= d.Alpha
	switch s := d.Delta * float64(d.Better); {
	case d.OneInvocation:
		return Unverified, significant
	case d.Identical, d.Equivalent:
		return Equivalent, significant
	case d.Better == 0 || math.IsNaN(d.Delta):
		return Inconclusive, significant
	case significant && s > 0:
		return Improvement, true
	case significant && s < 0:
		return Regression, true
	}
	return Inconclusive, significant
}

// Better returns +1 if higher values of unit are better, -1 if lower
// values are, and 0 when the unit has no known direction (the caller then
// decides nothing and says which metadata line would tell). The unit is
// compared in lower case without spaces:
//
//   - higher is better: rates, i.e. a unit whose denominator (after the
//     last "/") is a time ("s", "sec", "second(s)", "ms", "us", "µs",
//     "ns", "min", "h"), such as tokens/s, tok/s, t/s, ops/s, req/s, B/s,
//     MB/s, GB/s; "…persecond"/"…persec"; and ops, tps, qps, flops,
//     gflops, tflops, mflops, hz, khz, mhz, ghz;
//   - lower is better: times (ns/op, sec/op, s, sec, ms, us, ns, and any
//     unit "…/op" or "…/token"), sizes and counts per operation (B/op,
//     allocs/op), energy and power (J, W, mJ, mW);
//   - anything else: 0.
func Better(unit string) int {
	u := strings.ToLower(strings.ReplaceAll(unit, " ", ""))
	switch u {
	case "ops", "tps", "qps", "flops", "gflops", "tflops", "mflops", "hz", "khz", "mhz", "ghz":
		return +1
	case "s", "sec", "secs", "second", "seconds", "ms", "us", "µs", "μs", "ns", "min", "h",
		"j", "mj", "kj", "w", "mw", "kw", "b", "bytes", "allocs":
		return -1
	}
	if strings.HasSuffix(u, "persecond") || strings.HasSuffix(u, "persec") {
		return +1
	}
	if i := strings.LastIndex(u, "/"); i >= 0 {
		switch u[i+1:] {
		case "s", "sec", "secs", "second", "seconds", "ms", "us", "µs", "μs", "ns", "min", "h", "hr", "hour":
			return +1
		case "op", "ops", "token", "tok", "iter", "call", "request", "req":
			return -1
		}
	}
	return 0
}

// ParseBetter parses a "better=" metadata value in any letter case:
// "higher" → +1, "lower" → -1; ok is false for anything else.
func ParseBetter(s string) (better int, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "higher":
		return +1, true
	case "lower":
		return -1, true
	}
	return 0, false
}

// BetterName names a direction for machine output: "higher", "lower" or
// "unknown".
func BetterName(better int) string {
	switch {
	case better > 0:
		return result.BetterHigher
	case better < 0:
		return result.BetterLower
	}
	return result.BetterUnknown
}

// Worse reports whether a change delta is in the worse direction of a
// unit whose direction is better (+1 or -1, see [Better]); never for an
// unknown direction.
func Worse(delta float64, better int) bool {
	return delta*float64(better) < 0
}
