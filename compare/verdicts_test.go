package compare

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// benchFiles writes two benchmark-format files, old and new, with the
// given header lines and one result line "BenchmarkX 1 V UNIT" per value.
func benchFiles(t *testing.T, header, unit string, old, new []float64) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, vals := range [][]float64{old, new} {
		var b strings.Builder
		b.WriteString(header)
		for _, v := range vals {
			fmt.Fprintf(&b, "BenchmarkX 1 %s %s\n", strconvG(v), unit)
		}
		p := filepath.Join(dir, []string{"old.txt", "new.txt"}[i])
		if err := os.WriteFile(p, []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func strconvG(v float64) string { return fmt.Sprintf("%.17g", v) }

func onlyRow(t *testing.T, res *Result) Row {
	t.Helper()
	rows := res.Rows()
	if len(rows) != 1 {
		t.Fatalf("%d rows, want 1", len(rows))
	}
	return rows[0]
}

// Two constant sides that differ are a difference: [100 ×4] vs [50 ×4]
// (speeds printed to whole units) is a 50% regression and fails the gate;
// the row says the data's resolution floored the spread. Identical
// constant sides are equivalent.
func TestConstantSides(t *testing.T) {
	files := benchFiles(t, "", "tokens/s", []float64{100, 100, 100, 100}, []float64{50, 50, 50, 50})
	res, err := Run(Spec{Files: files})
	if err != nil {
		t.Fatal(err)
	}
	r := onlyRow(t, res)
	if r.Verdict != Regression || !r.Significant || r.DeltaPct != -50 {
		t.Errorf("100 vs 50: verdict %s, significant %v, delta %v; want a significant -50%% regression", r.Verdict, r.Significant, r.DeltaPct)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "resolution") {
		t.Errorf("notes %q do not say the resolution floored the spread", r.Notes)
	}
	if res.Check().Passed {
		t.Error("a constant -50% passes the gate")
	}
	files = benchFiles(t, "", "tokens/s", []float64{100.25, 100.25, 100.25, 100.25}, []float64{100.25, 100.25, 100.25, 100.25})
	res, err = Run(Spec{Files: files, Margin: Pct(0)})
	if err != nil {
		t.Fatal(err)
	}
	if r := onlyRow(t, res); r.Verdict != Equivalent {
		t.Errorf("identical constant sides: %s, want equivalent", r.Verdict)
	}
}

// Units: GFLOPS is higher-is-better, so a drop is a regression; better=
// metadata is read in any letter case; an unknown unit gets no verdict,
// a note naming the metadata line, and is untested in the gate.
func TestUnitDirections(t *testing.T) {
	old := []float64{100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 100}
	drop := make([]float64, len(old))
	for i, v := range old {
		drop[i] = v * 0.915
	}
	for _, c := range []struct {
		name, header, unit string
		want               Verdict
		better             string
	}{
		{"GFLOPS", "", "GFLOPS", Regression, "higher"},
		{"Hz", "", "Hz", Regression, "higher"},
		{"ns/op", "", "ns/op", Improvement, "lower"},
		{"Better=higher", "Unit score Better=higher\n", "score", Regression, "higher"},
		{"better=LOWER", "Unit score better=LOWER\n", "score", Improvement, "lower"},
		{"unknown", "", "widgets", Inconclusive, "unknown"},
	} {
		res, err := Run(Spec{Files: benchFiles(t, c.header, c.unit, old, drop)})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		r := onlyRow(t, res)
		if r.Verdict != c.want || r.Better != c.better {
			t.Errorf("%s: 8.5%% lower: verdict %s, better %s; want %s, %s", c.name, r.Verdict, r.Better, c.want, c.better)
		}
		ch := res.Check()
		switch c.want {
		case Regression:
			if ch.Passed {
				t.Errorf("%s: an 8.5%% regression passes the gate", c.name)
			}
		case Inconclusive:
			if !strings.Contains(strings.Join(r.Notes, " "), "Unit widgets better=higher") {
				t.Errorf("%s: notes %q do not name the metadata line", c.name, r.Notes)
			}
			if !ch.Passed || len(ch.Untested) != 1 {
				t.Errorf("%s: gate passed %v, untested %d; want a pass listing it untested", c.name, ch.Passed, len(ch.Untested))
			}
			if res, _ := Run(Spec{Files: benchFiles(t, c.header, c.unit, old, drop), FailUntested: true}); res.Check().Passed {
				t.Errorf("%s: FailUntested passes", c.name)
			}
		}
	}
}

// No number breaks it: values near 1e100, 1e308 and 1e-300 give a result
// (no panic), every output holds neither NaN nor Inf, and the change is
// the same as at ordinary scale. Run 300 times over 8 goroutines (make
// test runs this under -race).
func TestHugeValues(t *testing.T) {
	base := []float64{1.00, 1.02, 0.99, 1.01, 0.98, 1.00}
	slower := []float64{0.90, 0.92, 0.89, 0.91, 0.88, 0.90}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []string
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < 300; i += 8 {
				scale := []float64{1e100, 1e308 / 1.1, 1e-300, 1}[i%4]
				b, n := make([]float64, len(base)), make([]float64, len(slower))
				for j := range base {
					b[j], n[j] = base[j]*scale, slower[j]*scale
				}
				if msg := hugeCase(t, b, n); msg != "" {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("scale %g: %s", scale, msg))
					mu.Unlock()
				}
			}
		}(g)
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, e := range errs {
		if !seen[e] {
			seen[e] = true
			t.Error(e)
		}
	}
}

