package safename

import (
	"testing"
	"unicode"
)

func TestTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"llm_bench -m 'a b' -t 1":    "llm_bench -m 'a b' -t 1",
		"模型 ü é…":                    "模型 ü é…",
		"red \x1b[31mX\x1b[0m":       `red \x1b[31mX\x1b[0m`,
		"bell\a tab\t nl\n cr\r":     `bell\a tab\t nl\n cr\r`,
		"bidi \u202eevil":            `bidi \u202eevil`,
		"bad \xff byte, real \uFFFD": `bad \xff byte, real ` + "\uFFFD",
		"osc \x1b]0;title\x07":       `osc \x1b]0;title\a`,
		"c1 \u009b31m":               `c1 \u009b31m`,
	} {
		got := Terminal(in)
		if got != want {
			t.Errorf("Terminal(%q) = %q, want %q", in, got, want)
		}
		for _, r := range got {
			if r != ' ' && !unicode.IsPrint(r) {
				t.Errorf("Terminal(%q) = %q holds %U", in, got, r)
			}
		}
	}
}

func TestWidth(t *testing.T) {
	for _, c := range []struct {
		s         string
		cols, cut int
		want      string
	}{
		{"abc", 3, 3, "abc"},
		{"abcdef", 6, 4, "abc…"},
		{"模型ab", 6, 6, "模型ab"},
		{"模型ab", 6, 5, "模型…"},
		{"模型ab", 6, 4, "模…"}, // 模 and the ellipsis: 3; 模型 would be 4 with no room for it
		{"模型ab", 6, 1, "…"},
		{"模型ab", 6, 0, ""},
		{"é…", 2, 2, "é…"},
	} {
		if w := Width(c.s); w != c.cols {
			t.Errorf("Width(%q) = %d, want %d", c.s, w, c.cols)
		}
		got := CutWidth(c.s, c.cut)
		if got != c.want || Width(got) > max(c.cut, 0) {
			t.Errorf("CutWidth(%q, %d) = %q, want %q", c.s, c.cut, got, c.want)
		}
	}
}
