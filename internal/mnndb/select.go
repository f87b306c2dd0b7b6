package mnndb

import (
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/sweepstat/sweepstat/internal/hugepage"
	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sqlread"
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
		tasks, _, err = d.readTaskRows(tx, false)
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
		if tasks, byID, err = d.readTaskRows(tx, false); err != nil {
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
		addStandIns(ins, func(id int64) *sweep.Task { return byID[id].task })
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
// missing task, knobs that are no JSON object, a value whose text is not
// sqlText's (see joined) — so that standInsGrouped reads it and words
// its error.
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
	j, err := d.joined(tx, "case_definitions", "c.", "base_parameters", "backend", "threads", "precision")
	if err != nil {
		return nil, false, err
	}
	rows, err = tx.Query(`SELECT c.suite_id, ` + j + ` FROM case_definitions c
		WHERE EXISTS (SELECT 1 FROM benchmark_results r WHERE r.case_id = c.id)`)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	kc := d.knobCache()
	byText := map[string]*knobSet{} // by the joined text
	type group struct {
		suite int64
		set   *knobSet
	}
	seen := map[group]bool{}
	var col [2]any
	for rows.Next() {
		if err := rows.Scan(&col[0], &col[1]); err != nil {
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
		text, isText := col[1].(string)
		if !isText {
			return nil, false, nil // a value read column by column
		}
		ks := byText[text]
		if ks == nil {
			v, ok := split4(text)
			if !ok {
				return nil, false, nil
			}
			if ks, err = kc.set(v[0], v[1], v[2], v[3]); err != nil {
				return nil, false, nil
			}
			byText[text] = ks
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
// callers must not modify, benchmark_samples attached), all from one
// committed state of the database: one read transaction, and for a big
// read a second connection whose snapshot is checked to be the same
// (split.go). Only the rows of those tasks are read. An id that is no
// task is an error.
func (d *DB) ReadTasks(ids []int64) ([]*sweep.Task, error) {
	var tasks []*sweep.Task
	err := d.withPeer(func() error {
		return d.read(func(tx *sql.Tx) error {
			var err error
			tasks, err = d.readSelected(tx, ids)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return tasks, nil
}

// A caseInfo is what the records of one case share.
type caseInfo struct {
	id         int64
	suite      *suiteInfo
	knobs      *knobSet
	invocation string
	reps       int
	results    bool // the case has results (readCases with flag)
	// shared is the *sweep.Case its records share, made with the first
	// of them. The halves of a split read may both find the case, so it
	// is read and set atomically; an unsafe.Pointer rather than an
	// atomic.Pointer, because caseInfo values are copied while cases are
	// gathered.
	shared unsafe.Pointer
}

// recordCase returns the Case of a record of c recorded at time tm: the
// one its records share, or, for a record of another time than the
// first's, a copy of its own.
func (c *caseInfo) recordCase(tm string) *sweep.Case {
	sc := (*sweep.Case)(atomic.LoadPointer(&c.shared))
	if sc == nil {
		su := c.suite
		sc = &sweep.Case{Origin: su.origin, Invocation: c.invocation,
			Knobs: c.knobs.knobs, Params: c.knobs.text, Time: tm}
		if !atomic.CompareAndSwapPointer(&c.shared, nil, unsafe.Pointer(sc)) {
			sc = (*sweep.Case)(atomic.LoadPointer(&c.shared))
		}
	}
	if sc.Time != tm {
		own := *sc
		own.Time = tm
		return &own
	}
	return sc
}

func (d *DB) readSelected(tx *sql.Tx, ids []int64) ([]*sweep.Task, error) {
	all, byID, err := d.readTasks(tx)
	if err != nil {
		return nil, err
	}
	tasks, inTasks, err := d.pick(all, byID, ids)
	if err != nil || len(tasks) == 0 {
		return tasks, err
	}
	cases, err := d.readCases(tx, inTasks, len(tasks) == len(all), byID, false)
	if err != nil {
		return nil, err
	}
	return tasks, d.readTaskResults(tx, all, byID, tasks, inTasks, cases, nil)
}

// pick returns the tasks of all whose ids are given, in the order of all,
// and the list of their ids for SQL.
func (d *DB) pick(all []*sweep.Task, byID map[int64]*taskInfo, ids []int64) ([]*sweep.Task, string, error) {
	want := map[int64]bool{}
	for _, id := range ids {
		if byID[id] == nil {
			return nil, "", inputErrorf("%s: no task %d", d.name, id)
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
	return tasks, strings.Join(list, ", "), nil // integers: safe to inline
}

// readTaskResults reads the results of tasks (of all; their ids listed in
// inTasks) into their records, cases holding at least theirs; the
// capacity of the records of the tasks in counted is reserved already
// (reserveRuns).
func (d *DB) readTaskResults(tx *sql.Tx, all []*sweep.Task, byID map[int64]*taskInfo, tasks []*sweep.Task, inTasks string, cases []caseInfo, counted map[*sweep.Task]bool) error {
	s, err := d.schemaOf(tx)
	if err != nil {
		return err
	}
	samples := s.samples
	// Every task is read: no join, the results in rowid order (those of
	// no case read are skipped, as Tasks' join drops them).
	from := ` FROM benchmark_results r`
	if len(tasks) < len(all) {
		from += ` JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id WHERE s.task_id IN (` + inTasks + `)`
	}
	every := len(tasks) == len(all)
	var sp span
	left, inLeft := uncounted(tasks, counted)
	if len(left) > 0 {
		in := inTasks
		if len(left) < len(tasks) {
			in = inLeft
		}
		if sp, err = d.reserve(tx, left, byID, len(left) == len(all), in); err != nil {
			return err
		}
	}
	if len(left) < len(tasks) && d.splitWorthy(tasks) {
		// reserveRuns counted some tasks without their ids' span, which a
		// split read needs.
		if sp, err = d.spanOf(tx, inTasks); err != nil {
			return err
		}
	}
	q, err := d.resultsJoined(tx)
	if err != nil {
		return err
	}
	if order, ok := d.readResultsOnPeer(tx, resultsApart+from, every, sp, tasks, cases, samples); ok {
		return d.attachSelected(tx, order)
	}
	from += ` ORDER BY r.id`
	order, err := d.readResults(tx, q+from, true, cases, samples)
	if err == errUnusual {
		for _, t := range tasks {
			clear(t.Records)
			t.Records = t.Records[:0]
		}
		order, err = d.readResults(tx, resultsApart+from, false, cases, samples)
	}
	if err != nil {
		return err
	}
	return d.attachSelected(tx, order)
}

// ReadChosen reads in one transaction (with, for a big read, a second
// connection as ReadTasks) what TaskSummaries and then ReadTasks would:
// the summaries of every task, from which choose picks the ids of the
// tasks to read, and those tasks. Every case is read once, for both. An
// error of choose is returned as it is, with the summaries.
func (d *DB) ReadChosen(choose func(summaries []*sweep.Task) ([]int64, error)) (summaries, tasks []*sweep.Task, err error) {
	var chooseErr error
	err = d.withPeer(func() error {
		return d.read(func(tx *sql.Tx) error {
			var err error
			summaries, tasks, err = d.readChosen(tx, func(s []*sweep.Task) ([]int64, error) {
				ids, err := choose(s)
				if err != nil {
					chooseErr = err
					return nil, errChoice
				}
				return ids, nil
			})
			return err
		})
	})
	switch {
	case chooseErr != nil:
		return summaries, nil, chooseErr
	case errors.Is(err, errFallback):
		// Something TaskSummaries reads its own way (and words its own
		// error for): read apart.
		if summaries, err = d.TaskSummaries(); err != nil {
			return nil, nil, err
		}
		ids, err := choose(summaries)
		if err != nil {
			return summaries, nil, err
		}
		tasks, err = d.ReadTasks(ids)
		return summaries, tasks, err
	case err != nil:
		return summaries, nil, err
	}
	return summaries, tasks, nil
}

// errChoice stops ReadChosen's transaction at an error of choose.
var errChoice = errors.New("no tasks chosen")

func (d *DB) readChosen(tx *sql.Tx, choose func([]*sweep.Task) ([]int64, error)) (summaries, tasks []*sweep.Task, err error) {
	all, byID, err := d.readTasks(tx)
	if err != nil {
		return nil, nil, err
	}
	var list []string
	for _, t := range all {
		list = append(list, strconv.FormatInt(t.ID, 10))
	}
	var cases []caseInfo
	if len(all) > 0 {
		if cases, err = d.readCases(tx, strings.Join(list, ", "), true, byID, true); err != nil {
			return nil, nil, err
		}
	}
	// The stand-ins, as standIns makes them (the map sized for every case
	// a group of its own, as most are: it is not grown and rehashed).
	type group struct {
		suite *suiteInfo
		set   *knobSet
	}
	seen := make(map[group]bool, len(cases))
	var ins []standIn
	for i := range cases {
		c := &cases[i]
		if g := (group{c.suite, c.knobs}); c.results && !seen[g] {
			seen[g] = true
			ins = append(ins, standIn{c.suite.task.task.ID, c.suite.model, c.knobs.knobs})
		}
	}
	summaries = make([]*sweep.Task, len(all))
	sumOf := map[int64]*sweep.Task{}
	for i, t := range all {
		summaries[i] = &sweep.Task{ID: t.ID, Name: t.Name, Description: t.Description}
		sumOf[t.ID] = summaries[i]
	}
	addStandIns(ins, func(id int64) *sweep.Task { return sumOf[id] })
	ids, err := choose(summaries)
	if err != nil {
		return summaries, nil, err
	}
	tasks, inTasks, err := d.pick(all, byID, ids)
	if err != nil || len(tasks) == 0 {
		return summaries, tasks, err
	}
	var counted map[*sweep.Task]bool
	if len(tasks) < len(all) {
		// cases holds every case: the results of the chosen ones may be
		// counted by ranges of case ids.
		if counted, err = reserveRuns(tx, tasks, cases); err != nil {
			return summaries, nil, err
		}
	}
	return summaries, tasks, d.readTaskResults(tx, all, byID, tasks, inTasks, cases, counted)
}

// addStandIns puts the stand-ins in a fixed order (by task, then model)
// and appends a record of each to the Records of its task (taskOf), each
// task's reserved at once. The records of one task and model share one
// Origin, and all one empty Test: summaries are only read.
func addStandIns(ins []standIn, taskOf func(id int64) *sweep.Task) {
	sort.SliceStable(ins, func(i, j int) bool {
		if ins[i].task != ins[j].task {
			return ins[i].task < ins[j].task
		}
		return ins[i].model < ins[j].model
	})
	noTest := &sweep.Test{}
	var t *sweep.Task
	var origin *sweep.Origin
	for i, in := range ins {
		if i == 0 || in.task != ins[i-1].task {
			t = taskOf(in.task)
			n := 1
			for n < len(ins)-i && ins[i+n].task == in.task {
				n++
			}
			t.Records = make([]sweep.Record, 0, n)
		}
		if origin == nil || origin.Task != t.Name || origin.Model != in.model {
			origin = &sweep.Origin{Task: t.Name, Model: in.model}
		}
		t.Records = append(t.Records, sweep.Record{Test: noTest, Case: &sweep.Case{Origin: origin, Knobs: in.knobs}})
	}
}

// errUnusual stops a read that joins text columns in SQL (see
// resultsJoined) at a value it cannot take apart as it is: the read
// starts again, each column apart.
var errUnusual = errors.New("a value to read column by column")

// Reading a column costs the driver a call into SQLite or three, each
// taking the connection's mutex: most of the time of reading a million
// results. The text columns of a result and of a case are therefore read
// joined into one text, NUL between them, and split in Go, when each is
// text, an integer or NULL (whose text is what sqlText makes of them:
// NULL ""); a real number or a blob, or a NUL in a value (a join with more
// than the NULs put in), is read again column by column. A column of text
// affinity holds no real numbers, and a blob's text in a UTF-8 database
// is its bytes, as sqlText makes it: no test of the values is then needed.
const (
	// resultsApart selects case id, result id, mean, std, then type,
	// parameter, unit and time apart.
	resultsApart = `SELECT r.case_id, r.id, r.mean_value, r.std_value, r.result_type, r.result_parameter, r.unit, CAST(r.created_at AS TEXT)`
	// casesApart selects id, suite id, then base_parameters, backend,
	// threads and precision apart.
	casesApart = `SELECT id, suite_id, base_parameters, backend, threads, precision`
)

// resultsJoined selects case id, result id, mean, std, then type,
// parameter, unit and time joined (NULL when they cannot be).
func (d *DB) resultsJoined(tx *sql.Tx) (string, error) {
	j, err := d.joined(tx, "benchmark_results", "r.", "result_type", "result_parameter", "unit")
	if err != nil {
		return "", err
	}
	return `SELECT r.case_id, r.id, r.mean_value, r.std_value, ` + j + ` || char(0) || ifnull(CAST(r.created_at AS TEXT), '')`, nil
}

// casesJoined selects from case_definitions, in one text, the id, the
// suite id, base_parameters, backend, threads and precision, and with
// flag whether the case has results (hasResults), NUL between them; NULL
// when they cannot be joined or an id is no integer. One column rather
// than four: reading a column costs the driver a few calls into SQLite,
// each taking the connection's mutex (see unpackCase). The text is made by
// one concat_ws (no value is NULL: ifnull), not a chain of ||, each of
// which copies the text so far into a new one.
func (d *DB) casesJoined(tx *sql.Tx, flag bool) (string, error) {
	knobs := []string{"base_parameters", "backend", "threads", "precision"}
	unusual, err := d.unusual(tx, "case_definitions", "", knobs...)
	if err != nil {
		return "", err
	}
	cond := `typeof(id) = 'integer' AND typeof(suite_id) = 'integer'`
	if unusual != "" {
		cond += ` AND NOT (` + unusual + `)`
	}
	parts := []string{"id", "suite_id"}
	for _, c := range knobs {
		parts = append(parts, `ifnull(`+c+`, '')`)
	}
	if flag {
		parts = append(parts, existsResults)
	}
	return `SELECT CASE WHEN ` + cond + ` THEN concat_ws(char(0), ` + strings.Join(parts, ", ") + `) END FROM case_definitions`, nil
}

// existsResults tells whether the case has results.
const existsResults = `EXISTS (SELECT 1 FROM benchmark_results r WHERE r.case_id = case_definitions.id)`

// hasResults is the column of the cases queries read apart that tells
// whether the case has results.
const hasResults = `, ` + existsResults + ` FROM case_definitions`

// unpackCase takes apart v, the text of casesJoined (with flag: the
// results column too), into what scanCases reads apart: the ids, the
// joined knob columns (as split4 takes them), whether the case has results
// (true without flag, as when the column is not read). ok is false when v
// is no such text: NULL, or a NUL in a value.
func unpackCase(s string, flag bool) (id, suite int64, knobs string, results, ok bool) {
	i := strings.IndexByte(s, 0)
	if i < 0 {
		return 0, 0, "", false, false
	}
	id, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return 0, 0, "", false, false
	}
	s = s[i+1:]
	if i = strings.IndexByte(s, 0); i < 0 {
		return 0, 0, "", false, false
	}
	if suite, err = strconv.ParseInt(s[:i], 10, 64); err != nil {
		return 0, 0, "", false, false
	}
	knobs, results = s[i+1:], true
	if flag {
		i := strings.LastIndexByte(knobs, 0)
		if i < 0 {
			return 0, 0, "", false, false
		}
		switch knobs[i+1:] {
		case "0":
			results = false
		case "1":
		default:
			return 0, 0, "", false, false
		}
		knobs = knobs[:i]
	}
	return id, suite, knobs, results, true
}

// joined returns the expression that joins columns of table (each named
// with prefix), NUL between them, or is NULL when one of them holds a
// value whose text is not sqlText's.
func (d *DB) joined(tx *sql.Tx, table, prefix string, columns ...string) (string, error) {
	unusual, err := d.unusual(tx, table, prefix, columns...)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, c := range columns {
		parts = append(parts, `ifnull(`+prefix+c+`, '')`)
	}
	j := strings.Join(parts, ` || char(0) || `)
	if unusual != "" {
		j = `CASE WHEN ` + unusual + ` THEN NULL ELSE ` + j + ` END`
	}
	return j, nil
}

// unusual returns the condition under which one of the columns of table
// (each named with prefix) holds a value whose text is not sqlText's: a
// real number in a column of no text affinity, a blob in a database that
// is not UTF-8; "" when none can.
func (d *DB) unusual(tx *sql.Tx, table, prefix string, columns ...string) (string, error) {
	s, err := d.schemaOf(tx)
	if err != nil {
		return "", err
	}
	enc, types := s.encoding, s.types[table]
	var unusual []string
	for _, c := range columns {
		if !textAffinity(types[c]) {
			unusual = append(unusual, `typeof(`+prefix+c+`) = 'real'`)
		}
		if !strings.EqualFold(enc, "UTF-8") {
			unusual = append(unusual, `typeof(`+prefix+c+`) = 'blob'`)
		}
	}
	return strings.Join(unusual, ` OR `), nil
}

// textAffinity reports whether a column declared of type typ has text
// affinity (SQLite's rules: INT first, then CHAR, CLOB or TEXT).
func textAffinity(typ string) bool {
	t := strings.ToUpper(typ)
	return !strings.Contains(t, "INT") && (strings.Contains(t, "CHAR") || strings.Contains(t, "CLOB") || strings.Contains(t, "TEXT"))
}

// split4 splits a joined text into its four values; ok is false unless it
// holds exactly three NULs.
func split4(s string) (v [4]string, ok bool) {
	for i := range 3 {
		j := strings.IndexByte(s, 0)
		if j < 0 {
			return v, false
		}
		v[i], s = s[:j], s[j+1:]
	}
	v[3] = s
	return v, strings.IndexByte(s, 0) < 0
}

// reserve gives each task's Records the capacity of its results, so that
// a million records are allocated once rather than grown (and copied)
// twenty times over: the count of the results table when one task is all
// there is (a bound: results of no case are counted too), else a count per
// task. It returns the sum of the counts and, counted per task, the
// least and greatest result id of the tasks (what decides whether and
// where the read is split, see readResultsOnPeer).
func (d *DB) reserve(tx *sql.Tx, tasks []*sweep.Task, byID map[int64]*taskInfo, every bool, inTasks string) (span, error) {
	if every && len(tasks) == 1 {
		var n int64
		if err := tx.QueryRow(`SELECT count(*) FROM benchmark_results`).Scan(&n); err != nil {
			return span{}, err
		}
		if n > 0 {
			tasks[0].Records = reserve(n)
		}
		return span{n: n}, nil
	}
	rows, err := tx.Query(`SELECT s.task_id, count(*), min(r.id), max(r.id) FROM benchmark_results r
		JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id
		WHERE s.task_id IN (` + inTasks + `) GROUP BY s.task_id`)
	if err != nil {
		return span{}, err
	}
	defer rows.Close()
	var sum span
	for rows.Next() {
		var id, n, lo, hi int64
		if err := rows.Scan(&id, &n, &lo, &hi); err != nil {
			return span{}, nil // an odd id: no reservation (and no split), the records are read all the same
		}
		if info := byID[id]; info != nil && n > 0 {
			info.task.Records = reserve(n)
		}
		if sum.n == 0 || lo < sum.lo {
			sum.lo = lo
		}
		sum.hi = max(sum.hi, hi)
		sum.n += n
	}
	return sum, rows.Err()
}

// maxRuns bounds the ranges of case ids reserveRuns counts in: more, and
// the join of reserve is the cheaper count.
const maxRuns = 16

// reserveRuns is reserve for tasks when cases (sorted by id) holds every
// case of the database: the results of each task are counted by the runs
// of its cases among all — a range of case ids holding no other task's
// case — from the index of benchmark_results.case_id, without reserve's
// join of results, cases and suites (and its GROUP BY). A range may hold
// ids of no case, whose results (read as none) are counted too: the
// capacity is a bound, as reserve's count of the table is. A task whose
// cases make more than maxRuns runs is left to reserve.
func reserveRuns(tx *sql.Tx, tasks []*sweep.Task, cases []caseInfo) (counted map[*sweep.Task]bool, err error) {
	runs := map[*sweep.Task][][2]int64{}
	for i := 0; i < len(cases); {
		t := cases[i].suite.task.task
		j := i + 1
		for j < len(cases) && cases[j].suite.task.task == t {
			j++
		}
		runs[t] = append(runs[t], [2]int64{cases[i].id, cases[j-1].id})
		i = j
	}
	counted = map[*sweep.Task]bool{}
	for _, t := range tasks {
		rs := runs[t]
		if len(rs) == 0 || len(rs) > maxRuns {
			continue
		}
		var where []string
		for _, r := range rs {
			where = append(where, `case_id BETWEEN `+strconv.FormatInt(r[0], 10)+` AND `+strconv.FormatInt(r[1], 10))
		}
		var n int64
		if err := tx.QueryRow(`SELECT count(*) FROM benchmark_results WHERE ` + strings.Join(where, ` OR `)).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			t.Records = reserve(n)
		}
		counted[t] = true
	}
	return counted, nil
}

// reserve returns an empty array for n records, and reserveCases one for
// n cases, to be filled as they are read: when big, backed by huge pages
// (see package hugepage), so that filling them takes a fault every 2 MiB
// rather than two every 4 KiB.
func reserve(n int64) []sweep.Record {
	recs := make([]sweep.Record, 0, n)
	hugepage.Advise(recs)
	return recs
}

func reserveCases(n int64) []caseInfo {
	cases := make([]caseInfo, 0, n)
	hugepage.Advise(cases)
	return cases
}

// uncounted returns the tasks not in counted, and the list of their ids
// for SQL.
func uncounted(tasks []*sweep.Task, counted map[*sweep.Task]bool) ([]*sweep.Task, string) {
	if len(counted) == 0 {
		return tasks, ""
	}
	var left []*sweep.Task
	var ids []string
	for _, t := range tasks {
		if !counted[t] {
			left = append(left, t)
			ids = append(ids, strconv.FormatInt(t.ID, 10))
		}
	}
	return left, strings.Join(ids, ", ")
}

// A span is the count of rows that a query reads, and the least and
// greatest of their ids when known.
type span struct{ n, lo, hi int64 }

// splitWorthy reports whether the results reserved for tasks are enough
// to read them in two halves (see split.go), were their span known.
func (d *DB) splitWorthy(tasks []*sweep.Task) bool {
	if d.peer == nil {
		return false
	}
	var n int64
	for _, t := range tasks {
		n += int64(cap(t.Records))
	}
	return n >= splitRows
}

// spanOf returns the span of the results of the tasks in inTasks (some
// of the database's: reserveRuns counts only when not every task is read).
func (d *DB) spanOf(tx *sql.Tx, inTasks string) (span, error) {
	var n int64
	var lo, hi sql.NullInt64
	err := tx.QueryRow(`SELECT count(*), min(r.id), max(r.id) FROM benchmark_results r
		JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id
		WHERE s.task_id IN (`+inTasks+`)`).Scan(&n, &lo, &hi)
	if err != nil || !lo.Valid || !hi.Valid {
		return span{}, nil // no rows, or an odd id: no split, the records are read all the same
	}
	return span{n, lo.Int64, hi.Int64}, nil
}

// A suiteInfo is what the cases of one suite share.
type suiteInfo struct {
	task         *taskInfo
	suite, model string
	origin       *sweep.Origin // what the records of the suite share, made with the suite
}

// readCases reads the cases of the tasks listed in inTasks (every task
// when every is set), sorted by id: the suites of the tasks first, then
// their cases in rowid order, joined in Go (a join in SQL would read the
// suite's columns again for every case).
//
// With flag, every case's caseInfo.results tells whether it has results,
// and anything TaskSummaries would read otherwise than readCases does (a
// suite or case id that is no integer, a suite of a missing task, knobs
// that are no JSON object) is errFallback.
func (d *DB) readCases(tx *sql.Tx, inTasks string, every bool, byID map[int64]*taskInfo, flag bool) ([]caseInfo, error) {
	names := interner{}
	suites := map[int64]*suiteInfo{}
	var ids []string
	q := `SELECT id, task_id, name, model_name FROM suites WHERE task_id IN (` + inTasks + `) ORDER BY id`
	if flag {
		q = `SELECT id, task_id, name, model_name FROM suites ORDER BY id` // every suite, to find those of missing tasks
	}
	rows, err := tx.Query(q)
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
		tid, isInt := task.(int64)
		if flag && (!ok || !isInt || byID[tid] == nil) {
			rows.Close()
			return nil, errFallback
		}
		if info := byID[tid]; ok && info != nil {
			su := &suiteInfo{task: info, suite: names.short(sqlText(name)), model: names.short(sqlText(model))}
			su.origin = &sweep.Origin{Task: info.task.Name, Suite: su.suite, Model: su.model}
			suites[sid] = su
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
	q, err = d.casesJoined(tx, flag)
	if err != nil {
		return nil, err
	}
	from := ` FROM case_definitions`
	if flag {
		from = hasResults
	}
	if cases, ok := d.readCasesOnPeer(tx, casesApart+from, where, n, flag, suites); ok {
		return cases, nil
	}
	cases := reserveCases(n)
	cases, err = d.scanCases(tx, q+where+` ORDER BY id`, true, flag, suites, cases)
	if err == errUnusual {
		cases, err = d.scanCases(tx, casesApart+from+where+` ORDER BY id`, false, flag, suites, cases[:0])
	}
	if flag && isInputError(err) {
		return nil, errFallback
	}
	return cases, err
}

// errFallback stops ReadChosen where TaskSummaries and ReadTasks must be
// called after one another.
var errFallback = errors.New("read the summaries and the tasks apart")

// scanCases runs q (casesJoined or, unless joined, casesApart) and appends
// the cases of suites to cases.
func (d *DB) scanCases(tx *sql.Tx, q string, joined, flag bool, suites map[int64]*suiteInfo, cases []caseInfo) ([]caseInfo, error) {
	rows, err := tx.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cs := caseScan{d: d, flag: flag, suites: suites, kc: d.knobCache(), cases: cases}
	var col [7]any
	var ptrs []any
	for i := range col {
		ptrs = append(ptrs, &col[i])
	}
	switch {
	case joined:
		ptrs = ptrs[:1] // unpackCase
	case !flag:
		ptrs = ptrs[:len(ptrs)-1]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		if joined {
			s, _ := col[0].(string)
			if err := cs.addJoined(s); err != nil {
				return nil, err
			}
			continue
		}
		caseID, ok := col[0].(int64)
		if !ok {
			return nil, inputErrorf("%s: case_definitions id %s is not an integer", d.name, sqlValue(col[0]))
		}
		sid, isInt := col[1].(int64)
		if flag && !isInt {
			return nil, errFallback
		}
		su, ok := suites[sid]
		if !ok {
			continue // a case of another task, or of no suite (Tasks' join drops it)
		}
		ks, err := cs.kc.set(sqlText(col[2]), sqlText(col[3]), sqlText(col[4]), sqlText(col[5]))
		if err != nil {
			return nil, inputErrorf("%s: case_definitions id %d: base_parameters: %v", d.name, caseID, err)
		}
		cs.add(caseID, su, ks, col[6] != int64(0))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return cs.cases, nil
}

// scanCasesDirect is scanCases of casesApart's q (its from and where
// included) with args on c (a split read's half), parsing knob sets into
// kc; it also returns the count of rows the query gave. Where scanCases
// might read a value otherwise (see directText) it returns errUnusual.
func (d *DB) scanCasesDirect(c *sqlread.Conn, q string, args []int64, flag bool, suites map[int64]*suiteInfo, kc knobCache, cases []caseInfo) ([]caseInfo, int64, error) {
	rows, err := c.Query(q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	cs := caseScan{d: d, flag: flag, suites: suites, kc: kc, cases: cases}
	var n int64
	for rows.Next() {
		n++
		if rows.Type(0) != sqlread.Integer || rows.Type(1) != sqlread.Integer {
			return nil, 0, errUnusual
		}
		caseID := rows.Int64(0)
		su, ok := suites[rows.Int64(1)]
		if !ok {
			continue // as scanCases
		}
		var v [4]string // base_parameters, backend, threads, precision
		for i := range v {
			if v[i], ok = directText(rows, 2+i); !ok {
				return nil, 0, errUnusual
			}
		}
		ks, err := kc.set(v[0], v[1], v[2], v[3])
		if err != nil {
			return nil, 0, inputErrorf("%s: case_definitions id %d: base_parameters: %v", d.name, caseID, err)
		}
		cs.add(caseID, su, ks, !flag || rows.Int64(6) != 0)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return cs.cases, n, nil
}

// directText returns the text of column i of rows as sqlText makes it of
// the value the driver gives (transient: see sqlread.Rows.Transient), for
// text, an integer or NULL; ok is false for a real number or a blob,
// whose text SQLite and sqlText may write otherwise.
func directText(rows *sqlread.Rows, i int) (s string, ok bool) {
	switch rows.Type(i) {
	case sqlread.Text, sqlread.Integer, sqlread.Null:
		return rows.Transient(i), true
	}
	return "", false
}

// A caseScan appends the cases of suites, read row by row, to cases.
type caseScan struct {
	d      *DB
	flag   bool
	suites map[int64]*suiteInfo
	kc     knobCache
	byText map[string]*knobSet // by the joined text
	text   arena
	cases  []caseInfo
}

// addJoined adds the case of a row of casesJoined, of text s (which need
// not outlive the call); errUnusual when s cannot be taken apart ("" for
// NULL).
func (cs *caseScan) addJoined(s string) error {
	caseID, sid, j, results, ok := unpackCase(s, cs.flag)
	if !ok {
		return errUnusual
	}
	su, ok := cs.suites[sid]
	if !ok {
		return nil // a case of another task, or of no suite (Tasks' join drops it)
	}
	ks := cs.byText[j]
	if ks == nil {
		j = strings.Clone(j)
		v, ok := split4(j)
		if !ok {
			return errUnusual
		}
		var err error
		if ks, err = cs.kc.set(v[0], v[1], v[2], v[3]); err != nil {
			return inputErrorf("%s: case_definitions id %d: base_parameters: %v", cs.d.name, caseID, err)
		}
		if cs.byText == nil {
			cs.byText = map[string]*knobSet{}
		}
		cs.byText[j] = ks
	}
	cs.add(caseID, su, ks, results)
	return nil
}

func (cs *caseScan) add(caseID int64, su *suiteInfo, ks *knobSet, results bool) {
	c := caseInfo{
		id: caseID, suite: su, knobs: ks,
		invocation: cs.text.number("case ", caseID),
		reps:       su.task.repeat,
		results:    results,
	}
	if ks.hasRepeat {
		c.reps = ks.repeat
	}
	cs.cases = append(cs.cases, c)
}

// readResults runs q (resultsJoined or, unless joined, resultsApart) and
// appends each result of one of cases to its task's records. It returns,
// when there are samples, the records in query order (indexes into the
// slices appended to).
func (d *DB) readResults(tx *sql.Tx, q string, joined bool, cases []caseInfo, samples bool) (order []recRef, err error) {
	rows, err := tx.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	rs := resultScan{cases: cases, samples: samples, tests: testSet{names: interner{}}}
	var col [8]any
	ptrs := make([]any, len(col))
	for i := range col {
		ptrs[i] = &col[i]
	}
	if joined {
		ptrs = ptrs[:5]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		resID, ok := col[1].(int64)
		if !ok {
			return nil, inputErrorf("%s: benchmark_results: id %s is not an integer", d.name, sqlValue(col[1]))
		}
		caseID, ok := col[0].(int64)
		if !ok {
			continue // no case has a non-integer id: the join of Tasks drops it too
		}
		c := findCase(cases, &rs.cur, caseID)
		if c == nil {
			continue // a result of a case of another task, or of no case
		}
		mean, ok := col[2].(float64)
		if !ok {
			if mean, err = number(col[2], d.name+": benchmark_results id "+strconv.FormatInt(resID, 10), "mean_value"); err != nil {
				return nil, err
			}
		}
		std, ok := col[3].(float64)
		if !ok {
			if std, err = number(col[3], d.name+": benchmark_results id "+strconv.FormatInt(resID, 10), "std_value"); err != nil {
				return nil, err
			}
		}
		var v [4]string // type, parameter, unit, time
		if joined {
			j, ok := col[4].(string)
			if !ok {
				return nil, errUnusual
			}
			if v, ok = split4(j); !ok {
				return nil, errUnusual
			}
		} else {
			v = [4]string{sqlText(col[4]), sqlText(col[5]), sqlText(col[6]), sqlText(col[7])}
		}
		rs.add(c, resID, mean, std, v, joined)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return rs.order, nil
}

// readResultsDirect is readResults of resultsApart's q (its from and
// where included) with args on c (a split read's half), appending to
// out's records; it also returns the count of rows the query gave. Where
// readResults might give an error or read a value otherwise (an id, a
// mean or a std that is not an integer or a real number, or what
// directText refuses) it returns errUnusual: the read is then done by
// readResults.
func (d *DB) readResultsDirect(c *sqlread.Conn, q string, args []int64, cases []caseInfo, samples bool, out *recordSink) (order []recRef, n int64, err error) {
	rows, err := c.Query(q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	rs := resultScan{cases: cases, samples: samples, out: out, tests: testSet{names: interner{}}}
	number := func(i int) (float64, bool) {
		switch rows.Type(i) {
		case sqlread.Float:
			return rows.Float64(i), true
		case sqlread.Integer:
			return float64(rows.Int64(i)), true
		}
		return 0, false
	}
	for rows.Next() {
		n++
		if rows.Type(1) != sqlread.Integer {
			return nil, 0, errUnusual
		}
		resID := rows.Int64(1)
		if rows.Type(0) != sqlread.Integer {
			continue // as readResults
		}
		c := findCase(cases, &rs.cur, rows.Int64(0))
		if c == nil {
			continue
		}
		mean, ok := number(2)
		if !ok {
			return nil, 0, errUnusual
		}
		std, ok := number(3)
		if !ok {
			return nil, 0, errUnusual
		}
		var v [4]string // type, parameter, unit, time
		for i := range v {
			if v[i], ok = directText(rows, 4+i); !ok {
				return nil, 0, errUnusual
			}
		}
		rs.add(c, resID, mean, std, v, true)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return rs.order, n, nil
}

// A resultScan appends the records of results, read row by row, to their
// tasks' records, or to out's when out is not nil.
type resultScan struct {
	cases    []caseInfo
	samples  bool
	out      *recordSink
	tests    testSet
	text     arena
	cur      int // results mostly come case after case: look there first
	lastTime string
	order    []recRef
}

// add appends the record of result resID of case c, v its type,
// parameter, unit and time; with transient, v's strings need not outlive
// the call.
func (rs *resultScan) add(c *caseInfo, resID int64, mean, std float64, v [4]string, transient bool) {
	// The pp and tg results of a case were recorded at one time:
	// share its string rather than intern every case's.
	tm := safename.Shorten(v[3])
	if tm == rs.lastTime {
		tm = rs.lastTime
	} else if transient {
		tm = rs.text.clone(tm) // not the whole of the joined text, nor SQLite's memory
	}
	rs.lastTime = tm
	t := c.suite.task.task
	recs := &t.Records
	if rs.out != nil {
		recs = rs.out.of(t)
	}
	if rs.samples {
		rs.order = append(rs.order, recRef{t, len(*recs), resID})
	}
	*recs = append(*recs, sweep.Record{
		Test:  rs.tests.of(v[0], v[1], v[2]),
		Case:  c.recordCase(tm),
		Mean:  mean,
		Std:   std,
		Reps:  sweep.RepsOf(c.reps),
		Where: resultWhere, At: resID, // the caller names the database
	})
}

// attachSelected attaches the samples of the records in order (in result
// id order, as readResults gives them), when there are any.
func (d *DB) attachSelected(tx *sql.Tx, order []recRef) error {
	if len(order) == 0 {
		return nil
	}
	// Records were appended per task in result id order: sort the
	// references as the samples query orders them.
	sort.SliceStable(order, func(i, j int) bool { return order[i].task.ID < order[j].task.ID })
	return d.readSelectedSamples(tx, order)
}

// An arena holds many short strings in a few large blocks: one allocation
// for thousands of them rather than one each. Its strings are never
// written to once made.
type arena struct{ buf []byte }

// clone returns a copy of s.
func (a *arena) clone(s string) string {
	if len(s) > 1<<10 {
		return strings.Clone(s)
	}
	if cap(a.buf)-len(a.buf) < len(s) {
		a.buf = make([]byte, 0, 32<<10)
	}
	if s == "" {
		return ""
	}
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[start], len(s))
}

// number returns prefix followed by n in decimal.
func (a *arena) number(prefix string, n int64) string {
	if cap(a.buf)-len(a.buf) < len(prefix)+20 {
		a.buf = make([]byte, 0, 32<<10)
	}
	start := len(a.buf)
	a.buf = strconv.AppendInt(append(a.buf, prefix...), n, 10)
	return unsafe.String(&a.buf[start], len(a.buf)-start)
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
	return d.attachSamples(tx, order, `WHERE s.task_id IN (`+strings.Join(list, ", ")+`)`)
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
	// Copies: the columns may be a transient view (scanCasesDirect).
	params, backend, threads, precision = strings.Clone(params), strings.Clone(backend), strings.Clone(threads), strings.Clone(precision)
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
