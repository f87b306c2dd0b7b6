package benchfile

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/perf/benchfmt"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Parse reads benchfmt text for import: unlike Read it keeps every result
// line as its own record (one invocation each) and turns the file's
// configuration lines (goos, cpu, pkg, commit: …) into knobs, next to the
// name's keys. name is the file name for messages; a record's Invocation
// and Where are "name:line".
func Parse(r io.Reader, name string) ([]sweep.Record, error) {
	br := benchfmt.NewReader(r, name)
	better := map[string]int{}
	var recs []sweep.Record
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.UnitMetadata:
			if err := noteBetter(rec, better); err != nil {
				return nil, err
			}
		case *benchfmt.Result:
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
					return nil, err
				}
				r := record(rec, v, nil)
				merged := make(map[string]string, len(knobs)+len(r.Knobs))
				for k, val := range knobs {
					merged[k] = val
				}
				for k, val := range r.Knobs { // name keys win over configuration
					if k != Option {
						merged[k] = val
					}
				}
				r.Knobs = merged
				r.Where = fmt.Sprintf("%s:%d", file, line)
				r.Invocation = r.Where
				recs = append(recs, r)
			}
		}
	}
	if err := br.Err(); err != nil {
		var se *benchfmt.SyntaxError
		if errors.As(err, &se) {
			return nil, se
		}
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	for i := range recs {
		recs[i].Better = better[recs[i].Unit]
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", name)
	}
	return recs, nil
}
