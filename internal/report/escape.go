package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// mdCell escapes text from the data for a Markdown table cell or a list item:
// newlines become spaces, and characters that Markdown would read as markup
// or as a cell boundary are backslash-escaped. An underscore is escaped only
// where it could start or end emphasis (not between letters or digits), so
// that names like qwen2_5_0_5b stay readable in the source.
func mdCell(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r):
			b.WriteString(strconv.QuoteRune(r))
		case strings.ContainsRune("\\|*`[]<>#!~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '_':
			inner := i > 0 && i < len(rs)-1 && isAlnum(rs[i-1]) && isAlnum(rs[i+1])
			if !inner {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// csvText makes a text cell from the data safe in a CSV file: control
// characters other than tab, newline and carriage return (NUL, escape
// sequences, DEL, the C1 range) and bytes that are not UTF-8 are written
// as Go escapes (\x00, \x1b, \xff), so that the file is valid UTF-8 text;
// then a cell starting with '=', '+', '-', '@', tab or carriage return gets
// a leading apostrophe against spreadsheet formula injection. Quoting of
// commas, quotes and newlines is encoding/csv's job.
func csvText(s string) string {
	s = escapeControl(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// escapeControl writes control characters but tab, newline and carriage
// return, and bytes that are not UTF-8, as Go escapes.
func escapeControl(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r < 0xa0 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r < 0xa0:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// csvNum prints a number at full precision (shortest representation that
// reads back to the same float64).
func csvNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// csvOptNum is csvNum, with NaN (an undefined statistic) as an empty cell.
func csvOptNum(f float64) string {
	if f != f {
		return ""
	}
	return csvNum(f)
}
