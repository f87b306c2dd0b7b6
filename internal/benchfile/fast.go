package benchfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"strconv"
	"unsafe"

	"golang.org/x/perf/benchunit"
)

// fastParse is parse for the files that go test and benchmark generators
// write, read without benchfmt.Reader: lines split by one bufio.Reader
// (no copy into a scanner's buffer), result lines split into fields and
// their numbers parsed in place, only the "pkg" and "sweepstat-task"
// configuration kept. It reads nothing it is not sure to read as
// benchfmt.Reader does: at the first line that is not plain ASCII, longer
// than MaxLine, a unit metadata line, a result line with anything to
// report (a syntax error, a value that is no plain decimal number, one
// not positive and finite but 0) or a name sweepstat wrote (record reads
// those), it returns ok false and parse reads the file again with
// benchfmt. The entries it returns are those parse returns.
func fastParse(path, label string) (p *parsed, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	p = &parsed{path: path, label: label, index: map[string]int32{}, last: -1, better: map[string]int8{}}
	units := map[string]string{}
	var (
		key       []byte
		pkg, task string
		lastName  []byte
		lastPkg   string
		lastUnits []string
		lastIdx   []int32
		vals      []float64
		vunits    []string
		lastRaw   []rawUnit // by position on the line
	)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull || len(line) > MaxLine+1 || len(line) == MaxLine+1 && line[MaxLine] != '\n' {
			return nil, false
		}
		if err != nil && err != io.EOF {
			return nil, false
		}
		if err == io.EOF && len(line) == 0 {
			break
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r")) // bufio.ScanLines' dropCR
		if !ascii(line) {
			return nil, false // Unicode: benchfmt's own classes of letters and spaces
		}
		switch {
		case bytes.HasPrefix(line, []byte("Benchmark")):
			rest := line[len("Benchmark"):]
			name, rest := asciiField(rest)
			if len(rest) == 0 && len(name) == len(line)-len("Benchmark") {
				break // no fields: not a result (benchfmt's errSkip)
			}
			iters, rest := asciiField(rest)
			if len(iters) == 0 || len(iters) >= 19 || !allDigits(iters) {
				return nil, false
			}
			vals, vunits = vals[:0], vunits[:0]
			for {
				var fv, fu []byte
				fv, rest = asciiField(rest)
				if len(fv) == 0 {
					if len(vals) == 0 {
						return nil, false // missing measurements
					}
					break
				}
				v, ok := plainFloat(fv)
				if !ok {
					return nil, false
				}
				fu, rest = asciiField(rest)
				if len(fu) == 0 {
					return nil, false // missing units
				}
				// The unit as benchfmt tidies it, looked up once per change
				// of a position's unit.
				j := len(vals)
				for len(lastRaw) <= j {
					lastRaw = append(lastRaw, rawUnit{})
				}
				ru := &lastRaw[j]
				if !ru.valid || !bytes.Equal(fu, ru.raw) {
					unit, seen := units[string(fu)]
					if !seen {
						unit = string(fu)
						units[unit] = unit
					}
					_, tu := benchunit.Tidy(1, unit)
					*ru = rawUnit{raw: append(ru.raw[:0], fu...), unit: unit, tidy: tu, valid: true}
				}
				unit := ru.unit
				tv, tu := benchunit.Tidy(v, unit)
				if tu != ru.tidy {
					return nil, false // a unit tidied by its value: not seen in benchunit, but not assumed
				}
				if tv != v {
					unit = tu
				}
				if !(tv >= 0) || tv > maxFinite {
					return nil, false // negative, NaN or infinite: checkValue's error
				}
				vals, vunits = append(vals, tv), append(vunits, unit)
			}
			if pkg != lastPkg || !bytes.Equal(name, lastName) {
				lastName, lastPkg = append(lastName[:0], name...), pkg
				for j := range lastIdx {
					lastIdx[j] = -1
				}
			}
			for len(lastIdx) < len(vals) {
				lastIdx, lastUnits = append(lastIdx, -1), append(lastUnits, "")
			}
			for j, v := range vals {
				if v == 0 {
					continue // 0 allocs/op and the like
				}
				e := lastIdx[j]
				if e < 0 || lastUnits[j] != vunits[j] {
					key = append(append(append(append(append(key[:0], name...), 0), vunits[j]...), 0), pkg...)
					var ok bool
					if e, ok = p.index[string(key)]; !ok {
						if maybeWritten(name) {
							return nil, false
						}
						k := string(key)
						e = p.entries.add(entry{name: k[:len(name)], unit: vunits[j], pkg: pkg, task: task, line: lineNo, first: v})
						p.index[k] = e
					}
					lastIdx[j], lastUnits[j] = e, vunits[j]
				}
				p.add(e, v)
			}
		case len(line) > 0 && line[0] == 'U':
			if f, _ := asciiField(line); string(f) == "Unit" {
				return nil, false // unit metadata: benchfmt's
			}
			fallthrough
		default:
			k, v, ok := keyValue(line)
			if !ok {
				break
			}
			switch string(k) {
			case "pkg":
				if string(v) != pkg {
					pkg = string(v)
				}
			case "sweepstat-task":
				if string(v) != task {
					task = string(v)
				}
			}
		}
		if err == io.EOF {
			break
		}
	}
	return p, true
}

