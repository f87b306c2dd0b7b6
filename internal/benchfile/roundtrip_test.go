package benchfile_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/benchconv"
	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A report's bench files, read back, hold exactly the samples the report
// compared: model, phase, size, the varying knob and the invocation means.
func TestRoundTrip(t *testing.T) {
	type bench struct{ model, phase, size, threads string }
	// Invocation means per benchmark and side; pp 64 has records at two
	// n_gen values, which the comparison pools.
	data := map[bench][2][]float64{
		{"qwen2_5_0_5b", sweep.PhasePrefill, "64", "4"}:  {{500.5, 501.25, 499.75}, {510, 511.5, 509}},
		{"qwen2_5_0_5b", sweep.PhasePrefill, "64", "8"}:  {{800, 805, 795}, {790, 791, 789.5}},
		{"qwen2_5_0_5b", sweep.PhaseDecode, "16", "4"}:   {{20.125, 20.25, 20}, {16.1, 16, 16.2}},
		{"llama_3_2_1b", sweep.PhaseDecode, "32", "4"}:   {{10.5, 10.25}, {10.75, 10.5}},
		{"llama_3_2_1b", sweep.PhaseDecode, "32", "8"}:   {{12, 12.5}, {12.25, 12.75}},
		{"llama_3_2_1b", sweep.PhasePrefill, "128", "4"}: {{300, 301, 302, 303, 304, 305}, {310, 311, 312, 313, 314, 315}},
	}
	var keys []bench
	for k := range data {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	var recs []sweep.Record
	for _, k := range keys {
		for side, v := range []string{"0", "1"} {
			for i, m := range data[k][side] {
				knobs := map[string]string{"dynamicOption": v, "threads": k.threads, "n_prompt": "64", "n_gen": k.size}
				if k.phase == sweep.PhasePrefill {
					knobs["n_prompt"] = k.size
					knobs["n_gen"] = fmt.Sprint(16 * (1 + i%2)) // pooled
				}
				recs = append(recs, sweep.Record{Test: &sweep.Test{Phase: k.phase, Size: k.size, Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: k.model}, Knobs: knobs},
					Mean: m, Std: m / 100, Reps: 5, Where: fmt.Sprint(k, v, i)})
			}
		}
	}
	task := &sweep.Task{ID: 7, Name: "rt", Records: recs}
	sel, err := sweep.Select(task, "dynamicOption", "0", "1", nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := analysis.Build(sel, "test", false, analysis.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sig.Rows) != len(data) {
		t.Fatalf("%d rows, want %d", len(a.Sig.Rows), len(data))
	}

	dir := t.TempDir()
	var paths []string
	for _, v := range sel.Values() {
		var b bytes.Buffer
		if err := benchconv.Write(&b, a, v); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "dynamicoption_"+v+".txt")
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	back, err := benchfile.Read(paths)
	if err != nil {
		t.Fatal(err)
	}
	got := map[bench][2][]float64{}
	for _, r := range back.Records {
		if r.Unit != "tokens/sec" || r.Better != +1 {
			t.Errorf("%s: unit %q better %d; want tokens/sec, +1", r.Where, r.Unit, r.Better)
		}
		if r.Knobs["n_gen"] != "" || r.Knobs["n_prompt"] != "" {
			t.Errorf("%s: knobs %v hold a constant or pooled sweep dimension", r.Where, r.Knobs)
		}
		side := 0
		if r.Knobs[benchfile.Option] == "dynamicoption_1.txt" {
			side = 1
		}
		k := bench{r.Model, r.Phase, r.Size, r.Knobs["threads"]}
		s := got[k]
		s[side] = append(s[side], r.Runs()...)
		got[k] = s
	}
	for k, s := range got {
		for side := range s {
			sort.Float64s(s[side])
		}
		got[k] = s
	}
	want := map[bench][2][]float64{}
	for k, s := range data {
		want[k] = [2][]float64{sortedCopy(s[0]), sortedCopy(s[1])}
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(bench{})); diff != "" {
		t.Errorf("read-back samples (-want +got):\n%s", diff)
	}

	// The comparison of the files is the comparison of the database.
	sel2, err := sweep.Select(back, benchfile.Option, "dynamicoption_0.txt", "dynamicoption_1.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := analysis.Build(sel2, "files", false, analysis.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(a2.Sig.Rows) != len(a.Sig.Rows) {
		t.Fatalf("%d rows from the files, want %d", len(a2.Sig.Rows), len(a.Sig.Rows))
	}
	for i := range a.Sig.Rows {
		r1, r2 := &a.Sig.Rows[i], &a2.Sig.Rows[i]
		if r1.Label != r2.Label || r1.Key.Model != r2.Key.Model || r1.Key.Phase != r2.Key.Phase {
			t.Errorf("row %d: %s %s %q from the files, want %s %s %q", i, r2.Key.Model, r2.Key.Phase, r2.Label, r1.Key.Model, r1.Key.Phase, r1.Label)
			continue
		}
		if r1.Cmp.P != r2.Cmp.P || r1.Cmp.Ratio != r2.Cmp.Ratio || r1.Cmp.Test != r2.Cmp.Test || r1.Verdict != r2.Verdict {
			t.Errorf("row %s: p %v ratio %v %s %s from the files, want p %v ratio %v %s %s", r1.Label,
				r2.Cmp.P, r2.Cmp.Ratio, r2.Cmp.Test, r2.Verdict, r1.Cmp.P, r1.Cmp.Ratio, r1.Cmp.Test, r1.Verdict)
		}
	}
}

func sortedCopy(xs []float64) []float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s
}
