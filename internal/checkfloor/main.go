// Command checkfloor runs only the SQL that `sweepstat check` cannot skip,
// in a binary that carries check's libraries, so that make bench can tell
// how much of check's time is the fixed part: the start of such a binary
// and SQLite's reading.
//
// Usage:
//
//	go run ./internal/checkfloor -db benchmark_results.db [-task 3] [-choice=false]
//
// It links package compare, and with it everything sweepstat check links
// (gonum/plot and its fonts, modernc's SQLite, golang.org/x/perf), whose
// package initialisation every start pays. It then opens the file
// read-only on one connection (internal/sqlread, the fastest reader
// sweepstat has) and, in one read transaction, reads every column of
//
//   - with -choice (the default), every task, suite and case, with whether
//     the case has results: what check reads to choose the task when it is
//     not told one;
//   - sqlite3's own query of the task's results, joined with their cases
//     and suites (the peer make bench measures check against).
//
// It parses nothing and computes nothing: what sweepstat check does beyond
// this (the schema check, the knob texts, the choice, the selection, the
// statistics, the gate's text) is the difference between the two. It
// prints the rows it read.
//
// # Exit codes
//
// 0 success; 2 bad usage or a failed read, with a one-line error on stderr.
package main

import (
	"flag"
	"fmt"
	"os"

	_ "github.com/sweepstat/sweepstat/compare" // check's libraries, for their start
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sqlread"
)

// choiceQueries are what check reads of every task to choose one (the
// cases as mnndb's casesApart and hasResults select them).
var choiceQueries = []string{
	`SELECT id, name, description FROM tasks ORDER BY id`,
	`SELECT id, task_id, name, model_name FROM suites ORDER BY id`,
	`SELECT id, suite_id, base_parameters, backend, threads, precision,
		EXISTS (SELECT 1 FROM benchmark_results r WHERE r.case_id = case_definitions.id) FROM case_definitions`,
}

// taskQuery is sqlite3's query of one task's results, the peer of
// scripts/bench-report.sh (there with the task's id in place of ?1).
const taskQuery = `SELECT s.task_id, s.name, s.model_name, c.id, c.base_parameters, c.backend, c.threads, c.precision,
	r.id, r.result_type, r.result_parameter, r.mean_value, r.std_value, r.unit, r.created_at
	FROM benchmark_results r JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id
	WHERE s.task_id = ?1 ORDER BY r.id`

func main() {
	fs := flag.NewFlagSet("checkfloor", flag.ContinueOnError)
	db := fs.String("db", "", "the mnn_anal results `database`")
	task := fs.Int64("task", 3, "the `id` of the task whose results are read")
	choice := fs.Bool("choice", true, "also read every task's cases, as check does to choose the task")
	if err := fs.Parse(os.Args[1:]); err != nil || *db == "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: checkfloor -db FILE [-task N] [-choice=false]")
		os.Exit(2)
	}
	n, err := read(*db, *task, *choice)
	if err != nil {
		fmt.Fprintf(os.Stderr, "checkfloor: %s: %v\n", *db, err)
		os.Exit(2)
	}
	fmt.Println(n, "rows")
}

// read runs the queries in one read transaction and returns the rows read.
func read(path string, task int64, choice bool) (rows int, err error) {
	uri, err := mnndb.ReadOnlyURI(path)
	if err != nil {
		return 0, err
	}
	c, err := sqlread.Open(uri)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Exec("BEGIN"); err != nil {
		return 0, err
	}
	if choice {
		for _, q := range choiceQueries {
			n, err := readAll(c, q)
			if err != nil {
				return 0, err
			}
			rows += n
		}
	}
	n, err := readAll(c, taskQuery, task)
	if err != nil {
		return 0, err
	}
	return rows + n, c.Exec("COMMIT")
}

// readAll reads every column of every row of q, as a reader that keeps
// them would (texts viewed, not copied).
func readAll(c *sqlread.Conn, q string, args ...int64) (rows int, err error) {
	r, err := c.Query(q, args...)
	if err != nil {
		return 0, err
	}
	width := r.Columns()
	for r.Next() {
		rows++
		for i := range width {
			switch r.Type(i) {
			case sqlread.Integer:
				r.Int64(i)
			case sqlread.Float:
				r.Float64(i)
			default:
				r.Transient(i)
			}
		}
	}
	return rows, r.Close()
}
