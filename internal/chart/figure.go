package chart

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dpi is the resolution of the PNG charts; sizes are given in pixels.
const dpi = 96

// px converts pixels to vg lengths at dpi.
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }

// A legendItem is one line of a figure's legend.
type legendItem struct {
	text   string
	thumbs []plot.Thumbnailer
}

// A figure is a chart made of a title, a grid of panels and a legend in a
// column on the right, where it cannot cover data.
type figure struct {
	th            *theme
	width, height int // pixels
	title         string
	panels        [][]*plot.Plot // rows of panels, all rows the same length
	legend        []legendItem
}

// Layout constants, in pixels.
const (
	margin     = 14
	panelGapX  = 26
	panelGapY  = 22
	legendGap  = 18
	thumbWidth = 26
	maxLegend  = 0.28 // of the figure's width
)

// writePNG draws f and writes it to w as a PNG.
func (f *figure) writePNG(w io.Writer) (err error) {
	defer func() { // gonum/plot panics on some bad input; report it instead
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing chart: %v", r)
		}
	}()
	c := vgimg.NewWith(vgimg.UseWH(px(float64(f.width)), px(float64(f.height))), vgimg.UseDPI(dpi))
	dc := draw.New(c)

	ts := f.th.style(sizeTitle)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	dc.FillText(ts, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - px(margin)}, f.title)
	top := px(2*margin) + ts.Height(f.title)

	leg, legW := f.newLegend()
	right := px(margin)
	if legW > 0 {
		right += legW + px(legendGap)
	}
	area := draw.Crop(dc, px(margin), -right, px(margin), -top)
	tiles := draw.Tiles{Rows: len(f.panels), Cols: len(f.panels[0]), PadX: px(panelGapX), PadY: px(panelGapY)}
	for j, row := range plot.Align(f.panels, tiles, area) {
		for i, cv := range row {
			f.panels[j][i].Draw(cv)
		}
	}
	if legW > 0 {
		leg.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: dc.Max.X - px(margin) - legW, Y: dc.Min.Y + px(margin)},
			Max: vg.Point{X: dc.Max.X - px(margin), Y: dc.Max.Y - top - px(8)},
		}})
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("writing png: %w", err)
	}
	return nil
}

// newLegend returns the legend of f and its width; texts too wide for the
// legend column are shortened with an ellipsis.
func (f *figure) newLegend() (*plot.Legend, vg.Length) {
	leg := plot.NewLegend()
	leg.TextStyle = f.th.style(sizeLegend)
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = px(thumbWidth)
	leg.Padding = px(5)
	maxText := px(maxLegend*float64(f.width)-thumbWidth) - leg.TextStyle.Width(" ")
	var width vg.Length
	for _, it := range f.legend {
		t := shorten(leg.TextStyle.Width, it.text, maxText)
		leg.Add(t, it.thumbs...)
		width = max(width, leg.ThumbnailWidth+leg.TextStyle.Width(" "+t))
	}
	return &leg, width
}

// shorten returns s, or its longest prefix followed by "…" that is at most
// limit wide.
func shorten(width func(string) vg.Length, s string, limit vg.Length) string {
	if width(s) <= limit {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := string(rs[:n]) + "…"; width(t) <= limit {
			return t
		}
	}
	return "…"
}
