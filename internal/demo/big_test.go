package demo

import (
	"bytes"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func TestBigResults(t *testing.T) {
	for _, tt := range []struct {
		b    Big
		want int
	}{
		{Big{}, 131072},
		{Big{Models: 32}, 1048576},
		{Big{Models: 1000, Prompts: 8, Gens: 4, Rounds: 1}, 128000},
	} {
		if got := tt.b.Results(); got != tt.want {
			t.Errorf("%+v.Results() = %d, want %d", tt.b, got, tt.want)
		}
	}
}

// A small big sweep loads into SQLite with the shape it promises: every
// case once per value and round, a pp and a tg result each, suites named
// with dyo78 for the old script, the same text on every call.
func TestWriteBigSQL(t *testing.T) {
	shape := Big{Models: 3, Prompts: 2, Gens: 3, Rounds: 2}
	var a, b bytes.Buffer
	if err := WriteBigSQL(&a, shape); err != nil {
		t.Fatal(err)
	}
	if err := WriteBigSQL(&b, shape); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("WriteBigSQL is not deterministic")
	}
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "big.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(a.String()); err != nil {
		t.Fatalf("loading WriteBigSQL's text: %v", err)
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM benchmark_results`); n != shape.Results() {
		t.Errorf("%d results, want %d", n, shape.Results())
	}
	if n := count(`SELECT count(*) FROM case_definitions`); n != shape.Results()/2 {
		t.Errorf("%d cases, want %d", n, shape.Results()/2)
	}
	if n := count(`SELECT count(*) FROM case_variable_values`); n != 3*shape.Results()/2 {
		t.Errorf("%d case variables, want %d", n, 3*shape.Results()/2)
	}
	if n := count(`SELECT count(*) FROM suites WHERE name LIKE '%dyo78%'`); n != shape.Models {
		t.Errorf("%d suites named with dyo78, want %d", n, shape.Models)
	}
	if n := count(`SELECT count(*) FROM tasks`); n != 1 {
		t.Errorf("%d tasks, want 1", n)
	}
	// Every model × n_prompt × n_gen × value ran once per round.
	if n := count(`SELECT count(*) FROM (SELECT s.model_name, c.base_parameters, count(*) AS k
		FROM case_definitions c JOIN suites s ON s.id = c.suite_id GROUP BY 1, 2) WHERE k = 2`); n != shape.Results()/2/shape.Rounds {
		t.Errorf("%d model × knob sets run twice, want %d", n, shape.Results()/2/shape.Rounds)
	}
	if n := count(`SELECT count(*) FROM benchmark_results WHERE mean_value <= 0 OR std_value < 0`); n != 0 {
		t.Errorf("%d results with a non-positive mean or a negative std", n)
	}
	var yaml string
	if err := db.QueryRow(`SELECT original_yaml FROM tasks`).Scan(&yaml); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(yaml, `"repeat": 3`) {
		t.Errorf("sweep definition has no repeat count:\n%s", yaml)
	}
}
