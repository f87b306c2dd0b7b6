package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// encodePNG writes the pixels it is given: opaque images through its own
// encoder, others through image/png; sub-images keep their own pixels.
func TestEncodePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	opaque := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := range opaque.Pix {
		opaque.Pix[i] = byte(rng.Uint32())
		if i%4 == 3 {
			opaque.Pix[i] = 0xff
		}
	}
	translucent := image.NewRGBA(image.Rect(0, 0, 5, 4))
	copy(translucent.Pix, opaque.Pix)
	translucent.Pix[3] = 0x80
	sub := opaque.SubImage(image.Rect(3, 2, 20, 21)).(*image.RGBA)
	for name, img := range map[string]*image.RGBA{"opaque": opaque, "translucent": translucent, "sub-image": sub} {
		var buf bytes.Buffer
		if err := encodePNG(&buf, img); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%s: decoding: %v", name, err)
		}
		b := img.Bounds()
		if got.Bounds().Dx() != b.Dx() || got.Bounds().Dy() != b.Dy() {
			t.Fatalf("%s: decoded %v, want the size of %v", name, got.Bounds(), b)
		}
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				want := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y))
				if c := color.NRGBAModel.Convert(got.At(got.Bounds().Min.X+x, got.Bounds().Min.Y+y)); c != want {
					t.Fatalf("%s: pixel (%d, %d) = %v, want %v", name, x, y, c, want)
				}
			}
		}
	}
}

func BenchmarkEncodePNG(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 1240, 500))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := 100; y < 400; y += 3 { // some lines
		for x := 50; x < 1200; x++ {
			img.SetRGBA(x, y, color.RGBA{byte(x), byte(y), 0x80, 0xff})
		}
	}
	b.Run("encodePNG", func(b *testing.B) {
		for b.Loop() {
			encodePNG(&bytes.Buffer{}, img)
		}
	})
	b.Run("image/png", func(b *testing.B) {
		for b.Loop() {
			(&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&bytes.Buffer{}, img)
		}
	})
}

// A chart drawn on pixels from the pool (not cleared) is the chart drawn
// on fresh ones: the background covers what the chart before left.
func TestPooledPixels(t *testing.T) {
	s := testSet(t, testSelection())
	draw := func(phase string) []byte {
		var buf bytes.Buffer
		if err := s.Comparison(&buf, "qwen2_5_0_5b", phase, "en"); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first := draw("pp")
	for range 3 {
		draw("tg")
		if again := draw("pp"); !bytes.Equal(first, again) {
			t.Fatal("the same chart differs when drawn on pooled pixels")
		}
	}
}
