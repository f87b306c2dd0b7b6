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
// any order. name identifies the input in Where and in errors. Names
// longer than safename.MaxName are shortened. The caller owns the returned
// records.
func ParseCSV(r io.Reader, name string) ([]sweep.Record, error) {
	return collect(NewCSVReader(r, name))
}

// NewCSVReader returns a Reader of what ParseCSV reads, one row at a time:
// memory is bounded by the longest row (MaxResult), whatever the size of
// the input.
func NewCSVReader(r io.Reader, name string) *Reader {
	in := newBoundedReader(r)
	c := &csvDecoder{name: name, in: in, br: bufio.NewReader(in)}
	return &Reader{next: c.next, name: name}
}

type csvDecoder struct {
	name   string
	in     *boundedReader
	br     *bufio.Reader
	cr     *csv.Reader
	header []string
	line   int // line of the last row read
}

func (c *csvDecoder) next() (*result, error) {
	if c.cr == nil {
		if bom, err := c.br.Peek(3); err == nil && bytes.Equal(bom, []byte("\uFEFF")) {
			c.br.Discard(3)
		}
		c.cr = csv.NewReader(c.br)
		c.in.mark = c.in.total
		header, err := c.cr.Read()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, c.error(err)
		}
		if err := checkHeader(header, c.name); err != nil {
			return nil, err
		}
		c.header, c.line = header, 1
	}
	c.in.mark = c.in.total
	row, err := c.cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, c.error(err)
	}
	c.line, _ = c.cr.FieldPos(0)
	res := &result{fields: make(map[string]string, len(c.header)), where: fmt.Sprintf("%s:%d", c.name, c.line)}
	for i, f := range c.header {
		res.fields[f] = row[i]
	}
	return res, nil
}

// error locates an error of the CSV reader.
func (c *csvDecoder) error(err error) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, errTooLong):
		return tooLong(c.name, c.line+1)
	case errors.As(err, &pe):
		return fmt.Errorf("%s:%d: %v", c.name, pe.Line, pe.Err)
	}
	return fmt.Errorf("reading %s: %w", c.name, err)
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
