package stats

import (
	"math"
	"testing"

	moremath "github.com/aclements/go-moremath/stats"
)

// TestTQuantile checks the Newton-method t quantile against table values
// (Student's t, two-sided 95%: 12.706, 2.776, 2.228, 2.042) and against its
// own CDF over a grid of df and q.
func TestTQuantile(t *testing.T) {
	for _, c := range []struct{ df, q, want float64 }{
		{1, 0.975, 12.7062047}, {4, 0.975, 2.7764451}, {10, 0.975, 2.2281389}, {30, 0.975, 2.0422725}, {10, 0.025, -2.2281389},
	} {
		if got := tQuantile(c.q, c.df); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("tQuantile(%v, %v) = %v, want %v", c.q, c.df, got, c.want)
		}
	}
	for _, df := range []float64{1, 1.5, 2.7, 4.2, 7.9, 15.3, 100, 1e4} {
		d := moremath.TDist{V: df}
		for _, q := range []float64{0.0005, 0.025, 0.05, 0.5, 0.9, 0.975, 0.9995} {
			if x := tQuantile(q, df); math.Abs(d.CDF(x)-q) > 1e-12 {
				t.Errorf("CDF(tQuantile(%v, %v) = %v) = %v", q, df, x, d.CDF(x))
			}
		}
	}
}

// tQuantile gives what tQuantileOf computes, bit for bit, the first time
// and from its memo after, for whole degrees of freedom (remembered) and
// fractional or huge ones (not), from goroutines at once.
func TestTQuantileMemo(t *testing.T) {
	dfs := []float64{1, 2, 7, 29, 30.5, 1e5, 65536}
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 3 {
				for _, df := range dfs {
					for _, q := range []float64{0.975, 0.95, 0.5} {
						if got, want := tQuantile(q, df), tQuantileOf(q, df); math.Float64bits(got) != math.Float64bits(want) {
							t.Errorf("tQuantile(%v, %v) = %v, computed %v", q, df, got, want)
						}
					}
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	tMemo.Lock()
	defer tMemo.Unlock()
	if _, ok := tMemo.q[[2]float64{0.975, 7}]; !ok {
		t.Error("whole df 7 not remembered")
	}
	for _, df := range []float64{30.5, 1e5} {
		if _, ok := tMemo.q[[2]float64{0.975, df}]; ok {
			t.Errorf("df %v remembered", df)
		}
	}
}
