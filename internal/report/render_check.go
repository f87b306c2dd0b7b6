package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/result"
)

// CheckText writes the gate's decision as plain text in lang: the design
// findings first, then the verdict line, the regressions and a summary. It
// is also the failure message of compare.Gate.
func CheckText(w io.Writer, c *result.Comparison, lang Lang) error {
	if lang == "" {
		lang = Chinese
	}
	bw := bufio.NewWriter(w)
	st := lang.sig()
	designText(bw, c.Design, c.Option, lang)
	ch := &c.Check
	fmt.Fprintln(bw, verdictLine(c, st))
	if len(ch.Regressions) > 0 {
		fmt.Fprintln(bw)
		findingTable(bw, ch.Regressions, false, st, lang)
	}
	checkSummary(bw, ch, false, st, lang)
	return bw.Flush()
}

// verdictLine is the gate's verdict in the language of st (the model's
// Check.Verdict is the English one).
func verdictLine(c *result.Comparison, st *sigText) string {
	ch := &c.Check
	g := ch.Settings
	limit := fmt.Sprintf("%g%%", g.MaxRegressionPct)
	if g.MaxRegressionPct == 0 {
		limit = st.gateAny
	}
	phases := make([]string, 0, len(g.PhaseLimits))
	for p := range g.PhaseLimits {
		phases = append(phases, p)
	}
	sort.Strings(phases)
	for _, p := range phases {
		limit += fmt.Sprintf(", %s %g%%", p, g.PhaseLimits[p])
	}
	how := fmt.Sprintf(st.gateHow, fmt.Sprintf(st.gateLimits, limit, g.NoiseMarginPct), st.correction[c.Settings.Correction], c.Settings.Alpha)
	switch {
	case len(ch.Regressions) > 0:
		return fmt.Sprintf(st.gateFail, len(ch.Regressions), how)
	case !ch.Passed:
		return fmt.Sprintf(st.gateUntested, len(ch.Untested), how)
	}
	return fmt.Sprintf(st.gatePass, how)
}

// CheckMarkdown writes the gate's decision for a CI job summary or a
// pull-request comment, in lang: the verdict line, the design findings,
// the table of regressions, then everything else folded in a <details>
// block, including a's full significance section.
func CheckMarkdown(w io.Writer, a *analysis.Analysis, lang Lang) error {
	if lang == "" {
		lang = Chinese
	}
	bw := bufio.NewWriter(w)
	c := a.Result
	ch := &c.Check
	st := lang.sig()
	mark := "✅"
	if !ch.Passed {
		mark = "❌"
	}
	fmt.Fprintf(bw, "### %s sweepstat check: %s\n\n", mark, mdCell(verdictLine(c, st)))
	m := newMD(bw, a, lang)
	m.designFirst(lang)
	if len(ch.Regressions) > 0 {
		findingTable(bw, ch.Regressions, true, st, lang)
	}
	fmt.Fprintf(bw, "<details><summary>%s</summary>\n\n", countsText(ch.Counts, st))
	checkSummary(bw, ch, true, st, lang)
	fmt.Fprintln(bw)
	m.significance(st)
	fmt.Fprintln(bw, "\n</details>")
	return bw.Flush()
}

func countsText(k result.Counts, st *sigText) string {
	return fmt.Sprintf(st.gateCounts, k.Total(), k.Improvement, k.Regression, k.Equivalent, k.Inconclusive, k.Unverified, k.Untested)
}

func checkSummary(w io.Writer, ch *result.Check, md bool, st *sigText, lang Lang) {
	fmt.Fprintf(w, "\n%s%s\n", countsText(ch.Counts, st), st.fullStop)
	if len(ch.Tolerated) > 0 {
		fmt.Fprintf(w, st.gateTolerated+"\n", len(ch.Tolerated))
		if md {
			fmt.Fprintln(w)
		}
		findingTable(w, ch.Tolerated, md, st, lang)
	}
	if len(ch.Untested) > 0 {
		fmt.Fprintf(w, st.gateUntestedHead+"\n", len(ch.Untested))
		if md {
			fmt.Fprintln(w)
		}
		findingTable(w, ch.Untested, md, st, lang)
	}
}

// findingTable prints findings: model, phase, size, change with interval,
// adjusted p, limit, test, design; as a Markdown table or aligned text.
func findingTable(w io.Writer, fs []result.GateFinding, md bool, st *sigText, lang Lang) {
	header := strings.Split(st.findingCols, "|")
	esc := textCell
	if md {
		esc = mdCell
	}
	multi := false // findings of several new values: say which
	for _, f := range fs {
		multi = multi || f.NewValue != fs[0].NewValue
	}
	var rows [][]string
	for _, f := range fs {
		test := st.method[f.Method]
		if f.Note != "" {
			test += " (" + noteText(f.Note, lang) + ")"
		}
		limit := fmt.Sprintf("%g%%", f.LimitPct)
		if f.LimitPct == 0 {
			limit = st.gateAny
		}
		design := f.Design
		if design == "" {
			design = "-"
		}
		size := f.Size
		if size == "all" {
			size = st.allSizes
		}
		if multi {
			size += " [" + f.NewValue + "]"
		}
		rows = append(rows, []string{esc(f.Model), esc(f.Phase), esc(size), changeInterval(f.DeltaPct, f.ChangeCILow, f.ChangeCIHigh),
			pnum(f.PAdjusted), limit, esc(test), design})
	}
	if md {
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
		for _, r := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
		}
		fmt.Fprintln(w)
		return
	}
	tw := NewTextTable(w)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}
