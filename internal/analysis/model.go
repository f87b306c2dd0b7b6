package analysis

import (
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// model builds the one result of a: what every renderer of the comparison
// reads. It is computed once, by Build, and takes the result rows that
// the comparison of the benchmarks made (buildSignificance).
func (a *Analysis) model(rows []result.Row) *result.Comparison {
	sig, sel, cfg := a.Sig, a.Sel, a.Sig.Config
	c := &result.Comparison{
		Schema: result.SchemaVersion, Source: a.Source, Task: sel.Task.Label(),
		Option: sel.Option, Base: sel.Base, New: sel.New, NewValues: append([]string{}, sel.NewValues()...),
		Settings: result.Settings{Alpha: cfg.Alpha, Confidence: cfg.Confidence, Assume: assumeName(cfg.Method),
			MinUTest: cfg.MinUTest, Correction: cfg.Correction.String(), MarginPct: cfg.MarginPct},
		Design:     append([]result.Finding{}, sig.Findings...),
		Rows:       rows,
		Aggregates: make([]result.Aggregate, 0, len(sig.Aggregates)),
		Warnings:   []string{},
	}
	c.Models = []result.ModelInfo{}
	for _, m := range sel.Models {
		c.Models = append(c.Models, result.ModelInfo{Name: m, Knobs: append([]string{}, sel.ModelKnobs(m)...)})
	}
	for i := range sig.Aggregates {
		c.Aggregates = append(c.Aggregates, sig.Aggregates[i].model())
	}
	c.Check = check(c, cfg.Gate)
	return c
}

func assumeName(m stats.Method) string {
	if m == stats.Welch {
		return "normal"
	}
	return "nothing"
}

func (r *Row) model() result.Row {
	c := r.Cmp
	out := result.Row{
		Model: r.Key.Model, Phase: r.Key.Phase, Size: r.Label, NewValue: r.Value, Unit: r.Unit, Better: stats.BetterName(r.Better),
		Method: methodName(c.Test), Center: c.Base.Statistic, Interval: intervalName(c.Base.Interval, c.New.Interval),
		Samples: r.Kind,
		Base:    side(c.Base), New: side(c.New),
		BaseMean: num(r.BaseMean), NewMean: num(r.NewMean),
		DeltaPct: num(c.Delta * 100), ChangeCILow: num(r.DeltaLo * 100), ChangeCIHigh: num(r.DeltaHi * 100),
		P: num(c.P), PAdjusted: num(r.PAdj), TOSTP: num(r.Equiv.P),
		Significant: r.Significant, Verdict: r.Verdict, Design: r.Design, Notes: errStrings(r.Warnings),
	}
	if out.Center == "" {
		out.Center = result.CenterMean
	}
	return out
}

func (g *Aggregate) model() result.Aggregate {
	res := g.Res
	out := result.Aggregate{
		Model: g.Model, Phase: g.Phase, NewValue: g.Value, Unit: g.Unit, Better: stats.BetterName(g.Better), Benchmarks: g.Rows,
		Method: aggMethodName(res.Test), Interval: intervalName(res.Interval, res.Interval),
		DeltaPct: num((res.GeoMean - 1) * 100), ChangeCILow: num((res.Lo - 1) * 100), ChangeCIHigh: num((res.Hi - 1) * 100),
		P: num(res.P), PAdjusted: num(g.PAdj), Significant: g.Significant, Verdict: g.Verdict, Design: g.Design,
		Counts: g.Counts, Notes: errStrings(res.Warnings),
	}
	if g.OneInvocation {
		out.Notes = append(out.Notes, "every benchmark was measured in one invocation per side: run-to-run drift is not covered; run at least 2 invocations per side")
	}
	return out
}

func side(s stats.Side) result.Side {
	return result.Side{N: s.N, Center: num(s.Center), Lo: num(s.Lo), Hi: num(s.Hi)}
}

// num makes f a result.Num; infinities become undefined.
func num(f float64) result.Num {
	if math.IsInf(f, 0) {
		return result.NaN()
	}
	return result.Num(f)
}

func methodName(test string) string {
	switch test {
	case stats.UTest:
		return result.MethodUTest
	case stats.WelchTest:
		return result.MethodWelch
	case stats.WelchSumTest:
		return result.MethodWelchSummary
	}
	return result.MethodNone
}

func aggMethodName(test string) string {
	switch test {
	case stats.WilcoxonTest:
		return result.MethodWilcoxon
	case stats.LogTTest:
		return result.MethodLogT
	}
	return result.MethodNone
}

// intervalName names the interval kind of two sides; when they differ,
// both, base first ("ci/range").
func intervalName(base, new string) string {
	b, n := intervalKind(base), intervalKind(new)
	if b == n {
		return b
	}
	return b + "/" + n
}

func intervalKind(s string) string {
	switch {
	case s == stats.IntervalRange:
		return result.IntervalRange
	case strings.Contains(s, "t-interval"):
		return result.IntervalT
	case strings.Contains(s, "bootstrap"):
		return result.IntervalBootstrap
	case strings.HasSuffix(s, " CI"):
		return result.IntervalCI
	}
	return result.IntervalNone
}

func errStrings(errs []error) []string {
	out := []string{}
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}
