package runner

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/fakeengine/fakebuild"
	"github.com/sweepstat/sweepstat/internal/mnndb"
)

// fakes are the fake engines, built once for the package's tests.
var fakes struct {
	dir, llmBench, llamaBench string
	err                       error
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	dir, err := os.MkdirTemp("", "runner-fake-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fakes.dir = dir
	fakes.llmBench, fakes.err = fakebuild.BuildDir(dir, "llm_bench")
	if fakes.err == nil {
		fakes.llamaBench, fakes.err = fakebuild.BuildDir(dir, "llama-bench")
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func fakeLLMBench(t testing.TB) string {
	t.Helper()
	if fakes.err != nil {
		t.Fatal(fakes.err)
	}
	return fakes.llmBench
}

// sweepDir writes a sweep file (text, with BIN replaced by the fake
// llm_bench) and two MNN model directories a/ and b/ with a config.json
// into a new directory, and returns the sweep file's path.
func sweepDir(t testing.TB, text string) string {
	t.Helper()
	dir := t.TempDir()
	for _, m := range []string{"a", "b"} {
		os.MkdirAll(filepath.Join(dir, m), 0o755)
		if err := os.WriteFile(filepath.Join(dir, m, "config.json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "sweep.yaml")
	text = strings.ReplaceAll(text, "BIN", fakeLLMBench(t))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// basicSweep is 2 models × dynamicOption {7, 8} × n_prompt {64, 128}, so
// 8 cases, 4 cells.
const basicSweep = `task_name: basic
global_config:
  threads: 1
  repeat: 3
  precision: 2
  models: ["a/config.json", "b/config.json"]
benchmark_suits:
  - suit_name: s
    variables:
      - name: dynamicOption
        values: [7, 8]
      - name: n_prompt
        values: [64, 128]
      - name: n_gen
        values: [32]
sweepstat:
  binary: BIN
`

// options loads the sweep file at path with the database in its directory.
func options(t testing.TB, path string) *Options {
	t.Helper()
	o, err := Load(path, "")
	if err != nil {
		t.Fatal(err)
	}
	o.DB = filepath.Join(filepath.Dir(path), "results.db")
	return o
}

// fakeEnv sets the fake engine's environment for the test: a fresh
// invocation counter (so noise is reproducible) plus kv pairs.
func fakeEnv(t *testing.T, kv ...string) {
	t.Helper()
	t.Setenv("FAKE_STATE", t.TempDir())
	for _, v := range []string{"FAKE_FAIL", "FAKE_HANG", "FAKE_GARBAGE", "FAKE_ECHO", "FAKE_SLEEP", "FAKE_DRIFT", "FAKE_EFFECT"} {
		t.Setenv(v, "")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

func mustRun(t *testing.T, o *Options) *Summary {
	t.Helper()
	s, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return s
}

// query runs a one-value query on the database at path.
func query[T any](t testing.TB, path, q string, args ...any) T {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v T
	if err := db.QueryRow(q, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// attempt is one row of sweepstat_invocations.
type attempt struct {
	key, status, started, command, tail, errText string
	round, attemptNo, warmup, results            int
	caseID                                       sql.NullInt64
}

func attempts(t testing.TB, path string) []attempt {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT invocation_key, status, started_at, command, COALESCE(output_tail, ''), COALESCE(error, ''), round, attempt, warmup, results, case_id
		FROM sweepstat_invocations ORDER BY started_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []attempt
	for rows.Next() {
		var a attempt
		if err := rows.Scan(&a.key, &a.status, &a.started, &a.command, &a.tail, &a.errText, &a.round, &a.attemptNo, &a.warmup, &a.results, &a.caseID); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkExactlyOnce checks that every planned invocation of o has exactly
// one finished attempt, one case and its two results (pp and tg), and
// that the mnndb reader reads exactly those.
func checkExactlyOnce(t *testing.T, o *Options) {
	t.Helper()
	p, err := NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	finished := map[string]int{}
	for _, a := range attempts(t, o.DB) {
		if a.warmup == 0 && mnndb.Finished(a.status) {
			finished[a.key]++
		}
	}
	if p.Done != p.Planned || len(p.Todo) != 0 {
		t.Errorf("plan after the run: %d of %d done, %d to do", p.Done, p.Planned, len(p.Todo))
	}
	if len(finished) != p.Planned {
		t.Errorf("%d invocations finished, want %d", len(finished), p.Planned)
	}
	for k, n := range finished {
		if n != 1 {
			t.Errorf("%s finished %d times", k, n)
		}
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM benchmark_results`); n != 2*p.Planned {
		t.Errorf("%d results, want %d", n, 2*p.Planned)
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM case_definitions WHERE status = 'success'`); n != p.Planned {
		t.Errorf("%d successful cases, want %d", n, p.Planned)
	}
	db, err := mnndb.Open(o.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || len(tasks[0].Records) != 2*p.Planned {
		t.Errorf("reader: %d tasks, want 1 with %d records", len(tasks), 2*p.Planned)
	}
}
