package report

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unsafe"

	"golang.org/x/text/width"
)

// TextTable aligns tab-separated cells into columns two spaces apart, as
// text/tabwriter does for a table whose lines have the same number of
// cells, with two differences:
//
//   - a double-width character (Chinese column heads, CJK model names)
//     counts as the two columns it takes on a terminal (tabwriter counts
//     one, and a zh table came out ragged);
//   - Heading adds a line that is printed as it is, between the rows,
//     without widening a column or breaking the alignment of the rows
//     around it (a model's name above its rows).
//
// Every cell but the last of a line is padded to its column's width plus
// two spaces; the last cell of a line is not padded. Lines are written on
// Flush. Until then the cells are kept in blocks that never move: their
// text in chunks of 64 KiB, the cells in blocks of 4,096 — a table of
// 51,200 benchmarks takes about the size of its text, without a string
// and a slice per line, or copies of a buffer grown by doubling.
type TextTable struct {
	out     io.Writer
	partial []byte
	chunk   []byte     // the text chunk being filled
	cells   [][]string // blocks of cellBlock cells, texts in chunks
	n       int        // cells in all
	lines   []tableLine
}

const (
	textChunk = 64 << 10
	cellBlock = 4096
)

// A tableLine is the cells first to first+n-1 of a TextTable.
type tableLine struct {
	first, n int
	heading  bool
}

// NewTextTable returns a table writing to w on Flush.
func NewTextTable(w io.Writer) *TextTable {
	return &TextTable{out: w}
}

// Write adds text to the table: lines end with '\n', cells with '\t'.
func (t *TextTable) Write(p []byte) (int, error) {
	n := len(p)
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			t.partial = append(t.partial, p...)
			return n, nil
		}
		if len(t.partial) > 0 {
			t.partial = append(t.partial, p[:i]...)
			t.addLine(t.partial)
			t.partial = t.partial[:0]
		} else {
			t.addLine(p[:i])
		}
		p = p[i+1:]
	}
}

// Row adds a line of the given cells: what Write adds of them joined by
// '\t' and ended by '\n', without making the joined text (which it does
// write when a cell holds a '\t' or '\n', or a partial line is pending).
func (t *TextTable) Row(cells ...string) {
	if len(cells) == 0 {
		t.Write([]byte("\n"))
		return
	}
	joined := len(t.partial) > 0 // the line written so far starts the row
	for _, c := range cells {
		joined = joined || strings.ContainsAny(c, "\t\n")
	}
	if joined {
		t.Write([]byte(strings.Join(cells, "\t") + "\n"))
		return
	}
	l := tableLine{first: t.n}
	for _, c := range cells {
		t.addCell(c)
	}
	l.n = t.n - l.first
	t.lines = append(t.lines, l)
}

// addLine adds the cells of line, split at '\t'.
func (t *TextTable) addLine(line []byte) {
	l := tableLine{first: t.n}
	for {
		j := bytes.IndexByte(line, '\t')
		if j < 0 {
			break
		}
		t.addCell(unsafe.String(unsafe.SliceData(line), j)) // copied by addCell
		line = line[j+1:]
	}
	t.addCell(unsafe.String(unsafe.SliceData(line), len(line)))
	l.n = t.n - l.first
	t.lines = append(t.lines, l)
}

// addCell adds a cell of text s, copied (the caller may reuse its bytes):
// into the current chunk, or into a string of its own when it is bigger
// than a quarter of one. Bytes of a chunk are never written twice: its
// cells are strings of it.
func (t *TextTable) addCell(s string) {
	var c string
	switch {
	case len(s) == 0:
	case len(s) > textChunk/4:
		c = strings.Clone(s)
	default:
		if len(s) > cap(t.chunk)-len(t.chunk) {
			t.chunk = make([]byte, 0, textChunk)
		}
		at := len(t.chunk)
		t.chunk = append(t.chunk, s...)
		c = unsafe.String(&t.chunk[at], len(s))
	}
	if t.n%cellBlock == 0 {
		t.cells = append(t.cells, make([]string, 0, cellBlock))
	}
	last := &t.cells[len(t.cells)-1]
	*last = append(*last, c)
	t.n++
}

// Heading adds a line printed as it is, outside the columns.
func (t *TextTable) Heading(s string) {
	t.lines = append(t.lines, tableLine{first: t.n, n: 1, heading: true})
	t.addCell(s)
}

// cell returns cell i of the table.
func (t *TextTable) cell(i int) string { return t.cells[i/cellBlock][i%cellBlock] }

// Flush aligns what was written and writes it out.
func (t *TextTable) Flush() error {
	if len(t.partial) > 0 {
		t.Write([]byte("\n"))
	}
	var widths []int
	for _, l := range t.lines {
		if l.heading {
			continue
		}
		for i := range l.n - 1 {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], DisplayWidth(t.cell(l.first+i)))
		}
	}
	w := bufio.NewWriter(t.out)
	for _, l := range t.lines {
		if l.heading {
			w.WriteString(t.cell(l.first))
			w.WriteByte('\n')
			continue
		}
		last := l.n - 1
		for i := range last {
			c := t.cell(l.first + i)
			w.WriteString(c)
			pad(w, widths[i]-DisplayWidth(c)+2)
		}
		w.WriteString(t.cell(l.first + last))
		w.WriteByte('\n')
	}
	t.chunk, t.cells, t.n, t.lines = nil, nil, 0, t.lines[:0]
	return w.Flush()
}

const spaces = "                                                                "

// pad writes n spaces.
func pad(w *bufio.Writer, n int) {
	for n > len(spaces) {
		w.WriteString(spaces)
		n -= len(spaces)
	}
	w.WriteString(spaces[:n])
}

// wide reports whether r takes two columns on a terminal (East Asian Wide
// or Fullwidth).
func wide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// DisplayWidth is the number of terminal columns s takes.
func DisplayWidth(s string) int {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && wide(r) {
			n++
		}
	}
	return n
}
