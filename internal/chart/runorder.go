package chart

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Size of a run-order chart's panels and legend, in pixels.
const (
	runPanelW = 560
	runPanelH = 300
	runLegend = 250
	runTop    = 60
)

// RunOrder writes to w, as a PNG, the run-order chart of sel: per model (a
// row; with more than six models, one row of all models pooled) and phase
// (a column) a panel of each record's speed divided by the median of its
// benchmark over every option value — so that every size shares the axis,
// 1 is the benchmark's typical speed — against the time it ran, coloured by
// option value, with each value's median over 24 slices of the panel's time
// span as a line. When every run of one value precedes every run of the
// other, the colours split left and right and a drift shows as a slope.
//
// Run times are read from Record.Time: "2006-01-02 15:04:05" (fractional
// seconds, "T" and a zone allowed; no zone means as written) or RFC 3339.
// Records without a readable time are left out and counted in their
// panel's title; when no record has one, RunOrder returns ErrNoTimes
// (wrapped) and writes nothing, and the caller skips the chart
// (Set.HasRunOrder tells beforehand). It also fails when lang is unknown.
// RunOrder reads sel and does not keep it.
func RunOrder(w io.Writer, sel *sweep.Selection, lang string) error {
	if sel == nil {
		return errors.New("rendering run-order chart: no selection")
	}
	return NewSet(sel, nil).RunOrder(w, lang)
}

// RunOrder is the package function RunOrder on the set's records.
func (s *Set) RunOrder(w io.Writer, lang string) error {
	lb, err := labelsFor(lang)
	if err == nil {
		err = s.runOrder(w, lb)
	}
	if err != nil {
		return fmt.Errorf("rendering run-order chart: %w", err)
	}
	return nil
}

func (s *Set) runOrder(w io.Writer, lb labels) error {
	d, err := s.runOrderData()
	if err != nil {
		return err
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	var grid [][]*plot.Plot
	for _, row := range d.panels {
		var plots []*plot.Plot
		for _, p := range row {
			plots = append(plots, runPanelPlot(th, lb, &d, &p))
		}
		grid = append(grid, plots)
	}
	fig := figure{
		th:     th,
		width:  len(d.phases)*runPanelW + runLegend,
		height: len(d.panels)*runPanelH + runTop,
		title:  fmt.Sprintf(lb.runTitleFmt, s.sel.Option),
		panels: grid,
	}
	for v, val := range d.values {
		col := valueColor(v, 0)
		fig.legend = append(fig.legend, legendItem{name: valueLabel(s.sel.Option, val), thumbs: []plot.Thumbnailer{glyphThumb{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}}})
	}
	fig.legend = append(fig.legend, legendItem{name: lb.trend, thumbs: []plot.Thumbnailer{lineThumb{Color: valueColor(0, 1), Width: vg.Points(1.8)}}})
	return fig.writePNG(w)
}

func runPanelPlot(th *theme, lb labels, d *runData, p *runPanel) *plot.Plot {
	title := fmt.Sprintf(lb.runPanelFmt, p.model, phaseName(p.phase))
	if d.pooled {
		title = fmt.Sprintf(lb.runPanelFmt, fmt.Sprintf(lb.pooledFmt, len(d.models)), phaseName(p.phase))
	}
	if p.missing > 0 {
		title += fmt.Sprintf(lb.noTimeFmt, p.missing)
	}
	pl := th.newPlot(title, fmt.Sprintf(lb.runXFmt, d.dates()), lb.runY)
	var all []point
	for _, ser := range p.series {
		all = append(all, ser.pts...)
	}
	if len(all) == 0 {
		pl.Title.Text += " — " + lb.noData
	}
	pl.Add(hLine{y: 1, style: zeroStyle()})
	for _, ser := range p.series {
		col := valueColor(ser.value, 0)
		pts := make([]point, len(ser.pts))
		copy(pts, ser.pts)
		pl.Add(dots{pts: pts, style: draw.GlyphStyle{Color: withAlpha(col, 0x90), Radius: vg.Points(2), Shape: draw.CircleGlyph{}}})
	}
	for _, ser := range p.series { // the medians over the points
		line := make([]ival, len(ser.trend))
		for i, q := range ser.trend {
			line[i] = ival{x: q.x, y: q.y}
		}
		pl.Add(polyline{pts: line, style: draw.LineStyle{Color: valueColor(ser.value, 1), Width: vg.Points(1.8)}})
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, q := range all {
		lo, hi = math.Min(lo, q.x), math.Max(hi, q.x)
	}
	if !(hi > lo) {
		lo, hi = lo-60, hi+60
	}
	if math.IsInf(lo, 0) {
		lo, hi = unixSeconds(d.first), unixSeconds(d.last)+60
	}
	pad := 0.03 * (hi - lo)
	pl.X.Min, pl.X.Max = lo-pad, hi+pad
	pl.X.Tick.Marker = timeTicks{loc: d.loc}
	setYRange(&pl.Y, append(all, point{y: 1}))
	return pl
}
