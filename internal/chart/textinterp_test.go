package chart

import (
	"bytes"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// glyphInterp draws what draw.BiLinear draws, pixel for pixel: glyph
// masks of random alpha over random RGBA pixels in random colours, moved
// by whole pixels (its own path) or not (BiLinear's), partly outside the
// image, with a mask point and a mask smaller than the source rectangle.
func TestGlyphInterpAsBiLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 2000 {
		base := image.NewRGBA(image.Rect(0, 0, 40, 30))
		for i := range base.Pix {
			base.Pix[i] = byte(rng.IntN(256))
		}
		w, h := 1+rng.IntN(12), 1+rng.IntN(12)
		mask := image.NewAlpha(image.Rect(0, 0, w+rng.IntN(3), h+rng.IntN(3)))
		for i := range mask.Pix {
			switch rng.IntN(3) {
			case 0:
				mask.Pix[i] = 0
			case 1:
				mask.Pix[i] = 0xff
			default:
				mask.Pix[i] = byte(rng.IntN(256))
			}
		}
		a := byte(rng.IntN(256))
		c := color.NRGBA{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256)), a}
		if trial%3 == 0 {
			c.A = 0xff
		}
		tx, ty := float64(rng.IntN(50)-8), float64(rng.IntN(40)-8)
		m := f64.Aff3{1, 0, tx, 0, 1, ty}
		switch trial % 7 {
		case 5:
			m[2] += 0.25 // not whole pixels: BiLinear's path
		case 6:
			m[0], m[1], m[3], m[4] = 0, -1, 1, 0 // rotated
		}
		sr := image.Rect(0, 0, w, h)
		opts := &draw.Options{SrcMask: mask, SrcMaskP: image.Point{X: rng.IntN(2), Y: rng.IntN(2)}}
		want, got := image.NewRGBA(base.Rect), image.NewRGBA(base.Rect)
		copy(want.Pix, base.Pix)
		copy(got.Pix, base.Pix)
		draw.BiLinear.Transform(want, m, image.NewUniform(c), sr, draw.Over, opts)
		textInterp.Transform(got, m, image.NewUniform(c), sr, draw.Over, opts)
		if !bytes.Equal(want.Pix, got.Pix) {
			t.Fatalf("trial %d (matrix %v, colour %v, mask %v at %v): pixels differ from draw.BiLinear's", trial, m, c, mask.Rect, opts.SrcMaskP)
		}
	}
}
