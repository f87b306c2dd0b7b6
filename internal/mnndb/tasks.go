package mnndb

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Tasks reads every task of the database, in ascending id order, each with
// its records in ascending result id order. NULL numbers become NaN; callers
// validate the records they use (sweep.Record.Validate names the row).
func (d *DB) Tasks() ([]*sweep.Task, error) {
	tasks, byID, err := d.readTasks()
	if err != nil {
		return nil, err
	}
	const q = `SELECT s.task_id, s.name, s.model_name, c.id, c.base_parameters, c.backend, c.threads, c.precision,
		r.id, r.result_type, r.result_parameter, r.mean_value, r.std_value, r.unit, CAST(r.created_at AS TEXT)
		FROM benchmark_results r
		JOIN case_definitions c ON c.id = r.case_id
		JOIN suites s ON s.id = c.suite_id
		ORDER BY s.task_id, r.id`
	rows, err := d.db.Query(q)
	if err != nil {
		return nil, d.wrapOpenErr(err)
	}
	defer rows.Close()
	byResult := map[int64]recRef{}
	for rows.Next() {
		var (
			taskID, caseID, resID       int64
			suite, model                string
			params                      string
			backend, threads, precision sql.NullString
			phase, size                 string
			mean, std                   sql.NullFloat64
			unit, created               sql.NullString
		)
		if err := rows.Scan(&taskID, &suite, &model, &caseID, &params, &backend, &threads, &precision,
			&resID, &phase, &size, &mean, &std, &unit, &created); err != nil {
			return nil, fmt.Errorf("%s: benchmark_results: %w", d.name, err)
		}
		info := byID[taskID]
		if info == nil {
			return nil, fmt.Errorf("%s: suite of case %d refers to missing task %d", d.name, caseID, taskID)
		}
		where := fmt.Sprintf("%s: benchmark_results id %d", d.name, resID)
		knobs, err := parseParams(params)
		if err != nil {
			return nil, fmt.Errorf("%s: case_definitions id %d: base_parameters: %v", d.name, caseID, err)
		}
		for k, v := range map[string]sql.NullString{"backend": backend, "threads": threads, "precision": precision} {
			if _, ok := knobs[k]; !ok && v.Valid && v.String != "" {
				knobs[k] = v.String
			}
		}
		rec := sweep.Record{
			Task:       info.task.Name,
			Suite:      suite,
			Model:      model,
			Invocation: fmt.Sprintf("case %d", caseID),
			Phase:      phase,
			Size:       size,
			Knobs:      knobs,
			Params:     params,
			Mean:       nullNaN(mean),
			Std:        nullNaN(std),
			Reps:       info.repeat,
			Unit:       unit.String,
			Time:       created.String,
			Where:      where,
		}
		if r, err := strconv.Atoi(knobs["repeat"]); err == nil {
			rec.Reps = r
		}
		byResult[resID] = recRef{info.task, len(info.task.Records)}
		info.task.Records = append(info.task.Records, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrapOpenErr(err)
	}
	if err := d.readSamples(byResult); err != nil {
		return nil, err
	}
	return tasks, nil
}

// recRef locates a record: the index into its task's Records.
type recRef struct {
	task *sweep.Task
	i    int
}

// readSamples attaches the per-repetition values of benchmark_samples (made
// by import; see SamplesSchema), when the table exists.
func (d *DB) readSamples(byResult map[int64]recRef) error {
	var n int
	if err := d.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'benchmark_samples'`).Scan(&n); err != nil || n == 0 {
		return d.wrapOpenErr(err)
	}
	rows, err := d.db.Query(`SELECT result_id, value FROM benchmark_samples ORDER BY result_id, idx`)
	if err != nil {
		return d.wrapOpenErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v sql.NullFloat64
		if err := rows.Scan(&id, &v); err != nil {
			return fmt.Errorf("%s: benchmark_samples: %w", d.name, err)
		}
		if ref, ok := byResult[id]; ok {
			r := &ref.task.Records[ref.i]
			r.Samples = append(r.Samples, nullNaN(v))
		}
	}
	return d.wrapOpenErr(rows.Err())
}

type taskInfo struct {
	task   *sweep.Task
	repeat int // repetitions per invocation from the sweep definition; 0 if unknown
}

func (d *DB) readTasks() ([]*sweep.Task, map[int64]*taskInfo, error) {
	rows, err := d.db.Query(`SELECT id, name, COALESCE(description, ''), COALESCE(original_yaml, '') FROM tasks ORDER BY id`)
	if err != nil {
		return nil, nil, d.wrapOpenErr(err)
	}
	defer rows.Close()
	var tasks []*sweep.Task
	byID := map[int64]*taskInfo{}
	for rows.Next() {
		t := &sweep.Task{}
		var yaml string
		if err := rows.Scan(&t.ID, &t.Name, &t.Description, &yaml); err != nil {
			return nil, nil, fmt.Errorf("%s: tasks: %w", d.name, err)
		}
		tasks = append(tasks, t)
		byID[t.ID] = &taskInfo{task: t, repeat: repeatOf(yaml)}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, d.wrapOpenErr(err)
	}
	return tasks, byID, nil
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

// parseParams decodes base_parameters JSON into knob strings: numbers keep
// their text, strings are unquoted, other values are compact JSON.
func parseParams(text string) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	if m == nil {
		return nil, fmt.Errorf("not a JSON object: %s", text)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("not a JSON object: text after the object")
	}
	knobs := make(map[string]string, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			knobs[k] = ""
		case string:
			knobs[k] = v
		case json.Number:
			knobs[k] = v.String()
		case bool:
			knobs[k] = strconv.FormatBool(v)
		default:
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.Encode(v)
			knobs[k] = strings.TrimSuffix(b.String(), "\n")
		}
	}
	return knobs, nil
}

func nullNaN(f sql.NullFloat64) float64 {
	if !f.Valid {
		return math.NaN()
	}
	return f.Float64
}
