package chart

import (
	"bytes"
	"errors"
	"io"
	"math"
	"slices"
	"testing"
	"time"
)

func TestRunOrder(t *testing.T) {
	sel := testSelection()
	set := testSet(t, sel)
	if !set.HasRunOrder() {
		t.Fatal("HasRunOrder = false")
	}
	for _, lang := range []string{"zh", "en"} {
		var buf bytes.Buffer
		if err := set.RunOrder(&buf, lang); err != nil {
			t.Fatal(err)
		}
		checkPNG(t, "run_order_"+lang, buf.Bytes(), 2*runPanelW+runLegend, 2*runPanelH+runTop, valueColor(0, 0), valueColor(1, 0))
	}
	checkHanDrawn(t, "run_order", func(w io.Writer, lb labels) error { return set.runOrder(w, lb) })

	// Some records without a time: counted in their panel.
	for i := range sel.Records {
		if i%10 == 0 {
			sel.Records[i].Time = "yesterday"
		}
	}
	d, err := NewSet(sel, nil).runOrderData()
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, row := range d.panels {
		for _, p := range row {
			missing += p.missing
		}
	}
	if want := (len(sel.Records) + 9) / 10; missing != want {
		t.Errorf("%d records counted without a time, want %d", missing, want)
	}

	// None: ErrNoTimes, and nothing written.
	for i := range sel.Records {
		sel.Records[i].Time = ""
	}
	set = NewSet(sel, nil)
	var buf bytes.Buffer
	if err := set.RunOrder(&buf, "zh"); !errors.Is(err, ErrNoTimes) || buf.Len() != 0 || set.HasRunOrder() {
		t.Errorf("RunOrder without times: %v, %d bytes, HasRunOrder %v; want ErrNoTimes, nothing", err, buf.Len(), set.HasRunOrder())
	}
}

// Records of one value first, then the other: the run-order data shows the
// split (every base time before every new time) and the 3% step.
func TestRunOrderData(t *testing.T) {
	d, err := testSet(t, testSelection()).runOrderData()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.panels) != 2 || len(d.panels[0]) != 2 || d.pooled {
		t.Fatalf("panels %d×%d pooled %v, want 2×2 unpooled", len(d.panels), len(d.panels[0]), d.pooled)
	}
	for _, row := range d.panels {
		for _, p := range row {
			if len(p.series) != 2 {
				t.Fatalf("%s %s: %d series", p.model, p.phase, len(p.series))
			}
			lastBase, firstNew := math.Inf(-1), math.Inf(1)
			for _, q := range p.series[0].pts {
				lastBase = math.Max(lastBase, q.x)
			}
			for _, q := range p.series[1].pts {
				firstNew = math.Min(firstNew, q.x)
			}
			if !(lastBase < firstNew) {
				t.Errorf("%s %s: base ran until %v, new from %v", p.model, p.phase, lastBase, firstNew)
			}
			b, n := medianY(p.series[0].trend), medianY(p.series[1].trend)
			if r := n / b; math.Abs(r-1.03) > 0.01 {
				t.Errorf("%s %s: new/base %.4f, want about 1.03", p.model, p.phase, r)
			}
		}
	}
	if got := d.dates(); got != "2025-11-27" {
		t.Errorf("dates %q", got)
	}
}

func medianY(pts []point) float64 {
	ys := make([]float64, len(pts))
	for i, p := range pts {
		ys[i] = p.y
	}
	slices.Sort(ys) // independently of the median the chart code takes
	if len(ys) == 0 {
		return math.NaN()
	}
	n := len(ys)
	if n%2 == 1 {
		return ys[n/2]
	}
	return (ys[n/2-1] + ys[n/2]) / 2
}

// parsePlainTime reads what time.Parse reads of its layout, and leaves
// everything else to it.
func TestParsePlainTime(t *testing.T) {
	for _, s := range []string{"2025-11-27 16:08:58", "2024-02-29 23:59:59", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
		"2025-02-29 00:00:00", "2025-04-31 10:00:00", "2025-13-01 10:00:00", "2025-00-10 10:00:00", "2025-01-00 10:00:00",
		"2025-01-01 24:00:00", "2025-01-01 23:60:00", "2025-01-01 23:00:60", "2025-01-01 2a:00:00", "2025-01-01T10:00:00",
		"2025-1-01 10:00:00 ", "+025-01-01 10:00:00", "2025-01-01 10:00:0", "2025-01-01 10:00:00.5"} {
		want, err := time.Parse("2006-01-02 15:04:05.999999999", s)
		got, ok := parsePlainTime(s)
		if ok && (err != nil || !got.Equal(want) || got.Location() != want.Location()) {
			t.Errorf("parsePlainTime(%q) = %v, want %v (%v)", s, got, want, err)
		}
		if !ok && err == nil && len(s) == 19 {
			t.Errorf("parsePlainTime(%q) refused what time.Parse reads (%v)", s, want)
		}
		if pt, pok := parseTime(s); err == nil && (!pok || !pt.Equal(want)) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", s, pt, pok, want)
		}
	}
}
