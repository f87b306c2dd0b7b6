package report

import (
	"bytes"
	"io"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// TextTable aligns tab-separated cells into columns two spaces apart, as
// text/tabwriter does, counting a double-width character (Chinese column
// heads, CJK model names) as the two columns it takes on a terminal:
// tabwriter counts it as one, and a zh table came out ragged.
//
// Each wide rune is followed by a filler rune on its way into the
// tabwriter, so that it is counted twice, and the fillers are removed from
// what the tabwriter writes. Text without wide runes is written exactly as
// tabwriter writes it. The filler, a private-use character, never comes
// from the data: textCell shows it quoted.
type TextTable struct {
	out io.Writer
	buf bytes.Buffer
	tw  *tabwriter.Writer
	in  []byte
}

// filler is the rune counted once more for each wide rune.
const filler = '\uE000'

var fillerBytes = []byte(string(filler))

// NewTextTable returns a table writing to w on Flush.
func NewTextTable(w io.Writer) *TextTable {
	t := &TextTable{out: w}
	t.tw = tabwriter.NewWriter(&t.buf, 0, 0, 2, ' ', 0)
	return t
}

// Write adds text to the table.
func (t *TextTable) Write(p []byte) (int, error) {
	t.in = t.in[:0]
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		t.in = append(t.in, p[i:i+n]...)
		if r >= 0x1100 && wide(r) {
			t.in = utf8.AppendRune(t.in, filler)
		}
		i += n
	}
	if _, err := t.tw.Write(t.in); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush aligns what was written and writes it out.
func (t *TextTable) Flush() error {
	if err := t.tw.Flush(); err != nil {
		return err
	}
	b := t.buf.Bytes()
	if bytes.Contains(b, fillerBytes) {
		b = bytes.ReplaceAll(b, fillerBytes, nil)
	}
	_, err := t.out.Write(b)
	t.buf.Reset()
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
