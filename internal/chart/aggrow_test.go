package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// aggKey is a series (model × value) and knob set of an aggregate panel.
type refAggKey struct {
	series int
	extras string
}

// aggRowReference is aggRow as it was first written, the straightforward
// definition of its data; aggRow must give the same.
//
// It returns the speed and CV panels of the groups (one per model)
// along ax.
func (s *Set) aggRowReference(groups []*group, ax xAxis) aggRow {
	nv := len(s.values)
	row := aggRow{dim: ax.dim, speed: make([]aggSeries, len(groups)*nv), stab: make([]aggSeries, len(groups)*nv)}
	// The points of each series and knob set; a series' points are
	// those of its knob sets.
	speedPts, stabPts := map[refAggKey][]point{}, map[refAggKey][]point{}
	var keys []refAggKey // in order of first appearance
	// Each knob set's slices are made at their size first: a million
	// records grown by append would allocate several times their points.
	size := map[refAggKey]int{}
	for m, g := range groups {
		for _, i := range g.recs {
			size[refAggKey{m*nv + s.value(i), s.benches[s.rec[i]].extras}] += s.sel.Records[i].Invocations()
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
			k := refAggKey{m*nv + s.value(i), b.extras}
			if _, ok := speedPts[k]; !ok {
				speedPts[k], stabPts[k] = make([]point, 0, size[k]), make([]point, 0, size[k])
				keys = append(keys, k)
			}
			if !math.IsNaN(b.baseMedian) {
				if !r.Folded {
					speedPts[k] = append(speedPts[k], point{x: x, y: (r.Mean - b.baseMedian) / b.baseMedian * 100})
				}
				for _, mean := range r.Runs() {
					speedPts[k] = append(speedPts[k], point{x: x, y: (mean - b.baseMedian) / b.baseMedian * 100})
				}
			}
			if cv := r.CV(); !r.Folded && !math.IsNaN(cv) {
				stabPts[k] = append(stabPts[k], point{x: x, y: cv})
			}
		}
	}
	for _, panel := range []struct {
		series []aggSeries
		pts    map[refAggKey][]point
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

// aggRow gives the data of its straightforward definition
// (aggRowReference) on selections below and above maxPerX points per x,
// with knob sets, folded runs, records without base records and without a
// CV.
func TestAggRowReference(t *testing.T) {
	sels := map[string]*sweep.Selection{
		"test":       testSelection(),
		"big 2×3":    bigSelection(t, 2, 3),
		"big 3×40":   bigSelection(t, 3, 40),
		"mixed":      mixedSelection(t),
		"small file": smallSet(t).sel,
	}
	for name, sel := range sels {
		s := NewSet(sel, nil)
		for _, phase := range sel.Phases {
			var groups []*group
			var benches []int32
			var models []string
			for _, mp := range s.order {
				if mp.phase == phase {
					models = append(models, mp.model)
				}
			}
			slices.Sort(models)
			for _, m := range models {
				g := s.group(m, phase)
				groups = append(groups, g)
				benches = append(benches, g.benches...)
			}
			for _, ax := range s.xAxes(benches) {
				want := s.aggRowReference(groups, ax)
				got := s.aggRow(groups, ax)
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(aggRow{}, aggSeries{}, point{}, spread{}), cmpopts.EquateEmpty(), cmpopts.EquateNaNs()); diff != "" {
					t.Errorf("%s %s dim %d (-reference +aggRow):\n%s", name, phase, ax.dim, diff)
				}
			}
		}
	}
}

// mixedSelection has two knob sets (threads 2 and 4) of unequal counts,
// records that fold runs, a benchmark without base records and records
// without a Std, in an order that interleaves models and values.
func mixedSelection(t testing.TB) *sweep.Selection {
	var recs []sweep.Record
	i := 0
	for round := range 30 {
		for _, m := range []string{"b", "a"} {
			for _, v := range []string{"8", "7"} {
				for _, th := range []string{"2", "4"} {
					if th == "4" && round%3 != 0 {
						continue
					}
					for _, np := range []int{64, 128, 256} {
						i++
						if v == "7" && np == 256 && m == "a" {
							continue // no base records
						}
						knobs := map[string]string{"n_prompt": strconv.Itoa(np), "n_gen": "32", "dynamicOption": v, "threads": th}
						noise := math.Sin(float64(i) * 2.1)
						r := sweep.Record{Test: &sweep.Test{Phase: "pp", Size: strconv.Itoa(np)}, Case: &sweep.Case{Origin: &sweep.Origin{Model: m}, Knobs: knobs, Time: fmt.Sprintf("2025-11-27 16:%02d:%02d", i/60%60, i%60)}, Mean: 100 + 5*noise, Std: 1 + noise}
						if round%7 == 0 {
							r.SetRuns([]float64{99 + noise, 101, 100 - noise})
							r.Mean, r.Std = 100, 0
						}
						if round%5 == 0 {
							r.Std = 0
						}
						recs = append(recs, r)
					}
				}
			}
		}
	}
	sel, err := sweep.Select(&sweep.Task{ID: 1, Name: "mixed", Records: recs}, "dynamicOption", "7", "8", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}
