package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"text/tabwriter"
)

// Verdict returns the one-line verdict of the check.
func (c *Check) Verdict() string {
	switch {
	case !c.Passed && len(c.Regressions) > 0:
		return fmt.Sprintf("FAIL: %d regression(s) beyond the limit (%s; %s correction, α=%g)", len(c.Regressions), c.Limits, c.Correction, c.Alpha)
	case !c.Passed:
		return fmt.Sprintf("FAIL: %d benchmark(s) could not be tested", len(c.Untested))
	}
	return fmt.Sprintf("PASS: no regression beyond the limit (%s; %s correction, α=%g)", c.Limits, c.Correction, c.Alpha)
}

// WriteText writes the verdict, the regressions and a summary as plain
// text.
func (c *Check) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintln(&b, c.Verdict())
	if len(c.Regressions) > 0 {
		fmt.Fprintln(&b)
		c.table(&b, c.Regressions, false)
	}
	c.summary(&b, false)
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *Check) summary(b *strings.Builder, md bool) {
	fmt.Fprintf(b, "\n%d benchmarks: %d improved, %d regressed, %d equivalent, %d inconclusive.\n",
		c.Benchmarks, c.Improved, c.Regressed, c.Equivalent, c.Inconclusive)
	if len(c.Tolerated) > 0 {
		fmt.Fprintf(b, "%d significant regression(s) within the limit:\n", len(c.Tolerated))
		if md {
			fmt.Fprintln(b)
		}
		c.table(b, c.Tolerated, md)
	}
	if len(c.Untested) > 0 {
		fmt.Fprintf(b, "%d benchmark(s) could not be tested (one sample per side; run more invocations):\n", len(c.Untested))
		if md {
			fmt.Fprintln(b)
		}
		c.table(b, c.Untested, md)
	}
}

// table prints findings: model, phase, size, change with interval, adjusted
// p, limit, test.
func (c *Check) table(b *strings.Builder, fs []Finding, md bool) {
	header := []string{"model", "phase", "size", "change [95% interval]", "adj. p", "limit", "test"}
	rows := [][]string{}
	for _, f := range fs {
		test := f.Test
		if f.Note != "" {
			test += " (" + f.Note + ")"
		}
		limit := fmt.Sprintf("%g%%", f.LimitPct)
		if f.LimitPct == 0 {
			limit = "any"
		}
		rows = append(rows, []string{f.Model, f.Phase, f.Size, changeText(f), pText(f.PAdjusted), limit, test})
	}
	if md {
		fmt.Fprintf(b, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
		for _, r := range rows {
			for i := range r {
				r[i] = mdEscape(r[i])
			}
			fmt.Fprintf(b, "| %s |\n", strings.Join(r, " | "))
		}
		fmt.Fprintln(b)
		return
	}
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		for i := range r {
			r[i] = strings.Join(strings.Fields(r[i]), " ")
		}
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

func changeText(f Finding) string {
	if math.IsNaN(f.LoPct) || math.IsNaN(f.HiPct) {
		return fmt.Sprintf("%+.2f%%", f.DeltaPct)
	}
	return fmt.Sprintf("%+.2f%% [%+.2f%%, %+.2f%%]", f.DeltaPct, f.LoPct, f.HiPct)
}

func pText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.001:
		return fmt.Sprintf("%.1e", p)
	}
	return fmt.Sprintf("%.3f", p)
}

// mdEscape makes text from the data safe in a Markdown table cell.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`).Replace(s)
}

// WriteMarkdown writes the check for a CI job summary or a pull-request
// comment: the verdict line, the table of regressions, then everything
// else folded in a <details> block, including r's full comparison.
func (c *Check) WriteMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	mark := "✅"
	if !c.Passed {
		mark = "❌"
	}
	fmt.Fprintf(&b, "### %s sweepstat check: %s\n\n", mark, mdEscape(c.Verdict()))
	if len(c.Regressions) > 0 {
		c.table(&b, c.Regressions, true)
	}
	fmt.Fprintf(&b, "<details><summary>%d benchmarks: %d improved, %d regressed, %d equivalent, %d inconclusive</summary>\n\n",
		c.Benchmarks, c.Improved, c.Regressed, c.Equivalent, c.Inconclusive)
	var rest strings.Builder
	c.summary(&rest, true)
	b.WriteString(strings.TrimPrefix(rest.String(), "\n"))
	fmt.Fprintln(&b)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := r.Write(w, "markdown", "en"); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n</details>\n")
	return err
}

// WriteJSON writes the check as one JSON object (NaN as null).
func (c *Check) WriteJSON(w io.Writer) error {
	type finding struct {
		Model       string   `json:"model"`
		Phase       string   `json:"phase"`
		Size        string   `json:"size"`
		DeltaPct    *float64 `json:"delta_pct"`
		LoPct       *float64 `json:"lo_pct"`
		HiPct       *float64 `json:"hi_pct"`
		SlowdownPct *float64 `json:"slowdown_pct"`
		PAdjusted   *float64 `json:"p_adjusted"`
		LimitPct    float64  `json:"limit_pct"`
		Test        string   `json:"test"`
		Note        string   `json:"note,omitempty"`
	}
	conv := func(fs []Finding) []finding {
		out := []finding{}
		for _, f := range fs {
			out = append(out, finding{f.Model, f.Phase, f.Size, num(f.DeltaPct), num(f.LoPct), num(f.HiPct),
				num(f.SlowdownPct), num(f.PAdjusted), f.LimitPct, f.Test, f.Note})
		}
		return out
	}
	out := map[string]any{
		"passed": c.Passed, "verdict": c.Verdict(), "limits": c.Limits, "correction": c.Correction, "alpha": c.Alpha,
		"regressions": conv(c.Regressions), "tolerated": conv(c.Tolerated), "untested": conv(c.Untested),
		"benchmarks": c.Benchmarks, "improved": c.Improved, "regressed": c.Regressed,
		"equivalent": c.Equivalent, "inconclusive": c.Inconclusive,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func num(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// Gate runs the comparison spec describes and fails t, once, with a table
// of what regressed when any benchmark or aggregate regressed beyond the
// allowed limit (see Result.Check for what that means). When the gate
// passes it logs the comparison (visible with go test -v). Bad input fails
// t with the error. Use it in a test:
//
//	func TestNoDecodeRegression(t *testing.T) {
//		compare.Gate(t, compare.Spec{DB: "testdata/benchmark_results.db",
//			Option: "dynamicOption", Base: "7", New: "8", MaxRegressionPct: 2})
//	}
func Gate(t testing.TB, spec Spec) {
	t.Helper()
	res, err := Run(spec)
	if err != nil {
		t.Fatalf("sweepstat gate: %v", err)
		return
	}
	c := res.Check()
	var b strings.Builder
	c.WriteText(&b)
	if !c.Passed {
		t.Errorf("sweepstat gate, %s %s vs %s: %s", res.a.Sel.Option, res.a.Sel.Base, res.a.Sel.New, b.String())
		return
	}
	var full strings.Builder
	res.Write(&full, "text", "en")
	t.Logf("sweepstat gate, %s %s vs %s: %s\n%s", res.a.Sel.Option, res.a.Sel.Base, res.a.Sel.New, b.String(), full.String())
}
