package stats

import (
	"errors"
	"math"
	"testing"
)

// TestTOSTReference checks TOST against values computed in Python by
// numerical integration of the t density (see TestWelchTextbook).
func TestTOSTReference(t *testing.T) {
	base := []float64{100.1, 99.8, 100.3, 99.9, 100.0, 100.2}
	new := []float64{100.2, 100.0, 100.4, 99.9, 100.1, 100.3}
	e, err := TOST(base, new, 1, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if !near(e.P, 4.09434389644e-06, 1e-6) || !near(e.Lo, -0.000957203158902, 1e-7) || !near(e.Hi, 0.00295620365865, 1e-7) {
		t.Errorf("TOST = %+v, want P=4.09434389644e-06 Lo=-0.000957203158902 Hi=0.00295620365865", e)
	}
	if !e.Equivalent {
		t.Error("not equivalent within ±1%")
	}
	// Within ±0.1% it is not: the interval reaches +0.30%.
	e, _ = TOST(base, new, 0.1, 0.05)
	if e.Equivalent || e.P <= 0.05 {
		t.Errorf("±0.1%%: %+v", e)
	}
	// A 2% change is not equivalent within ±1% however precise.
	e, _ = TOSTSummary(SummaryStats{Mean: 100, Std: 0.1, N: 16}, SummaryStats{Mean: 102, Std: 0.1, N: 16}, 1, 0)
	if e.Equivalent || e.P < 0.5 || e.Alpha != 0.05 {
		t.Errorf("2%% change: %+v", e)
	}
}

// TestTOSTLevel checks by the duality of TOST and the 1-2α interval that
// Equivalent agrees with the interval lying inside the margin.
func TestTOSTLevel(t *testing.T) {
	for _, d := range []float64{-1.5, -1, -0.8, -0.5, 0, 0.3, 0.7, 0.95, 1.2} {
		for _, sd := range []float64{0.05, 0.3, 1} {
			e, err := TOSTSummary(SummaryStats{Mean: 100, Std: sd, N: 8}, SummaryStats{Mean: 100 + d, Std: sd, N: 5}, 1, 0.05)
			if err != nil {
				t.Fatal(err)
			}
			inside := e.Lo > -0.01 && e.Hi < 0.01
			if inside != e.Equivalent {
				t.Errorf("d=%v sd=%v: interval %v..%v, equivalent %v (P=%v)", d, sd, e.Lo, e.Hi, e.Equivalent, e.P)
			}
		}
	}
}

func TestTOSTEdgeCases(t *testing.T) {
	e, err := TOST([]float64{1}, []float64{1, 2}, 1, 0)
	if err != nil || e.Equivalent || !math.IsNaN(e.P) || len(e.Warnings) == 0 {
		t.Errorf("n=1: %+v, %v", e, err)
	}
	if _, err := TOST(nil, []float64{1}, 1, 0); !errors.Is(err, ErrNoSamples) {
		t.Errorf("empty: %v", err)
	}
	if _, err := TOST([]float64{1, 2}, []float64{1, 2}, -1, 0); err == nil {
		t.Error("negative margin: no error")
	}
	// Zero variance: equivalent exactly when the difference is inside.
	e, _ = TOST([]float64{100, 100}, []float64{100.5, 100.5}, 1, 0)
	if !e.Equivalent {
		t.Errorf("constant samples 0.5%% apart: %+v", e)
	}
}
