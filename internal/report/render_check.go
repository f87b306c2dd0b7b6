package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/result"
)

// CheckText writes the gate's decision as plain text: the design findings
// first, then the verdict line, the regressions and a summary. It is also
// the failure message of compare.Gate.
func CheckText(w io.Writer, c *result.Comparison) error {
	bw := bufio.NewWriter(w)
	designText(bw, c.Design, c.Option, English)
	ch := &c.Check
	fmt.Fprintln(bw, ch.Verdict)
	if len(ch.Regressions) > 0 {
		fmt.Fprintln(bw)
		findingTable(bw, ch.Regressions, false)
	}
	checkSummary(bw, ch, false)
	return bw.Flush()
}

// CheckMarkdown writes the gate's decision for a CI job summary or a
// pull-request comment: the design findings, the verdict line, the table
// of regressions, then everything else folded in a <details> block,
// including a's full significance section, in lang.
func CheckMarkdown(w io.Writer, a *analysis.Analysis, lang Lang) error {
	bw := bufio.NewWriter(w)
	c := a.Result
	ch := &c.Check
	mark := "✅"
	if !ch.Passed {
		mark = "❌"
	}
	fmt.Fprintf(bw, "### %s sweepstat check: %s\n\n", mark, mdCell(ch.Verdict))
	m := &mdWriter{w: bw, t: lang.text(), a: a, n: NewNames(a.Sel.Option), opt: mdCell(a.Sel.Option)}
	m.designFirst(lang)
	if len(ch.Regressions) > 0 {
		findingTable(bw, ch.Regressions, true)
	}
	fmt.Fprintf(bw, "<details><summary>%s</summary>\n\n", countsText(ch.Counts))
	checkSummary(bw, ch, true)
	fmt.Fprintln(bw)
	m.significance(lang.sig())
	fmt.Fprintln(bw, "\n</details>")
	return bw.Flush()
}

func countsText(k result.Counts) string {
	return fmt.Sprintf("%d benchmarks: %d improved, %d regressed, %d equivalent, %d inconclusive, %d unverified, %d untested",
		k.Total(), k.Improvement, k.Regression, k.Equivalent, k.Inconclusive, k.Unverified, k.Untested)
}

func checkSummary(w io.Writer, ch *result.Check, md bool) {
	fmt.Fprintf(w, "\n%s.\n", countsText(ch.Counts))
	if len(ch.Tolerated) > 0 {
		fmt.Fprintf(w, "%d significant regression(s) within the limit:\n", len(ch.Tolerated))
		if md {
			fmt.Fprintln(w)
		}
		findingTable(w, ch.Tolerated, md)
	}
	if len(ch.Untested) > 0 {
		fmt.Fprintf(w, "%d benchmark(s) untested (no test possible, or a unit with no known direction):\n", len(ch.Untested))
		if md {
			fmt.Fprintln(w)
		}
		findingTable(w, ch.Untested, md)
	}
}

// findingTable prints findings: model, phase, size, change with interval,
// adjusted p, limit, test, design; as a Markdown table or aligned text.
func findingTable(w io.Writer, fs []result.GateFinding, md bool) {
	header := []string{"model", "phase", "size", "change [95% interval]", "adj. p", "limit", "test", "design"}
	esc := textCell
	if md {
		esc = mdCell
	}
	var rows [][]string
	for _, f := range fs {
		test := sigTexts[English].method[f.Method]
		if f.Note != "" {
			test += " (" + f.Note + ")"
		}
		limit := fmt.Sprintf("%g%%", f.LimitPct)
		if f.LimitPct == 0 {
			limit = "any"
		}
		design := f.Design
		if design == "" {
			design = "-"
		}
		rows = append(rows, []string{esc(f.Model), esc(f.Phase), esc(f.Size), changeInterval(f.DeltaPct, f.ChangeCILow, f.ChangeCIHigh),
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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}
