package mnndb_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/demo"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// The tests of ReadTasks and ReadChosen again, with every read of a
// file split in two: the same records and errors as Tasks' and
// TaskSummaries'.
func TestReadTasksAsTasksSplit(t *testing.T) {
	defer mnndb.SetSplit(1, nil)()
	before := mnndb.Splits()
	TestReadTasksAsTasks(t)
	if mnndb.Splits() == before {
		t.Error("no read was split")
	}
}

func TestReadChosenAsApartSplit(t *testing.T) {
	defer mnndb.SetSplit(1, nil)()
	before := mnndb.Splits()
	TestReadChosenAsApart(t)
	if mnndb.Splits() == before {
		t.Error("no read was split")
	}
}

// bigDB writes a big sweep of the demo (2 models, 4,096 results of 2,048
// cases) to a file, with the statements after it, and returns its path.
func bigDB(t *testing.T, statements ...string) string {
	t.Helper()
	var sb strings.Builder
	if err := demo.WriteBigSQL(&sb, demo.Big{Models: 2, Prompts: 32, Rounds: 1}); err != nil {
		t.Fatal(err)
	}
	return makeDB(t, "big.db", append([]string{sb.String()}, statements...)...)
}

// readBoth reads the tasks of the file at path whose ids are given
// (ReadTasks, then ReadChosen choosing them) with reads split from
// splitAt rows (and smaller ones direct) and on the driver alone; it
// fails unless they agree, and returns the split read's tasks and error
// and how many reads were split.
func readBoth(t *testing.T, path string, splitAt int64, ids ...int64) (tasks []*sweep.Task, err error, split int64) {
	t.Helper()
	tasks, err, split, _ = readAs(t, path, splitAt, ids...)
	return tasks, err, split
}

// readDirect is readBoth with no read split, every one direct (read
// whole on the peer's connection) where it can be; it returns how many
// reads were direct.
func readDirect(t *testing.T, path string, ids ...int64) (direct int64) {
	t.Helper()
	_, _, _, direct = readAs(t, path, 1<<40, ids...)
	return direct
}

