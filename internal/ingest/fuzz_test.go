package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead detects and reads arbitrary content as a file, as import and
// compare do: no panic; records or an error; every record valid; Open
// streams the same number of records (or fails alike).
//
//	go test -run '^$' -fuzz FuzzRead -fuzztime 20s ./internal/ingest
func FuzzRead(f *testing.F) {
	for _, src := range []string{
		"../llamabench/testdata/small.json", "../llamabench/testdata/small.jsonl", "../llamabench/testdata/small.csv",
		"../llamabench/testdata/small.sql", "../llmbench/testdata/default.txt", "../llmbench/testdata/demo.txt",
		"../../fixtures/llamabench/two_builds.sql",
	} {
		b, err := os.ReadFile(src)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// The real outputs of both engines, when ../shared is there (CI has it).
	for _, dir := range []string{"llama-bench", "mnn_llm_bench"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "reference", dir, "*"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 1<<20 {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("goos: linux\nBenchmarkX-8 1 5 ns/op\n"))
	f.Add([]byte("SQLite format 3\x00"))
	p := filepath.Join(f.TempDir(), "input")
	f.Fuzz(func(t *testing.T, content []byte) {
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		file, err := Read(p)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
		} else {
			for i := range file.Records {
				if err := file.Records[i].Validate(); err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
			}
		}
		in, openErr := Open(p, map[string]string{"round": "a"})
		if openErr != nil {
			if err == nil {
				t.Fatalf("Read succeeded, Open failed: %v", openErr)
			}
			return
		}
		defer in.Close()
		n := 0
		for in.Scan() {
			n++
		}
		if (err == nil) != (in.Err() == nil) || err == nil && n != len(file.Records) {
			t.Fatalf("Read: %v; Open streamed %d records, then %v", err, n, in.Err())
		}
	})
}
