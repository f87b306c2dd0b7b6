package chart

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

var chartDir = flag.String("chartdir", "", "also write the test charts as PNG files into this directory, to look at them")

// testSelection is a small sweep: two models, pp and tg, dynamicOption 7
// and 8, four prompt and three generation lengths. The new value is about 3%
// faster; the noise is a fixed formula, so the data are the same every run.
func testSelection(models ...string) *sweep.Selection {
	if len(models) == 0 {
		models = []string{"qwen2_5_0_5b", "llama3_2_1b"}
	}
	sel := &sweep.Selection{Option: "dynamicOption", Base: "7", New: "8", Models: models, Phases: []string{"pp", "tg"}}
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
					sel.Records = append(sel.Records,
						sweep.Record{Model: m, Phase: "pp", Size: strconv.Itoa(np), Knobs: knobs, Mean: pp, Std: pp * (0.01 + 0.01*math.Abs(noise)), Unit: "tokens/sec"},
						sweep.Record{Model: m, Phase: "tg", Size: strconv.Itoa(ng), Knobs: knobs, Mean: tg, Std: tg * (0.02 + 0.02*math.Abs(noise)), Unit: "tokens/sec"},
					)
				}
			}
		}
	}
	return sel
}

// checkPNG decodes a chart and checks its size, that it is not blank and
// that both option values' colours are drawn.
func checkPNG(t *testing.T, name string, b []byte, w, h int) {
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
	if got := img.Bounds().Size(); got != (image.Point{X: w, Y: h}) {
		t.Errorf("%s: size %v, want %dx%d", name, got, w, h)
	}
	colours := map[color.RGBA]bool{}
	nonWhite := 0
	found := [2]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c] = true
			if c != (color.RGBA{255, 255, 255, 255}) {
				nonWhite++
			}
			for k := range found {
				found[k] = found[k] || c == valueColor(k, 0)
			}
		}
	}
	if len(colours) < 50 || nonWhite < w*h/50 {
		t.Errorf("%s: looks blank: %d colours, %d of %d pixels not white", name, len(colours), nonWhite, w*h)
	}
	if !found[0] || !found[1] {
		t.Errorf("%s: series colours drawn: base %v, new %v; want both", name, found[0], found[1])
	}
}

func TestComparison(t *testing.T) {
	sel := testSelection()
	for _, lang := range []string{"zh", "en"} {
		for _, model := range sel.Models {
			for _, phase := range sel.Phases {
				var buf bytes.Buffer
				if err := Comparison(&buf, sel, model, phase, lang); err != nil {
					t.Fatalf("Comparison(%s, %s, %s): %v", model, phase, lang, err)
				}
				name := fmt.Sprintf("chart_%s_%s_comparison_%s", model, phase, lang)
				checkPNG(t, name, buf.Bytes(), comparisonWidth, comparisonHeight)
			}
		}
	}
}

func TestAggregate(t *testing.T) {
	sel := testSelection()
	for _, lang := range []string{"zh", "en"} {
		for _, phase := range sel.Phases {
			var buf bytes.Buffer
			if err := Aggregate(&buf, sel, phase, lang); err != nil {
				t.Fatalf("Aggregate(%s, %s): %v", phase, lang, err)
			}
			checkPNG(t, fmt.Sprintf("chart_%s_aggregate_%s", phase, lang), buf.Bytes(), aggregateWidth, aggregateHeight)
		}
	}
}

// The old tool drew pp records into the tg aggregate chart.
func TestAggregateOnlyItsPhase(t *testing.T) {
	sel := testSelection()
	for _, phase := range []string{"pp", "tg"} {
		groups, models := aggregateGroups(sel, phase)
		if models != 2 || len(groups) != 4 {
			t.Fatalf("%s: %d models, %d groups; want 2 and 4", phase, models, len(groups))
		}
		n := 0
		for _, g := range groups {
			for _, r := range g.recs {
				if r.Phase != phase {
					t.Errorf("%s chart has a %s record of %s", phase, r.Phase, r.Model)
				}
				if r.Model != g.name {
					t.Errorf("group %q has a record of %s", g.name, r.Model)
				}
				if r.Knob("dynamicOption") == g.value {
					n++
				}
			}
		}
		if want := len(sel.Records) / 2; n != want {
			t.Errorf("%s: %d records plotted, want %d", phase, n, want)
		}
	}
}

