package llamabench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// checkFuzz asserts what every parser promises: records or an error, never
// both, and every record usable.
func checkFuzz(t *testing.T, recs []sweep.Record, err error) {
	if err != nil {
		if recs != nil {
			t.Fatalf("records returned with error %v", err)
		}
		return
	}
	if len(recs) == 0 {
		t.Fatal("no records and no error")
	}
	for i := range recs {
		if err := recs[i].Validate(); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if recs[i].Where == "" || recs[i].Size == "" || recs[i].Params == "" {
			t.Fatalf("record %d lacks Where, Size or Params: %+v", i, recs[i])
		}
	}
}

func addSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
}

// addReferenceSeeds adds the real llama-bench outputs of ../shared whose
// names match pattern, when that directory is there (CI has it).
func addReferenceSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "reference", "llama-bench", pattern))
	addSeeds(f, files...)
}

func FuzzParseJSON(f *testing.F) {
	addSeeds(f, "testdata/small.json", "testdata/small.jsonl")
	addReferenceSeeds(f, "*.json")
	addReferenceSeeds(f, "*.jsonl")
	for _, s := range []string{
		"", "[]", "[1]", "{}", "[{},{}]", "{\"model_type\":\"m\",\"n_prompt\":1,\"n_gen\":1,\"samples_ns\":[1e-300,2]}",
		"{\"model_type\":\"m\",\"n_prompt\":9223372036854775807,\"n_gen\":1,\"avg_ts\":1}",
		"{\"model_type\":\"m\",\"n_prompt\":0,\"n_gen\":3,\"samples_ns\":[1e308,1e308],\"x\":[{\"y\":null}]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ParseJSON(bytes.NewReader(data), "fuzz.json")
		checkFuzz(t, recs, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	addSeeds(f, "testdata/small.csv")
	addReferenceSeeds(f, "*.csv")
	for _, s := range []string{
		"", "model_type,n_prompt,n_gen,avg_ts\n", "model_type,n_prompt,n_gen,avg_ts,stddev_ts\nm,1,1,1e308,1e400\n",
		"model_type,n_prompt,n_gen,avg_ts\n\"m\",\"0\",\"5\",\"0x1p-1074\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ParseCSV(bytes.NewReader(data), "fuzz.csv")
		checkFuzz(t, recs, err)
	})
}

// FuzzParseSQL runs arbitrary text as llama-bench SQL: no panic, records
// or an error, and nothing but the reader's private database is ever made
// (statements llama-bench does not write are refused before they run).
//
//	go test -run '^$' -fuzz FuzzParseSQL -fuzztime 20s ./internal/llamabench
func FuzzParseSQL(f *testing.F) {
	addSeeds(f, "testdata/small.sql", "../../fixtures/llamabench/two_builds.sql")
	addReferenceSeeds(f, "*.sql")
	for _, s := range []string{
		"CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, n_gen INTEGER, avg_ts REAL);\nINSERT INTO llama_bench VALUES ('m', 64, 0, 5), ('m', 0, 16, x'00');",
		"ATTACH 'x.db' AS a;", "CREATE TABLE llama_bench AS SELECT 1;", "INSERT INTO llama_bench VALUES ((SELECT 1));",
		"/* x */ -- y\nBEGIN; COMMIT;", "CREATE TABLE \"llama_bench\" ([a b] `c`, 'd');",
	} {
		f.Add([]byte(s))
	}
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		t.Chdir(tmp) // where relative paths in the text would go
		recs, err := ParseSQL(bytes.NewReader(data), "fuzz.sql")
		checkFuzz(t, recs, err)
		if es, _ := os.ReadDir(tmp); len(es) != 0 {
			t.Fatalf("SQL text made %s", es[0].Name())
		}
	})
}
