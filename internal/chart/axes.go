package chart

import (
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// An xScale maps a sweep dimension (n_prompt, n_gen) onto a panel's x axis:
// logarithmic when the values are positive and span a factor of 4 or more
// (sweeps usually double), linear otherwise.
type xScale struct {
	log      bool
	lo, hi   float64   // in scale space (log2 when log)
	distinct []float64 // distinct data values, ascending
	step     float64   // jitter between neighbouring series, scale space
	cats     []string  // category names: x = 0, 1, … is cats[x]
}

// newCatScale returns the linear scale of categories at 0 … len(cats)-1,
// labelled with their names, for n series.
func newCatScale(cats []string, n int) xScale {
	pts := make([]point, len(cats))
	for i := range cats {
		pts[i].x = float64(i)
	}
	s := newXScale(pts, n)
	s.log = false
	s.lo, s.hi = -0.5, float64(len(cats))-0.5
	s.step = math.Min(0.6/float64(max(n, 1)), 0.2)
	s.cats = cats
	return s
}

// newXScale returns the scale for the x values of pts drawn as n series.
func newXScale(pts []point, n int) xScale {
	seen := map[float64]bool{}
	var s xScale
	for _, p := range pts {
		if !seen[p.x] {
			seen[p.x] = true
			s.distinct = append(s.distinct, p.x)
		}
	}
	sort.Float64s(s.distinct)
	if len(s.distinct) == 0 {
		return xScale{lo: 0, hi: 1}
	}
	first, last := s.distinct[0], s.distinct[len(s.distinct)-1]
	s.log = first > 0 && last/first >= 4 && geometric(s.distinct)
	s.lo, s.hi = s.to(first), s.to(last)
	span := s.hi - s.lo
	if span == 0 {
		span = 1
		if !s.log {
			span = math.Max(math.Abs(first), 1)
		}
	}
	frac := math.Min(0.03, 0.1/float64(max(n, 1)))
	s.step = frac * span
	for i := 1; i < len(s.distinct); i++ { // never jitter past a neighbour
		gap := s.to(s.distinct[i]) - s.to(s.distinct[i-1])
		s.step = math.Min(s.step, 0.4*gap/float64(max(n, 1)))
	}
	s.lo -= 0.06*span + s.step*float64(n)/2
	s.hi += 0.06*span + s.step*float64(n)/2
	return s
}

// geometric reports whether the positive ascending values xs are spaced
// more evenly on a log scale than on a linear one (64, 128, 256 … rather
// than 64, 128, 192 …); with fewer than three values, it says yes.
func geometric(xs []float64) bool {
	if len(xs) < 3 {
		return true
	}
	cv := func(f func(float64) float64) float64 {
		var sum, sq float64
		n := float64(len(xs) - 1)
		for i := 1; i < len(xs); i++ {
			g := f(xs[i]) - f(xs[i-1])
			sum += g
			sq += g * g
		}
		mean := sum / n
		return math.Sqrt(math.Max(sq/n-mean*mean, 0)) / mean
	}
	return cv(math.Log) < cv(func(x float64) float64 { return x })
}

func (s xScale) to(x float64) float64 {
	if s.log {
		return math.Log2(x)
	}
	return x
}

func (s xScale) from(t float64) float64 {
	if s.log {
		return math.Exp2(t)
	}
	return t
}

// jitter returns pts with x moved by the deterministic offset of series k
// of n, so that series sharing an x do not hide each other.
func (s xScale) jitter(pts []point, k, n int) []point {
	off := (float64(k) - float64(n-1)/2) * s.step
	out := make([]point, len(pts))
	for i, p := range pts {
		out[i] = p
		out[i].x = s.from(s.to(p.x) + off)
	}
	return out
}

// shift returns x moved by the offset of series k of n, as jitter does.
func (s xScale) shift(x float64, k, n int) float64 {
	return s.from(s.to(x) + (float64(k)-float64(n-1)/2)*s.step)
}

// apply sets ax's scale, range and ticks: a tick at every swept value when
// there are few of them.
func (s xScale) apply(ax *plot.Axis) {
	ax.Min, ax.Max = s.from(s.lo), s.from(s.hi)
	if s.log {
		ax.Scale = plot.LogScale{}
		ax.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	if s.cats != nil { // names slanted, so that long ones do not collide
		ax.Tick.Marker = catTicks(s.cats)
		ax.Tick.Label.Rotation = math.Pi / 6
		ax.Tick.Label.XAlign, ax.Tick.Label.YAlign = draw.XRight, draw.YCenter
		return
	}
	if len(s.distinct) > 0 && len(s.distinct) <= 10 {
		ticks := make([]plot.Tick, len(s.distinct))
		for i, v := range s.distinct {
			ticks[i] = plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)}
		}
		ax.Tick.Marker = plot.ConstantTicks(ticks)
	}
}

