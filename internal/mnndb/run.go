package mnndb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// RunSchema is what `sweepstat run` adds to the mnn_anal schema (beside
// benchmark_samples, see SamplesSchema). Tools that know only the mnn_anal
// tables ignore both tables.
//
// sweepstat_runs has one row per execution of `sweepstat run` on a task:
// the settings in effect (order, seed, rounds, option, engine, binary,
// prefix, and all of them as settings_json), the sweep file as read, the
// host, and at the end the counts and how the run ended (status running,
// completed, failed, mismatch or interrupted; a row left "running" is a
// run that was killed).
//
// sweepstat_invocations has one row per attempt of one invocation: its
// stable identity (invocation_key: model, suite, case and round as a JSON
// array), the case_definitions row its results went to (NULL for warm-ups
// and for attempts that recorded no case), round, attempt (1, 2, … across
// runs), warmup flag, position in its run's execution order, the full
// command, start time (UTC, microseconds), duration, exit status (NULL when
// the process was killed or never started), status (success, forced,
// failed, timeout, unparsable, mismatch, interrupted), the error, host,
// the tail of its output, the knobs asked (knobs_json) and the number of
// results written.
const RunSchema = `CREATE TABLE IF NOT EXISTS sweepstat_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    host TEXT,
    engine TEXT,
    binary TEXT,
    prefix TEXT,
    run_order TEXT,
    seed INTEGER,
    rounds INTEGER,
    option TEXT,
    settings_json TEXT,
    sweep_yaml TEXT,
    planned INTEGER,
    done INTEGER,
    skipped INTEGER,
    failed INTEGER,
    status TEXT NOT NULL DEFAULT 'running',
    FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS sweepstat_invocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL,
    run_id INTEGER NOT NULL,
    invocation_key TEXT NOT NULL,
    case_id INTEGER,
    model_name TEXT NOT NULL,
    suite_name TEXT NOT NULL,
    case_name TEXT NOT NULL,
    round INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    warmup INTEGER NOT NULL DEFAULT 0,
    seq INTEGER,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_seconds REAL NOT NULL,
    exit_status INTEGER,
    status TEXT NOT NULL,
    error TEXT,
    host TEXT,
    output_tail TEXT,
    knobs_json TEXT,
    results INTEGER NOT NULL DEFAULT 0,
    UNIQUE(task_id, invocation_key, attempt),
    FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE,
    FOREIGN KEY (run_id) REFERENCES sweepstat_runs(id) ON DELETE CASCADE,
    FOREIGN KEY (case_id) REFERENCES case_definitions(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS idx_sweepstat_invocations_key ON sweepstat_invocations(task_id, invocation_key);
`

// Statuses of an invocation attempt in sweepstat_invocations. Success and
// Forced ones are finished (a rerun skips them); the others are tried again.
const (
	StatusSuccess     = "success"
	StatusForced      = "forced" // a knob mismatch recorded under -force
	StatusFailed      = "failed" // non-zero exit status
	StatusTimeout     = "timeout"
	StatusUnparsable  = "unparsable"
	StatusMismatch    = "mismatch"
	StatusInterrupted = "interrupted"
)

// Finished reports whether an attempt of status s finished its invocation.
func Finished(s string) bool { return s == StatusSuccess || s == StatusForced }

// TimeFormat is how run writes times (UTC): created_at of cases and
// results, started_at of invocations. It sorts as text, and as SQLite's
// CURRENT_TIMESTAMP text with which it shares its first 19 characters.
const TimeFormat = "2006-01-02 15:04:05.000000"

// A RunDB is a results database open for `sweepstat run`: in WAL mode,
// with a busy timeout, so that readers (report, compare) work while it
// writes. Its methods are for one goroutine.
type RunDB struct {
	db   *sql.DB
	path string
}

// busyTimeout is how long a write waits for a reader's or another
// writer's lock before failing.
const busyTimeout = 10 * time.Second

func writeURI(path string, create bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "synchronous(NORMAL)")
	if !create {
		q.Set("mode", "rw")
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String(), nil
}

