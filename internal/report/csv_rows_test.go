package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"testing"
)

// rowWriter writes what csv.Writer writes of csvText cells and csvNum
// numbers, byte for byte, whatever the text.
func TestRowWriterAsCSVWriter(t *testing.T) {
	cells := []string{"", "plain", "qwen2_5_0_5b", `{"threads": 1, "n": 64}`, "a,b", `say "hi"`,
		"=1+2", "+3", "-4", "@x", "\tlead", "\rlead", " lead", "trail ", `\.`, `\.x`, "line\nbreak", "cr\rin",
		"nul\x00", "esc\x1b[0m", "del\x7f", "c1\u0085", "bad\xff", "中文名称", "tokens/sec", "2025-11-27 16:08:58",
		"\uFFFD", "x\u2028y", "é,\"", "'quoted'", "a;b"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 { // random bytes, printable or not
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
			if rng.IntN(2) == 0 {
				special := " ,\"=+-@\\.\t\r\nab"
				b[i] = special[rng.IntN(len(special))]
			}
		}
		cells = append(cells, string(b))
	}
	nums := []float64{0, 1.5, -2.25, 1e-300, 1e308, math.NaN(), math.Inf(1), math.Inf(-1), 66.74, 1.0 / 3}
	var want, got bytes.Buffer
	cw := csv.NewWriter(&want)
	rw := newRowWriter(&got)
	for i := 0; i < len(cells); i += 3 {
		row := cells[i:min(i+3, len(cells))]
		var rec []string
		for _, c := range row {
			rec = append(rec, csvText(c))
			rw.text(c)
		}
		f := nums[i%len(nums)]
		rec = append(rec, csvNum(f))
		rw.number(f)
		cw.Write(rec)
		rw.end()
	}
	cw.Flush()
	if err := rw.flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want.Bytes(), got.Bytes()) {
		wl, gl := bytes.Split(want.Bytes(), []byte("\n")), bytes.Split(got.Bytes(), []byte("\n"))
		for i := range min(len(wl), len(gl)) {
			if !bytes.Equal(wl[i], gl[i]) {
				t.Fatalf("line %d:\ncsv.Writer %q\nrowWriter  %q", i+1, wl[i], gl[i])
			}
		}
		t.Fatalf("outputs differ in length: %d vs %d lines", len(wl), len(gl))
	}
}
