package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/safename"
)

// Double-width characters take two columns: the cells after them line up
// on a terminal (tabwriter alone counted 模型 as two columns, not four).
func TestTextTableWide(t *testing.T) {
	var b strings.Builder
	tw := NewTextTable(&b)
	tw.Write([]byte("模型\t性能指标\tx\n"))
	tw.Write([]byte("alpha\tpp\ty\n"))
	tw.Write([]byte("ＡＢ\ttg\tz\n"))
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "模型   性能指标  x\n" +
		"alpha  pp        y\n" +
		"ＡＢ   tg        z\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if i := strings.LastIndexByte(line, ' '); safename.Width(line[:i+1]) != 17 {
			t.Errorf("%q: last column at display column %d, want 17", line, safename.Width(line[:i+1]))
		}
	}
}

// A heading is printed as it is, and the rows around it share columns.
func TestTextTableHeading(t *testing.T) {
	var b strings.Builder
	tw := NewTextTable(&b)
	tw.Write([]byte("a\tb\tc\n"))
	tw.Heading("a long heading that is wider than every column")
	tw.Write([]byte("dddd\te\tf\n"))
	tw.Flush()
	want := "a     b  c\na long heading that is wider than every column\ndddd  e  f\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// Base and new without a benchmark in common: the text says so instead of
// printing two empty tables.
func TestTextNoCommonBenchmark(t *testing.T) {
	var b strings.Builder
	if err := Text(&b, &result.Comparison{Option: "file", Base: "a", New: "b", NewValues: []string{"b"}}, English); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "none in common") || strings.Contains(b.String(), "phase") {
		t.Errorf("no rows:\n%s", b.String())
	}
}

// A model's knob line wraps at 120 columns, every line of it, each with at
// least one knob.
func TestModelsTextWraps(t *testing.T) {
	var knobs []string
	for i := range 40 {
		knobs = append(knobs, fmt.Sprintf("knob_%02d=value_%02d", i, i))
	}
	var b strings.Builder
	modelsText(&b, &result.Comparison{Models: []result.ModelInfo{{Name: "m", Knobs: knobs}}})
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n\n"), "\n")
	if len(lines) < 4 {
		t.Fatalf("%d lines for 40 knobs of 18 columns:\n%s", len(lines), b.String())
	}
	n := 0
	for _, l := range lines {
		if safename.Width(l) > 120 {
			t.Errorf("line of %d columns: %q", safename.Width(l), l)
		}
		n += strings.Count(l, "knob_")
	}
	if n != 40 {
		t.Errorf("%d knobs printed, want 40", n)
	}
}

// The table's blocks of text and cells give what a table of one string
// per line gives: random tables of many lines (more cells than a block),
// cells bigger than a chunk, empty and wide cells, headings, and lines
// written in pieces and across several Flushes.
func TestTextTableBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cells := []string{"", "a", "模型", "1.5 ± 2%", strings.Repeat("x", textChunk/4+1), strings.Repeat("y", textChunk-3)}
	for round := range 30 {
		var in []string                        // lines; a heading starts with "#"
		lines, kinds := 1500+rng.IntN(1500), 4 // more cells than a block
		if round%3 == 0 {
			lines, kinds = rng.IntN(20), len(cells) // cells bigger than a chunk
		}
		for range lines {
			if rng.IntN(20) == 0 {
				in = append(in, "#heading "+cells[rng.IntN(4)])
				continue
			}
			var l []string
			for range 1 + rng.IntN(5) {
				l = append(l, cells[rng.IntN(kinds)])
			}
			in = append(in, strings.Join(l, "\t"))
		}
		// The reference: widths over the lines' cells, then each line.
		var widths []int
		for _, l := range in {
			if strings.HasPrefix(l, "#") {
				continue
			}
			cs := strings.Split(l, "\t")
			for i, c := range cs[:len(cs)-1] {
				if i == len(widths) {
					widths = append(widths, 0)
				}
				widths[i] = max(widths[i], safename.Width(c))
			}
		}
		var want strings.Builder
		for _, l := range in {
			if strings.HasPrefix(l, "#") {
				want.WriteString(l[1:] + "\n")
				continue
			}
			cs := strings.Split(l, "\t")
			for i, c := range cs[:len(cs)-1] {
				want.WriteString(c + strings.Repeat(" ", widths[i]-safename.Width(c)+2))
			}
			want.WriteString(cs[len(cs)-1] + "\n")
		}
		var got strings.Builder
		tw := NewTextTable(&got)
		for _, l := range in {
			if strings.HasPrefix(l, "#") {
				tw.Heading(l[1:])
				continue
			}
			if rng.IntN(2) == 0 { // as cells
				tw.Row(strings.Split(l, "\t")...)
				continue
			}
			b := []byte(l + "\n")
			cut := rng.IntN(len(b) + 1) // written in two pieces
			tw.Write(b[:cut])
			tw.Write(b[cut:])
		}
		if err := tw.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("round %d: %d lines: the table differs from the reference", round, len(in))
		}
		// The table is empty after Flush and can be used again.
		tw.Write([]byte("a\tb\n"))
		got.Reset()
		tw.Flush()
		if got.String() != "a  b\n" {
			t.Fatalf("round %d: after Flush: %q", round, got.String())
		}
	}
}

// Row adds what Write adds of its cells joined by tabs, for cells that
// hold tabs and newlines too, after a partial line, and for no cells.
func TestTextTableRowAsWrite(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	parts := []string{"", "a", "bc", "\t", "\n", "x\ty", "模型", " "}
	for i := range 2000 {
		var want, got strings.Builder
		tw, tr := NewTextTable(&want), NewTextTable(&got)
		for range 1 + rng.IntN(4) {
			if rng.IntN(4) == 0 { // a partial line first
				p := parts[rng.IntN(3)]
				tw.Write([]byte(p))
				tr.Write([]byte(p))
			}
			cells := make([]string, rng.IntN(4))
			for j := range cells {
				cells[j] = parts[rng.IntN(len(parts))] + parts[rng.IntN(len(parts))]
			}
			tw.Write([]byte(strings.Join(cells, "\t") + "\n"))
			tr.Row(cells...)
		}
		tw.Flush()
		tr.Flush()
		if got.String() != want.String() {
			t.Fatalf("case %d: Row gave\n%q\nWrite gave\n%q", i, got.String(), want.String())
		}
	}
}

// textCell's shortcut for plain text returns what its full path does.
func TestTextCellPlain(t *testing.T) {
	full := escapedCell
	rng := rand.New(rand.NewPCG(13, 14))
	alphabet := []byte(" \t\na~\x7f\x00\x1b\xff!")
	for i := range 20000 {
		b := make([]byte, rng.IntN(8))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		if s := string(b); textCell(s) != full(s) {
			t.Fatalf("case %d: textCell(%q) = %q, want %q", i, s, textCell(s), full(s))
		}
	}
}
