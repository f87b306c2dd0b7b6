package llamabench

import (
	"errors"
	"fmt"
	"io"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// MaxResult is the largest input one result may take, in bytes: a JSON
// object, a CSV row, a SQL statement. llama-bench writes about 2 KiB per
// result; a longer one is an error naming where it starts, so that memory
// stays bounded whatever the input.
const MaxResult = 16 << 20

// A Reader streams the records of one llama-bench output, one result at a
// time (see NewJSONReader, NewCSVReader, NewSQLReader): Scan advances to
// the next record, Record returns it, Err reports what stopped Scan (nil
// at the end of the input; input without a single result is an error).
// Records are as the package documentation describes them, with names as
// the input wrote them, however long. Close releases what the Reader holds
// (the database of SQL text) when it is abandoned before Scan returns
// false.
type Reader struct {
	next  func() (*result, error) // nil result: end of input
	close func() error
	name  string
	rec   sweep.Record
	n     int
	err   error
	done  bool
}

// Scan advances to the next record.
func (r *Reader) Scan() bool {
	if r.done {
		return false
	}
	res, err := r.next()
	if err == nil && res == nil && r.n == 0 {
		err = errNoResults(r.name)
	}
	if err == nil && res != nil {
		r.rec, err = res.record()
	}
	if err != nil || res == nil {
		r.err = err
		r.Close()
		return false
	}
	r.n++
	return true
}

// Record returns the current record, valid until the next Scan.
func (r *Reader) Record() *sweep.Record { return &r.rec }

// Err returns the error that stopped Scan.
func (r *Reader) Err() error { return r.err }

// Close releases the Reader's resources; Scan then returns false.
func (r *Reader) Close() error {
	if r.done {
		return nil
	}
	r.done = true
	if r.close != nil {
		return r.close()
	}
	return nil
}

// collect reads every record of r, shortening names for output
// (safename.ShortenRecord).
func collect(r *Reader) ([]sweep.Record, error) {
	defer r.Close()
	var out []sweep.Record
	for r.Scan() {
		rec := *r.Record()
		safename.ShortenRecord(&rec)
		out = append(out, rec)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// A boundedReader counts the bytes read through it, and fails with
// errTooLong once more than MaxResult bytes are read past mark, set where
// the result being decoded starts (or a little after: what a decoder had
// read ahead before counts as the result's), so that a decoder's buffer cannot grow
// without bound. It also keeps the offsets of the newlines read past the
// last line query, to turn offsets into line numbers without keeping the
// input.
type boundedReader struct {
	r     io.Reader
	total int64   // bytes read
	mark  int64   // offset where the current result starts
	nl    []int64 // offsets of newlines at or after lineOff
	line  int     // the line at lineOff (1-based)
	off   int64   // offset up to which line counts
}

var errTooLong = errors.New("result too long")

func newBoundedReader(r io.Reader) *boundedReader { return &boundedReader{r: r, line: 1} }

func (b *boundedReader) Read(p []byte) (int, error) {
	allowed := b.mark + MaxResult + 1 - b.total
	if allowed <= 0 {
		return 0, errTooLong
	}
	if int64(len(p)) > allowed {
		p = p[:allowed]
	}
	n, err := b.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			b.nl = append(b.nl, b.total+int64(i))
		}
	}
	b.total += int64(n)
	return n, err
}

// lineAt returns the 1-based line number of offset off; offsets must not
// decrease from one call to the next (smaller ones get the last answer).
func (b *boundedReader) lineAt(off int64) int {
	if off < b.off {
		return b.line
	}
	i := 0
	for i < len(b.nl) && b.nl[i] < off {
		i++
	}
	b.line += i
	b.nl = b.nl[i:]
	b.off = off
	return b.line
}

// tooLong words errTooLong for a result that starts at line line.
func tooLong(name string, line int) error {
	return fmt.Errorf("%s:%d: the result that starts here is longer than %d MiB, the most sweepstat reads for one result", name, line, MaxResult>>20)
}
