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
	models    int              // models with rows of phase
	grouped   bool             // one panel, the models as categories (more than maxChangePanels)
}

// A changePanel is one model's panel, or every model's when grouped.
type changePanel struct {
	model  string   // "" when grouped
	cats   []string // the sizes as categories when they are not all numbers, or the models when grouped; x is then the index
	series []changeSeries
	aggs   []changeAgg // the model's aggregate per new value that has one
	sizes  int         // distinct sizes
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
// mean change, lo..hi its interval (NaN when undefined); x is the model's
// slot when grouped.
type changeAgg struct {
	value   int
	x       float64
	y       float64
	lo, hi  float64
	verdict result.Verdict
}

func (a changeAgg) hasInterval() bool { return !math.IsNaN(a.lo) && !math.IsNaN(a.hi) }

// maxChangePanels is the most models a change chart shows as panels of
// their own; more share one panel, a group along x each.
const maxChangePanels = 12

// newChangeData returns the change chart's data for phase: per model (in
// the order of the rows) its benchmarks' changes against the test size,
// one series per new value and knob set, and its aggregates. With more
// than maxChangePanels models, one panel holds them all, the models as
// categories along x and each model's benchmarks spread across its slot in
// size order. Rows whose change is undefined are left out; an undefined
// interval is drawn as none.
func newChangeData(c *result.Comparison, phase string) changeData {
	d := changeData{phase: phase, margin: c.Settings.MarginPct, newValues: c.NewValues}
	if len(d.newValues) == 0 {
		d.newValues = []string{c.New}
	}
	vindex := map[string]int{}
	for i, v := range d.newValues {
		vindex[v] = i
	}
	mindex := map[string]int{} // model → its rank in the rows
	var models []string
	for i := range c.Rows {
		if r := &c.Rows[i]; r.Phase == phase && hasKey(vindex, r.NewValue) && !hasKey(mindex, r.Model) {
			mindex[r.Model] = len(models)
			models = append(models, r.Model)
		}
	}
	d.models = len(models)
	d.grouped = len(models) > maxChangePanels
	panelOf := func(model string) int { return mindex[model] }
	if d.grouped {
		d.panels = []changePanel{{cats: models}}
		panelOf = func(string) int { return 0 }
	} else {
		for _, m := range models {
			d.panels = append(d.panels, changePanel{model: m})
		}
	}
	eindex := map[string]int{}
	type skey struct{ p, v, e int }
	sindex := map[skey]int{}
	used := map[result.Verdict]bool{}
	sizes := make([][]string, len(d.panels)) // per panel, distinct sizes in order of first appearance
	seen := make([]map[string]bool, len(d.panels))
	for i := range c.Rows {
		r := &c.Rows[i]
		vi, ok := vindex[r.NewValue]
		if r.Phase != phase || !ok || !r.DeltaPct.Valid() {
			continue
		}
		p := panelOf(r.Model)
		size, extras, _ := strings.Cut(r.Size, " ")
		e, ok := eindex[extras]
		if !ok {
			e = len(d.extras)
			eindex[extras] = e
			d.extras = append(d.extras, extras)
		}
		k := skey{p, vi, e}
		si, ok := sindex[k]
		if !ok {
			si = len(d.panels[p].series)
			sindex[k] = si
			d.panels[p].series = append(d.panels[p].series, changeSeries{value: vi, extras: e})
		}
		q := changePoint{ival: ival{y: float64(r.DeltaPct), lo: math.NaN(), hi: math.NaN()}, size: size, verdict: r.Verdict}
		if d.grouped {
			q.x = float64(mindex[r.Model]) // plus the size's place, below
		}
		if r.ChangeCILow.Valid() && r.ChangeCIHigh.Valid() {
			q.lo, q.hi = float64(r.ChangeCILow), float64(r.ChangeCIHigh)
		}
		d.panels[p].series[si].pts = append(d.panels[p].series[si].pts, q)
		if seen[p] == nil {
			seen[p] = map[string]bool{}
		}
		if !seen[p][size] {
			seen[p][size] = true
			sizes[p] = append(sizes[p], size)
		}
		used[r.Verdict] = true
	}
	for p := range d.panels {
		d.panels[p].placeSizes(sizes[p], d.grouped)
	}
	d.addAggregates(c, mindex, vindex, used)
	for _, v := range result.Verdicts {
		if used[v] {
			d.verdicts = append(d.verdicts, v)
		}
	}
	return d
}

// placeSizes sets the x of p's points from their sizes: the size itself
// (or its rank among categories), or, grouped, a place across the
// model's slot in size order; the points of a series end up in x order.
func (p *changePanel) placeSizes(sizes []string, grouped bool) {
	pos, cats := sizeX(sizes)
	p.sizes = len(sizes)
	if grouped {
		ranked := slices.Clone(sizes)
		sweep.SortValues(ranked)
		for i, sz := range ranked {
			pos[sz] = 0
			if len(ranked) > 1 {
				pos[sz] = -0.35 + 0.7*float64(i)/float64(len(ranked)-1)
			}
		}
	} else {
		p.cats = cats
	}
	for s := range p.series {
		pts := p.series[s].pts
		for i := range pts {
			pts[i].x += pos[pts[i].size]
		}
		slices.SortStableFunc(pts, func(a, b changePoint) int { return cmpFloat(a.x, b.x) })
	}
}

// addAggregates adds to the panels the aggregates of c for their model
// (mindex: its rank) and new value (vindex), noting their verdicts in
// used. Grouped, an aggregate's x is its model's slot.
func (d *changeData) addAggregates(c *result.Comparison, mindex, vindex map[string]int, used map[result.Verdict]bool) {
	for i := range c.Aggregates {
		a := &c.Aggregates[i]
		m, ok := mindex[a.Model]
		vi, vok := vindex[a.NewValue]
		if a.Phase != d.phase || !ok || !vok || !a.DeltaPct.Valid() {
			continue
		}
		g := changeAgg{value: vi, y: float64(a.DeltaPct), lo: math.NaN(), hi: math.NaN(), verdict: a.Verdict}
		if a.ChangeCILow.Valid() && a.ChangeCIHigh.Valid() {
			g.lo, g.hi = float64(a.ChangeCILow), float64(a.ChangeCIHigh)
		}
		p := m
		if d.grouped {
			p, g.x = 0, float64(m)
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
