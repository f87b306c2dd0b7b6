package benchfile

import (
	"fmt"
	"io"

	"golang.org/x/perf/benchfmt"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Parse reads benchfmt text for import: unlike Read it keeps every result
// line as its own record (one invocation each) and turns the file's
// configuration lines (goos, cpu, pkg, commit: …) into knobs, next to the
// name's keys. name is the file name for messages; a record's Invocation
// and Where are "name:line". It holds every record in memory; Reader
// streams them.
func Parse(r io.Reader, name string) ([]sweep.Record, error) {
	br := NewReader(r, name)
	var recs []sweep.Record
	for br.Scan() {
		recs = append(recs, *br.Record())
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	for i := range recs { // a Unit line anywhere in the file applies to all of it
		recs[i].Better = br.better[recs[i].Unit]
	}
	return recs, nil
}

// A Reader streams the records of benchfmt text for import, as Parse
// returns them, in memory bounded by the longest line (MaxLine): one
// record per non-zero value of each result line. A record's Better comes
// from the "Unit … better=" lines read so far.
type Reader struct {
	br      *benchfmt.Reader
	name    string
	better  map[string]int8
	pending []sweep.Record // the other values of the current line
	rec     sweep.Record
	n       int
	err     error
}

// NewReader returns a Reader of the benchfmt text r; name is the file name
// for messages.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{br: benchfmt.NewReader(newLineReader(r), name), name: name, better: map[string]int8{}}
}

// Record returns the current record; it is valid until the next Scan.
func (r *Reader) Record() *sweep.Record { return &r.rec }

// Err returns the error that stopped Scan, nil at the end of the input.
// Text without a single result is an error.
func (r *Reader) Err() error { return r.err }

// Scan advances to the next record.
func (r *Reader) Scan() bool {
	for len(r.pending) == 0 {
		if r.err != nil || !r.br.Scan() {
			if r.err == nil {
				if err := r.br.Err(); err != nil {
					r.err = syntaxError(err, r.name)
				} else if r.n == 0 {
					r.err = fmt.Errorf("%s: no benchmark results", r.name)
				}
			}
			return false
		}
		switch res := r.br.Result().(type) {
		case *benchfmt.SyntaxError:
			r.err = res
		case *benchfmt.UnitMetadata:
			r.err = noteBetter(res, r.better)
		case *benchfmt.Result:
			r.err = r.line(res)
		}
	}
	r.rec, r.pending = r.pending[0], r.pending[1:]
	r.n++
	return true
}

// line queues the records of one result line.
func (r *Reader) line(rec *benchfmt.Result) error {
	file, line := rec.Pos()
	knobs := map[string]string{}
	for _, c := range rec.Config {
		if c.File {
			knobs[c.Key] = string(c.Value)
		}
	}
	for _, v := range rec.Values {
		if v.Value == 0 {
			continue
		}
		if err := checkValue(rec, v); err != nil {
			return err
		}
		rr := record(rec, v, nil)
		merged := make(map[string]string, len(knobs)+len(rr.Knobs))
		for k, val := range knobs {
			merged[k] = val
		}
		for k, val := range rr.Knobs { // name keys win over configuration
			if k != Option {
				merged[k] = val
			}
		}
		rr.Knobs = merged
		rr.Where = fmt.Sprintf("%s:%d", file, line)
		rr.Invocation = rr.Where
		rr.Better = r.better[rr.Unit]
		r.pending = append(r.pending, rr)
	}
	return nil
}
