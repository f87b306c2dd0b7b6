package report

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unsafe"

	"github.com/sweepstat/sweepstat/internal/safename"
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
// Flush. Until then each line is kept as its text, cells joined by '\t',
// in chunks of 64 KiB that never move (the lines' strings in blocks of
// 4,096), and the columns' widths are kept as lines are added: a table
// of 51,200 benchmarks takes about the size of its text, without a string
// per cell, a slice per line, or copies of a buffer grown by doubling.
type TextTable struct {
	out     io.Writer
	partial []byte
	chunk   []byte        // the text chunk being filled
	lines   [][]tableLine // blocks of lineBlock lines, texts in chunks
	n       int           // lines in all
	widths  []int         // of the columns: every cell but a line's last
}

const (
	textChunk = 64 << 10
	lineBlock = 4096
)

// A tableLine is the text of a line: its cells joined by '\t' (none
// holds one), or a heading, printed as it is.
type tableLine struct {
	text    string
	heading bool
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
// '\t' and ended by '\n', without making the joined text in a buffer of
// its own (which it does when a cell holds a '\t' or '\n', or a partial
// line is pending).
func (t *TextTable) Row(cells ...string) {
	if len(cells) == 0 {
		t.Write([]byte("\n"))
		return
	}
	joined := len(t.partial) > 0 // the line written so far starts the row
	size := len(cells) - 1       // the tabs
	for _, c := range cells {
		joined = joined || strings.ContainsAny(c, "\t\n")
		size += len(c)
	}
	if joined {
		t.Write([]byte(strings.Join(cells, "\t") + "\n"))
		return
	}
	for i, c := range cells[:len(cells)-1] {
		t.widen(i, c)
	}
	b := t.room(size)
	for i, c := range cells {
		if i > 0 {
			b = append(b, '\t')
		}
		b = append(b, c...)
	}
	t.add(t.keep(b), false)
}

// addLine adds line, its cells split at '\t' (copied: the caller may
// reuse its bytes).
func (t *TextTable) addLine(line []byte) {
	for i, rest := 0, line; ; i++ {
		j := bytes.IndexByte(rest, '\t')
		if j < 0 {
			break
		}
		t.widen(i, unsafe.String(unsafe.SliceData(rest), j))
		rest = rest[j+1:]
	}
	t.add(t.keep(append(t.room(len(line)), line...)), false)
}

// widen makes column i at least as wide as cell c.
func (t *TextTable) widen(i int, c string) {
	for i >= len(t.widths) {
		t.widths = append(t.widths, 0)
	}
	t.widths[i] = max(t.widths[i], safename.Width(c))
}

// room returns an empty slice with room for n bytes: at the end of the
// current chunk, or of a new one, or of its own when n is more than a
// quarter of a chunk. What is appended to it is made a string by keep.
func (t *TextTable) room(n int) []byte {
	if n > textChunk/4 {
		return make([]byte, 0, n)
	}
	if n > cap(t.chunk)-len(t.chunk) {
		t.chunk = make([]byte, 0, textChunk)
	}
	return t.chunk[len(t.chunk):]
}

// keep returns b, filled from room, as a string, and moves the current
// chunk past it when it is there. Bytes of a chunk are never written
// twice: its lines are strings of it.
func (t *TextTable) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(t.chunk) < cap(t.chunk) && &t.chunk[:len(t.chunk)+1][len(t.chunk)] == &b[0] {
		t.chunk = t.chunk[:len(t.chunk)+len(b)]
	}
	return unsafe.String(&b[0], len(b))
}

func (t *TextTable) add(text string, heading bool) {
	if t.n%lineBlock == 0 {
		t.lines = append(t.lines, make([]tableLine, 0, lineBlock))
	}
	last := &t.lines[len(t.lines)-1]
	*last = append(*last, tableLine{text, heading})
	t.n++
}

// Heading adds a line printed as it is, outside the columns.
func (t *TextTable) Heading(s string) {
	t.add(t.keep(append(t.room(len(s)), s...)), true)
}

// Flush aligns what was written and writes it out.
func (t *TextTable) Flush() error {
	if len(t.partial) > 0 {
		t.Write([]byte("\n"))
	}
	w := bufio.NewWriter(t.out)
	for _, block := range t.lines {
		for _, l := range block {
			if l.heading {
				w.WriteString(l.text)
				w.WriteByte('\n')
				continue
			}
			rest := l.text
			for i := 0; ; i++ {
				j := strings.IndexByte(rest, '\t')
				if j < 0 {
					break
				}
				c := rest[:j]
				w.WriteString(c)
				pad(w, t.widths[i]-safename.Width(c)+2)
				rest = rest[j+1:]
			}
			w.WriteString(rest)
			w.WriteByte('\n')
		}
	}
	t.chunk, t.lines, t.n, t.widths = nil, nil, 0, nil
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
