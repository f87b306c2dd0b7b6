package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Size of the comparison chart in pixels: its height, and the width of a
// panel and of the legend column (the chart has one to three panels).
const (
	comparisonHeight = 500
	comparisonPanelW = 430
	comparisonLegend = 380
)

// comparisonWidth is the width of a comparison chart of n panels.
func comparisonWidth(n int) int { return n*comparisonPanelW + comparisonLegend }

// Comparison writes to w, as a PNG 500 pixels high, the chart comparing the
// option values of sel for one model and phase ("pp", "tg" …). Its panels,
// side by side:
//
//  1. speed against each sweep dimension that every benchmark of the model
//     and phase holds constant (pp: n_prompt; tg: n_gen; pp+tg: both; the
//     test size when neither is a knob), one series per option value and
//     knob set: the mean of every run as a faint point and, per benchmark,
//     the center and interval that its test used (result.Row.Base and New,
//     named in the legend) joined by a line — never across knob sets;
//  2. the direct comparison, when some benchmark has a center on both
//     sides: per benchmark, the new value's center and interval against
//     the base's, with the dashed line of equal speed y = x.
//
// Rows of c give the centers and intervals (c may be nil: no centers, no
// direct comparison). lang is "zh" (Chinese; also the empty string) or
// "en". Comparison reads sel and c and does not keep them. It returns
// ErrOneValue (wrapped) when the model and phase have records of one
// option value only, and another error when lang is unknown or there are
// no records; it writes nothing then. A report draws many: NewSet indexes
// the records once for all of them.
func Comparison(w io.Writer, sel *sweep.Selection, c *result.Comparison, model, phase string, lang string) error {
	if sel == nil {
		return errors.New("rendering comparison chart: no selection")
	}
	return NewSet(sel, c).Comparison(w, model, phase, lang)
}

// Comparison is the package function Comparison on the set's records.
func (s *Set) Comparison(w io.Writer, model, phase string, lang string) error {
	lb, err := labelsFor(lang)
	if err == nil {
		err = s.comparison(w, model, phase, lb)
	}
	if err != nil {
		return fmt.Errorf("rendering comparison chart: %w", err)
	}
	return nil
}

func (s *Set) comparison(w io.Writer, model, phase string, lb labels) error {
	d, err := s.comparisonData(model, phase)
	if err != nil {
		return err
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	var row []*plot.Plot
	for _, p := range d.panels {
		row = append(row, compPanelPlot(th, lb, &d, &p))
	}
	if len(d.direct) > 0 {
		row = append(row, directPanel(th, lb, s.sel.Option, &d))
	}
	fig := figure{
		th:      th,
		width:   comparisonWidth(len(row)),
		height:  comparisonHeight,
		panels:  [][]*plot.Plot{row},
		legend:  compLegend(lb, s.sel.Option, &d),
		legendW: comparisonLegend - legendGap - margin,
	}
	fig.title = fig.fitTitle(func(m string) string {
		return fmt.Sprintf(lb.compFmt, m, phaseName(phase), s.sel.Option, s.sel.Base, strings.Join(s.sel.NewValues(), ", "))
	}, model)
	return fig.writePNG(w)
}

// compGlyph is the marker of series (value v, knob set e) of d: the shape
// tells the knob sets apart when there are several, else the values.
func compGlyph(d *compData, v, e int) draw.GlyphDrawer {
	if len(d.extras) > 1 {
		return modelGlyph(e)
	}
	return modelGlyph(v)
}

func compPanelPlot(th *theme, lb labels, d *compData, p *compPanel) *plot.Plot {
	knob := lb.size
	if p.dim >= 0 {
		knob = dimKnobs[p.dim]
	}
	pl := th.newPlot(fmt.Sprintf(lb.vsFmt, lb.perf, knob), lb.dimLabel(p.dim, d.phase), fmt.Sprintf(lb.speedFmt, d.unit))
	n := len(d.values) * len(d.extras)
	var xs, ys []point
	for _, ser := range p.series {
		xs = append(xs, ser.runs...)
		ys = append(ys, ser.runs...)
		ys = append(ys, intervalPoints(ser.centers)...)
	}
	sc := newXScale(xs, n)
	if p.cats != nil {
		sc = newCatScale(p.cats, n)
	}
	for _, ser := range p.series {
		k := ser.value*len(d.extras) + ser.extras
		col := valueColor(ser.value, 0)
		runs := make([]point, len(ser.runs))
		for i, q := range ser.runs {
			runs[i] = point{x: sc.shift(q.x, k, n), y: q.y}
		}
		pl.Add(dots{pts: runs, style: draw.GlyphStyle{Color: withAlpha(col, 0x50), Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}})
		cs := make([]ival, len(ser.centers))
		for i, c := range ser.centers {
			cs[i] = c
			cs[i].x = sc.shift(c.x, k, n)
		}
		if p.cats == nil { // no line between unrelated categories
			pl.Add(polyline{pts: cs, style: draw.LineStyle{Color: withAlpha(col, 0xa0), Width: vg.Points(1.2)}})
		}
		pl.Add(intervalBars{pts: cs, style: draw.LineStyle{Color: withAlpha(col, 0xe0), Width: vg.Points(1.1)}, cap: vg.Points(4)},
			marks{pts: cs, style: draw.GlyphStyle{Color: col, Radius: vg.Points(3.3), Shape: compGlyph(d, ser.value, ser.extras)}})
	}
	if len(xs) == 0 {
		pl.Title.Text += " — " + lb.noData
	}
	sc.apply(&pl.X)
	setYRange(&pl.Y, ys)
	return pl
}

// diagStyle is the dashed y = x line.
func diagStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.Gray{Y: grayDiag}, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(4)}}
}

