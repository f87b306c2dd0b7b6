package llamabench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// ParseJSON reads the output of llama-bench -o json (an array of result
// objects) or -o jsonl (one object per line) from r; it tells them apart by
// content, and also reads several such outputs appended to one file. name
// identifies the input in Where and in errors. Names longer than
// safename.MaxName are shortened. The caller owns the returned records.
func ParseJSON(r io.Reader, name string) ([]sweep.Record, error) {
	return collect(NewJSONReader(r, name))
}

// NewJSONReader returns a Reader of what ParseJSON reads, one result object
// at a time: memory is bounded by the largest object (MaxResult), whatever
// the size of the input.
func NewJSONReader(r io.Reader, name string) *Reader {
	in := newBoundedReader(r)
	d := &jsonDecoder{name: name, in: in, src: &pushback{r: bufio.NewReader(in)}}
	return &Reader{next: d.next, name: name}
}

// A jsonDecoder splits its input into results: top-level objects, and the
// objects of top-level arrays. It decodes each object with a json.Decoder
// of its own and puts back what that decoder read beyond the object.
type jsonDecoder struct {
	name    string
	in      *boundedReader
	src     *pushback
	pos     int64 // offset of src's next byte in the input
	started bool
	inArray bool
	arrLine int // line of the '[' of the array being read
}

// A pushback is a reader with bytes put back in front of it.
type pushback struct {
	buf []byte
	r   *bufio.Reader
}

func (p *pushback) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}

func (p *pushback) ReadByte() (byte, error) {
	if len(p.buf) > 0 {
		c := p.buf[0]
		p.buf = p.buf[1:]
		return c, nil
	}
	return p.r.ReadByte()
}

// unread puts b back in front of p (b is copied).
func (p *pushback) unread(b []byte) {
	p.buf = append(append(make([]byte, 0, len(b)+len(p.buf)), b...), p.buf...)
}

// next returns the next result, nil at the end of the input.
func (d *jsonDecoder) next() (*result, error) {
	for {
		c, err := d.skip()
		if err == io.EOF {
			if d.inArray {
				return nil, jsonError(io.ErrUnexpectedEOF, d, d.arrLine, 0)
			}
			return nil, nil
		}
		if err != nil {
			return nil, jsonError(err, d, d.in.lineAt(d.pos), 0)
		}
		switch {
		case c == '[' && !d.inArray:
			d.arrLine = d.in.lineAt(d.pos)
			d.src.ReadByte()
			d.pos++
			d.inArray = true
		case c == ']' && d.inArray:
			d.src.ReadByte()
			d.pos++
			d.inArray = false
		case c == '{' || d.inArray:
			return d.decodeResult()
		default:
			return nil, fmt.Errorf("%s:%d: not llama-bench JSON: expected an object or an array", d.name, d.in.lineAt(d.pos))
		}
	}
}

// skip consumes JSON white space and commas between values (and a leading
// byte order mark) and returns the next byte, left unread.
func (d *jsonDecoder) skip() (byte, error) {
	if !d.started {
		d.started = true
		if bom, err := d.src.r.Peek(3); err == nil && bytes.Equal(bom, []byte("\uFEFF")) {
			d.src.r.Discard(3)
			d.pos = 3
		}
	}
	for {
		d.in.mark = d.in.total // what is read from here on belongs to the next result
		c, err := d.src.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n', ',':
			d.pos++
			continue
		}
		d.src.unread([]byte{c})
		return c, nil
	}
}

// decodeResult decodes the value that starts at d.pos, a result object.
func (d *jsonDecoder) decodeResult() (*result, error) {
	start := d.pos
	line := d.in.lineAt(start)
	where := fmt.Sprintf("%s:%d", d.name, line)
	c, _ := d.src.ReadByte()
	d.src.unread([]byte{c})
	dec := json.NewDecoder(d.src)
	dec.UseNumber()
	var obj map[string]any
	var err error
	if c != '{' {
		var skip json.RawMessage // Decode would skip a value of the wrong type and go on
		if err = dec.Decode(&skip); err == nil {
			return nil, fmt.Errorf("%s: llama-bench result is not a JSON object", where)
		}
	} else {
		err = dec.Decode(&obj)
	}
	if err != nil {
		return nil, jsonError(err, d, line, start)
	}
	d.src.unread(readAll(dec.Buffered()))
	d.pos = start + dec.InputOffset()
	res := &result{fields: make(map[string]string, len(obj)), where: where}
	for k, v := range obj {
		if k == fieldSamplesNS {
			ns, err := durations(v)
			if err != nil {
				return nil, fmt.Errorf("%s: field %s: %v", where, k, err)
			}
			res.samplesNS = ns
			continue
		}
		res.fields[k] = jsonText(v)
	}
	return res, nil
}

func readAll(r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	return b
}

// durations reads samples_ns: an array of numbers. An empty array or null
// is no samples (nil).
func durations(v any) ([]float64, error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, errors.New("not an array")
	}
	if len(arr) == 0 {
		return nil, nil
	}
	ns := make([]float64, len(arr))
	for i, x := range arr {
		n, ok := x.(json.Number)
		if !ok {
			return nil, fmt.Errorf("element %d is not a number", i)
		}
		f, err := strconv.ParseFloat(n.String(), 64)
		if err != nil {
			return nil, fmt.Errorf("element %d: %q is out of range", i, n.String())
		}
		ns[i] = f
	}
	return ns, nil
}

// jsonText renders a decoded JSON value as knob text: strings unquoted,
// numbers as written, true/false as 1/0 (as llama-bench's CSV and SQL write
// them), null as "", arrays and objects as compact JSON.
func jsonText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "1"
		}
		return "0"
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // values from the decoder always encode
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonError locates a decoding error of the value that starts at offset
// start, on line line: an input that ends too soon, or a result too long,
// at that line; a syntax error at its own line, and at the value's line
// too when they differ (a JSONL line cut short shows its error on the
// next line).
func jsonError(err error, d *jsonDecoder, line int, start int64) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, errTooLong):
		return tooLong(d.name, line)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%s:%d: input ends inside the JSON value that starts here (file cut short?)", d.name, line)
	case errors.As(err, &syn):
		at := d.in.lineAt(start + syn.Offset - 1)
		if at != line {
			return fmt.Errorf("%s:%d: invalid JSON in the value that starts on this line (line cut short?): at line %d: %v", d.name, line, at, err)
		}
		return fmt.Errorf("%s:%d: invalid JSON: %v", d.name, line, err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("%s:%d: llama-bench result is not a JSON object", d.name, line)
	}
	return fmt.Errorf("%s:%d: %v", d.name, line, err)
}
