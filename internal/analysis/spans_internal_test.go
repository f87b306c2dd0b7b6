package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// spansReference is the per-record definition of spansByModel.
func spansReference(sel *sweep.Selection) map[string]span {
	out := map[string]span{}
	for i := range sel.Records {
		r := &sel.Records[i]
		sp, ok := out[r.Model]
		if !ok {
			sp = span{first: map[string]string{}, last: map[string]string{}}
			out[r.Model] = sp
		}
		if r.Time == "" {
			continue
		}
		v := r.Knobs[sel.Option]
		if f, ok := sp.first[v]; !ok || r.Time < f {
			sp.first[v] = r.Time
		}
		if l, ok := sp.last[v]; !ok || r.Time > l {
			sp.last[v] = r.Time
		}
	}
	return out
}

// spansByModel and spanOfAll give the first and last time of each value
// as the per-record definition does: models interleaved, times missing,
// out of order, values outside the selection's.
func TestSpansByModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		sel := &sweep.Selection{Option: "o", Base: "7", New: "8"}
		for range rng.IntN(60) {
			r := sweep.Record{Test: &sweep.Test{}, Case: &sweep.Case{Origin: &sweep.Origin{Model: fmt.Sprint("m", rng.IntN(4))}, Knobs: map[string]string{"o": []string{"7", "8", "9", ""}[rng.IntN(4)]}}}
			if rng.IntN(5) > 0 {
				r.Time = fmt.Sprintf("2025-11-27 16:%02d:%02d", rng.IntN(60), rng.IntN(60))
			}
			sel.Records = append(sel.Records, r)
		}
		opt := cmp.AllowUnexported(span{})
		if diff := cmp.Diff(spansReference(sel), spansByModel(sel), opt); diff != "" {
			t.Fatalf("trial %d (-reference +spansByModel):\n%s", trial, diff)
		}
		all := span{first: map[string]string{}, last: map[string]string{}}
		for _, sp := range spansReference(sel) {
			for v, f := range sp.first {
				if g, ok := all.first[v]; !ok || f < g {
					all.first[v] = f
				}
				if l, ok := all.last[v]; !ok || sp.last[v] > l {
					all.last[v] = sp.last[v]
				}
			}
		}
		if diff := cmp.Diff(all, spanOfAll(sel), opt); diff != "" {
			t.Fatalf("trial %d (-reference +spanOfAll):\n%s", trial, diff)
		}
	}
}
