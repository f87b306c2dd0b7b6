package main

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// A chunkBuffer gives back what was written to it, whatever the sizes of
// the writes, across chunk boundaries too.
func TestChunkBuffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var want bytes.Buffer
	var b chunkBuffer
	for want.Len() < 3*chunkSize+17 {
		p := make([]byte, rng.IntN(2*chunkSize))
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		if n, err := b.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write of %d bytes: %d, %v", len(p), n, err)
		}
		want.Write(p)
	}
	var got bytes.Buffer
	n, err := b.WriteTo(&got)
	if err != nil || n != int64(want.Len()) || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("WriteTo: %d bytes, %v; want the %d bytes written", n, err, want.Len())
	}
	var empty chunkBuffer
	if n, err := empty.WriteTo(&got); n != 0 || err != nil {
		t.Fatalf("empty WriteTo: %d, %v", n, err)
	}
}
