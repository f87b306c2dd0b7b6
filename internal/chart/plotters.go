package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// An ival is a value y at x with an interval lo..hi around it; lo and hi
// are NaN when there is none. The interval need not contain y (a median
// beside the interval of a mean change).
type ival struct{ x, y, lo, hi float64 }

func (v ival) hasInterval() bool { return !math.IsNaN(v.lo) && !math.IsNaN(v.hi) }

// ivals adapts ivals to plotter.XYer for scatters and lines.
type ivals []ival

func (v ivals) Len() int                    { return len(v) }
func (v ivals) XY(i int) (float64, float64) { return v[i].x, v[i].y }

// intervalBars draws the intervals of pts as bars with caps: vertical
// (lo..hi on the y axis at x) or, when horizontal, lo..hi on the x axis at
// y. Points without an interval are skipped.
type intervalBars struct {
	pts        []ival
	horizontal bool
	style      draw.LineStyle
	cap        vg.Length
}

// Plot implements plot.Plotter.
func (b intervalBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, v := range b.pts {
		if !v.hasInterval() {
			continue
		}
		var a, z vg.Point
		if b.horizontal {
			a, z = vg.Point{X: trX(v.lo), Y: trY(v.y)}, vg.Point{X: trX(v.hi), Y: trY(v.y)}
		} else {
			a, z = vg.Point{X: trX(v.x), Y: trY(v.lo)}, vg.Point{X: trX(v.x), Y: trY(v.hi)}
		}
		c.StrokeLines(b.style, c.ClipLinesXY([]vg.Point{a, z})...)
		for _, end := range []vg.Point{a, z} {
			if !c.Contains(end) {
				continue
			}
			if b.horizontal {
				c.StrokeLine2(b.style, end.X, end.Y-b.cap/2, end.X, end.Y+b.cap/2)
			} else {
				c.StrokeLine2(b.style, end.X-b.cap/2, end.Y, end.X+b.cap/2, end.Y)
			}
		}
	}
}

// hBand fills the horizontal band lo..hi across the whole width of a panel.
type hBand struct {
	lo, hi float64
	color  color.Color
}

// Plot implements plot.Plotter.
func (b hBand) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	lo, hi := max(trY(b.lo), c.Min.Y), min(trY(b.hi), c.Max.Y)
	if hi <= lo {
		return
	}
	c.FillPolygon(b.color, []vg.Point{{X: c.Min.X, Y: lo}, {X: c.Max.X, Y: lo}, {X: c.Max.X, Y: hi}, {X: c.Min.X, Y: hi}})
}

// A box is a rectangle in data coordinates.
type box struct{ x0, x1, y0, y1 float64 }

// boxes fills rectangles in data coordinates, clipped to the panel.
type boxes struct {
	rects []box
	color color.Color
}

// Plot implements plot.Plotter.
func (b boxes) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, r := range b.rects {
		x0, x1 := max(trX(r.x0), c.Min.X), min(trX(r.x1), c.Max.X)
		y0, y1 := max(trY(r.y0), c.Min.Y), min(trY(r.y1), c.Max.Y)
		if x1 > x0 && y1 > y0 {
			c.FillPolygon(b.color, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
}

// hLine draws the horizontal line y across the whole width of a panel.
type hLine struct {
	y     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (l hLine) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(l.y)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// bandThumb draws a filled band across a legend thumbnail.
type bandThumb struct{ color color.Color }

func (b bandThumb) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) * 0.35
	m := c.Center().Y
	c.FillPolygon(b.color, []vg.Point{{X: c.Min.X, Y: m - h}, {X: c.Max.X, Y: m - h}, {X: c.Max.X, Y: m + h}, {X: c.Min.X, Y: m + h}})
}

// barThumb draws a vertical interval bar in the middle of a legend thumbnail.
type barThumb struct{ style draw.LineStyle }

func (b barThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	h := (c.Max.Y - c.Min.Y) * 0.45
	m := c.Center().Y
	c.StrokeLine2(b.style, x, m-h, x, m+h)
	c.StrokeLine2(b.style, x-vg.Points(2), m-h, x+vg.Points(2), m-h)
	c.StrokeLine2(b.style, x-vg.Points(2), m+h, x+vg.Points(2), m+h)
}

// dots draws points as small filled glyphs without the per-point glyph
// boxes of plotter.Scatter: for the many faint points of records.
type dots struct {
	pts   []point
	style draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (d dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, q := range d.pts {
		pt := vg.Point{X: trX(q.x), Y: trY(q.y)}
		if c.Contains(pt) {
			c.DrawGlyphNoClip(d.style, pt)
		}
	}
}

// marks draws ivals' values as glyphs, each in its own colour.
type marks struct {
	pts    []ival
	colors []color.Color // per point; nil: style's colour
	style  draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (m marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, q := range m.pts {
		pt := vg.Point{X: trX(q.x), Y: trY(q.y)}
		if !c.Contains(pt) {
			continue
		}
		st := m.style
		if m.colors != nil {
			st.Color = m.colors[i]
		}
		c.DrawGlyphNoClip(st, pt)
	}
}

// polyline draws pts joined by straight lines, clipped to the panel.
type polyline struct {
	pts   []ival
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (l polyline) Plot(c draw.Canvas, p *plot.Plot) {
	if len(l.pts) < 2 {
		return
	}
	trX, trY := p.Transforms(&c)
	ps := make([]vg.Point, len(l.pts))
	for i, q := range l.pts {
		ps[i] = vg.Point{X: trX(q.x), Y: trY(q.y)}
	}
	c.StrokeLines(l.style, c.ClipLinesXY(ps)...)
}
