package compare

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// RunComparison, which keeps no per-benchmark working rows, gives the
// same Comparison as Run, and the same bytes in every format of Write
// and WriteCheck, on the demo under every statistical setting, several
// new values across tasks, Go benchmark files of several shapes (0 allocs
// skipped, one sample per side, a unit with better=higher, interleaved
// -count runs, three files), llama-bench files and the reference data
// when present; its Files fails.
func TestRunComparisonMatchesRun(t *testing.T) {
	dir := t.TempDir()
	bench := func(name string, seed, benches, samples int, slow float64, extra string) string {
		var b strings.Builder
		b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/sweep\n" + extra)
		for s := range samples { // interleaved, as go test -count writes them
			for i := range benches {
				f := 1.0
				if i%4 == 0 {
					f = slow
				}
				v := (1000 + float64(i*37%500)) * f * (1 + 0.01*float64((i*7+s*13+seed)%11-5)/5)
				fmt.Fprintf(&b, "BenchmarkX/case=%03d-2 \t 1000\t %.2f ns/op\t %d B/op\t 0 allocs/op\t %.1f MB/s\n", i, v, 64+i%3, 1e6/v)
			}
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old, nw := bench("old.txt", 1, 40, 10, 1, ""), bench("new.txt", 2, 40, 10, 1.05, "")
	one, one2 := bench("one.txt", 3, 10, 1, 1, ""), bench("one2.txt", 4, 10, 1, 1.2, "")
	third := bench("third.txt", 5, 40, 10, 0.97, "Unit MB/s better=higher\n")
	specs := map[string]Spec{
		"demo":         {},
		"demo holm":    {Correction: Holm},
		"demo normal":  {Assume: AssumeNormal, MinUTest: 1, Margin: Pct(0)},
		"demo model":   {Models: []string{"demo_qwen_0_5b"}, Where: "phase=tg"},
		"threads nway": {DB: threadStudy(t), Option: "threads", Base: "1", NewValues: []string{"all"}},
		"files":        {Files: []string{old, nw}},
		"files one":    {Files: []string{one, one2}},
		"files three":  {Files: []string{old, nw, third}},
		"files labels": {Files: []string{old, third}, Labels: map[string]string{old: "base"}},
		"files strict": {Files: []string{old, nw}, Correction: NoCorrection, MaxRegression: Pct(0)},
	}
	if _, err := os.Stat(llamaDir + "run.json"); err == nil {
		specs["llama files"] = Spec{Files: []string{llamaDir + "run.json", llamaDir + "run.jsonl"}}
		specs["llama sqlite"] = Spec{DB: llamaDir + "llama-bench.sqlite", Option: "build_commit", Base: "c34b92235", New: "d8a24ccee"}
	}
	if _, err := os.Stat(sharedDir + "benchmark_results.db"); err == nil {
		specs["mnn_anal"] = Spec{DB: sharedDir + "benchmark_results.db"}
	}
	for name, spec := range specs {
		t.Run(name, func(t *testing.T) {
			full, err := Run(spec)
			if err != nil {
				t.Fatal(err)
			}
			lean, err := RunComparison(spec)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(full.Comparison(), lean.Comparison(), equateNums); diff != "" {
				t.Errorf("Comparison (-Run +RunComparison):\n%s", diff)
			}
			if full.Records() != lean.Records() || full.Task() != lean.Task() {
				t.Errorf("RunComparison: %d records of task %s, Run: %d of %s", lean.Records(), lean.Task(), full.Records(), full.Task())
			}
			for _, f := range []Format{FormatText, FormatMarkdown, FormatCSV, FormatJSON} {
				for _, lang := range []Lang{English, Chinese} {
					var want, got bytes.Buffer
					werr, gerr := full.Write(&want, f, lang), lean.Write(&got, f, lang)
					if werr != nil || gerr != nil || want.String() != got.String() {
						t.Errorf("Write %v %v: RunComparison's output differs from Run's (errors %v, %v):\n%s", f, lang, gerr, werr, cmp.Diff(want.String(), got.String()))
					}
					want.Reset()
					got.Reset()
					werr, gerr = full.WriteCheck(&want, f, lang), lean.WriteCheck(&got, f, lang)
					if (werr == nil) != (gerr == nil) || want.String() != got.String() {
						t.Errorf("WriteCheck %v %v: RunComparison's output differs from Run's (errors %v, %v):\n%s", f, lang, gerr, werr, cmp.Diff(want.String(), got.String()))
					}
				}
			}
			if _, err := lean.Files(ReportOptions{}); err == nil {
				t.Error("Files of RunComparison's result: no error")
			}
		})
	}
}

// equateNums makes two undefined Nums equal (NaN is unequal to itself).
var equateNums = cmp.Comparer(func(a, b Num) bool {
	return a == b || !a.Valid() && !b.Valid() && math.IsNaN(float64(a)) == math.IsNaN(float64(b))
})
