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
// report, the CSV files, the charts, the benchfmt files.
// It fails only on invalid options.
func (r *Result) Files(opts ReportOptions) ([]File, error) {
	a, sel := r.a, r.a.Sel
	n := report.NewNames(sel.Option)
	lang := opts.Lang
	if lang == "" {
		lang = Chinese
	}
	if err := lang.Set(string(lang)); err != nil {
		return nil, fmt.Errorf("listing report files: %w", err)
	}
	files := []File{
		{n.Report(), func(w io.Writer) error { return report.Markdown(w, a, lang) }},
		{n.RawCSV(), func(w io.Writer) error { return report.RawCSV(w, a) }},
		{n.SummaryCSV(), func(w io.Writer) error { return report.SummaryCSV(w, a) }},
		{n.DiffCSV(), func(w io.Writer) error { return report.DiffCSV(w, a) }},
		{n.SignificanceCSV(), func(w io.Writer) error { return report.SignificanceCSV(w, a.Result) }},
	}
	seen := map[string]bool{}
	for _, s := range a.Summary {
		key := s.Model + "\x00" + s.Phase
		if seen[key] {
			continue
		}
		seen[key] = true
		model, phase := s.Model, s.Phase
		files = append(files, File{n.Comparison(model, phase), func(w io.Writer) error {
			return chart.Comparison(w, sel, model, phase, string(lang))
		}})
	}
	for _, p := range sel.Phases {
		files = append(files, File{n.Aggregate(p), func(w io.Writer) error {
			return chart.Aggregate(w, sel, p, string(lang))
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
