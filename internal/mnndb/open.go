package mnndb

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// A DB is an open results database. Its methods are safe for one goroutine.
type DB struct {
	db   *sql.DB
	name string // for messages: the file name, or the name given to FromSQL
}

// required lists the tables and columns sweepstat reads.
var required = []struct {
	table   string
	columns []string
}{
	{"tasks", []string{"id", "name", "description", "original_yaml"}},
	{"suites", []string{"id", "task_id", "name", "model_name"}},
	{"case_definitions", []string{"id", "suite_id", "name", "base_parameters", "backend", "threads", "precision"}},
	{"benchmark_results", []string{"id", "case_id", "result_type", "result_parameter", "mean_value", "std_value", "unit", "created_at"}},
}

// Open opens the database file at path read-only and checks its schema.
// The file is never written.
func Open(path string) (*DB, error) {
	uri, err := ReadOnlyURI(path)
	if err != nil {
		return nil, fmt.Errorf("opening results database: %w", err)
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, fmt.Errorf("opening results database %s: %w", path, err)
	}
	d := &DB{db: db, name: path}
	if err := d.check(); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// FromSQL builds an in-memory database from SQL text (schema and rows) and
// checks its schema. name identifies it in messages.
func FromSQL(name, text string) (*DB, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, fmt.Errorf("creating database %s: %w", name, err)
	}
	db.SetMaxOpenConns(1) // every connection to :memory: is a new database
	if _, err := db.Exec(text); err != nil {
		db.Close()
		return nil, fmt.Errorf("loading database %s: %w", name, err)
	}
	d := &DB{db: db, name: name}
	if err := d.check(); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// ReadOnlyURI returns the SQLite URI that opens the database file at path
// without ever writing: mode=ro never writes the database, but on a
// database in WAL mode it still creates -wal and -shm files beside it.
// Without a non-empty -wal file there is nothing but the main file to read,
// so the file is opened immutable and SQLite creates nothing at all. It
// fails, naming path, when the file is missing or is a directory.
func ReadOnlyURI(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return "", fmt.Errorf("%s is a directory", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	query := "mode=ro&immutable=1"
	if st, err := os.Stat(abs + "-wal"); err == nil && st.Size() > 0 {
		// A writer (sweepstat run) may be at work: wait for its locks
		// (a checkpoint, its closing) rather than fail.
		query = "mode=ro&_pragma=busy_timeout(10000)"
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: query}
	return u.String(), nil
}

// Name returns the name the database was opened with.
func (d *DB) Name() string { return d.name }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// check verifies that the file is SQLite and has the mnn_anal tables.
func (d *DB) check() error {
	ctx := context.Background()
	for _, req := range required {
		rows, err := d.db.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", req.table)
		if err != nil {
			return d.wrapOpenErr(err)
		}
		have := map[string]bool{}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return d.wrapOpenErr(err)
			}
			have[c] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return d.wrapOpenErr(err)
		}
		if len(have) == 0 {
			return fmt.Errorf("%s: not an mnn_anal results database: no table %q", d.name, req.table)
		}
		var missing []string
		for _, c := range req.columns {
			if !have[c] {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("%s: table %s lacks column(s) %s", d.name, req.table, strings.Join(missing, ", "))
		}
	}
	return nil
}

func (d *DB) wrapOpenErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed") {
		return fmt.Errorf("%s: not a SQLite database", d.name)
	}
	return fmt.Errorf("reading %s: %w", d.name, err)
}

// HasTable reports whether the file at path is a SQLite database with the
// named table. It opens the file read-only (immutable) and never fails:
// anything that is not such a database answers false.
func HasTable(path, table string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	magic := make([]byte, 16)
	_, err = io.ReadFull(f, magic)
	f.Close()
	if err != nil || string(magic) != "SQLite format 3\x00" {
		return false
	}
	uri, err := ReadOnlyURI(path)
	if err != nil {
		return false
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return false
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n)
	return err == nil && n > 0
}
