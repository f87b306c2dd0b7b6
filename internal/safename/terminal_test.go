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
