package llamabench

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

func TestParseErrors(t *testing.T) {
	const ok = `"model_type": "m", "n_prompt": 64, "n_gen": 0`
	const header = "model_type,n_prompt,n_gen,avg_ts,stddev_ts\n"
	const table = "CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, n_gen INTEGER, avg_ts REAL, stddev_ts REAL);\n"
	tests := []struct {
		name  string
		input string
		want  string // the whole message
	}{
		{"json empty", "", "in.json: no llama-bench results"},
		{"json blank", " \n\t\n", "in.json: no llama-bench results"},
		{"json empty array", "[\n]\n", "in.json: no llama-bench results"},
		{"json not json", "model | t/s\n", "in.json:1: not llama-bench JSON: expected an object or an array"},
		{"json scalar element", "[\n  1\n]", "in.json:2: llama-bench result is not a JSON object"},
		{"json null element", "[\n  null\n]", "in.json:2: llama-bench result is not a JSON object"},
		{"json cut in object", "[\n {" + ok + ", \"avg_ts\": 5},\n {\n" + ok + ", \"avg",
			"in.json:3: input ends inside the JSON value that starts here (file cut short?)"},
		{"json cut after object", "[\n {" + ok + ", \"avg_ts\": 5},\n",
			"in.json:1: input ends inside the JSON value that starts here (file cut short?)"},
		{"jsonl cut", "{" + ok + ", \"avg_ts\": 5}\n{" + ok + ", \"avg_ts\": 5",
			"in.json:2: input ends inside the JSON value that starts here (file cut short?)"},
		{"jsonl syntax", "{" + ok + ", \"avg_ts\": 5}\n{" + ok + ", \"avg_ts\": nan}\n",
			"in.json:2: invalid JSON: invalid character 'a' in literal null (expecting 'u')"},
		{"json no model", "[\n {\"n_prompt\": 1, \"n_gen\": 0, \"avg_ts\": 5}\n]", "in.json:2: missing field model_type"},
		{"json empty model", `{"model_type": "", "n_prompt": 1, "n_gen": 0, "avg_ts": 5}`, "in.json:1: field model_type is empty"},
		{"json no n_gen", `{"model_type": "m", "n_prompt": 1, "avg_ts": 5}`, "in.json:1: missing field n_gen"},
		{"json no speed", "{" + ok + "}", "in.json:1: missing field avg_ts (and no samples_ns)"},
		{"json negative prompt", `{"model_type": "m", "n_prompt": -1, "n_gen": 0, "avg_ts": 5}`, `in.json:1: field n_prompt: "-1" is not a token count`},
		{"json fractional prompt", `{"model_type": "m", "n_prompt": 6.5, "n_gen": 0, "avg_ts": 5}`, `in.json:1: field n_prompt: "6.5" is not a token count`},
		{"json no test", `{"model_type": "m", "n_prompt": 0, "n_gen": 0, "avg_ts": 5}`, "in.json:1: n_prompt and n_gen are both 0: no test"},
		{"json zero speed", "{" + ok + `, "avg_ts": 0}`, `in.json:1: field avg_ts: "0" is not a positive speed`},
		{"json negative speed", "{" + ok + `, "avg_ts": -3.5}`, `in.json:1: field avg_ts: "-3.5" is not a positive speed`},
		{"json negative std", "{" + ok + `, "avg_ts": 3, "stddev_ts": -1}`, `in.json:1: field stddev_ts: "-1" is not a standard deviation`},
		{"json zero duration", "\n{" + ok + `, "samples_ns": [5, 0]}`, "in.json:2: samples_ns[1] = 0 does not give a positive finite speed"},
		{"json negative duration", "{" + ok + `, "samples_ns": [-5]}`, "in.json:1: samples_ns[0] = -5 does not give a positive finite speed"},
		{"json tiny duration", "{" + ok + `, "samples_ns": [1e-320]}`, "in.json:1: samples_ns[0] = 1e-320 does not give a positive finite speed"},
		{"json samples not array", "{" + ok + `, "samples_ns": "5 6"}`, "in.json:1: field samples_ns: not an array"},
		{"json samples not numbers", "{" + ok + `, "samples_ns": [5, "6"]}`, "in.json:1: field samples_ns: element 1 is not a number"},
		{"json huge samples", "{" + ok + `, "samples_ns": [1e-300, 1e-300]}`, "in.json:1: samples_ns[0] = 1e-300 does not give a positive finite speed"},

		{"csv empty", "", "in.csv: no llama-bench results"},
		{"csv header only", header, "in.csv: no llama-bench results"},
		{"csv not llama-bench", "model,test,t/s\nq,pp64,5\n", "in.csv:1: not llama-bench CSV: no column model_type"},
		{"csv no avg_ts", "model_type,n_prompt,n_gen\nm,64,0\n", "in.csv:1: not llama-bench CSV: no column avg_ts"},
		{"csv duplicate column", "model_type,n_prompt,n_gen,avg_ts,n_gen\n", "in.csv:1: column n_gen appears twice"},
		{"csv unnamed column", "model_type,,n_prompt,n_gen,avg_ts\n", "in.csv:1: column 2 has no name"},
		{"csv short row", header + "m,64,0,5,1\nm,64,0\n", "in.csv:3: wrong number of fields"},
		{"csv bad quote", header + "m,64,0,5,1\n\"m\"x,64,0,5,1\n", `in.csv:3: extraneous or missing " in quoted-field`},
		{"csv empty speed", header + "m,64,0,5,1\nm,64,0,,1\n", "in.csv:3: field avg_ts is empty (and no samples_ns)"},
		{"csv nan speed", header + "m,64,0,nan,0\n", `in.csv:2: field avg_ts: "nan" is not a positive speed`},
		{"csv inf speed", header + "m,64,0,inf,0\n", `in.csv:2: field avg_ts: "inf" is not a positive speed`},
		{"csv nan std", header + "m,64,0,5,-nan\n", `in.csv:2: field stddev_ts: "-nan" is not a standard deviation`},

		{"sql empty", "\n", "in.sql: no llama-bench results"},
		{"sql no table", "CREATE TABLE other (x);", `in.sql:1: only the statements llama-bench writes are accepted: CREATE TABLE llama_bench (columns) and INSERT INTO llama_bench … VALUES (literals); found "other"`},
		{"sql only comments", "-- nothing\n/* at all */\n", "in.sql: no llama-bench results"},
		{"sql no create", "INSERT INTO llama_bench VALUES (1);", "in.sql:1: running llama-bench SQL: SQL logic error: no such table: llama_bench (1)"},
		{"sql select", table + "INSERT INTO llama_bench SELECT 'm', 64, 0, 5, 1;", `in.sql:2: only the statements llama-bench writes are accepted: CREATE TABLE llama_bench (columns) and INSERT INTO llama_bench … VALUES (literals); found "SELECT"`},
		{"sql expression", table + "INSERT INTO llama_bench VALUES ('m', 64, 0, 5 * 2, 1);", `in.sql:2: only the statements llama-bench writes are accepted: CREATE TABLE llama_bench (columns) and INSERT INTO llama_bench … VALUES (literals); found "*"`},
		{"sql unterminated string", table + "INSERT INTO llama_bench VALUES ('m, 64, 0, 5, 1);\n", "in.sql:2: quoted text does not end (file cut short?)"},
		{"sql default", "CREATE TABLE llama_bench (model_type TEXT DEFAULT (randomblob(1e9)));", `in.sql:1: only the statements llama-bench writes are accepted: CREATE TABLE llama_bench (columns) and INSERT INTO llama_bench … VALUES (literals); found "DEFAULT"`},
		{"sql no rows", table, "in.sql: no llama-bench results"},
		{"sql cut", table + "INSERT INTO llama_bench (model_type, n_prompt, n_gen, avg_ts, stddev_ts) VALUES ('m', '64', ",
			"in.sql:2: the statement that starts here is cut short (file cut short?)"},
		{"sql null model", table + "INSERT INTO llama_bench (n_prompt, n_gen, avg_ts) VALUES ('64', '0', '5');", "in.sql: row 1: field model_type is empty"},
		{"sql no column", "CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, avg_ts REAL);\n" +
			"INSERT INTO llama_bench VALUES ('m', 64, 5.0);\nINSERT INTO llama_bench VALUES ('m', 32, 5.0);", "in.sql: row 1: missing field n_gen"},
		{"sql negative", table + "INSERT INTO llama_bench VALUES ('m', 64, 0, 5, 0), ('m', 64, 0, -5, 0);", `in.sql: row 2: field avg_ts: "-5" is not a positive speed`},
		{"sql tiny", table + "INSERT INTO llama_bench VALUES ('m', 64, 0, 1e-7, 0), ('m', 64, 0, 0.0, 0);", `in.sql: row 2: field avg_ts: "0" is not a positive speed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parse func(io.Reader, string) ([]sweep.Record, error)
			name := "in.sql"
			switch {
			case strings.HasPrefix(tt.name, "json"):
				parse, name = ParseJSON, "in.json"
			case strings.HasPrefix(tt.name, "csv"):
				parse, name = ParseCSV, "in.csv"
			default:
				parse = ParseSQL
			}
			recs, err := parse(strings.NewReader(tt.input), name)
			if err == nil {
				t.Fatalf("no error; records %+v", recs)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if recs != nil {
				t.Errorf("records returned with the error: %+v", recs)
			}
		})
	}
}

// TestJSONCutInHalf cuts a real-layout file anywhere and checks that the
// error names the file and the line of the result that was cut.
func TestJSONCutInHalf(t *testing.T) {
	data, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cut  int
		want string
	}{
		{len(data) / 2, "half.json:27: input ends inside the JSON value that starts here (file cut short?)"},
		{strings.Index(string(data), `"samples_ts": [ 1000`), "half.json:27: input ends inside the JSON value that starts here (file cut short?)"},
		{10, "half.json:2: input ends inside the JSON value that starts here (file cut short?)"},
		{len(data) - 2, "half.json:1: input ends inside the JSON value that starts here (file cut short?)"},
	} {
		_, err := ParseJSON(strings.NewReader(string(data[:tt.cut])), "half.json")
		if err == nil || err.Error() != tt.want {
			t.Errorf("cut at %d: error\n got %v\nwant %s", tt.cut, err, tt.want)
		}
	}
}

func TestReadSQLiteErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("these are notes, not a database, but long enough to have a header of 100 bytes......................\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	foreign := makeSQLite(t, "foreign.db", "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);")
	empty := makeSQLite(t, "empty.db", "CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, n_gen INTEGER, avg_ts REAL);")
	missing := filepath.Join(dir, "missing.sqlite")
	for _, tt := range []struct{ path, want string }{
		{missing, "opening llama-bench database: stat " + missing + ": no such file or directory"},
		{dir, "opening llama-bench database: " + dir + " is a directory"},
		{text, text + ": not a SQLite database"},
		{foreign, foreign + ": not llama-bench results: no table llama_bench"},
		{empty, empty + ": no llama-bench results"},
	} {
		_, err := ReadSQLite(tt.path)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadSQLite(%s): error\n got %v\nwant %s", filepath.Base(tt.path), err, tt.want)
		}
	}
}
