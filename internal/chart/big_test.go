package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// bigSelection is a sweep in the shape of the real database's task 3
// (16 n_prompt × 4 n_gen, pp and tg per invocation), times rounds, for
// models models: 512 × rounds × models records. Values alternate by round.
// It selects them as the CLI does (sweep.Select).
func bigSelection(tb testing.TB, models, rounds int) *sweep.Selection {
	tb.Helper()
	sel := &sweep.Selection{}
	start := time.Date(2025, 11, 27, 16, 0, 0, 0, time.UTC)
	i := 0
	for m := range models {
		name := fmt.Sprintf("model_%03d", m)
		for range rounds {
			for k, v := range []string{"7", "8"} {
				for np := 64; np <= 1024; np += 64 {
					for ng := 32; ng <= 128; ng += 32 {
						i++
						noise := math.Sin(float64(i) * 1.3)
						knobs := map[string]string{"n_prompt": strconv.Itoa(np), "n_gen": strconv.Itoa(ng), "dynamicOption": v}
						at := start.Add(time.Duration(i) * 10 * time.Second).Format(time.DateTime)
						gain := 1 + 0.01*float64(k)
						sel.Records = append(sel.Records,
							sweep.Record{Test: &sweep.Test{Phase: "pp", Size: strconv.Itoa(np)}, Case: &sweep.Case{Origin: &sweep.Origin{Model: name}, Knobs: knobs, Time: at}, Mean: (80 + float64(np)/64) * gain * (1 + 0.003*noise), Std: 0.05},
							sweep.Record{Test: &sweep.Test{Phase: "tg", Size: strconv.Itoa(ng)}, Case: &sweep.Case{Origin: &sweep.Origin{Model: name}, Knobs: knobs, Time: at}, Mean: (28 + float64(m)) * gain * (1 + 0.005*noise), Std: 0.05},
						)
					}
				}
			}
		}
	}
	sel, err := sweep.Select(&sweep.Task{ID: 1, Name: "big", Records: sel.Records}, "dynamicOption", "7", "8", nil)
	if err != nil {
		tb.Fatal(err)
	}
	return sel
}

// Panels draw what their pixels can show: however many records, a series
// holds at most one point per cell.
func TestPointsBounded(t *testing.T) {
	sel := bigSelection(t, 2, 64) // 65,536 records
	s := NewSet(sel, nil)
	d, err := s.comparisonData("model_000", "tg")
	if err != nil {
		t.Fatal(err)
	}
	for _, ser := range d.panels[0].series {
		if n := len(ser.runs); n > 4*maxPerX {
			t.Errorf("comparison series holds %d points, more than 4 sizes × %d", n, maxPerX)
		}
	}
	ad, err := s.aggregateData("pp")
	if err != nil {
		t.Fatal(err)
	}
	for _, ser := range ad.rows[0].speed {
		// 256 points per size and value: summarized.
		if n, m := len(ser.pts), len(ser.spreads); n != 0 || m != 16 {
			t.Errorf("aggregate series holds %d points and %d spreads, want 0 and one per size (16)", n, m)
		}
		for _, sp := range ser.spreads {
			if !(sp.lo <= sp.median && sp.median <= sp.hi && sp.lo < sp.hi) {
				t.Errorf("spread %+v: want lo ≤ median ≤ hi, lo < hi", sp)
			}
		}
	}
	rd, err := s.runOrderData()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rd.panels {
		for _, p := range row {
			for _, ser := range p.series {
				if n := len(ser.pts); n > runXCells*runYCells || n >= 16384 {
					t.Errorf("run-order series holds %d of 16384 points", n)
				}
				if len(ser.trend) != runBins {
					t.Errorf("trend of %d slices, want %d", len(ser.trend), runBins)
				}
			}
		}
	}
}

// More models than panels: pooled run order, one change panel of every
// model, and every chart still rendered.
func TestManyModels(t *testing.T) {
	sel := bigSelection(t, 20, 1)
	s := testSet(t, sel)
	rd, err := s.runOrderData()
	if err != nil {
		t.Fatal(err)
	}
	if !rd.pooled || len(rd.panels) != 1 {
		t.Errorf("run order of 20 models: pooled %v, %d rows; want one pooled row", rd.pooled, len(rd.panels))
	}
	cd := newChangeData(s.c, "tg")
	if !cd.grouped || len(cd.panels) != 1 || cd.models != 20 || len(cd.panels[0].cats) != 20 || len(cd.panels[0].aggs) != 20 {
		t.Fatalf("change chart of 20 models: grouped %v, %d panels, %d models, %d aggregates; want one panel of 20", cd.grouped, len(cd.panels), cd.models, len(cd.panels[0].aggs))
	}
	for _, q := range cd.panels[0].series[0].pts { // each benchmark in its model's slot
		if m := int(math.Round(q.x)); math.Abs(q.x-float64(m)) > 0.35+1e-9 {
			t.Errorf("point at x=%v outside a model's slot", q.x)
		}
	}
	var buf bytes.Buffer
	if err := s.Change(&buf, "tg", "zh"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, "change_many_models", buf.Bytes(), min(max(changeSlotW*20, 3*changePanelW), changeMaxW)+changeLegend, changePanelH+changeTop, verdictColours(s.c, "tg")...)
	for name, render := range map[string]func(io.Writer) error{
		"run order": func(w io.Writer) error { return s.RunOrder(w, "zh") },
		"aggregate": func(w io.Writer) error { return s.Aggregate(w, "tg", "zh") },
	} {
		if err := render(io.Discard); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// BenchmarkCharts renders every chart of a report of 1,048,576 records (4
// models × 256 cases × 2 values × 512 rounds × pp and tg): indexing once, then each
// chart, as compare.Result.Files does. The selection's benchmark keys are
// computed before, as the analysis does.
func BenchmarkCharts(b *testing.B) {
	sel := bigSelection(b, 4, 512)
	sel.Keys()
	if _, err := loadTheme(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s := NewSet(sel, nil)
		for _, phase := range sel.Phases {
			for _, m := range sel.Models {
				if err := s.Comparison(io.Discard, m, phase, "zh"); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.Aggregate(io.Discard, phase, "zh"); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.RunOrder(io.Discard, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}
