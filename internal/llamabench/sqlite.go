package llamabench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// ParseSQL reads the output of llama-bench -o sql from r (CREATE TABLE
// llama_bench, then one INSERT per result) by running it in a private
// in-memory SQLite database and reading the table back as ReadSQLite does.
// The text may only create tables and insert into them: attaching files,
// pragmas and function calls are refused, so it cannot touch any file. name
// identifies the input in Where and in errors. The caller owns the
// returned records.
func ParseSQL(r io.Reader, name string) ([]sweep.Record, error) {
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if strings.TrimSpace(string(text)) == "" {
		return nil, errNoResults(name)
	}
	ctx := context.Background()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, fmt.Errorf("creating database for %s: %w", name, err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // one connection: each one is a new :memory: database
	if err != nil {
		return nil, fmt.Errorf("creating database for %s: %w", name, err)
	}
	defer conn.Close()
	if err := confine(conn); err != nil {
		return nil, fmt.Errorf("creating database for %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, string(text)); err != nil {
		return nil, fmt.Errorf("%s: running llama-bench SQL: %v", name, err)
	}
	results, err := readTable(ctx, conn, name)
	if err != nil {
		return nil, err
	}
	return records(name, results)
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
// (what `llama-bench -o sql | sqlite3 FILE` makes). The file is opened
// read-only and never modified; without a non-empty -wal file beside it, it
// is opened immutable, so that SQLite creates no files either. The caller
// owns the returned records.
func ReadSQLite(path string) ([]sweep.Record, error) {
	uri, err := mnndb.ReadOnlyURI(path)
	if err != nil {
		return nil, fmt.Errorf("opening llama-bench database: %w", err)
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, fmt.Errorf("opening llama-bench database %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, sqliteOpenError(path, err)
	}
	defer conn.Close()
	results, err := readTable(ctx, conn, path)
	if err != nil {
		return nil, err
	}
	return records(path, results)
}

// readTable reads every row of the llama_bench table, in rowid order.
func readTable(ctx context.Context, conn *sql.Conn, name string) ([]result, error) {
	var found string
	err := conn.QueryRowContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?", Table).Scan(&found)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("%s: not llama-bench results: no table %s", name, Table)
	}
	if err != nil {
		return nil, sqliteOpenError(name, err)
	}
	rows, err := conn.QueryContext(ctx, "SELECT rowid, * FROM "+Table+" ORDER BY rowid")
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	var out []result
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		res := result{fields: make(map[string]string, len(cols)-1), where: fmt.Sprintf("%s: row %s", name, sqlText(vals[0]))}
		for i := 1; i < len(cols); i++ {
			if f, ok := vals[i].(float64); ok && isMeasurement(cols[i]) {
				res.fields[cols[i]] = strconv.FormatFloat(f, 'g', -1, 64) // every digit
				continue
			}
			res.fields[cols[i]] = sqlText(vals[i])
		}
		out = append(out, res)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
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
