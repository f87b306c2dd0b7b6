package mnndb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseParams decodes base_parameters JSON into knob strings: numbers keep
// their text, strings are unquoted, other values are compact JSON.
//
// The object mnn_anal writes is flat — names and values without escapes,
// numbers, true, false, null — and parseFlat reads it in one pass; anything
// else (escapes, nested values, text that is no such object) is decoded by
// encoding/json, whose result and errors are what parseFlat's would be
// (FuzzParseParams compares them).
func parseParams(text string) (map[string]string, error) {
	if m, ok := parseFlat(text); ok {
		return m, nil
	}
	return parseParamsJSON(text)
}

// parseParamsJSON is parseParams by encoding/json.
func parseParamsJSON(text string) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	if m == nil {
		return nil, fmt.Errorf("not a JSON object: %s", text)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("not a JSON object: text after the object")
	}
	knobs := make(map[string]string, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			knobs[k] = ""
		case string:
			knobs[k] = v
		case json.Number:
			knobs[k] = v.String()
		case bool:
			knobs[k] = strconv.FormatBool(v)
		default:
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.Encode(v)
			knobs[k] = strings.TrimSuffix(b.String(), "\n")
		}
	}
	return knobs, nil
}

// parseFlat parses a JSON object whose names and values are strings
// without escapes or control characters (valid UTF-8), numbers, true,
// false or null, surrounded by JSON white space, as parseParamsJSON does.
// ok is false for anything else, which parseParamsJSON must read. Values
// are substrings of text.
func parseFlat(text string) (m map[string]string, ok bool) {
	i := skipSpace(text, 0)
	if i == len(text) || text[i] != '{' {
		return nil, false
	}
	// Count the members for the map's size: a comma more than the members
	// at most (commas in strings make it an overestimate).
	m = make(map[string]string, strings.Count(text, ",")+1+3) // and room for the backend, threads and precision columns
	i = skipSpace(text, i+1)
	if i < len(text) && text[i] == '}' {
		return m, skipSpace(text, i+1) == len(text)
	}
	for {
		k, j, ok := flatString(text, i)
		if !ok {
			return nil, false
		}
		i = skipSpace(text, j)
		if i == len(text) || text[i] != ':' {
			return nil, false
		}
		i = skipSpace(text, i+1)
		if i == len(text) {
			return nil, false
		}
		var v string
		switch c := text[i]; {
		case c == '"':
			if v, j, ok = flatString(text, i); !ok {
				return nil, false
			}
		case c == '-' || c >= '0' && c <= '9':
			if j = flatNumber(text, i); j < 0 {
				return nil, false
			}
			v = text[i:j]
		case strings.HasPrefix(text[i:], "true"):
			v, j = "true", i+4
		case strings.HasPrefix(text[i:], "false"):
			v, j = "false", i+5
		case strings.HasPrefix(text[i:], "null"):
			v, j = "", i+4
		default:
			return nil, false
		}
		m[k] = v
		i = skipSpace(text, j)
		if i == len(text) {
			return nil, false
		}
		switch text[i] {
		case ',':
			i = skipSpace(text, i+1)
		case '}':
			return m, skipSpace(text, i+1) == len(text)
		default:
			return nil, false
		}
	}
}

// skipSpace returns the index of the first byte at or after i that is no
// JSON white space.
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// flatString reads the string that starts with the quote at s[i]: its
// content and the index after its closing quote; ok is false for a string
// with an escape, a control character or invalid UTF-8, or no string.
func flatString(s string, i int) (v string, end int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	ascii := true
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			v = s[i+1 : j]
			if !ascii && !utf8.ValidString(v) {
				return "", 0, false
			}
			return v, j + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		case c >= 0x80:
			ascii = false
		}
	}
	return "", 0, false
}

// flatNumber returns the index after the JSON number that starts at s[i],
// or -1 when none does: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func flatNumber(s string, i int) int {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = digits(s, i)
	default:
		return -1
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
