package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/chart"
)

// Charts says which charts a report has; *chart.Set answers.
type Charts interface {
	HasChange(phase string) bool
	HasRunOrder() bool
	Comparable(model, phase string) bool
}

// Markdown writes the report of a in language lang to w. Image links and
// file links use the names of Names, for the charts that charts says exist
// (nil: chart.NewSet's answer); the caller writes those files beside it.
func Markdown(w io.Writer, a *analysis.Analysis, lang Lang, charts Charts) error {
	bw := bufio.NewWriter(w)
	m := newMD(bw, a, lang)
	if charts == nil {
		charts = chart.NewSet(a.Sel, a.Result)
	}
	m.has = charts
	m.header()
	m.conclusion(lang.sig())
	m.overview()
	m.counts()
	m.performance()
	m.differences(lang.sig())
	m.scaling(lang.sig())
	m.significance(lang.sig())
	m.charts()
	m.files()
	return bw.Flush()
}

type mdWriter struct {
	w    *bufio.Writer
	t    *text
	lang Lang
	a    *analysis.Analysis
	n    Names
	opt  string // escaped option name
	has  Charts // the charts beside the report (nil: none)
}

func newMD(w *bufio.Writer, a *analysis.Analysis, lang Lang) *mdWriter {
	if lang == "" {
		lang = Chinese
	}
	return &mdWriter{w: w, t: lang.text(), lang: lang, a: a, n: NewNames(a.Sel.Option), opt: mdCell(a.Sel.Option)}
}

func (m *mdWriter) line(format string, args ...any) {
	fmt.Fprintf(m.w, format, args...)
	m.w.WriteByte('\n')
}

// table writes a header (cells separated by '|') and rows; every row must
// have as many cells as the header.
func (m *mdWriter) table(header string, rows [][]string) {
	cols := strings.Split(header, "|")
	m.line("| %s |", strings.Join(cols, " | "))
	m.line("|%s", strings.Repeat("---|", len(cols)))
	for _, r := range rows {
		if len(r) != len(cols) {
			panic(fmt.Sprintf("report: row of %d cells under a header of %d", len(r), len(cols)))
		}
		m.line("| %s |", strings.Join(r, " | "))
	}
	m.line("")
}

func (m *mdWriter) header() {
	t, a := m.t, m.a
	m.line(t.title, m.opt)
	m.line("%s  ", fmt.Sprintf(t.source, mdCell(a.Source)))
	m.line(t.task, mdCell(a.Sel.Task.Label()))
	m.line("")
	if a.Synthetic {
		m.line("%s", t.synthetic)
		m.line("")
	}
}

func (m *mdWriter) overview() {
	t, a, sel := m.t, m.a, m.a.Sel
	m.line("%s", t.overview)
	m.line("- %s: %d", t.total, len(sel.Records))
	m.line("- %s: %s", t.models, joinCells(sel.Models))
	m.line("- %s: %s", t.phases, joinCells(sel.Phases))
	m.line("- %s: %s (%s)", fmt.Sprintf(t.values, m.opt), joinCells(sel.Values()),
		fmt.Sprintf(t.baseNew, mdCell(sel.Base), joinCells(sel.NewValues())))
	m.line("- %s: %s", t.promptRange, a.Prompt)
	m.line("- %s: %s", t.genRange, a.Gen)
	m.line("")
}

func (m *mdWriter) counts() {
	m.line("%s", m.t.counts)
	var rows [][]string
	for _, c := range m.a.Counts {
		rows = append(rows, []string{mdCell(c.Value), mdCell(c.Model), mdCell(c.Phase), fmt.Sprint(c.N)})
	}
	m.table(fmt.Sprintf(m.t.countCols, m.opt), rows)
}

func (m *mdWriter) performance() {
	m.line("%s", m.t.perf)
	for _, p := range m.a.Sel.Phases {
		var rows [][]string
		unit := ""
		for _, s := range m.a.Summary {
			if s.Phase != p {
				continue
			}
			unit = s.Unit
			rows = append(rows, []string{mdCell(s.Model), mdCell(s.Value), fmt.Sprint(s.Speed.N),
				f4(s.Speed.Mean), f4(s.Speed.Std), f4(s.Speed.Min), f4(s.Speed.Max),
				f4(s.CVMean), f4(s.CVMax), s.Prompt.String(), s.Gen.String()})
		}
		m.line("%s", m.phaseTitle(p))
		m.table(fmt.Sprintf(m.t.perfCols, m.opt, mdCell(unit)), rows)
	}
}

