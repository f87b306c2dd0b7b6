package benchfile

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// refReadLabelled is ReadLabelled as it was before the files were parsed
// into compact entries (commit 35e4b2e): one sweep.Record appended per
// benchmark as it is first seen. The tests hold the reader to it.
func refReadLabelled(paths, labels []string) (*sweep.Task, error) {
	t := &sweep.Task{ID: 1, Name: "benchfmt files", Description: strings.Join(paths, " vs ")}
	for i, p := range paths {
		n0 := len(t.Records)
		if err := refReadFile(t, p, labels[i]); err != nil {
			return nil, err
		}
		if len(t.Records) == n0 {
			return nil, fmt.Errorf("%s: no benchmark results", p)
		}
	}
	return t, nil
}

func refReadFile(t *sweep.Task, path, label string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading benchmark file: %w", err)
	}
	defer f.Close()
	r := benchfmt.NewReader(newLineReader(f), path)
	better := map[string]int8{}
	knobs := map[string]string{Option: label} // shared, read-only
	index := map[string]int{}                 // name + "\x00" + unit → record of this file
	var key []byte
	start := len(t.Records)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			return rec
		case *benchfmt.UnitMetadata:
			if err := noteBetter(rec, better); err != nil {
				return err
			}
		case *benchfmt.Result:
			for _, v := range rec.Values {
				if v.Value == 0 {
					continue // 0 allocs/op and the like: a ratio to zero means nothing
				}
				if err := checkValue(rec, v); err != nil {
					return err
				}
				key = append(append(append(append(append(key[:0], rec.Name...), 0), v.Unit...), 0), rec.GetConfig("pkg")...)
				if i, ok := index[string(key)]; ok {
					t.Records[i].Values = append(t.Records[i].Values, v.Value)
					continue
				}
				index[string(key)] = len(t.Records)
				fileName, line := rec.Pos()
				r := record(rec, v, knobs)
				r.Where = fmt.Sprintf("%s:%d", fileName, line)
				r.Invocation = r.Where
				// The run the values came from: a report's bench files name
				// their task; any other file is a run of its own.
				r.Task = rec.GetConfig("sweepstat-task")
				r.SetRuns([]float64{v.Value})
				shorten(&r, label)
				t.Records = append(t.Records, r)
			}
		}
	}
	for i := start; i < len(t.Records); i++ {
		r := &t.Records[i]
		r.Better = better[r.Unit]
		if r.Task == "" {
			r.Task = label // each file is its own run: old and new are different sessions
		}
		mean := 0.0 // running mean: no overflow near the float64 maximum
		for k, x := range r.Runs() {
			mean += (x - mean) / float64(k+1)
		}
		r.Mean = mean
	}
	if err := r.Err(); err != nil {
		return syntaxError(err, path)
	}
	return nil
}
