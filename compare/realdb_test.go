package compare

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sharedDir holds the reference data (not ours to ship); CI has it beside
// the checkout. Tests that need it skip when it is absent.
const sharedDir = "../../shared/reference/mnn_anal/"

func needShared(t *testing.T, name string) string {
	t.Helper()
	path := sharedDir + name
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reference data %s not found (it lives in ../shared beside the checkout): %v", path, err)
	}
	return path
}

// render returns the content of the report file called name.
func render(t *testing.T, res *Result, name string) []byte {
	t.Helper()
	files, err := res.Files(ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == name {
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatalf("rendering %s: %v", name, err)
			}
			return buf.Bytes()
		}
	}
	t.Fatalf("no file %s in the report", name)
	return nil
}

// readCSV parses CSV text into rows keyed by the given columns.
func readCSV(t *testing.T, data []byte, keys ...string) (map[string]map[string]string, []string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = r[i]
		}
		var k []string
		for _, c := range keys {
			k = append(k, row[c])
		}
		out[strings.Join(k, "|")] = row
	}
	return out, recs[0]
}

// TestRealDatabaseMatchesOldScript checks, on task 3 of the real database,
// that the summary and difference CSVs hold the numbers the old pandas
// script wrote (an independent implementation), to 1e-9 relative.
func TestRealDatabaseMatchesOldScript(t *testing.T) {
	db := needShared(t, "benchmark_results.db")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(Spec{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Task(); !strings.HasPrefix(got, "3 ") {
		t.Errorf("picked task %s, want task 3", got)
	}
	for _, tc := range []struct {
		ours, theirs string
		keys         []string
	}{
		{"dynamicoption_summary.csv", "dynamicoption_summary.csv", []string{"result_type", "model", "dynamicoption_value"}},
		{"dynamicoption_difference.csv", "dynamicoption_difference.csv", []string{"result_type", "model"}},
	} {
		wantData, err := os.ReadFile(needShared(t, tc.theirs))
		if err != nil {
			t.Fatal(err)
		}
		want, wantCols := readCSV(t, wantData, tc.keys...)
		got, gotCols := readCSV(t, render(t, res, tc.ours), tc.keys...)
		if len(gotCols) < len(wantCols) {
			t.Fatalf("%s: %d columns, want at least %d", tc.ours, len(gotCols), len(wantCols))
		}
		for i, c := range wantCols {
			if gotCols[i] != c {
				t.Errorf("%s: column %d is %q, want %q (the old script's columns come first)", tc.ours, i, gotCols[i], c)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", tc.ours, len(got), len(want))
		}
		checked := 0
		for k, w := range want {
			g, ok := got[k]
			if !ok {
				t.Errorf("%s: no row %s", tc.ours, k)
				continue
			}
			for _, c := range wantCols {
				if equalCell(w[c], g[c]) {
					checked++
					continue
				}
				t.Errorf("%s row %s column %s: got %s, want %s", tc.ours, k, c, g[c], w[c])
			}
		}
		t.Logf("%s: %d cells agree", tc.ours, checked)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the database changed")
	}
}

// equalCell compares two CSV cells: numbers to 1e-9 relative, text exactly.
func equalCell(want, got string) bool {
	w, errW := strconv.ParseFloat(want, 64)
	g, errG := strconv.ParseFloat(got, 64)
	if errW != nil || errG != nil {
		return want == got
	}
	return math.Abs(w-g) <= 1e-9*math.Max(math.Abs(w), 1e-300) || w == g
}

// TestRealDatabaseMmap runs task 2 (mmap 0 vs 1) the same way.
func TestRealDatabaseMmap(t *testing.T) {
	db := needShared(t, "benchmark_results.db")
	res, err := Run(Spec{DB: db, Option: "mmap"})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Task(); !strings.HasPrefix(got, "2 ") {
		t.Errorf("picked task %s, want task 2", got)
	}
	if name, base, nw := res.Option(); name != "mmap" || base != "0" || nw != "1" {
		t.Errorf("option = %s %s %s, want mmap 0 1", name, base, nw)
	}
	if res.Records() != 512 {
		t.Errorf("%d records, want 512", res.Records())
	}
	sum, _ := readCSV(t, render(t, res, "mmap_summary.csv"), "result_type", "model", "mmap_value")
	if len(sum) != 8 {
		t.Errorf("%d summary rows, want 8 (2 phases × 2 models × 2 values)", len(sum))
	}
	for k, row := range sum {
		if row["data_points"] != "64" {
			t.Errorf("row %s: data_points %s, want 64", k, row["data_points"])
		}
	}
}

// TestDriftConfounding: in task 3 every dynamicOption=7 invocation of each
// model ran before every =8 one (created_at); the demo interleaves them.
// Every row and aggregate of task 3 carries design: confounded, and the
// check's text and the gate's failure message start with the warning.
func TestDriftConfounding(t *testing.T) {
	demo, err := Run(Spec{})
	if err != nil {
		t.Fatal(err)
	}
	if w := demo.Design(); len(w) != 0 {
		t.Errorf("demo (interleaved) has design findings: %v", w)
	}
	db := needShared(t, "benchmark_results.db")
	res, err := Run(Spec{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	w := res.Design()
	if len(w) != 2 {
		t.Fatalf("task 3: %d findings, want one per model: %v", len(w), w)
	}
	for i, model := range []string{"qwen2_5_0_5b", "smolvlm2_256m"} {
		if w[i].Kind != "run-order" || w[i].Model != model || !strings.HasPrefix(w[i].Message, model+": all invocations of dynamicOption=7") {
			t.Errorf("finding %d = %+v", i, w[i])
		}
	}
	for _, r := range res.Rows() {
		if r.Design != DesignConfounded {
			t.Errorf("row %s %s %s: design %q", r.Model, r.Phase, r.Size, r.Design)
		}
	}
	for _, a := range res.Aggregates() {
		if a.Design != DesignConfounded {
			t.Errorf("aggregate %s %s: design %q", a.Model, a.Phase, a.Design)
		}
	}
	for _, f := range []Format{FormatText, FormatMarkdown, FormatJSON} {
		var b strings.Builder
		if err := res.WriteCheck(&b, f, English); err != nil {
			t.Fatal(err)
		}
		first := strings.TrimLeft(b.String(), "#✅❌ ")
		if f == FormatMarkdown {
			first = b.String()[strings.Index(b.String(), "\n\n")+2:]
		}
		if f == FormatJSON {
			first = b.String()[strings.Index(b.String(), `"design"`):]
		}
		if !strings.Contains(first[:400], "qwen2_5_0_5b") || !strings.Contains(first[:600], "confounded") {
			t.Errorf("check %v does not start with the design warning:\n%.600s", f, b.String())
		}
	}
	// The gate's failure message starts with it too (limit 0: the
	// significant slowdowns of task 3 fail).
	var tb fakeTB
	Gate(&tb, Spec{DB: db, MaxRegression: Pct(0), Margin: Pct(0)})
	if len(tb.errors) != 1 || !strings.Contains(tb.errors[0][:400], "WARNING: qwen2_5_0_5b: all invocations") {
		t.Errorf("gate message does not start with the design warning: %q", tb.errors)
	}
}

// TestNegligibleChangeIsEquivalent: task 3, qwen2_5_0_5b tg96 is -0.25%,
// significant after correction, with its whole TOST interval inside the
// ±1% margin: equivalent (significant says so), and a bare check passes.
// The qwen tg aggregate (-0.21% [-0.29%, -0.13%]) is equivalent too.
func TestNegligibleChangeIsEquivalent(t *testing.T) {
	db := needShared(t, "benchmark_results.db")
	res, err := Run(Spec{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range res.Rows() {
		if r.Model == "qwen2_5_0_5b" && r.Phase == "tg" && r.Size == "96" {
			found = true
			if r.Verdict != Equivalent || !r.Significant || r.DeltaPct > -0.2 || r.DeltaPct < -0.3 {
				t.Errorf("qwen tg96: verdict %s, significant %v, delta %v%%; want equivalent, significant, -0.25%%", r.Verdict, r.Significant, r.DeltaPct)
			}
		}
	}
	if !found {
		t.Fatal("no qwen2_5_0_5b tg 96 row")
	}
	for _, a := range res.Aggregates() {
		if a.Model == "qwen2_5_0_5b" && a.Phase == "tg" && a.Verdict != Equivalent {
			t.Errorf("qwen tg aggregate %+.2f%% [%+.2f, %+.2f]: %s, want equivalent", a.DeltaPct, a.ChangeCILow, a.ChangeCIHigh, a.Verdict)
		}
	}
	if c := res.Check(); !c.Passed {
		t.Errorf("default check fails task 3: %s %+v", c.Verdict, c.Regressions)
	}
}

// TestRealSessionOffset measures what the simulations of the gate
// (internal/analysis TestValidateGate) use as the session offset: task 2
// with mmap=0 and task 4 of the real database ran the same settings about
// 6 hours apart. Per model × phase the offset is the geometric mean, over
// the benchmarks (phase and size) both tasks measured, of (task 4 mean /
// task 2 mean) − 1, where a task's mean is the mean of its invocation
// means; the sd per phase is the root mean square of the models' offsets.
// They must stay near the figures the simulation uses: 0.015% pp, 0.10%
// tg (within a factor of 3: two models give a rough estimate).
func TestRealSessionOffset(t *testing.T) {
	db := needShared(t, "benchmark_results.db")
	tasks, _, _, err := load(db)
	if err != nil {
		t.Fatal(err)
	}
	means := func(id int64, keep func(map[string]string) bool) map[string]float64 {
		sum, n := map[string]float64{}, map[string]float64{}
		for _, task := range tasks {
			if task.ID != id {
				continue
			}
			for _, r := range task.Records {
				if keep(r.Knobs) {
					k := r.Model + "\x00" + r.Phase + "\x00" + r.Size
					sum[k] += r.Mean
					n[k]++
				}
			}
		}
		for k := range sum {
			sum[k] /= n[k]
		}
		return sum
	}
	t2 := means(2, func(k map[string]string) bool { return k["mmap"] == "0" })
	t4 := means(4, func(map[string]string) bool { return true })
	logs, counts := map[string]float64{}, map[string]float64{}
	for k, b := range t2 {
		if n, ok := t4[k]; ok {
			parts := strings.SplitN(k, "\x00", 3)
			mp := parts[0] + " " + parts[1]
			logs[mp] += math.Log(n / b)
			counts[mp]++
		}
	}
	sq, nm := map[string]float64{}, map[string]float64{}
	for _, mp := range sweepSortedKeys(logs) {
		off := math.Exp(logs[mp]/counts[mp]) - 1
		phase := mp[strings.LastIndex(mp, " ")+1:]
		sq[phase] += off * off
		nm[phase]++
		t.Logf("session offset %s: %+.3f%% over %v benchmarks", mp, off*100, counts[mp])
	}
	for phase, want := range map[string]float64{"pp": 0.015, "tg": 0.10} {
		sd := math.Sqrt(sq[phase]/nm[phase]) * 100
		t.Logf("session offset sd, %s: %.3f%% (the simulation uses %.3f%%)", phase, sd, want)
		if nm[phase] == 0 || sd > 3*want || sd < want/3 {
			t.Errorf("%s: session offset sd %.3f%%, simulation uses %.3f%%: update TestValidateGate", phase, sd, want)
		}
	}
}

func sweepSortedKeys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