func TestErrors(t *testing.T) {
	sel := testSelection()
	tests := []struct {
		name string
		run  func(io.Writer) error
		want []string
	}{
		{"comparison lang", func(w io.Writer) error { return Comparison(w, sel, "qwen2_5_0_5b", "tg", "fr") }, []string{"rendering comparison chart: ", `unknown language "fr"`}},
		{"comparison model", func(w io.Writer) error { return Comparison(w, sel, "nosuch", "tg", "zh") }, []string{"rendering comparison chart: ", `"nosuch"`, `"tg"`}},
		{"comparison phase", func(w io.Writer) error { return Comparison(w, sel, "qwen2_5_0_5b", "pp+tg", "en") }, []string{`"qwen2_5_0_5b"`, `"pp+tg"`}},
		{"comparison nil", func(w io.Writer) error { return Comparison(w, nil, "m", "tg", "") }, []string{"no selection"}},
		{"aggregate lang", func(w io.Writer) error { return Aggregate(w, sel, "tg", "de") }, []string{"rendering aggregate chart: ", `unknown language "de"`}},
		{"aggregate phase", func(w io.Writer) error { return Aggregate(w, sel, "pp+tg", "zh") }, []string{"rendering aggregate chart: ", `"pp+tg"`}},
		{"aggregate nil", func(w io.Writer) error { return Aggregate(w, nil, "tg", "zh") }, []string{"no selection"}},
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
	for _, lang := range []string{"zh", "en"} {
		for _, m := range sel.Models {
			var buf bytes.Buffer
			if err := Comparison(&buf, sel, m, "pp", lang); err != nil {
				t.Fatalf("Comparison(%q): %v", m, err)
			}
			checkPNG(t, "odd_comparison", buf.Bytes(), comparisonWidth, comparisonHeight)
		}
		var buf bytes.Buffer
		if err := Aggregate(&buf, sel, "tg", lang); err != nil {
			t.Fatalf("Aggregate: %v", err)
		}
		checkPNG(t, "odd_aggregate_"+lang, buf.Bytes(), aggregateWidth, aggregateHeight)
	}
}

// Renders are deterministic and may run concurrently (go test -race).
func TestDeterministic(t *testing.T) {
	sel := testSelection()
	var bufs [4]bytes.Buffer
	errs := make(chan error, len(bufs))
	for i := range bufs {
		go func() { errs <- Comparison(&bufs[i], sel, "llama3_2_1b", "tg", "zh") }()
	}
	for range bufs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < len(bufs); i++ {
		if !bytes.Equal(bufs[0].Bytes(), bufs[i].Bytes()) {
			t.Errorf("render %d differs from render 0", i)
		}
	}
}

func BenchmarkComparison(b *testing.B) {
	sel := testSelection()
	if _, err := loadTheme(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Comparison(io.Discard, sel, "qwen2_5_0_5b", "tg", "zh"); err != nil {
			b.Fatal(err)
		}
	}
}

// Records without a sweep knob leave their panel empty, not the chart.
func TestMissingKnob(t *testing.T) {
	sel := testSelection()
	for i := range sel.Records {
		r := &sel.Records[i]
		knobs := map[string]string{}
		for k, v := range r.Knobs {
			if k != "n_gen" {
				knobs[k] = v
			}
		}
		r.Knobs = knobs
	}
	var buf bytes.Buffer
	if err := Comparison(&buf, sel, "qwen2_5_0_5b", "pp", "zh"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, "chart_missing_knob", buf.Bytes(), comparisonWidth, comparisonHeight)
}
