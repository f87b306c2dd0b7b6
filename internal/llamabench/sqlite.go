package llamabench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// ParseSQL reads the output of llama-bench -o sql from r (CREATE TABLE
// llama_bench, then one INSERT per result) by running it in a private
// SQLite database and reading the table back as ReadSQLite does. Only the
// statements llama-bench writes are accepted (see sqltext.go): any other
// statement is an error naming its line, so the text cannot touch any file
// and takes time in proportion to its size. name identifies the input in
// Where and in errors. Names longer than safename.MaxName are shortened.
// The caller owns the returned records.
func ParseSQL(r io.Reader, name string) ([]sweep.Record, error) {
	return collect(NewSQLReader(r, name))
}

// NewSQLReader returns a Reader of what ParseSQL reads. The statements are
// run, one at a time, into a database in a private temporary directory
// (removed by Close, or when Scan returns false), so that memory stays
// bounded by the longest statement (MaxResult), whatever the size of the
// text.
func NewSQLReader(r io.Reader, name string) *Reader {
	q := &sqlSource{name: name, in: r}
	return &Reader{next: q.next, close: q.close, name: name}
}

type sqlSource struct {
	name string
	in   io.Reader
	tmp  string
	db   *sql.DB
	conn *sql.Conn
	rows *rowReader
}

func (q *sqlSource) next() (*result, error) {
	if q.rows == nil {
		if err := q.load(); err != nil {
			return nil, err
		}
	}
	return q.rows.next()
}

// load runs the statements into a new private database and starts reading
// its table.
func (q *sqlSource) load() error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "sweepstat-sql-")
	if err != nil {
		return fmt.Errorf("creating database for %s: %w", q.name, err)
	}
	q.tmp = tmp
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(tmp, "llama-bench.db")),
		RawQuery: "_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"}).String()
	if q.db, err = sql.Open("sqlite", uri); err != nil {
		return fmt.Errorf("creating database for %s: %w", q.name, err)
	}
	if q.conn, err = q.db.Conn(ctx); err != nil {
		return fmt.Errorf("creating database for %s: %w", q.name, err)
	}
	if err := confine(q.conn); err != nil {
		return fmt.Errorf("creating database for %s: %w", q.name, err)
	}
	if _, err := q.conn.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("creating database for %s: %w", q.name, err)
	}
	split := newSQLSplitter(q.in, q.name)
	n := 0
	for ; ; n++ {
		st, err := split.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		run, err := st.check(q.name)
		if err != nil {
			return err
		}
		if !run {
			continue
		}
		if _, err := q.conn.ExecContext(ctx, st.text); err != nil {
			return fmt.Errorf("%s:%d: running llama-bench SQL: %v", q.name, st.line, err)
		}
	}
	if _, err := q.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("%s: running llama-bench SQL: %v", q.name, err)
	}
	if n == 0 {
		q.rows = &rowReader{ended: true} // no statement: no results
		return nil
	}
	q.rows, err = readRows(ctx, q.conn, q.name)
	return err
}

func (q *sqlSource) close() error {
	if q.rows != nil && q.rows.rows != nil {
		q.rows.rows.Close()
	}
	if q.conn != nil {
		q.conn.Close()
	}
	if q.db != nil {
		q.db.Close()
	}
	if q.tmp != "" {
		os.RemoveAll(q.tmp)
	}
	return nil
}

// confine restricts conn to what llama-bench's SQL needs: creating tables,
// inserting literal rows and reading them back.
func confine(conn *sql.Conn) error {
	if _, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_ATTACHED, 0); err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		reg, ok := dc.(sqlite.AuthorizerRegisterer)
		if !ok {
			return fmt.Errorf("sqlite driver has no authorizer")
		}
		return reg.RegisterAuthorizer(func(action sqlite.AuthorizerActionCode, _, _, db, _ string) sqlite.AuthorizerReturnCode {
			switch action {
			case sqlite.AuthCreateTable, sqlite.AuthInsert, sqlite.AuthUpdate, sqlite.AuthDelete,
				sqlite.AuthRead, sqlite.AuthSelect, sqlite.AuthTransaction, sqlite.AuthSavepoint:
				// CREATE TABLE updates sqlite_schema; all of it is in memory.
				if db == "" || db == "main" {
					return sqlite.AuthorizerOK
				}
			}
			return sqlite.AuthorizerDeny
		})
	})
}

