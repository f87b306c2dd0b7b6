package stats

import (
	"math"
	"testing"
)

func TestDecide(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		delta, p, alpha float64
		better          int
		equivalent      bool
		want            Verdict
	}{
		{+0.05, 0.01, 0.05, +1, false, Improvement},
		{-0.05, 0.01, 0.05, +1, false, Regression},
		{+0.05, 0.01, 0.05, -1, false, Regression},
		{-0.05, 0.05, 0.05, -1, false, Improvement}, // p = alpha is significant
		{-0.05, 0.06, 0.05, -1, false, Inconclusive},
		{0.001, 0.3, 0, +1, true, Equivalent},
		{0.001, 0.01, 0.05, +1, true, Improvement}, // significant wins
		{0, 0.01, 0.05, +1, false, Inconclusive},
		{0.1, nan, 0.05, +1, false, Inconclusive},
		{0.1, 0.01, 0.05, 0, false, Inconclusive},
		{nan, 0.01, 0.05, +1, true, Equivalent},
	} {
		if got := Decide(tc.delta, tc.p, tc.alpha, tc.better, tc.equivalent); got != tc.want {
			t.Errorf("Decide(%v, %v, %v, %v, %v) = %v, want %v", tc.delta, tc.p, tc.alpha, tc.better, tc.equivalent, got, tc.want)
		}
	}
}

func TestBetter(t *testing.T) {
	for unit, want := range map[string]int{
		"tok/s": +1, "tokens/sec": +1, "t/s": +1, "MB/s": +1, "B/s": +1, "ops/s": +1, "ops": +1,
		"tokens per second": +1, "req/min": +1,
		"ns/op": -1, "sec/op": -1, "s": -1, "sec": -1, "ms": -1, "ns": -1, "B/op": -1,
		"allocs/op": -1, "ms/token": -1, "": -1,
	} {
		if got := Better(unit); got != want {
			t.Errorf("Better(%q) = %d, want %d", unit, got, want)
		}
	}
	if !Worse(-0.02, Better("tok/s")) || Worse(0.02, Better("tok/s")) || !Worse(0.02, Better("ns/op")) {
		t.Error("Worse disagrees with the direction of tok/s or ns/op")
	}
}
