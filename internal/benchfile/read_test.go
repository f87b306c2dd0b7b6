package benchfile_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// writeFile writes text to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func close(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func closeAll(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !close(a[i], b[i]) {
			return false
		}
	}
	return true
}

// goTestOutput is `go test -bench . -benchmem -count 3` output: Bar's B/op
// and allocs/op are 0 and must be skipped.
const goTestOutput = `goos: linux
goarch: amd64
pkg: example.com/foo
cpu: Some CPU @ 2.00GHz
BenchmarkFoo-8   	    1000	      1234 ns/op	      56 B/op	       2 allocs/op
BenchmarkBar-8   	     500	      2000 ns/op	       0 B/op	       0 allocs/op
BenchmarkFoo-8   	    1000	      1250 ns/op	      56 B/op	       2 allocs/op
BenchmarkBar-8   	     500	      2100 ns/op	       0 B/op	       0 allocs/op
BenchmarkFoo-8   	    1000	      1240 ns/op	      64 B/op	       2 allocs/op
PASS
ok  	example.com/foo	3.210s
`

func TestReadGoTestOutput(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "old.txt", goTestOutput)
	task, err := benchfile.Read([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		size, unit string
		runs       []float64
		line       int
	}
	wants := []want{
		{"Foo-8", "sec/op", []float64{1234e-9, 1250e-9, 1240e-9}, 5},
		{"Foo-8", "B/op", []float64{56, 56, 64}, 5},
		{"Foo-8", "allocs/op", []float64{2, 2, 2}, 5},
		{"Bar-8", "sec/op", []float64{2000e-9, 2100e-9}, 6},
	}
	if len(task.Records) != len(wants) {
		for _, r := range task.Records {
			t.Logf("record %s %s %v", r.Size, r.Unit, r.Runs())
		}
		t.Fatalf("%d records, want %d (one per name and unit with a non-zero value)", len(task.Records), len(wants))
	}
	for i, w := range wants {
		r := &task.Records[i]
		if r.Size != w.size || r.Unit != w.unit || r.Phase != w.unit {
			t.Errorf("record %d: size %q unit %q phase %q; want %q %q %q", i, r.Size, r.Unit, r.Phase, w.size, w.unit, w.unit)
		}
		if r.Model != "example.com/foo" {
			t.Errorf("record %d: model %q, want the pkg example.com/foo", i, r.Model)
		}
		if !closeAll(r.Runs(), w.runs) {
			t.Errorf("record %d (%s %s): Runs %v, want %v in file order", i, w.size, w.unit, r.Runs(), w.runs)
		}
		var sum float64
		for _, x := range w.runs {
			sum += x
		}
		if !close(r.Mean, sum/float64(len(w.runs))) {
			t.Errorf("record %d: Mean %v, want %v", i, r.Mean, sum/float64(len(w.runs)))
		}
		if r.Invocations() != len(w.runs) || r.Std != 0 {
			t.Errorf("record %d: %d invocations, std %v; want %d, 0", i, r.Invocations(), r.Std, len(w.runs))
		}
		if diff := cmp.Diff(map[string]string{"file": "old.txt"}, r.Knobs); diff != "" {
			t.Errorf("record %d: knobs (-want +got):\n%s", i, diff)
		}
		if r.Better != 0 {
			t.Errorf("record %d: Better %d without unit metadata, want 0", i, r.Better)
		}
		if want := p + ":" + strconv.Itoa(w.line); r.Location() != want || r.InvocationName() != want {
			t.Errorf("record %d: Location %q, invocation %q, want %q", i, r.Location(), r.InvocationName(), want)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
	}
}

// Two files: each (name, unit) of each file is a record labelled by the
// file's base name.
func TestReadTwoFiles(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, dir, "old.txt", goTestOutput)
	nw := writeFile(t, dir, "new.txt", strings.ReplaceAll(goTestOutput, "1234 ns/op", "1000 ns/op"))
	task, err := benchfile.Read([]string{old, nw})
	if err != nil {
		t.Fatal(err)
	}
	if len(task.Records) != 8 {
		t.Fatalf("%d records, want 8", len(task.Records))
	}
	for i, r := range task.Records {
		want := "old.txt"
		if i >= 4 {
			want = "new.txt"
		}
		if r.Knobs[benchfile.Option] != want {
			t.Errorf("record %d: file %q, want %q", i, r.Knobs[benchfile.Option], want)
		}
	}
	if got := task.Records[4].Runs(); !closeAll(got, []float64{1000e-9, 1250e-9, 1240e-9}) {
		t.Errorf("new Foo sec/op runs %v", got)
	}
	sel, err := sweep.Select(task, benchfile.Option, "old.txt", "new.txt", nil)
	if err != nil {
		t.Fatalf("selecting the files: %v", err)
	}
	if len(sel.Records) != 8 {
		t.Errorf("selected %d records, want 8", len(sel.Records))
	}
}

