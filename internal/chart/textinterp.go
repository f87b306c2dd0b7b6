package chart

import (
	"image"
	"math"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// glyphInterp is the interpolator of a chart's canvas: draw.BiLinear, as
// gg's default, with a direct path for what gg's text drawing asks of it
// most — a glyph mask over an RGBA image in a uniform colour, moved by
// whole pixels (unrotated text). There BiLinear's weights are 1 at the
// pixel and 0 elsewhere, so each pixel is the mask's pixel composited
// over, in x/image/draw's own integer arithmetic (its generic path, taken
// for any mask, goes through At and Set and an interface value per pixel:
// a fifth of a comparison chart's cost). The pixels are the same
// (TestGlyphInterpAsBiLinear); anything else is BiLinear's.
type glyphInterp struct{ draw.Interpolator }

var textInterp = glyphInterp{draw.BiLinear}

// Transform implements draw.Transformer.
func (gi glyphInterp) Transform(dst draw.Image, s2d f64.Aff3, src image.Image, sr image.Rectangle, op draw.Op, opts *draw.Options) {
	d, dok := dst.(*image.RGBA)
	u, uok := src.(*image.Uniform)
	var mask *image.Alpha
	var mp image.Point
	if opts != nil && opts.DstMask == nil {
		mask, _ = opts.SrcMask.(*image.Alpha)
		mp = opts.SrcMaskP
	}
	tx, ty := s2d[2], s2d[5]
	if !dok || !uok || mask == nil || op != draw.Over || s2d[0] != 1 || s2d[1] != 0 || s2d[3] != 0 || s2d[4] != 1 ||
		tx != math.Trunc(tx) || ty != math.Trunc(ty) || math.Abs(tx) > 1<<30 || math.Abs(ty) > 1<<30 {
		gi.Interpolator.Transform(dst, s2d, src, sr, op, opts)
		return
	}
	off := image.Point{X: int(tx), Y: int(ty)}
	// The source pixels whose mask pixel is in the mask (outside it is
	// transparent: nothing changes) and whose destination is in d.
	area := sr.Intersect(mask.Rect.Sub(mp)).Add(off).Intersect(d.Rect)
	if area.Empty() {
		return
	}
	sr16, sg16, sb16, sa16 := u.C.RGBA()
	for y := area.Min.Y; y < area.Max.Y; y++ {
		mrow := mask.Pix[mask.PixOffset(area.Min.X-off.X+mp.X, y-off.Y+mp.Y):]
		drow := d.Pix[d.PixOffset(area.Min.X, y):]
		for x := 0; x < area.Dx(); x++ {
			ma := uint32(mrow[x])
			if ma == 0 { // transparent: the pixel stays as it is
				continue
			}
			ma |= ma << 8
			// x/image/draw's (*Kernel).transform_Image_Image_Over with one
			// source pixel of weight 1.
			pr, pg, pb, pa := sr16*ma/0xffff, sg16*ma/0xffff, sb16*ma/0xffff, sa16*ma/0xffff
			pr, pg, pb = min(pr, pa), min(pg, pa), min(pb, pa)
			p := drow[4*x : 4*x+4 : 4*x+4]
			qr, qg, qb, qa := uint32(p[0]), uint32(p[1]), uint32(p[2]), uint32(p[3])
			qr, qg, qb, qa = qr|qr<<8, qg|qg<<8, qb|qb<<8, qa|qa<<8
			pa1 := 0xffff - pa
			p[0] = uint8(uint16(qr*pa1/0xffff+pr) >> 8)
			p[1] = uint8(uint16(qg*pa1/0xffff+pg) >> 8)
			p[2] = uint8(uint16(qb*pa1/0xffff+pb) >> 8)
			p[3] = uint8(uint16(qa*pa1/0xffff+pa) >> 8)
		}
	}
}
