package compare

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/benchconv"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// buildBenchstat builds golang.org/x/perf/cmd/benchstat at the version in
// go.mod, or skips the test when it cannot.
func buildBenchstat(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds benchstat; skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "benchstat")
	out, err := exec.Command("go", "build", "-o", bin, "golang.org/x/perf/cmd/benchstat").CombinedOutput()
	if err != nil {
		t.Skipf("cannot build benchstat: %v\n%s", err, out)
	}
	return bin
}

// benchstatRow is one row of `benchstat -format csv`.
type benchstatRow struct {
	base, new float64 // centers
	delta     string  // "+2.50%" or "~"
	p         float64
	n         string // "n=16" or "n=4+5"
}

func runBenchstat(t *testing.T, bin, old, nw string) map[string]benchstatRow {
	t.Helper()
	// -alpha 0.9999: print every delta, so that all of them can be checked.
	cmd := exec.Command(bin, "-format", "csv", "-alpha", "0.9999", old, nw)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("benchstat: %v", err)
	}
	cr := csv.NewReader(&stdout)
	cr.FieldsPerRecord = -1 // config lines and headers are shorter
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("reading benchstat's CSV: %v", err)
	}
	rows := map[string]benchstatRow{}
	for _, r := range recs {
		if len(r) != 7 || r[0] == "" || r[0] == "geomean" {
			continue
		}
		b, err1 := strconv.ParseFloat(r[1], 64)
		n, err2 := strconv.ParseFloat(r[3], 64)
		pn := strings.Fields(r[6]) // "p=0.000 n=16"
		if err1 != nil || err2 != nil || len(pn) != 2 {
			continue // header lines
		}
		p, err := strconv.ParseFloat(strings.TrimPrefix(pn[0], "p="), 64)
		if err != nil {
			t.Fatalf("benchstat row %v: %v", r, err)
		}
		rows["Benchmark"+r[0]] = benchstatRow{base: b, new: n, delta: r[5], p: p, n: pn[1]}
	}
	return rows
}

// TestAgreesWithBenchstat writes a report's benchfmt files, runs benchstat
// on them, and checks that every row sweepstat tested with the U-test has
// benchstat's center, delta and p-value (to the digits benchstat prints);
// with MinUTest 1 that is every row. Welch rows (the small-sample floor)
// must at least be rows of benchstat with the same sample counts.
func TestAgreesWithBenchstat(t *testing.T) {
	bin := buildBenchstat(t)
	specs := map[string]Spec{"demo": {}, "demo, every row U-test": {MinUTest: 1}}
	if _, err := os.Stat(sharedDir + "benchmark_results.db"); err == nil {
		db := sharedDir + "benchmark_results.db"
		specs["real task 3"] = Spec{DB: db}
		specs["real task 3, every row U-test"] = Spec{DB: db, MinUTest: 1}
		specs["real task 2 (mmap)"] = Spec{DB: db, Option: "mmap", MinUTest: 1}
	} else {
		t.Logf("real database absent (%v): checking the demo only", err)
	}
	for name, spec := range specs {
		t.Run(name, func(t *testing.T) {
			res, err := Run(spec)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			files, err := res.Files(ReportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var bench []string
			for _, f := range files {
				if !strings.HasPrefix(f.Name, "bench/") {
					continue
				}
				path := filepath.Join(dir, filepath.Base(f.Name))
				var buf bytes.Buffer
				if err := f.Write(&buf); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o666); err != nil {
					t.Fatal(err)
				}
				bench = append(bench, path)
			}
			theirs := runBenchstat(t, bin, bench[0], bench[1])
			a := res.a
			name := benchconv.Namer(a.Sel)
			utest := 0
			for i := range a.Sig.Rows {
				r := &a.Sig.Rows[i]
				bs, ok := theirs[name(r.Rec)]
				if !ok {
					t.Errorf("benchstat has no row %s", name(r.Rec))
					continue
				}
				if n := nString(r.Cmp.Base.N, r.Cmp.New.N); n != bs.n {
					t.Errorf("%s: sweepstat %s, benchstat %s", name(r.Rec), n, bs.n)
				}
				if r.Cmp.Test != stats.UTest {
					continue
				}
				utest++
				if !close(r.Cmp.Base.Center, bs.base, 1e-12) || !close(r.Cmp.New.Center, bs.new, 1e-12) {
					t.Errorf("%s: centers %v, %v; benchstat %v, %v", name(r.Rec), r.Cmp.Base.Center, r.Cmp.New.Center, bs.base, bs.new)
				}
				if math.Abs(r.Cmp.P-bs.p) > 0.0005+1e-12 {
					t.Errorf("%s: p %v; benchstat p=%.3f", name(r.Rec), r.Cmp.P, bs.p)
				}
				if bs.delta != "~" {
					d, err := strconv.ParseFloat(strings.TrimSuffix(bs.delta, "%"), 64)
					if err != nil || math.Abs(r.Cmp.Delta*100-d) > 0.005+1e-9 {
						t.Errorf("%s: delta %+.4f%%; benchstat %s", name(r.Rec), r.Cmp.Delta*100, bs.delta)
					}
				}
			}
			t.Logf("%d rows, %d tested with the U-test and checked against benchstat", len(a.Sig.Rows), utest)
			if utest == 0 {
				t.Errorf("no U-test rows were checked")
			}
		})
	}
}

func nString(b, n int) string {
	if b == n {
		return "n=" + strconv.Itoa(b)
	}
	return "n=" + strconv.Itoa(b) + "+" + strconv.Itoa(n)
}

func close(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}
