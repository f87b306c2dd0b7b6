package chart

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unsafe"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

var chartDir = flag.String("chartdir", "", "also write the test charts as PNG files into this directory, to look at them")

// testSelection is a small sweep: two models, pp and tg, dynamicOption 7
// and 8, four prompt and three generation lengths, every invocation a
// minute after the one before (all of 7 first). The new value is about 3%
// faster; the noise is a fixed formula, so the data are the same every run.
func testSelection(models ...string) *sweep.Selection {
	if len(models) == 0 {
		models = []string{"llama3_2_1b", "qwen2_5_0_5b"}
	}
	sel := &sweep.Selection{Task: &sweep.Task{ID: 1, Name: "test"}, Option: "dynamicOption", Base: "7", New: "8", Models: models, Phases: []string{"pp", "tg"}}
	start := time.Date(2025, 11, 27, 16, 0, 0, 0, time.UTC)
	i := 0
	for mi, m := range models {
		for _, v := range []string{"7", "8"} {
			for _, np := range []int{64, 128, 256, 512} {
				for _, ng := range []int{32, 64, 128} {
					i++
					noise := math.Sin(float64(i) * 1.7)
					gain := 1.0
					if v == "8" {
						gain = 1.03
					}
					knobs := map[string]string{"n_prompt": strconv.Itoa(np), "n_gen": strconv.Itoa(ng), "dynamicOption": v, "precision": "2"}
					pp := (900 - 150*float64(mi)) * gain * (1 - 0.1*math.Log2(float64(np)/64)) * (1 + 0.01*noise)
					tg := (60 - 20*float64(mi)) * gain * (1 - 0.05*math.Log2(float64(ng)/32)) * (1 + 0.02*noise)
					at := start.Add(time.Duration(i) * time.Minute).Format(time.DateTime)
					sel.Records = append(sel.Records,
						sweep.Record{Model: m, Phase: "pp", Size: strconv.Itoa(np), Knobs: knobs, Mean: pp, Std: pp * (0.01 + 0.01*math.Abs(noise)), Unit: "tokens/sec", Time: at},
						sweep.Record{Model: m, Phase: "tg", Size: strconv.Itoa(ng), Knobs: knobs, Mean: tg, Std: tg * (0.02 + 0.02*math.Abs(noise)), Unit: "tokens/sec", Time: at},
					)
				}
			}
		}
	}
	return sel
}

// testResult compares sel as a report does (Benjamini-Hochberg).
func testResult(t testing.TB, sel *sweep.Selection) *result.Comparison {
	t.Helper()
	a, err := analysis.Build(sel, "test", true, analysis.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return a.Result
}

// testSet indexes sel and its comparison.
func testSet(t testing.TB, sel *sweep.Selection) *Set { return NewSet(sel, testResult(t, sel)) }

// decode decodes a chart, writing it into -chartdir when set.
func decode(t *testing.T, name string, b []byte) *image.RGBA {
	t.Helper()
	if *chartDir != "" {
		if err := os.WriteFile(filepath.Join(*chartDir, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: decoding png: %v", name, err)
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

// checkPNG decodes a chart and checks its size, that it is not blank and
// that each of the colours is drawn somewhere.
func checkPNG(t *testing.T, name string, b []byte, w, h int, colours ...color.RGBA) *image.RGBA {
	t.Helper()
	img := decode(t, name, b)
	if got := img.Bounds().Size(); got != (image.Point{X: w, Y: h}) {
		t.Errorf("%s: size %v, want %dx%d", name, got, w, h)
	}
	seen := map[color.RGBA]bool{}
	nonWhite := 0
	for i := 0; i+4 <= len(img.Pix); i += 4 {
		c := color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]}
		seen[c] = true
		if c != (color.RGBA{255, 255, 255, 255}) {
			nonWhite++
		}
	}
	if len(seen) < 50 || nonWhite < w*h/50 {
		t.Errorf("%s: looks blank: %d colours, %d of %d pixels not white", name, len(seen), nonWhite, w*h)
	}
	for _, c := range colours {
		if !seen[c] {
			t.Errorf("%s: colour %v not drawn", name, c)
		}
	}
	return img
}

// withoutHan returns lb with every Han character of its texts replaced by
// a character the font lacks, which draws as the empty .notdef box.
func withoutHan(lb labels) labels {
	repl := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Han, r) {
				return '가'
			}
			return r
		}, s)
	}
	v := reflect.ValueOf(&lb).Elem()
	for i := range v.NumField() {
		f := reflect.NewAt(v.Field(i).Type(), unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem() // unexported: settable only so
		switch f.Kind() {
		case reflect.String:
			f.SetString(repl(f.String()))
		case reflect.Map:
			m := reflect.MakeMap(f.Type())
			for it := f.MapRange(); it.Next(); {
				m.SetMapIndex(it.Key(), reflect.ValueOf(repl(it.Value().String())))
			}
			f.Set(m)
		}
	}
	return lb
}

