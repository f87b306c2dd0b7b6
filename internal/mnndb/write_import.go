package mnndb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// An importer adds the records of one import with prepared statements. It
// finds what is already there by querying, not through the tables'
// UNIQUE constraints, which a database made by another tool may lack.
type importer struct {
	w      *writer
	taskID int64
	stmts  map[string]*sql.Stmt
	suites map[string]int64 // model → suite id, a bounded cache
	// The case of the last record, the knob names it has, and, when this
	// import made it, the results added to it (phase and size): no query
	// is needed to know that another result is new.
	lastCase    string
	lastID      int64
	lastKnobs   map[string]bool
	lastResults map[string]bool // nil: the case was there before
	multi       map[string]*sql.Stmt
}

// maxRowsPerInsert bounds the rows of one multi-row INSERT (SQLite allows
// 32766 parameters).
const maxRowsPerInsert = 256

// maxSuiteCache bounds the model → suite cache.
const maxSuiteCache = 1024

const (
	qTask        = `SELECT id FROM tasks WHERE name = ? ORDER BY id LIMIT 1`
	qSuite       = `SELECT id FROM suites WHERE task_id = ? AND name = 'import' AND model_name = ? ORDER BY id LIMIT 1`
	qAddSuite    = `INSERT INTO suites (task_id, name, model_name, model_path) VALUES (?, 'import', ?, ?)`
	qCase        = `SELECT id FROM case_definitions WHERE suite_id = ? AND name = ? ORDER BY id LIMIT 1`
	qAddCase     = `INSERT INTO case_definitions (suite_id, name, base_parameters, model_size, backend, threads, precision, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'success', ?)`
	qResult      = `SELECT 1 FROM benchmark_results WHERE case_id = ? AND result_type = ? AND result_parameter = ? LIMIT 1`
	qAddResult   = `INSERT INTO benchmark_results (case_id, result_type, result_parameter, mean_value, std_value, value_type, unit, created_at, ptypes) VALUES (?, ?, ?, ?, ?, 'single', ?, ?, ?)`
	qKnobs       = `SELECT variable_name FROM case_variable_values WHERE case_id = ?`
	qAddTask     = `INSERT INTO tasks (name, original_name, run_number, description, original_yaml, status) VALUES (?, ?, 1, ?, ?, 'completed')`
	importSuffix = "import "
)

func (w *writer) context() context.Context {
	if w.ctx == nil {
		return context.Background()
	}
	return w.ctx
}

// importer finds or adds the task of imp and prepares the statements.
func (w *writer) importer(imp Import) (*importer, error) {
	im := &importer{w: w, stmts: map[string]*sql.Stmt{}, suites: map[string]int64{}, multi: map[string]*sql.Stmt{}}
	for _, q := range []string{qSuite, qAddSuite, qCase, qAddCase, qResult, qAddResult, qKnobs} {
		st, err := w.tx.PrepareContext(w.context(), q)
		if err != nil {
			im.close()
			return nil, fmt.Errorf("importing into %s: %w", w.path, err)
		}
		im.stmts[q] = st
	}
	err := w.tx.QueryRowContext(w.context(), qTask, imp.Task).Scan(&im.taskID)
	if err == sql.ErrNoRows {
		var res sql.Result
		res, err = w.tx.ExecContext(w.context(), qAddTask, imp.Task, imp.Task, imp.Description, imp.Definition)
		if err == nil {
			im.taskID, err = res.LastInsertId()
		}
	}
	if err != nil {
		im.close()
		return nil, fmt.Errorf("importing into %s: adding task %q: %w", w.path, imp.Task, err)
	}
	return im, nil
}

func (im *importer) close() {
	for _, st := range im.stmts {
		st.Close()
	}
	for _, st := range im.multi {
		st.Close()
	}
}

// insertRows inserts rows (of cols values each) with the statement
// "INSERT INTO table (columns) VALUES (?, …), …", prepared once per row
// count: one statement instead of one per row.
func (im *importer) insertRows(table, columns string, cols int, args []any) error {
	for len(args) > 0 {
		n := min(len(args)/cols, maxRowsPerInsert)
		key := fmt.Sprintf("%s\x00%d", table, n)
		st, ok := im.multi[key]
		if !ok {
			row := "(?" + strings.Repeat(", ?", cols-1) + ")"
			q := "INSERT INTO " + table + " (" + columns + ") VALUES " + row + strings.Repeat(", "+row, n-1)
			var err error
			if st, err = im.w.tx.PrepareContext(im.w.context(), q); err != nil {
				return err
			}
			im.multi[key] = st
		}
		if _, err := st.ExecContext(im.w.context(), args[:n*cols]...); err != nil {
			return err
		}
		args = args[n*cols:]
	}
	return nil
}

