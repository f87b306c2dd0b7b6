package chart

import (
	"fmt"
	"math"
	"slices"
)

// aggData is what the aggregate chart of one phase plots.
type aggData struct {
	phase  string
	models []string // models with records of phase, in ascending order
	values []string // option values, base first
	cats   []string // the sizes as categories (x axis of the test size, sizes not numbers)
	rows   []aggRow // one per x axis
}

// An aggRow is the two panels along one x axis: relative speed and CV.
type aggRow struct {
	dim         int // index into dimKnobs; -1: the test size
	speed, stab []aggSeries
}

// An aggSeries is the records of one model and option value: their points
// (thinned to what the panel can show), a line per knob set through the
// median at each x — so that no line mixes knob values — and, at each x
// where the series has more than maxPerX points, instead of the points
// their median and range.
type aggSeries struct {
	model, value int
	pts          []point
	lines        [][]point
	spreads      []spread
}

// Cells of the grid that thins an aggregate panel (x is exact).
const aggYCells = 250

// aggregateData returns the aggregate chart's data for phase. Speed is
// relative: each record's mean against the median of its benchmark's base
// records, in percent ((mean/median − 1) × 100), so that models of any
// speed share the axis and a 1% change shows as 1; records of a benchmark
// without base records are left out. CV is the record's Std/Mean × 100
// (records that fold several runs, which have no Std, are left out).
func (s *Set) aggregateData(phase string) (aggData, error) {
	d := aggData{phase: phase, values: s.values}
	var groups []*group
	for _, mp := range s.order {
		if mp.phase == phase {
			d.models = append(d.models, mp.model)
		}
	}
	slices.Sort(d.models)
	if len(d.models) == 0 {
		return d, fmt.Errorf("no records for phase %q", phase)
	}
	var benches []int32
	for _, m := range d.models {
		g := s.group(m, phase)
		groups = append(groups, g)
		benches = append(benches, g.benches...)
	}
	for _, ax := range s.xAxes(benches) {
		d.cats = ax.cats
		d.rows = append(d.rows, s.aggRow(groups, ax))
	}
	return d, nil
}

// aggRow returns the speed and CV panels of the groups (one per model)
// along ax.
//
// A series (model × value) draws its points at the xs where it has at
// most maxPerX of them (thinned to the panel's grid), the median and range
// of its values at each other x, and a line per knob set through the
// median at each x. All of it is read from the values of each knob set at
// each x (a cell): per model, one pass over its records counts the cells,
// a second puts the values in place (a counting sort), and each cell is
// sorted once for its median; the few points drawn one by one are taken
// in record order by a third pass. So the cost is a few passes over the
// records and sorts of cells, with no map lookup per point; the data is
// what the straightforward definition gives (aggRowReference in the
// tests).
func (s *Set) aggRow(groups []*group, ax xAxis) aggRow {
	nv := len(s.values)
	row := aggRow{dim: ax.dim, speed: make([]aggSeries, len(groups)*nv), stab: make([]aggSeries, len(groups)*nv)}
	for m := range groups {
		for v := range nv {
			row.speed[m*nv+v] = aggSeries{model: m, value: v}
			row.stab[m*nv+v] = aggSeries{model: m, value: v}
		}
	}
	// The extent of each panel's points: the grid that thins them.
	ext := [2]grid{gridOf(0, aggYCells), gridOf(0, aggYCells)}
	for _, g := range groups {
		for _, i := range g.recs {
			x := ax.of(&s.benches[s.rec[i]])
			s.aggPoints(i, func(p int, y float64) {
				e := &ext[p]
				e.x0, e.x1 = math.Min(e.x0, x), math.Max(e.x1, x)
				e.y0, e.y1 = math.Min(e.y0, y), math.Max(e.y1, y)
			})
		}
	}
	a := aggModel{keyOf: make([]int32, len(s.benches)*nv)}
	for m, g := range groups {
		a.build(s, g, ax)
		for p, series := range [2][]aggSeries{row.speed, row.stab} {
			a.emit(s, g, p, series[m*nv:(m+1)*nv], ext[p])
		}
		for _, b := range g.benches {
			clear(a.keyOf[int(b)*nv : int(b+1)*nv])
		}
	}
	return row
}

