package llamabench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// smallKnobs are the knobs of the results in testdata/small.*, except the
// test's own n_prompt, n_gen and n_depth.
func smallKnobs(prompt, gen, depth string) map[string]string {
	return map[string]string{
		"build_commit": "abc1234", "build_number": "100", "cpu_info": "Test CPU", "backends": "CPU",
		"model_filename": "models/toy-q4.gguf", "model_size": "1000000", "threads": "4", "type_k": "f16",
		"flash_attn": "0", "tensor_split": "0.00", "mmap": "1", "embeddings": "0",
		"n_prompt": prompt, "n_gen": gen, "n_depth": depth,
	}
}

// smallWant is what testdata/small.json holds, computed by hand from its
// samples_ns: speed = tokens × 1e9 / ns.
func smallWant(where ...string) []sweep.Record {
	recs := []sweep.Record{
		{
			Test: &sweep.Test{Phase: "pp", Size: "100"},
			Case: &sweep.Case{Origin: &sweep.Origin{Model: "toy 1B Q4_0"}, Knobs: smallKnobs("100", "0", "0"), Time: "2026-01-02T03:04:05Z"},

			// 100 tokens in 50 ms and in 40 ms; std = 250·√2.
			Values: []float64{2000, 2500}, Mean: 2250, Std: 353.5533905932738, Reps: 2,
		},
		{
			Test: &sweep.Test{Phase: "tg", Size: "10"},
			Case: &sweep.Case{Origin: &sweep.Origin{Model: "toy 1B Q4_0"}, Knobs: smallKnobs("0", "10", "0"), Time: "2026-01-02T03:04:06Z"},

			// 10 tokens in 10, 20 and 12.5 ms; std = √(((700/3)² + (800/3)² + (100/3)²)/2).
			Values: []float64{1000, 500, 800}, Mean: 2300.0 / 3, Std: 251.66114784235833, Reps: 3,
		},
		{
			Test: &sweep.Test{Phase: "pp+tg", Size: "16+4"},
			Case: &sweep.Case{Origin: &sweep.Origin{Model: "toy 1B Q4_0"}, Knobs: smallKnobs("16", "4", "128"), Time: "2026-01-02T03:04:07Z"},

			// 16+4 tokens in 4 ms and in 5 ms; std = 500·√2.
			Values: []float64{5000, 4000}, Mean: 4500, Std: 707.1067811865476, Reps: 2,
		},
	}
	for i := range recs {
		recs[i].Unit = "tokens/sec"
		recs[i].Where = where[i]
		recs[i].Invocation = where[i]
		recs[i].Params = paramsJSON(recs[i].Knobs)
	}
	return recs
}

// averagesOnly turns records with samples into what CSV and SQL hold.
func averagesOnly(recs []sweep.Record, where ...string) []sweep.Record {
	out := make([]sweep.Record, len(recs))
	for i, r := range recs {
		r.Values, r.Reps = nil, 0
		r.OwnCase()
		r.Where, r.Invocation = where[i], where[i]
		out[i] = r
	}
	return out
}

// sixDecimals compares numbers as llama-bench prints them with %f.
var sixDecimals = cmpopts.EquateApprox(0, 5e-7+1e-9)

