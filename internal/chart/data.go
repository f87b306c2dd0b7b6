package chart

import (
	"math"
	"slices"
	"strconv"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A point is one value placed on a panel.
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

// knobValue returns knob k of r as a number; ok is false when r has no such
// knob or it is not a finite number.
func knobValue(r *sweep.Record, k string) (v float64, ok bool) { return parseFinite(r.Knob(k)) }

// parseFinite parses s as a finite number.
func parseFinite(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// A grid divides a panel into cells of about two pixels, to draw no more
// points than the panel can show: thin keeps the first point of each cell.
// xCells 0 keeps x exact (a sweep's few discrete sizes).
type grid struct {
	x0, x1, y0, y1 float64
	xCells, yCells int
}

// gridOf returns the grid of cells over the extent of pts.
func gridOf(xCells, yCells int, pts ...[]point) grid {
	g := grid{x0: math.Inf(1), x1: math.Inf(-1), y0: math.Inf(1), y1: math.Inf(-1), xCells: xCells, yCells: yCells}
	for _, ps := range pts {
		for _, p := range ps {
			g.x0, g.x1 = math.Min(g.x0, p.x), math.Max(g.x1, p.x)
			g.y0, g.y1 = math.Min(g.y0, p.y), math.Max(g.y1, p.y)
		}
	}
	return g
}

// cell returns the index of the cell of v in lo..hi divided into n cells
// (hi falls in the last).
func cell(v, lo, hi float64, n int) int64 {
	if !(hi > lo) {
		return 0
	}
	return min(max(int64(math.Floor((v-lo)/(hi-lo)*float64(n))), 0), int64(n-1))
}

// A cellKey names a cell of a grid; x holds the bits of x when it is exact.
type cellKey struct{ x, y int64 }

// thin returns the first point of pts in each cell of g, in the order of
// pts: what a panel can show of them. The result is a new slice.
func (g grid) thin(pts []point) []point {
	return g.thinInto(make([]point, 0, min(len(pts), 512)), pts, make(map[cellKey]bool, min(len(pts), 512)))
}

// thinInto appends to dst the points of pts whose cell is not in seen,
// adding their cells to seen: thin over several slices of one series.
func (g grid) thinInto(dst, pts []point, seen map[cellKey]bool) []point {
	for _, p := range pts {
		k := cellKey{y: cell(p.y, g.y0, g.y1, g.yCells)}
		if g.xCells > 0 {
			k.x = cell(p.x, g.x0, g.x1, g.xCells)
		} else {
			k.x = int64(math.Float64bits(p.x))
		}
		if !seen[k] {
			seen[k] = true
			dst = append(dst, p)
		}
	}
	return dst
}

// thinDense is thin for a grid of cells in x and y (xCells > 0), with
// the cells seen in a bitmap instead of a map: the same points.
func (g grid) thinDense(pts []point) []point {
	if g.xCells <= 0 {
		return g.thin(pts)
	}
	seen := make([]bool, g.xCells*g.yCells)
	out := make([]point, 0, min(len(pts), 1024)) // kept by the chart: grown to what is kept, not sized for every cell
	for _, p := range pts {
		c := cell(p.x, g.x0, g.x1, g.xCells)*int64(g.yCells) + cell(p.y, g.y0, g.y1, g.yCells)
		if !seen[c] {
			seen[c] = true
			out = append(out, p)
		}
	}
	return out
}

// medianLine returns, for every distinct x of pts in ascending order, the
// median of the ys at that x: the trend line through a series. It sorts
// pts by x and y.
func medianLine(pts []point) []point {
	s := pts
	slices.SortFunc(s, func(a, b point) int {
		if c := cmpFloat(a.x, b.x); c != 0 {
			return c
		}
		return cmpFloat(a.y, b.y)
	})
	var out []point
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j].x == s[i].x {
			j++
		}
		n := j - i
		y := s[i+n/2].y
		if n%2 == 0 {
			y = (s[i+n/2-1].y + s[i+n/2].y) / 2
		}
		out = append(out, point{x: s[i].x, y: y})
		i = j
	}
	return out
}

// maxPerX is the most points a series draws at one x: a column of more
// overlapping dots shows nothing more (a report of 16 invocations per
// side, the real task 3's decode, draws them all), and drawing every one
// of thousands makes a chart's cost grow with the records.
const maxPerX = 16

// capPerX returns pts with at most k points at each x, in the order of
// pts: an x holding more keeps k of them evenly spaced in rank by y, the
// lowest and the highest among them, in ascending y (where its first point
// was). The result is a new slice when anything was dropped.
func capPerX(pts []point, k int) []point {
	count := map[float64]int{}
	over := false
	for _, p := range pts {
		count[p.x]++
		over = over || count[p.x] > k
	}
	if !over {
		return pts
	}
	byX := map[float64][]float64{}
	for _, p := range pts {
		if count[p.x] > k {
			byX[p.x] = append(byX[p.x], p.y)
		}
	}
	out := make([]point, 0, len(pts))
	for _, p := range pts {
		ys, capped := byX[p.x]
		switch {
		case !capped:
			out = append(out, p)
		case ys != nil:
			slices.Sort(ys)
			for i := range k {
				out = append(out, point{x: p.x, y: ys[i*(len(ys)-1)/(k-1)]})
			}
			byX[p.x] = nil // emitted
		}
	}
	return out
}

// A spread summarizes the points of a series at one x: their median and
// range.
type spread struct{ x, median, lo, hi float64 }

// summarizePerX splits pts into the points at the xs holding at most k of
// them (kept, in order) and the spread of each x holding more, in order of
// first appearance.
func summarizePerX(pts []point, k int) (kept []point, spreads []spread) {
	count := map[float64]int{}
	for _, p := range pts {
		count[p.x]++
	}
	byX := map[float64][]float64{}
	var xs []float64
	for _, p := range pts {
		if count[p.x] <= k {
			kept = append(kept, p)
			continue
		}
		if _, ok := byX[p.x]; !ok {
			xs = append(xs, p.x)
		}
		byX[p.x] = append(byX[p.x], p.y)
	}
	for _, x := range xs {
		ys := byX[x]
		slices.Sort(ys)
		m := ys[len(ys)/2]
		if len(ys)%2 == 0 {
			m = (ys[len(ys)/2-1] + ys[len(ys)/2]) / 2
		}
		spreads = append(spreads, spread{x: x, median: m, lo: ys[0], hi: ys[len(ys)-1]})
	}
	return kept, spreads
}
