package compare

import (
	"fmt"
	"io"

	"github.com/sweepstat/sweepstat/internal/benchconv"
	"github.com/sweepstat/sweepstat/internal/chart"
	"github.com/sweepstat/sweepstat/internal/report"
)

// ReportOptions configure the files of a report. The zero value writes the
// Chinese report.
type ReportOptions struct {
	Lang Lang // Chinese (the zero value) or English
}

// Files lists every file of the report of r, in a fixed order: the Markdown
// report, the CSV files, the charts (the change chart of each phase, the
// run order when records have run times, the comparison of each model and
// phase measured for two or more values, the aggregate of each phase, the
// scaling view), the benchfmt files.
// It fails on invalid options and on a Result of RunComparison.
func (r *Result) Files(opts ReportOptions) ([]File, error) {
	if r.printOnly {
		return nil, fmt.Errorf("listing report files: the result of RunComparison has no report data: use Run")
	}
	a, sel := r.a, r.a.Sel
	n := report.NewNames(sel.Option)
	lang := opts.Lang
	if lang == "" {
		lang = Chinese
	}
	if err := lang.Set(string(lang)); err != nil {
		return nil, fmt.Errorf("listing report files: %w", err)
	}
	charts := chart.NewSet(sel, a.Result)
	files := []File{
		{n.Report(), func(w io.Writer) error { return report.Markdown(w, a, lang, charts) }},
		{n.RawCSV(), func(w io.Writer) error { return report.RawCSV(w, a) }},
		{n.SummaryCSV(), func(w io.Writer) error { return report.SummaryCSV(w, a) }},
		{n.DiffCSV(), func(w io.Writer) error { return report.DiffCSV(w, a) }},
		{n.SignificanceCSV(), func(w io.Writer) error { return report.SignificanceCSV(w, a.Result) }},
	}
	for _, p := range sel.Phases {
		if charts.HasChange(p) {
			files = append(files, File{n.Change(p), func(w io.Writer) error {
				return charts.Change(w, p, string(lang))
			}})
		}
	}
	if charts.HasRunOrder() {
		files = append(files, File{n.RunOrder(), func(w io.Writer) error {
			return charts.RunOrder(w, string(lang))
		}})
	}
	seen := map[string]bool{}
	for _, s := range a.Summary {
		key := s.Model + "\x00" + s.Phase
		if seen[key] || !charts.Comparable(s.Model, s.Phase) { // one option value: nothing to compare
			continue
		}
		seen[key] = true
		model, phase := s.Model, s.Phase
		files = append(files, File{n.Comparison(model, phase), func(w io.Writer) error {
			return charts.Comparison(w, model, phase, string(lang))
		}})
	}
	for _, p := range sel.Phases {
		files = append(files, File{n.Aggregate(p), func(w io.Writer) error {
			return charts.Aggregate(w, p, string(lang))
		}})
	}
	if report.HasScaling(a) {
		files = append(files, File{n.Scaling(), func(w io.Writer) error {
			return chart.Scaling(w, a.Result, sel.Phases, string(lang))
		}})
	}
	for _, v := range sel.Values() {
		files = append(files, File{n.Bench(v), func(w io.Writer) error { return benchconv.Write(w, a, v) }})
	}
	return files, nil
}
