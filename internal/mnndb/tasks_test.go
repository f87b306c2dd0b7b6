package mnndb_test

import (
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
	_ "modernc.org/sqlite"
)

const smallSQL = "../../fixtures/small/benchmark_results.sql"

func readSmall(t *testing.T) string {
	t.Helper()
	text, err := os.ReadFile(smallSQL)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// makeDB writes a SQLite database file built from the SQL statements into a
// new temporary directory and returns its path.
func makeDB(t *testing.T, name string, statements ...string) string {
	t.Helper()
	// Build under a plain name (the driver reads '?' as the start of
	// parameters), then rename.
	dir := t.TempDir()
	build := filepath.Join(dir, "build.db")
	db, err := sql.Open("sqlite", build)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range statements {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			t.Fatalf("building %s: %v\n%s", name, err, s)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.Rename(build, path); err != nil {
		t.Fatal(err)
	}
	return path
}

func tasksOf(t *testing.T, db *mnndb.DB) []*sweep.Task {
	t.Helper()
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	return tasks
}

// compareRecords compares records, treating NaN as equal to NaN.
var compareRecords = cmp.Comparer(func(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
})

func TestTasksSmall(t *testing.T) {
	for _, src := range []string{"FromSQL", "Open"} {
		t.Run(src, func(t *testing.T) {
			var db *mnndb.DB
			var err error
			name := "small.db"
			if src == "FromSQL" {
				db, err = mnndb.FromSQL(name, readSmall(t))
			} else {
				name = makeDB(t, "small.db", readSmall(t))
				db, err = mnndb.Open(name)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.Name() != name {
				t.Errorf("Name() = %q, want %q", db.Name(), name)
			}
			tasks := tasksOf(t, db)
			if len(tasks) != 2 {
				t.Fatalf("%d tasks, want 2", len(tasks))
			}
			type head struct {
				ID          int64
				Name, Desc  string
				Records     int
				FirstWhere  string
				LastWhere   string
				ModelsTotal []string
			}
			var got []head
			for _, tk := range tasks {
				got = append(got, head{tk.ID, tk.Name, tk.Description, len(tk.Records),
					tk.Records[0].Location(), tk.Records[len(tk.Records)-1].Location(), tk.Models()})
			}
			want := []head{
				{1, "small_dyo78", "hand-made fixture", 32, "benchmark_results id 1", "benchmark_results id 32",
					[]string{"alpha", "bad|name/../x=1 *b*"}},
				{2, "small_mmap01", "hand-made fixture", 8, "benchmark_results id 33", "benchmark_results id 40",
					[]string{"alpha"}},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("tasks (-want +got):\n%s", diff)
			}
			// Records in ascending result id order.
			for i, r := range tasks[0].Records {
				if want := "benchmark_results id " + strconv.Itoa(i+1); r.Location() != want {
					t.Errorf("record %d: Location() = %q, want %q", i, r.Location(), want)
				}
			}

			// Row 1 and row 20 of benchmark_results, copied by hand from the fixture.
			wantFirst := sweep.Record{
				Test: &sweep.Test{Phase: "pp", Size: "64", Unit: "tokens/sec"},
				Case: &sweep.Case{Origin: &sweep.Origin{Task: "small_dyo78", Suite: "grid", Model: "alpha"}, Invocation: "case 1", Knobs: map[string]string{"dynamicOption": "7", "n_prompt": "64", "n_gen": "32",
					"backend": "CPU", "threads": "uses_default", "precision": "uses_default"}, Params: `{"dynamicOption": 7, "n_prompt": 64, "n_gen": 32}`, Time: "2025-01-01 00:00:30"},

				Mean: 99.99, Std: 0.06, Reps: 3,
				Where: "benchmark_results id ", At: 1,
			}
			if diff := cmp.Diff(wantFirst, tasks[0].Records[0]); diff != "" {
				t.Errorf("first record (-want +got):\n%s", diff)
			}
			wantRow20 := sweep.Record{
				Test: &sweep.Test{Phase: "tg", Size: "64", Unit: "tokens/sec"},
				Case: &sweep.Case{Origin: &sweep.Origin{Task: "small_dyo78", Suite: "grid", Model: "bad|name/../x=1 *b*"}, Invocation: "case 10", Knobs: map[string]string{"dynamicOption": "7", "n_prompt": "64", "n_gen": "64",
					"backend": "CPU", "threads": "uses_default", "precision": "uses_default"}, Params: `{"dynamicOption": 7, "n_prompt": 64, "n_gen": 64}`, Time: "2025-01-01 00:05:00"},

				Mean: 19.53, Std: 0.05, Reps: 3,
				Where: "benchmark_results id ", At: 20,
			}
			if diff := cmp.Diff(wantRow20, tasks[0].Records[19]); diff != "" {
				t.Errorf("record id 20 (-want +got):\n%s", diff)
			}
			if got := tasks[1].Records[0].Knobs; got["mmap"] != "0" || got["dynamicOption"] != "" {
				t.Errorf("task 2 record 1 knobs = %v, want mmap=0 and no dynamicOption", got)
			}
		})
	}
}

// minimalSchema has exactly the tables and columns mnndb requires, without
// NOT NULL constraints, so that tests can store NULLs.
const minimalSchema = `
CREATE TABLE tasks (id INTEGER PRIMARY KEY, name TEXT, description TEXT, original_yaml TEXT);
CREATE TABLE suites (id INTEGER PRIMARY KEY, task_id INTEGER, name TEXT, model_name TEXT);
CREATE TABLE case_definitions (id INTEGER PRIMARY KEY, suite_id INTEGER, name TEXT,
	base_parameters TEXT, backend TEXT, threads INTEGER, precision TEXT);
CREATE TABLE benchmark_results (id INTEGER PRIMARY KEY, case_id INTEGER, result_type TEXT,
	result_parameter TEXT, mean_value REAL, std_value REAL, unit TEXT, created_at TIMESTAMP);
`

// oneTask returns the rows of one task with one suite and the given cases;
// each case gets one pp result whose id is the case id.
func oneTask(yaml string, cases ...string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO tasks VALUES (1, 'task', NULL, " + yaml + ");\n")
	b.WriteString("INSERT INTO suites VALUES (1, 1, 's', 'm');\n")
	for _, c := range cases {
		b.WriteString("INSERT INTO case_definitions VALUES " + c + ";\n")
	}
	b.WriteString(`INSERT INTO benchmark_results SELECT id, id, 'pp', '64', 10.5, 0.5, 'tokens/sec', '2025-01-01 00:00:30' FROM case_definitions;`)
	return b.String()
}

func TestTasksKnobs(t *testing.T) {
	text := minimalSchema + oneTask("''",
		// JSON wins over the columns; columns fill in what JSON lacks.
		`(1, 1, 'c1', '{"threads": 8, "backend": "OpenCL"}', 'CPU', 4, 'low')`,
		// NULL and empty columns add nothing.
		`(2, 1, 'c2', '{}', '', NULL, NULL)`,
		// JSON value kinds.
		`(3, 1, 'c3', '{"i": 7, "f": 7.0, "e": 1e3, "neg": -0.50, "s0": "0", "s": "x y", "t": true, "fa": false, "nul": null, "o": {"b": [1, 2.0], "a": 1}, "arr": [ 1, "two" ]}', NULL, NULL, NULL)`,
		// A numeric column, text in a numeric column.
		`(4, 1, 'c4', '{"precision": 0}', 'CPU', 16, 'high')`,
	)
	db, err := mnndb.FromSQL("knobs.db", text)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks := tasksOf(t, db)
	if len(tasks) != 1 || len(tasks[0].Records) != 4 {
		t.Fatalf("got %d tasks, want 1 with 4 records", len(tasks))
	}
	want := []map[string]string{
		{"threads": "8", "backend": "OpenCL", "precision": "low"},
		{},
		{"i": "7", "f": "7.0", "e": "1e3", "neg": "-0.50", "s0": "0", "s": "x y", "t": "true", "fa": "false",
			"nul": "", "o": `{"a":1,"b":[1,2.0]}`, "arr": `[1,"two"]`},
		{"precision": "0", "backend": "CPU", "threads": "16"},
	}
	for i, r := range tasks[0].Records {
		if diff := cmp.Diff(want[i], r.Knobs); diff != "" {
			t.Errorf("case %d knobs (-want +got):\n%s", i+1, diff)
		}
	}
}

// Nested values are compact JSON of the original text: characters such as
// '<' and '&' stay as they are (they appear in reports and benchmark names).
func TestTasksKnobsNestedText(t *testing.T) {
	text := minimalSchema + oneTask("''", `(1, 1, 'c1', '{"o": {"cmd": "a<b && c>d"}}', NULL, NULL, NULL)`)
	db, err := mnndb.FromSQL("nested.db", text)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := tasksOf(t, db)[0].Records[0].Knobs["o"]
	if want := `{"cmd":"a<b && c>d"}`; got != want {
		t.Errorf("knob o = %s, want %s", got, want)
	}
}

func TestTasksBadParams(t *testing.T) {
	for _, params := range []string{`{"dyn`, `[1, 2]`, `"text"`, `7`, ``, `null`, `{"a": 1} trailing`, `{"a": 1}{"b": 2}`} {
		t.Run(params, func(t *testing.T) {
			text := minimalSchema + oneTask("''", `(5, 1, 'c5', '`+params+`', NULL, NULL, NULL)`)
			db, err := mnndb.FromSQL("params.db", text)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			tasks, err := db.Tasks()
			if err == nil {
				t.Fatalf("Tasks succeeded with base_parameters %q: knobs %v", params, tasks[0].Records[0].Knobs)
			}
			if want := "params.db: case_definitions id 5: base_parameters: not a JSON object"; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %q, want prefix %q", err, want)
			}
		})
	}
}

func TestTasksReps(t *testing.T) {
	tests := []struct {
		yaml string
		want int
	}{
		{"'global_config:\n  repeat: 3\n'", 3},
		{"'{\"global_config\": {\n  \"repeat\": 5\n}}'", 5},
		{"'repeat: 12'", 12},
		{"'global_config:\n  threads: 4\n'", 0},
		{"''", 0},
		{"NULL", 0},
	}
	for _, tt := range tests {
		text := minimalSchema + oneTask(tt.yaml, `(1, 1, 'c1', '{}', NULL, NULL, NULL)`)
		db, err := mnndb.FromSQL("reps.db", text)
		if err != nil {
			t.Fatal(err)
		}
		got := int(tasksOf(t, db)[0].Records[0].Reps)
		db.Close()
		if got != tt.want {
			t.Errorf("original_yaml %s: Reps = %d, want %d", tt.yaml, got, tt.want)
		}
	}
}

// NULLs in the text columns read as "", and the stored text of created_at
// is kept (not a time.Time formatted as RFC 3339).
func TestTasksNullText(t *testing.T) {
	text := minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (2, 1, 'pp', '64', 30, 1.5, 'tokens/sec', '2025-01-01 00:00:30');
`
	for _, src := range []string{"FromSQL", "Open"} {
		t.Run(src, func(t *testing.T) {
			db := openText(t, src, "nulls.db", text)
			defer db.Close()
			rs := tasksOf(t, db)[0].Records
			if len(rs) != 2 {
				t.Fatalf("%d records, want 2", len(rs))
			}
			if rs[0].Mean != 12.25 || rs[0].Std != 0.5 || rs[0].Unit != "" || rs[0].Time != "" {
				t.Errorf("record 1: mean %v std %v unit %q time %q; want 12.25 0.5 \"\" \"\"", rs[0].Mean, rs[0].Std, rs[0].Unit, rs[0].Time)
			}
			if rs[1].Time != "2025-01-01 00:00:30" || rs[1].Mean != 30 {
				t.Errorf("record 2: Time = %q, mean %v; want %q, 30", rs[1].Time, rs[1].Mean, "2025-01-01 00:00:30")
			}
		})
	}
}

func openText(t *testing.T, src, name, text string) *mnndb.DB {
	t.Helper()
	var db *mnndb.DB
	var err error
	if src == "FromSQL" {
		db, err = mnndb.FromSQL(name, text)
	} else {
		db, err = mnndb.Open(makeDB(t, name, text))
	}
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// A NULL or a text that is no number in mean_value or std_value is an
// error naming the row and the column (it used to be "std is NaN", or the
// driver's "Scan error on column index 11" naming no row).
func TestTasksBadNumbers(t *testing.T) {
	for _, tt := range []struct{ mean, std, want string }{
		{"NULL", "1", "bad.db: benchmark_results id 7: mean_value is NULL"},
		{"12.5", "NULL", "bad.db: benchmark_results id 7: std_value is NULL"},
		{"'fast'", "1", `bad.db: benchmark_results id 7: mean_value "fast" is not a number`},
		{"12.5", "x'00ff'", `bad.db: benchmark_results id 7: std_value "\x00\xff" is not a number`},
		{"'12.5'", "'0.25'", ""}, // numeric text in a column without REAL affinity reads as the number
	} {
		text := strings.ReplaceAll(minimalSchema, "mean_value REAL, std_value REAL", "mean_value, std_value") + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', 'm');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"o": 1}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (7, 1, 'tg', '32', ` + tt.mean + `, ` + tt.std + `, NULL, NULL);
`
		for _, src := range []string{"FromSQL", "Open"} {
			db := openText(t, src, "bad.db", text)
			tasks, err := db.Tasks()
			db.Close()
			if tt.want == "" {
				if err != nil || tasks[0].Records[0].Mean != 12.5 || tasks[0].Records[0].Std != 0.25 {
					t.Errorf("%s: mean %s std %s: error %v", src, tt.mean, tt.std, err)
				}
				continue
			}
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) || strings.Count(err.Error(), "bad.db") != 1 {
				t.Errorf("%s: mean %s std %s: error %v, want one ending in %q", src, tt.mean, tt.std, err, tt.want)
			}
		}
	}
}