func (m *mdWriter) phaseTitle(p string) string {
	if s, ok := m.t.phaseTitle[p]; ok {
		return s
	}
	return "### " + mdCell(strings.ToUpper(p))
}

// differences writes the old report's difference table — the difference
// of grand means, labelled as such — with the geometric mean of the
// matched ratios, its adjusted p and verdict beside it; a row whose two
// changes disagree in sign is marked and explained below the table.
func (m *mdWriter) differences(st *sigText) {
	m.line(m.t.diff, m.opt)
	var rows [][]string
	var why []string
	unit := ""
	nway := len(m.a.Sel.NewValues()) > 1
	for _, d := range m.a.Diffs {
		unit = d.Base.Unit
		change, p, verdict := "-", "-", "-"
		pct := f4(d.SpeedPct)
		if agg := m.a.ResultAggregate(d.Model, d.Phase, d.New.Value); agg != nil {
			change, p, verdict = changeInterval(agg.DeltaPct, agg.ChangeCILow, agg.ChangeCIHigh), pnum(agg.PAdjusted), verdictCell(st, agg.Verdict, agg.Design)
			if g := float64(agg.DeltaPct); agg.DeltaPct.Valid() && d.SpeedPct != 0 && g != 0 && (d.SpeedPct > 0) != (g > 0) {
				reason := st.whyMixed
				if d.NDiff != 0 {
					reason = st.whyGrid
				}
				why = append(why, fmt.Sprintf(st.disagreeFmt, mdCell(d.Model), mdCell(d.Phase), d.SpeedPct, g, reason))
				pct += fmt.Sprintf(" [†%d]", len(why))
			}
		}
		row := []string{mdCell(d.Model), mdCell(d.Phase), f4(d.SpeedDiff), pct,
			f4(d.CVDiff), fmt.Sprint(d.NDiff), change, p, verdict}
		if nway {
			row = append([]string{mdCell(d.New.Value)}, row...)
		}
		rows = append(rows, row)
	}
	header := fmt.Sprintf(st.diffCols, mdCell(unit))
	if nway {
		header = m.opt + "|" + header
	}
	m.table(header, rows)
	m.line("%s", st.diffNote)
	m.line("")
	for i, w := range why {
		m.line("†%d. %s", i+1, w)
	}
	if len(why) > 0 {
		m.line("")
	}
}

// HasScaling reports whether a's report has a scaling view: a numeric
// option compared at several new values.
func HasScaling(a *analysis.Analysis) bool {
	return len(a.Sel.NewValues()) > 1 && chart.Numeric(a.Sel.Values())
}

// scaling writes the scaling view: per model and phase, the speed of each
// value and its speedup over the base, then the chart.
func (m *mdWriter) scaling(st *sigText) {
	if !HasScaling(m.a) {
		return
	}
	sel := m.a.Sel
	m.line(m.t.scaling, m.opt)
	var rows [][]string
	unit := ""
	for _, model := range sel.Models {
		for _, p := range sel.Phases {
			for _, v := range sel.Values() {
				s := m.a.Find(p, model, v)
				if s == nil {
					continue
				}
				unit = s.Unit
				speedup, padj, verdict := "1", "-", "-"
				if v != sel.Base {
					agg := m.a.ResultAggregate(model, p, v)
					if agg == nil {
						continue
					}
					speedup = ratioInterval(agg.DeltaPct, agg.ChangeCILow, agg.ChangeCIHigh)
					padj, verdict = pnum(agg.PAdjusted), verdictCell(st, agg.Verdict, agg.Design)
				}
				rows = append(rows, []string{mdCell(model), mdCell(p), mdCell(v), f4(s.Speed.Mean), speedup, padj, verdict})
			}
		}
	}
	m.table(fmt.Sprintf(m.t.scalingCols, m.opt, mdCell(unit)), rows)
	m.line("![%s](%s)", fmt.Sprintf(m.t.scalingAlt, m.opt), m.n.Scaling())
	m.line("")
	m.line(m.t.scalingNote, m.opt, mdCell(sel.Base))
	m.line("")
}

