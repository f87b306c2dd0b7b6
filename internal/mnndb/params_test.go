package mnndb

import (
	"maps"
	"testing"
)

// paramSeeds are base_parameters texts the flat parser reads and texts it
// leaves to encoding/json.
var paramSeeds = []string{
	`{"threads": 1, "precision": 2, "kv_cache": "false", "mmap": "0", "dynamicOption": 0, "vp": 0, "n_prompt": 96, "n_gen": 32}`,
	`{}`, ` { } `, "\t{\"a\":1}\r\n", `{"a": -0.5e+3, "b": 1E9, "c": true, "d": false, "e": null, "f": ""}`,
	`{"a": 1, "a": 2}`, `{"名前": "値"}`, `{"": 0}`,
	// encoding/json's: escapes, nesting, bad text.
	`{"a\"b": 1}`, `{"a": "\u00e9"}`, `{"o": {"b": [1, 2.0], "a": 1}}`, `{"a": [1, 2]}`,
	``, ` `, `null`, `[7, 8]`, `{"a": 1} x`, `{"a": 1}{}`, `{"dyn`, `{"a": 01}`, `{"a": 1.}`, `{"a": .5}`,
	`{"a": -}`, `{"a": 1e}`, `{"a": +1}`, `{"a": tru}`, `{"a": truex}`, `{"a": nul}`, `{"a" 1}`, `{"a": 1,}`,
	`{,}`, `{"a": 1 "b": 2}`, "{\"a\": \"\x01\"}", "{\"a\": \"\xff\"}", "{\"\xc3\": 1}", `{a: 1}`, `{"a": NaN}`,
	`{"a": 1}}`, `{"a": "x"`, `{"a"`, `{`, `}`, "{\"a\":1}\x00", `{"a": 1.5E-07}`, `"text"`, `12`,
}

// FuzzParseParams checks that the flat parser reads what encoding/json
// reads, and leaves to it everything else.
func FuzzParseParams(f *testing.F) {
	for _, s := range paramSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		want, werr := parseParamsJSON(text)
		got, gerr := parseParams(text)
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Fatalf("parseParams(%q) error = %v, encoding/json's %v", text, gerr, werr)
		}
		if !maps.Equal(got, want) {
			t.Fatalf("parseParams(%q) = %q, encoding/json's %q", text, got, want)
		}
		if flat, ok := parseFlat(text); ok && !maps.Equal(flat, want) {
			t.Fatalf("parseFlat(%q) = %q, encoding/json's %q", text, flat, want)
		}
	})
}

func TestParseFlatReadsMNNParams(t *testing.T) {
	for _, s := range paramSeeds[:8] {
		if _, ok := parseFlat(s); !ok {
			t.Errorf("parseFlat(%q) left it to encoding/json", s)
		}
	}
}

func BenchmarkParseParams(b *testing.B) {
	text := paramSeeds[0]
	b.Run("flat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := parseFlat(text); !ok {
				b.Fatal("not flat")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseParamsJSON(text); err != nil {
				b.Fatal(err)
			}
		}
	})
}
