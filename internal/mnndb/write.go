package mnndb

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// An Import is a set of records to add to a results database as one task.
type Import struct {
	// Task names the task; records are added to an existing task of that
	// name, else a new one.
	Task string
	// Description and Definition become the new task's description and
	// original_yaml (what was imported, and how).
	Description, Definition string
	// Records to add. Each record's Invocation identifies its invocation
	// stably (the same input gives the same Invocation), so that records of
	// one invocation share a case and importing the same input twice adds
	// nothing.
	Records []sweep.Record
	// Source, when not nil, streams more records after Records, so that
	// an input of any size is imported in memory bounded by its largest
	// record.
	Source RecordScanner
}

// A RecordScanner streams records, as benchfmt.Reader streams results:
// Scan advances to the next record and reports whether there is one;
// Record returns it (valid until the next Scan); Err reports what stopped
// Scan, nil at the end of the input.
type RecordScanner interface {
	Scan() bool
	Record() *sweep.Record
	Err() error
}

// WriteBusyTimeout is how long an import waits for another writer's lock,
// or for readers to finish so that it can commit, before it fails with
// "database is locked".
const WriteBusyTimeout = 60 * time.Second

// writeCacheKiB is the page cache of an import. A transaction that
// changes more pages than fit spills them into the database file, and from
// then on holds an exclusive lock until it commits: on a database in
// rollback-journal mode, readers wait (ReadBusyTimeout) for that long.
const writeCacheKiB = 64 << 10

// Write adds imp to the database at path (see WriteContext).
func Write(path string, imp Import) (added int, err error) {
	return WriteContext(context.Background(), path, imp)
}

// WriteContext adds imp to the database at path. Everything happens in one
// transaction: on error, or when ctx is canceled, the database is as it
// was. It returns the number of results added; results already present
// (same task, model, invocation, phase and size) are skipped, whatever
// constraints the tables have.
//
// A missing file is made, with the mnn_anal schema (plus
// benchmark_samples, see SamplesSchema), under a temporary name in its
// directory and linked into place only when the import is complete, so
// that a reader never finds a half-made database and a failed import
// leaves no file. In an existing file, the schema is checked.
func WriteContext(ctx context.Context, path string, imp Import) (added int, err error) {
	if imp.Task == "" {
		return 0, fmt.Errorf("importing into %s: empty task name", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	st, err := os.Stat(abs)
	switch {
	case err == nil && st.IsDir():
		return 0, fmt.Errorf("importing into %s: is a directory", path)
	case errors.Is(err, fs.ErrNotExist):
		return writeNew(ctx, path, abs, imp)
	case err != nil:
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	return write(ctx, path, abs, imp)
}

// writeNew imports into a new database made aside, then linked into place.
func writeNew(ctx context.Context, path, abs string, imp Import) (int, error) {
	tmp, err := newTempFile(filepath.Dir(abs), "."+filepath.Base(abs)+".import-")
	if err != nil {
		return 0, fmt.Errorf("importing into %s: creating it: %w", path, err)
	}
	defer func() {
		// The new file is never linked in on error, so its journal is
		// never needed either.
		for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
	}()
	added, err := write(ctx, path, tmp, imp)
	if err != nil {
		return 0, err
	}
	if err := os.Link(tmp, abs); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return 0, fmt.Errorf("importing into %s: the file appeared while importing; nothing was added: import again", path)
		}
		// No hard links here: rename, unless the file appeared meanwhile.
		if _, statErr := os.Lstat(abs); statErr == nil {
			return 0, fmt.Errorf("importing into %s: the file appeared while importing; nothing was added: import again", path)
		}
		if err := os.Rename(tmp, abs); err != nil {
			return 0, fmt.Errorf("importing into %s: %w", path, err)
		}
	}
	return added, nil
}

// newTempFile creates an empty file with a new name starting with prefix
// in dir, with the permissions a new database gets (0666 less the umask).
func newTempFile(dir, prefix string) (string, error) {
	for i := 0; ; i++ {
		var b [6]byte
		rand.Read(b[:])
		name := filepath.Join(dir, prefix+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return name, f.Close()
		}
		if !errors.Is(err, fs.ErrExist) || i == 10 {
			return "", err
		}
	}
}

// write imports into the database file file; path names it in messages.
func write(ctx context.Context, path, file string, imp Import) (added int, err error) {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", WriteBusyTimeout.Milliseconds()))
	q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -writeCacheKiB))
	q.Set("_txlock", "immediate") // take the write lock first: no deadlock with another writer
	q.Set("mode", "rw")
	db, err := sql.Open("sqlite", fileURI(file, q.Encode()))
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// The transaction's own context is not ctx: database/sql would roll
	// back in a goroutine of its own when ctx is canceled, and the process
	// could exit before the journal is gone. The statements take ctx (an
	// interrupt), and the deferred Rollback below ends the transaction
	// before write returns.
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return 0, ctxErr
		}
		return 0, fmt.Errorf("importing into %s: %w", path, wrapNotDB(err, path))
	}
	defer tx.Rollback()
	w := &writer{tx: tx, path: path, ctx: ctx}
	if err := w.schema(); err != nil {
		return 0, err
	}
	im, err := w.importer(imp)
	if err != nil {
		return 0, err
	}
	defer im.close()
	for i := range imp.Records {
		n, err := im.record(&imp.Records[i])
		if err != nil {
			return 0, err
		}
		added += n
	}
	if imp.Source != nil {
		for imp.Source.Scan() {
			n, err := im.record(imp.Source.Record())
			if err != nil {
				return 0, err
			}
			added += n
		}
		if err := imp.Source.Err(); err != nil {
			return 0, err
		}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("importing into %s: %w", path, err)
	}
	return added, nil
}

