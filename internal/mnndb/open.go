package mnndb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// A DB is an open results database. Its methods are safe for one goroutine.
type DB struct {
	db   *sql.DB // FromSQL's in-memory database; nil for a file
	file *file   // the database file Open opened; nil for FromSQL
	name string  // for messages: the file name, or the name given to FromSQL
	// knobs are the knob sets parsed so far, shared by every read (a
	// knob set is a function of the case's columns alone).
	knobs knobCache
	// schema is what the transaction schemaTx asked of the schema
	// (schemaOf).
	schema   *txSchema
	schemaTx *sql.Tx
	// peer is the second connection of a read that may be split (see
	// split.go), open during ReadTasks and ReadChosen only.
	peer *peer
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
// The file is never written; see ReadFile for how it is read while a
// writer is at work or after one was killed.
func Open(path string) (*DB, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, fmt.Errorf("opening results database: %w", err)
	}
	d := &DB{file: f, name: path}
	if err := d.read(func(tx *sql.Tx) error { return d.check(tx) }); err != nil {
		f.close()
		return nil, err
	}
	return d, nil
}

// FromSQL builds an in-memory database from SQL text (schema and rows) and
// checks its schema. name identifies it in messages. The text is trusted:
// it is run as it is (the demo data, test fixtures).
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
	if err := d.read(func(tx *sql.Tx) error { return d.check(tx) }); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// read runs fn in one read transaction, so that everything fn reads comes
// from one committed state of the database.
func (d *DB) read(fn func(*sql.Tx) error) error {
	if d.file != nil {
		err := d.file.read(fn)
		if err != nil && !isInputError(err) {
			return d.wrapOpenErr(err)
		}
		return err
	}
	tx, err := d.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return d.wrapOpenErr(err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// Name returns the name the database was opened with.
func (d *DB) Name() string { return d.name }

// Close closes the database (and removes the private copy ReadFile may
// have made of it).
func (d *DB) Close() error {
	if d.file != nil {
		return d.file.close()
	}
	return d.db.Close()
}

// An inputError is a problem of the database's content, already worded
// for the user (naming the file, table and row).
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func inputErrorf(format string, args ...any) error {
	return &inputError{fmt.Sprintf(format, args...)}
}

func isInputError(err error) bool {
	var ie *inputError
	return errors.As(err, &ie)
}

// check verifies that the file is SQLite and has the mnn_anal tables. The
// columns of every required table are read in one statement (one
// pragma_table_info per table, in a UNION ALL): a statement to prepare
// and run rather than one per table, at every Open.
func (d *DB) check(tx *sql.Tx) error {
	var q strings.Builder
	for i, req := range required {
		if i > 0 {
			q.WriteString(" UNION ALL ")
		}
		// The table names are constants of this package: safe to inline.
		fmt.Fprintf(&q, "SELECT %d, name FROM pragma_table_info('%s')", i, req.table)
	}
	rows, err := tx.Query(q.String())
	if err != nil {
		return err
	}
	have := make([]map[string]bool, len(required))
	for i := range have {
		have[i] = map[string]bool{}
	}
	for rows.Next() {
		var i int
		var c string
		if err := rows.Scan(&i, &c); err != nil {
			rows.Close()
			return err
		}
		have[i][c] = true
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return err
	}
	for i, req := range required {
		if len(have[i]) == 0 {
			return inputErrorf("%s: not an mnn_anal results database: no table %q", d.name, req.table)
		}
		var missing []string
		for _, c := range req.columns {
			if !have[i][c] {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return inputErrorf("%s: table %s lacks column(s) %s", d.name, req.table, strings.Join(missing, ", "))
		}
	}
	return nil
}

func (d *DB) wrapOpenErr(err error) error {
	if err == nil || isInputError(err) {
		return err
	}
	if notDB(err) {
		return fmt.Errorf("%s: not a SQLite database", d.name)
	}
	return fmt.Errorf("reading %s: %w", d.name, err)
}

// notDB reports whether err is SQLite's finding that a file is no
// database (or a damaged one).
func notDB(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed")
}

// HasTable reports whether the file at path is a SQLite database with the
// named table. It reads the file as ReadFile does and never fails:
// anything that is not such a database answers false.
//
// Like every reader of this package, it opens the file through SQLite
// only: closing a file that was opened otherwise would release the POSIX
// locks of the process's SQLite connections to it.
func HasTable(path, table string) bool {
	n := 0
	err := ReadFile(path, func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n)
	})
	return err == nil && n > 0
}
