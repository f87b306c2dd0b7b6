package chart

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A point is one record (or matched pair of records) placed on a panel.
type point struct {
	x, y float64 // position; x is jittered when drawn in a series
	err  float64 // half height of the error bar, 0 for none
}

// errPoints adapts points to plotter.XYer and plotter.YErrorer.
type errPoints []point

func (e errPoints) Len() int                    { return len(e) }
func (e errPoints) XY(i int) (float64, float64) { return e[i].x, e[i].y }
func (e errPoints) YError(i int) (float64, float64) {
	return e[i].err, e[i].err
}

// recordsOf returns the records of sel in phase, of model unless model is
// empty, in source order. The records stay owned by sel.
func recordsOf(sel *sweep.Selection, model, phase string) []*sweep.Record {
	var out []*sweep.Record
	for i := range sel.Records {
		r := &sel.Records[i]
		if r.Phase == phase && (model == "" || r.Model == model) {
			out = append(out, r)
		}
	}
	return out
}

// knobValue returns knob k of r as a number; ok is false when r has no such
// knob or it is not a finite number.
func knobValue(r *sweep.Record, k string) (v float64, ok bool) {
	v, err := strconv.ParseFloat(r.Knob(k), 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// A measure is what a panel plots on its y axis.
type measure int

const (
	measureSpeed measure = iota // Mean, with Std error bars when asked
	measureCV                   // Std/Mean in percent
)

// of returns the measure of r and the half height of its error bar
// (the record's Std for speed when errBars is set, else 0).
func (m measure) of(r *sweep.Record, errBars bool) (y, err float64) {
	if m == measureCV {
		return r.CV(), 0
	}
	if errBars {
		return r.Mean, r.Std
	}
	return r.Mean, 0
}

// series returns the points of the records whose option has value v, along
// knob. Records without a numeric knob are left out.
func series(recs []*sweep.Record, option, v, knob string, m measure, errBars bool) []point {
	var out []point
	for _, r := range recs {
		if r.Knob(option) != v {
			continue
		}
		x, ok := knobValue(r, knob)
		if !ok {
			continue
		}
		y, e := m.of(r, errBars)
		out = append(out, point{x: x, y: y, err: e})
	}
	return out
}

// meanLine returns, for every distinct x of pts in ascending order, the mean
// of the ys at that x: the trend line drawn through a series.
func meanLine(pts []point) []point {
	sum, n := map[float64]float64{}, map[float64]int{}
	var xs []float64
	for _, p := range pts {
		if n[p.x] == 0 {
			xs = append(xs, p.x)
		}
		sum[p.x] += p.y
		n[p.x]++
	}
	sort.Float64s(xs)
	out := make([]point, len(xs))
	for i, x := range xs {
		out[i] = point{x: x, y: sum[x] / float64(n[x])}
	}
	return out
}

// matchPairs matches the records of the base and new values that agree on
// everything but the option (model, phase, size and every other knob), in
// order of first appearance. A side with several records is averaged: x and
// y are the mean of the Means, err the root mean square of the Stds (of the
// new side; xerr of the base side).
func matchPairs(recs []*sweep.Record, option, base, new string) (pts []point, xerr []float64) {
	type side struct {
		sum, sq float64
		n       int
	}
	type group struct{ b, n side }
	groups := map[string]*group{}
	var order []string
	for _, r := range recs {
		v := r.Knob(option)
		if v != base && v != new {
			continue
		}
		key := fmt.Sprintf("%s\x00%s\x00%s\x00%s", r.Model, r.Phase, r.Size, sweep.FormatKnobs(r.Knobs, option))
		g := groups[key]
		if g == nil {
			g = &group{}
			groups[key] = g
			order = append(order, key)
		}
		s := &g.b
		if v == new {
			s = &g.n
		}
		s.sum += r.Mean
		s.sq += r.Std * r.Std
		s.n++
	}
	for _, key := range order {
		g := groups[key]
		if g.b.n == 0 || g.n.n == 0 {
			continue
		}
		bn, nn := float64(g.b.n), float64(g.n.n)
		pts = append(pts, point{x: g.b.sum / bn, y: g.n.sum / nn, err: math.Sqrt(g.n.sq / nn)})
		xerr = append(xerr, math.Sqrt(g.b.sq/bn))
	}
	return pts, xerr
}
