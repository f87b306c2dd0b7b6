package compare

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// threadStudy writes a database holding a thread-scaling study as four
// tasks, each the same sweep at one value of threads (8, 4, 6, 1, in that
// order, one after the other), as the users' other database does: two
// models ("qwen" and "org,model"), pp 64/128 and tg 32, 3 invocations per
// benchmark, speed proportional to threads^0.5 with 0.3% noise.
func threadStudy(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "threads.db")
	rng := rand.New(rand.NewPCG(8, 8))
	clock := 0
	for _, th := range []int{8, 4, 6, 1} {
		var recs []sweep.Record
		for _, model := range []string{"qwen", "org,model"} {
			for inv := 0; inv < 3; inv++ {
				for _, c := range []struct {
					phase, size, knob string
					speed             float64
				}{{"pp", "64", "n_prompt", 100}, {"pp", "128", "n_prompt", 110}, {"tg", "32", "n_gen", 20}} {
					clock++
					mean := c.speed * sqrt(float64(th)) * (1 + 0.003*rng.NormFloat64())
					recs = append(recs, sweep.Record{Test: &sweep.Test{Phase: c.phase, Size: c.size, Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: model}, Invocation: fmt.Sprintf("%s-%d-%s", model, inv, c.size), Knobs: map[string]string{"threads": fmt.Sprint(th), c.knob: c.size}, Time: fmt.Sprintf("2026-01-01 %02d:%02d:%02d", clock/3600, clock/60%60, clock%60)},
						Mean: float64(int(mean*100)) / 100, Std: 0.1, Reps: 3,
					})
				}
			}
		}
		if _, err := mnndb.Write(db, mnndb.Import{Task: fmt.Sprintf("threads_%d", th), Records: recs}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func sqrt(x float64) float64 {
	z := x
	for i := 0; i < 30; i++ {
		z -= (z*z - x) / (2 * z)
	}
	return z
}

// Four single-value tasks compared N-way: without -task the tasks holding
// the values are combined (and named), every benchmark is compared for
// each new value against the base (one row per benchmark × value, the
// correction over all of them), the session finding marks everything
// confounded (the tasks ran one after the other), and every output carries
// the value.
func TestNWayAcrossTasks(t *testing.T) {
	db := threadStudy(t)
	res, err := Run(Spec{DB: db, Option: "threads", Base: "1", NewValues: []string{"4", "6", "8"}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Comparison()
	if !strings.Contains(c.Task, "threads_1") || !strings.Contains(c.Task, "threads_8") {
		t.Errorf("task %q does not name the combined tasks", c.Task)
	}
	if len(c.Rows) != 2*3*3 {
		t.Fatalf("%d rows, want 2 models × 3 benchmarks × 3 values", len(c.Rows))
	}
	perValue := map[string]int{}
	for _, r := range c.Rows {
		perValue[r.NewValue]++
		if r.Verdict != Improvement || r.Design != DesignConfounded {
			t.Errorf("%s %s %s threads=%s: %s (%s), want an improvement, confounded", r.Model, r.Phase, r.Size, r.NewValue, r.Verdict, r.Design)
		}
	}
	if perValue["4"] != 6 || perValue["6"] != 6 || perValue["8"] != 6 {
		t.Errorf("rows per value %v, want 6 each", perValue)
	}
	if len(c.Aggregates) != 2*2*3 {
		t.Errorf("%d aggregates, want 2 models × 2 phases × 3 values", len(c.Aggregates))
	}
	if len(c.Design) != 3 || c.Design[0].Kind != "session" {
		t.Errorf("design %+v, want one session finding per new value", c.Design)
	}
	var b bytes.Buffer
	if err := res.Write(&b, FormatCSV, English); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][5] != "new_value" || rows[1][5] != "4" || len(rows) != 19 {
		t.Errorf("CSV: header %v, first row %v, %d lines", rows[0][:6], rows[1][:6], len(rows))
	}
	b.Reset()
	res.Write(&b, FormatText, English)
	head := strings.Split(b.String(), "\n")
	found := false
	for _, l := range head {
		if strings.HasPrefix(l, "phase") && strings.Contains(l, "threads=4") && strings.Contains(l, "threads=8") {
			found = true
		}
	}
	if !found {
		t.Errorf("text output has no header with a column per value:\n%s", b.String())
	}
	// -new all, and an explicit task list, give the same comparison.
	all, err := Run(Spec{DB: db, Option: "threads", Base: "1", NewValues: []string{"all"}, Task: "1,2,3,4"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Rows()) != len(c.Rows) {
		t.Errorf("-new all -task 1,2,3,4: %d rows, want %d", len(all.Rows()), len(c.Rows))
	}
	// Two of the tasks, by name.
	two, err := Run(Spec{DB: db, Option: "threads", Base: "1", New: "8", Task: "threads_8,threads_1"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(two.Rows()); n != 6 {
		t.Errorf("two tasks: %d rows, want 6", n)
	}
}

// Filters, names and typos: -where keeps records before the statistics;
// option names match in any letter case and an unknown one suggests the
// nearest; a model whose name holds a comma is selected whole.
func TestFiltersAndNames(t *testing.T) {
	db := threadStudy(t)
	base := Spec{DB: db, Option: "threads", Base: "1", New: "8"}
	for _, c := range []struct {
		where string
		rows  int
	}{{"phase=tg", 2}, {"n_prompt<=64", 2}, {"model=qwen and phase=pp", 2}, {"model=qwen, size>64", 1}} {
		s := base
		s.Where = c.where
		res, err := Run(s)
		if err != nil {
			t.Fatalf("-where %s: %v", c.where, err)
		}
		if n := len(res.Rows()); n != c.rows {
			t.Errorf("-where %s: %d rows, want %d", c.where, n, c.rows)
		}
	}
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{DB: db, Option: "threds", Base: "1", New: "8"}, "did you mean threads?"},
		{Spec{DB: db, Option: "threads", Base: "1", New: "8", Where: "thread=1"}, "did you mean threads?"},
		{Spec{DB: db, Option: "threads", Base: "1", New: "8", Where: "threads"}, "malformed term"},
		{Spec{DB: db, Option: "threads", Base: "1", New: "8", Models: []string{"qwne"}}, "did you mean qwen?"},
	} {
		if _, err := Run(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.spec, err, c.want)
		}
	}
	s := base
	s.Option = "THREADS"
	s.Models = []string{"org,model"}
	res, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows() {
		if r.Model != "org,model" {
			t.Errorf("row of model %q, want only org,model", r.Model)
		}
	}
	if len(res.Rows()) != 3 {
		t.Errorf("%d rows for org,model, want 3", len(res.Rows()))
	}
}

// llamaJSONL returns llama-bench -o jsonl text of one build: 2 tests
// (pp64, tg16) × 3 repetitions, the given speeds in tokens/s.
func llamaJSONL(commit string, pp, tg float64) string {
	var b strings.Builder
	for _, c := range []struct {
		np, ng int
		speed  float64
	}{{64, 0, pp}, {0, 16, tg}} {
		tokens := c.np + c.ng
		var ns, ts []string
		for i, f := range []float64{0.99, 1.0, 1.01} {
			s := c.speed * f
			ns = append(ns, fmt.Sprint(int64(float64(tokens)/s*1e9)))
			ts = append(ts, fmt.Sprintf("%.6g", s))
			_ = i
		}
		fmt.Fprintf(&b, `{"build_commit": "%s", "build_number": 1, "cpu_info": "cpu", "gpu_info": "", "backends": "CPU", "model_filename": "m.gguf", "model_type": "toy", "model_size": 1, "model_n_params": 1, "n_batch": 2048, "n_ubatch": 512, "n_threads": 1, "cpu_mask": "0x0", "cpu_strict": false, "poll": 50, "type_k": "f16", "type_v": "f16", "n_gpu_layers": 0, "split_mode": "layer", "main_gpu": 0, "no_kv_offload": false, "flash_attn": false, "tensor_split": "0.00", "use_mmap": true, "embeddings": false, "n_prompt": %d, "n_gen": %d, "test_time": "2026-01-01T00:00:00Z", "avg_ns": 1, "stddev_ns": 1, "avg_ts": %g, "stddev_ts": 1, "samples_ns": [%s], "samples_ts": [%s]}`+"\n",
			commit, c.np, c.ng, c.speed, strings.Join(ns, ", "), strings.Join(ts, ", "))
	}
	return b.String()
}

// Two llama-bench files compared directly: the option is the knob that
// tells them apart (build_commit), found without -option; the same files
// imported separately into one task compare the same way; -label names a
// file.
func TestLlamaFilesDirectly(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	os.WriteFile(a, []byte(llamaJSONL("aaa", 1000, 50)), 0o644)
	os.WriteFile(b, []byte(llamaJSONL("bbb", 900, 50)), 0o644)
	res, err := Run(Spec{Files: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Comparison()
	if c.Option != "build_commit" || c.Base != "aaa" || c.New != "bbb" || len(c.Rows) != 2 {
		t.Fatalf("option %s %s vs %s, %d rows; want build_commit aaa vs bbb, 2 rows", c.Option, c.Base, c.New, len(c.Rows))
	}
	for _, r := range c.Rows {
		if r.Samples != "repetitions" || r.Verdict != Unverified {
			t.Errorf("%s: %s on %s; want unverified on repetitions (one run per side)", r.Phase, r.Verdict, r.Samples)
		}
	}
	db := filepath.Join(dir, "runs.db")
	for _, f := range []string{a, b} {
		if _, err := Import(ImportSpec{DB: db, Task: "builds", Inputs: []string{f}}); err != nil {
			t.Fatal(err)
		}
	}
	imp, err := Run(Spec{DB: db, Option: "build_commit"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Rows()) != 2 || imp.Rows()[0].DeltaPct != c.Rows[0].DeltaPct {
		t.Errorf("imported: %d rows (delta %v); directly: delta %v", len(imp.Rows()), imp.Rows()[0].DeltaPct, c.Rows[0].DeltaPct)
	}
	// Same knobs in both files: the option is the file, with labels.
	b2 := filepath.Join(dir, "again.jsonl")
	os.WriteFile(b2, []byte(llamaJSONL("aaa", 1000, 50)), 0o644)
	res, err = Run(Spec{Files: []string{a, b2}, Labels: map[string]string{a: "old", b2: "new"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Comparison(); c.Option != "file" || c.Base != "old" || c.New != "new" {
		t.Errorf("same knobs: option %s %s vs %s, want file old vs new", c.Option, c.Base, c.New)
	}
}

// A numeric option compared at several values gets a scaling view: a
// table of speed and speedup per value in the report, and a chart.
func TestScalingView(t *testing.T) {
	db := threadStudy(t)
	res, err := Run(Spec{DB: db, Option: "threads", Base: "1", NewValues: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := res.Files(ReportOptions{Lang: English})
	if err != nil {
		t.Fatal(err)
	}
	var md, png []byte
	for _, f := range files {
		var b bytes.Buffer
		if f.Name == "threads_report.md" || f.Name == "threads_scaling.png" {
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
		}
		if f.Name == "threads_report.md" {
			md = b.Bytes()
		}
		if f.Name == "threads_scaling.png" {
			png = b.Bytes()
		}
	}
	if png == nil {
		t.Fatal("no threads_scaling.png among the report's files")
	}
	if img, err := pngDecode(png); err != nil || img.Bounds().Dx() != 1200 {
		t.Errorf("scaling chart: %v, %v", err, img)
	}
	// Speed grows as threads^0.5 in the data: 8 threads is 2.83× one.
	if !bytes.Contains(md, []byte("### threads scaling")) || !bytes.Contains(md, []byte("| qwen | pp | 8 | 297.0233 | 2.830 [")) {
		t.Errorf("report has no scaling table with the speedup of 8 threads:\n%s", md)
	}
	// Two values or a text option: no scaling view.
	two, _ := Run(Spec{DB: db, Option: "threads", Base: "1", New: "8"})
	files, _ = two.Files(ReportOptions{})
	for _, f := range files {
		if strings.Contains(f.Name, "scaling") {
			t.Errorf("two values have a scaling view: %s", f.Name)
		}
	}
}

func pngDecode(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }

// A result file given as the database gets a hint, not just "not a
// database".
func TestResultFileAsDB(t *testing.T) {
	f := filepath.Join(t.TempDir(), "a.jsonl")
	os.WriteFile(f, []byte(llamaJSONL("aaa", 1000, 50)), 0o644)
	_, err := Run(Spec{DB: f})
	if err == nil || !strings.Contains(err.Error(), "compare result files directly") || !strings.Contains(err.Error(), "llama-bench JSON") {
		t.Errorf("error %v, want a hint naming the format", err)
	}
}
