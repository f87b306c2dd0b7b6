package report

import (
	"strconv"
	"strings"
	"unicode"
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

// csvText guards a text cell against spreadsheet formula injection: a cell
// starting with '=', '+', '-', '@', tab or carriage return gets a leading
// apostrophe. Quoting of commas, quotes and newlines is encoding/csv's job.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
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
