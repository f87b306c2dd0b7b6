package safename

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
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

// Width is the number of terminal columns s takes: two for an East Asian
// Wide or Fullwidth character, one for any other.
func Width(s string) int {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is the number of terminal columns r takes.
func runeWidth(r rune) int {
	if r >= 0x1100 {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			return 2
		}
	}
	return 1
}

// CutWidth returns s cut to at most cols terminal columns, its last one
// an ellipsis when anything was cut (cols < 1: "").
func CutWidth(s string, cols int) string {
	if Width(s) <= cols {
		return s
	}
	if cols < 1 {
		return ""
	}
	n := 0
	for i, r := range s {
		if n+runeWidth(r) > cols-1 { // a column for the ellipsis
			return s[:i] + "…"
		}
		n += runeWidth(r)
	}
	return s
}
