package benchconv_test

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/benchconv"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
	"golang.org/x/perf/benchfmt"
)

// A line is one parsed result: its name, value and unit.
type line struct {
	Name  string
	Value float64
	Unit  string
}

// parsed is one benchfmt file read back with benchfmt.Reader.
type parsed struct {
	Lines  []line
	Config map[string]string // configuration of the last result
	Better int               // benchfmt's reading of tokens/sec: +1 higher is better
	Errors []string          // syntax errors
	Procs  []string          // names benchfmt reads a GOMAXPROCS suffix from
	Parts  map[string][]string
}

func parse(t *testing.T, text []byte) parsed {
	t.Helper()
	r := benchfmt.NewReader(bytes.NewReader(text), "test.txt")
	p := parsed{Parts: map[string][]string{}}
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			p.Errors = append(p.Errors, rec.Error())
		case *benchfmt.Result:
			if len(rec.Values) != 1 {
				t.Fatalf("result %s has %d values, want 1", rec.Name, len(rec.Values))
			}
			name := string(rec.Name.Full())
			p.Lines = append(p.Lines, line{name, rec.Values[0].Value, rec.Values[0].Unit})
			base, parts := rec.Name.Parts()
			var ps []string
			for _, part := range parts {
				if strings.HasPrefix(string(part), "-") {
					p.Procs = append(p.Procs, name)
				}
				ps = append(ps, string(part))
			}
			p.Parts[name] = append([]string{string(base)}, ps...)
			p.Config = map[string]string{}
			for _, c := range rec.Config {
				p.Config[c.Key] = string(c.Value)
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	p.Better = r.Units().GetBetter("tokens/sec")
	return p
}

// write compares sel as the report does and writes value's benchfmt file.
func write(t *testing.T, sel *sweep.Selection, value string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := benchconv.Write(&b, analyze(t, sel), value); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func analyze(t *testing.T, sel *sweep.Selection) *analysis.Analysis {
	t.Helper()
	a, err := analysis.Build(sel, "test.db", false, analysis.WithCorrection(stats.CorrectionBH))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func smallSelection(t *testing.T) *sweep.Selection {
	t.Helper()
	text, err := os.ReadFile("../../fixtures/small/benchmark_results.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := mnndb.FromSQL("small.db", string(text))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	sel, err := sweep.Select(tasks[0], "dynamicOption", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

// The benchfmt name key of the fixture's hostile model: '/', '=' and ' '
// become '_', then "-" and the first 4 bytes of sha256 of the name in hex
// (printf '%s' 'bad|name/../x=1 *b*' | sha256sum), then "h".
const badKey = "bad|name_.._x_1_*b*-2c29b25dh"

// smallWant is the fixture's results for each dynamicOption value, copied
// by hand from fixtures/small/benchmark_results.sql (7: ids 1–8 and 17–24;
// 8: ids 9–16 and 25–32), as name and mean.
var smallWant = map[string][]line{
	"7": {
		{"PP/model=alpha/size=64", 99.99, ""}, {"TG/model=alpha/size=32", 29.99, ""},
		{"PP/model=alpha/size=64", 100.01, ""}, {"TG/model=alpha/size=64", 29.01, ""},
		{"PP/model=alpha/size=128", 120.03, ""}, {"TG/model=alpha/size=32", 30.03, ""},
		{"PP/model=alpha/size=128", 119.98, ""}, {"TG/model=alpha/size=64", 28.98, ""},
		{"PP/model=" + badKey + "/size=64", 50.01, ""}, {"TG/model=" + badKey + "/size=32", 20.01, ""},
		{"PP/model=" + badKey + "/size=64", 50.03, ""}, {"TG/model=" + badKey + "/size=64", 19.53, ""},
		{"PP/model=" + badKey + "/size=128", 59.98, ""}, {"TG/model=" + badKey + "/size=32", 19.98, ""},
		{"PP/model=" + badKey + "/size=128", 60.00, ""}, {"TG/model=" + badKey + "/size=64", 19.50, ""},
	},
	"8": {
		{"PP/model=alpha/size=64", 100.00, ""}, {"TG/model=alpha/size=32", 30.60, ""},
		{"PP/model=alpha/size=64", 100.02, ""}, {"TG/model=alpha/size=64", 29.60, ""},
		{"PP/model=alpha/size=128", 119.97, ""}, {"TG/model=alpha/size=32", 30.57, ""},
		{"PP/model=alpha/size=128", 119.99, ""}, {"TG/model=alpha/size=64", 29.57, ""},
		{"PP/model=" + badKey + "/size=64", 50.02, ""}, {"TG/model=" + badKey + "/size=32", 20.02, ""},
		{"PP/model=" + badKey + "/size=64", 49.97, ""}, {"TG/model=" + badKey + "/size=64", 19.47, ""},
		{"PP/model=" + badKey + "/size=128", 59.99, ""}, {"TG/model=" + badKey + "/size=32", 19.99, ""},
		{"PP/model=" + badKey + "/size=128", 60.01, ""}, {"TG/model=" + badKey + "/size=64", 19.51, ""},
	},
}

func sortLines(ls []line) []line {
	out := append([]line(nil), ls...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Value < out[j].Value
	})
	return out
}

func TestWriteSmall(t *testing.T) {
	sel := smallSelection(t)
	var configs []map[string]string
	var nameSets [][]string
	for _, v := range []string{"7", "8"} {
		t.Run(v, func(t *testing.T) {
			p := parse(t, write(t, sel, v))
			if p.Errors != nil {
				t.Errorf("syntax errors: %q", p.Errors)
			}
			if p.Procs != nil {
				t.Errorf("benchfmt reads GOMAXPROCS from %q", p.Procs)
			}
			if p.Better != 1 {
				t.Errorf("benchfmt's better for tokens/sec = %d, want +1 (higher)", p.Better)
			}
			var want []line
			for _, l := range smallWant[v] {
				want = append(want, line{l.Name, l.Value, "tokens/sec"})
			}
			// Every record exactly once: the multisets of (name, value) agree.
			if diff := cmp.Diff(sortLines(want), sortLines(p.Lines)); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			configs = append(configs, p.Config)
			names := map[string]bool{}
			for _, l := range p.Lines {
				names[l.Name] = true
			}
			nameSets = append(nameSets, sweep.SortedKeys(names))
			parts := p.Parts["PP/model="+badKey+"/size=64"]
			if diff := cmp.Diff([]string{"PP", "/model=" + badKey, "/size=64"}, parts); diff != "" {
				t.Errorf("name parts of the hostile model (-want +got):\n%s", diff)
			}
		})
	}
	if len(configs) != 2 {
		t.Fatal("a file failed")
	}
	// benchstat splits tables by configuration: both files must have the
	// same, so the option's value must not be in it.
	want := map[string]string{"sweepstat-task": "1 (small_dyo78)", "sweepstat-option": "dynamicOption"}
	for i, c := range configs {
		if diff := cmp.Diff(want, c); diff != "" {
			t.Errorf("configuration of file %d (-want +got):\n%s", i, diff)
		}
	}
	// The same benchmarks on both sides, so that benchstat pairs them.
	if diff := cmp.Diff(nameSets[0], nameSets[1]); diff != "" {
		t.Errorf("benchmark names of 7 and 8 differ (-7 +8):\n%s", diff)
	}
}

func TestWriteRejectsOtherValue(t *testing.T) {
	sel := smallSelection(t)
	var b bytes.Buffer
	err := benchconv.Write(&b, analyze(t, sel), "9")
	if err == nil || !strings.Contains(err.Error(), `"9" is not a compared value`) {
		t.Errorf("Write(value 9) error = %v", err)
	}
}

// record returns a valid record; knobs are "k=v" pairs.
func record(model, phase, size string, mean float64, knobs ...string) sweep.Record {
	m := map[string]string{}
	for _, kv := range knobs {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return sweep.Record{Test: &sweep.Test{Phase: phase, Size: size, Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: model}, Knobs: m}, Mean: mean, Std: 1,
		Where: fmt.Sprintf("row %v", mean)}
}

func selectAll(t *testing.T, task *sweep.Task, option string, models ...string) *sweep.Selection {
	t.Helper()
	sel, err := sweep.Select(task, option, "", "", models)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

// Hostile model names and values ending in "-N": every record one result
// line, parsed into the right name keys, none read as GOMAXPROCS.
func TestWriteHostileNames(t *testing.T) {
	models := []string{"bad|name/../x=1 *b*", "a b", "x\ny", "tab\there", "cr\rlf", "nbsp\u00a0x", "模型 7B", "m-7", "Benchmark", "k=v"}
	var recs []sweep.Record
	mean := 1.0
	for _, m := range models {
		for _, opt := range []string{"0", "1"} {
			for _, z := range []string{"v-7", "w"} {
				recs = append(recs, record(m, "pp", "64", mean, "opt="+opt, "z="+z))
				mean++
			}
		}
	}
	task := &sweep.Task{ID: 5, Name: "hostile\nname: x", Records: recs}
	sel := selectAll(t, task, "opt")
	text := write(t, sel, "0")
	p := parse(t, text)
	if p.Errors != nil {
		t.Errorf("syntax errors: %q", p.Errors)
	}
	if p.Procs != nil {
		t.Errorf("benchfmt reads GOMAXPROCS from %q", p.Procs)
	}
	if len(p.Lines) != len(models)*2 {
		t.Fatalf("%d result lines, want %d\n%s", len(p.Lines), len(models)*2, text)
	}
	if n := bytes.Count(text, []byte("\nBenchmark")); n != len(models)*2 {
		t.Errorf("%d lines start with Benchmark, want %d", n, len(models)*2)
	}
	// Each (model, z) is its own benchmark with its own name; the name's
	// parts are phase, model, size and z.
	byValue := map[float64]line{}
	for _, l := range p.Lines {
		byValue[l.Value] = l
	}
	modelKeys := map[string]string{}
	for _, r := range sel.Records {
		if r.Knobs["opt"] != "0" {
			continue
		}
		l, ok := byValue[r.Mean]
		if !ok {
			t.Errorf("record %q z=%q (mean %v) has no result line", r.Model, r.Knobs["z"], r.Mean)
			continue
		}
		parts := p.Parts[l.Name]
		if len(parts) != 4 || parts[0] != "PP" || !strings.HasPrefix(parts[1], "/model=") ||
			parts[2] != "/size=64" || !strings.HasPrefix(parts[3], "/z=") {
			t.Errorf("record %q: name %q has parts %q, want PP, /model=…, /size=64, /z=…", r.Model, l.Name, parts)
			continue
		}
		key := strings.TrimPrefix(parts[1], "/model=")
		if prev, ok := modelKeys[key]; ok && prev != r.Model {
			t.Errorf("models %q and %q have the same name key %q", prev, r.Model, key)
		}
		modelKeys[key] = r.Model
		if !strings.HasPrefix(parts[3], "/z="+r.Knobs["z"]) {
			t.Errorf("record %q z=%q: name key /z is %q", r.Model, r.Knobs["z"], parts[3])
		}
	}
	if len(modelKeys) != len(models) {
		t.Errorf("%d distinct model keys, want %d: %q", len(modelKeys), len(models), modelKeys)
	}
	if p.Config["sweepstat-task"] != "5 (hostile name: x)" {
		t.Errorf("sweepstat-task = %q, want the label on one line", p.Config["sweepstat-task"])
	}
}

// Distinct benchmarks (distinct sweep.Key) get distinct names, else
// benchstat pools their samples. Here the last name element is a value that
// ends in "-7" in one benchmark and in "-7_" in the other.
func TestWriteNamesDistinct(t *testing.T) {
	task := &sweep.Task{ID: 1, Name: "t", Records: []sweep.Record{
		record("m", "pp", "64", 1, "opt=0", "z=v-7"),
		record("m", "pp", "64", 2, "opt=0", "z=v-7_"),
		record("m", "pp", "64", 3, "opt=1", "z=v-7"),
		record("m", "pp", "64", 4, "opt=1", "z=v-7_"),
	}}
	sel := selectAll(t, task, "opt")
	p := parse(t, write(t, sel, "0"))
	if len(p.Lines) != 2 {
		t.Fatalf("%d lines, want 2", len(p.Lines))
	}
	if p.Lines[0].Name == p.Lines[1].Name {
		t.Errorf("z=v-7 and z=v-7_ are both named %q", p.Lines[0].Name)
	}
}

// The phase-specific dimensions: pp names leave out n_prompt (the size)
// and n_gen, tg names both too, pp+tg names keep both when they vary.
func TestWritePhaseDimensions(t *testing.T) {
	var recs []sweep.Record
	mean := 1.0
	for _, opt := range []string{"a", "b"} {
		for _, np := range []string{"64", "128"} {
			for _, ng := range []string{"16", "32"} {
				recs = append(recs,
					record("m", "pp", np, mean, "opt="+opt, "n_prompt="+np, "n_gen="+ng),
					record("m", "tg", ng, mean+0.5, "opt="+opt, "n_prompt="+np, "n_gen="+ng),
					record("m", "pp+tg", np+"+"+ng, mean+0.25, "opt="+opt, "n_prompt="+np, "n_gen="+ng))
				mean++
			}
		}
	}
	task := &sweep.Task{ID: 1, Name: "t", Records: recs}
	p := parse(t, write(t, selectAll(t, task, "opt"), "a"))
	if p.Errors != nil {
		t.Fatalf("syntax errors: %q", p.Errors)
	}
	got := map[string]int{}
	for _, l := range p.Lines {
		got[l.Name]++
	}
	want := map[string]int{
		"PP/model=m/size=64": 2, "PP/model=m/size=128": 2,
		"TG/model=m/size=16": 2, "TG/model=m/size=32": 2,
		"PP+TG/model=m/size=64+16/n_gen=16/n_prompt=64":   1,
		"PP+TG/model=m/size=64+32/n_gen=32/n_prompt=64":   1,
		"PP+TG/model=m/size=128+16/n_gen=16/n_prompt=128": 1,
		"PP+TG/model=m/size=128+32/n_gen=32/n_prompt=128": 1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names and their sample counts (-want +got):\n%s", diff)
	}
}

// A knob that is constant in the selection is left out of the names (the
// package doc), even when it varies elsewhere in the task.
func TestWriteLeavesOutKnobsConstantInSelection(t *testing.T) {
	task := &sweep.Task{ID: 1, Name: "t", Records: []sweep.Record{
		record("m", "pp", "64", 1, "opt=1", "k=a"),
		record("m", "pp", "64", 2, "opt=2", "k=a"),
		record("m", "pp", "64", 3, "opt=3", "k=b"), // not selected
		record("other", "pp", "64", 4, "opt=1", "j=x"),
		record("other", "pp", "64", 5, "opt=2", "j=x"),
		record("gone", "pp", "64", 6, "opt=1", "j=y"), // filtered out
	}}
	sel, err := sweep.Select(task, "opt", "1", "2", []string{"m", "other"})
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, write(t, sel, "1"))
	var got []string
	for _, l := range p.Lines {
		got = append(got, l.Name)
	}
	want := []string{"PP/model=m/size=64", "PP/model=other/size=64"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

// Units: a record without a unit is tokens/sec (Unit's doc), and its
// metadata must say higher is better like any tokens/sec; a file mixing
// such records with explicit tokens/sec must not contradict itself.
func TestWriteUnits(t *testing.T) {
	for _, units := range [][]string{{"", ""}, {"", "tokens/sec"}, {"tokens/sec", "tokens/sec"}} {
		t.Run(strings.Join(units, ","), func(t *testing.T) {
			task := &sweep.Task{ID: 1, Name: "t"}
			for i, u := range units {
				for _, opt := range []string{"0", "1"} {
					r := record("m", "tg", strconv.Itoa(32*(i+1)), float64(10+i), "opt="+opt)
					r.Unit = u
					task.Records = append(task.Records, r)
				}
			}
			text := write(t, selectAll(t, task, "opt"), "0")
			p := parse(t, text)
			if p.Errors != nil {
				t.Errorf("syntax errors: %q\n%s", p.Errors, text)
			}
			if p.Better != 1 {
				t.Errorf("benchfmt's better for tokens/sec = %d, want +1\n%s", p.Better, text)
			}
			for _, l := range p.Lines {
				if l.Unit != "tokens/sec" {
					t.Errorf("%s: unit %q, want tokens/sec", l.Name, l.Unit)
				}
			}
		})
	}
}

func TestUnit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tokens/sec", "tokens/sec"},
		{"", "tokens/sec"},
		{"tokens / sec", "tokens_/_sec"},
		{" ms\tper token ", "ms_per_token"},
	}
	for _, tt := range tests {
		if got := benchconv.Unit(tt.in); got != tt.want {
			t.Errorf("Unit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A unit's direction given by the source (Record.Better, e.g. from a
// benchfmt file's unit metadata) is the direction the comparison used, and
// must be the one the file declares.
func TestWriteKeepsRecordDirection(t *testing.T) {
	task := &sweep.Task{ID: 1, Name: "t"}
	for _, opt := range []string{"0", "1"} {
		for i := 0; i < 2; i++ {
			r := record("m", "tg", "32", float64(10+i), "opt="+opt)
			r.Unit, r.Better = "score", +1
			task.Records = append(task.Records, r)
		}
	}
	sel := selectAll(t, task, "opt")
	a := analyze(t, sel)
	if a.Sig.Rows[0].Better != +1 {
		t.Fatalf("the comparison's direction is %d, want +1", a.Sig.Rows[0].Better)
	}
	var b bytes.Buffer
	if err := benchconv.Write(&b, a, "0"); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(bytes.NewReader(b.Bytes()), "score.txt")
	for r.Scan() {
	}
	if got := r.Units().GetBetter("score"); got != +1 {
		t.Errorf("file declares better=%d for score, want +1 (the record's direction)\n%s", got, b.String())
	}
}

// What the comparison used is what the file holds: repetitions when there
// is one invocation per side, nothing for a benchmark measured on one side.
func TestWriteSamples(t *testing.T) {
	task := &sweep.Task{ID: 1, Name: "t"}
	for i, opt := range []string{"0", "1"} {
		r := record("m", "pp", "64", 10, "opt="+opt)
		r.Values = []float64{9.5 + float64(i), 10 + float64(i), 10.5 + float64(i)}
		r.Reps = 3
		task.Records = append(task.Records, r)
	}
	// tg measured for opt=0 only.
	task.Records = append(task.Records, record("m", "tg", "32", 5, "opt=0"))
	sel := selectAll(t, task, "opt")
	for _, v := range []string{"0", "1"} {
		p := parse(t, write(t, sel, v))
		off := 0.0
		if v == "1" {
			off = 1
		}
		want := []line{
			{"PP/model=m/size=64", 9.5 + off, "tokens/sec"},
			{"PP/model=m/size=64", 10 + off, "tokens/sec"},
			{"PP/model=m/size=64", 10.5 + off, "tokens/sec"},
		}
		if diff := cmp.Diff(want, sortLines(p.Lines)); diff != "" {
			t.Errorf("value %s: results (-want +got):\n%s", v, diff)
		}
	}
}
