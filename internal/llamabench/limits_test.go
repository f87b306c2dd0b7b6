package llamabench

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/safename"
)

const jsonlLine = `{"model_type": "toy 1B Q4_0", "n_threads": 4, "n_prompt": 64, "n_gen": 0, "avg_ts": 2250.5, "stddev_ts": 3.5, "samples_ns": [50000000, 40000000]}` + "\n"

// generated streams n copies of line, prefixed by head and followed by
// tail, without holding them.
type generated struct {
	head, line, tail string
	n                int
	buf              []byte
}

func (g *generated) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.head != "":
			g.buf, g.head = []byte(g.head), ""
		case g.n > 0:
			g.buf = []byte(strings.Repeat(g.line, min(g.n, 256)))
			g.n -= min(g.n, 256)
		case g.tail != "":
			g.buf, g.tail = []byte(g.tail), ""
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// peakHeap reads every record of r, sampling the heap as it goes, and
// returns the records read and the largest heap in use seen.
func peakHeap(t *testing.T, r *Reader) (int, uint64) {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	peak := uint64(0)
	n := 0
	for r.Scan() {
		if n++; n%5000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return n, peak
}

// The JSON, JSONL and CSV readers stream: the heap stays small (here under
// 32 MiB) however long the input (here about 15 MB and 100,000 results
// each), instead of holding the whole input and every record.
func TestReadersStream(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: reads 90 MB")
	}
	const n = 100000
	csvLine := "toy 1B Q4_0,4,64,0,2250.5,3.5," + strings.Repeat("x", 100) + "\n"
	for name, r := range map[string]*Reader{
		"jsonl": NewJSONReader(&generated{line: jsonlLine, n: n}, "big.jsonl"),
		"json":  NewJSONReader(&generated{head: "[\n", line: strings.TrimSuffix(jsonlLine, "\n") + ",\n", n: n, tail: "{}]\n"}, "big.json"),
		"csv":   NewCSVReader(&generated{head: "model_type,n_threads,n_prompt,n_gen,avg_ts,stddev_ts,pad\n", line: csvLine, n: n}, "big.csv"),
	} {
		t.Run(name, func(t *testing.T) {
			if name == "json" {
				// The final {} is no result: it ends the stream with an error
				// after every good one was read.
				got := 0
				for r.Scan() {
					got++
				}
				if got != n || r.Err() == nil || !strings.Contains(r.Err().Error(), "missing field model_type") {
					t.Errorf("read %d records, then %v; want %d, then the error of the empty object", got, r.Err(), n)
				}
				return
			}
			got, peak := peakHeap(t, r)
			if got != n {
				t.Errorf("read %d records, want %d", got, n)
			}
			if peak > 32<<20 {
				t.Errorf("heap in use reached %d MiB while streaming", peak>>20)
			}
		})
	}
}

