package stats

import (
	"math"
	"testing"
)

func TestDecide(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		d       Decision
		want    Verdict
		wantSig bool
	}{
		{Decision{Delta: +0.05, PAdj: 0.01, Better: +1}, Improvement, true},
		{Decision{Delta: -0.05, PAdj: 0.01, Better: +1}, Regression, true},
		{Decision{Delta: +0.05, PAdj: 0.01, Better: -1}, Regression, true},
		{Decision{Delta: -0.05, PAdj: 0.05, Better: -1}, Improvement, true}, // p = alpha is significant
		{Decision{Delta: -0.05, PAdj: 0.06, Better: -1}, Inconclusive, false},
		{Decision{Delta: 0.001, PAdj: 0.3, Better: +1, Equivalent: true}, Equivalent, false},
		// Significant but proven within the margin: equivalent, and says so.
		{Decision{Delta: -0.0025, PAdj: 0.001, Better: +1, Equivalent: true}, Equivalent, true},
		{Decision{Delta: 0, PAdj: 0.01, Better: +1}, Inconclusive, true},
		{Decision{Delta: 0.1, PAdj: nan, Better: +1}, Untested, false},
		// An unknown direction decides nothing.
		{Decision{Delta: 0.1, PAdj: 0.01, Better: 0}, Inconclusive, true},
		// One invocation per side: never a regression, whatever p says.
		{Decision{Delta: -0.07, PAdj: 0.007, Better: +1, OneInvocation: true}, Unverified, true},
		{Decision{Delta: 0, PAdj: 1, Better: +1, Identical: true}, Equivalent, false},
	} {
		tc.d.Alpha = 0.05
		got, sig := Decide(tc.d)
		if got != tc.want || sig != tc.wantSig {
			t.Errorf("Decide(%+v) = %v, %v; want %v, %v", tc.d, got, sig, tc.want, tc.wantSig)
		}
	}
}

func TestBetter(t *testing.T) {
	for unit, want := range map[string]int{
		"tok/s": +1, "tokens/sec": +1, "t/s": +1, "MB/s": +1, "B/s": +1, "ops/s": +1, "ops": +1,
		"tokens per second": +1, "req/min": +1, "tokens/s": +1, "GFLOPS": +1, "FLOPS": +1, "Hz": +1,
		"GB/s": +1, "req/s": +1,
		"ns/op": -1, "sec/op": -1, "s": -1, "sec": -1, "ms": -1, "ns": -1, "us": -1, "B/op": -1,
		"allocs/op": -1, "ms/token": -1, "J": -1, "W": -1,
		"": 0, "score": 0, "widgets": 0,
	} {
		if got := Better(unit); got != want {
			t.Errorf("Better(%q) = %d, want %d", unit, got, want)
		}
	}
	if !Worse(-0.02, Better("tok/s")) || Worse(0.02, Better("tok/s")) || !Worse(0.02, Better("ns/op")) {
		t.Error("Worse disagrees with the direction of tok/s or ns/op")
	}
}
