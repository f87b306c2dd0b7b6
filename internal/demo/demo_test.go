package demo

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// load builds the demo database in a fresh file under t.TempDir.
func load(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(SQL()); err != nil {
		t.Fatalf("loading SQL(): %v", err)
	}
	return db
}

// queryInt runs a query that returns one integer.
func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestCounts(t *testing.T) {
	db := load(t)
	tests := []struct {
		id                      int
		name, option            string
		values                  string
		prompts, gens           int
		minPrompt, maxPrompt    int
		cases                   int
		suites, resultsPerPhase int
	}{
		{1, "demo_dyo78_synthetic", "dynamicOption", "7,8", 16, 4, 64, 1024, 256, 2, 256},
		{2, "demo_mmap_aa_synthetic", "mmap", "0,1", 3, 2, 128, 512, 24, 2, 24},
	}
	const inTask = `JOIN case_definitions c ON c.id = x.case_id JOIN suites s ON s.id = c.suite_id WHERE s.task_id = ?`
	for _, tt := range tests {
		var name string
		if err := db.QueryRow(`SELECT name FROM tasks WHERE id = ?`, tt.id).Scan(&name); err != nil || name != tt.name {
			t.Errorf("task %d: name %q (err %v), want %q", tt.id, name, err, tt.name)
		}
		if n := queryInt(t, db, `SELECT count(*) FROM suites WHERE task_id = ?`, tt.id); n != tt.suites {
			t.Errorf("task %d: %d suites, want %d", tt.id, n, tt.suites)
		}
		if n := queryInt(t, db, `SELECT count(*) FROM case_definitions c JOIN suites s ON s.id = c.suite_id WHERE s.task_id = ?`, tt.id); n != tt.cases {
			t.Errorf("task %d: %d cases, want %d", tt.id, n, tt.cases)
		}
		for _, phase := range []string{"pp", "tg"} {
			n := queryInt(t, db, `SELECT count(*) FROM benchmark_results x `+inTask+` AND x.result_type = ?`, tt.id, phase)
			if n != tt.resultsPerPhase {
				t.Errorf("task %d: %d %s results, want %d", tt.id, n, phase, tt.resultsPerPhase)
			}
		}
		var values string
		err := db.QueryRow(`SELECT group_concat(v, ',') FROM (SELECT DISTINCT x.variable_value v FROM case_variable_values x `+
			inTask+` AND x.variable_name = ? ORDER BY 1)`, tt.id, tt.option).Scan(&values)
		if err != nil || values != tt.values {
			t.Errorf("task %d: %s values %q (err %v), want %q", tt.id, tt.option, values, err, tt.values)
		}
		var np, ng, lo, hi int
		err = db.QueryRow(`SELECT count(DISTINCT CASE WHEN x.result_type = 'pp' THEN x.result_parameter END),
			count(DISTINCT CASE WHEN x.result_type = 'tg' THEN x.result_parameter END),
			min(CASE WHEN x.result_type = 'pp' THEN CAST(x.result_parameter AS INTEGER) END),
			max(CASE WHEN x.result_type = 'pp' THEN CAST(x.result_parameter AS INTEGER) END)
			FROM benchmark_results x `+inTask, tt.id).Scan(&np, &ng, &lo, &hi)
		if err != nil || np != tt.prompts || ng != tt.gens || lo != tt.minPrompt || hi != tt.maxPrompt {
			t.Errorf("task %d: grid %d×%d over n_prompt %d..%d (err %v), want %d×%d over %d..%d",
				tt.id, np, ng, lo, hi, err, tt.prompts, tt.gens, tt.minPrompt, tt.maxPrompt)
		}
	}
	// Every case: one grid point per (model, value, n_prompt, n_gen), three
	// variables, a pp row at its n_prompt and a tg row at its n_gen, and
	// base_parameters that spell the same knobs.
	bad := queryInt(t, db, `SELECT count(*) FROM case_definitions c
		JOIN suites s ON s.id = c.suite_id JOIN tasks k ON k.id = s.task_id
		JOIN case_variable_values o ON o.case_id = c.id AND o.variable_name IN ('dynamicOption', 'mmap')
		JOIN case_variable_values p ON p.case_id = c.id AND p.variable_name = 'n_prompt'
		JOIN case_variable_values g ON g.case_id = c.id AND g.variable_name = 'n_gen'
		WHERE c.base_parameters != '{"' || o.variable_name || '": ' || o.variable_value ||
			', "n_prompt": ' || p.variable_value || ', "n_gen": ' || g.variable_value || '}'
		OR (SELECT count(*) FROM case_variable_values v WHERE v.case_id = c.id) != 3
		OR (SELECT group_concat(t, ' ') FROM (SELECT r.result_type || r.result_parameter t FROM benchmark_results r WHERE r.case_id = c.id ORDER BY r.id))
			!= 'pp' || p.variable_value || ' tg' || g.variable_value
		OR c.backend != 'CPU' OR c.threads != 'uses_default' OR c.precision != 'uses_default'`)
	if bad != 0 {
		t.Errorf("%d cases with inconsistent parameters, variables or results", bad)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM (SELECT 1 FROM case_definitions GROUP BY suite_id, base_parameters HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d grid points run more than once in a suite", n)
	}
}

func TestDeterministic(t *testing.T) {
	if a, b := SQL(), SQL(); a != b {
		t.Fatal("SQL() returned different text on two calls")
	}
	if n := len(SQL()); n > 1<<20 {
		t.Errorf("SQL() is %d bytes, want at most 1 MiB", n)
	}
}

func TestFixtureUpToDate(t *testing.T) {
	const path = "../../fixtures/demo/benchmark_results.sql"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the demo fixture: %v", err)
	}
	got, want := string(b), SQL()
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(gl) && i < len(wl); i++ {
		if gl[i] != wl[i] {
			t.Errorf("%s:%d differs from SQL():\n got: %s\nwant: %s", path, i+1, gl[i], wl[i])
			break
		}
	}
	t.Fatalf("%s is out of date; regenerate it from the module root with\n\tgo run ./internal/demo/gendemo -o fixtures/demo/benchmark_results.sql", path)
}

