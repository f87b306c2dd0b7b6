package chart

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Size of the aggregate chart in pixels: its width, and the height of a
// row of panels (one row per sweep dimension shown).
const (
	aggregateWidth = 1200
	aggregateRowH  = 420
	aggregateTop   = 60
)

// aggregateHeight is the height of an aggregate chart of n rows.
func aggregateHeight(n int) int { return n*aggregateRowH + aggregateTop }

// Aggregate writes to w, as a PNG 1200 pixels wide, the chart of every model
// of sel in one phase ("pp" or "tg"); records of other phases are left out.
// It has a row of two panels per sweep dimension that every benchmark of
// the phase holds constant (pp: n_prompt; tg: n_gen; the test size when
// neither is a knob):
//
//	relative speed against the dimension    CV% against the dimension
//
// Relative speed is each record's mean against the median of its
// benchmark's base-value records, in percent, so that models of any speed
// share one axis and a 1% change shows as 1 (a 28 and a 42 tokens/s model
// alike); CV% is the record's Std/Mean×100. Colour tells the option value
// and marker shape the model; a thin line joins the medians at each x of
// each model, value and knob set. Panels draw what their pixels can show
// (one point per cell of about two pixels; where a model and value have
// more than 16 points at one x, their range as a bar and their median as
// the marker instead), so that their cost follows the drawing, not the
// records. lang is "zh" (Chinese; also the empty string)
// or "en". Aggregate reads sel and does not keep it. It returns an error,
// writing nothing, when lang is unknown or sel has no records of phase.
func Aggregate(w io.Writer, sel *sweep.Selection, phase string, lang string) error {
	if sel == nil {
		return errors.New("rendering aggregate chart: no selection")
	}
	return NewSet(sel, nil).Aggregate(w, phase, lang)
}

// Aggregate is the package function Aggregate on the set's records.
func (s *Set) Aggregate(w io.Writer, phase, lang string) error {
	lb, err := labelsFor(lang)
	if err == nil {
		err = s.aggregate(w, phase, lb)
	}
	if err != nil {
		return fmt.Errorf("rendering aggregate chart: %w", err)
	}
	return nil
}

func (s *Set) aggregate(w io.Writer, phase string, lb labels) error {
	d, err := s.aggregateData(phase)
	if err != nil {
		return err
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	opt := s.sel.Option
	var panels [][]*plot.Plot
	for _, row := range d.rows {
		knob := lb.size
		if row.dim >= 0 {
			knob = dimKnobs[row.dim]
		}
		x := lb.dimLabel(row.dim, phase)
		speed := aggPanel(th, &d, row.speed, fmt.Sprintf(lb.vsFmt, lb.relPerf, knob), x, fmt.Sprintf(lb.relFmt, opt, d.values[0]), true)
		stab := aggPanel(th, &d, row.stab, fmt.Sprintf(lb.vsFmt, lb.stability, knob), x, lb.cv, false)
		panels = append(panels, []*plot.Plot{speed, stab})
	}
	fig := figure{
		th:     th,
		width:  aggregateWidth,
		height: aggregateHeight(len(d.rows)),
		title:  fmt.Sprintf(lb.aggFmt, phaseName(phase), opt, d.values[0], strings.Join(d.values[1:], ", "), len(d.models)),
		panels: panels,
		more:   lb.more,
	}
	drawn := map[[2]int]bool{}
	for _, row := range d.rows {
		for _, ser := range append(row.speed, row.stab...) {
			drawn[[2]int{ser.model, ser.value}] = drawn[[2]int{ser.model, ser.value}] || len(ser.pts) > 0 || len(ser.spreads) > 0
		}
	}
	for m, model := range d.models {
		for v, val := range d.values {
			if drawn[[2]int{m, v}] {
				st := aggStyle(m, v)
				fig.legend = append(fig.legend, legendItem{name: model, tail: ", " + valueLabel(opt, val), thumbs: st.thumbs()})
			}
		}
	}
	return fig.writePNG(w)
}

// aggStyle is the style of model m and value v: colour tells the value,
// the shape the model (darker after the eight shapes).
func aggStyle(m, v int) seriesStyle {
	return seriesStyle{color: valueColor(v, m/8), glyph: modelGlyph(m), line: true}
}

// aggPanel plots series, each at the jitter of its model and value, with a
// zero line when zero says so (relative speed).
func aggPanel(th *theme, d *aggData, series []aggSeries, title, xLabel, yLabel string, zero bool) *plot.Plot {
	p := th.newPlot(title, xLabel, yLabel)
	n := len(series)
	var all []point
	for _, ser := range series {
		all = append(all, ser.pts...)
		for _, sp := range ser.spreads {
			all = append(all, point{x: sp.x, y: sp.lo}, point{x: sp.x, y: sp.hi})
		}
		for _, l := range ser.lines {
			if d.cats != nil { // no line between unrelated categories
				break
			}
			all = append(all, l...)
		}
	}
	sc := newXScale(all, n)
	if d.cats != nil {
		sc = newCatScale(d.cats, n)
	}
	if zero {
		p.Add(hLine{y: 0, style: zeroStyle()})
		all = append(all, point{y: 0})
	}
	for k, ser := range series {
		st := aggStyle(ser.model, ser.value)
		for _, l := range ser.lines {
			if d.cats != nil { // no line between unrelated categories
				break
			}
			p.Add(polyline{pts: shifted(sc, l, k, n), style: draw.LineStyle{Color: withAlpha(st.color, 0xa0), Width: vg.Points(1.2)}})
		}
		p.Add(marks{pts: shifted(sc, ser.pts, k, n), style: draw.GlyphStyle{Color: withAlpha(st.color, 0xd0), Radius: vg.Points(2.8), Shape: st.glyph}})
		if len(ser.spreads) > 0 { // many points at an x: their range and median
			sp := make([]ival, len(ser.spreads))
			for i, s := range ser.spreads {
				sp[i] = ival{x: sc.shift(s.x, k, n), y: s.median, lo: s.lo, hi: s.hi}
			}
			p.Add(intervalBars{pts: sp, style: draw.LineStyle{Color: withAlpha(st.color, 0xa0), Width: vg.Points(1)}, cap: vg.Points(2.5)},
				marks{pts: sp, style: draw.GlyphStyle{Color: withAlpha(st.color, 0xd0), Radius: vg.Points(2.8), Shape: st.glyph}})
		}
	}
	sc.apply(&p.X)
	setYRange(&p.Y, all)
	return p
}

// shifted returns pts as ivals moved by the jitter of series k of n.
func shifted(sc xScale, pts []point, k, n int) []ival {
	out := make([]ival, len(pts))
	for i, q := range pts {
		out[i] = ival{x: sc.shift(q.x, k, n), y: q.y}
	}
	return out
}
