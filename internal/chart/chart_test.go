package chart

import (
	"bytes"
	"flag"
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
						sweep.Record{Test: &sweep.Test{Phase: "pp", Size: strconv.Itoa(np), Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: m}, Knobs: knobs, Time: at}, Mean: pp, Std: pp * (0.01 + 0.01*math.Abs(noise))},
						sweep.Record{Test: &sweep.Test{Phase: "tg", Size: strconv.Itoa(ng), Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: m}, Knobs: knobs, Time: at}, Mean: tg, Std: tg * (0.02 + 0.02*math.Abs(noise))},
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
