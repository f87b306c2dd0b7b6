package stats

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// buildBenchstat builds golang.org/x/perf/cmd/benchstat at the version in
// go.mod, or skips the test.
func buildBenchstat(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping benchstat build in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: no go tool to build benchstat: %v", err)
	}
	exe := filepath.Join(t.TempDir(), "benchstat")
	out, err := exec.Command(goTool, "build", "-o", exe, "golang.org/x/perf/cmd/benchstat").CombinedOutput()
	if err != nil {
		t.Skipf("skipping: cannot build benchstat: %v\n%s", err, out)
	}
	return exe
}

// benchstatCase is one benchmark of the files given to benchstat.
type benchstatCase struct {
	name      string
	base, new []float64
}

func writeBenchfmt(t *testing.T, path string, cases []benchstatCase, side func(benchstatCase) []float64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("Unit tok/s better=higher\n")
	for _, c := range cases {
		for _, v := range side(c) {
			fmt.Fprintf(&b, "Benchmark%s 1 %s tok/s\n", c.name, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
}

// TestBenchstatAgreement checks Compare and Aggregate against the output of
// benchstat itself for rows with n ≥ 6, where Compare must be benchstat.
func TestBenchstatAgreement(t *testing.T) {
	exe := buildBenchstat(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var cases []benchstatCase
	for i, n := range []int{6, 6, 7, 8, 10, 16, 16, 20} {
		shift := []float64{1, 1.03, 0.995, 1.001, 0.98, 1.002, 1.01, 1}[i]
		c := benchstatCase{name: fmt.Sprintf("B%d", i)}
		for j := 0; j < n; j++ {
			// Round to 0.01 tok/s like llama-bench, which makes ties.
			c.base = append(c.base, math.Round(100*(50+rng.NormFloat64()*0.3))/100)
			c.new = append(c.new, math.Round(100*(50*shift+rng.NormFloat64()*0.3))/100)
		}
		cases = append(cases, c)
	}
	dir := t.TempDir()
	oldPath, newPath := filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
	writeBenchfmt(t, oldPath, cases, func(c benchstatCase) []float64 { return c.base })
	writeBenchfmt(t, newPath, cases, func(c benchstatCase) []float64 { return c.new })
	// -alpha 1 makes benchstat print every delta instead of "~".
	cmd := exec.Command(exe, "-format", "csv", "-alpha", "1", oldPath, newPath)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("benchstat: %v\n%s", err, stderr.String())
	}
	rows, err := csv.NewReader(bytes.NewReader(stdout.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("parsing benchstat CSV: %v\n%s", err, stdout.String())
	}
	t.Logf("benchstat -format csv -alpha 1 old.txt new.txt:\n%s", stdout.String())
	byName := map[string][]string{}
	for _, r := range rows {
		byName[r[0]] = r
	}
	var ratios []float64
	for _, c := range cases {
		r, ok := byName[c.name]
		if !ok || len(r) != 7 {
			t.Fatalf("benchstat output has no row %s:\n%s", c.name, stdout.String())
		}
		got, err := Compare(c.base, c.new, Config{})
		if err != nil {
			t.Fatal(err)
		}
		ratios = append(ratios, got.Ratio)
		if got.Test != UTest {
			t.Errorf("%s: Test = %q, want %q", c.name, got.Test, UTest)
		}
		want := fmt.Sprintf("%v %v %s %s %s", r[1], r[3], r[2], r[4], r[5])
		have := fmt.Sprintf("%v %v %s %s %s", got.Base.Center, got.New.Center,
			pctRange(got.Base), pctRange(got.New), fmt.Sprintf("%+.2f%%", 100*got.Delta))
		if got.Base.Center == got.New.Center {
			have = have[:strings.LastIndex(have, " ")] + " 0.00%"
		}
		if want != have {
			t.Errorf("%s: center/CI/delta: benchstat %q, Compare %q", c.name, want, have)
		}
		if wantP, haveP := r[6], fmt.Sprintf("p=%0.3f n=%s", got.P, nString(got.Base.N, got.New.N)); wantP != haveP {
			t.Errorf("%s: benchstat %q, Compare %q (P=%v)", c.name, wantP, haveP, got.P)
		}
	}
	agg, err := Aggregate(ratios, AggConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if want, have := byName["geomean"][5], fmt.Sprintf("%+.2f%%", 100*(agg.GeoMean-1)); want != have {
		t.Errorf("geomean delta: benchstat %q, Aggregate %q", want, have)
	}
}

// pctRange is benchmath.Summary.PctRangeString for positive values.
func pctRange(s Side) string {
	return fmt.Sprintf("%.0f%%", 100*math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center))
}
