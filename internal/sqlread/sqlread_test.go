package sqlread_test

import (
	"database/sql"
	"errors"
	"math"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sqlread"
	_ "modernc.org/sqlite"
)

// file writes a database with the statements (through the driver) and
// returns its read-only URI.
func file(t *testing.T, statements ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range statements {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "mode=ro&_pragma=busy_timeout(0)"}).String()
}

func open(t *testing.T, uri string) *sqlread.Conn {
	t.Helper()
	c, err := sqlread.Open(uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Every type of value reads as the driver gives it, column by column, and
// a parameter binds.
func TestValues(t *testing.T) {
	uri := file(t, `CREATE TABLE v (id INTEGER PRIMARY KEY, x)`,
		`INSERT INTO v VALUES (1, 'text'), (2, -7), (3, 2.5), (4, x'00ff'), (5, NULL), (6, 'a'||char(0)||'b'), (7, 9223372036854775807)`)
	c := open(t, uri)
	rows, err := c.Query(`SELECT id, x, typeof(x) FROM v WHERE id >= ? ORDER BY id`, 2)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		typ  int
		text string
		i    int64
		f    float64
	}
	want := []row{
		{sqlread.Integer, "-7", -7, -7},
		{sqlread.Float, "2.5", 2, 2.5},
		{sqlread.Blob, "\x00\xff", 0, 0},
		{sqlread.Null, "", 0, 0},
		{sqlread.Text, "a\x00b", 0, 0},
		{sqlread.Integer, "9223372036854775807", math.MaxInt64, 9223372036854775807},
	}
	if n := rows.Columns(); n != 3 {
		t.Errorf("Columns() = %d, want 3", n)
	}
	var got []row
	for rows.Next() {
		if rows.Type(0) != sqlread.Integer {
			t.Fatalf("id of type %d", rows.Type(0))
		}
		got = append(got, row{rows.Type(1), strings.Clone(rows.Transient(1)), rows.Int64(1), rows.Float64(1)})
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if n := rows.Columns(); n != 0 {
		t.Errorf("Columns() of closed rows = %d, want 0", n)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A copy of Transient's text outlives the row; Transient is SQLite's memory.
func TestStringIsACopy(t *testing.T) {
	c := open(t, file(t, `CREATE TABLE v (x)`, `INSERT INTO v VALUES ('first'), ('other')`))
	rows, err := c.Query(`SELECT x FROM v ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	rows.Next()
	kept := strings.Clone(rows.Transient(0))
	if rows.Transient(0) != "first" {
		t.Fatalf("Transient %q", rows.Transient(0))
	}
	rows.Next()
	rows.Close()
	if kept != "first" {
		t.Fatalf("kept %q, want first", kept)
	}
}

// Errors name SQLite's finding, the connection never writes, and one query
// is open at a time.
func TestErrors(t *testing.T) {
	if _, err := sqlread.Open("file:" + filepath.Join(t.TempDir(), "none.db") + "?mode=ro"); err == nil {
		t.Error("opened a missing file")
	} else if !strings.Contains(err.Error(), "unable to open") {
		t.Errorf("missing file: %v", err)
	}
	c := open(t, file(t, `CREATE TABLE v (x)`, `INSERT INTO v VALUES (1)`))
	if _, err := c.Query(`SELEC x FROM v`); err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("syntax: %v", err)
	}
	if err := c.Exec(`INSERT INTO v VALUES (2)`); err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("write: %v", err)
	}
	if _, err := c.Int64(`SELECT x FROM v WHERE x > 5`); err == nil || !strings.Contains(err.Error(), "no rows") {
		t.Errorf("no rows: %v", err)
	}
	if _, err := c.Query(`  `); err == nil {
		t.Error("a query of no statement")
	}
	rows, err := c.Query(`SELECT x FROM v`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Query(`SELECT x FROM v`); err == nil {
		t.Error("two queries open at once")
	}
	rows.Close()
	if n, err := c.Int64(`SELECT count(*) FROM v`); err != nil || n != 1 {
		t.Errorf("count %d, %v after Close", n, err)
	}
	if err := c.Exec(`BEGIN`); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil { // in a transaction, a query open
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

// A writer's exclusive lock: the read fails at once, as busy.
func TestBusy(t *testing.T) {
	uri := file(t, `CREATE TABLE v (x)`, `INSERT INTO v VALUES (1)`)
	u, _ := url.Parse(uri)
	w, err := sql.Open("sqlite", u.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	if _, err := w.Exec(`BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	defer w.Exec(`ROLLBACK`)
	c := open(t, uri)
	_, err = c.Int64(`SELECT count(*) FROM v`)
	var e *sqlread.Error
	if !errors.As(err, &e) || e.Code&0xff != 5 { // SQLITE_BUSY
		t.Fatalf("read under an exclusive lock: %v, want busy", err)
	}
}
