package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/result"
)

// Significance writes the significance section of a's report (the part
// that `sweepstat compare -format markdown` prints) to w, the design
// findings first.
func Significance(w io.Writer, a *analysis.Analysis, lang Lang) error {
	bw := bufio.NewWriter(w)
	m := newMD(bw, a, lang)
	m.designFirst(lang)
	m.significance(lang.sig())
	return bw.Flush()
}

// notes collects the caveats of a section as numbered footnotes, each
// distinct message once, in order of first appearance.
type notes struct {
	list []string
	idx  map[string]int
}

// ref returns the footnote markers of msgs, e.g. " [1][3]".
func (n *notes) ref(msgs []string) string {
	if n.idx == nil {
		n.idx = map[string]int{}
	}
	var b strings.Builder
	done := map[int]bool{}
	for _, msg := range msgs {
		i, ok := n.idx[msg]
		if !ok {
			n.list = append(n.list, msg)
			i = len(n.list)
			n.idx[msg] = i
		}
		if !done[i] {
			done[i] = true
			fmt.Fprintf(&b, "[%d]", i)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return " " + b.String()
}

// designFirst writes the design findings as a warning block, if any.
func (m *mdWriter) designFirst(lang Lang) {
	if len(m.a.Result.Design) == 0 {
		return
	}
	for _, f := range m.a.Result.Design {
		m.line("> ⚠ %s", mdCell(findingText(f, m.a.Result.Option, lang)))
		m.line(">")
	}
	m.line("> %s", mdCell(lang.sig().remedy))
	m.line("")
}

func (m *mdWriter) significance(st *sigText) {
	c, sel := m.a.Result, m.a.Sel
	s := c.Settings
	m.line("%s", st.section)
	m.line(st.intro, st.correction[s.Correction], len(c.Rows), fmt.Sprint(s.Alpha), fmt.Sprint(s.MarginPct))
	m.line("")
	var fn notes
	m.spread(st)
	if len(c.Rows) == 0 {
		m.line("%s", st.noRows)
		m.line("")
	}
	for _, model := range sel.Models {
		for _, p := range sel.Phases {
			for _, v := range sel.NewValues() {
				m.sigSection(st, &fn, model, p, v)
			}
		}
	}
	m.line("%s", st.legend)
	m.line("")
	if len(fn.list) > 0 {
		m.line("%s", st.footnotes)
		m.line("")
		for i, msg := range fn.list {
			m.line("%d. %s", i+1, mdCell(msg))
		}
		m.line("")
	}
}

// sigSection writes the aggregate and the benchmarks of one model, phase
// and new value.
func (m *mdWriter) sigSection(st *sigText, fn *notes, model, p, v string) {
	a, c, sel := m.a, m.a.Result, m.a.Sel
	agg := a.ResultAggregate(model, p, v)
	if agg == nil {
		return
	}
	title := fmt.Sprintf("### %s · %s", mdCell(model), mdCell(strings.ToUpper(p)))
	if len(sel.NewValues()) > 1 {
		title += fmt.Sprintf(" · %s=%s", m.opt, mdCell(v))
	}
	m.line("%s", title)
	k := agg.Counts
	m.line(st.aggLine+"%s", changeInterval(agg.DeltaPct, agg.ChangeCILow, agg.ChangeCIHigh), st.interval[agg.Interval],
		st.method[agg.Method], pnum(agg.P), pnum(agg.PAdjusted), agg.Benchmarks, k.Improvement, k.Regression, k.Equivalent,
		verdictCell(st, agg.Verdict, agg.Design), fn.ref(notesIn(agg.Notes, m.lang)))
	m.line("")
	var rows [][]string
	for i := range c.Rows {
		row := &c.Rows[i]
		if row.Model != model || row.Phase != p || row.NewValue != v {
			continue
		}
		rows = append(rows, []string{mdCell(row.Size), sideCellUnit(row.Base, row.Interval, goUnit(row)), sideCellUnit(row.New, row.Interval, goUnit(row)),
			deltaCell(row), pnum(row.PAdjusted), st.method[row.Method] + fn.ref(notesIn(row.Notes, m.lang)), verdictCell(st, row.Verdict, row.Design)})
	}
	size, ok := st.sizeCol[p]
	if !ok {
		size = st.sizeCol[""]
		if size == "" {
			size = map[Lang]string{English: "Size"}[m.lang]
			if size == "" {
				size = "测试规模"
			}
		}
	}
	m.table(fmt.Sprintf(st.rowCols, size, m.opt, mdCell(sel.Base), m.opt, mdCell(v)), rows)
}

// spread writes the between- vs within-invocation noise table, after a
// sentence computed from it.
func (m *mdWriter) spread(st *sigText) {
	sig := m.a.Sig
	m.line("%s", st.design)
	more, n, lo, hi := 0, 0, math.Inf(1), math.Inf(-1)
	for _, s := range sig.Spread {
		r := s.Ratio()
		if math.IsNaN(r) || math.IsInf(r, 0) {
			continue
		}
		n++
		lo, hi = math.Min(lo, r), math.Max(hi, r)
		if r > 1.2 {
			more++
		}
	}
	switch {
	case n == 0:
	case more > 0:
		m.line(st.spreadMore, more, n, sig2(lo)+"×", sig2(hi)+"×")
		m.line("")
	default:
		m.line(st.spreadNotMore, n, sig2(lo)+"×", sig2(hi)+"×")
		m.line("")
	}
	var rows [][]string
	for _, s := range sig.Spread {
		ratio := s.Ratio()
		rows = append(rows, []string{mdCell(s.Model), mdCell(s.Phase), sig2(s.Between), sig2(s.Within), ratioCell(ratio)})
	}
	m.table(st.spreadCols, rows)
	m.line("%s", st.spreadNote)
	m.line("")
}

func ratioCell(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return sig2(x) + "×"
}

// findingText words a design finding in lang.
func findingText(f result.Finding, option string, lang Lang) string {
	st := lang.sig()
	times := func(a, b string) string {
		if a == "" {
			return ""
		}
		return fmt.Sprintf(" (%s … %s)", a, b)
	}
	switch f.Kind {
	case result.FindingRunOrder:
		return fmt.Sprintf(st.runOrder, f.Model, option, f.First, times(f.FirstStart, f.FirstEnd), option, f.Second, times(f.SecondStart, f.SecondEnd))
	case result.FindingSession:
		return fmt.Sprintf(st.session, option, f.First, times(f.FirstStart, f.FirstEnd), option, f.Second, times(f.SecondStart, f.SecondEnd))
	}
	return f.Message
}

// designText writes the design findings as plain-text warnings, the remedy
// last, followed by a blank line; nothing when there are none.
func designText(w io.Writer, findings []result.Finding, option string, lang Lang) {
	if len(findings) == 0 {
		return
	}
	for _, f := range findings {
		fmt.Fprintf(w, "%s%s\n", lang.sig().warning, textCell(findingText(f, option, lang)))
	}
	fmt.Fprintf(w, "  %s\n\n", lang.sig().remedy)
}