// id runs the select query q and returns the id it finds, or inserts with
// ins and returns the new id; created says which.
func (im *importer) id(q, ins string, qArgs, insArgs []any) (id int64, created bool, err error) {
	ctx := im.w.context()
	err = im.stmts[q].QueryRowContext(ctx, qArgs...).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if err != sql.ErrNoRows {
		return 0, false, err
	}
	res, err := im.stmts[ins].ExecContext(ctx, insArgs...)
	if err != nil {
		return 0, false, err
	}
	id, err = res.LastInsertId()
	return id, true, err
}

// record adds one result (and, as needed, its suite and case). It returns
// 1 when the result was added, 0 when it was already there.
func (im *importer) record(r *sweep.Record) (int, error) {
	n, err := im.add(r)
	if err != nil {
		if isInputError(err) {
			return 0, err
		}
		if ctxErr := im.w.context().Err(); ctxErr != nil {
			return 0, ctxErr
		}
		return 0, fmt.Errorf("importing %s into %s: %w", r.Location(), im.w.path, err)
	}
	return n, nil
}

func (im *importer) add(r *sweep.Record) (int, error) {
	if err := r.Validate(); err != nil {
		return 0, inputErrorf("%v", err)
	}
	ctx := im.w.context()
	suiteID, ok := im.suites[r.Model]
	if !ok {
		var err error
		suiteID, _, err = im.id(qSuite, qAddSuite, []any{im.taskID, r.Model}, []any{im.taskID, r.Model, r.Knob("model_path")})
		if err != nil {
			return 0, err
		}
		if len(im.suites) >= maxSuiteCache {
			clear(im.suites)
		}
		im.suites[r.Model] = suiteID
	}
	caseName := importSuffix + r.InvocationName()
	caseKey := fmt.Sprintf("%d\x00%s", suiteID, caseName)
	if caseKey != im.lastCase {
		caseID, created, err := im.id(qCase, qAddCase, []any{suiteID, caseName},
			[]any{suiteID, caseName, ParamsJSON(r), nullable(r.Knob("model_size")), nullable(r.Knob("backend")),
				nullable(r.Knob("threads")), nullable(r.Knob("precision")), nullable(r.Time)})
		if err != nil {
			return 0, err
		}
		knobs := map[string]bool{}
		var results map[string]bool
		if created {
			results = map[string]bool{}
		} else if knobs, err = im.knobNames(caseID); err != nil {
			return 0, err
		}
		im.lastCase, im.lastID, im.lastKnobs, im.lastResults = caseKey, caseID, knobs, results
	}
	caseID := im.lastID
	resultKey := r.Phase + "\x00" + r.Size
	if im.lastResults != nil {
		if im.lastResults[resultKey] {
			return 0, nil // added by this import already
		}
	} else {
		var one int
		err := im.stmts[qResult].QueryRowContext(ctx, caseID, r.Phase, r.Size).Scan(&one)
		if err == nil {
			return 0, nil // already there
		}
		if err != sql.ErrNoRows {
			return 0, err
		}
	}
	res, err := im.stmts[qAddResult].ExecContext(ctx, caseID, r.Phase, r.Size, r.Mean, nanNull(r.Std), unitOrDefault(r.Unit), nullable(r.Time), nullable(r.Knob("pType")))
	if err != nil {
		return 0, err
	}
	if im.lastResults != nil {
		im.lastResults[resultKey] = true
	}
	resultID, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	var args []any
	for _, k := range sweep.SortedKeys(r.Knobs) {
		if !im.lastKnobs[k] {
			args = append(args, caseID, k, r.Knobs[k])
			im.lastKnobs[k] = true
		}
	}
	if err := im.insertRows("case_variable_values", "case_id, variable_name, variable_value", 3, args); err != nil {
		return 0, err
	}
	args = args[:0]
	for i, x := range r.Samples() {
		args = append(args, resultID, i, x)
	}
	if err := im.insertRows("benchmark_samples", "result_id, idx, value", 3, args); err != nil {
		return 0, err
	}
	return 1, nil
}

// knobNames returns the variable names recorded for a case.
func (im *importer) knobNames(caseID int64) (map[string]bool, error) {
	rows, err := im.stmts[qKnobs].QueryContext(im.w.context(), caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names[n] = true
	}
	return names, rows.Err()
}
