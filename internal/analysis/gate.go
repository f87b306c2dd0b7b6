package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/sweepstat/sweepstat/internal/result"
)

// check applies the regression gate to the rows and aggregates of c:
//
//   - a row or aggregate whose verdict is regression (significant after
//     correction, and not proven within the equivalence margin) fails when
//     its point estimate of the slowdown exceeds its limit: the phase's
//     entry in PhaseLimits, else MaxRegressionPct (by default the margin);
//     otherwise it is tolerated. The test already demands confidence that a
//     slowdown exists; the limit says how large a slowdown is accepted, and
//     holding it to the best estimate catches a real slowdown just above
//     the limit about half the time rather than never;
//   - an unverified row or aggregate (one invocation per side) that is
//     significant in the worse direction fails only beyond
//     max(limit, NoiseMarginPct): its test sees the repetitions of one run,
//     not the drift between runs;
//   - an untested row, or one whose unit has no known direction, is listed
//     as untested, and fails the gate only with FailUntested.
//
// Equivalent, improved and inconclusive rows never fail; a comparison
// without a single row fails.
func check(c *result.Comparison, g GateConfig) result.Check {
	ch := result.Check{Passed: true, Settings: result.GateSettings{MaxRegressionPct: g.MaxRegressionPct,
		PhaseLimits: map[string]float64{}, NoiseMarginPct: g.NoiseMarginPct, FailUntested: g.FailUntested},
		Regressions: []result.GateFinding{}, Tolerated: []result.GateFinding{}, Untested: []result.GateFinding{}}
	for p, l := range g.PhaseLimits {
		ch.Settings.PhaseLimits[p] = l
	}
	for i := range c.Rows {
		r := &c.Rows[i]
		ch.Counts.Add(r.Verdict)
		f := result.GateFinding{Model: r.Model, Phase: r.Phase, Size: r.Size, NewValue: r.NewValue, DeltaPct: r.DeltaPct,
			ChangeCILow: r.ChangeCILow, ChangeCIHigh: r.ChangeCIHigh, SlowdownPct: slowdown(r.DeltaPct, r.Better),
			PAdjusted: r.PAdjusted, LimitPct: g.limit(r.Phase), Method: r.Method, Verdict: r.Verdict, Design: r.Design}
		switch {
		case r.Verdict == result.Untested:
			f.Note = fmt.Sprintf("n=%d+%d: no test possible; run more invocations", r.Base.N, r.New.N)
			ch.Untested = append(ch.Untested, f)
		case r.Better == result.BetterUnknown:
			f.Note = fmt.Sprintf("unit %q has no known direction; add the line \"Unit %s better=higher\" (or lower)", r.Unit, r.Unit)
			ch.Untested = append(ch.Untested, f)
		default:
			addFinding(&ch, f, r.Significant, g)
		}
	}
	for i := range c.Aggregates {
		a := &c.Aggregates[i]
		f := result.GateFinding{Model: a.Model, Phase: a.Phase, Size: "all", NewValue: a.NewValue, DeltaPct: a.DeltaPct,
			ChangeCILow: a.ChangeCILow, ChangeCIHigh: a.ChangeCIHigh, SlowdownPct: slowdown(a.DeltaPct, a.Better),
			PAdjusted: a.PAdjusted, LimitPct: g.limit(a.Phase), Method: a.Method, Verdict: a.Verdict, Design: a.Design}
		if a.Better != result.BetterUnknown {
			addFinding(&ch, f, a.Significant, g)
		}
	}
	sort.SliceStable(ch.Regressions, func(i, j int) bool {
		return ch.Regressions[i].SlowdownPct > ch.Regressions[j].SlowdownPct
	})
	// A gate that compared nothing proves nothing: when base and new share
	// no benchmark (one was renamed, a filter kept nothing of one side),
	// it fails rather than let the change through unseen.
	ch.Passed = len(c.Rows) > 0 && len(ch.Regressions) == 0 && !(g.FailUntested && len(ch.Untested) > 0)
	ch.Verdict = verdictLine(&ch, c.Settings, len(c.Rows))
	return ch
}

// addFinding files f as a regression beyond its limit or a tolerated one,
// if it is either.
func addFinding(ch *result.Check, f result.GateFinding, significant bool, g GateConfig) {
	if !significant || !f.SlowdownPct.Valid() || f.SlowdownPct <= 0 {
		return
	}
	switch f.Verdict {
	case result.Regression:
	case result.Unverified:
		f.LimitPct = math.Max(f.LimitPct, g.NoiseMarginPct)
		f.Note = "one invocation per side: run-to-run drift not covered, held to the noise margin"
	default:
		return
	}
	if float64(f.SlowdownPct) > f.LimitPct {
		ch.Regressions = append(ch.Regressions, f)
	} else {
		ch.Tolerated = append(ch.Tolerated, f)
	}
}

func slowdown(deltaPct result.Num, better string) result.Num {
	switch better {
	case result.BetterHigher:
		return -deltaPct
	case result.BetterLower:
		return deltaPct
	}
	return result.NaN()
}

// verdictLine is the gate's one-line verdict, in English.
func verdictLine(ch *result.Check, s result.Settings, rows int) string {
	how := fmt.Sprintf("limit %s; %s correction, α=%g", limitText(ch.Settings), s.Correction, s.Alpha)
	switch {
	case rows == 0:
		return fmt.Sprintf("FAIL: no benchmark compared: base and new have none in common (renamed benchmarks?) (%s)", how)
	case len(ch.Regressions) > 0:
		return fmt.Sprintf("FAIL: %d regression(s) beyond the limit (%s)", len(ch.Regressions), how)
	case !ch.Passed:
		return fmt.Sprintf("FAIL: %d benchmark(s) could not be tested (%s)", len(ch.Untested), how)
	}
	return fmt.Sprintf("PASS: no regression beyond the limit (%s)", how)
}

// limitText describes the limits: "1%, tg 0.5%; one-invocation benchmarks
// at least 10%".
func limitText(g result.GateSettings) string {
	s := fmt.Sprintf("%g%%", g.MaxRegressionPct)
	if g.MaxRegressionPct == 0 {
		s = "any regression"
	}
	for _, p := range sortedPhases(g.PhaseLimits) {
		s += fmt.Sprintf(", %s %g%%", p, g.PhaseLimits[p])
	}
	return s + fmt.Sprintf("; one-invocation benchmarks at least %g%%", g.NoiseMarginPct)
}