// hugeCase compares b and n from files and checks every output; it
// returns what is wrong, or "".
func hugeCase(t *testing.T, b, n []float64) string {
	files := benchFiles(t, "", "tokens/s", b, n)
	res, err := Run(Spec{Files: files})
	if err != nil {
		return "error: " + err.Error()
	}
	r := res.Rows()[0]
	if math.Abs(float64(r.DeltaPct)+10.0) > 0.5 || r.Verdict != Regression || !r.ChangeCILow.Valid() {
		return fmt.Sprintf("delta %v [%v, %v], verdict %s; want about -10%%, regression", r.DeltaPct, r.ChangeCILow, r.ChangeCIHigh, r.Verdict)
	}
	for _, f := range []Format{FormatText, FormatMarkdown, FormatCSV, FormatJSON} {
		var out bytes.Buffer
		if err := res.Write(&out, f, English); err != nil {
			return err.Error()
		}
		if s := out.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			return fmt.Sprintf("%v output holds NaN or Inf:\n%s", f, s)
		}
	}
	return ""
}

// Two runs of the same llama-bench command (reference run.json and
// run.jsonl, imported as rounds a and b of one task) are compared on the
// repetitions of one invocation per side, which cannot see run-to-run
// drift: every row is unverified — never a regression or an improvement —
// and the gate passes.
func TestLlamaAAUnverified(t *testing.T) {
	dir := llamaDir
	if _, err := os.Stat(dir + "run.json"); err != nil {
		t.Skipf("reference data %s not found (it lives in ../shared beside the checkout): %v", dir, err)
	}
	db := filepath.Join(t.TempDir(), "aa.db")
	for _, in := range []struct{ file, round string }{{"run.json", "a"}, {"run.jsonl", "b"}} {
		if _, err := Import(ImportSpec{DB: db, Task: "aa", Inputs: []string{dir + in.file}, Set: map[string]string{"round": in.round}}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(Spec{DB: db, Option: "round"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows() {
		if r.Verdict != Unverified || r.Samples != "repetitions" {
			t.Errorf("%s %s: verdict %s on %s, want unverified on repetitions", r.Phase, r.Size, r.Verdict, r.Samples)
		}
	}
	if c := res.Check(); !c.Passed {
		t.Errorf("A/A llama-bench runs fail the gate: %s", c.Verdict)
	}
}
