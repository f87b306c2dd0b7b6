package stats

import (
	"math"
	"strings"
)

// A Verdict is the conclusion about one row: its string is what machine
// output (the verdict column of the significance CSV) carries.
type Verdict string

// The verdicts [Decide] returns.
const (
	Improvement  Verdict = "improvement"
	Regression   Verdict = "regression"
	Equivalent   Verdict = "equivalent"
	Inconclusive Verdict = "inconclusive"
)

// Decide returns the verdict of a row from its change delta (new/base - 1),
// its adjusted p-value p, the significance level alpha (0 means 0.05), the
// direction better of its unit (see [Better]) and whether an equivalence
// test ([TOST]) found it within the margin:
//
//   - p ≤ alpha (significant) and delta in the better direction:
//     Improvement; in the worse direction: Regression;
//   - otherwise, equivalent: Equivalent;
//   - otherwise (including p = NaN, delta = 0 or better = 0):
//     Inconclusive.
//
// A significant change is reported as such even when it is smaller than
// the equivalence margin; gates that tolerate small changes compare delta
// with their own threshold.
func Decide(delta, p, alpha float64, better int, equivalent bool) Verdict {
	if alpha == 0 {
		alpha = 0.05
	}
	if p <= alpha && !math.IsNaN(delta) {
		switch s := delta * float64(better); {
		case s > 0:
			return Improvement
		case s < 0:
			return Regression
		}
	}
	if equivalent {
		return Equivalent
	}
	return Inconclusive
}

// Better returns +1 if higher values of unit are better and -1 if lower
// values are. The rule, on the unit in lower case without spaces:
//
//   - a rate is higher-is-better: a unit whose denominator (after the last
//     "/") is a time ("s", "sec", "second(s)", "ms", "us", "µs", "ns",
//     "min", "h"), such as tok/s, tokens/sec, t/s, MB/s, ops/s; the words
//     "…persecond"/"…persec"; and "ops", "tps", "qps", "flops";
//   - everything else is lower-is-better, as benchstat assumes by default:
//     times (ns/op, sec/op, s, sec, ms, ns), sizes and counts per
//     operation (B/op, allocs/op), times per token (ms/token).
func Better(unit string) int {
	u := strings.ToLower(strings.ReplaceAll(unit, " ", ""))
	switch u {
	case "ops", "tps", "qps", "flops":
		return +1
	}
	if strings.HasSuffix(u, "persecond") || strings.HasSuffix(u, "persec") {
		return +1
	}
	if i := strings.LastIndex(u, "/"); i >= 0 {
		switch u[i+1:] {
		case "s", "sec", "secs", "second", "seconds", "ms", "us", "µs", "μs", "ns", "min", "h", "hr", "hour":
			return +1
		}
	}
	return -1
}

// Worse reports whether a change delta is in the worse direction of a
// unit whose direction is better (+1 or -1, see [Better]).
func Worse(delta float64, better int) bool {
	return delta*float64(better) < 0
}
