package report

import (
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
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		t.lines = append(t.lines, tableLine{cells: strings.Split(string(t.partial[:i]), "\t")})
		t.partial = t.partial[i+1:]
	}
	return len(p), nil
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
	var b strings.Builder
	for _, l := range t.lines {
		if l.heading {
			b.WriteString(l.cells[0])
			b.WriteByte('\n')
			continue
		}
		last := len(l.cells) - 1
		for i, c := range l.cells[:last] {
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-DisplayWidth(c)+2))
		}
		b.WriteString(l.cells[last])
		b.WriteByte('\n')
	}
	t.lines = t.lines[:0]
	_, err := io.WriteString(t.out, b.String())
	return err
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
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && wide(r) {
			n++
		}
	}
	return n
}
