package compare

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// List, which reads cases and counts results without reading them, says
// what reading every record says: tasks, result counts, models, knobs and
// their values; on the demo, the small fixture and the reference database.
func TestListMatchesRecords(t *testing.T) {
	small := filepath.Join(t.TempDir(), "small.db")
	text, err := os.ReadFile("../fixtures/small/benchmark_results.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", small)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(text)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	paths := []string{"", small}
	if _, err := os.Stat(sharedDir + "benchmark_results.db"); err == nil {
		paths = append(paths, sharedDir+"benchmark_results.db")
	} else {
		t.Logf("reference database not found (it lives in ../shared beside the checkout): checking the demo and the fixture only")
	}
	for _, p := range paths {
		got, err := List(p)
		if err != nil {
			t.Fatal(err)
		}
		tasks, _, _, err := load(p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(taskInfos(tasks, nil), got); diff != "" {
			t.Errorf("List(%q) (-from records +List):\n%s", p, diff)
		}
	}
}