// checkHanDrawn renders a chart with the Chinese labels and with their Han
// characters replaced by missing glyphs: if the font drew the Chinese
// labels as boxes the two would be the same picture.
func checkHanDrawn(t *testing.T, name string, render func(io.Writer, labels) error) {
	t.Helper()
	var zh, boxes bytes.Buffer
	if err := render(&zh, zhLabels()); err != nil {
		t.Fatal(err)
	}
	if err := render(&boxes, withoutHan(zhLabels())); err != nil {
		t.Fatal(err)
	}
	a, b := decode(t, name+"_zh", zh.Bytes()), decode(t, name+"_boxes", boxes.Bytes())
	diff := 0
	for i := 0; i+4 <= len(a.Pix) && i+4 <= len(b.Pix); i += 4 {
		if !bytes.Equal(a.Pix[i:i+4], b.Pix[i:i+4]) {
			diff++
		}
	}
	if diff < 500 {
		t.Errorf("%s: the Chinese labels draw like missing glyphs (%d pixels differ)", name, diff)
	}
}

// verdictColours returns the colours of the verdicts of c's rows in phase.
func verdictColours(c *result.Comparison, phase string) []color.RGBA {
	seen := map[result.Verdict]bool{}
	var out []color.RGBA
	for _, r := range c.Rows {
		if r.Phase == phase && !seen[r.Verdict] {
			seen[r.Verdict] = true
			out = append(out, verdictColor(r.Verdict))
		}
	}
	return out
}

func TestChange(t *testing.T) {
	sel := testSelection()
	set := testSet(t, sel)
	for _, phase := range sel.Phases {
		if !set.HasChange(phase) {
			t.Fatalf("HasChange(%s) = false", phase)
		}
		for _, lang := range []string{"zh", "en"} {
			var buf bytes.Buffer
			if err := set.Change(&buf, phase, lang); err != nil {
				t.Fatalf("Change(%s, %s): %v", phase, lang, err)
			}
			w, h := 2*changePanelW+changeLegend, changePanelH+changeTop
			checkPNG(t, fmt.Sprintf("change_%s_%s", phase, lang), buf.Bytes(), w, h, verdictColours(set.c, phase)...)
		}
		checkHanDrawn(t, "change_"+phase, func(w io.Writer, lb labels) error { return change(w, set.c, phase, lb) })
	}
	if set.HasChange("pp+tg") {
		t.Error("HasChange(pp+tg) = true without such rows")
	}
	if err := Change(io.Discard, set.c, "pp+tg", "zh"); err == nil {
		t.Error("Change of a phase without rows: no error")
	}
}

// The change chart plots the result model's numbers, every row and
// aggregate of its phase, unchanged.
func TestChangeMatchesResult(t *testing.T) {
	for name, c := range map[string]*result.Comparison{"test": testSet(t, testSelection()).c, "small": smallSet(t).c} {
		for _, phase := range []string{"pp", "tg"} {
			d := newChangeData(c, phase)
			pts, aggs := map[string]changePoint{}, map[string]changeAgg{}
			for _, p := range d.panels {
				for _, s := range p.series {
					prev := math.Inf(-1)
					for _, q := range s.pts {
						pts[p.model+" "+q.size] = q
						if q.x < prev {
							t.Errorf("%s %s %s: points not in size order", name, phase, p.model)
						}
						prev = q.x
					}
				}
				for _, a := range p.aggs {
					aggs[p.model] = a
				}
			}
			n := 0
			for _, r := range c.Rows {
				if r.Phase != phase {
					continue
				}
				n++
				q, ok := pts[r.Model+" "+r.Size]
				if !ok || q.y != float64(r.DeltaPct) || q.lo != float64(r.ChangeCILow) || q.hi != float64(r.ChangeCIHigh) || q.verdict != r.Verdict {
					t.Errorf("%s: row %s %s %s %v [%v, %v] %s plotted as %+v", name, r.Model, phase, r.Size, r.DeltaPct, r.ChangeCILow, r.ChangeCIHigh, r.Verdict, q)
				}
			}
			if n != len(pts) || n == 0 {
				t.Errorf("%s %s: %d points for %d rows", name, phase, len(pts), n)
			}
			for _, a := range c.Aggregates {
				if a.Phase != phase {
					continue
				}
				g := aggs[a.Model]
				if g.y != float64(a.DeltaPct) || g.lo != float64(a.ChangeCILow) || g.hi != float64(a.ChangeCIHigh) || g.verdict != a.Verdict {
					t.Errorf("%s: aggregate %s %s plotted as %+v", name, a.Model, phase, g)
				}
			}
		}
	}
}

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
		r.Knobs = knobs
		r.Mean *= 1.8 // twice the threads, much faster: a line across them would zigzag
		sel.Records = append(sel.Records, r)
	}
	for i := range n {
		knobs := map[string]string{"threads": "1"}
		for k, v := range sel.Records[i].Knobs {
			knobs[k] = v
		}
		sel.Records[i].Knobs = knobs
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
	return median(ys)
}