// aggPoints calls fn with the values record i adds to the aggregate's
// panels: p 0, relative speed (each mean against the median of its
// benchmark's base records, in percent; none without base records), p 1,
// its CV (none for records that fold several runs).
func (s *Set) aggPoints(i int32, fn func(p int, y float64)) {
	b := &s.benches[s.rec[i]]
	r := &s.sel.Records[i]
	if !math.IsNaN(b.baseMedian) {
		if !r.Folded {
			fn(0, (r.Mean-b.baseMedian)/b.baseMedian*100)
		}
		for _, mean := range r.Runs() {
			fn(0, (mean-b.baseMedian)/b.baseMedian*100)
		}
	}
	if cv := r.CV(); !r.Folded && !math.IsNaN(cv) {
		fn(1, cv)
	}
}

// aggModel holds the values of one model's records along one x axis, for
// aggRow; its slices are reused from model to model.
type aggModel struct {
	xs     []float64 // the model's distinct xs, ascending
	xOf    map[int32]int32
	keyOf  []int32 // (bench × value) → key + 1 (0: none yet), for the benches of the model
	keys   []aggKey
	recKey []int32 // the key of each record of the group
	panels [2]aggCells
}

// aggKey is a series (a value of the model) and knob set of the model.
type aggKey struct {
	value  int
	extras string
}

// aggCells holds one panel's values of a model: cell c = key × x
// (key*len(xs)+x) has ys[start[c]:start[c+1]] (in record order until
// emit sorts them), and firstX lists each key's xs in order of first
// appearance among its records.
type aggCells struct {
	start  []int32
	ys     []float64
	firstX [][]int32
}

// cell returns the index of the cell of record j of the group.
func (a *aggModel) cell(s *Set, g *group, j int) int {
	return int(a.recKey[j])*len(a.xs) + int(a.xOf[s.rec[g.recs[j]]])
}

// build fills a with the records of g (one model) along ax.
func (a *aggModel) build(s *Set, g *group, ax xAxis) {
	nv := len(s.values)
	a.xs = a.xs[:0]
	a.xOf = map[int32]int32{}
	xIndex := map[float64]int32{}
	for _, b := range g.benches {
		x := ax.of(&s.benches[b])
		if _, ok := xIndex[x]; !ok {
			xIndex[x] = 0
			a.xs = append(a.xs, x)
		}
	}
	slices.SortFunc(a.xs, cmpFloat)
	for i, x := range a.xs {
		xIndex[x] = int32(i)
	}
	for _, b := range g.benches {
		a.xOf[b] = xIndex[ax.of(&s.benches[b])]
	}
	a.keys = a.keys[:0]
	a.recKey = slices.Grow(a.recKey[:0], len(g.recs))[:len(g.recs)]
	keyIndex := map[aggKey]int32{}
	for j, i := range g.recs {
		bv := int(s.rec[i])*nv + s.value(i)
		if a.keyOf[bv] == 0 {
			k := aggKey{s.value(i), s.benches[s.rec[i]].extras}
			ki, ok := keyIndex[k]
			if !ok {
				ki = int32(len(a.keys))
				keyIndex[k] = ki
				a.keys = append(a.keys, k)
			}
			a.keyOf[bv] = ki + 1
		}
		a.recKey[j] = a.keyOf[bv] - 1
	}
	nx := len(a.xs)
	cells := len(a.keys) * nx
	for p := range a.panels {
		pc := &a.panels[p]
		pc.start = slices.Grow(pc.start[:0], cells+1)[:cells+1]
		clear(pc.start)
		pc.firstX = slices.Grow(pc.firstX[:0], len(a.keys))[:len(a.keys)]
		for k := range pc.firstX {
			pc.firstX[k] = pc.firstX[k][:0]
		}
	}
	// Count each cell's values (in start[c+1]) and note each key's xs in
	// order of first appearance.
	for j, i := range g.recs {
		c := a.cell(s, g, j)
		s.aggPoints(i, func(p int, _ float64) {
			pc := &a.panels[p]
			if pc.start[c+1] == 0 {
				k := c / nx
				pc.firstX[k] = append(pc.firstX[k], int32(c%nx))
			}
			pc.start[c+1]++
		})
	}
	var next [2][]int32
	for p := range a.panels {
		pc := &a.panels[p]
		for c := range cells {
			pc.start[c+1] += pc.start[c]
		}
		next[p] = slices.Clone(pc.start[:cells])
		pc.ys = slices.Grow(pc.ys[:0], int(pc.start[cells]))[:pc.start[cells]]
	}
	for j, i := range g.recs {
		c := a.cell(s, g, j)
		s.aggPoints(i, func(p int, y float64) {
			a.panels[p].ys[next[p][c]] = y
			next[p][c]++
		})
	}
}