// maxCatLabels is the most category names an axis prints; the others get
// a tick without a label.
const maxCatLabels = 16

// catTicks marks every category, labelling at most maxCatLabels of them
// evenly, each shortened to 24 characters.
func catTicks(cats []string) plot.ConstantTicks {
	every := (len(cats) + maxCatLabels - 1) / maxCatLabels
	ticks := make([]plot.Tick, len(cats))
	for i, c := range cats {
		ticks[i].Value = float64(i)
		if i%max(every, 1) == 0 {
			if r := []rune(c); len(r) > 24 {
				c = string(r[:23]) + "…"
			}
			ticks[i].Label = c
		}
	}
	return ticks
}

// setYRange fits ax to the values and error bars of pts with a margin,
// never below zero when all values are non-negative.
func setYRange(ax *plot.Axis, pts ...[]point) {
	lo, hi := math.Inf(1), math.Inf(-1)
	nonNeg := true
	for _, ps := range pts {
		for _, p := range ps {
			lo, hi = math.Min(lo, p.y-p.err), math.Max(hi, p.y+p.err)
			nonNeg = nonNeg && p.y >= 0
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	pad := 0.08 * (hi - lo)
	if pad == 0 {
		pad = 0.1 * math.Max(math.Abs(hi), 1)
	}
	lo, hi = lo-pad, hi+pad
	if nonNeg && lo < 0 {
		lo = 0
	}
	ax.Min, ax.Max = lo, hi
}

// niceTicks marks about six major ticks at round values (1, 2, 2.5 or 5
// times a power of ten) with a minor tick between each, denser than plot's
// default ticker, so that values can be read off the charts.
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	// Very small or large numbers (Go benchmarks' sec/op) print with an SI
	// prefix: 5µ rather than 0.000005.
	m := math.Max(math.Abs(lo), math.Abs(hi))
	exp, prefix := siPrefix(m)
	unit := math.Pow(10, float64(exp))
	prec := -int(math.Floor(math.Log10(step/unit) + 1e-9)) // decimals of step
	if step/mag == 2.5 {
		prec++
	}
	prec = max(prec, 0)
	// Beyond the prefixes (1e-290 tokens/s, 1e300 ns/op) or steps too fine
	// for a dozen decimals, labels print as exponents: "f" would need
	// hundreds of digits, and a label wider than the chart leaves its
	// panels no room (gonum then lays them out with NaN sizes).
	expo := m/unit < 1e-3 || m/unit >= 1e6 || prec > 12
	first := math.Ceil(lo / step * 2)
	if !(math.Abs(first) < 1<<50) {
		// A range a few float64 steps wide (1e-8 to the next float): i++
		// below would not change i. Mark its ends.
		label := func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }
		return []plot.Tick{{Value: lo, Label: label(lo)}, {Value: hi, Label: label(hi)}}
	}
	var ticks []plot.Tick
	for i := first; i*step/2 <= hi+step*1e-9 && len(ticks) < 100; i++ {
		v := i * step / 2
		if v == 0 {
			v = 0 // not -0
		}
		t := plot.Tick{Value: v}
		switch {
		case math.Mod(i, 2) != 0:
		case expo:
			t.Label = strconv.FormatFloat(v, 'g', 4, 64)
		default:
			t.Label = strconv.FormatFloat(v/unit, 'f', prec, 64)
			if v != 0 {
				t.Label += prefix
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// siPrefix returns the power of ten and the SI prefix to print numbers up
// to m with: none from 0.01 to a million, else n, µ, m, k, M, G …
func siPrefix(m float64) (int, string) {
	if m == 0 || m >= 0.01 && m < 1e6 {
		return 0, ""
	}
	exp := int(math.Floor(math.Log10(m)/3)) * 3
	exp = min(max(exp, -15), 15)
	prefixes := map[int]string{-15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P"}
	return exp, prefixes[exp]
}
