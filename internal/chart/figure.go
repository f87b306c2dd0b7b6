package chart

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// dpi is the resolution of the PNG charts; sizes are given in pixels.
const dpi = 96

// px converts pixels to vg lengths at dpi.
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }

// A legendItem is one line of a figure's legend: name+tail, where name
// (from data, maybe long) is shortened when the line does not fit.
type legendItem struct {
	name, tail string
	thumbs     []plot.Thumbnailer
}

// A figure is a chart made of a title, a grid of panels and a legend in a
// column on the right, where it cannot cover data.
type figure struct {
	th            *theme
	width, height int // pixels
	title         string
	panels        [][]*plot.Plot // rows of panels, all rows the same length
	legend        []legendItem
	legendW       int    // widest legend column in pixels; 0: maxLegend of the width
	more          string // legend line for the items that do not fit ("… %d more"); "" keeps them all
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
	c, release := newCanvas(f.width, f.height)
	defer release() // after encoding, or a panic: nothing holds the image then
	dc := draw.New(c)

	ts := f.th.style(sizeTitle)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	title := shorten(ts.Width, f.title, "", px(float64(f.width-2*margin)))
	dc.FillText(ts, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - px(margin)}, title)
	top := px(2*margin) + ts.Height(f.title)

	leg, legW := f.newLegend(px(float64(f.height-margin)) - top - px(8))
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
	if err := encodePNG(w, c.Image()); err != nil {
		return fmt.Errorf("writing png: %w", err)
	}
	return nil
}

// newLegend returns the legend of f and its width; texts too wide for the
// legend column are shortened with an ellipsis, and when the items are
// more than height holds and f.more is set, the last line says how many
// were left out.
func (f *figure) newLegend(height vg.Length) (*plot.Legend, vg.Length) {
	leg := plot.NewLegend()
	leg.TextStyle = f.th.style(sizeLegend)
	leg.Top, leg.Left = true, true
	leg.YPosition = draw.PosCenter
	leg.ThumbnailWidth = px(thumbWidth)
	leg.Padding = px(5)
	limit := px(maxLegend * float64(f.width))
	if f.legendW > 0 {
		limit = px(float64(f.legendW))
	}
	maxText := limit - px(thumbWidth) - leg.TextStyle.Width(" ")
	items := f.legend
	if fit := int((height + leg.Padding) / (leg.TextStyle.Height("Mg") + leg.Padding)); f.more != "" && len(items) > fit && fit >= 1 {
		items = append(items[:fit-1:fit-1], legendItem{name: fmt.Sprintf(f.more, len(items)-fit+1)})
	}
	var width vg.Length
	for _, it := range items {
		t := shorten(leg.TextStyle.Width, it.name, it.tail, maxText)
		leg.Add(t, it.thumbs...)
		width = max(width, leg.ThumbnailWidth+leg.TextStyle.Width(" "+t))
	}
	return &leg, width
}

// shorten returns s+tail, or if that is wider than limit, the longest
// prefix of s followed by "…" and tail that fits (or just "…"+tail).
func shorten(width func(string) vg.Length, s, tail string, limit vg.Length) string {
	if width(s+tail) <= limit {
		return s + tail
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := string(rs[:n]) + "…" + tail; width(t) <= limit {
			return t
		}
	}
	return "…" + tail
}

// fitTitle returns title(name), with name shortened as shorten does when the
// title is too wide for f.
func (f *figure) fitTitle(title func(name string) string, name string) string {
	ts := f.th.style(sizeTitle)
	limit := px(float64(f.width - 2*margin))
	if ts.Width(title(name)) <= limit {
		return title(name)
	}
	rs := []rune(name)
	for n := len(rs) - 1; n > 0; n-- {
		if t := title(string(rs[:n]) + "…"); ts.Width(t) <= limit {
			return t
		}
	}
	return title("…")
}
