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

// aggKey is a series (model × value) and knob set of an aggregate panel.
type aggKey struct {
	series int
	extras string
}

// aggRow returns the speed and CV panels of the groups (one per model)
// along ax.
func (s *Set) aggRow(groups []*group, ax xAxis) aggRow {
	nv := len(s.values)
	row := aggRow{dim: ax.dim, speed: make([]aggSeries, len(groups)*nv), stab: make([]aggSeries, len(groups)*nv)}
	// The points of each series and knob set; a series' points are
	// those of its knob sets.
	speedPts, stabPts := map[aggKey][]point{}, map[aggKey][]point{}
	var keys []aggKey // in order of first appearance
	// Each knob set's slices are made at their size first: a million
	// records grown by append would allocate several times their points.
	size := map[aggKey]int{}
	for m, g := range groups {
		for _, i := range g.recs {
			size[aggKey{m*nv + s.value(i), s.benches[s.rec[i]].extras}] += s.sel.Records[i].Invocations()
		}
	}
	for m, g := range groups {
		for v := range nv {
			row.speed[m*nv+v] = aggSeries{model: m, value: v}
			row.stab[m*nv+v] = aggSeries{model: m, value: v}
		}
		for _, i := range g.recs {
			b := &s.benches[s.rec[i]]
			r := &s.sel.Records[i]
			x := ax.of(b)
			k := aggKey{m*nv + s.value(i), b.extras}
			if _, ok := speedPts[k]; !ok {
				speedPts[k], stabPts[k] = make([]point, 0, size[k]), make([]point, 0, size[k])
				keys = append(keys, k)
			}
			if !math.IsNaN(b.baseMedian) {
				if r.Runs == nil {
					speedPts[k] = append(speedPts[k], point{x: x, y: (r.Mean - b.baseMedian) / b.baseMedian * 100})
				}
				for _, mean := range r.Runs {
					speedPts[k] = append(speedPts[k], point{x: x, y: (mean - b.baseMedian) / b.baseMedian * 100})
				}
			}
			if cv := r.CV(); r.Runs == nil && !math.IsNaN(cv) {
				stabPts[k] = append(stabPts[k], point{x: x, y: cv})
			}
		}
	}
	for _, panel := range []struct {
		series []aggSeries
		pts    map[aggKey][]point
	}{{row.speed, speedPts}, {row.stab, stabPts}} {
		var all [][]point
		for _, k := range keys {
			all = append(all, panel.pts[k])
		}
		g := gridOf(0, aggYCells, all...)
		// A series' xs with more than maxPerX points (over its knob sets)
		// get their median and range; the others their thinned points.
		count := make([]map[float64]int, len(panel.series))
		for _, k := range keys {
			if count[k.series] == nil {
				count[k.series] = map[float64]int{}
			}
			for _, q := range panel.pts[k] {
				count[k.series][q.x]++
			}
		}
		seen := make([]map[cellKey]bool, len(panel.series)) // per series
		many := make([][]point, len(panel.series))          // points at the xs summarized
		total := make([]int, len(panel.series))             // one allocation for a series' summarized points
		for _, k := range keys {
			total[k.series] += len(panel.pts[k])
		}
		for i := range many {
			if over(count[i], maxPerX) {
				many[i] = make([]point, 0, total[i])
			}
		}
		for _, k := range keys {
			ser := &panel.series[k.series]
			if seen[k.series] == nil {
				seen[k.series] = map[cellKey]bool{}
			}
			pts := panel.pts[k]
			if over(count[k.series], maxPerX) {
				var few []point
				for _, q := range pts {
					if count[k.series][q.x] > maxPerX {
						many[k.series] = append(many[k.series], q)
					} else {
						few = append(few, q)
					}
				}
				pts = few
			}
			ser.pts = g.thinInto(ser.pts, pts, seen[k.series])
			if l := medianLine(panel.pts[k]); len(l) > 0 { // sorts the points: thinned first
				ser.lines = append(ser.lines, l)
			}
		}
		for i, pts := range many {
			_, panel.series[i].spreads = summarizePerX(pts, 0)
		}
	}
	return row
}

// over reports whether some count exceeds k.
func over(count map[float64]int, k int) bool {
	for _, n := range count {
		if n > k {
			return true
		}
	}
	return false
}
