package compare

import (
	"fmt"
	"io"

	"github.com/sweepstat/sweepstat/internal/report"
)

// Write prints the comparison to w in format "text" (an aligned table in
// the manner of benchstat), "markdown" (the report's significance section,
// in lang "zh" or "en"), "csv" (the significance CSV's columns) or "json".
func (r *Result) Write(w io.Writer, format, lang string) error {
	var l report.Lang
	if err := l.Set(lang); err != nil {
		return err
	}
	switch format {
	case "text", "":
		return report.Text(w, r.a)
	case "markdown":
		return report.Significance(w, r.a, l)
	case "csv":
		return report.SignificanceCSV(w, r.a)
	case "json":
		return report.JSON(w, r.a)
	}
	return fmt.Errorf("unknown format %q (want text, markdown, csv or json)", format)
}
