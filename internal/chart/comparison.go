package chart

import (
	"errors"
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Size of the comparison chart in pixels.
const (
	comparisonWidth  = 1500
	comparisonHeight = 500
)

// Comparison writes to w, as a 1500×500 PNG, the chart comparing the two
// option values of sel for one model and phase ("pp" or "tg"). It has three
// panels side by side:
//
//  1. speed (Mean, with the record's Std as error bar) against n_prompt, one
//     series per option value;
//  2. the same against n_gen;
//  3. a direct comparison: for records matched on every knob but the option
//     (and on model, phase and size), the new value's speed against the base
//     value's, with the dashed line of equal speed y = x.
//
// The two series are shifted sideways by a small fixed offset so that they
// do not hide each other. lang is "zh" (Chinese; also the empty string) or
// "en". Comparison reads sel and does not keep it. It returns an error,
// writing nothing, when lang is unknown or sel has no records of model and
// phase.
func Comparison(w io.Writer, sel *sweep.Selection, model, phase string, lang string) error {
	if err := comparison(w, sel, model, phase, lang); err != nil {
		return fmt.Errorf("rendering comparison chart: %w", err)
	}
	return nil
}

func comparison(w io.Writer, sel *sweep.Selection, model, phase, lang string) error {
	lb, err := labelsFor(lang)
	if err != nil {
		return err
	}
	if sel == nil {
		return errors.New("no selection")
	}
	recs := recordsOf(sel, model, phase)
	if len(recs) == 0 {
		return fmt.Errorf("no records for model %q and phase %q", model, phase)
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	var groups []group
	for k, v := range sel.Values() {
		glyph := draw.GlyphDrawer(draw.CircleGlyph{})
		if k == 1 {
			glyph = draw.PyramidGlyph{}
		}
		groups = append(groups, group{
			recs:  recs,
			value: v,
			name:  valueLabel(sel.Option, v),
			style: seriesStyle{color: valueColor(k, 0), glyph: glyph, line: true},
		})
	}
	specs := []panelSpec{
		{title: fmt.Sprintf(lb.vsFmt, lb.perf, sweep.KnobPrompt), xLabel: lb.nPrompt, yLabel: lb.speed, knob: sweep.KnobPrompt, errBars: true},
		{title: fmt.Sprintf(lb.vsFmt, lb.perf, sweep.KnobGen), xLabel: lb.nGen, yLabel: lb.speed, knob: sweep.KnobGen, errBars: true},
	}
	var row []*plot.Plot
	for _, spec := range specs {
		p, err := sweepPanel(th, lb, sel.Option, groups, spec)
		if err != nil {
			return err
		}
		row = append(row, p)
	}
	direct, err := directPanel(th, lb, sel, recs)
	if err != nil {
		return err
	}
	row = append(row, direct)

	fig := figure{
		th:     th,
		width:  comparisonWidth,
		height: comparisonHeight,
		panels: [][]*plot.Plot{row},
	}
	fig.title = fig.fitTitle(func(m string) string {
		return fmt.Sprintf(lb.compFmt, m, phaseName(phase), sel.Option, sel.Base, sel.New)
	}, model)
	for _, g := range groups {
		fig.legend = append(fig.legend, legendItem{name: g.name, tail: g.tail, thumbs: g.style.thumbs()})
	}
	fig.legend = append(fig.legend,
		legendItem{name: lb.pairs, thumbs: pairStyle().thumbs()},
		legendItem{name: lb.equal, thumbs: []plot.Thumbnailer{lineThumb(diagStyle())}},
	)
	return fig.writePNG(w)
}
