package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFlags feeds arbitrary text to the -max-regression and -set flag
// syntaxes: no panic; an accepted limit is a finite percentage ≥ 0, an
// accepted -set has a non-empty key.
//
//	go test -run '^$' -fuzz FuzzFlags -fuzztime 20s ./cmd/sweepstat
func FuzzFlags(f *testing.F) {
	for _, s := range []string{"2", "pp=3,tg=1", "2,tg=1", "=3", "-1", "NaN", "Inf", "1e400", "pp=", "a=b", "k=", "=v", " k =v", "5%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var l limitsFlag
		if err := l.Set(s); err == nil {
			for p, v := range l.phase {
				if p == "" || !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("-max-regression %q: phase %q limit %v", s, p, v)
				}
			}
		}
		set := setFlag{}
		if err := set.Set(s); err == nil {
			for k := range set {
				if strings.TrimSpace(k) == "" {
					t.Fatalf("-set %q: empty key", s)
				}
			}
		}
	})
}

// FuzzPipeline builds a results database from fuzzed numbers and a fuzzed
// model name — speeds from 1e-300 to 1e300, equal or distinct sides, names
// with control characters, invalid UTF-8 or hundreds of bytes — and runs
// it through every command and renderer: no panic, status 0 or 1 (check),
// every output valid UTF-8 without NUL or terminal escapes, no NaN or Inf
// in CSV or JSON, JSON that parses.
//
//	go test -run '^$' -fuzz FuzzPipeline -fuzztime 1m ./cmd/sweepstat
func FuzzPipeline(f *testing.F) {
	f.Add("alpha", 100.0, 1.02, int8(0), 0.01, false)
	f.Add("smol\x1b]0;pwned\x07", 29.5, 1.0, int8(100), 0.0, true)
	f.Add("x\x00\xff", 1.0, 0.5, int8(-100), 1e-9, false)
	f.Add(strings.Repeat("长", 200), 7.0, 1.0001, int8(127), 0.3, false)
	// Speeds 1e-300 against 1e-290: report hangs in internal/chart (see
	// TestSignalGrace), so this seed runs the commands without report.
	f.Add("m", 1.0, 1e10, int8(-127), 0.0, false)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, model string, base, ratio float64, exp int8, jitter float64, report bool) {
		scale := math.Pow(10, float64(exp)*2.36) // 1e-300 … 1e300
		if !(base > 0) || !(ratio > 0) || !(jitter >= 0) || jitter > 0.5 || math.IsInf(base*scale*ratio, 0) || base*scale*(1-jitter) <= 0 {
			return
		}
		db := filepath.Join(dir, "fuzz.db")
		os.Remove(db)
		if err := fuzzDB(db, model, base*scale, ratio, jitter); err != nil {
			t.Skip(err) // a number SQLite does not store
		}
		if model == "" { // bad input: one line naming the row, status 2
			var stdout, stderr bytes.Buffer
			code := exitCode(run(t.Context(), []string{"compare", "-db", db}, strings.NewReader(""), &stdout, &stderr), &stderr)
			if code != 2 || !strings.Contains(stderr.String(), "empty model name") || stdout.Len() > 0 {
				t.Fatalf("empty model name: status %d, stderr %q", code, stderr.String())
			}
			return
		}
		for _, args := range [][]string{
			{"compare", "-db", db, "-format", "text"},
			{"compare", "-db", db, "-format", "csv"},
			{"compare", "-db", db, "-format", "json"},
			{"compare", "-db", db, "-format", "markdown", "-lang", "zh"},
			{"check", "-db", db, "-format", "json"},
			{"check", "-db", db},
			{"list", "-db", db},
		} {
			var stdout, stderr bytes.Buffer
			code := exitCode(run(t.Context(), args, strings.NewReader(""), &stdout, &stderr), &stderr)
			if code != 0 && !(code == 1 && args[0] == "check") {
				t.Fatalf("sweepstat %s: status %d: %s", strings.Join(args, " "), code, stderr.String())
			}
			checkOutput(t, strings.Join(args, " "), stdout.Bytes(), args[len(args)-1] == "csv" || args[len(args)-1] == "json")
			if args[len(args)-1] == "json" && !json.Valid(stdout.Bytes()) {
				t.Fatalf("sweepstat %s: invalid JSON", strings.Join(args, " "))
			}
		}
		if !report {
			return
		}
		out := filepath.Join(dir, "out")
		os.RemoveAll(out)
		var stderr bytes.Buffer
		if code := exitCode(run(t.Context(), []string{"report", "-db", db, "-out", out, "-lang", "en"}, strings.NewReader(""), &bytes.Buffer{}, &stderr), &stderr); code != 0 {
			t.Fatalf("report: status %d: %s", code, stderr.String())
		}
		files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
		md, _ := filepath.Glob(filepath.Join(out, "*.md"))
		for _, p := range append(files, md...) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, p, b, strings.HasSuffix(p, ".csv"))
		}
	})
}

