package report

import (
	"strings"

	"github.com/sweepstat/sweepstat/internal/safename"
)

// Names are the file names of a report directory for one compared option.
type Names struct {
	opt string // the option's name, lower case, file-safe
}

// NewNames returns the names for option (e.g. "dynamicOption" → "dynamicoption").
func NewNames(option string) Names { return Names{opt: safename.File(strings.ToLower(option))} }

// Opt returns the file-safe lower-case option name.
func (n Names) Opt() string { return n.opt }

// Report is the Markdown report.
func (n Names) Report() string { return n.opt + "_report.md" }

// RawCSV, SummaryCSV and DiffCSV are the seed's three CSV files.
func (n Names) RawCSV() string     { return n.opt + "_raw_data.csv" }
func (n Names) SummaryCSV() string { return n.opt + "_summary.csv" }
func (n Names) DiffCSV() string    { return n.opt + "_difference.csv" }

// SignificanceCSV is the per-benchmark comparison.
func (n Names) SignificanceCSV() string { return n.opt + "_significance.csv" }

// Comparison is the chart of one model and phase.
func (n Names) Comparison(model, phase string) string {
	return safename.File(model) + "_" + safename.File(phase) + "_" + n.opt + "_comparison.png"
}

// Change is the change chart of one phase: every benchmark's change with
// its interval, per model.
func (n Names) Change(phase string) string {
	return safename.File(phase) + "_change_" + n.opt + ".png"
}

// RunOrder is the chart of speed against run time.
func (n Names) RunOrder() string { return n.opt + "_run_order.png" }

// Aggregate is the chart of one phase over all models.
func (n Names) Aggregate(phase string) string {
	return safename.File(phase) + "_aggregate_" + n.opt + ".png"
}

// Scaling is the scaling chart of a numeric option with several new values.
func (n Names) Scaling() string { return n.opt + "_scaling.png" }

// Bench is the benchfmt file of one option value, in the bench/ folder. Its
// name has no '=', which benchstat's command line reads as label=path.
func (n Names) Bench(value string) string {
	return "bench/" + n.opt + "_" + safename.File(value) + ".txt"
}
