package chart

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"sync"
)

// encodePNG writes img to w as a PNG. An opaque RGBA image — every chart:
// vgimg paints a white background first — is written as 8-bit RGB whose
// rows are not filtered (PNG filter type None) and compressed at zlib's
// fastest level: image/png tries the five filters on every row and keeps
// the best, which costs a chart more than its drawing, while the flat
// colours of a chart compress as well unfiltered. Any other image is left
// to image/png at its fastest level. The pixels are the same either way.
//
// Whether the image is opaque is found while its rows are converted (one
// pass over the pixels): the first pixel that is not sends the image to
// image/png, before anything is written to w.
func encodePNG(w io.Writer, img image.Image) error {
	if m, ok := img.(*image.RGBA); ok {
		e := pngEncoders.Get().(*pngEncoder)
		defer pngEncoders.Put(e)
		if opaque, err := e.encode(w, m); opaque || err != nil {
			return err
		}
	}
	return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, img)
}

// A pngEncoder holds the buffers of one encoding, reused across charts.
type pngEncoder struct {
	idat byteBuf
	z    *zlib.Writer
	row  []byte
}

// byteBuf is a growable byte buffer (an io.Writer).
type byteBuf []byte

func (b *byteBuf) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }

var pngEncoders = sync.Pool{New: func() any {
	e := &pngEncoder{}
	e.z, _ = zlib.NewWriterLevel(&e.idat, zlib.BestSpeed) // a valid level: no error
	return e
}}

// encode writes m to w when every pixel of m is opaque; opaque is false,
// and nothing written, when one is not.
func (e *pngEncoder) encode(w io.Writer, m *image.RGBA) (opaque bool, err error) {
	b := m.Bounds()
	width, height := b.Dx(), b.Dy()
	e.idat = e.idat[:0]
	e.z.Reset(&e.idat)
	if cap(e.row) < 1+3*width {
		e.row = make([]byte, 1+3*width)
	}
	row := e.row[:1+3*width] // filter type 0 (None), then RGB
	for y := b.Min.Y; y < b.Max.Y; y++ {
		pix := m.Pix[m.PixOffset(b.Min.X, y):m.PixOffset(b.Max.X, y)]
		alpha := byte(0xff)
		for x, j := 0, 1; x < len(pix); x, j = x+4, j+3 {
			row[j], row[j+1], row[j+2] = pix[x], pix[x+1], pix[x+2]
			alpha &= pix[x+3]
		}
		if alpha != 0xff {
			return false, nil
		}
		if _, err := e.z.Write(row); err != nil {
			return true, err
		}
	}
	if err := e.z.Close(); err != nil {
		return true, err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour; deflate, no filter method options, no interlace
	writeChunk(bw, "IHDR", ihdr[:])
	writeChunk(bw, "IDAT", e.idat)
	writeChunk(bw, "IEND", nil)
	return true, bw.Flush()
}

// writeChunk writes one PNG chunk: length, type, data, CRC of type and data.
func writeChunk(w *bufio.Writer, typ string, data []byte) {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	w.Write(head[:])
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	w.Write(sum[:])
}