// ReadSQLite reads the llama_bench table of the SQLite database file at path
// (what `llama-bench -o sql | sqlite3 FILE` makes), as mnndb.ReadFile reads
// a file: read-only, in one read transaction, never modified. It reads the
// file as a database to compare: names longer than safename.MaxName are
// shortened, and Where and Invocation are "row N" (the caller names the
// file, as mnndb's records leave it to the caller). The caller owns the
// returned records, which are all held in memory.
func ReadSQLite(path string) ([]sweep.Record, error) {
	recs, err := ReadSQLiteFull(path)
	for i := range recs {
		r := &recs[i]
		safename.ShortenRecord(r)
		r.Where = strings.TrimPrefix(r.Where, path+": ")
		r.Invocation = r.Where
	}
	return recs, err
}

// ReadSQLiteFull is ReadSQLite for import: names as the file holds them,
// however long, and Where "<path>: row N".
func ReadSQLiteFull(path string) ([]sweep.Record, error) {
	var results []*result
	var inner error // fn's error, already worded
	err := mnndb.ReadFile(path, func(tx *sql.Tx) error {
		results, inner = nil, nil
		rows, err := readRows(context.Background(), tx, path)
		if err != nil {
			inner = err
			return err
		}
		defer rows.rows.Close()
		for {
			res, err := rows.next()
			if err != nil || res == nil {
				inner = err
				return err
			}
			results = append(results, res)
		}
	})
	var se *sqlite.Error
	switch {
	case err == nil:
	case inner != nil:
		return nil, inner
	case errors.As(err, &se):
		return nil, sqliteOpenError(path, err)
	default:
		return nil, fmt.Errorf("opening llama-bench database: %w", err)
	}
	return records(path, results)
}

// A querier runs queries: a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// rowReader reads the rows of the llama_bench table, in rowid order.
type rowReader struct {
	rows  *sql.Rows
	cols  []string
	vals  []any
	ptrs  []any
	name  string
	ended bool
}

func readRows(ctx context.Context, q querier, name string) (*rowReader, error) {
	var found string
	err := q.QueryRowContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?", Table).Scan(&found)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("%s: not llama-bench results: no table %s", name, Table)
	}
	if err != nil {
		return nil, sqliteOpenError(name, err)
	}
	rows, err := q.QueryContext(ctx, "SELECT rowid, * FROM "+Table+" ORDER BY rowid")
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	r := &rowReader{rows: rows, cols: cols, vals: make([]any, len(cols)), ptrs: make([]any, len(cols)), name: name}
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	return r, nil
}

// next returns the next row's result, nil after the last.
func (r *rowReader) next() (*result, error) {
	if r.ended {
		return nil, nil
	}
	if !r.rows.Next() {
		r.ended = true
		if err := r.rows.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", r.name, err)
		}
		return nil, nil
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return nil, fmt.Errorf("reading %s: %w", r.name, err)
	}
	res := &result{fields: make(map[string]string, len(r.cols)-1), where: fmt.Sprintf("%s: row %s", r.name, sqlText(r.vals[0]))}
	for i := 1; i < len(r.cols); i++ {
		if f, ok := r.vals[i].(float64); ok && isMeasurement(r.cols[i]) {
			res.fields[r.cols[i]] = strconv.FormatFloat(f, 'g', -1, 64) // every digit
			continue
		}
		res.fields[r.cols[i]] = sqlText(r.vals[i])
	}
	return res, nil
}

// sqlText renders a SQLite value as knob text. Integers (llama-bench's
// numbers and booleans) print exactly; REAL values print as llama-bench
// prints a double in its other formats (C++ std::to_string: six decimals),
// so that a knob has the same text whichever format it came from.
func sqlText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', 6, 64)
	case string:
		return v
	case []byte:
		return string(v)
	case bool:
		if v {
			return "1"
		}
		return "0"
	case time.Time:
		return v.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

func sqliteOpenError(name string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed") {
		return fmt.Errorf("%s: not a SQLite database", name)
	}
	return fmt.Errorf("reading %s: %w", name, err)
}
