package mnndb

import (
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Reading only what a comparison needs. Tasks reads every result of every
// task; a comparison needs the results of the task(s) it compares, and to
// choose them, only which knobs and values each task holds:
//
//  1. TaskList lists the tasks (id, name, description) without results;
//  2. TaskSummaries adds, per task, one stand-in record per model and knob
//     set (from the case definitions alone), enough for sweep.PickTasks;
//  3. ReadTasks reads the chosen tasks' results, each record as Tasks makes
//     it (names shortened, knob maps shared per knob set, samples attached).

// TaskList returns every task of the database, in ascending id order,
// without records (Records nil): what names a task in messages.
func (d *DB) TaskList() ([]*sweep.Task, error) {
	var tasks []*sweep.Task
	err := d.read(func(tx *sql.Tx) error {
		var err error
		tasks, _, err = d.readTasks(tx)
		return err
	})
	return tasks, err
}

// TaskSummaries returns every task of the database, in ascending id order,
// whose Records are stand-ins, one per model and knob set of the task's
// cases that have results: Model and Knobs as Tasks gives them, no
// numbers. Their KnobValues, Models and Varies are those of the task's
// real records, so sweep.PickTasks chooses from them as it would from
// Tasks; ReadTasks then reads the chosen ones.
func (d *DB) TaskSummaries() ([]*sweep.Task, error) {
	var tasks []*sweep.Task
	err := d.read(func(tx *sql.Tx) error {
		var byID map[int64]*taskInfo
		var err error
		if tasks, byID, err = d.readTasks(tx); err != nil {
			return err
		}
		ins, ok, err := d.standIns(tx, byID)
		if err != nil {
			return err
		}
		if !ok {
			if ins, err = d.standInsGrouped(tx, byID); err != nil {
				return err
			}
		}
		// Put the stand-ins in a fixed order.
		sort.SliceStable(ins, func(i, j int) bool {
			if ins[i].task != ins[j].task {
				return ins[i].task < ins[j].task
			}
			return ins[i].model < ins[j].model
		})
		for _, in := range ins {
			t := byID[in.task].task
			t.Records = append(t.Records, sweep.Record{Task: t.Name, Model: in.model, Knobs: in.knobs})
		}
		return nil
	})
	return tasks, err
}

// A standIn is a model and knob set of a task's cases.
type standIn struct {
	task  int64
	model string
	knobs map[string]string
}

// standIns returns the distinct models and knob sets of each task's cases
// that have results, reading the suites and then the cases in rowid order
// and grouping them in Go (a GROUP BY over the JSON text would sort every
// case's text in SQLite: ten times the time of the scan). ok is false,
// with nothing returned, when the database holds anything this cannot
// read as standInsGrouped does — a suite or case id that is no integer, a
// missing task, knobs that are no JSON object — so that standInsGrouped
// finds it and words its error.
func (d *DB) standIns(tx *sql.Tx, byID map[int64]*taskInfo) (ins []standIn, ok bool, err error) {
	type suite struct {
		task  int64
		model string
	}
	suites := map[int64]suite{}
	models := interner{}
	rows, err := tx.Query(`SELECT id, task_id, model_name FROM suites`)
	if err != nil {
		return nil, false, err
	}
	for rows.Next() {
		var id, task, model any
		if err := rows.Scan(&id, &task, &model); err != nil {
			rows.Close()
			return nil, false, err
		}
		sid, ok1 := id.(int64)
		tid, ok2 := task.(int64)
		if !ok1 || !ok2 {
			rows.Close()
			return nil, false, nil
		}
		suites[sid] = suite{tid, models.short(sqlText(model))}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	rows, err = tx.Query(`SELECT c.suite_id, c.base_parameters, c.backend, c.threads, c.precision FROM case_definitions c
		WHERE EXISTS (SELECT 1 FROM benchmark_results r WHERE r.case_id = c.id)`)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	kc := d.knobCache()
	type group struct {
		suite int64
		set   *knobSet
	}
	seen := map[group]bool{}
	var col [5]any
	ptrs := make([]any, len(col))
	for i := range col {
		ptrs[i] = &col[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, false, err
		}
		sid, isInt := col[0].(int64)
		if !isInt {
			return nil, false, nil
		}
		su, found := suites[sid]
		if !found {
			continue // a case of no suite: the join drops it
		}
		if byID[su.task] == nil {
			return nil, false, nil
		}
		ks, err := kc.set(sqlText(col[1]), sqlText(col[2]), sqlText(col[3]), sqlText(col[4]))
		if err != nil {
			return nil, false, nil
		}
		if g := (group{sid, ks}); !seen[g] {
			seen[g] = true
			ins = append(ins, standIn{su.task, su.model, ks.knobs})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	return ins, true, nil
}

// standInsGrouped is standIns by a GROUP BY in SQLite, whose order decides
// which bad group is reported.
func (d *DB) standInsGrouped(tx *sql.Tx, byID map[int64]*taskInfo) ([]standIn, error) {
	rows, err := tx.Query(`SELECT s.task_id, s.model_name, c.base_parameters, c.backend, c.threads, c.precision, min(c.id)
		FROM case_definitions c JOIN suites s ON s.id = c.suite_id
		WHERE EXISTS (SELECT 1 FROM benchmark_results r WHERE r.case_id = c.id)
		GROUP BY 1, 2, 3, 4, 5, 6`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	kc := d.knobCache()
	var ins []standIn
	for rows.Next() {
		var taskID, model, params, backend, threads, precision, caseID any
		if err := rows.Scan(&taskID, &model, &params, &backend, &threads, &precision, &caseID); err != nil {
			return nil, err
		}
		id, ok := taskID.(int64)
		if !ok || byID[id] == nil {
			return nil, inputErrorf("%s: a suite refers to missing task %s", d.name, sqlText(taskID))
		}
		ks, err := kc.set(sqlText(params), sqlText(backend), sqlText(threads), sqlText(precision))
		if err != nil {
			return nil, inputErrorf("%s: case_definitions id %s: base_parameters: %v", d.name, sqlText(caseID), err)
		}
		ins = append(ins, standIn{id, safename.Shorten(sqlText(model)), ks.knobs})
	}
	return ins, rows.Err()
}

// ReadTasks reads the tasks whose ids are given, in ascending id order,
// each with its records as Tasks reads them (in ascending result id order,
// names shortened, records with the same knobs sharing one Knobs map that
// callers must not modify, benchmark_samples attached), all in one read
// transaction. Only the rows of those tasks are read. An id that is no
// task is an error.
func (d *DB) ReadTasks(ids []int64) ([]*sweep.Task, error) {
	var tasks []*sweep.Task
	err := d.read(func(tx *sql.Tx) error {
		var err error
		tasks, err = d.readSelected(tx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	return tasks, nil
}

// A caseInfo is what the records of one case share.
type caseInfo struct {
	id         int64
	task       *taskInfo
	suite      string
	model      string
	knobs      map[string]string
	params     string
	invocation string
	reps       int
}

func (d *DB) readSelected(tx *sql.Tx, ids []int64) ([]*sweep.Task, error) {
	all, byID, err := d.readTasks(tx)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{}
	for _, id := range ids {
		if byID[id] == nil {
			return nil, inputErrorf("%s: no task %d", d.name, id)
		}
		want[id] = true
	}
	var tasks []*sweep.Task
	var list []string
	for _, t := range all {
		if want[t.ID] {
			tasks = append(tasks, t)
			list = append(list, strconv.FormatInt(t.ID, 10))
		}
	}
	if len(tasks) == 0 {
		return tasks, nil
	}
	inTasks := strings.Join(list, ", ") // integers: safe to inline
	cases, err := d.readCases(tx, inTasks, len(tasks) == len(all), byID)
	if err != nil {
		return nil, err
	}
	samples, err := hasTable(tx, "benchmark_samples")
	if err != nil {
		return nil, err
	}
	// Every task is read: no join, the results in rowid order (those of
	// no case read are skipped, as Tasks' join drops them).
	q := `SELECT r.case_id, r.id, r.result_type, r.result_parameter, r.mean_value, r.std_value, r.unit, CAST(r.created_at AS TEXT)
		FROM benchmark_results r`
	if len(tasks) < len(all) {
		q += ` JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id WHERE s.task_id IN (` + inTasks + `)`
	}
	q += ` ORDER BY r.id`
	if err := d.reserve(tx, tasks, byID, len(tasks) == len(all), inTasks); err != nil {
		return nil, err
	}
	if err := d.readResults(tx, q, cases, samples); err != nil {
		return nil, err
	}
	return tasks, nil
}

// reserve gives each task's Records the capacity of its results, so that
// a million records are allocated once rather than grown (and copied)
// twenty times over: the count of the results table when one task is all
// there is (a bound: results of no case are counted too), else a count per
// task.
func (d *DB) reserve(tx *sql.Tx, tasks []*sweep.Task, byID map[int64]*taskInfo, every bool, inTasks string) error {
	if every && len(tasks) == 1 {
		var n int64
		if err := tx.QueryRow(`SELECT count(*) FROM benchmark_results`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			tasks[0].Records = make([]sweep.Record, 0, n)
		}
		return nil
	}
	rows, err := tx.Query(`SELECT s.task_id, count(*) FROM benchmark_results r
		JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id
		WHERE s.task_id IN (` + inTasks + `) GROUP BY s.task_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil // an odd id: no reservation, the records are read all the same
		}
		if info := byID[id]; info != nil && n > 0 {
			info.task.Records = make([]sweep.Record, 0, n)
		}
	}
	return rows.Err()
}

// A suiteInfo is what the cases of one suite share.
type suiteInfo struct {
	task         *taskInfo
	suite, model string
}

// readCases reads the cases of the tasks listed in inTasks (every task
// when every is set), sorted by id: the suites of the tasks first, then
// their cases in rowid order, joined in Go (a join in SQL would read the
// suite's columns again for every case).
func (d *DB) readCases(tx *sql.Tx, inTasks string, every bool, byID map[int64]*taskInfo) ([]caseInfo, error) {
	names := interner{}
	suites := map[int64]suiteInfo{}
	var ids []string
	rows, err := tx.Query(`SELECT id, task_id, name, model_name FROM suites WHERE task_id IN (` + inTasks + `) ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, task, name, model any
		if err := rows.Scan(&id, &task, &name, &model); err != nil {
			rows.Close()
			return nil, err
		}
		sid, ok := id.(int64)
		tid, _ := task.(int64)
		if info := byID[tid]; ok && info != nil {
			suites[sid] = suiteInfo{info, names.short(sqlText(name)), names.short(sqlText(model))}
			ids = append(ids, strconv.FormatInt(sid, 10))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	where := ""
	if !every {
		where = ` WHERE suite_id IN (` + strings.Join(ids, ", ") + `)`
	}
	var n int64
	if err := tx.QueryRow(`SELECT count(*) FROM case_definitions` + where).Scan(&n); err != nil {
		return nil, err
	}
	rows, err = tx.Query(`SELECT id, suite_id, base_parameters, backend, threads, precision FROM case_definitions` + where + ` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	kc := d.knobCache()
	cases := make([]caseInfo, 0, n)
	var col [6]any
	ptrs := make([]any, len(col))
	for i := range col {
		ptrs[i] = &col[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		caseID, ok := col[0].(int64)
		if !ok {
			return nil, inputErrorf("%s: case_definitions id %s is not an integer", d.name, sqlValue(col[0]))
		}
		sid, _ := col[1].(int64)
		su, ok := suites[sid]
		if !ok {
			continue // a case of another task, or of no suite (Tasks' join drops it)
		}
		params := sqlText(col[2])
		ks, err := kc.set(params, sqlText(col[3]), sqlText(col[4]), sqlText(col[5]))
		if err != nil {
			return nil, inputErrorf("%s: case_definitions id %d: base_parameters: %v", d.name, caseID, err)
		}
		c := caseInfo{
			id: caseID, task: su.task, suite: su.suite, model: su.model,
			knobs: ks.knobs, params: ks.text,
			invocation: "case " + strconv.FormatInt(caseID, 10),
			reps:       su.task.repeat,
		}
		if ks.hasRepeat {
			c.reps = ks.repeat
		}
		cases = append(cases, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return cases, nil
}

// readResults runs q (case id, result id, type, parameter, mean, std, unit,
// time; in ascending result id) and appends each result of one of cases
// to its task's records; then attaches the samples, when there are any.
func (d *DB) readResults(tx *sql.Tx, q string, cases []caseInfo, samples bool) error {
	rows, err := tx.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	names := interner{}
	var order []recRef // in query order, for the samples; only when there are any
	var col [8]any
	ptrs := make([]any, len(col))
	for i := range col {
		ptrs[i] = &col[i]
	}
	cur := 0 // results mostly come case after case: look there first
	lastTime := ""
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		resID, ok := col[1].(int64)
		if !ok {
			return inputErrorf("%s: benchmark_results: id %s is not an integer", d.name, sqlValue(col[1]))
		}
		caseID, ok := col[0].(int64)
		if !ok {
			continue // no case has a non-integer id: the join of Tasks drops it too
		}
		c := findCase(cases, &cur, caseID)
		if c == nil {
			continue // a result of a case of another task, or of no case
		}
		row := "benchmark_results id " + strconv.FormatInt(resID, 10)
		where := d.name + ": " + row
		mean, err := number(col[4], where, "mean_value")
		if err != nil {
			return err
		}
		std, err := number(col[5], where, "std_value")
		if err != nil {
			return err
		}
		// The pp and tg results of a case were recorded at one time:
		// share its string rather than intern every case's.
		tm := safename.Shorten(sqlText(col[7]))
		if tm == lastTime {
			tm = lastTime
		}
		lastTime = tm
		t := c.task.task
		if samples {
			order = append(order, recRef{t, len(t.Records), resID})
		}
		t.Records = append(t.Records, sweep.Record{
			Task:       t.Name,
			Suite:      c.suite,
			Model:      c.model,
			Invocation: c.invocation,
			Phase:      names.short(sqlText(col[2])),
			Size:       names.short(sqlText(col[3])),
			Knobs:      c.knobs,
			Params:     c.params,
			Mean:       mean,
			Std:        std,
			Reps:       c.reps,
			Unit:       names.short(sqlText(col[6])),
			Time:       tm,
			Where:      row, // the caller names the database
		})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if samples && len(order) > 0 {
		// Records were appended per task in result id order: sort the
		// references as the samples query orders them.
		sort.SliceStable(order, func(i, j int) bool { return order[i].task.ID < order[j].task.ID })
		return d.readSelectedSamples(tx, order)
	}
	return nil
}

// findCase returns the case with id in cases (sorted by id), looking at
// *cur and the next first, or nil.
func findCase(cases []caseInfo, cur *int, id int64) *caseInfo {
	for _, i := range [2]int{*cur, *cur + 1} {
		if i < len(cases) && cases[i].id == id {
			*cur = i
			return &cases[i]
		}
	}
	i := sort.Search(len(cases), func(i int) bool { return cases[i].id >= id })
	if i < len(cases) && cases[i].id == id {
		*cur = i
		return &cases[i]
	}
	return nil
}

// readSelectedSamples is readSamples for the records in order (of
// ReadTasks' tasks only).
func (d *DB) readSelectedSamples(tx *sql.Tx, order []recRef) error {
	var list []string
	for i, ref := range order {
		if i == 0 || ref.task != order[i-1].task {
			list = append(list, strconv.FormatInt(ref.task.ID, 10))
		}
	}
	rows, err := tx.Query(`SELECT bs.result_id, bs.value FROM benchmark_samples bs
		JOIN benchmark_results r ON r.id = bs.result_id
		JOIN case_definitions c ON c.id = r.case_id
		JOIN suites s ON s.id = c.suite_id
		WHERE s.task_id IN (` + strings.Join(list, ", ") + `)
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
		x, err := number(v, fmt.Sprintf("%s: benchmark_samples of result %d", d.name, id), "value")
		if err != nil {
			return err
		}
		ref := order[next]
		r := &ref.task.Records[ref.i]
		r.Samples = append(r.Samples, x)
	}
	return rows.Err()
}

// knobCache returns the database's knob sets parsed so far.
func (d *DB) knobCache() knobCache {
	if d.knobs == nil {
		d.knobs = knobCache{}
	}
	return d.knobs
}

// A knobCache parses each distinct knob set of the cases once, and gives
// every case of the set the same map. It is keyed by base_parameters,
// then by the other three columns.
type knobCache map[string][]*knobSet

// A knobSet is the knobs of the cases with the same base_parameters and
// backend, threads and precision columns, and their repetition count.
type knobSet struct {
	backend, threads, precision string
	knobs                       map[string]string
	text                        string // base_parameters, shortened (safename.ShortenText)
	repeat                      int
	hasRepeat                   bool // knobs["repeat"] is a number
}

// set returns the knob set of a case, parsing it the first time.
func (kc knobCache) set(params, backend, threads, precision string) (*knobSet, error) {
	sets := kc[params]
	for _, ks := range sets {
		if ks.backend == backend && ks.threads == threads && ks.precision == precision {
			return ks, nil
		}
	}
	knobs, err := parseParams(params)
	if err != nil {
		return nil, err
	}
	addColumn(knobs, "backend", backend)
	addColumn(knobs, "threads", threads)
	addColumn(knobs, "precision", precision)
	ks := &knobSet{backend: backend, threads: threads, precision: precision, knobs: safename.ShortenKnobs(knobs), text: safename.ShortenText(params)}
	if v := ks.knobs["repeat"]; v != "" {
		if r, err := strconv.Atoi(v); err == nil {
			ks.repeat, ks.hasRepeat = r, true
		}
	}
	kc[params] = append(sets, ks)
	return ks, nil
}

// addColumn sets knob k to the column's value v unless the knobs have k
// or v is empty.
func addColumn(knobs map[string]string, k, v string) {
	if _, ok := knobs[k]; !ok && v != "" {
		knobs[k] = v
	}
}
