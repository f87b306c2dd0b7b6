package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/demo"
	_ "modernc.org/sqlite"
)

// The floor reads every row of its queries: with the choice, every task,
// suite and case besides the task's results; without, the results alone.
// The counts are SQLite's, asked apart.
func TestReadCountsEveryRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(demo.SQL()); err != nil {
		t.Fatal(err)
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var task int64
	if err := db.QueryRow(`SELECT max(task_id) FROM suites`).Scan(&task); err != nil {
		t.Fatal(err)
	}
	results := count(`SELECT count(*) FROM benchmark_results r JOIN case_definitions c ON c.id = r.case_id
		JOIN suites s ON s.id = c.suite_id WHERE s.task_id = ?`, task)
	every := count(`SELECT count(*) FROM tasks`) + count(`SELECT count(*) FROM suites`) + count(`SELECT count(*) FROM case_definitions`)
	if results == 0 || every == 0 {
		t.Fatalf("demo database without rows: %d results of task %d, %d tasks, suites and cases", results, task, every)
	}
	for _, tc := range []struct {
		choice bool
		want   int
	}{{false, results}, {true, results + every}} {
		got, err := read(path, task, tc.choice)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("read(choice=%v) = %d rows, want %d", tc.choice, got, tc.want)
		}
	}
	if _, err := read(filepath.Join(t.TempDir(), "missing.db"), task, true); err == nil {
		t.Error("read of a missing file: no error")
	}
}

// The task query is the one scripts/bench-report.sh gives sqlite3 as the
// peer, with task 3 for ?1, white space aside: the floor and the peer
// read the same.
func TestTaskQueryIsTheScriptsPeer(t *testing.T) {
	script, err := os.ReadFile("../../scripts/bench-report.sh")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\n\s*q="(SELECT[^"]*)"`).FindSubmatch(script)
	if m == nil {
		t.Fatal(`scripts/bench-report.sh: no q="SELECT ..." (the peer's query)`)
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if got, want := words(strings.ReplaceAll(taskQuery, "?1", "3")), words(string(m[1])); got != want {
		t.Errorf("taskQuery with task 3:\n%s\nthe script's peer:\n%s", got, want)
	}
}
