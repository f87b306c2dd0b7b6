package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// SignificanceColumns are the columns of the significance CSV, one row per
// benchmark, as DESIGN.md fixes them.
var SignificanceColumns = []string{"model", "test", "size", "unit", "base_value", "new_value", "n_base", "n_new",
	"base_center", "base_ci_low", "base_ci_high", "new_center", "new_ci_low", "new_ci_high",
	"delta_pct", "p_value", "p_adjusted", "verdict"}

// SignificanceCSV writes one row per benchmark with raw, full-precision
// numbers (empty cells where a number is undefined, e.g. the p-value of a
// benchmark with one sample per side). size holds the benchmark's size and
// any other knob that varies in the task ("64 threads=4").
func SignificanceCSV(w io.Writer, a *analysis.Analysis) error {
	cw := csv.NewWriter(w)
	cw.Write(SignificanceColumns)
	for i := range a.Sig.Rows {
		r := &a.Sig.Rows[i]
		c := r.Cmp
		cw.Write([]string{csvText(r.Key.Model), csvText(r.Key.Phase), csvText(r.Label), csvText(r.Unit),
			csvText(a.Sel.Base), csvText(a.Sel.New), strconv.Itoa(c.Base.N), strconv.Itoa(c.New.N),
			csvOptNum(c.Base.Center), csvOptNum(c.Base.Lo), csvOptNum(c.Base.Hi),
			csvOptNum(c.New.Center), csvOptNum(c.New.Lo), csvOptNum(c.New.Hi),
			csvOptNum(c.Delta * 100), csvOptNum(c.P), csvOptNum(r.PAdj), string(r.Verdict)})
	}
	cw.Flush()
	return cw.Error()
}

// Text writes the comparison as an aligned plain-text table in the manner
// of benchstat, then the aggregates and the notes, in English.
func Text(w io.Writer, a *analysis.Analysis) error {
	bw := bufio.NewWriter(w)
	sig, sel := a.Sig, a.Sel
	st := English.sig()
	alpha := alphaOf(a)
	fmt.Fprintf(bw, "%s: task %s, %s %s vs %s (%s correction over %d benchmarks, α=%s)\n\n", oneLine(a.Source),
		oneLine(sel.Task.Label()), oneLine(sel.Option), oneLine(sel.Base), oneLine(sel.New),
		st.correction[sig.Config.Correction.String()], len(sig.Rows), fmt.Sprint(alpha))
	var fn notes
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\tphase\tsize\t%s=%s\t%s=%s\tvs base\tadj. p\ttest\tverdict\n",
		oneLine(sel.Option), oneLine(sel.Base), oneLine(sel.Option), oneLine(sel.New))
	for i := range sig.Rows {
		r := &sig.Rows[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n", oneLine(r.Key.Model), oneLine(r.Key.Phase), oneLine(r.Label),
			sideCell(r.Cmp.Base), sideCell(r.Cmp.New), deltaCell(r, alpha), pval(r.PAdj), r.Cmp.Test, fn.ref(r.Warnings), r.Verdict)
	}
	tw.Flush()
	fmt.Fprintln(bw)
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "aggregate\tphase\tgeomean change [interval]\tp\tadj. p\tbenchmarks\ttest\tverdict\n")
	for i := range sig.Aggregates {
		g := &sig.Aggregates[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s%s\t%s\n", oneLine(g.Model), oneLine(g.Phase), aggInterval(g),
			pval(g.Res.P), pval(g.PAdj), g.Rows, g.Res.Test, fn.ref(g.Res.Warnings), g.Verdict)
	}
	tw.Flush()
	fmt.Fprintln(bw, "\n± is the 95% CI (ʳ: the min–max range where there are too few samples for it; ᵗ: 95% t-interval of the mean).")
	for _, w := range sig.Warnings {
		fmt.Fprintf(bw, "warning: %s\n", oneLine(w.Error()))
	}
	for i, msg := range fn.list {
		fmt.Fprintf(bw, "[%d] %s\n", i+1, oneLine(msg))
	}
	return bw.Flush()
}

