package chart

import (
	"image"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot/vg/vgimg"
)

// newCanvas returns a white canvas of width × height pixels at dpi, as
// vgimg.NewWith(vgimg.UseWH(…), vgimg.UseDPI(dpi)) makes one (butt line
// caps, y up), drawing onto one image: vgimg's own gg.NewContextForImage
// draws onto a copy of the image it has just made, twice the memory of a
// chart in flight (several MB each, a report draws thousands).
//
// The image's pixels come from a pool, not cleared: vgimg.NewWith paints
// every pixel with the background (draw.Src) before anything is drawn.
// release gives them back once the chart is encoded, so that a report
// allocates the pixels of about as many charts as it draws at once, not
// of every chart.
func newCanvas(width, height int) (c *vgimg.Canvas, release func()) {
	n := 4 * width * height
	buf, _ := pixels.Get().(*[]byte)
	if buf == nil || cap(*buf) < n {
		b := make([]byte, n)
		buf = &b
	} else {
		*buf = (*buf)[:n]
	}
	img := &image.RGBA{Pix: *buf, Stride: 4 * width, Rect: image.Rect(0, 0, width, height)}
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.SetInterpolator(textInterp)
	ctx.InvertY()
	return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi)), func() { pixels.Put(buf) }
}

// pixels holds the pixel buffers of charts drawn and encoded (*[]byte).
var pixels sync.Pool
