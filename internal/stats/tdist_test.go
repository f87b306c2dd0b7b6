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
