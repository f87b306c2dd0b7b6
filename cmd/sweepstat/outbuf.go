package main

import "io"

// A chunkBuffer holds written bytes in chunks of chunkSize, for output
// that is rendered whole before any of it is written: unlike a
// bytes.Buffer, it never copies what it holds into a bigger slice, so a
// comparison's 6 MB table costs its 6 MB rather than the 16 MB of a
// buffer that doubled its way there. The zero value is empty.
type chunkBuffer struct {
	chunks [][]byte
}

const chunkSize = 64 << 10

// Write appends p; it never fails.
func (b *chunkBuffer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(b.chunks) == 0 || len(b.chunks[len(b.chunks)-1]) == chunkSize {
			b.chunks = append(b.chunks, make([]byte, 0, chunkSize))
		}
		c := &b.chunks[len(b.chunks)-1]
		k := min(len(p), chunkSize-len(*c))
		*c = append(*c, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// WriteTo writes what b holds to w, chunk by chunk.
func (b *chunkBuffer) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, c := range b.chunks {
		k, err := w.Write(c)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
