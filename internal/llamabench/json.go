package llamabench

import (
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
// identifies the input in Where and in errors. The caller owns the returned
// records.
func ParseJSON(r io.Reader, name string) ([]sweep.Record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	results, err := decodeJSON(data, name)
	if err != nil {
		return nil, err
	}
	return records(name, results)
}

// decodeJSON splits data into results: top-level objects, and the objects
// of top-level arrays.
func decodeJSON(data []byte, name string) ([]result, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark
	lines := lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []result
	for {
		start := skipJSONSpace(data, int(dec.InputOffset()))
		if start == len(data) {
			return out, nil
		}
		switch data[start] {
		case '{':
			res, err := decodeResult(dec, data, start, name, &lines)
			if err != nil {
				return nil, err
			}
			out = append(out, res)
		case '[':
			if _, err := dec.Token(); err != nil {
				return nil, jsonError(err, name, start, &lines)
			}
			for dec.More() {
				elem := skipJSONSpace(data, int(dec.InputOffset()))
				if elem == len(data) { // More says yes after a final ','
					return nil, jsonError(io.ErrUnexpectedEOF, name, start, &lines)
				}
				res, err := decodeResult(dec, data, elem, name, &lines)
				if err != nil {
					return nil, err
				}
				out = append(out, res)
			}
			if _, err := dec.Token(); err != nil { // the closing ']'
				return nil, jsonError(err, name, start, &lines)
			}
		default:
			return nil, fmt.Errorf("%s:%d: not llama-bench JSON: expected an object or an array", name, lines.at(start))
		}
	}
}

// decodeResult decodes the object that starts at data[start].
func decodeResult(dec *json.Decoder, data []byte, start int, name string, lines *lineCounter) (result, error) {
	where := fmt.Sprintf("%s:%d", name, lines.at(start))
	if data[start] != '{' {
		// Decode would skip a value of the wrong type and go on.
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return result{}, jsonError(err, name, start, lines)
		}
		return result{}, fmt.Errorf("%s: llama-bench result is not a JSON object", where)
	}
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return result{}, jsonError(err, name, start, lines)
	}
	res := result{fields: make(map[string]string, len(obj)), where: where}
	for k, v := range obj {
		if k == fieldSamplesNS {
			ns, err := durations(v)
			if err != nil {
				return result{}, fmt.Errorf("%s: field %s: %v", where, k, err)
			}
			res.samplesNS = ns
			continue
		}
		res.fields[k] = jsonText(v)
	}
	return res, nil
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

// jsonError locates a decoding error: a syntax error at its own line, an
// input that ends too soon at the line of the value it cuts off (start).
func jsonError(err error, name string, start int, lines *lineCounter) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%s:%d: input ends inside the JSON value that starts here (file cut short?)", name, lines.at(start))
	case errors.As(err, &syn):
		return fmt.Errorf("%s:%d: invalid JSON: %v", name, lines.at(int(syn.Offset)), err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("%s:%d: llama-bench result is not a JSON object", name, lines.at(start))
	}
	return fmt.Errorf("%s:%d: %v", name, lines.at(start), err)
}

// skipJSONSpace returns the offset of the first byte at or after off that is
// neither JSON white space nor a comma between values.
func skipJSONSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// A lineCounter turns byte offsets into 1-based line numbers, counting
// incrementally for offsets that grow.
type lineCounter struct {
	data []byte
	off  int // data[:off] holds line-1 newlines
	line int // 0 means 1
}

func (c *lineCounter) at(off int) int {
	off = min(max(off, 0), len(c.data))
	if off < c.off {
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line + 1
}
