package safename

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terminal returns free text with every character that is not printable
// (but the space: control characters, terminal escape sequences,
// bidirectional overrides) and every byte that is not UTF-8 escaped as in
// a Go string, without quotes: what may be printed on a terminal.
func Terminal(s string) string {
	if Printable(strings.ReplaceAll(s, " ", "x")) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// Printable reports whether every character of s is printable (the space
// is not) and s is UTF-8.
func Printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