const maxFinite = 1.7976931348623157e308

// A rawUnit is a unit as a result line wrote it, interned, and its tidy
// name (benchunit.Tidy).
type rawUnit struct {
	raw        []byte
	unit, tidy string
	valid      bool
}

// ascii reports whether line is plain ASCII, eight bytes at a time.
func ascii(line []byte) bool {
	for len(line) >= 8 {
		if binary.LittleEndian.Uint64(line)&0x8080808080808080 != 0 {
			return false
		}
		line = line[8:]
	}
	for _, c := range line {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// pow10 are the powers of ten that float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// exactDecimal returns the value of digits with a point (at most one, no
// exponent) when the digits make an integer below 2⁵³ and the fraction has
// at most 22 digits: the integer and the power of ten are exact, so their
// quotient is the correctly rounded value, ParseFloat's (its own exact
// path). ok is false otherwise.
func exactDecimal(b []byte) (float64, bool) {
	var m uint64
	frac, point := 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			if m >= 1<<53 {
				return 0, false
			}
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, false
		}
	}
	if frac >= len(pow10) {
		return 0, false
	}
	return float64(m) / pow10[frac], true
}

// asciiField is benchfmt's splitField on an ASCII line.
func asciiField(x []byte) (field, rest []byte) {
	i := 0
	for i < len(x) && !asciiSpace(x[i]) {
		i++
	}
	field = x[:i]
	if i < len(x) {
		rest = x[i+1:]
	}
	for len(rest) > 0 && asciiSpace(rest[0]) {
		rest = rest[1:]
	}
	return field, rest
}

func asciiSpace(c byte) bool {
	const isSpace uint64 = 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r' | 1<<' '
	return c < 64 && (isSpace>>c)&1 != 0
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// plainFloat parses a measurement as benchfmt's atof does, for the plain
// decimal numbers only (digits, a point, an exponent: no sign, no
// underscore, no hexadecimal, no Inf or NaN), whose value every correctly
// rounding parser agrees on; ok is false for anything else or a value out
// of range.
func plainFloat(b []byte) (float64, bool) {
	i, digits := 0, 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i == len(b) && digits < 18 { // benchfmt's integer fast path, exactly
		var v int64
		for _, c := range b {
			v = v*10 + int64(c-'0')
		}
		return float64(v), digits > 0
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		exp := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(b) {
		return 0, false
	}
	if v, ok := exactDecimal(b); ok {
		return v, true
	}
	v, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	return v, err == nil
}

// keyValue is benchfmt's parseKeyValueLine on an ASCII line: a key of a
// lower-case letter then anything but spaces and upper-case letters, a
// colon, and nothing or spaces or tabs before the value.
func keyValue(line []byte) (key, val []byte, ok bool) {
	if len(line) == 0 || line[0] < 'a' || line[0] > 'z' {
		return nil, nil, false
	}
	i := 1
	for ; i < len(line) && line[i] != ':'; i++ {
		if c := line[i]; asciiSpace(c) || c >= 'A' && c <= 'Z' {
			return nil, nil, false
		}
	}
	if i == len(line) {
		return nil, nil, false
	}
	key, val = line[:i], line[i+1:]
	if len(val) == 0 {
		return key, val, true
	}
	for len(val) > 0 && (val[0] == ' ' || val[0] == '\t') {
		val, ok = val[1:], true
	}
	return key, val, ok
}