// OpenRun opens (creating when missing) the results database at path for
// run: it switches the file to WAL mode, creates the mnn_anal schema in an
// empty file, checks it in an existing one, and adds benchmark_samples and
// the run tables (RunSchema).
//
// A new database is made under a temporary name and linked into place
// with its schema, so that a reader never finds an empty file.
func OpenRun(path string) (*RunDB, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return nil, fmt.Errorf("opening %s for writing: is a directory", path)
	case errors.Is(err, os.ErrNotExist):
		if err := create(path); err != nil {
			return nil, err
		}
	}
	return openRun(path)
}

// create makes a database with the schema at path, unless one appears
// there meanwhile.
func create(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	d, err := openRun(tmp)
	if err != nil {
		return err
	}
	if err := d.Close(); err != nil { // checkpoints and removes the WAL
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	return nil
}

func openRun(path string) (*RunDB, error) {
	uri, err := writeURI(path, true)
	if err != nil {
		return nil, fmt.Errorf("opening %s for writing: %w", path, err)
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, fmt.Errorf("opening %s for writing: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	d := &RunDB{db: db, path: path}
	if err := d.init(); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

func (d *RunDB) init() error {
	var mode string
	if err := d.db.QueryRow(`PRAGMA journal_mode=WAL`).Scan(&mode); err != nil {
		return wrapNotDB(fmt.Errorf("opening %s for writing: %w", d.path, err), d.path)
	}
	tx, err := d.db.Begin()
	if err != nil {
		return fmt.Errorf("opening %s for writing: %w", d.path, err)
	}
	defer tx.Rollback()
	w := &writer{tx: tx, path: d.path}
	if err := w.schema(); err != nil {
		return err
	}
	if _, err := tx.Exec(RunSchema); err != nil {
		return fmt.Errorf("opening %s for writing: %w", d.path, err)
	}
	return tx.Commit()
}

// Close closes the database (SQLite then checkpoints the WAL into the
// file).
func (d *RunDB) Close() error { return d.db.Close() }

// CheckWritable reports whether run could write to a database at path,
// changing nothing: an existing file must be a database of the mnn_anal
// schema (or empty) that can be locked for writing; a missing one needs a
// writable directory.
func CheckWritable(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(path)
		f, err := os.CreateTemp(dir, ".sweepstat-check-*")
		if err != nil {
			return fmt.Errorf("database %s: cannot create it: %w", path, err)
		}
		name := f.Name()
		f.Close()
		os.Remove(name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("database %s: is a directory", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("database %s: not writable: %w", path, err)
	}
	f.Close()
	if st.Size() == 0 {
		return nil
	}
	uri, err := writeURI(path, false)
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return wrapNotDB(fmt.Errorf("database %s: %w", path, err), path)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return wrapNotDB(fmt.Errorf("database %s: cannot lock it for writing: %w", path, err), path)
	}
	defer conn.ExecContext(ctx, `ROLLBACK`)
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil {
		return wrapNotDB(fmt.Errorf("database %s: %w", path, err), path)
	}
	if n == 0 {
		return nil
	}
	for _, req := range required {
		var c int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?)`, req.table).Scan(&c); err != nil {
			return fmt.Errorf("database %s: %w", path, err)
		}
		if c == 0 {
			return fmt.Errorf("%s: not an mnn_anal results database: no table %q", path, req.table)
		}
	}
	return nil
}

// A RunTask is the task a sweep records into.
type RunTask struct {
	Name, Description string
	Definition        string // the sweep file's text: original_yaml
}

// Task returns the id of the task named t.Name (the first such, as
// import does), creating it with status 'running' when missing.
func (d *RunDB) Task(t RunTask) (int64, error) {
	var id int64
	err := d.db.QueryRow(`SELECT id FROM tasks WHERE name = ? ORDER BY id LIMIT 1`, t.Name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, fmt.Errorf("writing %s: %w", d.path, err)
	}
	now := time.Now().UTC().Format(TimeFormat)
	res, err := d.db.Exec(`INSERT INTO tasks (name, original_name, run_number, description, original_yaml, status, created_at, updated_at) VALUES (?, ?, 1, ?, ?, 'running', ?, ?)`,
		t.Name, t.Name, t.Description, t.Definition, now, now)
	if err != nil {
		return 0, fmt.Errorf("writing %s: adding task %q: %w", d.path, t.Name, err)
	}
	return res.LastInsertId()
}

// A Run describes one execution of `sweepstat run`.
type Run struct {
	TaskID                        int64
	Start                         time.Time
	Host, Engine, Binary, Prefix  string
	Order, Option                 string
	Seed                          int64
	Rounds, Planned               int
	Settings                      any // marshalled to settings_json
	Sweep                         string
	Done, Skipped, Failed         int    // at the end
	Status                        string // at the end
	ElapsedSeconds, TotalDuration float64
}

// StartRun records the start of a run and returns its id.
func (d *RunDB) StartRun(r *Run) (int64, error) {
	settings, err := json.Marshal(r.Settings)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", d.path, err)
	}
	res, err := d.db.Exec(`INSERT INTO sweepstat_runs (task_id, started_at, host, engine, binary, prefix, run_order, seed, rounds, option, settings_json, sweep_yaml, planned, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
		r.TaskID, r.Start.UTC().Format(TimeFormat), r.Host, r.Engine, r.Binary, r.Prefix, r.Order, r.Seed, r.Rounds, r.Option, string(settings), r.Sweep, r.Planned)
	if err != nil {
		return 0, fmt.Errorf("writing %s: recording the run: %w", d.path, err)
	}
	return res.LastInsertId()
}

// FinishRun records the end of run id, and the task's status, time and
// summary_json as mnn_anal writes them (total, successful and failed cases
// over the whole task).
func (d *RunDB) FinishRun(id int64, r *Run) error {
	tx, err := d.db.Begin()
	if err != nil {
		return fmt.Errorf("writing %s: %w", d.path, err)
	}
	defer tx.Rollback()
	now := time.Now().UTC().Format(TimeFormat)
	if _, err := tx.Exec(`UPDATE sweepstat_runs SET finished_at = ?, done = ?, skipped = ?, failed = ?, status = ? WHERE id = ?`,
		now, r.Done, r.Skipped, r.Failed, r.Status, id); err != nil {
		return fmt.Errorf("writing %s: %w", d.path, err)
	}
	var ok, failed int
	var total float64
	err = tx.QueryRow(`SELECT
		(SELECT count(DISTINCT invocation_key) FROM sweepstat_invocations WHERE task_id = ?1 AND warmup = 0 AND status IN ('success', 'forced')),
		(SELECT count(DISTINCT invocation_key) FROM sweepstat_invocations i WHERE task_id = ?1 AND warmup = 0 AND NOT EXISTS
			(SELECT 1 FROM sweepstat_invocations j WHERE j.task_id = i.task_id AND j.invocation_key = i.invocation_key AND j.status IN ('success', 'forced'))),
		(SELECT COALESCE(sum(duration_seconds), 0) FROM sweepstat_invocations WHERE task_id = ?1)`, r.TaskID).Scan(&ok, &failed, &total)
	if err != nil {
		return fmt.Errorf("writing %s: %w", d.path, err)
	}
	rate := "0.0%"
	if ok+failed > 0 {
		rate = fmt.Sprintf("%.1f%%", 100*float64(ok)/float64(ok+failed))
	}
	summary, _ := json.Marshal(map[string]any{"statistics": map[string]any{
		"total_cases": ok + failed, "successful_cases": ok, "failed_cases": failed, "success_rate": rate}})
	status := "completed"
	if r.Status != "completed" {
		status = r.Status
	}
	if _, err := tx.Exec(`UPDATE tasks SET status = ?, summary_json = ?, execution_time_seconds = ?, updated_at = ?,
		run_number = (SELECT count(*) FROM sweepstat_runs WHERE task_id = ?) WHERE id = ?`,
		status, string(summary), total, now, r.TaskID, r.TaskID); err != nil {
		return fmt.Errorf("writing %s: %w", d.path, err)
	}
	return tx.Commit()
}

// An Attempt is one attempt of one invocation, as Record writes it.
type Attempt struct {
	TaskID, RunID int64
	// Key identifies the invocation within its task, stably across runs.
	Key string
	// Model names the model (suites.model_name); ModelPath is its file.
	Model, ModelPath string
	// Suite is the suite's name; SuiteJSON its definition (suite_yaml).
	Suite, SuiteJSON string
	// Case names the invocation's case_definitions row (unique within
	// the model's suite): the case and its round.
	Case                string
	Round, Attempt, Seq int
	Warmup              bool
	// Knobs are the knobs asked (knobs_json).
	Knobs    map[string]string
	Command  string
	Start    time.Time
	Duration time.Duration
	// Exit is the exit status; -1 when the process was killed or never
	// started (NULL).
	Exit                int
	Status, Error, Host string
	Tail                string
	// Records are the invocation's results, written to benchmark_results
	// (and their samples to benchmark_samples) when Status is finished and
	// the attempt is no warm-up.
	Records []sweep.Record
}

// Record writes one attempt in one transaction: for a finished
// measurement, its suite, case, variable values, results and samples; for
// a failed one, its case with status 'failed' (no results); always its
// sweepstat_invocations row. A finished invocation recorded earlier is an
// error: nothing is written twice.
func (d *RunDB) Record(a *Attempt) error {
	tx, err := d.db.Begin()
	if err != nil {
		return fmt.Errorf("writing %s: %w", d.path, err)
	}
	defer tx.Rollback()
	w := &writer{tx: tx, path: d.path}
	var caseID any
	results := 0
	if !a.Warmup && a.Status != StatusInterrupted {
		id, n, err := w.attemptCase(a)
		if err != nil {
			return err
		}
		caseID, results = id, n
	}
	knobs, _ := json.Marshal(a.Knobs)
	var exit any
	if a.Exit >= 0 {
		exit = a.Exit
	}
	warm := 0
	if a.Warmup {
		warm = 1
	}
	if _, err := tx.Exec(`INSERT INTO sweepstat_invocations (task_id, run_id, invocation_key, case_id, model_name, suite_name, case_name, round, attempt, warmup, seq,
		command, started_at, duration_seconds, exit_status, status, error, host, output_tail, knobs_json, results)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.TaskID, a.RunID, a.Key, caseID, a.Model, a.Suite, a.Case, a.Round, a.Attempt, warm, a.Seq,
		a.Command, a.Start.UTC().Format(TimeFormat), a.Duration.Seconds(), exit, a.Status, nullable(a.Error), a.Host, a.Tail, string(knobs), results); err != nil {
		return fmt.Errorf("writing %s: recording %s attempt %d: %w", d.path, a.Key, a.Attempt, err)
	}
	return tx.Commit()
}

// attemptCase writes the case of a measured attempt and, when it
// finished, its results. It returns the case id and the results written.
func (w *writer) attemptCase(a *Attempt) (int64, int, error) {
	suiteID, err := w.upsert(`SELECT id FROM suites WHERE task_id = ? AND name = ? AND model_name = ?`,
		`INSERT INTO suites (task_id, name, model_name, model_path, suite_yaml, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		[]any{a.TaskID, a.Suite, a.Model}, []any{a.TaskID, a.Suite, a.Model, a.ModelPath, nullable(a.SuiteJSON), a.Start.UTC().Format(TimeFormat)})
	if err != nil {
		return 0, 0, err
	}
	finished := Finished(a.Status)
	knobs := a.Knobs
	if finished {
		knobs = commonKnobs(a.Knobs, a.Records)
	}
	rec := sweep.Record{Test: &sweep.Test{}, Case: &sweep.Case{Origin: &sweep.Origin{}, Knobs: knobs}}
	if len(a.Records) > 0 {
		rec.Reps = a.Records[0].Reps
	}
	params := ParamsJSON(&rec)
	status := "failed"
	if finished {
		status = "success"
	}
	stamp := a.Start.UTC().Format(TimeFormat)
	var caseID int64
	var oldStatus string
	err = w.tx.QueryRow(`SELECT id, COALESCE(status, '') FROM case_definitions WHERE suite_id = ? AND name = ?`, suiteID, a.Case).Scan(&caseID, &oldStatus)
	switch {
	case err == sql.ErrNoRows:
		res, err := w.tx.Exec(`INSERT INTO case_definitions (suite_id, name, base_parameters, model_size, backend, threads, precision, execution_time_seconds, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			suiteID, a.Case, params, nullable(knobs["model_size"]), nullable(knobs["backend"]), nullable(knobs["threads"]), nullable(knobs["precision"]),
			a.Duration.Seconds(), status, stamp)
		if err != nil {
			return 0, 0, fmt.Errorf("writing %s: case %s: %w", w.path, a.Case, err)
		}
		if caseID, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
	case err != nil:
		return 0, 0, fmt.Errorf("writing %s: %w", w.path, err)
	case oldStatus == "success":
		return 0, 0, fmt.Errorf("writing %s: case %s of suite %s, model %s is already recorded", w.path, a.Case, a.Suite, a.Model)
	default:
		if _, err := w.tx.Exec(`UPDATE case_definitions SET base_parameters = ?, model_size = ?, backend = ?, threads = ?, precision = ?, execution_time_seconds = ?, status = ?, created_at = ? WHERE id = ?`,
			params, nullable(knobs["model_size"]), nullable(knobs["backend"]), nullable(knobs["threads"]), nullable(knobs["precision"]),
			a.Duration.Seconds(), status, stamp, caseID); err != nil {
			return 0, 0, fmt.Errorf("writing %s: %w", w.path, err)
		}
	}
	if !finished {
		return caseID, 0, nil
	}
	for _, k := range sweep.SortedKeys(knobs) {
		if _, err := w.tx.Exec(`INSERT OR REPLACE INTO case_variable_values (case_id, variable_name, variable_value, created_at) VALUES (?, ?, ?, ?)`, caseID, k, knobs[k], stamp); err != nil {
			return 0, 0, fmt.Errorf("writing %s: %w", w.path, err)
		}
	}
	n := 0
	for i := range a.Records {
		r := &a.Records[i]
		if err := r.Validate(); err != nil {
			return 0, 0, err
		}
		res, err := w.tx.Exec(`INSERT INTO benchmark_results (case_id, result_type, result_parameter, mean_value, std_value, value_type, unit, created_at, ptypes) VALUES (?, ?, ?, ?, ?, 'single', ?, ?, ?)`,
			caseID, r.Phase, r.Size, r.Mean, nanNull(r.Std), unitOrDefault(r.Unit), stamp, nullable(r.Knob("pType")))
		if err != nil {
			return 0, 0, fmt.Errorf("writing %s: result %s %s of %s: %w", w.path, r.Phase, r.Size, a.Key, err)
		}
		resultID, err := res.LastInsertId()
		if err != nil {
			return 0, 0, err
		}
		for j, x := range r.Samples() {
			if _, err := w.tx.Exec(`INSERT INTO benchmark_samples (result_id, idx, value) VALUES (?, ?, ?)`, resultID, j, x); err != nil {
				return 0, 0, fmt.Errorf("writing %s: %w", w.path, err)
			}
		}
		n++
	}
	return caseID, n, nil
}

// commonKnobs returns asked plus the knobs on which every record agrees
// (what the engine echoed for the whole invocation, like build_commit);
// asked wins.
func commonKnobs(asked map[string]string, recs []sweep.Record) map[string]string {
	out := make(map[string]string, len(asked))
	if len(recs) > 0 {
	outer:
		for k, v := range recs[0].Knobs {
			for i := 1; i < len(recs); i++ {
				if w, ok := recs[i].Knobs[k]; !ok || w != v {
					continue outer
				}
			}
			out[k] = v
		}
	}
	for k, v := range asked {
		out[k] = v
	}
	return out
}