func readAs(t *testing.T, path string, splitAt int64, ids ...int64) (tasks []*sweep.Task, err error, split, direct int64) {
	t.Helper()
	read := func() ([]*sweep.Task, []*sweep.Task, error, error) {
		db, err := mnndb.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		all, err := db.ReadTasks(ids)
		_, chosen, chosenErr := db.ReadChosen(func([]*sweep.Task) ([]int64, error) { return ids, nil })
		return all, chosen, err, chosenErr
	}
	restore := mnndb.SetDirect(false)
	want, wantChosen, wantErr, wantChosenErr := read()
	restore()
	restore = mnndb.SetSplit(splitAt, nil)
	before, beforeDirect := mnndb.Splits(), mnndb.Directs()
	got, gotChosen, gotErr, gotChosenErr := read()
	split, direct = mnndb.Splits()-before, mnndb.Directs()-beforeDirect
	restore()
	if errText(gotErr) != errText(wantErr) || errText(gotChosenErr) != errText(wantChosenErr) {
		t.Fatalf("split read's errors %v, %v; want %v, %v", gotErr, gotChosenErr, wantErr, wantChosenErr)
	}
	if diff := cmp.Diff(want, got, compareRecords); diff != "" {
		t.Fatalf("ReadTasks (-unsplit +split):\n%s", diff)
	}
	if diff := cmp.Diff(wantChosen, gotChosen, compareRecords); diff != "" {
		t.Fatalf("ReadChosen (-unsplit +split):\n%s", diff)
	}
	return got, gotErr, split, direct
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A database big enough to split: the same records, in the same order,
// records of one knob set sharing one map whichever half read them.
func TestSplitBig(t *testing.T) {
	tasks, err, split := readBoth(t, bigDB(t), 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	if split != 4 { // the cases and the results of each read
		t.Errorf("%d reads split, want 4", split)
	}
	if n := len(tasks[0].Records); n != 4096 {
		t.Fatalf("%d records, want 4096", n)
	}
	maps := map[string]map[string]string{}
	cases := map[string]*sweep.Case{}
	for i := range tasks[0].Records {
		r := &tasks[0].Records[i]
		if m, ok := maps[r.Params]; ok && !sameMap(m, r.Knobs) {
			t.Fatalf("records of knobs %s hold different maps", r.Params)
		}
		maps[r.Params] = r.Knobs
		// The pp and tg records of a case share its sweep.Case, also
		// when the halves split them (the middle falls between them).
		if c, ok := cases[r.Invocation]; ok && c != r.Case {
			t.Fatalf("records of %s hold different cases", r.Invocation)
		}
		cases[r.Invocation] = r.Case
	}
	if len(cases) != 2048 {
		t.Errorf("%d cases, want 2048", len(cases))
	}
	// Results of no case in both halves are skipped (the upper half is
	// then moved down).
	orphans := `DELETE FROM case_definitions WHERE id IN (3, 1500)`
	if _, err, split = readBoth(t, bigDB(t, orphans), 100, 1); err != nil || split == 0 {
		t.Errorf("results of no case: error %v, %d reads split", err, split)
	}
	// A second task's cases and results interleave: read alone, the
	// other alone, and both.
	path := bigDB(t, orphans,
		`INSERT INTO tasks (id, name, original_yaml) VALUES (2, 'other', '')`,
		`INSERT INTO suites (id, task_id, name, model_name, model_path) VALUES (100, 2, 's', 'm', '')`,
		`UPDATE case_definitions SET suite_id = 100 WHERE id % 7 = 0`)
	for _, ids := range [][]int64{{1}, {2}, {1, 2}} {
		if _, err, split = readBoth(t, path, 100, ids...); err != nil || split == 0 {
			t.Errorf("tasks %v: error %v, %d reads split", ids, err, split)
		}
	}
}

// A value that the joined read cannot take apart, or a bad number, late
// in the results or cases: the read is done again on one connection,
// with its records or its error.
func TestSplitUnusualLate(t *testing.T) {
	for _, stmt := range []string{
		`UPDATE benchmark_results SET result_parameter = 'a' || char(0) || 'b' WHERE id = 4000`,
		`UPDATE case_definitions SET backend = 'C' || char(0) || 'PU' WHERE id = 2000`,
		`UPDATE benchmark_results SET mean_value = 'fast' WHERE id = 4000`,
		`UPDATE case_definitions SET base_parameters = '[1]' WHERE id = 2000`,
	} {
		t.Run(stmt, func(t *testing.T) {
			readBoth(t, bigDB(t, stmt), 100, 1)
		})
	}
}

// The halves read their columns as the driver does not (sqlread): values
// of every type in every column, late in the results or cases, read
// split give what a read on one connection gives, records or error.
// Those that the halves take as they are (NULLs, integers in text
// columns, long names, a case id that is no integer) split the read. The
// same, read direct (whole on the peer's connection).
func TestSplitValuesAsDriver(t *testing.T) {
	long := `replace(hex(zeroblob(300)), '0', 'p')` // 600 characters
	for _, tc := range []struct {
		stmt  string
		split bool
	}{
		{`UPDATE case_definitions SET backend = NULL, precision = NULL WHERE id = 2000`, true},
		{`UPDATE case_definitions SET precision = 8, backend = ` + long + ` WHERE id = 2000`, true},
		{`UPDATE case_definitions SET backend = 'C' || char(0) || 'PU' WHERE id = 2000`, true},
		{`UPDATE benchmark_results SET result_type = 7, unit = NULL, created_at = 12 WHERE id = 4000`, true},
		{`UPDATE benchmark_results SET result_parameter = ` + long + `, created_at = NULL WHERE id = 4000`, true},
		{`UPDATE benchmark_results SET case_id = 'x' WHERE id = 4000`, true},
		{`UPDATE benchmark_results SET mean_value = 3, std_value = -0.0 WHERE id = 4000`, true},
		{`UPDATE case_definitions SET threads = 4.5 WHERE id = 2000`, false},
		{`UPDATE case_definitions SET precision = x'6c6f77' WHERE id = 2000`, false},
		{`UPDATE case_definitions SET suite_id = 'one' WHERE id = 2000`, false},
		{`UPDATE benchmark_results SET std_value = NULL WHERE id = 4000`, false},
		{`UPDATE benchmark_results SET mean_value = x'31' WHERE id = 4000`, false},
		{`UPDATE benchmark_results SET result_parameter = 2.5 WHERE id = 4000`, false},
		{`UPDATE benchmark_results SET unit = x'6d73' WHERE id = 4000`, false},
	} {
		t.Run(tc.stmt, func(t *testing.T) {
			path := bigDB(t, tc.stmt)
			_, _, split := readBoth(t, path, 100, 1)
			if tc.split && split != 4 {
				t.Errorf("%d reads split, want 4", split)
			}
			if direct := readDirect(t, path, 1); tc.split && direct != 4 {
				t.Errorf("%d reads direct, want 4", direct)
			}
		})
	}
}

// Writes committed between the snapshot of the first connection and the
// second one's: the records are those of the first snapshot, read on
// one connection; so too when the read would be direct.
func TestSplitSnapshot(t *testing.T) {
	for _, stmt := range []string{
		// rows appended to the same task
		`INSERT INTO benchmark_results (case_id, result_type, result_parameter, mean_value, std_value, unit, created_at)
			SELECT case_id, result_type, result_parameter || 'x', mean_value + 1, std_value, unit, created_at FROM benchmark_results WHERE id > 4000`,
		// a value changed in the upper half
		`UPDATE benchmark_results SET mean_value = 1 WHERE id = 4000`,
		// knobs changed in the upper half
		`UPDATE case_definitions SET base_parameters = '{"changed": 1}' WHERE id = 2000`,
	} {
		for _, splitAt := range []int64{100, 1 << 40} {
			t.Run(fmt.Sprint(stmt, splitAt), func(t *testing.T) { readDuringWrite(t, stmt, splitAt) })
		}
	}
}

// readDuringWrite reads task 1 with reads split from splitAt rows while
// stmt commits, after the first connection's snapshot.
func readDuringWrite(t *testing.T, stmt string, splitAt int64) {
	t.Helper()
	path := bigDB(t, `PRAGMA journal_mode = WAL`)
	db, err := mnndb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want, err := db.ReadTasks([]int64{1})
	if err != nil {
		t.Fatal(err)
	}
	wrote := false
	defer mnndb.SetSplit(splitAt, func() {
		if !wrote {
			wrote = true
			write(t, path, stmt)
		}
	})()
	got, err := db.ReadTasks([]int64{1})
	if err != nil {
		t.Fatal(err)
	}
	if !wrote {
		t.Fatal("the read was neither split nor direct")
	}
	if diff := cmp.Diff(want, got, compareRecords); diff != "" {
		t.Fatalf("read while a writer committed (-before +during):\n%s", diff)
	}
	after, err := db.ReadTasks([]int64{1})
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(want, after, compareRecords) {
		t.Fatal("the write changed no record")
	}
}

// write runs stmt on the database file at path, on a connection of its own.
func write(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}
