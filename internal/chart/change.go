package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/result"
)

// Change writes to w, as a PNG, the change chart of one phase: for every
// model a panel (up to 12; the title says how many were left out) of the
// change of each benchmark in percent (result.Row.DeltaPct) with its 95%
// interval (ChangeCILow..ChangeCIHigh; none where undefined) against the
// test size, points coloured by verdict. Behind them: the zero line, the
// ±margin band of equivalence (Settings.MarginPct; none when 0) and the
// model's aggregate (geometric mean change and its interval) as a band in
// the colour of its verdict. With several new values or knob sets each is a
// series of its own marker shape. The panels share the figure's legend.
//
// Change reads only c and does not keep it. It returns an error, writing
// nothing, when lang is unknown or c has no row of phase.
func Change(w io.Writer, c *result.Comparison, phase string, lang string) error {
	lb, err := labelsFor(lang)
	if err == nil {
		err = change(w, c, phase, lb)
	}
	if err != nil {
		return fmt.Errorf("rendering change chart: %w", err)
	}
	return nil
}

// Change is the package function Change of the set's comparison.
func (s *Set) Change(w io.Writer, phase, lang string) error {
	if s.c == nil {
		return errors.New("rendering change chart: no comparison")
	}
	return Change(w, s.c, phase, lang)
}

// Size of a change chart's panels, in pixels.
const (
	changePanelW = 460
	changePanelH = 420
	changeLegend = 330
	changeTop    = 70
	changeMinW   = 640  // panels of a chart with one model
	changeSlotW  = 28   // per model when they share a panel
	changeMaxW   = 3000 // panel of the models sharing it, at most
)

