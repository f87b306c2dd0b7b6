package chart

import (
	"errors"
	"fmt"
	"io"

	"gonum.org/v1/plot"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Size of the aggregate chart in pixels.
const (
	aggregateWidth  = 1200
	aggregateHeight = 900
)

// Aggregate writes to w, as a 1200×900 PNG, the chart of every model of sel
// in one phase ("pp" or "tg"); records of other phases are left out. It has
// four panels:
//
//	speed against n_prompt   CV% against n_prompt
//	speed against n_gen      CV% against n_gen
//
// where speed is the record's Mean and CV% its Std/Mean×100. Colour tells the
// option value and marker shape the model; the legend names every model and
// value, and a thin line joins the mean at each x of each series. lang is
// "zh" (Chinese; also the empty string) or "en". Aggregate reads sel and does
// not keep it. It returns an error, writing nothing, when lang is unknown or
// sel has no records of phase.
func Aggregate(w io.Writer, sel *sweep.Selection, phase string, lang string) error {
	if err := aggregate(w, sel, phase, lang); err != nil {
		return fmt.Errorf("rendering aggregate chart: %w", err)
	}
	return nil
}

func aggregate(w io.Writer, sel *sweep.Selection, phase, lang string) error {
	lb, err := labelsFor(lang)
	if err != nil {
		return err
	}
	if sel == nil {
		return errors.New("no selection")
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	groups, models := aggregateGroups(sel, phase)
	if len(groups) == 0 {
		return fmt.Errorf("no records for phase %q", phase)
	}
	perf := func(knob string) string { return fmt.Sprintf(lb.vsFmt, lb.perf, knob) }
	stab := func(knob string) string { return fmt.Sprintf(lb.vsFmt, lb.stability, knob) }
	specs := [2][2]panelSpec{
		{
			{title: perf(sweep.KnobPrompt), xLabel: lb.nPrompt, yLabel: lb.speed, knob: sweep.KnobPrompt, measure: measureSpeed},
			{title: stab(sweep.KnobPrompt), xLabel: lb.nPrompt, yLabel: lb.cv, knob: sweep.KnobPrompt, measure: measureCV},
		},
		{
			{title: perf(sweep.KnobGen), xLabel: lb.nGen, yLabel: lb.speed, knob: sweep.KnobGen, measure: measureSpeed},
			{title: stab(sweep.KnobGen), xLabel: lb.nGen, yLabel: lb.cv, knob: sweep.KnobGen, measure: measureCV},
		},
	}
	panels := make([][]*plot.Plot, len(specs))
	for j, row := range specs {
		for _, spec := range row {
			p, err := sweepPanel(th, lb, sel.Option, groups, spec)
			if err != nil {
				return err
			}
			panels[j] = append(panels[j], p)
		}
	}
	fig := figure{
		th:     th,
		width:  aggregateWidth,
		height: aggregateHeight,
		title:  fmt.Sprintf(lb.aggFmt, phaseName(phase), sel.Option, sel.Base, sel.New, models),
		panels: panels,
	}
	for _, g := range groups {
		fig.legend = append(fig.legend, legendItem{name: g.name, tail: g.tail, thumbs: g.style.thumbs()})
	}
	return fig.writePNG(w)
}

// aggregateGroups returns one group per model with records in phase and
// option value, models in ascending order and values base first, and the
// number of models. Model i gets marker shape i (shapes repeat after eight,
// with a darker colour).
func aggregateGroups(sel *sweep.Selection, phase string) ([]group, int) {
	byModel := map[string][]*sweep.Record{}
	for _, r := range recordsOf(sel, "", phase) {
		byModel[r.Model] = append(byModel[r.Model], r)
	}
	var groups []group
	n := 0
	for _, model := range sweep.SortedKeys(byModel) {
		recs := byModel[model]
		for k, v := range sel.Values() {
			groups = append(groups, group{
				recs:  recs,
				value: v,
				name:  model,
				tail:  ", " + valueLabel(sel.Option, v),
				style: seriesStyle{color: valueColor(k, n/8), glyph: modelGlyph(n), line: true},
			})
		}
		n++
	}
	return groups, n
}
