package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
)

func TestComparison(t *testing.T) {
	sel := testSelection()
	set := testSet(t, sel)
	for _, model := range sel.Models {
		for _, phase := range sel.Phases {
			if !set.Comparable(model, phase) {
				t.Fatalf("Comparable(%s, %s) = false", model, phase)
			}
			for _, lang := range []string{"zh", "en"} {
				var buf bytes.Buffer
				if err := set.Comparison(&buf, model, phase, lang); err != nil {
					t.Fatalf("Comparison(%s, %s, %s): %v", model, phase, lang, err)
				}
				// One sweep panel (n_prompt for pp, n_gen for tg) and the direct comparison.
				name := fmt.Sprintf("comparison_%s_%s_%s", model, phase, lang)
				checkPNG(t, name, buf.Bytes(), comparisonWidth(2), comparisonHeight, valueColor(0, 0), valueColor(1, 0))
			}
		}
	}
	checkHanDrawn(t, "comparison", func(w io.Writer, lb labels) error { return set.comparison(w, "qwen2_5_0_5b", "tg", lb) })
	// The package function, and without a comparison: no centers, no direct panel.
	var buf bytes.Buffer
	if err := Comparison(&buf, sel, nil, "qwen2_5_0_5b", "pp", "en"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, "comparison_no_result", buf.Bytes(), comparisonWidth(1), comparisonHeight, valueColor(0, 0), valueColor(1, 0))
}

// The defects of the old comparison chart, on its data.
func TestComparisonPanels(t *testing.T) {
	set := testSet(t, testSelection())
	for phase, want := range map[string]int{"pp": 0, "tg": 1} { // n_prompt for pp, n_gen for tg, never the other
		d, err := set.comparisonData("qwen2_5_0_5b", phase)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.panels) != 1 || d.panels[0].dim != want {
			t.Errorf("%s: panels %+v, want one along %s", phase, d.panels, dimKnobs[want])
		}
		if n := map[string]int{"pp": 4, "tg": 3}[phase]; len(d.direct) != n {
			t.Errorf("%s: %d benchmarks in the direct comparison, want %d", phase, len(d.direct), n)
		}
	}
}

// A model measured for one value only gets no comparison chart.
func TestComparisonOneValue(t *testing.T) {
	sel := testSelection()
	recs := sel.Records[:0:0]
	for _, r := range sel.Records {
		if r.Model == "llama3_2_1b" && r.Knob("dynamicOption") == "8" {
			continue
		}
		recs = append(recs, r)
	}
	sel.Records = recs
	set := testSet(t, sel)
	if set.Comparable("llama3_2_1b", "tg") || !set.Comparable("qwen2_5_0_5b", "tg") {
		t.Errorf("Comparable: llama %v qwen %v, want false and true", set.Comparable("llama3_2_1b", "tg"), set.Comparable("qwen2_5_0_5b", "tg"))
	}
	var buf bytes.Buffer
	err := set.Comparison(&buf, "llama3_2_1b", "tg", "zh")
	if !errors.Is(err, ErrOneValue) {
		t.Errorf("Comparison of a one-value model: error %v, want ErrOneValue", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes despite the error", buf.Len())
	}
}

// With a knob that varies (threads), every series holds one knob set, so
// no line joins or averages records of different threads.
func TestComparisonKnobSets(t *testing.T) {
	sel := testSelection("m")
	n := len(sel.Records)
	for i := range n {
		r := sel.Records[i]
		knobs := map[string]string{}
		for k, v := range r.Knobs {
			knobs[k] = v
		}
		knobs["threads"] = "2"
		r.OwnCase().Knobs = knobs
		r.Mean *= 1.8 // twice the threads, much faster: a line across them would zigzag
		sel.Records = append(sel.Records, r)
	}
	for i := range n {
		knobs := map[string]string{"threads": "1"}
		for k, v := range sel.Records[i].Knobs {
			knobs[k] = v
		}
		sel.Records[i].OwnCase().Knobs = knobs
	}
	set := testSet(t, sel)
	d, err := set.comparisonData("m", "tg")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"threads=1", "threads=2"}; !reflect.DeepEqual(d.extras, want) {
		t.Fatalf("knob sets %q, want %q", d.extras, want)
	}
	for _, ser := range d.panels[0].series {
		fast := d.extras[ser.extras] == "threads=2"
		for _, q := range ser.runs {
			if (q.y > 80) != fast { // tg runs at 50..63 with 1 thread, 1.8× that with 2
				t.Errorf("series %s %s holds a run of %v", d.values[ser.value], d.extras[ser.extras], q.y)
			}
		}
		if len(ser.centers) != 3 {
			t.Errorf("series %s %s: %d centers, want 3 (one per n_gen)", d.values[ser.value], d.extras[ser.extras], len(ser.centers))
		}
	}
	if len(d.panels[0].series) != 4 {
		t.Errorf("%d series, want 2 values × 2 knob sets", len(d.panels[0].series))
	}
	var buf bytes.Buffer
	if err := set.Comparison(&buf, "m", "tg", "en"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, "comparison_threads", buf.Bytes(), comparisonWidth(2), comparisonHeight, valueColor(0, 0), valueColor(1, 0))
}

// Records without a sweep knob: the chart falls back to the test size.
func TestMissingKnob(t *testing.T) {
	sel := testSelection()
	for i := range sel.Records {
		r := &sel.Records[i]
		knobs := map[string]string{}
		for k, v := range r.Knobs {
			if k != "n_gen" && k != "n_prompt" {
				knobs[k] = v
			}
		}
		r.Knobs = knobs
	}
	set := testSet(t, sel)
	d, err := set.comparisonData("qwen2_5_0_5b", "tg")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.panels) != 1 || d.panels[0].dim != -1 || d.panels[0].cats != nil {
		t.Errorf("panels %+v, want one along the numeric test size", d.panels)
	}
	var buf bytes.Buffer
	if err := set.Comparison(&buf, "qwen2_5_0_5b", "tg", "zh"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, "chart_missing_knob", buf.Bytes(), comparisonWidth(2), comparisonHeight)
}

func BenchmarkComparison(b *testing.B) {
	set := testSet(b, testSelection())
	if _, err := loadTheme(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := set.Comparison(io.Discard, "qwen2_5_0_5b", "tg", "zh"); err != nil {
			b.Fatal(err)
		}
	}
}
