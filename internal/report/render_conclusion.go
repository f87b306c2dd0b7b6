package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
)

// conclusion writes the report's first section, the answer: per model ×
// phase (× new value) the verdict, the geometric-mean change with its
// interval and the benchmarks' verdicts; then the design caveats that
// limit it, each with its remedy; then what the old script's grand means
// would have said, and why they differ where they do.
func (m *mdWriter) conclusion(st *sigText) {
	c, sel := m.a.Result, m.a.Sel
	m.line("%s", st.conclusion)
	nway := len(c.NewValues) > 1
	for _, model := range sel.Models {
		for _, p := range sel.Phases {
			for _, v := range c.NewValues {
				a := m.a.ResultAggregate(model, p, v)
				if a == nil {
					continue
				}
				what := fmt.Sprintf("%s · %s", mdCell(model), mdCell(strings.ToUpper(p)))
				if nway {
					what += fmt.Sprintf(" · %s=%s", m.opt, mdCell(v))
				}
				k := a.Counts
				m.line(st.conclusionLine, what, verdictCell(st, a.Verdict, a.Design),
					changeInterval(a.DeltaPct, a.ChangeCILow, a.ChangeCIHigh), a.Benchmarks,
					k.Improvement, k.Regression, k.Equivalent, k.Inconclusive+k.Unverified+k.Untested)
			}
		}
	}
	if len(c.Aggregates) == 0 {
		m.line("- %s", st.noRows)
	}
	m.line("")
	m.changeCharts()
	m.caveats(st)
	m.oldScript(st)
}

// caveats lists what limits the conclusion: the design findings, too few
// invocations for the distribution-free test, single invocations; each
// with its remedy.
func (m *mdWriter) caveats(st *sigText) {
	c := m.a.Result
	var lines []string
	for _, f := range c.Design {
		lines = append(lines, "⚠ "+mdCell(findingText(f, c.Option, m.lang)))
	}
	if len(c.Design) > 0 {
		if m.has != nil && m.has.HasRunOrder() {
			lines = append(lines, fmt.Sprintf(m.t.seeRunOrder, m.n.RunOrder()))
		}
		lines = append(lines, fmt.Sprintf(st.remedyRun, m.opt))
	}
	small, single := map[string]int{}, 0 // phase → fewest invocations per side of a Welch row
	for _, r := range c.Rows {
		switch {
		case r.Samples == result.SamplesRepetitions || r.Samples == result.SamplesSummary:
			single++
		case r.Method == result.MethodWelch && c.Settings.Assume == "nothing":
			n := min(r.Base.N, r.New.N)
			if old, ok := small[r.Phase]; !ok || n < old {
				small[r.Phase] = n
			}
		}
	}
	phases := make([]string, 0, len(small))
	for p := range small {
		phases = append(phases, p)
	}
	sort.Strings(phases)
	for _, p := range phases {
		lines = append(lines, fmt.Sprintf(st.fewRuns, mdCell(strings.ToUpper(p)), small[p], c.Settings.MinUTest))
	}
	if single > 0 {
		lines = append(lines, fmt.Sprintf(st.singleRuns, single))
	}
	if len(lines) == 0 {
		return
	}
	m.line("%s", st.caveatsTitle)
	for _, l := range lines {
		m.line("- %s", l)
	}
	m.line("")
}

// oldScript says what the old script's difference of grand means would
// have reported per model × phase, and why it differs from the geometric
// mean of the matched ratios where their signs disagree.
func (m *mdWriter) oldScript(st *sigText) {
	var parts, disagree []string
	for _, d := range m.a.Diffs {
		a := m.a.ResultAggregate(d.Model, d.Phase, d.New.Value)
		part := fmt.Sprintf("%s %s %+.2f%%", mdCell(d.Model), mdCell(d.Phase), d.SpeedPct)
		if len(m.a.Sel.NewValues()) > 1 {
			part += fmt.Sprintf(" (%s=%s)", m.opt, mdCell(d.New.Value))
		}
		parts = append(parts, part)
		if a == nil || !a.DeltaPct.Valid() || math.IsNaN(d.SpeedPct) {
			continue
		}
		if (d.SpeedPct > 0) != (float64(a.DeltaPct) > 0) && d.SpeedPct != 0 && a.DeltaPct != 0 {
			why := st.whyMixed
			if d.NDiff != 0 {
				why = st.whyGrid
			}
			disagree = append(disagree, fmt.Sprintf(st.disagreeFmt, mdCell(d.Model), mdCell(d.Phase), d.SpeedPct, float64(a.DeltaPct), why))
		}
	}
	if len(parts) == 0 {
		return
	}
	m.line(st.oldScript, strings.Join(parts, st.listSep))
	for _, d := range disagree {
		m.line("- %s", d)
	}
	m.line("")
}
