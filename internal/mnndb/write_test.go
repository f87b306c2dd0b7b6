package mnndb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

func importRecords() []sweep.Record {
	mk := func(inv, phase, size string, mean float64, samples []float64, knobs map[string]string) sweep.Record {
		return sweep.Record{Test: &sweep.Test{Phase: phase, Size: size, Unit: "tokens/sec"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: "m"}, Invocation: inv, Knobs: knobs, Time: "2026-11-27T05:55:29Z"}, Mean: mean, Std: 0.5,
			Reps: int32(len(samples)), Values: samples, Where: "in.json:" + inv}
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
		if len(r.Samples()) != 3 || r.Samples()[0] != want.Samples()[0] || r.Samples()[2] != want.Samples()[2] {
			t.Errorf("record %d samples %v, want %v", i, r.Samples(), want.Samples())
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
	r := sweep.Record{Test: &sweep.Test{}, Case: &sweep.Case{Origin: &sweep.Origin{}, Knobs: map[string]string{"dynamicOption": "7", "kv_cache": "false", "mmap": "0", "name": `a"b`, "x": "07"}}, Reps: 3}
	want := `{"dynamicOption": 7, "kv_cache": "false", "mmap": 0, "name": "a\"b", "repeat": 3, "x": "07"}`
	if got := ParamsJSON(&r); got != want {
		t.Errorf("ParamsJSON = %s, want %s", got, want)
	}
	knobs, err := parseParams(want)
	if err != nil || knobs["dynamicOption"] != "7" || knobs["name"] != `a"b` || knobs["x"] != "07" {
		t.Errorf("parseParams(ParamsJSON) = %v, %v", knobs, err)
	}
}

// schemaWithoutUnique is Schema with its UNIQUE constraints and indexes
// removed: a database made by another tool, on which de-duplication must
// still hold.
func schemaWithoutUnique(t *testing.T) string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(Schema, "\n") {
		if strings.Contains(l, "UNIQUE(") || strings.HasPrefix(l, "CREATE INDEX") {
			continue
		}
		out = append(out, l)
	}
	s := strings.Join(out, "\n")
	s = strings.ReplaceAll(s, "ON DELETE CASCADE,\n)", "ON DELETE CASCADE\n)")
	if strings.Contains(s, "UNIQUE") {
		t.Fatal("schemaWithoutUnique left a UNIQUE constraint")
	}
	return s
}

func count(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Importing the same records twice into tables without UNIQUE constraints
// adds them once (it used to add them again and report "0 already there"),
// and neither knob rows nor samples are doubled.
func TestWriteNoUniqueConstraints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loose.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(schemaWithoutUnique(t)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	recs := importRecords()
	// A record twice within one import counts once, too.
	recs = append(recs, recs[0])
	imp := Import{Task: "t1", Definition: "x", Records: recs}
	if n, err := Write(path, imp); err != nil || n != 3 {
		t.Fatalf("first Write = %d, %v; want 3 added", n, err)
	}
	want := map[string]int{}
	for _, tb := range []string{"tasks", "suites", "case_definitions", "benchmark_results", "case_variable_values", "benchmark_samples"} {
		want[tb] = count(t, path, tb)
	}
	if want["benchmark_results"] != 3 || want["case_variable_values"] != 15 || want["benchmark_samples"] != 9 {
		t.Fatalf("after one import: %v; want 3 results, 15 knob rows, 9 samples", want)
	}
	if n, err := Write(path, imp); err != nil || n != 0 {
		t.Errorf("second Write = %d, %v; want 0 added", n, err)
	}
	for tb, n := range want {
		if got := count(t, path, tb); got != n {
			t.Errorf("%s: %d rows after importing again, want %d", tb, got, n)
		}
	}
}

// A failed import into a missing file leaves no file at all, not even a
// temporary one; a successful one leaves only the database.
func TestWriteNewFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	recs := importRecords()
	recs[2].Mean = -1
	if _, err := Write(path, Import{Task: "t", Definition: "x", Records: recs}); err == nil || !strings.Contains(err.Error(), "in.json:b1: mean -1 is not positive") {
		t.Errorf("Write with a bad record: err = %v", err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("a failed import into a new file left %v", names)
	}
	if _, err := Write(path, Import{Task: "t", Definition: "x", Records: importRecords()}); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "new.db" {
		t.Errorf("after an import into a new file, the directory holds %v", names)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// sliceScanner streams records from a slice, failing after fail of them
// when fail ≥ 0.
type sliceScanner struct {
	recs []sweep.Record
	i    int
	fail int
	err  error
}

func (s *sliceScanner) Scan() bool {
	if s.fail >= 0 && s.i == s.fail {
		s.err = errors.New("in.json:9: input broke")
		return false
	}
	if s.i >= len(s.recs) {
		return false
	}
	s.i++
	return true
}
func (s *sliceScanner) Record() *sweep.Record { return &s.recs[s.i-1] }
func (s *sliceScanner) Err() error            { return s.err }

// Records streamed from a Source are added like Records; a Source that
// fails, or a canceled context, leaves the database as it was.
func TestWriteSource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.db")
	if _, err := Write(path, Import{Task: "t0", Definition: "x", Records: importRecords()[:1]}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err := Write(path, Import{Task: "t1", Definition: "x", Source: &sliceScanner{recs: importRecords(), fail: 2}})
	if err == nil || err.Error() != "in.json:9: input broke" {
		t.Errorf("Write from a failing source: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	recs := importRecords()
	src := &cancelScanner{sliceScanner{recs: recs, fail: -1}, cancel}
	if _, err := WriteContext(ctx, path, Import{Task: "t1", Definition: "x", Source: src}); !errors.Is(err, context.Canceled) {
		t.Errorf("Write canceled midway: err = %v, want context.Canceled", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("a failed import changed the database")
	}
	// Canceled after the last record, before the commit: canceled too.
	ctx, cancel = context.WithCancel(context.Background())
	end := &endCancelScanner{sliceScanner{recs: recs, fail: -1}, cancel}
	if _, err := WriteContext(ctx, path, Import{Task: "t1", Definition: "x", Source: end}); !errors.Is(err, context.Canceled) {
		t.Errorf("Write canceled before its commit: err = %v, want context.Canceled", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("a canceled import changed the database")
	}
	n, err := Write(path, Import{Task: "t1", Definition: "x", Records: recs[:1], Source: &sliceScanner{recs: recs[1:], fail: -1}})
	if err != nil || n != 3 {
		t.Errorf("Write from Records and Source = %d, %v; want 3", n, err)
	}
}

// cancelScanner cancels its context after the first record.
type cancelScanner struct {
	sliceScanner
	cancel func()
}

func (s *cancelScanner) Scan() bool {
	if s.i == 1 {
		s.cancel()
	}
	return s.sliceScanner.Scan()
}

// endCancelScanner cancels its context when the records run out.
type endCancelScanner struct {
	sliceScanner
	cancel func()
}

func (s *endCancelScanner) Scan() bool {
	if !s.sliceScanner.Scan() {
		s.cancel()
		return false
	}
	return true
}
