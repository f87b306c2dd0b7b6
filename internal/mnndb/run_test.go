package mnndb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

func TestRunWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	if err := CheckWritable(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("CheckWritable created the database")
	}
	d, err := OpenRun(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	task, err := d.Task(RunTask{Name: "t", Definition: "task_name: t\n"})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := d.Task(RunTask{Name: "t"}); again != task {
		t.Errorf("task %d, then %d", task, again)
	}
	run, err := d.StartRun(&Run{TaskID: task, Start: time.Now(), Seed: 5, Settings: map[string]int{"rounds": 1}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
	a := &Attempt{TaskID: task, RunID: run, Key: `["m","s","c",1]`, Model: "m", Suite: "s", Case: "c round 1", Round: 1, Attempt: 1,
		Knobs: map[string]string{"threads": "1"}, Command: "llm_bench -t 1", Start: start, Duration: time.Second,
		Exit: 1, Status: StatusFailed, Error: "exit status 1", Tail: "boom"}
	if err := d.Record(a); err != nil {
		t.Fatal(err)
	}
	a.Attempt, a.Exit, a.Status, a.Error = 2, 0, StatusSuccess, ""
	a.Records = []sweep.Record{
		{Test: &sweep.Test{Phase: "pp", Size: "64"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: "m"}, Knobs: map[string]string{"threads": "1", "backend": "CPU"}}, Mean: 100, Std: 1, Values: []float64{99, 101}},
		{Test: &sweep.Test{Phase: "tg", Size: "32"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: "m"}, Knobs: map[string]string{"threads": "1", "backend": "CPU", "n_gen": "32"}}, Mean: 20, Std: 1},
	}
	if err := d.Record(a); err != nil {
		t.Fatal(err)
	}
	// The same finished case again is refused, and the refusal leaves nothing.
	a.Attempt = 3
	if err := d.Record(a); err == nil || !strings.Contains(err.Error(), "already recorded") {
		t.Errorf("second success: %v", err)
	}
	h, err := d.History("t")
	if err != nil {
		t.Fatal(err)
	}
	if h.Seed != 5 || h.Finished != 1 || h.Keys[a.Key].Attempts != 2 || !h.Keys[a.Key].Finished {
		t.Errorf("history %+v", h)
	}
	if err := d.FinishRun(run, &Run{TaskID: task, Done: 1, Status: "completed"}); err != nil {
		t.Fatal(err)
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
	recs := tasks[0].Records
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	// created_at is the start with microseconds; base_parameters holds the
	// knobs asked plus those all records agree on (backend, not n_gen).
	if recs[0].Time != "2026-01-02 03:04:05.123456" || recs[0].Knobs["backend"] != "CPU" || recs[0].Knobs["n_gen"] != "" || len(recs[0].Samples()) != 2 {
		t.Errorf("record %+v", recs[0])
	}
	var summary string
	d.db.QueryRow(`SELECT summary_json FROM tasks`).Scan(&summary)
	if !strings.Contains(summary, `"successful_cases":1`) || !strings.Contains(summary, `"failed_cases":0`) {
		t.Errorf("summary_json %s", summary)
	}
	// A file that is not a database is refused by both.
	bad := filepath.Join(t.TempDir(), "x.db")
	os.WriteFile(bad, []byte("not sqlite at all, not at all, no"), 0o644)
	if err := CheckWritable(bad); err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Errorf("CheckWritable: %v", err)
	}
	if _, err := OpenRun(bad); err == nil {
		t.Errorf("OpenRun opened a non-database")
	}
}
