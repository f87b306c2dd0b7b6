package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// rowWriter writes what csv.Writer writes of csvText cells and csvNum
// numbers, byte for byte, whatever the text: each cell below the same
// string (remembered), below an equal copy, and below other cells, and
// each in a cellCache's column (remembered, replaced in its slot by
// another text of its id or of an id of the same slot); each number made
// or remembered.
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
	nums := []float64{0, 1.5, -2.25, 1e-300, 1e308, math.NaN(), math.Inf(1), math.Inf(-1), 66.74, 1.0 / 3, math.Copysign(0, -1)}
	var want, got bytes.Buffer
	cw := csv.NewWriter(&want)
	rw := newRowWriter(&got)
	// A column of cachedText, under ids that repeat with other texts, and
	// two ids sharing a slot.
	cache := new(cellCache)
	slot := func(id int32) uint32 { return uint32(id) * 0x9E3779B1 >> 20 }
	clash := int32(1)
	for slot(clash) != slot(0) {
		clash++
	}
	ids := []int32{0, 1, 2, clash, 0, 3}
	for i := 0; i < len(cells); i += 3 {
		row := cells[i:min(i+3, len(cells))]
		clones := make([]string, len(row))
		for j, c := range row {
			clones[j] = strings.Clone(c)
		}
		for k, row := range [][]string{row, row, clones, cells[len(cells)-1-i/3:][:1], row} {
			var rec []string
			for _, c := range row {
				rec = append(rec, csvText(c))
				rw.text(c)
			}
			f := nums[(i+k)%len(nums)]
			rec = append(rec, csvNum(f), csvNum(f), csvText(row[0]))
			rw.number(f)
			rw.repeatedNumber(f)
			rw.cachedText(row[0], cache, ids[(i/3+k)%len(ids)])
			cw.Write(rec)
			rw.end()
		}
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

// BenchmarkRawCSV writes the raw CSV of 262,144 records in the shape of
// gendemo -big (base_parameters JSON per invocation, pp and tg sharing
// it), the selection's keys computed before, as the analysis does.
func BenchmarkRawCSV(b *testing.B) {
	var recs []sweep.Record
	for m := range 2 {
		for round := range 8 {
			for np := 64; np <= 64*64; np += 64 {
				for ng := 32; ng <= 32*16; ng += 32 {
					for _, v := range []string{"7", "8"} {
						knobs := map[string]string{"n_prompt": strconv.Itoa(np), "n_gen": strconv.Itoa(ng), "dynamicOption": v}
						params := fmt.Sprintf(`{"threads": 1, "precision": 2, "dynamicOption": %s, "n_prompt": %d, "n_gen": %d}`, v, np, ng)
						at := fmt.Sprintf("2025-12-01 %02d:%02d:%02d", round, np%60, ng%60)
						model := fmt.Sprint("big_m", m)
						recs = append(recs,
							sweep.Record{Test: &sweep.Test{Phase: "pp", Size: strconv.Itoa(np), Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Task: "t", Suite: "s", Model: model}, Invocation: "case", Knobs: knobs, Params: params, Time: at}, Mean: 60 + float64(np%7), Std: 0.05},
							sweep.Record{Test: &sweep.Test{Phase: "tg", Size: strconv.Itoa(ng), Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Task: "t", Suite: "s", Model: model}, Invocation: "case", Knobs: knobs, Params: params, Time: at}, Mean: 20 + float64(ng%5), Std: 0.07})
					}
				}
			}
		}
	}
	sel, err := sweep.Select(&sweep.Task{ID: 1, Name: "t", Records: recs}, "dynamicOption", "7", "8", nil)
	if err != nil {
		b.Fatal(err)
	}
	sel.KeyIndex()
	a := &analysis.Analysis{Sel: sel}
	b.ResetTimer()
	for range b.N {
		if err := RawCSV(io.Discard, a); err != nil {
			b.Fatal(err)
		}
	}
}
