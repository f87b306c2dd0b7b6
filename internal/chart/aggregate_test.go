package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"testing"
)

func TestAggregate(t *testing.T) {
	sel := testSelection()
	set := testSet(t, sel)
	for _, lang := range []string{"zh", "en"} {
		for _, phase := range sel.Phases {
			var buf bytes.Buffer
			if err := set.Aggregate(&buf, phase, lang); err != nil {
				t.Fatalf("Aggregate(%s, %s): %v", phase, lang, err)
			}
			checkPNG(t, fmt.Sprintf("aggregate_%s_%s", phase, lang), buf.Bytes(), aggregateWidth, aggregateHeight(1), valueColor(0, 0), valueColor(1, 0))
		}
	}
	checkHanDrawn(t, "aggregate", func(w io.Writer, lb labels) error { return set.aggregate(w, "tg", lb) })
}

// The old tool drew pp records into the tg aggregate chart, and models of
// 60 and 40 tokens/s on one raw axis, where a 3% change does not show.
func TestAggregateData(t *testing.T) {
	sel := testSelection()
	set := testSet(t, sel)
	for _, phase := range []string{"pp", "tg"} {
		d, err := set.aggregateData(phase)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.rows) != 1 || d.rows[0].dim != map[string]int{"pp": 0, "tg": 1}[phase] {
			t.Fatalf("%s: rows %+v, want one along its own dimension", phase, d.rows)
		}
		var n int
		for _, ser := range d.rows[0].speed {
			for _, q := range ser.pts {
				n++
				// Base runs scatter around 0 (noise ±1% pp, ±2% tg), new ones around +3%.
				want := map[int]float64{0: 0, 1: 3}[ser.value]
				if math.Abs(q.y-want) > 3 {
					t.Errorf("%s %s=%s: relative speed %.2f%%, want %v ± 3", phase, d.models[ser.model], d.values[ser.value], q.y, want)
				}
			}
			if len(ser.lines) != 1 {
				t.Errorf("%s: %d lines in a series of one knob set", phase, len(ser.lines))
			}
		}
		if want := len(sel.Records) / 2; n != want { // every record of its phase, none of the other
			t.Errorf("%s: %d points, want %d", phase, n, want)
		}
	}
}
