package chart

import (
	_ "embed" // the CJK font subset
	"fmt"
	"image/color"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// cjkFont is a subset of Noto Sans CJK SC Regular (SIL Open Font License
// 1.1, see font/OFL.txt) made by font/mksubset.sh. It has Latin glyphs too, so
// every chart text uses it.
//
//go:embed font/NotoSansCJKsc-Regular-subset.otf
var cjkFont []byte

// typeface names the embedded font in the charts' own font cache; plot's
// global DefaultFont and DefaultTextHandler are never touched.
const typeface font.Typeface = "NotoSansCJKsc"

// Font sizes of the chart texts.
const (
	sizeTitle  = 15
	sizePanel  = 12
	sizeLabel  = 11
	sizeTick   = 10
	sizeLegend = 11
)

// A theme holds the font cache and text handler the charts draw with. It is
// immutable once built and shared by concurrent renders.
type theme struct {
	face    *opentype.Font
	handler text.Handler
}

// loadTheme parses the embedded font once; later calls return the same theme.
var loadTheme = sync.OnceValues(func() (*theme, error) {
	f, err := opentype.Parse(cjkFont)
	if err != nil {
		return nil, fmt.Errorf("parsing embedded font: %w", err)
	}
	cache := font.NewCache(font.Collection{{Font: font.Font{Typeface: typeface}, Face: f}})
	return &theme{face: f, handler: text.Plain{Fonts: cache}}, nil
})

// style returns a text style of the given size in points.
func (th *theme) style(size vg.Length) text.Style {
	return text.Style{
		Font:    font.Font{Typeface: typeface, Size: size},
		Handler: th.handler,
		Color:   color.Gray{Y: grayText},
	}
}

// hasGlyphs reports whether the embedded font has a glyph for every rune of s.
func (th *theme) hasGlyphs(s string) bool {
	var buf sfnt.Buffer
	for _, r := range s {
		if r == ' ' {
			continue
		}
		i, err := th.face.GlyphIndex(&buf, r)
		if err != nil || i == 0 {
			return false
		}
	}
	return true
}

// newPlot returns an empty plot whose texts all use the theme's font, with
// a light grid behind the data. Only font, handler and colour of plot's
// default text styles change, so their alignment and rotation stay.
func (th *theme) newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	// The canvas is white already (newCanvas): plot's own fill of the
	// panel, white on white, rasterised the whole panel for nothing.
	p.BackgroundColor = nil
	p.Title.Text = title
	th.restyle(&p.Title.TextStyle, sizePanel)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		th.restyle(&ax.Label.TextStyle, sizeLabel)
		th.restyle(&ax.Tick.Label, sizeTick)
		ax.Color = color.Gray{Y: grayAxis}
		ax.Tick.Color = color.Gray{Y: grayAxis}
	}
	p.Y.Tick.Marker = niceTicks{}
	p.X.Tick.Marker = niceTicks{}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	th.restyle(&p.Legend.TextStyle, sizeLegend)
	p.Add(newGrid())
	return p
}

// restyle sets the font, handler and colour of s to the theme's.
func (th *theme) restyle(s *text.Style, size vg.Length) {
	t := th.style(size)
	s.Font, s.Handler, s.Color = t.Font, t.Handler, t.Color
}
