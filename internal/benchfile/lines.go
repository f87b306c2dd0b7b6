package benchfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/perf/benchfmt"
)

// MaxLine is the longest line of a benchfmt file, in bytes without its
// newline ('\r' included): the longest that benchfmt.Reader (a
// bufio.Scanner) can read. A longer line is an error naming its line
// number.
const MaxLine = bufio.MaxScanTokenSize - 1

// A lineReader passes its input on to benchfmt.Reader whole lines at a
// time, without a leading UTF-8 byte-order mark (which would glue itself
// to the first line and hide its result), and stops with a lineTooLong
// error at the first line longer than MaxLine, whose number it knows.
// Passing only whole lines keeps the scanner from reading the start of the
// long line as a line of its own.
type lineReader struct {
	r       *bufio.Reader
	started bool
	line    int    // 1-based number of the next line
	pending []byte // the rest of the current line, to pass on
	err     error  // to return once pending is passed on
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, MaxLine+2), line: 1}
}

type lineTooLong struct{ line int }

func (e *lineTooLong) Error() string {
	return fmt.Sprintf("line %d is longer than %d bytes", e.line, MaxLine)
}

func (lr *lineReader) Read(p []byte) (int, error) {
	if len(lr.pending) == 0 {
		if lr.err != nil {
			return 0, lr.err
		}
		if !lr.started {
			lr.started = true
			if bom, err := lr.r.Peek(3); err == nil && bytes.Equal(bom, []byte("\ufeff")) {
				lr.r.Discard(3)
			}
		}
		line, err := lr.r.ReadSlice('\n')
		switch {
		case err == bufio.ErrBufferFull || len(line) > MaxLine+1 || len(line) == MaxLine+1 && line[MaxLine] != '\n':
			lr.err = &lineTooLong{lr.line}
			return 0, lr.err
		case err != nil:
			lr.err = err
		}
		lr.line++
		lr.pending = line
	}
	n := copy(p, lr.pending)
	lr.pending = lr.pending[n:]
	return n, nil
}

// syntaxError turns the error of a benchfmt.Reader reading from lr into
// the error to report: a syntax error as benchfmt words it, a line too
// long with its own line number.
func syntaxError(err error, name string) error {
	var long *lineTooLong
	if errors.As(err, &long) {
		return fmt.Errorf("%s:%d: line longer than %d bytes (the limit of the Go benchmark format)", name, long.line, MaxLine)
	}
	var se *benchfmt.SyntaxError
	if errors.As(err, &se) {
		return se
	}
	return fmt.Errorf("reading %s: %w", name, err)
}