// fuzzDB writes a database of one task: two models (the fuzzed name and
// "ref"), pp and tg at two sizes, dynamicOption 7 (speed) and 8 (speed ×
// ratio), three invocations each, apart by ±jitter.
func fuzzDB(path, model string, speed, ratio, jitter float64) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE tasks (id INTEGER PRIMARY KEY, name TEXT, description TEXT, original_yaml TEXT);
		CREATE TABLE suites (id INTEGER PRIMARY KEY, task_id INTEGER, name TEXT, model_name TEXT);
		CREATE TABLE case_definitions (id INTEGER PRIMARY KEY, suite_id INTEGER, name TEXT, base_parameters TEXT, backend TEXT, threads INTEGER, precision TEXT);
		CREATE TABLE benchmark_results (id INTEGER PRIMARY KEY, case_id INTEGER, result_type TEXT, result_parameter TEXT, mean_value REAL, std_value REAL, unit TEXT, created_at TEXT);
		INSERT INTO tasks VALUES (1, 'fuzz', '', '');`); err != nil {
		return err
	}
	c, r := 0, 0
	for s, m := range []string{model, "ref"} {
		if _, err := db.Exec(`INSERT INTO suites VALUES (?, 1, 's', ?)`, s+1, m); err != nil {
			return err
		}
		for inv := 0; inv < 3; inv++ {
			for _, v := range []int{7, 8} {
				for _, size := range []int{64, 128} {
					c++
					params := fmt.Sprintf(`{"dynamicOption": %d, "n_prompt": %d, "n_gen": %d}`, v, size, size/2)
					if _, err := db.Exec(`INSERT INTO case_definitions VALUES (?, ?, 'c', ?, NULL, NULL, NULL)`, c, s+1, params); err != nil {
						return err
					}
					x := speed * (1 + jitter*float64(inv-1))
					if v == 8 {
						x *= ratio
					}
					for _, ph := range []struct{ phase, size string }{{"pp", fmt.Sprint(size)}, {"tg", fmt.Sprint(size / 2)}} {
						r++
						stamp := fmt.Sprintf("2025-01-01 00:%02d:%02d", (r/60)%60, r%60)
						if _, err := db.Exec(`INSERT INTO benchmark_results VALUES (?, ?, ?, ?, ?, ?, 'tokens/sec', ?)`, r, c, ph.phase, ph.size, x, x*jitter/10, stamp); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	return nil
}

// checkOutput checks one output: valid UTF-8, no NUL, ESC or BEL; no NaN
// or Inf in machine output.
func checkOutput(t *testing.T, what string, b []byte, machine bool) {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatalf("%s: output is not valid UTF-8", what)
	}
	for _, c := range []byte{0, 0x1b, 0x07} {
		if i := bytes.IndexByte(b, c); i >= 0 {
			t.Fatalf("%s: output holds byte %#x at %d", what, c, i)
		}
	}
	if machine && (bytes.Contains(b, []byte("NaN")) || bytes.Contains(b, []byte("Inf"))) {
		t.Fatalf("%s: NaN or Inf in machine output:\n%s", what, b)
	}
}
