package llamabench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// ParseCSV reads the output of llama-bench -o csv from r: a header row that
// names the fields, then one row per result. Columns are found by name, in
// any order. name identifies the input in Where and in errors. The caller
// owns the returned records.
func ParseCSV(r io.Reader, name string) ([]sweep.Record, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errNoResults(name)
	}
	if err != nil {
		return nil, csvError(err, name)
	}
	if err := checkHeader(header, name); err != nil {
		return nil, err
	}
	var results []result
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err, name)
		}
		line, _ := cr.FieldPos(0)
		res := result{fields: make(map[string]string, len(header)), where: fmt.Sprintf("%s:%d", name, line)}
		for i, f := range header {
			res.fields[f] = row[i]
		}
		results = append(results, res)
	}
	return records(name, results)
}

// checkHeader rejects a header row that cannot be llama-bench's: one with
// unnamed or repeated columns, or without the columns every result needs.
func checkHeader(header []string, name string) error {
	seen := make(map[string]bool, len(header))
	for i, f := range header {
		switch {
		case f == "":
			return fmt.Errorf("%s:1: column %d has no name", name, i+1)
		case seen[f]:
			return fmt.Errorf("%s:1: column %s appears twice", name, f)
		}
		seen[f] = true
	}
	for _, f := range []string{fieldModel, fieldPrompt, fieldGen, fieldAvgTS} {
		if !seen[f] {
			return fmt.Errorf("%s:1: not llama-bench CSV: no column %s", name, f)
		}
	}
	return nil
}

// csvError locates an error of the CSV reader.
func csvError(err error, name string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("reading %s: %w", name, err)
}
