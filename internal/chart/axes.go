package chart

import (
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
)

// An xScale maps a sweep dimension (n_prompt, n_gen) onto a panel's x axis:
// logarithmic when the values are positive and span a factor of 4 or more
// (sweeps usually double), linear otherwise.
type xScale struct {
	log      bool
	lo, hi   float64   // in scale space (log2 when log)
	distinct []float64 // distinct data values, ascending
	step     float64   // jitter between neighbouring series, scale space
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
	s.log = first > 0 && last/first >= 4
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

// apply sets ax's scale, range and ticks: a tick at every swept value when
// there are few of them.
func (s xScale) apply(ax *plot.Axis) {
	ax.Min, ax.Max = s.from(s.lo), s.from(s.hi)
	if s.log {
		ax.Scale = plot.LogScale{}
		ax.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	if len(s.distinct) > 0 && len(s.distinct) <= 10 {
		ticks := make([]plot.Tick, len(s.distinct))
		for i, v := range s.distinct {
			ticks[i] = plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)}
		}
		ax.Tick.Marker = plot.ConstantTicks(ticks)
	}
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
	prec := -int(math.Floor(math.Log10(step) + 1e-9)) // decimals of step
	if step/mag == 2.5 {
		prec++
	}
	prec = max(prec, 0)
	var ticks []plot.Tick
	for i := math.Ceil(lo / step * 2); i*step/2 <= hi+step*1e-9; i++ {
		v := i * step / 2
		if v == 0 {
			v = 0 // not -0
		}
		t := plot.Tick{Value: v}
		if math.Mod(i, 2) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', prec, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}
