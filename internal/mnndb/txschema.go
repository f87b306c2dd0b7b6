package mnndb

import (
	"database/sql"
	"strings"
)

// A txSchema is what the reads of one transaction ask of the schema: the
// text encoding, the declared types of the columns that joined reads, and
// whether there is a benchmark_samples table. Reading a task asks it of
// the cases and of the results; each question was a statement to prepare
// and run (PRAGMA encoding and pragma_table_info twice, sqlite_master),
// about a fifth of a millisecond in all. It is read in one statement, once
// per transaction (the schema cannot change within one).
type txSchema struct {
	encoding string
	types    map[string]map[string]string // table → column → declared type
	samples  bool
}

// schemaTables are the tables whose column types txSchema holds.
var schemaTables = []string{"case_definitions", "benchmark_results"}

// schemaOf returns the txSchema of tx, reading it on the first call.
func (d *DB) schemaOf(tx *sql.Tx) (*txSchema, error) {
	if d.schemaTx == tx && d.schema != nil {
		return d.schema, nil
	}
	var q strings.Builder
	q.WriteString(`SELECT '', 'encoding', encoding FROM pragma_encoding`)
	for _, t := range schemaTables {
		q.WriteString(` UNION ALL SELECT '` + t + `', name, type FROM pragma_table_info('` + t + `')`)
	}
	q.WriteString(` UNION ALL SELECT '', 'samples', count(*) FROM sqlite_master WHERE type = 'table' AND name = 'benchmark_samples'`)
	rows, err := tx.Query(q.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := &txSchema{types: map[string]map[string]string{}}
	for rows.Next() {
		var table, name, value string
		if err := rows.Scan(&table, &name, &value); err != nil {
			return nil, err
		}
		switch {
		case table != "":
			if s.types[table] == nil {
				s.types[table] = map[string]string{}
			}
			s.types[table][name] = value
		case name == "encoding":
			s.encoding = value
		case name == "samples":
			s.samples = value != "0"
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d.schema, d.schemaTx = s, tx
	return s, nil
}
