package report

import (
	"bufio"
	"bytes"
	"io"
	"strings"

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
// Flush.
type TextTable struct {
	out     io.Writer
	partial []byte
	lines   []tableLine
}

type tableLine struct {
	cells   []string
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
		var line string
		if len(t.partial) > 0 {
			t.partial = append(t.partial, p[:i]...)
			line = string(t.partial)
			t.partial = t.partial[:0]
		} else {
			line = string(p[:i])
		}
		t.lines = append(t.lines, tableLine{cells: strings.Split(line, "\t")})
		p = p[i+1:]
	}
}

// Heading adds a line printed as it is, outside the columns.
func (t *TextTable) Heading(s string) {
	t.lines = append(t.lines, tableLine{cells: []string{s}, heading: true})
}

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
		for i, c := range l.cells[:len(l.cells)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], DisplayWidth(c))
		}
	}
	w := bufio.NewWriter(t.out)
	for _, l := range t.lines {
		if l.heading {
			w.WriteString(l.cells[0])
			w.WriteByte('\n')
			continue
		}
		last := len(l.cells) - 1
		for i, c := range l.cells[:last] {
			w.WriteString(c)
			pad(w, widths[i]-DisplayWidth(c)+2)
		}
		w.WriteString(l.cells[last])
		w.WriteByte('\n')
	}
	t.lines = t.lines[:0]
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