func TestErrors(t *testing.T) {
	sel := testSelection()
	c := testResult(t, sel)
	tests := []struct {
		name string
		run  func(io.Writer) error
		want []string
	}{
		{"comparison lang", func(w io.Writer) error { return Comparison(w, sel, c, "qwen2_5_0_5b", "tg", "fr") }, []string{"rendering comparison chart: ", `unknown language "fr"`}},
		{"comparison model", func(w io.Writer) error { return Comparison(w, sel, c, "nosuch", "tg", "zh") }, []string{"rendering comparison chart: ", `"nosuch"`, `"tg"`}},
		{"comparison phase", func(w io.Writer) error { return Comparison(w, sel, c, "qwen2_5_0_5b", "pp+tg", "en") }, []string{`"qwen2_5_0_5b"`, `"pp+tg"`}},
		{"comparison nil", func(w io.Writer) error { return Comparison(w, nil, c, "m", "tg", "") }, []string{"no selection"}},
		{"aggregate lang", func(w io.Writer) error { return Aggregate(w, sel, "tg", "de") }, []string{"rendering aggregate chart: ", `unknown language "de"`}},
		{"aggregate phase", func(w io.Writer) error { return Aggregate(w, sel, "pp+tg", "zh") }, []string{"rendering aggregate chart: ", `"pp+tg"`}},
		{"aggregate nil", func(w io.Writer) error { return Aggregate(w, nil, "tg", "zh") }, []string{"no selection"}},
		{"change lang", func(w io.Writer) error { return Change(w, c, "tg", "de") }, []string{"rendering change chart: ", `unknown language "de"`}},
		{"change phase", func(w io.Writer) error { return Change(w, c, "pp+tg", "zh") }, []string{"rendering change chart: ", `"pp+tg"`}},
		{"change nil", func(w io.Writer) error { return Change(w, nil, "tg", "zh") }, []string{"no comparison"}},
		{"run order lang", func(w io.Writer) error { return RunOrder(w, sel, "de") }, []string{"rendering run-order chart: ", `unknown language "de"`}},
		{"run order nil", func(w io.Writer) error { return RunOrder(w, nil, "zh") }, []string{"no selection"}},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := tt.run(&buf)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", tt.name, err, w)
			}
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite the error", tt.name, buf.Len())
		}
	}
}

// Model names come from data: glyphs the font lacks, long names.
func TestOddModelNames(t *testing.T) {
	long := strings.Repeat("very_long_model_name_", 6)
	sel := testSelection("模型🚀한국어", long)
	set := testSet(t, sel)
	for _, lang := range []string{"zh", "en"} {
		for _, m := range sel.Models {
			var buf bytes.Buffer
			if err := set.Comparison(&buf, m, "pp", lang); err != nil {
				t.Fatalf("Comparison(%q): %v", m, err)
			}
			checkPNG(t, "odd_comparison", buf.Bytes(), comparisonWidth(2), comparisonHeight)
		}
		for name, render := range map[string]func(io.Writer) error{
			"aggregate": func(w io.Writer) error { return set.Aggregate(w, "tg", lang) },
			"change":    func(w io.Writer) error { return set.Change(w, "tg", lang) },
			"run_order": func(w io.Writer) error { return set.RunOrder(w, lang) },
		} {
			var buf bytes.Buffer
			if err := render(&buf); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			decode(t, "odd_"+name+"_"+lang, buf.Bytes())
		}
	}
}

// Renders are deterministic and may share a Set concurrently (go test -race).
func TestDeterministic(t *testing.T) {
	set := testSet(t, testSelection())
	renders := []func(io.Writer) error{
		func(w io.Writer) error { return set.Comparison(w, "llama3_2_1b", "tg", "zh") },
		func(w io.Writer) error { return set.Change(w, "pp", "zh") },
		func(w io.Writer) error { return set.RunOrder(w, "zh") },
		func(w io.Writer) error { return set.Aggregate(w, "tg", "zh") },
	}
	const n = 3
	bufs := make([][n]bytes.Buffer, len(renders))
	errs := make(chan error, n*len(renders))
	for i, r := range renders {
		for k := range n {
			go func() { errs <- r(&bufs[i][k]) }()
		}
	}
	for range n * len(renders) {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := range renders {
		for k := 1; k < n; k++ {
			if !bytes.Equal(bufs[i][0].Bytes(), bufs[i][k].Bytes()) {
				t.Errorf("chart %d: render %d differs from render 0", i, k)
			}
		}
	}
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
