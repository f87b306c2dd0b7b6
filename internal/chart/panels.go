package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A group is one series of a sweep panel: the records of one option value
// (and, in the aggregate chart, one model).
type group struct {
	recs  []*sweep.Record
	value string // option value the series shows
	name  string // legend text: name+tail; name may be shortened
	tail  string
	style seriesStyle
}

// A panelSpec says what a sweep panel shows.
type panelSpec struct {
	title, xLabel, yLabel string
	knob                  string // x axis: sweep.KnobPrompt or sweep.KnobGen
	measure               measure
	errBars               bool
}

// sweepPanel plots spec's measure of every group along spec's knob, each
// group jittered by its own small offset.
func sweepPanel(th *theme, lb labels, option string, groups []group, spec panelSpec) (*plot.Plot, error) {
	p := th.newPlot(spec.title, spec.xLabel, spec.yLabel)
	pts := make([][]point, len(groups))
	var all []point
	for i, g := range groups {
		pts[i] = series(g.recs, option, g.value, spec.knob, spec.measure, spec.errBars)
		all = append(all, pts[i]...)
	}
	sc := newXScale(all, len(groups))
	for i, g := range groups {
		jit := sc.jitter(pts[i], i, len(groups))
		trend := sc.jitter(meanLine(pts[i]), i, len(groups))
		if err := addSeries(p, jit, trend, g.style); err != nil {
			return nil, err
		}
	}
	if len(all) == 0 {
		p.Title.Text += " — " + lb.noData
	}
	sc.apply(&p.X)
	setYRange(&p.Y, all)
	return p, nil
}

// xErrPoints adapts matched pairs to plotter.XErrorer.
type xErrPoints struct {
	errPoints
	xerr []float64
}

func (e xErrPoints) XError(i int) (float64, float64) { return e.xerr[i], e.xerr[i] }

// pairColor is the colour of the matched pairs in the direct comparison.
func pairColor() color.Color { return color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff} }

// pairStyle is the legend style of the matched pairs.
func pairStyle() seriesStyle { return seriesStyle{color: pairColor(), glyph: draw.CircleGlyph{}} }

// diagStyle is the dashed y = x line.
func diagStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.Gray{Y: grayDiag}, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(4)}}
}

// directPanel plots, for records matched on everything but the option, the
// new value's speed against the base value's, with the line y = x: points
// above it are faster with the new value.
func directPanel(th *theme, lb labels, sel *sweep.Selection, recs []*sweep.Record) (*plot.Plot, error) {
	pts, xerr := matchPairs(recs, sel.Option, sel.Base, sel.New)
	title := fmt.Sprintf(lb.directFmt, len(pts))
	if len(pts) == 0 {
		title += " — " + lb.noData
	}
	p := th.newPlot(title, fmt.Sprintf(lb.speedOfFmt, sel.Option, sel.Base), fmt.Sprintf(lb.speedOfFmt, sel.Option, sel.New))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, q := range pts {
		lo = math.Min(lo, math.Min(q.x-xerr[i], q.y-q.err))
		hi = math.Max(hi, math.Max(q.x+xerr[i], q.y+q.err))
	}
	if len(pts) == 0 { // still show the scale of the data
		for _, r := range recs {
			lo, hi = math.Min(lo, r.Mean), math.Max(hi, r.Mean)
		}
	}
	diag := plotter.NewFunction(func(x float64) float64 { return x })
	diag.LineStyle = diagStyle()
	diag.Samples = 2
	p.Add(diag)
	if len(pts) > 0 {
		data := xErrPoints{errPoints(pts), xerr}
		xe, err := plotter.NewXErrorBars(data)
		if err != nil {
			return nil, err
		}
		ye, err := plotter.NewYErrorBars(data)
		if err != nil {
			return nil, err
		}
		for _, e := range []*draw.LineStyle{&xe.LineStyle, &ye.LineStyle} {
			e.Color, e.Width = withAlpha(pairColor(), 0xa0), vg.Points(0.9)
		}
		xe.CapWidth, ye.CapWidth = vg.Points(4), vg.Points(4)
		s, err := plotter.NewScatter(data)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: pairColor(), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		p.Add(xe, ye, s)
	}
	setYRange(&p.Y, []point{{y: lo}, {y: hi}})
	p.X.Min, p.X.Max = p.Y.Min, p.Y.Max
	return p, nil
}
