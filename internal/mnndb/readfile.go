package mnndb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ReadBusyTimeout is how long a reader waits for a writer's lock (an
// import committing, a checkpoint) before it fails with "database is
// locked".
const ReadBusyTimeout = 30 * time.Second

// ReadOnlyURI returns the SQLite URI that opens the database file at path
// read-only (mode=ro) with SQLite's normal locking and a busy timeout of
// ReadBusyTimeout: a reader waits for a writer's exclusive lock and then
// reads a committed state. It fails, naming path, when the file is missing
// or is a directory.
//
// mode=ro never writes the database file. On a database in WAL mode,
// SQLite still makes the -wal and -shm files beside it when they are
// missing (they are how WAL readers and writers coordinate), and a
// read-only connection leaves them there.
func ReadOnlyURI(path string) (string, error) {
	abs, err := statFile(path)
	if err != nil {
		return "", err
	}
	return fileURI(abs, "mode=ro&_pragma=busy_timeout("+fmt.Sprint(ReadBusyTimeout.Milliseconds())+")"), nil
}

func fileURI(abs, query string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: query}).String()
}

// statFile checks that path is a file and returns its absolute path.
func statFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return "", fmt.Errorf("%s is a directory", path)
	}
	return filepath.Abs(path)
}

// ReadFile runs fn in one read transaction on the SQLite file at path, so
// that fn sees one committed state of it whatever writers do meanwhile:
//
//   - the file is opened read-only with SQLite's normal locking (ReadOnlyURI);
//     a reader waits up to ReadBusyTimeout for a writer's exclusive lock;
//   - a writer killed in the middle of a transaction leaves a hot rollback
//     journal that only a connection allowed to write can roll back. The
//     database file and its journal are then copied to a private temporary
//     directory, rolled back there, and fn reads the copy: the last
//     committed state, while the user's file stays as it is;
//   - likewise for a database in WAL mode that a read-only connection cannot
//     open (no write access to its -shm file or directory): without a -wal
//     file nobody can be writing it and it is read as immutable, else from
//     a private copy.
//
// fn's error is returned as it is.
func ReadFile(path string, fn func(*sql.Tx) error) error {
	f, err := openFile(path)
	if err != nil {
		return err
	}
	defer f.close()
	return f.read(fn)
}

// A file is a SQLite file open for reading.
type file struct {
	path string  // as given
	abs  string  // absolute path of the user's file
	db   *sql.DB // the user's file, or the private copy
	uri  string  // what db was opened with (a second connection opens the same)
	tmp  string  // the private copy's directory, or ""
	// noWAL: neither -wal nor -shm file beside it when opened.
	noWAL bool
}

func openFile(path string) (*file, error) {
	abs, err := statFile(path)
	if err != nil {
		return nil, err
	}
	f := &file{path: path, abs: abs}
	f.noWAL = !exists(abs+"-wal") && !exists(abs+"-shm")
	if err := f.open(fileURI(abs, "mode=ro&_pragma=busy_timeout("+fmt.Sprint(ReadBusyTimeout.Milliseconds())+")")); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *file) open(uri string) error {
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return fmt.Errorf("opening %s: %w", f.path, err)
	}
	db.SetMaxOpenConns(1)
	f.db, f.uri = db, uri
	return nil
}

func (f *file) close() error {
	err := f.db.Close()
	if f.tmp != "" {
		os.RemoveAll(f.tmp)
		f.tmp = ""
	} else if f.noWAL {
		removeWAL(f.abs)
	}
	return err
}

// removeWAL removes the empty -wal file and the -shm file that a read-only
// connection made beside a WAL database (none were there before) and
// leaves behind, as SQLite's
// last connection does when it may write: by opening and closing one
// connection that may. SQLite deletes them only when that connection is
// the last one (any other reader or writer keeps them), and, the WAL being
// empty, its closing checkpoint writes nothing into the database file. A
// file that cannot be opened for writing keeps them.
func removeWAL(abs string) {
	if st, err := os.Stat(abs + "-wal"); err != nil || st.Size() != 0 {
		return
	}
	db, err := sql.Open("sqlite", fileURI(abs, "mode=rw&_pragma=busy_timeout(0)"))
	if err != nil {
		return
	}
	defer db.Close()
	var n int
	db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n)
}

