package chart

import (
	"fmt"
	"math"
	"slices"

	"github.com/sweepstat/sweepstat/internal/result"
)

// compData is what the comparison chart of one model and phase plots.
type compData struct {
	model, phase, unit string
	values             []string // option values, base first
	extras             []string // the benchmarks' knob sets ("" none), in order of first appearance
	panels             []compPanel
	direct             []compPair // benchmarks with a center on both sides; none: no panel
	intervals          []string   // the result.Row.Interval kinds of the rows drawn, in order of first appearance
}

// A compPanel plots speed along one sweep dimension.
type compPanel struct {
	dim    int      // index into dimKnobs; -1: the test size
	cats   []string // sizes as categories (dim -1, sizes not numbers)
	series []compSeries
}

// A compSeries is one option value and knob set: the means of its records
// (thinned to what the panel can show, at most maxPerX at an x) and, per
// benchmark, the center and
// interval its test used, by x. Its line joins the centers, so it never
// crosses from one knob set to another.
type compSeries struct {
	value, extras int // indices into compData.values and extras
	runs          []point
	centers       []ival
}

// A compPair is one benchmark in the direct comparison: the base side's
// center and interval on x, the new value's on y.
type compPair struct {
	value       int // index into compData.values of the new value
	x, xlo, xhi float64
	y, ylo, yhi float64
	label       string // the benchmark: result.Row.Size
}

// Cells of the grid that thins the records of a sweep panel (x is exact).
const compYCells = 200

// comparisonData returns the comparison chart's data for model and phase:
// the panels along the sweep dimensions every benchmark holds constant (or
// the test size when none), and the direct comparison. It returns
// ErrOneValue when the records hold one option value only.
func (s *Set) comparisonData(model, phase string) (compData, error) {
	g := s.group(model, phase)
	if g == nil {
		return compData{}, fmt.Errorf("no records for model %q and phase %q", model, phase)
	}
	if g.values < 2 {
		return compData{}, fmt.Errorf("model %q, phase %q: %w", model, phase, ErrOneValue)
	}
	d := compData{model: model, phase: phase, values: s.values}
	centers := s.testedCenters(g, &d)
	if d.unit == "" && len(g.benches) > 0 {
		d.unit = s.benches[g.benches[0]].key.Unit
	}
	eindex := map[string]int{}
	for _, b := range g.benches {
		if e := s.benches[b].extras; !hasKey(eindex, e) {
			eindex[e] = len(d.extras)
			d.extras = append(d.extras, e)
		}
	}
	for _, ax := range s.xAxes(g.benches) {
		d.panels = append(d.panels, s.compPanel(g, ax, centers, eindex, len(d.extras)))
	}
	return d, nil
}

// testedCenters returns, per benchmark of g and option value, the center
// and interval its test used (from the rows of c; y NaN where there is
// none), and fills d's unit, interval kinds and direct comparison. The
// base side of a benchmark is that of its first new value's row.
func (s *Set) testedCenters(g *group, d *compData) map[int32][]ival {
	centers := map[int32][]ival{}
	if s.c == nil {
		return centers
	}
	bylabel := map[string]int32{}
	for _, b := range g.benches {
		if k := s.benches[b].label + "\x00" + s.benches[b].key.Unit; !hasKey(bylabel, k) {
			bylabel[k] = b
		}
	}
	kindSeen := map[string]bool{}
	for _, i := range s.rowsOf(d.model, d.phase) {
		r := &s.c.Rows[i]
		b, ok := bylabel[r.Size+"\x00"+r.Unit]
		vi, vok := s.vindex[r.NewValue]
		if !ok || !vok || vi == 0 {
			continue
		}
		if centers[b] == nil {
			centers[b] = make([]ival, len(s.values))
			for v := range centers[b] {
				centers[b][v].y = math.NaN()
			}
			centers[b][0] = sideIval(r.Base)
		}
		centers[b][vi] = sideIval(r.New)
		if d.unit == "" {
			d.unit = r.Unit
		}
		if !kindSeen[r.Interval] {
			kindSeen[r.Interval] = true
			d.intervals = append(d.intervals, r.Interval)
		}
		if base, nw := centers[b][0], centers[b][vi]; !math.IsNaN(base.y) && !math.IsNaN(nw.y) {
			d.direct = append(d.direct, compPair{value: vi, x: base.y, xlo: base.lo, xhi: base.hi, y: nw.y, ylo: nw.lo, yhi: nw.hi, label: r.Size})
		}
	}
	return centers
}

