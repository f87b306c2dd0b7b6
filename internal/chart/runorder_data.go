package chart

import (
	"slices"
	"time"

	"github.com/sweepstat/sweepstat/internal/stats"
)

// runData is what the run-order chart plots.
type runData struct {
	values []string // option values, base first
	phases []string // the columns
	models []string // the rows; one pooled row when there are more than maxRunModels
	pooled bool
	panels [][]runPanel // [row][column]
	loc    *time.Location
	first  time.Time // earliest and latest run time of the chart
	last   time.Time
}

// A runPanel is the records of one model (or every model, pooled) and phase.
type runPanel struct {
	model, phase string
	series       []runSeries // one per option value with points
	missing      int         // records without a readable run time
}

// A runSeries is the records of one option value: x the run time (Unix
// seconds), y the mean over the median of its benchmark (all values), as
// points thinned to what the panel can show and as the median line over
// slices of the panel's time span (24, or fewer so that a slice holds six
// points on average).
type runSeries struct {
	value int
	pts   []point
	trend []point
}

// Layout of the run-order data: models drawn one per row (more are
// pooled), the grid that thins a panel, and the time slices of the trend.
const (
	maxRunModels = 6
	runXCells    = 200
	runYCells    = 120
	runBins      = 24 // at most; fewer when the points are few
	runPerBin    = 6  // points per slice, on average, at least
	// runMaxPoints is the most points a series draws at the fine grid
	// (cells of about 2.5 pixels); above, its points are thinned again to
	// cells of a dot's width (about 7 pixels), where more would only
	// cover each other.
	runMaxPoints = 3000
)

// runOrderData returns the run-order chart's data: per model and phase,
// each record's speed relative to its benchmark's median against its run
// time, by option value. Records without a readable time are counted, not
// drawn. It returns ErrNoTimes when no record has one.
func (s *Set) runOrderData() (runData, error) {
	d := runData{values: s.values}
	var phases, models []string
	for _, mp := range s.order {
		phases, models = append(phases, mp.phase), append(models, mp.model)
	}
	d.phases = inOrder(s.sel.Phases, phases)
	d.models = inOrder(s.sel.Models, models)
	rows := d.models
	if d.pooled = len(d.models) > maxRunModels; d.pooled {
		rows = []string{""}
	}
	for _, model := range rows {
		var row []runPanel
		for _, phase := range d.phases {
			models := []string{model}
			if d.pooled {
				models = d.models
			}
			row = append(row, s.runPanel(&d, model, phase, models))
		}
		d.panels = append(d.panels, row)
	}
	if d.loc == nil {
		return d, ErrNoTimes
	}
	return d, nil
}

// runPanel returns the panel of the records of models in phase, named
// model, widening d's time span (and setting its zone, from the first
// time read) by their times.
func (s *Set) runPanel(d *runData, model, phase string, models []string) runPanel {
	p := runPanel{model: model, phase: phase}
	// Each value's points are allocated at their size (one count first):
	// a million records grown by append would allocate several times
	// their points.
	size := make([]int, len(s.values))
	for _, m := range models {
		if g := s.group(m, phase); g != nil {
			for _, i := range g.recs {
				size[s.value(i)] += s.sel.Records[i].Invocations()
			}
		}
	}
	pts := make([][]point, len(s.values))
	for v, n := range size {
		pts[v] = make([]point, 0, n)
	}
	for _, m := range models {
		g := s.group(m, phase)
		if g == nil {
			continue
		}
		for _, i := range g.recs {
			r := &s.sel.Records[i]
			t, ok := parseTime(r.Time)
			if !ok {
				p.missing++
				continue
			}
			if d.loc == nil {
				d.loc, d.first, d.last = t.Location(), t, t
			}
			if t.Before(d.first) {
				d.first = t
			}
			if t.After(d.last) {
				d.last = t
			}
			x, med, v := unixSeconds(t), s.benches[s.rec[i]].median, s.value(i)
			if !r.Folded {
				pts[v] = append(pts[v], point{x: x, y: r.Mean / med})
			}
			for _, m := range r.Runs() {
				pts[v] = append(pts[v], point{x: x, y: m / med})
			}
		}
	}
	g := gridOf(runXCells, runYCells, pts...)
	coarse := g
	coarse.xCells, coarse.yCells = runXCells*2/5, runYCells*2/5
	for v, ps := range pts {
		if len(ps) > 0 {
			bins := min(runBins, max(3, len(ps)/runPerBin))
			thin := g.thinDense(ps)
			if len(thin) > runMaxPoints { // a dense cloud: one dot per dot's width
				thin = coarse.thinDense(thin)
			}
			p.series = append(p.series, runSeries{value: v, pts: thin, trend: binMedians(ps, g.x0, g.x1, bins)})
		}
		pts[v] = nil
	}
	return p
}

// inOrder returns the distinct strings of have in the order of want, then
// those want lacks in their order in have.
func inOrder(want, have []string) []string {
	in := map[string]bool{}
	for _, h := range have {
		in[h] = true
	}
	var out []string
	for _, w := range append(want[:len(want):len(want)], have...) {
		if in[w] {
			out = append(out, w)
			in[w] = false
		}
	}
	return out
}

// binMedians divides lo..hi into n slices and returns, for each slice with
// points, the median x and the median y of its points, in time order. The
// points are put in their slices by a counting sort: two values a point.
func binMedians(pts []point, lo, hi float64, n int) []point {
	start := make([]int, n+1)
	for _, p := range pts {
		start[cell(p.x, lo, hi, n)+1]++
	}
	for b := range n {
		start[b+1] += start[b]
	}
	next := slices.Clone(start[:n])
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for _, p := range pts {
		b := cell(p.x, lo, hi, n)
		xs[next[b]], ys[next[b]] = p.x, p.y
		next[b]++
	}
	var out []point
	for b := range n {
		if start[b] < start[b+1] {
			out = append(out, point{x: stats.MedianInPlace(xs[start[b]:start[b+1]]), y: stats.MedianInPlace(ys[start[b]:start[b+1]])})
		}
	}
	return out
}

// dates returns the day of the chart's runs, or the first and last day.
func (d *runData) dates() string {
	a, z := d.first.In(d.loc).Format(time.DateOnly), d.last.In(d.loc).Format(time.DateOnly)
	if a == z {
		return a
	}
	return a + " – " + z
}
