package mnndb

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// An Import is a set of records to add to a results database as one task.
type Import struct {
	// Task names the task; records are added to an existing task of that
	// name, else a new one.
	Task string
	// Description and Definition become the new task's description and
	// original_yaml (what was imported, and how).
	Description, Definition string
	// Records to add. Each record's Invocation identifies its invocation
	// stably (the same input gives the same Invocation), so that records of
	// one invocation share a case and importing the same input twice adds
	// nothing.
	Records []sweep.Record
}

// Write adds imp to the database at path, creating the file and the
// mnn_anal schema (plus benchmark_samples, see SamplesSchema) when they do
// not exist. Everything happens in one transaction: on error the database
// is unchanged. It returns the number of results added; results already
// present (same task, model, invocation, phase and size) are skipped.
func Write(path string, imp Import) (added int, err error) {
	if imp.Task == "" {
		return 0, fmt.Errorf("importing into %s: empty task name", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return 0, fmt.Errorf("importing into %s: is a directory", path)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, wrapNotDB(err, path))
	}
	defer tx.Rollback()
	w := &writer{tx: tx, path: path}
	if err := w.schema(); err != nil {
		return 0, err
	}
	taskID, err := w.task(imp)
	if err != nil {
		return 0, err
	}
	for i := range imp.Records {
		n, err := w.record(taskID, &imp.Records[i])
		if err != nil {
			return 0, err
		}
		added += n
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	return added, nil
}

type writer struct {
	tx   *sql.Tx
	path string
}

func wrapNotDB(err error, path string) error {
	if err != nil && (bytes.Contains([]byte(err.Error()), []byte("file is not a database")) ||
		bytes.Contains([]byte(err.Error()), []byte("malformed"))) {
		return fmt.Errorf("%s: not a SQLite database", path)
	}
	return err
}

// schema creates the mnn_anal tables in an empty database, checks them in
// an existing one, and adds benchmark_samples.
func (w *writer) schema() error {
	var n int
	if err := w.tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil {
		return wrapNotDB(fmt.Errorf("importing into %s: %w", w.path, err), w.path)
	}
	if n == 0 {
		if _, err := w.tx.Exec(Schema); err != nil {
			return fmt.Errorf("importing into %s: creating the schema: %w", w.path, err)
		}
	} else {
		for _, req := range required {
			var c int
			if err := w.tx.QueryRow(`SELECT count(*) FROM pragma_table_info(?)`, req.table).Scan(&c); err != nil {
				return fmt.Errorf("importing into %s: %w", w.path, err)
			}
			if c == 0 {
				return fmt.Errorf("%s: not an mnn_anal results database: no table %q", w.path, req.table)
			}
		}
	}
	if _, err := w.tx.Exec(SamplesSchema); err != nil {
		return fmt.Errorf("importing into %s: %w", w.path, err)
	}
	return nil
}

func (w *writer) task(imp Import) (int64, error) {
	var id int64
	err := w.tx.QueryRow(`SELECT id FROM tasks WHERE name = ? ORDER BY id LIMIT 1`, imp.Task).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, fmt.Errorf("importing into %s: %w", w.path, err)
	}
	res, err := w.tx.Exec(`INSERT INTO tasks (name, original_name, run_number, description, original_yaml, status) VALUES (?, ?, 1, ?, ?, 'completed')`,
		imp.Task, imp.Task, imp.Description, imp.Definition)
	if err != nil {
		return 0, fmt.Errorf("importing into %s: adding task %q: %w", w.path, imp.Task, err)
	}
	return res.LastInsertId()
}

// record adds one result (and, as needed, its suite and case). It returns
// 1 when the result was added, 0 when it was already there.
func (w *writer) record(taskID int64, r *sweep.Record) (int, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	suiteID, err := w.upsert(`SELECT id FROM suites WHERE task_id = ? AND name = 'import' AND model_name = ?`,
		`INSERT INTO suites (task_id, name, model_name, model_path) VALUES (?, 'import', ?, ?)`,
		[]any{taskID, r.Model}, []any{taskID, r.Model, r.Knob("model_path")})
	if err != nil {
		return 0, err
	}
	params := ParamsJSON(r)
	caseName := "import " + r.Invocation
	caseID, err := w.upsert(`SELECT id FROM case_definitions WHERE suite_id = ? AND name = ?`,
		`INSERT INTO case_definitions (suite_id, name, base_parameters, model_size, backend, threads, precision, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'success', ?)`,
		[]any{suiteID, caseName},
		[]any{suiteID, caseName, params, nullable(r.Knob("model_size")), nullable(r.Knob("backend")), nullable(r.Knob("threads")), nullable(r.Knob("precision")), nullable(r.Time)})
	if err != nil {
		return 0, err
	}
	res, err := w.tx.Exec(`INSERT OR IGNORE INTO benchmark_results (case_id, result_type, result_parameter, mean_value, std_value, value_type, unit, created_at, ptypes) VALUES (?, ?, ?, ?, ?, 'single', ?, ?, ?)`,
		caseID, r.Phase, r.Size, r.Mean, nanNull(r.Std), unitOrDefault(r.Unit), nullable(r.Time), nullable(r.Knob("pType")))
	if err != nil {
		return 0, fmt.Errorf("importing %s: %w", r.Where, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	resultID, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for _, k := range sweep.SortedKeys(r.Knobs) {
		if _, err := w.tx.Exec(`INSERT OR IGNORE INTO case_variable_values (case_id, variable_name, variable_value) VALUES (?, ?, ?)`, caseID, k, r.Knobs[k]); err != nil {
			return 0, fmt.Errorf("importing %s: %w", r.Where, err)
		}
	}
	for i, x := range r.Samples {
		if _, err := w.tx.Exec(`INSERT INTO benchmark_samples (result_id, idx, value) VALUES (?, ?, ?)`, resultID, i, x); err != nil {
			return 0, fmt.Errorf("importing %s: %w", r.Where, err)
		}
	}
	return 1, nil
}

// upsert returns the id the select finds, or inserts and returns the new id.
func (w *writer) upsert(sel, ins string, selArgs, insArgs []any) (int64, error) {
	var id int64
	err := w.tx.QueryRow(sel, selArgs...).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, fmt.Errorf("importing into %s: %w", w.path, err)
	}
	res, err := w.tx.Exec(ins, insArgs...)
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", w.path, err)
	}
	return res.LastInsertId()
}

// ParamsJSON renders a record's knobs as base_parameters: a JSON object in
// key order, numbers as numbers (dynamicOption 7, not "7"), other values as
// strings, plus "repeat" from Reps when the knobs lack it.
func ParamsJSON(r *sweep.Record) string {
	knobs := r.Knobs
	if _, ok := knobs["repeat"]; !ok && r.Reps > 0 {
		knobs = make(map[string]string, len(r.Knobs)+1)
		for k, v := range r.Knobs {
			knobs[k] = v
		}
		knobs["repeat"] = strconv.Itoa(r.Reps)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range sweep.SortedKeys(knobs) {
		if i > 0 {
			b.WriteString(", ")
		}
		writeJSONString(&b, k)
		b.WriteString(": ")
		v := knobs[k]
		if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && json.Valid([]byte(v)) {
			b.WriteString(v)
		} else {
			writeJSONString(&b, v)
		}
	}
	b.WriteByte('}')
	return b.String()
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nanNull(f float64) any {
	if math.IsNaN(f) {
		return nil
	}
	return f
}

func unitOrDefault(u string) string {
	if u == "" {
		return sweep.DefaultUnit
	}
	return u
}