// directPanel plots, per benchmark, the new value's center and interval
// against the base's, with the line y = x: points above it are faster with
// the new value (for a unit where higher is better).
func directPanel(th *theme, lb labels, option string, d *compData) *plot.Plot {
	title := fmt.Sprintf(lb.directFmt, len(d.direct))
	p := th.newPlot(title, fmt.Sprintf(lb.speedOfFmt, option, d.values[0], d.unit), fmt.Sprintf(lb.speedOfFmt, option, strings.Join(d.values[1:], ", "), d.unit))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, q := range d.direct {
		for _, v := range []float64{q.x, q.xlo, q.xhi, q.y, q.ylo, q.yhi} {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	diag := plotter.NewFunction(func(x float64) float64 { return x })
	diag.LineStyle = diagStyle()
	diag.Samples = 2
	p.Add(diag)
	for v := 1; v < len(d.values); v++ {
		var hs, vs []ival
		for _, q := range d.direct {
			if q.value == v {
				hs = append(hs, ival{x: q.x, y: q.y, lo: q.xlo, hi: q.xhi})
				vs = append(vs, ival{x: q.x, y: q.y, lo: q.ylo, hi: q.yhi})
			}
		}
		col := valueColor(v, 0)
		bar := draw.LineStyle{Color: withAlpha(col, 0xa0), Width: vg.Points(0.9)}
		p.Add(intervalBars{pts: hs, horizontal: true, style: bar, cap: vg.Points(4)},
			intervalBars{pts: vs, style: bar, cap: vg.Points(4)},
			marks{pts: vs, style: draw.GlyphStyle{Color: col, Radius: vg.Points(3.3), Shape: draw.CircleGlyph{}}})
	}
	setYRange(&p.Y, []point{{y: lo}, {y: hi}})
	p.X.Min, p.X.Max = p.Y.Min, p.Y.Max
	return p
}

// compLegend returns the legend of a comparison chart.
func compLegend(lb labels, option string, d *compData) []legendItem {
	var items []legendItem
	for v, val := range d.values {
		col := valueColor(v, 0)
		items = append(items, legendItem{name: valueLabel(option, val), thumbs: []plot.Thumbnailer{
			lineThumb{Color: withAlpha(col, 0xa0), Width: vg.Points(1.2)},
			glyphThumb{Color: col, Radius: vg.Points(3.5), Shape: compGlyph(d, v, 0)},
		}})
	}
	if len(d.extras) > 1 {
		for e, x := range d.extras {
			if x == "" {
				x = "—"
			}
			items = append(items, legendItem{name: x, thumbs: []plot.Thumbnailer{glyphThumb{Color: color.Gray{Y: 0x40}, Radius: vg.Points(3.5), Shape: modelGlyph(e)}}})
		}
	}
	grey := color.Gray{Y: 0x50}
	items = append(items, legendItem{name: lb.runs, thumbs: []plot.Thumbnailer{glyphThumb{Color: withAlpha(grey, 0x80), Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}}})
	if t := lb.errBars(d.intervals); t != "" {
		items = append(items, legendItem{name: t, thumbs: []plot.Thumbnailer{barThumb{style: draw.LineStyle{Color: grey, Width: vg.Points(1.1)}}}})
	}
	if len(d.direct) > 0 {
		items = append(items,
			legendItem{name: lb.pairs, thumbs: []plot.Thumbnailer{glyphThumb{Color: valueColor(1, 0), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}}},
			legendItem{name: lb.equal, thumbs: []plot.Thumbnailer{lineThumb(diagStyle())}},
		)
	}
	return items
}