func parseFile(t *testing.T, parse func(*os.File, string) ([]sweep.Record, error), path string) []sweep.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := parse(f, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func jsonParse(f *os.File, name string) ([]sweep.Record, error) { return ParseJSON(f, name) }
func csvParse(f *os.File, name string) ([]sweep.Record, error)  { return ParseCSV(f, name) }
func sqlParse(f *os.File, name string) ([]sweep.Record, error)  { return ParseSQL(f, name) }

func TestParseSmall(t *testing.T) {
	exact := cmpopts.EquateApprox(0, 1e-9)
	withSamples := smallWant("small.json:2", "small.json:27", "small.json:52")
	tests := []struct {
		path  string
		parse func(*os.File, string) ([]sweep.Record, error)
		want  []sweep.Record
		opt   cmp.Option
	}{
		{"testdata/small.json", jsonParse, withSamples, exact},
		{"testdata/small.jsonl", jsonParse, smallWant("small.jsonl:1", "small.jsonl:2", "small.jsonl:3"), exact},
		{"testdata/small.csv", csvParse, averagesOnly(withSamples, "small.csv:2", "small.csv:3", "small.csv:4"), sixDecimals},
		{"testdata/small.sql", sqlParse, averagesOnly(withSamples, "small.sql: row 1", "small.sql: row 2", "small.sql: row 3"), sixDecimals},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			got := parseFile(t, tt.parse, tt.path)
			if diff := cmp.Diff(tt.want, got, tt.opt); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParams(t *testing.T) {
	recs := parseFile(t, jsonParse, "testdata/small.json")
	want := `{"backends": "CPU", "build_commit": "abc1234", "build_number": 100, "cpu_info": "Test CPU", ` +
		`"embeddings": 0, "flash_attn": 0, "mmap": 1, "model_filename": "models/toy-q4.gguf", ` +
		`"model_size": 1000000, "n_depth": 0, "n_gen": 0, "n_prompt": 100, "tensor_split": "0.00", ` +
		`"threads": 4, "type_k": "f16"}`
	if recs[0].Params != want {
		t.Errorf("Params:\n got %s\nwant %s", recs[0].Params, want)
	}
	// Read back as mnndb reads base_parameters (numbers keep their text),
	// Params gives the knobs again.
	for _, knobs := range []map[string]string{
		recs[0].Knobs,
		{"huge": "12345678901234567890", "lead": "007", "neg": "-1", "frac": "0.50", "q": `a"b<c>`, "empty": ""},
	} {
		dec := json.NewDecoder(strings.NewReader(paramsJSON(knobs)))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("Params %s: %v", paramsJSON(knobs), err)
		}
		back := map[string]string{}
		for k, v := range m {
			back[k] = jsonText(v)
		}
		if diff := cmp.Diff(knobs, back); diff != "" {
			t.Errorf("knobs → Params → knobs (-want +got):\n%s", diff)
		}
	}
}

// TestSchemaDrift checks that fields are found by name: reordered columns,
// new fields and missing optional fields do not matter.
func TestSchemaDrift(t *testing.T) {
	csvText := "" +
		"stddev_ts,avg_ts,n_gen,brand_new,n_prompt,model_type,n_threads\n" +
		"\"1.5\",\"100.000000\",\"0\",\"x,y\",\"64\",\"m\",\"8\"\n"
	jsonText := `{"n_threads": 8, "model_type": "m", "n_prompt": 64, "brand_new": "x,y", "n_gen": 0, "avg_ts": 100.000000, "stddev_ts": 1.5}` + "\n"
	want := []sweep.Record{{
		Test: &sweep.Test{Phase: "pp", Size: "64", Unit: "tokens/sec"},
		Case: &sweep.Case{Origin: &sweep.Origin{Model: "m"}, Knobs: map[string]string{"n_prompt": "64", "n_gen": "0", "threads": "8", "brand_new": "x,y"}, Params: `{"brand_new": "x,y", "n_gen": 0, "n_prompt": 64, "threads": 8}`},
		Mean: 100, Std: 1.5,
	}}
	ignoreWhere := cmpopts.IgnoreFields(sweep.Record{}, "Where", "Invocation")
	got, err := ParseCSV(strings.NewReader(csvText), "drift.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, ignoreWhere); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
	got, err = ParseJSON(strings.NewReader(jsonText), "drift.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, ignoreWhere); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}

	// Structured values of new fields become compact JSON; a field that
	// already bears a knob name keeps n_threads from overwriting it.
	got, err = ParseJSON(strings.NewReader(`[{"model_type": "m", "n_prompt": 0, "n_gen": 8, "avg_ts": 5,
		"split": [1, 2.50], "opts": {"a": true}, "none": null, "threads": "auto", "n_threads": 4}]`), "new.json")
	if err != nil {
		t.Fatal(err)
	}
	wantKnobs := map[string]string{"n_prompt": "0", "n_gen": "8", "split": "[1,2.50]", "opts": `{"a":true}`, "none": "", "threads": "auto", "n_threads": "4"}
	if diff := cmp.Diff(wantKnobs, got[0].Knobs); diff != "" {
		t.Errorf("knobs (-want +got):\n%s", diff)
	}
}

// TestJSONConcatenated reads two llama-bench -o json outputs appended to
// one file, and JSON objects that span lines in a JSONL-like stream.
func TestJSONConcatenated(t *testing.T) {
	data, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	twice := append(append(bytes.Clone(data), data...), "\n"...)
	recs, err := ParseJSON(bytes.NewReader(twice), "twice.json")
	if err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, r := range recs {
		where = append(where, r.Where)
	}
	n := bytes.Count(data, []byte("\n"))
	want := []string{"twice.json:2", "twice.json:27", "twice.json:52"}
	for _, w := range []int{2, 27, 52} {
		want = append(want, "twice.json:"+strconv.Itoa(w+n))
	}
	if diff := cmp.Diff(want, where); diff != "" {
		t.Errorf("Where (-want +got):\n%s", diff)
	}
}

// makeSQLite runs SQL text into a new SQLite file in a temporary directory.
func makeSQLite(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), text); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadSQLite(t *testing.T) {
	text, err := os.ReadFile("testdata/small.sql")
	if err != nil {
		t.Fatal(err)
	}
	path := makeSQLite(t, "bench.sqlite", string(text))
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)

	got, err := ReadSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	fromText := parseFile(t, sqlParse, "testdata/small.sql")
	for i := range fromText {
		fromText[i].Where = "row " + strconv.Itoa(i+1) // the caller names the file
		fromText[i].Invocation = fromText[i].Where
	}
	if diff := cmp.Diff(fromText, got); diff != "" {
		t.Errorf("ReadSQLite vs ParseSQL (-want +got):\n%s", diff)
	}

	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !st.ModTime().Equal(st2.ModTime()) {
		t.Error("ReadSQLite changed the database file")
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v after ReadSQLite, want only bench.sqlite", names)
	}
}

// TestParseSQLConfined checks that SQL text cannot reach the file system:
// every statement but llama-bench's is refused before it runs.
func TestParseSQLConfined(t *testing.T) {
	dir := t.TempDir()
	for _, text := range []string{
		"ATTACH DATABASE '" + filepath.Join(dir, "attached.db") + "' AS a; CREATE TABLE a.t (x);",
		"CREATE TABLE llama_bench (model_type TEXT); VACUUM INTO '" + filepath.Join(dir, "copy.db") + "';",
		"PRAGMA journal_mode = wal;",
		"CREATE TABLE llama_bench (model_type TEXT); INSERT INTO llama_bench VALUES (load_extension('x'));",
	} {
		if _, err := ParseSQL(strings.NewReader(text), "evil.sql"); err == nil || !strings.HasPrefix(err.Error(), "evil.sql:1: only the statements llama-bench writes are accepted") {
			t.Errorf("ParseSQL(%q): err = %v, want a refusal", text, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("SQL text created %d file(s) in %s", len(entries), dir)
	}
}

func TestKnobName(t *testing.T) {
	for field, want := range map[string]string{"n_threads": "threads", "use_mmap": "mmap", "n_prompt": "n_prompt", "type_k": "type_k", "flash_attn": "flash_attn"} {
		if got := KnobName(field); got != want {
			t.Errorf("KnobName(%q) = %q, want %q", field, got, want)
		}
	}
}

// TestSQLValues checks how SQLite values become knob text: integers exact,
// REAL knobs as llama-bench prints doubles elsewhere (six decimals), NULL
// empty, while REAL measurements keep every digit.
func TestSQLValues(t *testing.T) {
	text := "CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, n_gen INTEGER, rope REAL, note TEXT, big INTEGER, avg_ts REAL, stddev_ts REAL);\n" +
		"INSERT INTO llama_bench VALUES ('m', '0', 16, 0.5, NULL, 9007199254740993, 123.4567891234, 0.25);\n"
	got, err := ParseSQL(strings.NewReader(text), "v.sql")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"n_prompt": "0", "n_gen": "16", "rope": "0.500000", "note": "", "big": "9007199254740993"}
	if diff := cmp.Diff(want, got[0].Knobs); diff != "" {
		t.Errorf("knobs (-want +got):\n%s", diff)
	}
	if got[0].Mean != 123.4567891234 || got[0].Std != 0.25 || got[0].Phase != "tg" || got[0].Size != "16" {
		t.Errorf("record %+v", got[0])
	}
}
