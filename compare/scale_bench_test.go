package compare

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
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

// sweepFiles returns two benchfmt files of benches benchmarks × samples
// samples each (the second 3% slower on every 20th benchmark), written
// once per shape into a temporary directory, or the files
// $SWEEPSTAT_BENCH_OLD and $SWEEPSTAT_BENCH_NEW when set.
func sweepFiles(b *testing.B, benches, samples int) (string, string) {
	b.Helper()
	if o, n := os.Getenv("SWEEPSTAT_BENCH_OLD"), os.Getenv("SWEEPSTAT_BENCH_NEW"); o != "" && n != "" {
		return o, n
	}
	dir := b.TempDir()
	write := func(name string, seed uint64, slow float64) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		rng := rand.New(rand.NewPCG(seed, 1))
		fmt.Fprint(w, "goos: linux\ngoarch: amd64\npkg: example.com/sweep\n")
		for i := range benches {
			base := 1000 + float64((i*7919)%100000)
			if i%20 == 0 {
				base *= slow
			}
			for range samples {
				u := rng.Float64() + rng.Float64() + rng.Float64() + rng.Float64() - 2
				fmt.Fprintf(w, "BenchmarkSweep/case=%06d-2 \t 1000\t %.2f ns/op\n", i, base*(1+0.017*u))
			}
		}
		if err := errors.Join(w.Flush(), f.Close()); err != nil {
			b.Fatal(err)
		}
		return path
	}
	return write("old.txt", 1, 1), write("new.txt", 2, 1.03)
}

// BenchmarkCompareFiles measures sweepstat compare of two benchfmt files
// (loading, analysis, the text table), per shape: benchmarks × samples in
// each file. scripts/bench-compare.sh measures the command against
// benchstat on a million samples.
func BenchmarkCompareFiles(b *testing.B) {
	for _, shape := range [][2]int{{5120, 10}, {25600, 2}, {256, 200}} {
		b.Run(fmt.Sprintf("%dx%d", shape[0], shape[1]), func(b *testing.B) {
			old, nw := sweepFiles(b, shape[0], shape[1])
			b.ReportAllocs()
			for b.Loop() {
				res, err := Run(Spec{Files: []string{old, nw}})
				if err != nil {
					b.Fatal(err)
				}
				if err := res.Write(io.Discard, FormatText, English); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
