package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
)

// Significance writes the significance section of a's report (the part
// that `sweepstat compare -format markdown` prints) to w.
func Significance(w io.Writer, a *analysis.Analysis, lang Lang) error {
	bw := bufio.NewWriter(w)
	m := &mdWriter{w: bw, t: lang.text(), a: a, n: NewNames(a.Sel.Option), opt: mdCell(a.Sel.Option)}
	m.significance(lang.sig())
	return bw.Flush()
}

// notes collects the warnings of a section as numbered footnotes, each
// distinct message once, in order of first appearance.
type notes struct {
	list []string
	idx  map[string]int
}

// ref returns the footnote markers of errs, e.g. " [1][3]".
func (n *notes) ref(errs []error) string {
	if n.idx == nil {
		n.idx = map[string]int{}
	}
	var b strings.Builder
	done := map[int]bool{}
	for _, e := range errs {
		msg := e.Error()
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

func (m *mdWriter) significance(st *sigText) {
	a, sig, sel := m.a, m.a.Sig, m.a.Sel
	cfg := sig.Config
	alpha := cfg.Stats.Alpha
	if alpha == 0 {
		alpha = 0.05
	}
	margin := cfg.MarginPct
	if margin == 0 {
		margin = analysis.DefaultMarginPct
	}
	m.line("%s", st.section)
	m.line(st.intro, st.correction[cfg.Correction.String()], len(sig.Rows), fmt.Sprint(alpha), fmt.Sprint(margin))
	m.line("")
	var fn notes
	m.design(st, &fn)
	if len(sig.Rows) == 0 {
		m.line("%s", st.noRows)
		m.line("")
	}
	for _, model := range sel.Models {
		for _, p := range sel.Phases {
			agg := a.Aggregate(model, p)
			if agg == nil {
				continue
			}
			m.line("### %s · %s", mdCell(model), mdCell(strings.ToUpper(p)))
			r := agg.Res
			m.line(st.aggLine+"%s", aggInterval(agg), intervalName(r.Interval), st.testName(r.Test), pval(r.P), pval(agg.PAdj),
				agg.Rows, agg.Improved, agg.Regressed, agg.Equivalent, st.verdict[agg.Verdict], fn.ref(r.Warnings))
			m.line("")
			var rows [][]string
			for i := range sig.Rows {
				row := &sig.Rows[i]
				if row.Key.Model != model || row.Key.Phase != p {
					continue
				}
				rows = append(rows, []string{mdCell(row.Label), sideCell(row.Cmp.Base), sideCell(row.Cmp.New),
					deltaCell(row, alpha), pval(row.PAdj), st.testName(row.Cmp.Test) + fn.ref(row.Warnings), st.verdict[row.Verdict]})
			}
			m.table(fmt.Sprintf(st.rowCols, m.opt, mdCell(sel.Base), m.opt, mdCell(sel.New)), rows)
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

func (m *mdWriter) design(st *sigText, fn *notes) {
	sig := m.a.Sig
	m.line("%s", st.design)
	for _, w := range sig.Warnings {
		m.line("- ⚠ %s", mdCell(w.Error()))
	}
	if len(sig.Warnings) > 0 {
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

func intervalName(kind string) string {
	if kind == "" {
		return "-"
	}
	return kind
}