func TestSweepDefinition(t *testing.T) {
	db := load(t)
	rows, err := db.Query(`SELECT id, name, description, original_yaml FROM tasks ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	wantOption := map[int]string{1: "dynamicOption", 2: "mmap"}
	for rows.Next() {
		var id int
		var name, desc, def string
		if err := rows.Scan(&id, &name, &desc, &def); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"合成演示数据", "Synthetic demo data", "not real measurements"} {
			if !strings.Contains(desc, s) {
				t.Errorf("task %d: description %q does not say %q", id, desc, s)
			}
		}
		var sweep struct {
			TaskName     string `json:"task_name"`
			GlobalConfig struct {
				Models []string `json:"models"`
			} `json:"global_config"`
			Suits []struct {
				Variables []struct {
					Name   string `json:"name"`
					Values []int  `json:"values"`
				} `json:"variables"`
			} `json:"benchmark_suits"`
		}
		if err := json.Unmarshal([]byte(def), &sweep); err != nil {
			t.Fatalf("task %d: original_yaml: %v", id, err)
		}
		if sweep.TaskName != name || len(sweep.Suits) != 1 || len(sweep.Suits[0].Variables) != 3 ||
			sweep.Suits[0].Variables[0].Name != wantOption[id] || len(sweep.Suits[0].Variables[0].Values) != 2 {
			t.Errorf("task %d: unexpected sweep definition:\n%s", id, def)
		}
		if got := strings.Join(sweep.GlobalConfig.Models, ","); got != "demo_qwen_0_5b,demo_smol_256m" {
			t.Errorf("task %d: models %q", id, got)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestQuote(t *testing.T) {
	db := load(t)
	for _, s := range []string{"", "plain", "it's", "''", "a'); DROP TABLE tasks; --", "多行\n文本 'x'"} {
		var got string
		if err := db.QueryRow(`SELECT ` + quote(s)).Scan(&got); err != nil || got != s {
			t.Errorf("SELECT %s = %q (err %v), want %q", quote(s), got, err, s)
		}
	}
	if n := queryInt(t, db, `SELECT count(*) FROM tasks`); n != 2 {
		t.Errorf("%d tasks after quoting, want 2", n)
	}
}
