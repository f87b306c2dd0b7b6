package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/sweepstat/sweepstat/internal/result"
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
// (never benchstat's "± 0%" or "± ∞"); kind is the row's interval kind
// and marks the ± (see intervalMark).
func sideCell(s result.Side, kind string) string { return sideCellUnit(s, kind, "") }

// sideCellUnit is sideCell for a row of unit goUnit from Go benchmark
// files ("" for any other row): its center is scaled with an SI or IEC
// prefix as benchstat prints it ("171.1n ±49%").
func sideCellUnit(s result.Side, kind, goUnit string) string {
	c, lo, hi := float64(s.Center), float64(s.Lo), float64(s.Hi)
	show := center
	if goUnit != "" {
		show = func(x float64) string {
			if !s.Center.Valid() {
				return "-"
			}
			return benchunit.Scale(x, benchunit.ClassOf(goUnit))
		}
	}
	if !s.Lo.Valid() || !s.Hi.Valid() || !s.Center.Valid() || c == 0 {
		return show(c)
	}
	// Divided before subtracting: bounds near ±1e308 must not overflow.
	a, u := math.Abs(c), math.Copysign(1, c)
	half := math.Max(u-lo/a, hi/a-u) * 100
	return fmt.Sprintf("%s ±%s%%%s", show(c), sig2(half), intervalMark(kind))
}

// goUnit returns the unit of r when r comes from Go benchmark files (its
// phase is its unit, as benchfile reads them), else "".
func goUnit(r *result.Row) string {
	if r.Phase == r.Unit {
		return r.Unit
	}
	return ""
}

func intervalMark(kind string) string {
	switch {
	case strings.Contains(kind, result.IntervalRange):
		return markRange
	case strings.Contains(kind, result.IntervalT):
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

// pctNum prints a change given in percent: "+2.46%", "-" when undefined.
func pctNum(x result.Num) string {
	if !x.Valid() {
		return "-"
	}
	return fmt.Sprintf("%+.2f%%", float64(x))
}

// pnum is pval of a Num.
func pnum(p result.Num) string {
	if !p.Valid() {
		return "-"
	}
	return pval(float64(p))
}

// deltaCell prints a row's change as benchstat does: "+2.46% (p=0.000
// n=16)" when significant after correction, "~ (p=0.343 n=4)" otherwise,
// "? (n=1)" when no test was possible.
func deltaCell(r *result.Row) string {
	if !r.P.Valid() {
		return fmt.Sprintf("? %s(%s)", changeOf(r), nCell(r.Base.N, r.New.N))
	}
	d := "~"
	if r.Significant {
		d = pctNum(r.DeltaPct)
	}
	return fmt.Sprintf("%s (p=%s %s)", d, pval(float64(r.P)), nCell(r.Base.N, r.New.N))
}

// changeOf prints the point change of an untested row, "+3.37% ", so a
// reader sees it even where no test was possible.
func changeOf(r *result.Row) string {
	if !r.DeltaPct.Valid() {
		return ""
	}
	return pctNum(r.DeltaPct) + " "
}

// changeInterval prints a change and its interval, both percent:
// "-0.81% [-1.2%, -0.40%]".
func changeInterval(d, lo, hi result.Num) string {
	if !lo.Valid() || !hi.Valid() {
		return pctNum(d)
	}
	return fmt.Sprintf("%s [%s%%, %s%%]", pctNum(d), signed2(float64(lo)), signed2(float64(hi)))
}

func signed2(x float64) string {
	s := sig2(x)
	if x >= 0 && s != "-" {
		return "+" + s
	}
	return s
}

// ratioInterval prints a change given in percent as a ratio with its
// interval: "1.832 [1.810, 1.850]".
func ratioInterval(d, lo, hi result.Num) string {
	r := func(x result.Num) string { return strconv.FormatFloat(1+float64(x)/100, 'f', 3, 64) }
	if !d.Valid() {
		return "-"
	}
	if !lo.Valid() || !hi.Valid() {
		return r(d)
	}
	return fmt.Sprintf("%s [%s, %s]", r(d), r(lo), r(hi))
}