// changeCharts links the change charts, one per phase: the report's first
// charts, right under the conclusion.
func (m *mdWriter) changeCharts() {
	if m.has == nil {
		return
	}
	any := false
	for _, p := range m.a.Sel.Phases {
		if m.has.HasChange(p) {
			m.line("![%s](%s)", fmt.Sprintf(m.t.changeAlt, strings.ToUpper(mdCell(p))), m.n.Change(p))
			any = true
		}
	}
	if any {
		m.line("")
		m.line("%s", m.t.changeNote)
		m.line("")
	}
}

func (m *mdWriter) charts() {
	t, sel := m.t, m.a.Sel
	m.line("%s", t.charts)
	if m.has != nil && m.has.HasRunOrder() {
		m.line("%s", t.runOrder)
		m.line("![%s](%s)", fmt.Sprintf(t.runOrderAlt, m.opt), m.n.RunOrder())
		m.line("")
		m.line(t.runOrderNote, m.opt)
		m.line("")
	}
	m.line("%s", t.perModel)
	var skipped []string
	for _, model := range sel.Models {
		shown := false
		for _, p := range sel.Phases {
			if !m.hasSummary(model, p) {
				continue
			}
			if m.has == nil || !m.has.Comparable(model, p) {
				skipped = append(skipped, fmt.Sprintf("%s %s", mdCell(model), strings.ToUpper(mdCell(p))))
				continue
			}
			alt := fmt.Sprintf(t.compareAlt, mdCell(model), strings.ToUpper(mdCell(p)))
			m.line("![%s](%s)", alt, m.n.Comparison(model, p))
			shown = true
		}
		if shown {
			m.line("")
		}
	}
	if len(skipped) > 0 {
		m.line(t.oneValueNote, strings.Join(skipped, ", "), m.opt)
		m.line("")
	}
	m.line(t.perModelNote, m.opt, mdCell(sel.Base), m.opt, joinCells(sel.NewValues()))
	m.line("")
	m.line("%s", t.aggregate)
	for _, p := range sel.Phases {
		m.line("![%s](%s)", fmt.Sprintf(t.aggregateAlt, strings.ToUpper(mdCell(p))), m.n.Aggregate(p))
	}
	m.line("")
	m.line(t.aggNote, m.opt)
	m.line("")
}

func (m *mdWriter) hasSummary(model, phase string) bool {
	for _, s := range m.a.Summary {
		if s.Model == model && s.Phase == phase {
			return true
		}
	}
	return false
}

func (m *mdWriter) files() {
	t, sel := m.t, m.a.Sel
	base, nw := mdCell(sel.Base), joinCells(sel.NewValues())
	notes := strings.Split(t.benchNote, "|")
	m.line("%s", t.files)
	m.line("- [%s](%s): %s", t.rawFile, m.n.RawCSV(), notes[0])
	m.line("- [%s](%s): %s", t.summaryFile, m.n.SummaryCSV(), fmt.Sprintf(notes[1], m.opt))
	m.line("- [%s](%s): %s", t.diffFile, m.n.DiffCSV(), fmt.Sprintf(notes[2], m.opt, base, m.opt, nw))
	m.line("- [%s](%s): %s", t.sigFile, m.n.SignificanceCSV(), notes[4])
	var links []string
	for _, v := range sel.Values() {
		links = append(links, fmt.Sprintf("[%s=%s](%s)", m.opt, mdCell(v), m.n.Bench(v)))
	}
	m.line("- %s: %s: %s", t.benchFile, strings.Join(links, ", "), fmt.Sprintf(notes[3], m.opt))
}

func joinCells(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = mdCell(s)
	}
	return strings.Join(out, ", ")
}

// f4 prints a number with four decimals, as the old report did; NaN (a
// standard deviation of one value) prints as "-".
func f4(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.4f", f)
}