// One result longer than MaxResult is an error naming where it starts,
// read without holding more than about MaxResult of it.
func TestResultTooLong(t *testing.T) {
	huge := strings.Repeat("x", MaxResult+1<<20) // a decoder reads ahead a little
	for _, tt := range []struct {
		name, text, want string
		parse            func(io.Reader, string) (*Reader, error)
	}{
		{"in.jsonl", jsonlLine + `{"model_type": "` + huge + `"}` + "\n", "in.jsonl:2: the result that starts here is longer than 16 MiB, the most sweepstat reads for one result", nil},
		{"in.json", "[\n" + strings.TrimSuffix(jsonlLine, "\n") + ",\n" + `{"model_type": "` + huge + `"}]`, "in.json:3: the result that starts here is longer than 16 MiB, the most sweepstat reads for one result", nil},
		{"in.csv", "model_type,n_prompt,n_gen,avg_ts\nm,64,0,5\n\"" + huge + "\",64,0,5\n", "in.csv:3: the result that starts here is longer than 16 MiB, the most sweepstat reads for one result", nil},
		{"in.sql", "CREATE TABLE llama_bench (model_type TEXT);\nINSERT INTO llama_bench VALUES ('" + huge + "');\n", "in.sql:2: the result that starts here is longer than 16 MiB, the most sweepstat reads for one result", nil},
	} {
		var err error
		switch {
		case strings.HasSuffix(tt.name, ".csv"):
			_, err = ParseCSV(strings.NewReader(tt.text), tt.name)
		case strings.HasSuffix(tt.name, ".sql"):
			_, err = ParseSQL(strings.NewReader(tt.text), tt.name)
		default:
			_, err = ParseJSON(strings.NewReader(tt.text), tt.name)
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// A JSONL line cut short is blamed on its own line, not on the next one.
func TestJSONLCutLine(t *testing.T) {
	cut := jsonlLine[:60] + "\n"
	_, err := ParseJSON(strings.NewReader(jsonlLine+cut+jsonlLine+jsonlLine), "cut.jsonl")
	want := "cut.jsonl:2: invalid JSON in the value that starts on this line (line cut short?): at line 3: invalid character '{' after object key:value pair"
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant  %s", err, want)
	}
}

// SQL text is refused before it runs unless it is llama-bench's, so that
// no statement can take unbounded time (a cross join, a recursive query)
// or reach a file.
func TestSQLTimeBombs(t *testing.T) {
	const table = "CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, n_gen INTEGER, avg_ts REAL);\n"
	for _, text := range []string{
		"CREATE TABLE t (x); INSERT INTO t VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10);\n" + table +
			"INSERT INTO llama_bench SELECT 'm', 64, 0, 5 FROM t a, t b, t c, t d, t e, t f, t g, t h, t i, t j WHERE a.x + b.x + c.x + d.x + e.x + f.x + g.x + h.x + i.x + j.x < 0;",
		table + "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO llama_bench SELECT 'm', 64, 0, 5 FROM c;",
		table + "CREATE TRIGGER tr AFTER INSERT ON llama_bench BEGIN INSERT INTO llama_bench SELECT * FROM llama_bench; END;",
		table + "INSERT INTO llama_bench VALUES ('m', 64, 0, (SELECT count(*) FROM llama_bench));",
		"CREATE TABLE llama_bench AS SELECT 'm' AS model_type;",
		"CREATE VIEW llama_bench AS SELECT 1;",
		table + "INSERT INTO llama_bench VALUES (zeroblob(1000000000), 64, 0, 5);",
	} {
		start := time.Now()
		_, err := ParseSQL(strings.NewReader(text), "bomb.sql")
		if err == nil || !strings.Contains(err.Error(), "only the statements llama-bench writes are accepted") {
			t.Errorf("ParseSQL(%.60q…): error %v, want a refusal", text, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("ParseSQL(%.60q…) took %v", text, d)
		}
	}
}

// The SQL reader's private database goes away when it is done, whether the
// text was good or bad.
func TestSQLNoTempLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	good, err := os.ReadFile("testdata/small.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseSQL(strings.NewReader(string(good)), "small.sql"); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseSQL(strings.NewReader(string(good)+"DROP TABLE llama_bench;"), "bad.sql"); err == nil {
		t.Fatal("DROP TABLE accepted")
	}
	r := NewSQLReader(strings.NewReader(string(good)), "small.sql")
	r.Scan()
	r.Close() // abandoned after one record
	if es, _ := os.ReadDir(tmp); len(es) != 0 {
		t.Errorf("%d file(s) left in TMPDIR", len(es))
	}
}

// Parsers shorten names for output; Readers leave them whole (for import).
func TestLongNames(t *testing.T) {
	long := strings.Repeat("n", 1000)
	text := fmt.Sprintf(`{"model_type": %q, "n_prompt": 64, "n_gen": 0, "avg_ts": 5, "note": %q}`, long, long)
	recs, err := ParseJSON(strings.NewReader(text), "long.json")
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Model != safename.Shorten(long) || recs[0].Knobs["note"] != safename.Shorten(long) {
		t.Errorf("ParseJSON: model %d bytes, note %d bytes; want %d", len(recs[0].Model), len(recs[0].Knobs["note"]), safename.MaxName)
	}
	r := NewJSONReader(strings.NewReader(text), "long.json")
	if !r.Scan() || r.Record().Model != long {
		t.Errorf("Reader shortened the model name (%v)", r.Err())
	}
}
