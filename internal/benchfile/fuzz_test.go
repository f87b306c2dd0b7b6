package benchfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/benchfile"
)

// FuzzRead reads arbitrary text as both the old and the new file: Read must
// not panic, and either fail or return records that all pass Validate (what
// sweep.Select requires), the same for both files.
//
//	go test -run '^$' -fuzz FuzzRead -fuzztime 20s ./internal/benchfile
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		goTestOutput,
		"sweepstat-task: 1 (t)\nUnit tokens/sec better=higher\n\nBenchmarkPP/model=m/size=64/threads=4 1 66.74 tokens/sec\nBenchmarkTG/model=m/size=16 1 20 tokens/sec\n",
		"pkg: a\nUnit ns/op better=lower\nBenchmarkFoo-8 10 100 ns/op 5 frames/op 0 B/op\npkg: b\nBenchmarkFoo-8 10 110 ns/op\n",
		"BenchmarkFoo 1 5 MB/s\nBenchmarkFoo 1 2.5e3 MB/s\n",
		"BenchmarkFoo\nBenchmarkFoo-8 1 5 ns/op\n",
		"Unit x better=sideways\nBenchmarkFoo 1 5 x\n",
		"Unit ns/op better\nBenchmarkFoo 1 5 ns/op\n",
		"BenchmarkFoo 1 5\n",
		"BenchmarkFoo x 5 ns/op\n",
		"goos: linux\nPASS\n",
		"",
	} {
		f.Add(s)
	}
	p := filepath.Join(f.TempDir(), "in.txt") // one per fuzz worker process
	f.Fuzz(func(t *testing.T, text string) {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		task, err := benchfile.Read([]string{p, p})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		n := len(task.Records)
		if n == 0 || n%2 != 0 {
			t.Fatalf("%d records from the same file read twice", n)
		}
		for i := range task.Records {
			r := &task.Records[i]
			if err := r.Validate(); err != nil {
				t.Fatalf("record %d of a successful Read is invalid: %v (runs %v)", i, err, r.Runs())
			}
			if r.Knobs[benchfile.Option] != p {
				t.Fatalf("record %d: file %q, want %q", i, r.Knobs[benchfile.Option], p)
			}
		}
		if diff := cmp.Diff(task.Records[:n/2], task.Records[n/2:]); diff != "" {
			t.Fatalf("the same file read twice gave different records (-old +new):\n%s", diff)
		}
	})
}

// FuzzParse reads arbitrary text as import does (Reader, one record per
// value): no panic; records or an error; every record valid, its Where a
// file:line; the same records as Parse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{goTestOutput, "\ufeffBenchmarkFoo 1 5 ns/op\n", "BenchmarkFoo 1 5 ns/op 0 B/op\nUnit ns/op better=lower\n",
		"BenchmarkPP/model=m/size=64/k=v 1 5 tokens/sec\n", "BenchmarkFoo 1 NaN ns/op\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := benchfile.NewReader(strings.NewReader(text), "f.txt")
		n := 0
		for r.Scan() {
			rec := r.Record()
			if err := rec.Validate(); err != nil {
				t.Fatalf("record %d: %v", n, err)
			}
			if !strings.HasPrefix(rec.Where, "f.txt:") {
				t.Fatalf("record %d: Where %q", n, rec.Where)
			}
			n++
		}
		recs, err := benchfile.Parse(strings.NewReader(text), "f.txt")
		if (err == nil) != (r.Err() == nil) || err == nil && len(recs) != n {
			t.Fatalf("Parse: %d records, %v; Reader: %d, %v", len(recs), err, n, r.Err())
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}
