package chart

import (
	"image"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot/vg/vgimg"
)

// newCanvas returns a white canvas of width × height pixels at dpi, as
// vgimg.NewWith(vgimg.UseWH(…), vgimg.UseDPI(dpi)) makes one (butt line
// caps, y up), drawing onto one image: vgimg's own gg.NewContextForImage
// draws onto a copy of the image it has just made, twice the memory of a
// chart in flight (several MB each, a report draws thousands).
func newCanvas(width, height int) *vgimg.Canvas {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi))
}