func TestReadUnitMetadata(t *testing.T) {
	text := `pkg: example.com/foo
Unit ns/op better=lower
Unit frames/op better=higher
Unit B/op assume=exact
BenchmarkFoo 10 100 ns/op 5 frames/op 8 B/op
`
	task, err := benchfile.Read([]string{writeFile(t, t.TempDir(), "a.txt", text)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int8{}
	for _, r := range task.Records {
		got[r.Unit] = r.Better
	}
	// ns/op's metadata applies to the tidied unit sec/op.
	want := map[string]int8{"sec/op": -1, "frames/op": +1, "B/op": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Better per unit (-want +got):\n%s", diff)
	}
	// Metadata after the results still applies.
	text = "BenchmarkFoo 10 5 frames/op\nUnit frames/op better=higher\n"
	task, err = benchfile.Read([]string{writeFile(t, t.TempDir(), "a.txt", text)})
	if err != nil {
		t.Fatal(err)
	}
	if task.Records[0].Better != +1 || task.Records[0].Model != "benchmarks" {
		t.Errorf("better %d, model %q; want +1, benchmarks (no pkg)", task.Records[0].Better, task.Records[0].Model)
	}
}

// Names that sweepstat's benchconv writes read back into model, phase,
// size and knobs.
func TestReadSweepstatNames(t *testing.T) {
	text := `sweepstat-task: 3 (t)
sweepstat-option: dynamicOption
Unit tokens/sec better=higher

BenchmarkPP/model=qwen2_5_0_5b/size=64/threads=4 1 66.74 tokens/sec
BenchmarkTG/model=qwen2_5_0_5b/size=16/threads=4 1 20.5 tokens/sec
BenchmarkPP+TG/model=qwen2_5_0_5b/size=64/threads=4 1 30 tokens/sec
BenchmarkPP/model=qwen2_5_0_5b/size=64/threads=4 1 67.26 tokens/sec
`
	task, err := benchfile.Read([]string{writeFile(t, t.TempDir(), "dynamicoption_0.txt", text)})
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Model, Phase, Size, Unit string
		Knobs                    map[string]string
		Runs                     []float64
		Better                   int
	}
	var gots []got
	for _, r := range task.Records {
		gots = append(gots, got{r.Model, r.Phase, r.Size, r.Unit, r.Knobs, r.Runs(), int(r.Better)})
	}
	knobs := map[string]string{"threads": "4", "file": "dynamicoption_0.txt"}
	want := []got{
		{"qwen2_5_0_5b", sweep.PhasePrefill, "64", "tokens/sec", knobs, []float64{66.74, 67.26}, +1},
		{"qwen2_5_0_5b", sweep.PhaseDecode, "16", "tokens/sec", knobs, []float64{20.5}, +1},
		{"qwen2_5_0_5b", sweep.PhaseBoth, "64", "tokens/sec", knobs, []float64{30}, +1},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if m := task.Records[0].Mean; !close(m, 67) {
		t.Errorf("pp 64 mean %v, want 67", m)
	}
}

// A name key "file" must not override the file's label: the label is
// what Select splits the sides by.
func TestReadNameKeyFile(t *testing.T) {
	text := "BenchmarkPP/model=m/size=64/file=x 1 66 tokens/sec\n"
	task, err := benchfile.Read([]string{writeFile(t, t.TempDir(), "old.txt", text)})
	if err != nil {
		t.Fatal(err)
	}
	if got := task.Records[0].Knobs[benchfile.Option]; got != "old.txt" {
		t.Errorf("Knobs[%q] = %q, want the label old.txt", benchfile.Option, got)
	}
}

// Results of different packages are different benchmarks even when their
// names agree (go test -bench . ./... over two packages that both have a
// BenchmarkEncode): benchstat keeps them apart, and the record's model
// names the package.
func TestReadSameNameTwoPackages(t *testing.T) {
	text := `pkg: example.com/a
BenchmarkEncode-8 100 1000 ns/op
BenchmarkEncode-8 100 1010 ns/op
pkg: example.com/b
BenchmarkEncode-8 100 5000 ns/op
BenchmarkEncode-8 100 5050 ns/op
`
	task, err := benchfile.Read([]string{writeFile(t, t.TempDir(), "old.txt", text)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]float64{}
	for _, r := range task.Records {
		got[r.Model] = append(got[r.Model], r.Runs()...)
	}
	want := map[string][]float64{
		"example.com/a": {1000e-9, 1010e-9},
		"example.com/b": {5000e-9, 5050e-9},
	}
	if !cmp.Equal(want, got, cmp.Comparer(closeAll)) {
		t.Errorf("runs per package: got %v, want %v", got, want)
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct{ paths, want []string }{
		{[]string{"a/old.txt", "b/new.txt"}, []string{"old.txt", "new.txt"}},
		{[]string{"a/x.txt", "b/x.txt"}, []string{"a/x.txt", "b/x.txt"}},
		{[]string{"a/x.txt", "b/x.txt", "c/y.txt"}, []string{"a/x.txt", "b/x.txt", "y.txt"}},
		{[]string{"x.txt", "y.txt"}, []string{"x.txt", "y.txt"}},
	} {
		if diff := cmp.Diff(c.want, benchfile.Labels(c.paths)); diff != "" {
			t.Errorf("Labels(%q) (-want +got):\n%s", c.paths, diff)
		}
	}
	// Read uses the labels.
	dir := t.TempDir()
	a := writeFile(t, dir, "a/x.txt", "BenchmarkFoo 1 5 ns/op\n")
	b := writeFile(t, dir, "b/x.txt", "BenchmarkFoo 1 6 ns/op\n")
	task, err := benchfile.Read([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if task.Records[0].Knobs["file"] != a || task.Records[1].Knobs["file"] != b {
		t.Errorf("labels %q, %q; want the paths %q, %q", task.Records[0].Knobs["file"], task.Records[1].Knobs["file"], a, b)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", "BenchmarkFoo 1 5 ns/op\n")

	missing := filepath.Join(dir, "missing.txt")
	_, err := benchfile.Read([]string{good, missing})
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error %v; want one wrapping fs.ErrNotExist and naming %s", err, missing)
	}

	empty := writeFile(t, dir, "empty.txt", "goos: linux\npkg: x\nPASS\nok x 0.1s\n")
	_, err = benchfile.Read([]string{good, empty})
	if err == nil || !strings.Contains(err.Error(), "no benchmark results") || !strings.Contains(err.Error(), empty) {
		t.Errorf("file without results: error %v; want \"no benchmark results\" naming %s", err, empty)
	}
	// A file whose only values are 0 has no results either.
	zeros := writeFile(t, dir, "zeros.txt", "BenchmarkFoo 1 0 allocs/op\n")
	_, err = benchfile.Read([]string{zeros})
	if err == nil || !strings.Contains(err.Error(), "no benchmark results") {
		t.Errorf("file of zeros: error %v; want \"no benchmark results\"", err)
	}

	for _, c := range []struct {
		name, text string
		line       int
		msg        string // benchfmt's (or Read's) message
	}{
		{"unit without key=value", "BenchmarkFoo 1 5 ns/op\nUnit ns/op better\n", 2, "expected key=value"},
		{"unit without unit", "BenchmarkFoo 1 5 ns/op\n\nUnit\n", 3, "missing unit"},
		{"conflicting metadata", "Unit x better=higher\nUnit x better=lower\nBenchmarkFoo 1 5 x\n", 2, "already set"},
		{"missing units", "BenchmarkFoo 1 5 ns/op\nBenchmarkFoo 1 5\n", 2, "missing units"},
		{"missing measurements", "pkg: p\nBenchmarkFoo 1\n", 2, "missing measurements"},
		{"bad iteration count", "BenchmarkFoo x 5 ns/op\n", 1, "iteration count"},
		{"bad measurement", "BenchmarkFoo 1 5 ns/op\nBenchmarkFoo 1 fast ns/op\n", 2, "parsing measurement"},
		{"better=sideways", "Unit tok/s better=sideways\nBenchmarkFoo 1 5 tok/s\n", 1, "sideways"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, dir, strings.ReplaceAll(c.name, " ", "_")+".txt", c.text)
			task, err := benchfile.Read([]string{good, p})
			if err == nil {
				t.Fatalf("no error; %d records", len(task.Records))
			}
			if pos := p + ":" + strconv.Itoa(c.line) + ":"; !strings.HasPrefix(err.Error(), pos) {
				t.Errorf("error %q does not start with %s", err, pos)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not say %q", err, c.msg)
			}
		})
	}

	// A line of only a benchmark name (go test -v) is not an error.
	v := writeFile(t, dir, "v.txt", "BenchmarkFoo\nBenchmarkFoo-8 1 5 ns/op\n")
	if _, err := benchfile.Read([]string{v}); err != nil {
		t.Errorf("go test -v output: %v", err)
	}
}

// Values that are no usable measurement (NaN, infinite, negative) must
// be an error naming file and line, or be left out; a record Read returns
// must pass Validate, which sweep.Select applies. Two huge but finite
// values must not overflow into an infinite mean.
func TestReadBadValues(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, text string
		line       int
	}{
		{"nan", "BenchmarkFoo 1 5 x\nBenchmarkFoo 1 NaN x\n", 2},
		{"inf", "BenchmarkFoo 1 5 x\nBenchmarkFoo 1 +Inf x\n", 2},
		{"negative", "BenchmarkFoo 1 5 x\nBenchmarkFoo 1 -5 x\n", 2},
		{"negative mean", "BenchmarkFoo 1 -7 x\nBenchmarkBar 1 5 x\n", 1},
		{"huge", "BenchmarkFoo 1 1e308 x\nBenchmarkFoo 1 1.5e308 x\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, dir, strings.ReplaceAll(c.name, " ", "_")+".txt", c.text)
			task, err := benchfile.Read([]string{p})
			if err != nil {
				if c.line == 0 {
					t.Fatalf("finite positive values: %v", err)
				}
				if pos := p + ":" + strconv.Itoa(c.line) + ":"; !strings.HasPrefix(err.Error(), pos) {
					t.Errorf("error %q does not name %s", err, pos)
				}
				return
			}
			for _, r := range task.Records {
				if err := r.Validate(); err != nil {
					t.Errorf("Read returned an invalid record: %v (runs %v)", err, r.Runs())
				}
			}
			if c.line == 0 && !close(task.Records[0].Mean, 1.25e308) {
				t.Errorf("mean %v, want 1.25e308", task.Records[0].Mean)
			}
		})
	}
}