func alphaOf(a *analysis.Analysis) float64 {
	if x := a.Sig.Config.Stats.Alpha; x != 0 {
		return x
	}
	return 0.05
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// JSON writes the comparison as one JSON object: the selection, every
// benchmark row, the aggregates and the warnings. Numbers are raw; NaN
// becomes null.
func JSON(w io.Writer, a *analysis.Analysis) error {
	type side struct {
		N        int      `json:"n"`
		Center   *float64 `json:"center"`
		Lo       *float64 `json:"lo"`
		Hi       *float64 `json:"hi"`
		Interval string   `json:"interval"`
	}
	type row struct {
		Model    string   `json:"model"`
		Test     string   `json:"test"`
		Size     string   `json:"size"`
		Unit     string   `json:"unit"`
		Samples  string   `json:"samples"`
		Base     side     `json:"base"`
		New      side     `json:"new"`
		BaseMean *float64 `json:"base_mean"`
		NewMean  *float64 `json:"new_mean"`
		DeltaPct *float64 `json:"delta_pct"`
		P        *float64 `json:"p_value"`
		PAdj     *float64 `json:"p_adjusted"`
		Method   string   `json:"method"`
		Verdict  string   `json:"verdict"`
		Warnings []string `json:"warnings,omitempty"`
	}
	type agg struct {
		Model      string   `json:"model"`
		Phase      string   `json:"test"`
		GeoMeanPct *float64 `json:"geomean_pct"`
		LoPct      *float64 `json:"lo_pct"`
		HiPct      *float64 `json:"hi_pct"`
		Interval   string   `json:"interval"`
		P          *float64 `json:"p_value"`
		PAdj       *float64 `json:"p_adjusted"`
		Method     string   `json:"method"`
		Benchmarks int      `json:"benchmarks"`
		Verdict    string   `json:"verdict"`
		Warnings   []string `json:"warnings,omitempty"`
	}
	out := struct {
		Source     string   `json:"source"`
		Task       string   `json:"task"`
		Option     string   `json:"option"`
		Base       string   `json:"base"`
		New        string   `json:"new"`
		Alpha      float64  `json:"alpha"`
		Correction string   `json:"correction"`
		Rows       []row    `json:"rows"`
		Aggregates []agg    `json:"aggregates"`
		Warnings   []string `json:"warnings"`
	}{Source: a.Source, Task: a.Sel.Task.Label(), Option: a.Sel.Option, Base: a.Sel.Base, New: a.Sel.New,
		Alpha: alphaOf(a), Correction: a.Sig.Config.Correction.String(), Rows: []row{}, Aggregates: []agg{}, Warnings: append([]string{}, errStrings(a.Sig.Warnings)...)}
	mkSide := func(s stats.Side) side {
		return side{N: s.N, Center: num(s.Center), Lo: num(s.Lo), Hi: num(s.Hi), Interval: s.Interval}
	}
	for i := range a.Sig.Rows {
		r := &a.Sig.Rows[i]
		out.Rows = append(out.Rows, row{Model: r.Key.Model, Test: r.Key.Phase, Size: r.Label, Unit: r.Unit, Samples: r.Kind,
			Base: mkSide(r.Cmp.Base), New: mkSide(r.Cmp.New), BaseMean: num(r.BaseMean), NewMean: num(r.NewMean), DeltaPct: num(r.Cmp.Delta * 100), P: num(r.Cmp.P),
			PAdj: num(r.PAdj), Method: r.Cmp.Test, Verdict: string(r.Verdict), Warnings: errStrings(r.Warnings)})
	}
	for i := range a.Sig.Aggregates {
		g := &a.Sig.Aggregates[i]
		out.Aggregates = append(out.Aggregates, agg{Model: g.Model, Phase: g.Phase, GeoMeanPct: num((g.Res.GeoMean - 1) * 100),
			LoPct: num((g.Res.Lo - 1) * 100), HiPct: num((g.Res.Hi - 1) * 100), Interval: g.Res.Interval, P: num(g.Res.P),
			PAdj: num(g.PAdj), Method: g.Res.Test, Benchmarks: g.Rows, Verdict: string(g.Verdict), Warnings: errStrings(g.Res.Warnings)})
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

func errStrings(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}