// compPanel returns the sweep panel of g along ax: a series per option
// value and knob set (eindex) holding its records' means, thinned, and its
// benchmarks' tested centers by x. Series with nothing to draw are dropped.
func (s *Set) compPanel(g *group, ax xAxis, centers map[int32][]ival, eindex map[string]int, nextras int) compPanel {
	p := compPanel{dim: ax.dim, cats: ax.cats, series: make([]compSeries, len(s.values)*nextras)}
	for v := range s.values {
		for e := range nextras {
			p.series[v*nextras+e] = compSeries{value: v, extras: e}
		}
	}
	// Each record's series, from its benchmark's knob set (looked up once
	// per benchmark); each series' points allocated at their size.
	extrasOf := make(map[int32]int, len(g.benches))
	for _, b := range g.benches {
		extrasOf[b] = eindex[s.benches[b].extras]
	}
	serOf := make([]int32, len(g.recs))
	size := make([]int, len(p.series))
	for j, i := range g.recs {
		serOf[j] = int32(s.value(i)*nextras + extrasOf[s.rec[i]])
		size[serOf[j]] += s.sel.Records[i].Invocations()
	}
	for k, n := range size {
		p.series[k].runs = make([]point, 0, n)
	}
	for j, i := range g.recs {
		b := &s.benches[s.rec[i]]
		ser := &p.series[serOf[j]]
		x := ax.of(b)
		if r := &s.sel.Records[i]; !r.Folded {
			ser.runs = append(ser.runs, point{x: x, y: r.Mean})
		} else {
			for _, m := range r.Runs() {
				ser.runs = append(ser.runs, point{x: x, y: m})
			}
		}
	}
	for _, b := range g.benches {
		for v, iv := range centers[b] {
			if !math.IsNaN(iv.y) {
				iv.x = ax.of(&s.benches[b])
				ser := &p.series[v*nextras+eindex[s.benches[b].extras]]
				ser.centers = append(ser.centers, iv)
			}
		}
	}
	var all [][]point
	for k := range p.series {
		slices.SortStableFunc(p.series[k].centers, func(a, b ival) int { return cmpFloat(a.x, b.x) })
		all = append(all, p.series[k].runs, intervalPoints(p.series[k].centers))
	}
	gr := gridOf(0, compYCells, all...)
	for k := range p.series {
		p.series[k].runs = capPerX(gr.thin(p.series[k].runs), maxPerX)
	}
	p.series = slices.DeleteFunc(p.series, func(s compSeries) bool { return len(s.runs) == 0 && len(s.centers) == 0 })
	return p
}

// sideIval returns a side's center and interval (NaN where undefined).
func sideIval(sd result.Side) ival {
	iv := ival{y: math.NaN(), lo: math.NaN(), hi: math.NaN()}
	if sd.Center.Valid() {
		iv.y = float64(sd.Center)
	}
	if sd.Lo.Valid() && sd.Hi.Valid() {
		iv.lo, iv.hi = float64(sd.Lo), float64(sd.Hi)
	}
	return iv
}

// intervalPoints returns the ends of the intervals and the values of ivs,
// for fitting an axis to them.
func intervalPoints(ivs []ival) []point {
	out := make([]point, 0, 3*len(ivs))
	for _, v := range ivs {
		out = append(out, point{x: v.x, y: v.y})
		if v.hasInterval() {
			out = append(out, point{x: v.x, y: v.lo}, point{x: v.x, y: v.hi})
		}
	}
	return out
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
