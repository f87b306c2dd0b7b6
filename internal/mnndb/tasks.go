package mnndb

import (
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Tasks reads every task of the database, in ascending id order, each with
// its records in ascending result id order, all in one read transaction
// (one committed state of the database, whatever writers do meanwhile).
// Names longer than safename.MaxName are shortened (safename.ShortenRecord),
// so that every output sees the same short names. A NULL or non-numeric
// mean_value or std_value is an error naming the row; other checks of the
// numbers are the callers' (sweep.Record.Validate names the row, as
// Location does: "benchmark_results id N", to which the caller adds the
// database's name, as compare does for every error of the selection).
// Records with the same knobs share one Knobs map, which callers must not
// modify.
func (d *DB) Tasks() ([]*sweep.Task, error) {
	var tasks []*sweep.Task
	err := d.read(func(tx *sql.Tx) error {
		var err error
		tasks, err = d.tasks(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return tasks, nil
}

func (d *DB) tasks(tx *sql.Tx) ([]*sweep.Task, error) {
	tasks, byID, err := d.readTasks(tx)
	if err != nil {
		return nil, err
	}
	samples, err := hasTable(tx, "benchmark_samples")
	if err != nil {
		return nil, err
	}
	const q = `SELECT s.task_id, s.name, s.model_name, c.id, c.base_parameters, c.backend, c.threads, c.precision,
		r.id, r.result_type, r.result_parameter, r.mean_value, r.std_value, r.unit, CAST(r.created_at AS TEXT)
		FROM benchmark_results r
		JOIN case_definitions c ON c.id = r.case_id
		JOIN suites s ON s.id = c.suite_id
		ORDER BY s.task_id, r.id`
	rows, err := tx.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var order []recRef // in query order, for the samples; only when there are any
	names := interner{}
	tests := testSet{names: names}
	knobCache := map[string]map[string]string{}
	var col [15]any
	ptrs := make([]any, len(col))
	for i := range col {
		ptrs[i] = &col[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		resID, ok := col[8].(int64)
		if !ok {
			return nil, inputErrorf("%s: benchmark_results: id %s is not an integer", d.name, sqlValue(col[8]))
		}
		row := fmt.Sprintf("benchmark_results id %d", resID)
		where := d.name + ": " + row
		caseID, ok := col[3].(int64)
		if !ok {
			return nil, inputErrorf("%s: case_definitions id %s is not an integer", d.name, sqlValue(col[3]))
		}
		taskID, ok := col[0].(int64)
		info := byID[taskID]
		if !ok || info == nil {
			return nil, inputErrorf("%s: suite of case %d refers to missing task %s", d.name, caseID, sqlText(col[0]))
		}
		mean, err := number(col[11], where, "mean_value")
		if err != nil {
			return nil, err
		}
		std, err := number(col[12], where, "std_value")
		if err != nil {
			return nil, err
		}
		params := sqlText(col[4])
		backend, threads, precision := sqlText(col[5]), sqlText(col[6]), sqlText(col[7])
		key := params + "\x00" + backend + "\x00" + threads + "\x00" + precision
		knobs, ok := knobCache[key]
		if !ok {
			knobs, err = parseParams(params)
			if err != nil {
				return nil, inputErrorf("%s: case_definitions id %d: base_parameters: %v", d.name, caseID, err)
			}
			for k, v := range map[string]string{"backend": backend, "threads": threads, "precision": precision} {
				if _, ok := knobs[k]; !ok && v != "" {
					knobs[k] = v
				}
			}
			knobs = safename.ShortenKnobs(knobs)
			knobCache[key] = knobs
		}
		rec := sweep.Record{
			Test:  tests.of(sqlText(col[9]), sqlText(col[10]), sqlText(col[13])),
			Case:  &sweep.Case{Origin: &sweep.Origin{Task: info.task.Name, Suite: names.short(sqlText(col[1])), Model: names.short(sqlText(col[2]))}, Invocation: fmt.Sprintf("case %d", caseID), Knobs: knobs, Params: names.text(params), Time: names.short(sqlText(col[14]))},
			Mean:  mean,
			Std:   std,
			Reps:  sweep.RepsOf(info.repeat),
			Where: resultWhere, At: resID, // the caller names the database
		}
		if r, err := strconv.Atoi(knobs["repeat"]); err == nil {
			rec.Reps = sweep.RepsOf(r)
		}
		if samples {
			order = append(order, recRef{info.task, len(info.task.Records), resID})
		}
		info.task.Records = append(info.task.Records, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if samples {
		if err := d.readSamples(tx, order); err != nil {
			return nil, err
		}
	}
	return tasks, nil
}

// recRef locates a record: the index into its task's Records, and its
// result id.
type recRef struct {
	task *sweep.Task
	i    int
	id   int64
}

// resultWhere is the Where of every result record, whose At is its id.
const resultWhere = "benchmark_results id "

// readSamples attaches the per-repetition values of benchmark_samples (made
// by import; see SamplesSchema) to the records, given in the order of
// Tasks' query: the samples come in the same order, so that no map of
// every result is needed.
func (d *DB) readSamples(tx *sql.Tx, order []recRef) error {
	return d.attachSamples(tx, order, "")
}

// attachSamples reads the samples of the results that match where (a
// WHERE clause over suites s, or "" for all) in the order of the records
// in order, and appends each to its record.
func (d *DB) attachSamples(tx *sql.Tx, order []recRef, where string) error {
	rows, err := tx.Query(`SELECT bs.result_id, bs.value FROM benchmark_samples bs
		JOIN benchmark_results r ON r.id = bs.result_id
		JOIN case_definitions c ON c.id = r.case_id
		JOIN suites s ON s.id = c.suite_id
		` + where + `
		ORDER BY s.task_id, r.id, bs.idx`)
	if err != nil {
		return err
	}
	defer rows.Close()
	next := 0
	for rows.Next() {
		var id int64
		var v any
		if err := rows.Scan(&id, &v); err != nil {
			return inputErrorf("%s: benchmark_samples: %v", d.name, err)
		}
		for next < len(order) && order[next].id != id {
			next++
		}
		if next == len(order) {
			return inputErrorf("%s: benchmark_samples: result %d out of order", d.name, id)
		}
		x, ok := v.(float64)
		if !ok { // the message is made only for what is not a REAL
			if x, err = number(v, fmt.Sprintf("%s: benchmark_samples of result %d", d.name, id), "value"); err != nil {
				return err
			}
		}
		ref := order[next]
		r := &ref.task.Records[ref.i]
		r.Values = append(r.Values, x)
	}
	return rows.Err()
}

// hasTable reports whether the database has the named table.
func hasTable(tx *sql.Tx, name string) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	return n > 0, err
}

type taskInfo struct {
	task   *sweep.Task
	repeat int // repetitions per invocation from the sweep definition; 0 if unknown
}

func (d *DB) readTasks(tx *sql.Tx) ([]*sweep.Task, map[int64]*taskInfo, error) {
	return d.readTaskRows(tx, true)
}

// readTaskRows reads the tasks; their repetition counts (taskInfo.repeat)
// only when repeat is set: a list of the tasks needs none, and a sweep
// definition is kilobytes of text to read and search.
func (d *DB) readTaskRows(tx *sql.Tx, repeat bool) ([]*sweep.Task, map[int64]*taskInfo, error) {
	yaml := `COALESCE(original_yaml, '')`
	if !repeat {
		yaml = `''`
	}
	rows, err := tx.Query(`SELECT id, name, COALESCE(description, ''), ` + yaml + ` FROM tasks ORDER BY id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var tasks []*sweep.Task
	byID := map[int64]*taskInfo{}
	for rows.Next() {
		var id, name, desc, yaml any
		if err := rows.Scan(&id, &name, &desc, &yaml); err != nil {
			return nil, nil, inputErrorf("%s: tasks: %v", d.name, err)
		}
		n, ok := id.(int64)
		if !ok {
			return nil, nil, inputErrorf("%s: tasks: id %s is not an integer", d.name, sqlValue(id))
		}
		t := &sweep.Task{ID: n, Name: safename.Shorten(sqlText(name)), Description: safename.ShortenText(sqlText(desc))}
		tasks = append(tasks, t)
		byID[t.ID] = &taskInfo{task: t, repeat: repeatOf(sqlText(yaml))}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return tasks, byID, nil
}

// An interner makes equal names share one string, shortened.
type interner map[string]string

// A testSet makes the records of one test (phase, size, unit) share one
// sweep.Test, its names shortened and interned.
type testSet struct {
	names interner
	tests map[[3]string]*sweep.Test
}

// of returns the Test of phase, size and unit as the database wrote them.
func (ts *testSet) of(phase, size, unit string) *sweep.Test {
	k := [3]string{phase, size, unit}
	if t, ok := ts.tests[k]; ok {
		return t
	}
	if ts.tests == nil {
		ts.tests = map[[3]string]*sweep.Test{}
	}
	// Copies: the names may be a transient view (readResultsDirect).
	phase, size, unit = strings.Clone(phase), strings.Clone(size), strings.Clone(unit)
	t := &sweep.Test{Phase: ts.names.short(phase), Size: ts.names.short(size), Unit: ts.names.short(unit)}
	ts.tests[[3]string{phase, size, unit}] = t
	return t
}

func (in interner) short(s string) string { return in.intern(safename.Shorten(s)) }
func (in interner) text(s string) string  { return in.intern(safename.ShortenText(s)) }

func (in interner) intern(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// sqlText renders a SQLite value as text: NULL as "", numbers as
// database/sql converts them to a string.
func sqlText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

// sqlValue quotes a SQLite value for a message, at most 40 characters of it.
func sqlValue(v any) string {
	if v == nil {
		return "NULL"
	}
	s := sqlText(v)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

// number reads a numeric column: NULL and text that is no number are
// errors naming where and the column.
func number(v any, where, column string) (float64, error) {
	switch v := v.(type) {
	case float64:
		return v, nil
	case int64:
		return float64(v), nil
	case nil:
		return 0, inputErrorf("%s: %s is NULL", where, column)
	case string, []byte:
		f, err := strconv.ParseFloat(strings.TrimSpace(sqlText(v)), 64)
		if err == nil {
			return f, nil
		}
	}
	return 0, inputErrorf("%s: %s %s is not a number", where, column, sqlValue(v))
}

// repeatRE finds the repetition count of a sweep definition (YAML or JSON):
// `repeat: 3` or `"repeat": 3`.
var repeatRE = regexp.MustCompile(`(?m)^\s*"?repeat"?\s*:\s*(\d+)`)

func repeatOf(def string) int {
	m := repeatRE.FindStringSubmatch(def)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
