package mnndb

import (
	"bytes"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

func importRecords() []sweep.Record {
	mk := func(inv, phase, size string, mean float64, samples []float64, knobs map[string]string) sweep.Record {
		return sweep.Record{Model: "m", Invocation: inv, Phase: phase, Size: size, Knobs: knobs, Mean: mean, Std: 0.5,
			Reps: len(samples), Unit: "tokens/sec", Time: "2026-11-27T05:55:29Z", Samples: samples, Where: "in.json:" + inv}
	}
	k := func(v string) map[string]string {
		return map[string]string{"threads": "2", "build_commit": v, "n_prompt": "64", "n_gen": "0", "flash_attn": "-1"}
	}
	return []sweep.Record{
		mk("a1", "pp", "64", 100, []float64{99, 100, 101}, k("abc")),
		mk("a2", "pp", "64", 101, []float64{100, 101, 102}, k("abc")),
		mk("b1", "pp", "64", 110, []float64{109, 110, 111}, k("def")),
	}
}

// Write into a new file, read it back: the records survive with knobs,
// numbers, samples and time; importing again adds nothing.
func TestWriteRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	imp := Import{Task: "t1", Definition: "test", Records: importRecords()}
	n, err := Write(path, imp)
	if err != nil || n != 3 {
		t.Fatalf("Write = %d, %v; want 3 added", n, err)
	}
	if n, err := Write(path, imp); err != nil || n != 0 {
		t.Errorf("second Write = %d, %v; want 0 added", n, err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].Name != "t1" || len(tasks[0].Records) != 3 {
		t.Fatalf("read back %d tasks, want 1 named t1 with 3 records", len(tasks))
	}
	for i, r := range tasks[0].Records {
		want := importRecords()[i]
		if r.Model != want.Model || r.Phase != want.Phase || r.Size != want.Size || r.Mean != want.Mean || r.Std != want.Std ||
			r.Time != want.Time || r.Unit != want.Unit || r.Reps != 3 {
			t.Errorf("record %d = %+v, want %+v", i, r, want)
		}
		if len(r.Samples) != 3 || r.Samples[0] != want.Samples[0] || r.Samples[2] != want.Samples[2] {
			t.Errorf("record %d samples %v, want %v", i, r.Samples, want.Samples)
		}
		for k, v := range want.Knobs {
			if r.Knobs[k] != v {
				t.Errorf("record %d knob %s = %q, want %q", i, k, r.Knobs[k], v)
			}
		}
	}
	if got := tasks[0].KnobValues()["build_commit"]; len(got) != 2 {
		t.Errorf("build_commit values %v, want abc and def", got)
	}
}

// One transaction: a bad record in the middle leaves the database as it
// was, byte for byte.
func TestWriteAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.db")
	if _, err := Write(path, Import{Task: "t1", Definition: "x", Records: importRecords()[:1]}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	recs := importRecords()
	recs[1].Mean = math.NaN()
	if _, err := Write(path, Import{Task: "t2", Definition: "x", Records: recs}); err == nil || !strings.Contains(err.Error(), "in.json:a2") {
		t.Errorf("Write with a NaN mean: err = %v, want one naming in.json:a2", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Errorf("a failed import changed the database")
	}
}

// A SQLite file of another schema is refused; a text file is not SQLite.
func TestWriteForeign(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all, just some text that is long enough"), 0o666)
	if _, err := Write(text, Import{Task: "t", Definition: "x", Records: importRecords()}); err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Errorf("text file: err = %v", err)
	}
	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE invoices (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	before, _ := os.ReadFile(foreign)
	if _, err := Write(foreign, Import{Task: "t", Definition: "x", Records: importRecords()}); err == nil || !strings.Contains(err.Error(), `no table "tasks"`) {
		t.Errorf("foreign database: err = %v", err)
	}
	if after, _ := os.ReadFile(foreign); !bytes.Equal(before, after) {
		t.Errorf("a refused import changed the foreign database")
	}
	fresh := filepath.Join(dir, "fresh.db")
	if _, err := Write(fresh, Import{Task: "t", Definition: "x"}); err != nil {
		t.Fatal(err)
	}
	if !HasTable(fresh, "tasks") || !HasTable(fresh, "benchmark_samples") {
		t.Errorf("new database lacks the schema")
	}
}

// ParamsJSON writes numbers as numbers and everything else as strings, and
// reads back to the same knobs.
func TestParamsJSON(t *testing.T) {
	r := sweep.Record{Knobs: map[string]string{"dynamicOption": "7", "kv_cache": "false", "mmap": "0", "name": `a"b`, "x": "07"}, Reps: 3}
	want := `{"dynamicOption": 7, "kv_cache": "false", "mmap": 0, "name": "a\"b", "repeat": 3, "x": "07"}`
	if got := ParamsJSON(&r); got != want {
		t.Errorf("ParamsJSON = %s, want %s", got, want)
	}
	knobs, err := parseParams(want)
	if err != nil || knobs["dynamicOption"] != "7" || knobs["name"] != `a"b` || knobs["x"] != "07" {
		t.Errorf("parseParams(ParamsJSON) = %v, %v", knobs, err)
	}
}
