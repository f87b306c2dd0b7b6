package chart

import (
	"math"
	"slices"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// changeData is what the change chart of one phase plots, computed from the
// result model alone.
type changeData struct {
	phase     string
	margin    float64  // equivalence margin, percent; 0: no band
	newValues []string // the compared new values, in the result's order
	extras    []string // the distinct knob sets of the benchmarks ("" none), in order of first appearance
	panels    []changePanel
	verdicts  []result.Verdict // the verdicts drawn, in result.Verdicts order
	models    int              // models with rows of phase (len(panels) unless capped)
}

// A changePanel is one model's panel.
type changePanel struct {
	model  string
	cats   []string // the sizes as categories when they are not all numbers; x is then the index
	series []changeSeries
	aggs   []changeAgg // the model's aggregate per new value that has one
}

// A changeSeries is the benchmarks of one new value and knob set, by x.
type changeSeries struct {
	value, extras int // indices into changeData.newValues and extras
	pts           []changePoint
}

// A changePoint is one benchmark: y the change in percent (Row.DeltaPct),
// lo..hi its 95% interval (ChangeCILow..High; NaN when undefined).
type changePoint struct {
	ival
	size    string
	verdict result.Verdict
}

// A changeAgg is a model's aggregate for one new value: y the geometric
// mean change, lo..hi its interval (NaN when undefined).
type changeAgg struct {
	value   int
	y       float64
	lo, hi  float64
	verdict result.Verdict
}

func (a changeAgg) hasInterval() bool { return !math.IsNaN(a.lo) && !math.IsNaN(a.hi) }

// maxChangePanels is the most models a change chart shows as panels; the
// title says how many were left out.
const maxChangePanels = 12

// newChangeData returns the change chart's data for phase: per model (in
// the order of the rows) its benchmarks' changes against the test size,
// one series per new value and knob set, and its aggregates. Rows whose
// change is undefined are left out; an undefined interval is drawn as none.
func newChangeData(c *result.Comparison, phase string) changeData {
	d := changeData{phase: phase, margin: c.Settings.MarginPct, newValues: c.NewValues}
	if len(d.newValues) == 0 {
		d.newValues = []string{c.New}
	}
	vindex := map[string]int{}
	for i, v := range d.newValues {
		vindex[v] = i
	}
	eindex := map[string]int{}
	pindex := map[string]int{}
	type skey struct{ p, v, e int }
	sindex := map[skey]int{}
	used := map[result.Verdict]bool{}
	var sizes [][]string // per panel, distinct sizes in order of first appearance
	for i := range c.Rows {
		r := &c.Rows[i]
		vi, ok := vindex[r.NewValue]
		if r.Phase != phase || !ok {
			continue
		}
		p, ok := pindex[r.Model]
		if !ok {
			if len(d.panels) == maxChangePanels {
				d.models++
				pindex[r.Model] = -1
				continue
			}
			p = len(d.panels)
			pindex[r.Model] = p
			d.panels = append(d.panels, changePanel{model: r.Model})
			sizes = append(sizes, nil)
			d.models++
		}
		if p < 0 || !r.DeltaPct.Valid() {
			continue
		}
		size, extras, _ := strings.Cut(r.Size, " ")
		e, ok := eindex[extras]
		if !ok {
			e = len(d.extras)
			eindex[extras] = e
			d.extras = append(d.extras, extras)
		}
		k := skey{p, vi, e}
		s, ok := sindex[k]
		if !ok {
			s = len(d.panels[p].series)
			sindex[k] = s
			d.panels[p].series = append(d.panels[p].series, changeSeries{value: vi, extras: e})
		}
		q := changePoint{ival: ival{y: float64(r.DeltaPct), lo: math.NaN(), hi: math.NaN()}, size: size, verdict: r.Verdict}
		if r.ChangeCILow.Valid() && r.ChangeCIHigh.Valid() {
			q.lo, q.hi = float64(r.ChangeCILow), float64(r.ChangeCIHigh)
		}
		d.panels[p].series[s].pts = append(d.panels[p].series[s].pts, q)
		if !slices.Contains(sizes[p], size) {
			sizes[p] = append(sizes[p], size)
		}
		used[r.Verdict] = true
	}
	for p := range d.panels {
		pos, cats := sizeX(sizes[p])
		d.panels[p].cats = cats
		for s := range d.panels[p].series {
			pts := d.panels[p].series[s].pts
			for i := range pts {
				pts[i].x = pos[pts[i].size]
			}
			slices.SortStableFunc(pts, func(a, b changePoint) int { return cmpFloat(a.x, b.x) })
		}
	}
	d.addAggregates(c, pindex, vindex, used)
	for _, v := range result.Verdicts {
		if used[v] {
			d.verdicts = append(d.verdicts, v)
		}
	}
	return d
}

// addAggregates adds to the panels (pindex: model → panel, -1 left out)
// the aggregates of c for their new value (vindex), noting their verdicts
// in used.
func (d *changeData) addAggregates(c *result.Comparison, pindex, vindex map[string]int, used map[result.Verdict]bool) {
	for i := range c.Aggregates {
		a := &c.Aggregates[i]
		p, ok := pindex[a.Model]
		vi, vok := vindex[a.NewValue]
		if a.Phase != d.phase || !ok || p < 0 || !vok || !a.DeltaPct.Valid() {
			continue
		}
		g := changeAgg{value: vi, y: float64(a.DeltaPct), lo: math.NaN(), hi: math.NaN(), verdict: a.Verdict}
		if a.ChangeCILow.Valid() && a.ChangeCIHigh.Valid() {
			g.lo, g.hi = float64(a.ChangeCILow), float64(a.ChangeCIHigh)
		}
		d.panels[p].aggs = append(d.panels[p].aggs, g)
		used[a.Verdict] = true
	}
}

// sizeX returns the x position of each size: its value when every size is
// a finite number; else its rank in sweep.LessValue order, with the sorted
// sizes as category names.
func sizeX(sizes []string) (pos map[string]float64, cats []string) {
	pos = make(map[string]float64, len(sizes))
	numeric := true
	for _, s := range sizes {
		v, ok := parseFinite(s)
		numeric = numeric && ok
		pos[s] = v
	}
	if numeric {
		return pos, nil
	}
	cats = slices.Clone(sizes)
	sweep.SortValues(cats)
	for i, s := range cats {
		pos[s] = float64(i)
	}
	return pos, cats
}

// cmpFloat orders two numbers for sorting.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
