package mnndb_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/demo"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// selectFixtures are databases on which ReadTasks and TaskSummaries must
// agree with Tasks: the fixtures, the demo, odd knobs, NULLs, long names,
// samples, several tasks whose results interleave, and the real database
// when it is beside the checkout.
func selectFixtures(t *testing.T) map[string]*mnndb.DB {
	t.Helper()
	texts := map[string]string{
		"small": readSmall(t),
		"demo":  demo.SQL(),
		"knobs": minimalSchema + oneTask("'repeat: 5'",
			`(1, 1, 'c1', '{"threads": 8, "backend": "OpenCL"}', 'CPU', 4, 'low')`,
			`(2, 1, 'c2', '{}', '', NULL, NULL)`,
			`(3, 1, 'c3', '{"repeat": 7, "o": {"b": [1, 2.0], "a": 1}}', NULL, NULL, NULL)`),
		"nulls": minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (2, 1, 'pp', '64', 30, 1.5, 'tokens/sec', '2025-01-01 00:00:30');
`,
		"long": minimalSchema + `
INSERT INTO tasks VALUES (1, '` + strings.Repeat("t", 300) + `', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', '` + strings.Repeat("m", 300) + `');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"opt": "` + strings.Repeat("v", 300) + `", "n": 1}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '` + strings.Repeat("9", 300) + `', 12.25, 0.5, NULL, NULL);
`,
		// Two tasks whose results interleave in id order, an orphan result,
		// a case without results, and samples.
		"interleaved": minimalSchema + mnndb.SamplesSchema + `
INSERT INTO tasks VALUES (1, 'a', NULL, NULL);
INSERT INTO tasks VALUES (2, 'b', NULL, NULL);
INSERT INTO tasks VALUES (3, 'empty', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm1');
INSERT INTO suites VALUES (2, 2, 's', 'm2');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"opt": 7}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (2, 2, 'c', '{"opt": 8}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (3, 1, 'd', '{"opt": 8}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (4, 2, 'e', '{"opt": 9}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 2, 'pp', '64', 10, 0.5, NULL, '2025-01-01 00:00:01');
INSERT INTO benchmark_results VALUES (2, 1, 'pp', '64', 11, 0.5, NULL, '2025-01-01 00:00:02');
INSERT INTO benchmark_results VALUES (3, 3, 'tg', '32', 12, 0.5, NULL, '2025-01-01 00:00:03');
INSERT INTO benchmark_results VALUES (4, 2, 'tg', '32', 13, 0.5, NULL, '2025-01-01 00:00:01');
INSERT INTO benchmark_results VALUES (5, 99, 'tg', '32', 14, 0.5, NULL, NULL);
INSERT INTO benchmark_samples VALUES (1, 0, 10.5), (1, 1, 9.5), (2, 0, 11), (4, 1, 13.5), (4, 0, 12.5);
`,
		// Values of no declared type: real numbers, blobs, NULs in text,
		// which are read column by column (the first result and case
		// read joined, then again apart), and the same late in the rows.
		"unusual": untypedSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c1', '{"a": 1}', 'CPU', 4, 'low');
INSERT INTO case_definitions VALUES (2, 1, 'c2', '{"a": 2}', x'435055', 4.0, NULL);
INSERT INTO case_definitions VALUES (3, 1, 'c3', '{"a": 3}', 'C' || char(0) || 'PU', 4, NULL);
INSERT INTO case_definitions VALUES (4, 1, 'c4', '{"a": 4}', NULL, 2.5, 8);
INSERT INTO benchmark_results VALUES (1, 1, 'pp', '64', 10, 0.5, 'tokens/sec', '2025-01-01 00:00:30');
INSERT INTO benchmark_results VALUES (2, 2, 'tg', 32.0, 11, 0.5, NULL, 1700000000);
INSERT INTO benchmark_results VALUES (3, 3, 'pp', x'3634', 12, 0.5, 't/s', 2.5);
INSERT INTO benchmark_results VALUES (4, 1, 'tg', 'a' || char(0) || 'b', 13, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (5, 4, 'pp', 128, 14, 1, 7.5, x'41');
`,
		// Blobs and integers in columns of text affinity, read joined.
		"typed": minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c1', '{"a": 1}', x'43ff55', 4, x'');
INSERT INTO case_definitions VALUES (2, 1, 'c2', '{"a": 2}', 7, 4.0, 'x');
INSERT INTO benchmark_results VALUES (1, 1, x'7070', x'3634', 10, 0.5, x'', '2025-01-01 00:00:30');
INSERT INTO benchmark_results VALUES (2, 2, 'tg', 32, 11, 0.5, 5, 1700000000.5);
`,
		"unusual-late": untypedSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c1', '{"a": 1}', 'CPU', 4, 'low');
INSERT INTO case_definitions VALUES (2, 1, 'c2', '{"a": 2}', 'CPU', 4, 'low');
INSERT INTO case_definitions VALUES (3, 1, 'c3', '{"a": 3}', 'CPU', 4.5, 'low');
INSERT INTO benchmark_results VALUES (1, 1, 'pp', '64', 10, 0.5, 'tokens/sec', '2025-01-01 00:00:30');
INSERT INTO benchmark_results VALUES (2, 2, 'tg', '32', 11, 0.5, NULL, '2025-01-01 00:00:31');
INSERT INTO benchmark_results VALUES (3, 3, 'pp', 64.5, 12, 0.5, NULL, '2025-01-01 00:00:32');
`,
	}
	dbs := map[string]*mnndb.DB{}
	for name, text := range texts {
		db := openText(t, "Open", name+".db", text)
		t.Cleanup(func() { db.Close() })
		dbs[name] = db
	}
	if _, err := os.Stat(realDB); err == nil {
		db, err := mnndb.Open(realDB)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs["real"] = db
	}
	return dbs
}

const realDB = "../../../shared/reference/mnn_anal/benchmark_results.db"

// untypedSchema is minimalSchema without declared types (but the ids'),
// so that real numbers, integers and blobs are stored as they are.
const untypedSchema = `
CREATE TABLE tasks (id INTEGER PRIMARY KEY, name, description, original_yaml);
CREATE TABLE suites (id INTEGER PRIMARY KEY, task_id, name, model_name);
CREATE TABLE case_definitions (id INTEGER PRIMARY KEY, suite_id, name, base_parameters, backend, threads, precision);
CREATE TABLE benchmark_results (id INTEGER PRIMARY KEY, case_id, result_type, result_parameter, mean_value, std_value, unit, created_at);
`

func TestReadTasksAsTasks(t *testing.T) {
	for name, db := range selectFixtures(t) {
		t.Run(name, func(t *testing.T) {
			want := tasksOf(t, db)
			list, err := db.TaskList()
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for i, tk := range list {
				if tk.ID != want[i].ID || tk.Name != want[i].Name || tk.Description != want[i].Description || tk.Records != nil {
					t.Errorf("TaskList[%d] = %d %q (%d records), want %d %q without records", i, tk.ID, tk.Name, len(tk.Records), want[i].ID, want[i].Name)
				}
				ids = append(ids, tk.ID)
			}
			all, err := db.ReadTasks(ids)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, all, compareRecords); diff != "" {
				t.Errorf("ReadTasks(every id) (-Tasks +ReadTasks):\n%s", diff)
			}
			for i, id := range ids { // one at a time: only its records
				one, err := db.ReadTasks([]int64{id})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want[i:i+1], one, compareRecords); diff != "" {
					t.Errorf("ReadTasks(%d) (-Tasks +ReadTasks):\n%s", id, diff)
				}
			}
			sums, err := db.TaskSummaries()
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range sums {
				if s.ID != want[i].ID || s.Name != want[i].Name {
					t.Errorf("summary %d: task %d %q, want %d %q", i, s.ID, s.Name, want[i].ID, want[i].Name)
				}
				if diff := cmp.Diff(want[i].KnobValues(), s.KnobValues()); diff != "" {
					t.Errorf("task %d: summary's knob values (-Tasks +TaskSummaries):\n%s", s.ID, diff)
				}
				if diff := cmp.Diff(want[i].Models(), s.Models()); diff != "" {
					t.Errorf("task %d: summary's models (-Tasks +TaskSummaries):\n%s", s.ID, diff)
				}
			}
		})
	}
}

// Records of one knob set share their map, as Tasks' do.
func TestReadTasksSharesKnobs(t *testing.T) {
	db, err := mnndb.FromSQL("demo", demo.SQL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks, err := db.ReadTasks([]int64{1})
	if err != nil {
		t.Fatal(err)
	}
	maps := map[string]map[string]string{}
	for i := range tasks[0].Records {
		r := &tasks[0].Records[i]
		if m, ok := maps[r.Params]; ok && !sameMap(m, r.Knobs) {
			t.Fatalf("records of knobs %s hold different maps", r.Params)
		}
		maps[r.Params] = r.Knobs
	}
}

func sameMap(a, b map[string]string) bool {
	a["\x00probe"] = "x"
	defer delete(a, "\x00probe")
	return b["\x00probe"] == "x"
}

func TestReadTasksUnknown(t *testing.T) {
	db, err := mnndb.FromSQL("demo.db", demo.SQL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ReadTasks([]int64{1, 9}); err == nil || err.Error() != "demo.db: no task 9" {
		t.Errorf("ReadTasks(1, 9) error = %v, want %q", err, "demo.db: no task 9")
	}
	tasks, err := db.ReadTasks(nil)
	if err != nil || len(tasks) != 0 {
		t.Errorf("ReadTasks(nil) = %d tasks, %v; want none", len(tasks), err)
	}
}

// The summaries let sweep.PickTasks choose as it would from every record.
func TestTaskSummariesPick(t *testing.T) {
	dbs := selectFixtures(t)
	for _, name := range []string{"demo", "small", "real"} {
		db := dbs[name]
		if db == nil {
			continue
		}
		full, sums := tasksOf(t, db), mustSummaries(t, db)
		for _, option := range []string{"dynamicOption", "mmap", "n_prompt", "nosuch"} {
			a, errA := sweep.PickTasks(full, "", option, "", nil)
			b, errB := sweep.PickTasks(sums, "", option, "", nil)
			if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
				t.Errorf("%s, %s: error %v from Tasks, %v from TaskSummaries", name, option, errA, errB)
				continue
			}
			if errA == nil && a.Label() != b.Label() {
				t.Errorf("%s, %s: picked %s from Tasks, %s from TaskSummaries", name, option, a.Label(), b.Label())
			}
		}
	}
}

func mustSummaries(t *testing.T, db *mnndb.DB) []*sweep.Task {
	t.Helper()
	s, err := db.TaskSummaries()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TaskSummaries reports the bad group that SQLite's GROUP BY of task,
// model and knob columns put first, with its smallest case id, whatever
// the order of the cases.
func TestTaskSummariesFirstBadGroup(t *testing.T) {
	base := minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'b');
INSERT INTO suites VALUES (2, 1, 's', 'a');
INSERT INTO case_definitions VALUES (1, 1, 'c1', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (3, 1, 'c3', '{"x', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (6, 2, 'c6', '[2]', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (5, 2, 'c5', '[1]', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (4, 2, 'c4', '[2]', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (7, 2, 'c7', '[2]', 'CPU', NULL, NULL);
`
	results := "\nINSERT INTO benchmark_results SELECT id, id, 'pp', '64', 10.5, 0.5, NULL, NULL FROM case_definitions;\n"
	for _, tc := range []struct{ name, extra, want string }{
		{"parse", "", "x.db: case_definitions id 5: base_parameters: not a JSON object: json: cannot unmarshal array"},
		{"missing task after", "INSERT INTO suites VALUES (3, 9, 's', 'a'); INSERT INTO case_definitions VALUES (8, 3, 'c8', '{}', NULL, NULL, NULL);",
			"x.db: case_definitions id 5: base_parameters: not a JSON object: json: cannot unmarshal array"},
		{"missing task first", "INSERT INTO suites VALUES (3, 0, 's', 'z'); INSERT INTO case_definitions VALUES (8, 3, 'c8', '{}', NULL, NULL, NULL);",
			"x.db: a suite refers to missing task 0"},
		{"same text, smallest id", "UPDATE case_definitions SET base_parameters = '[1]' WHERE id = 5 OR id = 3; UPDATE suites SET model_name = 'a';",
			"x.db: case_definitions id 3: base_parameters: not a JSON object: json: cannot unmarshal array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := mnndb.FromSQL("x.db", base+tc.extra+results)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			_, err = db.TaskSummaries()
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("TaskSummaries error = %v, want %s…", err, tc.want)
			}
		})
	}
}

// ReadChosen reads what TaskSummaries and then ReadTasks read: the same
// summaries, the same tasks (every one, each alone, none), the same errors.
func TestReadChosenAsApart(t *testing.T) {
	dbs := selectFixtures(t)
	// Databases that ReadChosen reads apart, and their errors.
	for name, text := range map[string]string{
		"missing-task": minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO suites VALUES (2, 7, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (2, 2, 'c', '{"o": 2}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (2, 2, 'tg', '32', 12.25, 0.5, NULL, NULL);
`,
		"orphan-suite": minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO suites VALUES (2, 7, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (2, 2, 'c', '{"o": 2}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
`,
		"bad-json-no-results": minimalSchema + `
INSERT INTO tasks VALUES (1, 'a', NULL, NULL);
INSERT INTO tasks VALUES (2, 'b', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO suites VALUES (2, 2, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (2, 2, 'c', '{"o', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (3, 2, 'c', '{"o": 3}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (2, 3, 'tg', '32', 12.25, 0.5, NULL, NULL);
`,
		"bad-json": minimalSchema + `
INSERT INTO tasks VALUES (1, 'a', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (2, 1, 'c', '[2]', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (2, 2, 'tg', '32', 12.25, 0.5, NULL, NULL);
`,
		"bad-mean": minimalSchema + `
INSERT INTO tasks VALUES (1, 'a', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 'fast', 0.5, NULL, NULL);
`,
	} {
		db := openText(t, "Open", name+".db", text)
		t.Cleanup(func() { db.Close() })
		dbs[name] = db
	}
	errText := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	for name, db := range dbs {
		t.Run(name, func(t *testing.T) {
			wantSums, sumErr := db.TaskSummaries()
			list, err := db.TaskList()
			if err != nil {
				t.Fatal(err)
			}
			choices := [][]int64{nil}
			var every []int64
			for _, tk := range list {
				choices = append(choices, []int64{tk.ID})
				every = append(every, tk.ID)
			}
			choices = append(choices, every)
			for _, ids := range choices {
				var seen []*sweep.Task
				sums, tasks, err := db.ReadChosen(func(s []*sweep.Task) ([]int64, error) {
					seen = s
					return ids, nil
				})
				if sumErr != nil {
					if errText(err) != sumErr.Error() {
						t.Errorf("ReadChosen error %v, TaskSummaries' %v", err, sumErr)
					}
					continue
				}
				if diff := cmp.Diff(wantSums, seen, compareRecords); diff != "" {
					t.Errorf("summaries given to choose (-TaskSummaries +ReadChosen):\n%s", diff)
				}
				if diff := cmp.Diff(wantSums, sums, compareRecords); diff != "" {
					t.Errorf("summaries returned (-TaskSummaries +ReadChosen):\n%s", diff)
				}
				want, wantErr := db.ReadTasks(ids)
				if errText(err) != errText(wantErr) {
					t.Errorf("ReadChosen(%v) error %v, ReadTasks' %v", ids, err, wantErr)
					continue
				}
				if diff := cmp.Diff(want, tasks, compareRecords); diff != "" {
					t.Errorf("ReadChosen(%v) (-ReadTasks +ReadChosen):\n%s", ids, diff)
				}
			}
			chooseErr := errors.New("no choice")
			if sumErr == nil {
				if _, _, err := db.ReadChosen(func([]*sweep.Task) ([]int64, error) { return nil, chooseErr }); err != chooseErr {
					t.Errorf("ReadChosen with choose failing: error %v, want choose's", err)
				}
			}
		})
	}
}
