package chart

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/sweep"
	"gonum.org/v1/plot"
)

// Speeds near the ends of float64 (1e-300 and 1e-290 tokens/s, as a test
// of the hardening work writes them) draw every chart in bounded time:
// tick labels beyond the SI prefixes print as exponents (they once printed
// with 276 decimals, leaving the panels NaN sizes that the rasterizer
// walked forever).
func TestExtremeValuesCharts(t *testing.T) {
	for _, scale := range []float64{1e-300, 1e-20, 1e20, 1e290} {
		var recs []sweep.Record
		for i, v := range []string{"7", "8", "7", "8"} {
			for _, np := range []string{"64", "128"} {
				f := 1 + 0.01*float64(i)
				if np == "128" {
					f *= 1e10 // another magnitude in the same panel
				}
				knobs := map[string]string{"dynamicOption": v, "n_prompt": np, "n_gen": "32"}
				recs = append(recs,
					sweep.Record{Test: &sweep.Test{Phase: "pp", Size: np, Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: "m"}, Knobs: knobs, Time: "2025-01-01 00:00:0" + string(rune('0'+i))}, Mean: scale * f},
					sweep.Record{Test: &sweep.Test{Phase: "tg", Size: "32", Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: "m"}, Knobs: knobs, Time: "2025-01-01 00:00:0" + string(rune('0'+i))}, Mean: scale * f})
			}
		}
		sel, err := sweep.Select(&sweep.Task{ID: 1, Name: "extreme", Records: recs}, "dynamicOption", "7", "8", nil)
		if err != nil {
			t.Fatal(err)
		}
		s := testSet(t, sel)
		for name, render := range map[string]func(io.Writer) error{
			"comparison": func(w io.Writer) error { return s.Comparison(w, "m", "pp", "en") },
			"aggregate":  func(w io.Writer) error { return s.Aggregate(w, "pp", "en") },
			"change":     func(w io.Writer) error { return s.Change(w, "pp", "en") },
			"run order":  func(w io.Writer) error { return s.RunOrder(w, "en") },
		} {
			done := make(chan error, 1)
			var buf bytes.Buffer
			go func() { done <- render(&buf) }()
			select {
			case err := <-done:
				if err != nil && !strings.Contains(err.Error(), "no ") {
					t.Errorf("scale %g, %s: %v", scale, name, err)
				}
				if err == nil {
					decode(t, name, buf.Bytes())
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("scale %g, %s: not drawn in 20 s", scale, name)
			}
		}
	}
}

func TestNiceTicksExponents(t *testing.T) {
	for _, r := range [][2]float64{{0, 1.08e-290}, {1e-300, 3e-300}, {0, 5e300}, {1e-9, 2e-9}, {0, 100}} {
		for _, tk := range (niceTicks{}).Ticks(r[0], r[1]) {
			if len(tk.Label) > 12 {
				t.Errorf("range %v: tick label %q of %d characters", r, tk.Label, len(tk.Label))
			}
		}
	}
}

// A y range one float64 step wide (found by FuzzPipeline: two sides 1e-9
// apart at 1e-236 tokens/s) gets ticks at its ends; the loop over tick
// indices above 2^53 never advanced.
func TestNiceTicksTinyRange(t *testing.T) {
	for _, lo := range []float64{1e-8, 1, 1e300, -5} {
		hi := math.Nextafter(lo, math.Inf(1))
		done := make(chan []plot.Tick, 1)
		go func() { done <- (niceTicks{}).Ticks(lo, hi) }()
		select {
		case ticks := <-done:
			if len(ticks) < 2 || len(ticks) > 100 {
				t.Errorf("range [%g, next float]: %d ticks", lo, len(ticks))
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("range [%g, next float]: no ticks in 10 s", lo)
		}
	}
}
