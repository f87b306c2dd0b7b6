package llamabench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// refDir holds files made by the real llama-bench and compare-llama-bench.py.
const refDir = "../../../shared/reference/llama-bench"

// refPath returns the path of a reference file, skipping the test when the
// reference folder is absent.
func refPath(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(refDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: reference file %s not available: %v", p, err)
	}
	return p
}

// rawObjects decodes a JSON or JSONL reference file on its own, to check
// the parser against the numbers llama-bench printed.
func rawObjects(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		if err := json.Unmarshal(data, &objs); err != nil {
			t.Fatal(err)
		}
		return objs
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	return objs
}

// TestReferenceSamples checks the recomputed speeds against llama-bench's own:
// their mean is avg_ts, their sample standard deviation stddev_ts (both
// printed with 6 decimals), and each one printed with 6 significant digits
// is samples_ts.
func TestReferenceSamples(t *testing.T) {
	for _, name := range []string{"run.json", "run.jsonl", "switch-fa-ctk.json"} {
		t.Run(name, func(t *testing.T) {
			path := refPath(t, name)
			recs := parseFile(t, jsonParse, path)
			objs := rawObjects(t, path)
			if len(recs) != len(objs) || len(recs) == 0 {
				t.Fatalf("%d records from %d objects", len(recs), len(objs))
			}
			for i, r := range recs {
				o := objs[i]
				if rel := math.Abs(r.Mean/o["avg_ts"].(float64) - 1); rel > 1e-6 {
					t.Errorf("%s: mean %v, avg_ts %v (relative difference %.2g)", r.Where, r.Mean, o["avg_ts"], rel)
				}
				if rel := math.Abs(r.Std/o["stddev_ts"].(float64) - 1); rel > 1e-6 {
					t.Errorf("%s: std %v, stddev_ts %v (relative difference %.2g)", r.Where, r.Std, o["stddev_ts"], rel)
				}
				ts := o["samples_ts"].([]any)
				if int(r.Reps) != len(ts) || len(r.Samples()) != len(ts) {
					t.Fatalf("%s: %d reps, %d samples, llama-bench has %d", r.Where, r.Reps, len(r.Samples()), len(ts))
				}
				for j, s := range r.Samples() {
					printed, _ := strconv.ParseFloat(strconv.FormatFloat(s, 'g', 6, 64), 64)
					if printed != ts[j].(float64) {
						t.Errorf("%s: sample %d = %v prints as %v, llama-bench printed %v", r.Where, j, s, printed, ts[j])
					}
				}
			}
		})
	}
}

// benchID is what identifies a result across formats: everything but the
// numbers and the location.
type benchID struct {
	Model, Phase, Size, Time string
	Knobs                    map[string]string
}

func benchIDs(recs []sweep.Record) []benchID {
	out := make([]benchID, len(recs))
	for i, r := range recs {
		out[i] = benchID{r.Model, r.Phase, r.Size, r.Time, r.Knobs}
	}
	return out
}

// TestReferenceFormats reads the same llama-bench invocation written in every
// format. The four files come from four separate runs (their test_time
// differ), so they agree in what was measured but not in the speeds.
func TestReferenceFormats(t *testing.T) {
	jsonRecs := parseFile(t, jsonParse, refPath(t, "run.json"))
	formats := map[string][]sweep.Record{
		"run.json":  jsonRecs,
		"run.jsonl": parseFile(t, jsonParse, refPath(t, "run.jsonl")),
		"run.csv":   parseFile(t, csvParse, refPath(t, "run.csv")),
		"run.sql":   parseFile(t, sqlParse, refPath(t, "run.sql")),
	}
	ignoreTime := cmpopts.IgnoreFields(benchID{}, "Time")
	for _, name := range sweep.SortedKeys(formats) {
		recs := formats[name]
		if diff := cmp.Diff(benchIDs(jsonRecs), benchIDs(recs), ignoreTime); diff != "" {
			t.Errorf("%s measures other benchmarks than run.json (-json +%s):\n%s", name, name, diff)
		}
		for i := range recs {
			// Not a precision check (the runs differ by up to 1.7× in this
			// noisy data), but a wrong token count or unit is off by far more.
			if ratio := recs[i].Mean / jsonRecs[i].Mean; ratio < 0.5 || ratio > 2 {
				t.Errorf("%s: mean %v, run.json's %v", recs[i].Where, recs[i].Mean, jsonRecs[i].Mean)
			}
		}
	}

	// CSV and SQL hold avg_ts and stddev_ts with 6 decimals: the records
	// carry them unchanged. Read the CSV on its own to compare.
	f, err := os.Open(refPath(t, "run.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, r := range formats["run.csv"] {
		row := rows[i+1]
		if got := strconv.FormatFloat(r.Mean, 'f', 6, 64); got != row[col["avg_ts"]] {
			t.Errorf("%s: mean %s, avg_ts %s", r.Where, got, row[col["avg_ts"]])
		}
		if got := strconv.FormatFloat(r.Std, 'f', 6, 64); got != row[col["stddev_ts"]] {
			t.Errorf("%s: std %s, stddev_ts %s", r.Where, got, row[col["stddev_ts"]])
		}
		if r.Reps != 0 || r.Samples() != nil {
			t.Errorf("%s: %d reps, samples %v from a CSV file", r.Where, r.Reps, r.Samples())
		}
	}

	// run.sql is the run whose rows open llama-bench.sqlite (rows 1–10):
	// text and database give the same records.
	db, err := ReadSQLite(refPath(t, "llama-bench.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	ignoreWhere := cmpopts.IgnoreFields(sweep.Record{}, "Where", "Invocation")
	if diff := cmp.Diff(formats["run.sql"], db[:len(formats["run.sql"])], ignoreWhere); diff != "" {
		t.Errorf("run.sql vs llama-bench.sqlite (-sql +sqlite):\n%s", diff)
	}
}

func TestReferenceSQLite(t *testing.T) {
	path := refPath(t, "llama-bench.sqlite")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ReadSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 42 {
		t.Errorf("%d records, want 42", len(recs))
	}
	builds := map[string]int{}
	for _, r := range recs {
		builds[r.Knobs["build_commit"]]++
	}
	if want := map[string]int{"c34b92235": 18, "d8a24ccee": 24}; !cmp.Equal(want, builds) {
		t.Errorf("records per build_commit: %v, want %v", builds, want)
	}
	if got, want := recs[41].Where, "row 42"; got != want {
		t.Errorf("last record's Where = %q, want %q", got, want)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("ReadSQLite changed llama-bench.sqlite")
	}
}
