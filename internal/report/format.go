package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// center prints a measurement with four significant digits, as benchstat
// does (67.05, 173.5, 1234).
func center(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	if x == 0 {
		return "0"
	}
	d := 3 - int(math.Floor(math.Log10(math.Abs(x))))
	if d < 0 {
		d = 0
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}

// sig2 prints x with two significant digits (0.18, 1.2, 12, 120).
func sig2(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	if x == 0 {
		return "0"
	}
	d := 1 - int(math.Floor(math.Log10(math.Abs(x))))
	if d < 0 {
		d = 0
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}

// Interval markers: what the ± of a side is.
const (
	markCI    = ""  // distribution-free 95% CI of the median (benchstat's)
	markRange = "ʳ" // min..max: too few samples for the median's CI
	markT     = "ᵗ" // 95% t-interval of the mean
)

// sideCell prints "67.05 ±0.18%" with the ± as the largest distance from
// the center to an interval end, in percent, with two significant digits
// (never benchstat's "± 0%" or "± ∞").
func sideCell(s stats.Side) string {
	if math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
		return center(s.Center)
	}
	half := math.Max(s.Center-s.Lo, s.Hi-s.Center) / math.Abs(s.Center) * 100
	return fmt.Sprintf("%s ±%s%%%s", center(s.Center), sig2(half), intervalMark(s.Interval))
}

func intervalMark(kind string) string {
	switch {
	case kind == stats.IntervalRange:
		return markRange
	case strings.Contains(kind, "t-interval"):
		return markT
	}
	return markCI
}

// pct prints a change in percent with a sign and two decimals: "+2.46%".
func pct(delta float64) string {
	if math.IsNaN(delta) {
		return "-"
	}
	return fmt.Sprintf("%+.2f%%", delta*100)
}

// pval prints a p-value: three decimals, or two significant digits in
// exponent form below 0.001.
func pval(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.001:
		return strconv.FormatFloat(p, 'e', 1, 64)
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}

// nCell prints the sample counts as benchstat does: "n=16", or "n=4+5".
func nCell(b, n int) string {
	if b == n {
		return fmt.Sprintf("n=%d", b)
	}
	return fmt.Sprintf("n=%d+%d", b, n)
}

// deltaCell prints a row's change as benchstat does: "+2.46% (p=0.000
// n=16)" when significant after correction, "~ (p=0.343 n=4)" otherwise.
func deltaCell(r *analysis.Row, alpha float64) string {
	if math.IsNaN(r.Cmp.P) {
		return fmt.Sprintf("? (%s)", nCell(r.Cmp.Base.N, r.Cmp.New.N))
	}
	d := "~"
	if r.PAdj <= alpha {
		d = pct(r.Cmp.Delta)
	}
	return fmt.Sprintf("%s (p=%s %s)", d, pval(r.Cmp.P), nCell(r.Cmp.Base.N, r.Cmp.New.N))
}

// aggInterval prints an aggregate's change and interval: "-0.81% [-1.2%, -0.40%]".
func aggInterval(a *analysis.Aggregate) string {
	r := a.Res
	if math.IsNaN(r.Lo) {
		return pct(r.GeoMean - 1)
	}
	return fmt.Sprintf("%s [%s%%, %s%%]", pct(r.GeoMean-1), signed2((r.Lo-1)*100), signed2((r.Hi-1)*100))
}

func signed2(x float64) string {
	s := sig2(x)
	if x >= 0 && s != "-" {
		return "+" + s
	}
	return s
}