func change(w io.Writer, c *result.Comparison, phase string, lb labels) error {
	if c == nil {
		return errors.New("no comparison")
	}
	d := newChangeData(c, phase)
	if len(d.panels) == 0 {
		return fmt.Errorf("no rows of phase %q", phase)
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	cols := min(len(d.panels), 3)
	if len(d.panels) == 4 {
		cols = 2
	}
	rows := (len(d.panels) + cols - 1) / cols
	var grid [][]*plot.Plot
	for i, p := range d.panels {
		if i%cols == 0 {
			grid = append(grid, nil)
		}
		grid[len(grid)-1] = append(grid[len(grid)-1], changePanelPlot(th, lb, &d, &p))
	}
	for len(grid[len(grid)-1]) < cols { // plot.Align needs full rows
		grid[len(grid)-1] = append(grid[len(grid)-1], blankPlot())
	}
	title := fmt.Sprintf(lb.changeTitleFmt, phaseName(phase), c.Option, strings.Join(d.newValues, ", "), c.Base)
	width := max(cols*changePanelW, changeMinW)
	if d.grouped {
		width = min(max(changeSlotW*d.models, 3*changePanelW), changeMaxW)
	}
	fig := figure{
		th:      th,
		width:   width + changeLegend,
		height:  rows*changePanelH + changeTop,
		title:   title,
		panels:  grid,
		legend:  changeLegendItems(lb, c.Option, &d),
		legendW: changeLegend - legendGap - margin,
		more:    lb.more,
	}
	return fig.writePNG(w)
}

// changeSeriesStyle returns the marker shape and line colour of series
// (value k, knob set e) of d: the shapes tell the series apart, the
// colours of the markers tell the verdicts.
func changeSeriesStyle(d *changeData, k, e int) (draw.GlyphDrawer, color.Color) {
	i := k*len(d.extras) + e
	return modelGlyph(i), color.Gray{Y: uint8(0x70 + 0x20*(i%3))}
}

// aggDashes is the dash pattern of the aggregate line of new value k:
// solid for the first, dashed for the others.
func aggDashes(k int) []vg.Length {
	if k == 0 {
		return nil
	}
	return []vg.Length{vg.Points(float64(2 + 2*k)), vg.Points(3)}
}

func changePanelPlot(th *theme, lb labels, d *changeData, p *changePanel) *plot.Plot {
	title, xLabel := p.model, lb.dimLabel(-1, d.phase)
	if d.grouped {
		title, xLabel = fmt.Sprintf(lb.modelsFmt, d.models), lb.model
	}
	if len(d.newValues) == 1 && len(p.aggs) == 1 {
		a := p.aggs[0]
		line := lb.geomean + " " + pct(a.y)
		if a.hasInterval() {
			line += " [" + pct(a.lo) + ", " + pct(a.hi) + "]"
		}
		title += "\n" + line + " " + lb.verdicts[a.verdict]
	}
	pl := th.newPlot(title, xLabel, lb.change)
	ys := []point{{y: 0}}
	if d.margin > 0 {
		pl.Add(hBand{lo: -d.margin, hi: d.margin, color: marginColor()})
		ys = append(ys, point{y: -d.margin}, point{y: d.margin})
	}
	ys = addAggregates(pl, d, p, ys)
	pl.Add(hLine{y: 0, style: zeroStyle()})
	var xs []point
	for _, s := range p.series {
		for _, q := range s.pts {
			xs = append(xs, point{x: q.x})
			ys = append(ys, point{y: q.y})
			if q.hasInterval() {
				ys = append(ys, point{y: q.lo}, point{y: q.hi})
			}
		}
	}
	n := len(d.newValues) * len(d.extras)
	sc := newXScale(xs, n)
	if p.cats != nil {
		sc = newCatScale(p.cats, n)
	}
	if d.grouped { // the sizes spread across a model's slot already
		sc.step = 0.7 / float64(max(p.sizes, 1)) / float64(n+1)
	}
	for _, s := range p.series {
		addChangeSeries(pl, d, s, sc, n, p.cats == nil)
	}
	sc.apply(&pl.X)
	setYRange(&pl.Y, ys)
	return pl
}

// addAggregates draws the aggregates of p — bands across the panel, or
// boxes over their model's slot when grouped — and returns ys with their
// values and bounds.
func addAggregates(pl *plot.Plot, d *changeData, p *changePanel, ys []point) []point {
	for _, a := range p.aggs {
		col := verdictColor(a.verdict)
		line := draw.LineStyle{Color: withAlpha(col, 0xd0), Width: vg.Points(1.4), Dashes: aggDashes(a.value)}
		if a.hasInterval() {
			ys = append(ys, point{y: a.lo}, point{y: a.hi})
		}
		ys = append(ys, point{y: a.y})
		if d.grouped {
			if a.hasInterval() {
				pl.Add(boxes{rects: []box{{a.x - 0.42, a.x + 0.42, a.lo, a.hi}}, color: withAlpha(col, 0x40)})
			}
			pl.Add(polyline{pts: []ival{{x: a.x - 0.42, y: a.y}, {x: a.x + 0.42, y: a.y}}, style: line})
			continue
		}
		if a.hasInterval() {
			pl.Add(hBand{lo: a.lo, hi: a.hi, color: withAlpha(col, 0x30)})
		}
		pl.Add(hLine{y: a.y, style: line})
	}
	return ys
}

// addChangeSeries draws one series of a change panel: a thin line through
// its points when joined says so, each interval and point in the colour
// of its verdict, in the series' marker shape.
func addChangeSeries(pl *plot.Plot, d *changeData, s changeSeries, sc xScale, n int, joined bool) {
	glyph, line := changeSeriesStyle(d, s.value, s.extras)
	k := s.value*len(d.extras) + s.extras
	pts := make([]ival, len(s.pts))
	colors := make([]color.Color, len(s.pts))
	for i, q := range s.pts {
		pts[i] = q.ival
		pts[i].x = sc.shift(q.x, k, n)
		colors[i] = verdictColor(q.verdict)
	}
	if joined {
		pl.Add(polyline{pts: pts, style: draw.LineStyle{Color: line, Width: vg.Points(0.8)}})
	}
	for i := range pts { // each bar in its point's colour
		pl.Add(intervalBars{pts: pts[i : i+1], style: draw.LineStyle{Color: withAlpha(colors[i], 0xc0), Width: vg.Points(1.1)}, cap: vg.Points(4)})
	}
	pl.Add(marks{pts: pts, colors: colors, style: draw.GlyphStyle{Radius: vg.Points(3.2), Shape: glyph}})
}

// changeLegendItems returns the legend of a change chart: the verdicts
// drawn, what a point, the bands and the lines are, and the series.
func changeLegendItems(lb labels, option string, d *changeData) []legendItem {
	var items []legendItem
	for _, v := range d.verdicts {
		items = append(items, legendItem{name: lb.verdicts[v], thumbs: []plot.Thumbnailer{glyphThumb{Color: verdictColor(v), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}}})
	}
	items = append(items,
		legendItem{name: lb.benchmark, thumbs: []plot.Thumbnailer{barThumb{style: draw.LineStyle{Color: color.Gray{Y: 0x50}, Width: vg.Points(1.1)}}, glyphThumb{Color: color.Gray{Y: 0x50}, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}}},
		legendItem{name: lb.aggregate, thumbs: []plot.Thumbnailer{bandThumb{color: color.Gray{Y: 0xc8}}, lineThumb{Color: color.Gray{Y: 0x60}, Width: vg.Points(1.4)}}},
	)
	if d.margin > 0 {
		items = append(items, legendItem{name: fmt.Sprintf(lb.marginFmt, strconv.FormatFloat(d.margin, 'g', -1, 64)), thumbs: []plot.Thumbnailer{bandThumb{color: marginColor()}}})
	}
	items = append(items, legendItem{name: lb.zero, thumbs: []plot.Thumbnailer{lineThumb(zeroStyle())}})
	if len(d.newValues)*len(d.extras) > 1 {
		for k, v := range d.newValues {
			for e, x := range d.extras {
				glyph, line := changeSeriesStyle(d, k, e)
				name := x
				if len(d.newValues) > 1 {
					name = strings.TrimSpace(valueLabel(option, v) + " " + x)
				}
				ls := lineThumb{Color: line, Width: vg.Points(0.8)}
				if len(d.newValues) > 1 { // the dashes of its aggregate line
					ls = lineThumb{Color: color.Gray{Y: 0x60}, Width: vg.Points(1.4), Dashes: aggDashes(k)}
				}
				th := []plot.Thumbnailer{ls, glyphThumb{Color: color.Gray{Y: 0x40}, Radius: vg.Points(3.2), Shape: glyph}}
				items = append(items, legendItem{name: name, thumbs: th})
			}
		}
	}
	return items
}

// marginColor fills the equivalence band.
func marginColor() color.Color { return color.Gray{Y: 0xee} }

// zeroStyle is the line of no change.
func zeroStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.Gray{Y: 0x30}, Width: vg.Points(1)}
}

// blankPlot is an empty panel that fills a grid's last row.
func blankPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // white already, as newPlot's
	p.HideAxes()
	return p
}
