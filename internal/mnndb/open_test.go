package mnndb_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/mnndb"
)

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	text := write("notes.txt", "these are notes, not a database\n")
	empty := write("empty.db", "")
	sub := filepath.Join(dir, "sub.db")
	if err := os.Mkdir(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	foreign := makeDB(t, "foreign.db", "CREATE TABLE invoices (id INTEGER, amount REAL); INSERT INTO invoices VALUES (1, 9.5);")
	nocol := makeDB(t, "nocol.db", readSmall(t),
		"ALTER TABLE benchmark_results DROP COLUMN std_value",
		"ALTER TABLE benchmark_results DROP COLUMN unit")
	notasks := makeDB(t, "notasks.db", readSmall(t), "DROP TABLE tasks")

	tests := []struct {
		name, path string
		want       string // the whole error message
		is         error
	}{
		{"missing", filepath.Join(dir, "missing.db"), "opening results database: stat " + filepath.Join(dir, "missing.db") + ": no such file or directory", fs.ErrNotExist},
		{"directory", sub, "opening results database: " + sub + " is a directory", nil},
		{"text", text, text + ": not a SQLite database", nil},
		{"empty", empty, empty + `: not an mnn_anal results database: no table "tasks"`, nil},
		{"foreign", foreign, foreign + `: not an mnn_anal results database: no table "tasks"`, nil},
		{"no tasks table", notasks, notasks + `: not an mnn_anal results database: no table "tasks"`, nil},
		{"missing columns", nocol, nocol + ": table benchmark_results lacks column(s) std_value, unit", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before []byte
			if st, err := os.Stat(tt.path); err == nil && !st.IsDir() {
				before, _ = os.ReadFile(tt.path)
			}
			db, err := mnndb.Open(tt.path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if before != nil {
				after, err := os.ReadFile(tt.path)
				if err != nil || !bytes.Equal(before, after) {
					t.Errorf("Open changed %s (%d bytes before, %d after, err %v)", tt.name, len(before), len(after), err)
				}
			}
		})
	}
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// readAll opens path, reads every task and closes it.
func readAll(t *testing.T, path string) int {
	t.Helper()
	db, err := mnndb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tk := range tasks {
		n += len(tk.Records)
	}
	return n
}

// Open and Tasks never write the database file nor leave a journal, WAL or
// shared-memory file beside it, whatever the journal mode.
func TestOpenDoesNotModify(t *testing.T) {
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			path := makeDB(t, "benchmark_results.db", "PRAGMA journal_mode="+mode, readSmall(t))
			dir := filepath.Dir(path)
			// The builder's last connection has checkpointed and removed any
			// -wal and -shm files.
			if diff := cmp.Diff([]string{"benchmark_results.db"}, dirNames(t, dir)); diff != "" {
				t.Fatalf("before Open, the directory holds (-want +got):\n%s", diff)
			}
			checkJournalMode(t, path, mode)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			stBefore, _ := os.Stat(path)

			if n := readAll(t, path); n != 40 {
				t.Errorf("read %d records, want 40", n)
			}

			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("Open+Tasks changed the database file")
			}
			if stAfter, _ := os.Stat(path); !stAfter.ModTime().Equal(stBefore.ModTime()) {
				t.Errorf("Open+Tasks changed the file's modification time")
			}
			if diff := cmp.Diff([]string{"benchmark_results.db"}, dirNames(t, dir)); diff != "" {
				t.Errorf("after Open, Tasks and Close, the directory holds (-want +got):\n%s", diff)
			}
		})
	}
}

func checkJournalMode(t *testing.T, path, want string) {
	t.Helper()
	// Read the mode from the header, not through SQLite: bytes 18 and 19
	// are 2 for WAL, 1 for the rollback journal.
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 20 {
		t.Fatalf("reading header of %s: %v", path, err)
	}
	wal := b[18] == 2 && b[19] == 2
	if wal != (want == "wal") {
		t.Fatalf("%s: header bytes 18,19 = %d,%d; want journal mode %s", path, b[18], b[19], want)
	}
}

// Paths holding characters that mean something in a URI still name the file.
func TestOpenOddPaths(t *testing.T) {
	for _, name := range []string{"a b.db", "we#ird.db", "q?mode=rw.db", "pct%20.db", "ümlaut 数据.db"} {
		t.Run(name, func(t *testing.T) {
			path := makeDB(t, name, readSmall(t))
			if n := readAll(t, path); n != 40 {
				t.Errorf("read %d records, want 40", n)
			}
			if diff := cmp.Diff([]string{name}, dirNames(t, filepath.Dir(path))); diff != "" {
				t.Errorf("directory after Open (-want +got):\n%s", diff)
			}
		})
	}
}

// Open takes a relative path, and Name reports it as given.
func TestOpenRelative(t *testing.T) {
	path := makeDB(t, "rel.db", readSmall(t))
	t.Chdir(filepath.Dir(path))
	db, err := mnndb.Open("rel.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Name() != "rel.db" {
		t.Errorf("Name() = %q, want rel.db", db.Name())
	}
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	// Location names the row; callers add the database's name (Name).
	if w := tasks[0].Records[0].Location(); !strings.HasPrefix(w, "benchmark_results id ") || w == "benchmark_results id " {
		t.Errorf("Location() = %q, want benchmark_results id N", w)
	}
}

func TestFromSQLErrors(t *testing.T) {
	if _, err := mnndb.FromSQL("bad.sql", "CREATE TABLE x ("); err == nil || !strings.HasPrefix(err.Error(), "loading database bad.sql: ") {
		t.Errorf("FromSQL(bad SQL) error = %v, want prefix %q", err, "loading database bad.sql: ")
	}
	if _, err := mnndb.FromSQL("foreign", "CREATE TABLE invoices (id INTEGER);"); err == nil || err.Error() != `foreign: not an mnn_anal results database: no table "tasks"` {
		t.Errorf("FromSQL(foreign schema) error = %v", err)
	}
}
