package report

import (
	"bytes"
	"encoding/csv"
	"testing"
	"unicode/utf8"
)

// CSV cells from the data are valid UTF-8 without NUL or terminal escape
// sequences (they used to go in raw), and are guarded against formula
// injection; ordinary text, tabs and newlines stay as they are.
func TestCSVTextControl(t *testing.T) {
	for in, want := range map[string]string{
		"qwen2_5_0_5b":                   "qwen2_5_0_5b",
		"模型 a,b \"c\"":                   "模型 a,b \"c\"",
		"two\nlines\tand tab":            "two\nlines\tand tab",
		"a\x00b":                         `a\x00b`,
		"smol\x1b]0;pwned\x07\x1b[2Jvlm": `smol\x1b]0;pwned\x07\x1b[2Jvlm`,
		"x\xffy\xfe":                     `x\xffy\xfe`,
		"del\x7f c1\u0085":               `del\x7f c1\x85`,
		"=1+1":                           "'=1+1",
		"-7":                             "'-7",
		"\x00=1":                         `\x00=1`,
		"\uFFFD kept":                    "\uFFFD kept",
	} {
		got := csvText(in)
		if got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{got})
		w.Flush()
		if !utf8.Valid(b.Bytes()) || bytes.IndexByte(b.Bytes(), 0) >= 0 || bytes.IndexByte(b.Bytes(), 0x1b) >= 0 {
			t.Errorf("CSV of %q holds invalid UTF-8, NUL or ESC: %q", in, b.String())
		}
	}
}
