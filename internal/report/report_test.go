package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// smallAnalysis loads fixtures/small and selects task 1 (dynamicOption 7 vs 8).
func smallAnalysis(t *testing.T) *analysis.Analysis {
	t.Helper()
	text, err := os.ReadFile("../../fixtures/small/benchmark_results.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := mnndb.FromSQL("small.db", string(text))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	task, err := sweep.PickTask(tasks, "", "dynamicOption")
	if err != nil {
		t.Fatal(err)
	}
	sel, err := sweep.Select(task, "dynamicOption", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := analysis.Build(sel, "small.db", false, analysis.WithCorrection(stats.CorrectionBH))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestGolden(t *testing.T) {
	a := smallAnalysis(t)
	for _, tc := range []struct {
		name   string
		render func(w io.Writer) error
	}{
		{"small_zh.md", func(w io.Writer) error { return Markdown(w, a, Chinese, nil) }},
		{"small_en.md", func(w io.Writer) error { return Markdown(w, a, English, nil) }},
		{"small_raw_data.csv", func(w io.Writer) error { return RawCSV(w, a) }},
		{"small_summary.csv", func(w io.Writer) error { return SummaryCSV(w, a) }},
		{"small_difference.csv", func(w io.Writer) error { return DiffCSV(w, a) }},
		{"small_significance.csv", func(w io.Writer) error { return SignificanceCSV(w, a.Result) }},
		{"small_compare_en.txt", func(w io.Writer) error { return Text(w, a.Result, English) }},
		{"small_compare_zh.txt", func(w io.Writer) error { return Text(w, a.Result, Chinese) }},
		{"small_check_en.txt", func(w io.Writer) error { return CheckText(w, a.Result, English) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
		})
	}
}

// TestMarkdownTables checks the old report's defect: every table row has as
// many cells as its header, in both languages.
func TestMarkdownTables(t *testing.T) {
	a := smallAnalysis(t)
	for _, lang := range []Lang{Chinese, English} {
		var buf bytes.Buffer
		if err := Markdown(&buf, a, lang, nil); err != nil {
			t.Fatal(err)
		}
		header := -1
		for i, line := range strings.Split(buf.String(), "\n") {
			if !strings.HasPrefix(line, "|") {
				header = -1
				continue
			}
			n := countCells(line)
			if header < 0 {
				header = n
				continue
			}
			if n != header {
				t.Errorf("%s line %d: %d cells under a header of %d: %s", lang, i+1, n, header, line)
			}
		}
	}
}

// countCells counts the cells of a Markdown table row, honouring "\|".
func countCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

func TestMDCell(t *testing.T) {
	for in, want := range map[string]string{
		"qwen2_5_0_5b":  "qwen2_5_0_5b",
		"_x_":           `\_x\_`,
		"a|b":           `a\|b`,
		"line\nbreak":   "line break",
		"*bold* [l](u)": `\*bold\* \[l\](u)`,
		"<script>":      `\<script\>`,
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVText(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "-2": "'-2", "@x": "'@x", "ok": "ok", "": ""} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}
