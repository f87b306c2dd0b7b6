package mnndb

import (
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// schemaOf answers what its statements did one by one — PRAGMA encoding,
// pragma_table_info of each table, hasTable — with and without samples,
// for odd declared types and a UTF-16 database; and once per transaction.
func TestSchemaOfMatchesPragmas(t *testing.T) {
	odd := `
CREATE TABLE tasks (id INTEGER PRIMARY KEY, name TEXT, description TEXT, original_yaml TEXT);
CREATE TABLE suites (id INTEGER PRIMARY KEY, task_id INTEGER, name TEXT, model_name TEXT);
CREATE TABLE case_definitions (id, suite_id INTEGER, name TEXT, base_parameters BLOB, backend VARCHAR(8), threads REAL, precision);
CREATE TABLE benchmark_results (id INTEGER PRIMARY KEY, case_id INTEGER, result_type CLOB, result_parameter INT,
	mean_value REAL, std_value REAL, unit TEXT, created_at TIMESTAMP);
`
	for name, text := range map[string]string{
		"schema":  Schema,
		"samples": Schema + SamplesSchema,
		"odd":     odd,
		"utf16":   "PRAGMA encoding = 'UTF-16le';\n" + odd + SamplesSchema,
	} {
		d, err := FromSQL(name, text)
		if err != nil {
			t.Fatal(err)
		}
		err = d.read(func(tx *sql.Tx) error {
			got, err := d.schemaOf(tx)
			if err != nil {
				return err
			}
			want := &txSchema{types: map[string]map[string]string{}}
			if err := tx.QueryRow(`PRAGMA encoding`).Scan(&want.encoding); err != nil {
				return err
			}
			for _, table := range schemaTables {
				rows, err := tx.Query(`SELECT name, type FROM pragma_table_info(?)`, table)
				if err != nil {
					return err
				}
				want.types[table] = map[string]string{}
				for rows.Next() {
					var c, typ string
					if err := rows.Scan(&c, &typ); err != nil {
						return err
					}
					want.types[table][c] = typ
				}
				rows.Close()
			}
			if want.samples, err = hasTable(tx, "benchmark_samples"); err != nil {
				return err
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(txSchema{})); diff != "" {
				t.Errorf("%s: schemaOf (-pragmas +got):\n%s", name, diff)
			}
			if again, _ := d.schemaOf(tx); again != got {
				t.Errorf("%s: schemaOf read the schema again in one transaction", name)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		before := d.schema
		err = d.read(func(tx *sql.Tx) error {
			if next, _ := d.schemaOf(tx); next == before {
				t.Errorf("%s: schemaOf kept the schema of another transaction", name)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
	}
}