// read runs fn in a read transaction, switching to an immutable or private
// copy once when the file cannot be read in place (see ReadFile).
func (f *file) read(fn func(*sql.Tx) error) error {
	err := f.tx(fn)
	if err == nil || f.tmp != "" || !needsWrite(err) {
		return err
	}
	if err := f.recover(err); err != nil {
		return err
	}
	return f.tx(fn)
}

func (f *file) tx(fn func(*sql.Tx) error) error {
	tx, err := f.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// needsWrite reports whether err says that the file can be read only by
// a connection that may write: a hot journal to roll back, a WAL index to
// rebuild or to create.
func needsWrite(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_READONLY_ROLLBACK, sqlite3.SQLITE_READONLY_RECOVERY, sqlite3.SQLITE_READONLY_CANTLOCK,
		sqlite3.SQLITE_READONLY_CANTINIT, sqlite3.SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}

// recover reopens f after the error err of reading it in place: as
// immutable when it is a WAL database without a -wal file that cannot be
// opened in place (nobody can be writing it), else as a private copy rolled
// back to its last committed state.
func (f *file) recover(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() != sqlite3.SQLITE_READONLY_ROLLBACK && !exists(f.abs+"-wal") {
		f.db.Close()
		return f.open(fileURI(f.abs, "mode=ro&immutable=1"))
	}
	tmp, copyPath, err := privateCopy(f.abs)
	if err != nil {
		return fmt.Errorf("reading %s: %w", f.path, err)
	}
	f.db.Close()
	f.tmp = tmp
	// A read-write connection to the copy rolls back its hot journal (or
	// recovers its WAL) on the first read; the copy is nobody else's.
	return f.open(fileURI(copyPath, "mode=rw&_pragma=busy_timeout(1000)"))
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// copyAttempts bounds the tries of privateCopy while a writer keeps
// changing the files.
const copyAttempts = 5

// privateCopy copies the database at abs and its journal or WAL into a new
// temporary directory, and checks that none of them changed meanwhile (a
// writer that started would roll the journal back itself, or write a new
// one). It returns the directory and the copy's path.
//
// It is the one place where the database file is opened other than by
// SQLite: closing a file releases every POSIX lock the process holds on
// it, those of SQLite's connections too. Here, with a hot journal, no
// connection can hold one.
func privateCopy(abs string) (dir, copyPath string, err error) {
	names := []string{abs, abs + "-journal", abs + "-wal"}
	for attempt := 0; attempt < copyAttempts; attempt++ {
		before := fileStates(names)
		dir, err := os.MkdirTemp("", "sweepstat-read-")
		if err != nil {
			return "", "", fmt.Errorf("making a private copy of an interrupted database: %w", err)
		}
		copyPath = filepath.Join(dir, "db")
		err = nil
		for i, n := range names {
			if before[i].missing {
				continue
			}
			if err = copyFile(n, copyPath+n[len(abs):]); err != nil {
				break
			}
		}
		if err == nil && sameStates(before, fileStates(names)) {
			return dir, copyPath, nil
		}
		os.RemoveAll(dir)
		if err != nil {
			return "", "", fmt.Errorf("making a private copy of an interrupted database: %w", err)
		}
		time.Sleep(time.Duration(attempt+1) * 50 * time.Millisecond)
	}
	return "", "", fmt.Errorf("the database and its journal kept changing while a private copy was made")
}

type fileState struct {
	missing bool
	size    int64
	mtime   int64
}

func fileStates(names []string) []fileState {
	out := make([]fileState, len(names))
	for i, n := range names {
		st, err := os.Stat(n)
		if err != nil {
			out[i].missing = true
			continue
		}
		out[i] = fileState{size: st.Size(), mtime: st.ModTime().UnixNano()}
	}
	return out
}

func sameStates(a, b []fileState) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
