package analysis

import (
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/result"
)

// A gate that compared no benchmark fails (it used to pass with "0
// benchmarks", letting a renamed benchmark slip through); with one row it
// passes as before.
func TestGateNothingCompared(t *testing.T) {
	g := GateConfig{MaxRegressionPct: 1, NoiseMarginPct: 10}
	ch := check(&result.Comparison{}, g)
	if ch.Passed {
		t.Errorf("gate of a comparison without rows passed")
	}
	if !strings.HasPrefix(ch.Verdict, "FAIL: no benchmark compared") {
		t.Errorf("verdict %q, want FAIL: no benchmark compared …", ch.Verdict)
	}
	one := &result.Comparison{Rows: []result.Row{{Model: "m", Phase: "tg", Size: "32", Verdict: result.Equivalent, Better: result.BetterHigher}}}
	if ch := check(one, g); !ch.Passed || !strings.HasPrefix(ch.Verdict, "PASS") {
		t.Errorf("gate of one equivalent row: passed %v, verdict %q", ch.Passed, ch.Verdict)
	}
}