func TestTasksEmpty(t *testing.T) {
	db, err := mnndb.FromSQL("empty.db", minimalSchema)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if tasks := tasksOf(t, db); len(tasks) != 0 {
		t.Errorf("%d tasks in an empty database", len(tasks))
	}
}

func TestTasksMissingTask(t *testing.T) {
	text := minimalSchema + `
INSERT INTO tasks VALUES (1, 'task', NULL, NULL);
INSERT INTO suites VALUES (1, 7, 's', 'm');
INSERT INTO case_definitions VALUES (3, 1, 'c', '{}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 3, 'tg', '32', 12.25, 1, 'tokens/sec', NULL);
`
	db, err := mnndb.FromSQL("orphan.db", text)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Tasks()
	if err == nil || !strings.Contains(err.Error(), "orphan.db: suite of case 3 refers to missing task 7") {
		t.Errorf("Tasks() error = %v, want one naming case 3 and task 7", err)
	}
}

// Names longer than safename.MaxName are shortened as they are read, so
// that every output sees the short form; records with the same knobs share
// one map.
func TestTasksLongNames(t *testing.T) {
	long := strings.Repeat("qwen", 1<<18) // 1 MiB
	text := minimalSchema + `
INSERT INTO tasks VALUES (1, '` + long + `', NULL, NULL);
INSERT INTO suites VALUES (1, 1, 's', '` + long + `');
INSERT INTO case_definitions VALUES (1, 1, 'c', '{"opt": "` + long + `", "n": 1}', NULL, NULL, NULL);
INSERT INTO case_definitions VALUES (2, 1, 'd', '{"opt": "` + long + `", "n": 1}', NULL, NULL, NULL);
INSERT INTO benchmark_results VALUES (1, 1, 'tg', '32', 12.25, 0.5, NULL, NULL);
INSERT INTO benchmark_results VALUES (2, 2, 'tg', '32', 12.5, 0.5, NULL, NULL);
`
	db := openText(t, "Open", "long.db", text)
	defer db.Close()
	tasks := tasksOf(t, db)
	short := safename.Shorten(long)
	if tasks[0].Name != short {
		t.Errorf("task name is %d bytes, want the %d of Shorten", len(tasks[0].Name), len(short))
	}
	for i, r := range tasks[0].Records {
		if r.Model != short || r.Knobs["opt"] != short || r.Knobs["n"] != "1" || len(r.Params) > safename.MaxText {
			t.Errorf("record %d: model %d bytes, knob opt %d bytes, params %d bytes; want %d, %d, at most %d",
				i, len(r.Model), len(r.Knobs["opt"]), len(r.Params), len(short), len(short), safename.MaxText)
		}
	}
	r0, r1 := tasks[0].Records[0].Knobs, tasks[0].Records[1].Knobs
	r0["probe"] = "x"
	if r1["probe"] != "x" {
		t.Errorf("records with the same knobs do not share their map")
	}
}