type writer struct {
	tx   *sql.Tx
	path string
	ctx  context.Context // nil: context.Background
}

func wrapNotDB(err error, path string) error {
	if err != nil && notDB(err) {
		return fmt.Errorf("%s: not a SQLite database", path)
	}
	return err
}

// schema creates the mnn_anal tables in an empty database, checks them in
// an existing one, and adds benchmark_samples.
func (w *writer) schema() error {
	var n int
	if err := w.tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil {
		return wrapNotDB(fmt.Errorf("importing into %s: %w", w.path, err), w.path)
	}
	if n == 0 {
		if _, err := w.tx.Exec(Schema); err != nil {
			return fmt.Errorf("importing into %s: creating the schema: %w", w.path, err)
		}
	} else {
		for _, req := range required {
			var c int
			if err := w.tx.QueryRow(`SELECT count(*) FROM pragma_table_info(?)`, req.table).Scan(&c); err != nil {
				return fmt.Errorf("importing into %s: %w", w.path, err)
			}
			if c == 0 {
				return fmt.Errorf("%s: not an mnn_anal results database: no table %q", w.path, req.table)
			}
		}
	}
	if _, err := w.tx.Exec(SamplesSchema); err != nil {
		return fmt.Errorf("importing into %s: %w", w.path, err)
	}
	return nil
}

// upsert returns the id the select finds, or inserts and returns the new id.
func (w *writer) upsert(sel, ins string, selArgs, insArgs []any) (int64, error) {
	var id int64
	err := w.tx.QueryRow(sel, selArgs...).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, fmt.Errorf("importing into %s: %w", w.path, err)
	}
	res, err := w.tx.Exec(ins, insArgs...)
	if err != nil {
		return 0, fmt.Errorf("importing into %s: %w", w.path, err)
	}
	return res.LastInsertId()
}

// ParamsJSON renders a record's knobs as base_parameters: a JSON object in
// key order, numbers as numbers (dynamicOption 7, not "7"), other values as
// strings, plus "repeat" from Reps when the knobs lack it.
func ParamsJSON(r *sweep.Record) string {
	knobs := r.Knobs
	if _, ok := knobs["repeat"]; !ok && r.Reps > 0 {
		knobs = make(map[string]string, len(r.Knobs)+1)
		for k, v := range r.Knobs {
			knobs[k] = v
		}
		knobs["repeat"] = strconv.Itoa(int(r.Reps))
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range sweep.SortedKeys(knobs) {
		if i > 0 {
			b.WriteString(", ")
		}
		writeJSONString(&b, k)
		b.WriteString(": ")
		v := knobs[k]
		if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && json.Valid([]byte(v)) {
			b.WriteString(v)
		} else {
			writeJSONString(&b, v)
		}
	}
	b.WriteByte('}')
	return b.String()
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nanNull(f float64) any {
	if math.IsNaN(f) {
		return nil
	}
	return f
}

func unitOrDefault(u string) string {
	if u == "" {
		return sweep.DefaultUnit
	}
	return u
}