// emit sets the series of the model in panel p (series[v] is value v's):
// its points at the xs where the series has at most maxPerX values,
// thinned to g, in record order; a line per knob set through the median
// at each x; the median and range at each other x, in order of first
// appearance (over its knob sets in order, then records).
func (a *aggModel) emit(s *Set, g *group, p int, series []aggSeries, grd grid) {
	pc := &a.panels[p]
	nx := len(a.xs)
	ys := func(c int) []float64 { return pc.ys[pc.start[c]:pc.start[c+1]] }
	count := make([]int32, len(series)*nx) // values of each series at each x, over its knob sets
	for k, key := range a.keys {
		for x := range nx {
			count[key.value*nx+x] += pc.start[k*nx+x+1] - pc.start[k*nx+x]
		}
	}
	few := func(v, x int) bool { return count[v*nx+x] <= maxPerX }
	// The points drawn one by one, by key, in record order.
	var fewPts [][]point
	for v := range series {
		for x := range nx {
			if n := count[v*nx+x]; n > 0 && n <= maxPerX && fewPts == nil {
				fewPts = make([][]point, len(a.keys))
			}
		}
	}
	if fewPts != nil {
		for j, i := range g.recs {
			k := a.recKey[j]
			x := int(a.xOf[s.rec[i]])
			if !few(a.keys[k].value, x) {
				continue
			}
			s.aggPoints(i, func(q int, y float64) {
				if q == p {
					fewPts[k] = append(fewPts[k], point{x: a.xs[x], y: y})
				}
			})
		}
	}
	seen := make([]map[cellKey]bool, len(series))
	for k, key := range a.keys {
		ser := &series[key.value]
		if fewPts != nil {
			if seen[key.value] == nil {
				seen[key.value] = map[cellKey]bool{}
			}
			ser.pts = grd.thinInto(ser.pts, fewPts[k], seen[key.value])
		}
		var line []point
		for x := range nx {
			if c := ys(k*nx + x); len(c) > 0 {
				slices.Sort(c)
				line = append(line, point{x: a.xs[x], y: medianOf(c)})
			}
		}
		if len(line) > 0 {
			ser.lines = append(ser.lines, line)
		}
	}
	done := make([]bool, len(series)*nx)
	var merged []float64
	for k, key := range a.keys {
		v := key.value
		for _, x := range pc.firstX[k] {
			if few(v, int(x)) || done[v*nx+int(x)] {
				continue
			}
			done[v*nx+int(x)] = true
			vals := ys(k*nx + int(x))
			if int32(len(vals)) != count[v*nx+int(x)] { // other knob sets at x: merged
				merged = merged[:0]
				for k2, key2 := range a.keys {
					if key2.value == v {
						merged = append(merged, ys(k2*nx+int(x))...)
					}
				}
				slices.Sort(merged)
				vals = merged
			}
			series[v].spreads = append(series[v].spreads, spread{x: a.xs[x], median: medianOf(vals), lo: vals[0], hi: vals[len(vals)-1]})
		}
	}
}

// medianOf returns the median of sorted xs (not empty).
func medianOf(xs []float64) float64 {
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
