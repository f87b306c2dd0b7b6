package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// TestDetect checks format detection on fixtures of every format and on
// text that is none of them. Detection reads content, never names: the
// files are copied under a neutral name first.
func TestDetect(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ src, want string }{
		{"../llamabench/testdata/small.json", FormatLlamaJSON},
		{"../llamabench/testdata/small.jsonl", FormatLlamaJSON},
		{"../llamabench/testdata/small.csv", FormatLlamaCSV},
		{"../llamabench/testdata/small.sql", FormatLlamaSQL},
		{"../../fixtures/llamabench/two_builds.sql", FormatLlamaSQL},
	} {
		b, err := os.ReadFile(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "input")
		os.WriteFile(p, b, 0o666)
		if got := Detect(b); got != tc.want {
			t.Errorf("Detect(%s) = %q, want %q", tc.src, got, tc.want)
		}
		f, err := Read(p)
		if err != nil || len(f.Records) == 0 {
			t.Errorf("Read(%s) = %v records, %v", tc.src, f, err)
		}
	}
	for text, want := range map[string]string{
		"| model | modelSize | backend | threads | precision | test | t/s |\n| --- | ---: | --- | ---: | --- | --- | ---: |\n| M | 1 MiB | CPU | 4 | Low | pp64 | 66.74 ± 0.02 |\n": FormatLLMBench,
		"goos: linux\nBenchmarkX-8  100  5 ns/op\n": FormatBenchfmt,
		"just some notes\n":                         "",
		"":                                          "",
	} {
		if got := Detect([]byte(text)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestApplyStable: the invocation id depends on content and -set knobs, not
// on the path, and -set overrides knobs.
func TestApplyStable(t *testing.T) {
	b, err := os.ReadFile("../llamabench/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, c := filepath.Join(dir, "a.json"), filepath.Join(dir, "sub-c.json")
	os.WriteFile(a, b, 0o666)
	os.WriteFile(c, b, 0o666)
	fa, _ := Read(a)
	fc, _ := Read(c)
	fa.Apply(map[string]string{"round": "1"})
	fc.Apply(map[string]string{"round": "1"})
	if fa.Records[0].Invocation != fc.Records[0].Invocation {
		t.Errorf("same content, same -set: ids %q and %q differ", fa.Records[0].Invocation, fc.Records[0].Invocation)
	}
	fb, _ := Read(a)
	fb.Apply(map[string]string{"round": "2", "n_threads": "x"})
	if fb.Records[0].Invocation == fa.Records[0].Invocation {
		t.Errorf("different -set gives the same id %q", fa.Records[0].Invocation)
	}
	if fb.Records[0].Knobs["round"] != "2" {
		t.Errorf("-set round=2 not applied: %v", fb.Records[0].Knobs)
	}
}

// The invocation id is the SHA-256 of the content (then the -set knobs),
// as it was when the file was read whole: importing again after an upgrade
// still adds nothing.
func TestInvocationIDUnchanged(t *testing.T) {
	b, err := os.ReadFile("../llamabench/testdata/small.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(p, b, 0o666)
	h := sha256.New()
	h.Write(b)
	h.Write([]byte("\x00round=a"))
	want := hex.EncodeToString(h.Sum(nil))[:12] + ":1"
	in, err := Open(p, map[string]string{"round": "a"})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if !in.Scan() || in.Record().Invocation != want {
		t.Fatalf("first record's invocation %q, want %q (%v)", in.Record().Invocation, want, in.Err())
	}
	f, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Apply(map[string]string{"round": "a"})
	if f.Records[0].Invocation != want {
		t.Errorf("Read+Apply: invocation %q, want %q", f.Records[0].Invocation, want)
	}
}

// Open streams what Read holds, for every format.
func TestOpenStreams(t *testing.T) {
	for _, src := range []string{
		"../llamabench/testdata/small.json", "../llamabench/testdata/small.jsonl", "../llamabench/testdata/small.csv",
		"../llamabench/testdata/small.sql", "../llmbench/testdata/default.txt",
	} {
		f, err := Read(src)
		if err != nil {
			t.Fatal(err)
		}
		f.Apply(nil)
		in, err := Open(src, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []sweep.Record
		for in.Scan() {
			got = append(got, *in.Record())
		}
		if err := in.Err(); err != nil {
			t.Fatal(err)
		}
		in.Close()
		if diff := cmp.Diff(f.Records, got); diff != "" {
			t.Errorf("%s: Open vs Read (-Read +Open):\n%s", src, diff)
		}
		if in.Records != len(got) {
			t.Errorf("%s: Records = %d, want %d", src, in.Records, len(got))
		}
	}
}

// SQL whose CREATE TABLE is on one line is SQL, not CSV (its first line
// holds avg_ts and commas); a UTF-8 byte-order mark is skipped.
func TestDetectOneLineSQL(t *testing.T) {
	for _, text := range []string{
		"CREATE TABLE llama_bench (model_type TEXT, n_prompt INTEGER, n_gen INTEGER, avg_ts REAL);\nINSERT INTO llama_bench VALUES ('m', 64, 0, 5);\n",
		"\ufeffCREATE TABLE IF NOT EXISTS llama_bench (model_type TEXT, avg_ts REAL);\n",
		"-- llama-bench\nCREATE TABLE llama_bench (model_type TEXT, avg_ts REAL);\n",
		"create table llama_bench (model_type text, avg_ts real);",
	} {
		if got := Detect([]byte(text)); got != FormatLlamaSQL {
			t.Errorf("Detect(%q) = %q, want %q", text, got, FormatLlamaSQL)
		}
	}
	if got := Detect([]byte("model_type,n_prompt,n_gen,avg_ts\nllama_bench,64,0,5\n")); got != FormatLlamaCSV {
		t.Errorf("Detect(CSV naming llama_bench in a cell) = %q, want CSV", got)
	}
}

// Read shortens long names for output; Open keeps them whole for import.
func TestLongNames(t *testing.T) {
	long := strings.Repeat("q", 1000)
	p := filepath.Join(t.TempDir(), "long.json")
	os.WriteFile(p, []byte(`{"model_type": "`+long+`", "n_prompt": 64, "n_gen": 0, "avg_ts": 5}`), 0o666)
	f, err := Read(p)
	if err != nil || f.Records[0].Model != safename.Shorten(long) {
		t.Errorf("Read: model %d bytes, %v; want %d", len(f.Records[0].Model), err, safename.MaxName)
	}
	in, err := Open(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if !in.Scan() || in.Record().Model != long {
		t.Errorf("Open shortened the model name (%v)", in.Err())
	}
}

// A directory, a missing file and an unknown format are one-line errors.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("just some notes\n"), 0o666)
	for path, want := range map[string]string{
		dir:                           "reading input: " + dir + " is a directory",
		filepath.Join(dir, "missing"): "reading input: open " + filepath.Join(dir, "missing") + ": no such file or directory",
		notes:                         notes + ":1: unknown format (want llama-bench JSON, JSONL, CSV, SQL or SQLite, llm_bench Markdown, or Go benchmark format)",
	} {
		if _, err := Open(path, nil); err == nil || err.Error() != want {
			t.Errorf("Open(%s): %v, want %q", path, err, want)
		}
	}
}
