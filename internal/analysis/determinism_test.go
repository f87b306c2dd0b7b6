package analysis_test

import (
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// sameAnalysis compares two analyses field by field: NaN equals NaN and
// errors are equal when their messages are.
var sameAnalysis = cmp.Options{
	cmpopts.EquateNaNs(),
	cmpopts.IgnoreUnexported(sweep.Selection{}, analysis.Analysis{}),
	cmp.Comparer(func(x, y error) bool {
		if x == nil || y == nil {
			return x == nil && y == nil
		}
		return x.Error() == y.Error()
	}),
}

// bigSweep has 10 models × 8 benchmarks with 6 invocations per side, so
// that the U-test rows (and its shared cache) are compared concurrently.
func bigSweep() sweepShape {
	return sweepShape{models: []string{"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"},
		inv: 6, noise: 0.01, seed: 3, effect: map[string]float64{"m3/tg": 0.97, "m5/pp": 1.02}}
}

func TestBuildDeterministic(t *testing.T) {
	sel := selectAll(t, bigSweep().records())
	cfg := analysis.WithCorrection(stats.CorrectionBH)
	a1, a2 := build(t, sel, cfg), build(t, sel, cfg)
	if diff := cmp.Diff(a1, a2, sameAnalysis); diff != "" {
		t.Errorf("two builds differ (-first +second):\n%s", diff)
	}
	// The comparison must see some difference: a changed value changes
	// the result.
	recs := bigSweep().records()
	recs[0].Mean *= 1.5
	a3 := build(t, selectAll(t, recs), cfg)
	if cmp.Equal(a1.Sig, a3.Sig, sameAnalysis) {
		t.Fatal("sameAnalysis cannot tell different data apart")
	}
}

// Rows are compared on GOMAXPROCS goroutines; the result must not depend
// on how many.
func TestBuildGOMAXPROCS(t *testing.T) {
	sel := selectAll(t, bigSweep().records())
	cfg := analysis.WithCorrection(stats.CorrectionBH)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first *analysis.Analysis
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		a := build(t, sel, cfg)
		if len(a.Sig.Rows) != 80 {
			t.Fatalf("%d rows, want 80", len(a.Sig.Rows))
		}
		if a.Sig.Rows[0].Cmp.Test != "U-test" {
			t.Fatalf("row 0 test %q, want U-test (6 vs 6)", a.Sig.Rows[0].Cmp.Test)
		}
		for i := 1; i < len(a.Sig.Rows); i++ {
			if !a.Sig.Rows[i-1].Key.Less(a.Sig.Rows[i].Key) {
				t.Errorf("GOMAXPROCS %d: rows %d and %d out of order", procs, i-1, i)
			}
		}
		if first == nil {
			first = a
			continue
		}
		if diff := cmp.Diff(first.Sig.Rows, a.Sig.Rows, sameAnalysis); diff != "" {
			t.Errorf("GOMAXPROCS 1 vs %d: rows differ (-1 +%d):\n%s", procs, procs, diff)
		}
		if diff := cmp.Diff(first, a, sameAnalysis); diff != "" {
			t.Errorf("GOMAXPROCS 1 vs %d: analyses differ:\n%s", procs, diff)
		}
	}
}
