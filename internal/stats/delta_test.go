package stats

import (
	"math"
	"testing"
)

// TestDeltaCI checks the interval against a hand computation: base
// {10, 12} (mean 11, var 2), new {13, 15} (mean 14, var 2): se = sqrt(2/2 +
// 2/2) = sqrt(2), df = (1+1)²/(1/1+1/1) = 2, t(0.975, 2) = 4.302653, so the
// difference is 3 ± 4.302653·√2 = 3 ± 6.084870, relative to 11:
// [-0.2804427, 0.8258973].
func TestDeltaCI(t *testing.T) {
	lo, hi := DeltaCI(SummaryOf([]float64{10, 12}), SummaryOf([]float64{13, 15}), 0.95)
	if math.Abs(lo-(-0.2804427)) > 1e-6 || math.Abs(hi-0.8258973) > 1e-6 {
		t.Errorf("DeltaCI = [%v, %v], want [-0.2804427, 0.8258973]", lo, hi)
	}
	if lo, _ := DeltaCI(SummaryOf([]float64{10}), SummaryOf([]float64{13, 15}), 0); !math.IsNaN(lo) {
		t.Errorf("one base sample: lo = %v, want NaN", lo)
	}
}
