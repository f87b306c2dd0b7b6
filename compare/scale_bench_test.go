package compare

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sweepstat/sweepstat/internal/demo"
)

// bigDB returns the path of a big synthetic database: $SWEEPSTAT_BENCH_DB
// when set (make bench's 131,072 or 1,048,576 results, made by
// go run ./internal/demo/gendemo -big N | sqlite3 FILE), else a sweep of
// 4 models × 64 × 16 × 1 round (16,384 results) built once per test binary
// in a temporary directory, through sqlite3 when it is installed (the
// benchmark is skipped when it is not).
func bigDB(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("SWEEPSTAT_BENCH_DB"); p != "" {
		return p
	}
	bigOnce.Do(func() { bigPath, bigErr = makeBigDB(demo.Big{Rounds: 1}) })
	if bigErr != nil {
		b.Skip(bigErr)
	}
	return bigPath
}

var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

// makeBigDB pipes sweep shape into sqlite3, into a file under a temporary
// directory that lives as long as the test binary.
func makeBigDB(shape demo.Big) (string, error) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "sweepstat-bench-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "big.db")
	cmd := exec.Command(sqlite, path)
	in, err := cmd.StdinPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	w := bufio.NewWriter(in)
	werr := demo.WriteBigSQL(w, shape)
	if werr == nil {
		werr = w.Flush()
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		return "", err
	}
	return path, werr
}

// BenchmarkReportBig measures a whole report of a big database file as the
// CLI makes it: loading, analysis and every file rendered (to io.Discard,
// one after another).
func BenchmarkReportBig(b *testing.B) {
	path := bigDB(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(Spec{DB: path})
		if err != nil {
			b.Fatal(err)
		}
		files, err := res.Files(ReportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if err := f.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRunBig measures loading and analysis alone of a big database.
func BenchmarkRunBig(b *testing.B) {
	path := bigDB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(Spec{DB: path}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckRealDB measures sweepstat check's work on task 3 of the
// real database: loading that task, analysis, the gate's text.
func BenchmarkCheckRealDB(b *testing.B) {
	path := realDBPath(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(Spec{DB: path, Task: "3", Correction: Holm})
		if err != nil {
			b.Fatal(err)
		}
		if err := res.WriteCheck(io.Discard, FormatText, English); err != nil {
			b.Fatal(err)
		}
	}
}

// realDBPath returns the path of the real database, skipping b when the
// reference data is absent.
func realDBPath(b *testing.B) string {
	b.Helper()
	path := sharedDir + "benchmark_results.db"
	if _, err := os.Stat(path); err != nil {
		b.Skipf("reference data %s not found: %v", path, err)
	}
	return path
}
