package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sweepstat/sweepstat/internal/result"
)

// Grey levels of the chart furniture; the data colours (Okabe–Ito, readable
// by colour-blind readers) are in valueColor.
const (
	grayText = 0x20
	grayAxis = 0x50
	grayGrid = 0xe4
	grayDiag = 0x60
)

// palette is the Okabe–Ito palette (readable by colour-blind readers)
// without its yellow, which is too light on white.
var palette = [...]color.RGBA{
	{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, // black
}

// valueColor is the colour of option value k (0 base, 1 the first new
// value …; colours repeat after seven); shade darkens it for the models
// after the first cycle of glyph shapes.
func valueColor(k, shade int) color.RGBA {
	c := palette[k%len(palette)]
	f := 1 / (1 + 0.45*float64(shade%3))
	return color.RGBA{R: uint8(float64(c.R) * f), G: uint8(float64(c.G) * f), B: uint8(float64(c.B) * f), A: 0xff}
}

// verdictColor is the colour of a verdict in the change chart: green
// better, vermillion worse, blue proven equivalent, orange unverified, grey
// the rest.
func verdictColor(v result.Verdict) color.RGBA {
	switch v {
	case result.Improvement:
		return palette[2]
	case result.Regression:
		return palette[1]
	case result.Equivalent:
		return palette[0]
	case result.Unverified:
		return palette[4]
	case result.Untested:
		return color.RGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff}
	}
	return color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff} // inconclusive
}

// modelGlyph is the marker shape of the i-th model; they repeat after 8.
func modelGlyph(i int) draw.GlyphDrawer {
	glyphs := [...]draw.GlyphDrawer{
		draw.CircleGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{},
		draw.RingGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PlusGlyph{},
	}
	return glyphs[i%len(glyphs)]
}

// newGrid returns a light grid drawn behind the data.
func newGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: grayGrid}
	g.Horizontal.Color = color.Gray{Y: grayGrid}
	g.Vertical.Width = vg.Points(0.6)
	g.Horizontal.Width = vg.Points(0.6)
	return g
}

// A seriesStyle is how one series is drawn.
type seriesStyle struct {
	color color.Color
	glyph draw.GlyphDrawer
	line  bool // draw the trend line through the per-x means
}

// thumbs returns the legend thumbnails of st: its glyph over its line.
func (st seriesStyle) thumbs() []plot.Thumbnailer {
	var out []plot.Thumbnailer
	if st.line {
		out = append(out, lineThumb{Color: withAlpha(st.color, 0xa0), Width: vg.Points(1.2)})
	}
	return append(out, glyphThumb{Color: st.color, Radius: vg.Points(3.5), Shape: st.glyph})
}

// glyphThumb draws a marker in the middle of a legend thumbnail.
type glyphThumb draw.GlyphStyle

func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }

// lineThumb draws a horizontal line across a legend thumbnail.
type lineThumb draw.LineStyle

func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle(l), c.Min.X, y, c.Max.X, y)
}

// addSeries adds pts (already jittered) to p with error bars where err > 0,
// and trend, the per-x means at the same jitter, as a line when st.line.
func addSeries(p *plot.Plot, pts, trend []point, st seriesStyle) error {
	if st.line && len(trend) > 1 {
		l, err := plotter.NewLine(errPoints(trend))
		if err != nil {
			return err
		}
		l.Color = withAlpha(st.color, 0xa0)
		l.Width = vg.Points(1.2)
		p.Add(l)
	}
	if len(pts) == 0 {
		return nil
	}
	if hasErr(pts) {
		eb, err := plotter.NewYErrorBars(errPoints(pts))
		if err != nil {
			return err
		}
		eb.Color = withAlpha(st.color, 0xc0)
		eb.Width = vg.Points(0.9)
		eb.CapWidth = vg.Points(4)
		p.Add(eb)
	}
	s, err := plotter.NewScatter(errPoints(pts))
	if err != nil {
		return err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: st.color, Radius: vg.Points(3), Shape: st.glyph}
	p.Add(s)
	return nil
}

func hasErr(pts []point) bool {
	for _, p := range pts {
		if p.err > 0 {
			return true
		}
	}
	return false
}

// withAlpha returns c (opaque) with alpha a.
func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
