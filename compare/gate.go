package compare

import (
	"context"
	"strings"
	"testing"
)

// Gate runs the comparison spec describes and fails t, once, when any
// benchmark or aggregate regressed beyond its limit (see README.md,
// "Regression gate"): the message starts with the design findings (the
// option confounded with run order or session), then the verdict and a
// table of what regressed. When the gate passes it logs the comparison
// (visible with go test -v). Bad input fails t with the error. Use it in
// a test:
//
//	func TestNoDecodeRegression(t *testing.T) {
//		compare.Gate(t, compare.Spec{DB: "testdata/benchmark_results.db",
//			Option: "dynamicOption", Base: "7", New: "8", MaxRegression: compare.Pct(2)})
//	}
//
// With spec.Sweep.File set, Gate first runs the sweep (RunSweep) into
// spec.DB, resuming, then gates on what it recorded; under go test -short
// it runs only the sweep's preflight and skips the comparison.
func Gate(t testing.TB, spec Spec) {
	t.Helper()
	if spec.Sweep.File != "" {
		gated, ok, err := RunSweep(context.Background(), spec, testing.Short())
		if err != nil {
			t.Fatalf("sweepstat gate: %v", err)
			return
		}
		if !ok {
			t.Logf("sweepstat gate: -short: preflight of %s passed; sweep not run", spec.Sweep.File)
			return
		}
		spec = gated
	}
	res, err := Run(spec)
	if err != nil {
		t.Fatalf("sweepstat gate: %v", err)
		return
	}
	c := res.a.Result
	var b strings.Builder
	res.WriteCheck(&b, FormatText, English)
	if !c.Check.Passed {
		t.Errorf("sweepstat gate, %s %s vs %s:\n%s", c.Option, c.Base, c.New, b.String())
		return
	}
	var full strings.Builder
	res.Write(&full, FormatText, English)
	t.Logf("sweepstat gate, %s %s vs %s:\n%s\n%s", c.Option, c.Base, c.New, b.String(), full.String())
}
