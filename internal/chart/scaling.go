package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/sweepstat/sweepstat/internal/result"
)

// Size of the scaling chart in pixels.
const (
	scalingWidth  = 1200
	scalingHeight = 500
)

// Scaling writes to w, as a PNG, the scaling view of a comparison of
// several values of a numeric option: per phase one panel of the speedup
// against the base (the geometric mean of the benchmarks' ratios, with its
// 95% interval as error bar) against the option's value, one line per
// model, the base at 1. It reads c and does not keep it. It returns an
// error, writing nothing, when lang is unknown or a value of the option is
// not a number.
func Scaling(w io.Writer, c *result.Comparison, phases []string, lang string) error {
	if err := scaling(w, c, phases, lang); err != nil {
		return fmt.Errorf("rendering scaling chart: %w", err)
	}
	return nil
}

// Numeric reports whether every value is a finite number: the option then
// gets a scaling view.
func Numeric(values []string) bool {
	for _, v := range values {
		if f, err := strconv.ParseFloat(v, 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return len(values) > 0
}

func scaling(w io.Writer, c *result.Comparison, phases []string, lang string) error {
	lb, err := labelsFor(lang)
	if err != nil {
		return err
	}
	values := append([]string{c.Base}, c.NewValues...)
	if !Numeric(values) {
		return fmt.Errorf("option %s has values that are not numbers", c.Option)
	}
	th, err := loadTheme()
	if err != nil {
		return err
	}
	base, _ := strconv.ParseFloat(c.Base, 64)
	var models []string
	seen := map[string]bool{}
	for _, a := range c.Aggregates {
		if !seen[a.Model] {
			seen[a.Model] = true
			models = append(models, a.Model)
		}
	}
	var row []*plot.Plot
	var legend []legendItem
	for _, phase := range phases {
		p := th.newPlot(fmt.Sprintf(lb.scalingFmt, phaseName(phase)), c.Option, lb.speedup)
		var all []point
		for i, m := range models {
			pts := []point{{x: base, y: 1}}
			for _, a := range c.Aggregates {
				if a.Model != m || a.Phase != phase || !a.DeltaPct.Valid() {
					continue
				}
				x, _ := strconv.ParseFloat(a.NewValue, 64)
				q := point{x: x, y: 1 + float64(a.DeltaPct)/100}
				if a.ChangeCILow.Valid() && a.ChangeCIHigh.Valid() {
					q.err = math.Max(q.y-(1+float64(a.ChangeCILow)/100), 1+float64(a.ChangeCIHigh)/100-q.y)
				}
				pts = append(pts, q)
			}
			sortPoints(pts)
			st := seriesStyle{color: valueColor(i%8, i/8), glyph: modelGlyph(i), line: true}
			if err := addSeries(p, pts, pts, st); err != nil {
				return err
			}
			all = append(all, pts...)
			if phase == phases[0] {
				legend = append(legend, legendItem{name: m, thumbs: st.thumbs()})
			}
		}
		setYRange(&p.Y, all)
		row = append(row, p)
	}
	fig := figure{th: th, width: scalingWidth, height: scalingHeight,
		title: fmt.Sprintf(lb.scalingTitleFmt, c.Option, c.Base), panels: [][]*plot.Plot{row}, legend: legend}
	return fig.writePNG(w)
}

// sortPoints orders pts by x.
func sortPoints(pts []point) {
	for i := 1; i < len(pts); i++ {
		for j := i; j > 0 && pts[j].x < pts[j-1].x; j-- {
			pts[j], pts[j-1] = pts[j-1], pts[j]
		}
	}
}
