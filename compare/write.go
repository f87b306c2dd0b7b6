package compare

import (
	"fmt"
	"io"

	"github.com/sweepstat/sweepstat/internal/report"
)

// Write prints the comparison to w in format f: FormatText (an aligned
// table in the manner of benchstat), FormatMarkdown (the report's
// significance section, in lang), FormatCSV (the significance CSV's
// columns) or FormatJSON (the Comparison). Design findings come first in
// every format but CSV (whose rows carry them in the design column).
func (r *Result) Write(w io.Writer, f Format, lang Lang) error {
	switch f {
	case FormatText:
		return report.Text(w, r.a.Result, lang)
	case FormatMarkdown:
		return report.Significance(w, r.a, lang)
	case FormatCSV:
		return report.SignificanceCSV(w, r.a.Result)
	case FormatJSON:
		return report.JSON(w, r.a.Result)
	}
	return fmt.Errorf("writing comparison: unknown format %v", f)
}

// WriteCheck prints the gate's decision to w: FormatText (design findings,
// the verdict line, the regressions, a summary), FormatMarkdown (for a CI
// job summary: the same, then the whole comparison folded, in lang) or
// FormatJSON (the Comparison, as Write prints it: one schema for both).
func (r *Result) WriteCheck(w io.Writer, f Format, lang Lang) error {
	switch f {
	case FormatText:
		return report.CheckText(w, r.a.Result, lang)
	case FormatMarkdown:
		return report.CheckMarkdown(w, r.a, lang)
	case FormatJSON:
		return report.JSON(w, r.a.Result)
	}
	return fmt.Errorf("writing check: format %v: want text, markdown or json", f)
}
