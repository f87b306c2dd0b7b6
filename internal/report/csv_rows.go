package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
)

// A rowWriter writes CSV rows as encoding/csv's Writer does (comma, "\n",
// quotes where csv.Writer puts them) with text cells made safe by
// csvText, for files of a million rows: a cell of plain printable ASCII is
// copied as it is, any other is encoded once by csvText and a csv.Writer
// and remembered (the knob text, the names, shared by many rows), and
// numbers are appended without an intermediate string. Text that needs
// quotes for its quotes or commas alone (base_parameters' JSON, distinct
// for every invocation) is quoted as it is written, not remembered.
type rowWriter struct {
	w     *bufio.Writer
	n     int               // cells in the current row
	cells map[string][]byte // encoded text cells that are not plain
	buf   bytes.Buffer      // scratch for encoding one cell
	enc   *csv.Writer       // writes to buf
	num   []byte
	quote []byte // scratch for quoted
}

func newRowWriter(w io.Writer) *rowWriter {
	rw := &rowWriter{w: bufio.NewWriterSize(w, 1<<16), cells: map[string][]byte{}}
	rw.enc = csv.NewWriter(&rw.buf)
	return rw
}

// plainCell reports whether csvText leaves s as it is and csv.Writer
// writes it unquoted: printable ASCII without quote or comma, not starting
// with a space or a character csvText guards against formulas, and not
// the `\.` that csv.Writer quotes.
func plainCell(s string) bool {
	if s == "" {
		return true
	}
	switch s[0] {
	case '=', '+', '-', '@', ' ':
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == ',' {
			return false
		}
	}
	return s != `\.`
}

// quoted returns s in quotes with its quotes doubled, and true, when that
// is what csv.Writer writes of csvText(s) and s is not plain: printable
// ASCII not starting with a character csvText guards against formulas (the
// base_parameters JSON of a record). The bytes are valid until the next
// call.
func (rw *rowWriter) quoted(s string) ([]byte, bool) {
	if s == "" {
		return nil, false
	}
	switch s[0] {
	case '=', '+', '-', '@':
		return nil, false
	}
	q := append(rw.quote[:0], '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			return nil, false
		}
		if c == '"' {
			q = append(q, '"')
		}
		q = append(q, c)
	}
	q = append(q, '"')
	rw.quote = q
	return q, true
}

func (rw *rowWriter) sep() {
	if rw.n > 0 {
		rw.w.WriteByte(',')
	}
	rw.n++
}

// text writes the text cell csvText(s).
func (rw *rowWriter) text(s string) {
	rw.sep()
	if plainCell(s) {
		rw.w.WriteString(s)
		return
	}
	if q, ok := rw.quoted(s); ok { // the knob text of every record: written, not remembered
		rw.w.Write(q)
		return
	}
	enc, ok := rw.cells[s]
	if !ok {
		rw.buf.Reset()
		rw.enc.Write([]string{csvText(s)})
		rw.enc.Flush()
		enc = bytes.Clone(bytes.TrimSuffix(rw.buf.Bytes(), []byte("\n")))
		if len(rw.cells) < 1<<16 { // names and knob texts; not every distinct time
			rw.cells[s] = enc
		}
	}
	rw.w.Write(enc)
}

// number writes the cell csvNum(f): digits, signs, '.', 'e', "NaN" or
// "Inf", which csv.Writer never quotes.
func (rw *rowWriter) number(f float64) {
	rw.sep()
	rw.num = strconv.AppendFloat(rw.num[:0], f, 'g', -1, 64)
	rw.w.Write(rw.num)
}

// end ends the row.
func (rw *rowWriter) end() {
	rw.w.WriteByte('\n')
	rw.n = 0
}

// flush writes out what is buffered and returns the first error.
func (rw *rowWriter) flush() error { return rw.w.Flush() }
