package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"unsafe"
)

// A rowWriter writes CSV rows as encoding/csv's Writer does (comma, "\n",
// quotes where csv.Writer puts them) with text cells made safe by
// csvText, for files of a million rows: a cell of plain printable ASCII is
// copied as it is, any other is encoded once by csvText and a csv.Writer
// and remembered (the knob text, the names, shared by many rows), and
// numbers are appended without an intermediate string. Text that needs
// quotes for its quotes or commas alone (base_parameters' JSON, distinct
// for every invocation) is quoted as it is written, not remembered. The
// last text of each column is remembered with its kind: most columns
// (suite, model, phase, size, knob values, task, unit) repeat the cell
// above, the very same string (records share their names and knob
// maps), which is then written without looking at its bytes again.
type rowWriter struct {
	w       *bufio.Writer
	n       int               // cells in the current row
	cells   map[string][]byte // encoded text cells that are not plain
	buf     bytes.Buffer      // scratch for encoding one cell
	enc     *csv.Writer       // writes to buf
	num     []byte
	above   []lastCell        // per column, the last text cell written in it
	numbers map[uint64][]byte // see repeatedNumber
}

// A lastCell is a text cell as written: plain (as it is), quoted (see
// quoted), or else enc.
type lastCell struct {
	s    string
	kind cellKind
	enc  []byte
}

type cellKind uint8

const (
	cellPlain  cellKind = iota // written as it is
	cellQuoted                 // in quotes, its quotes doubled
	cellOther                  // encoded by csvText and csv.Writer
)

func newRowWriter(w io.Writer) *rowWriter {
	rw := &rowWriter{w: bufio.NewWriterSize(w, 1<<16), cells: map[string][]byte{}, numbers: map[uint64][]byte{}}
	rw.enc = csv.NewWriter(&rw.buf)
	return rw
}

// Byte classes of cell text, for one pass over a cell (classify).
const (
	byteOdd   = 1 << iota // a control character, DEL or not ASCII
	byteQuote             // '"'
	byteComma             // ','
)

// byteClass is the class of every byte value.
var byteClass = func() (c [256]uint8) {
	for b := range c {
		if b < 0x20 || b > 0x7e {
			c[b] = byteOdd
		}
	}
	c['"'], c[','] = byteQuote, byteComma
	return c
}()

// classify returns how csv.Writer writes csvText(s): as it is when s is
// printable ASCII without quote or comma, not starting with a space or a
// character csvText guards against formulas, and not the `\.` that
// csv.Writer quotes; quoted (see quoted) when it is other printable ASCII
// that starts with no guarded character (the base_parameters JSON of a
// record); else otherwise.
func classify(s string) cellKind {
	if s == "" {
		return cellPlain
	}
	switch s[0] {
	case '=', '+', '-', '@':
		return cellOther
	}
	var c uint8
	for i := 0; i < len(s); i++ {
		c |= byteClass[s[i]]
	}
	switch {
	case c&byteOdd != 0:
		return cellOther
	case c != 0 || s[0] == ' ' || s == `\.`:
		return cellQuoted // csv.Writer quotes these too
	}
	return cellPlain
}

// quoted writes s, printable ASCII, in quotes with its quotes doubled: what
// csv.Writer writes of csvText(s) when classify says cellQuoted. It is
// built in the writer's own buffer.
func (rw *rowWriter) quoted(s string) { rw.w.Write(appendQuoted(rw.w.AvailableBuffer(), s)) }

// appendQuoted appends s in quotes, its quotes doubled, to q.
func appendQuoted(q []byte, s string) []byte {
	q = append(q, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			q = append(q, '"')
		}
		q = append(q, s[i])
	}
	return append(q, '"')
}

// A cellCache remembers how recent cells of one column were written, for
// a column whose texts recur, but not one after the other: the
// base_parameters of a knob set in the raw CSV, whose rows go benchmark by
// benchmark (a few hundred knob sets each) and a set's rounds apart. Each
// text has a slot chosen by a number that tells it (its knob set), and is
// told by identity there, as text tells the cell above.
type cellCache struct{ slots [1 << 12]cachedCell }

type cachedCell struct {
	s    string
	kind cellKind
	enc  []byte // as written, unless plain
	own  []byte // the buffer of a quoted enc, reused by the slot's next text
}

// cachedText is text(s) for a cell of the column c remembers, s told by
// id: of the texts with one id, the last is remembered.
func (rw *rowWriter) cachedText(s string, c *cellCache, id int32) {
	rw.sep()
	slot := &c.slots[uint32(id)*0x9E3779B1>>20] // Fibonacci hashing: nearby ids, distant slots
	if !sameString(slot.s, s) || slot.s == "" {
		slot.s, slot.kind = s, classify(s)
		switch slot.kind {
		case cellQuoted:
			slot.own = appendQuoted(slot.own[:0], s)
			slot.enc = slot.own
		case cellOther:
			slot.enc = rw.encoded(s)
		}
	}
	if slot.kind == cellPlain {
		rw.w.WriteString(s)
		return
	}
	rw.w.Write(slot.enc)
}

func (rw *rowWriter) sep() {
	if rw.n > 0 {
		rw.w.WriteByte(',')
	}
	rw.n++
}

// text writes the text cell csvText(s).
func (rw *rowWriter) text(s string) {
	col := rw.n
	rw.sep()
	if col >= len(rw.above) {
		rw.above = append(rw.above, make([]lastCell, col+1-len(rw.above))...)
	}
	last := &rw.above[col]
	if !sameString(last.s, s) {
		*last = lastCell{s: s, kind: classify(s)}
		if last.kind == cellOther {
			last.enc = rw.encoded(s)
		}
	}
	switch last.kind {
	case cellPlain:
		rw.w.WriteString(s)
	case cellQuoted: // the knob text of every record: written, not remembered
		rw.quoted(s)
	default:
		rw.w.Write(last.enc)
	}
}

// sameString reports whether a and b are the same bytes in memory: equal
// without comparing them (equal strings elsewhere are merely classified
// again).
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

// encoded returns what csv.Writer writes of csvText(s), remembered for the
// next time.
func (rw *rowWriter) encoded(s string) []byte {
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
	return enc
}

// number writes the cell csvNum(f): digits, signs, '.', 'e', "NaN" or
// "Inf", which csv.Writer never quotes.
func (rw *rowWriter) number(f float64) {
	rw.sep()
	rw.num = strconv.AppendFloat(rw.num[:0], f, 'g', -1, 64)
	rw.w.Write(rw.num)
}

// repeatedNumber is number for a column whose values recur (means and
// deviations of two decimals: a few thousand values in a million rows):
// each value's text is made once, remembered by its bits (so that -0 and
// NaN are told apart from 0 and from each other).
func (rw *rowWriter) repeatedNumber(f float64) {
	bits := math.Float64bits(f)
	text, ok := rw.numbers[bits]
	if !ok {
		text = strconv.AppendFloat(nil, f, 'g', -1, 64)
		if len(rw.numbers) < 1<<12 {
			rw.numbers[bits] = text
		}
	}
	rw.sep()
	rw.w.Write(text)
}

// end ends the row.
func (rw *rowWriter) end() {
	rw.w.WriteByte('\n')
	rw.n = 0
}

// flush writes out what is buffered and returns the first error.
func (rw *rowWriter) flush() error { return rw.w.Flush() }
