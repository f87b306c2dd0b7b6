package report

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// englishRun finds three English words in a row: a sentence, or a piece of
// one, left untranslated.
var englishRun = regexp.MustCompile(`[A-Za-z]{2,}[,:;]?(\s+[A-Za-z]{2,}[,:;]?){2,}`)

// stripped removes from a rendered line what may be English in a Chinese
// report: code spans, link targets, and names from the data.
func stripped(line string, names []string) string {
	line = regexp.MustCompile("`[^`]*`").ReplaceAllString(line, " ")
	line = regexp.MustCompile(`\]\([^)]*\)`).ReplaceAllString(line, "] ")
	for _, n := range names {
		line = strings.ReplaceAll(line, n, " ")
		line = strings.ReplaceAll(line, mdCell(n), " ")
	}
	return line
}

// TestChineseHasNoEnglish: a Chinese report, the Chinese significance
// section, compare text and check text hold no English sentence outside
// names and code — every caveat is translated (notes.go), every label
// exists in both languages.
func TestChineseHasNoEnglish(t *testing.T) {
	analyses := map[string]*analysis.Analysis{"small": smallAnalysis(t)}
	const real = "../../../shared/reference/mnn_anal/benchmark_results.db"
	if _, err := os.Stat(real); err == nil {
		db, err := mnndb.Open(real)
		if err != nil {
			t.Fatal(err)
		}
		tasks, err := db.Tasks()
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ task, option string }{{"3", "dynamicOption"}, {"2", "mmap"}} {
			task, err := sweep.PickTask(tasks, c.task, c.option)
			if err != nil {
				t.Fatal(err)
			}
			sel, err := sweep.Select(task, c.option, "", "", nil)
			if err != nil {
				t.Fatal(err)
			}
			a, err := analysis.Build(sel, "benchmark_results.db", false, analysis.WithCorrection(stats.CorrectionBH))
			if err != nil {
				t.Fatal(err)
			}
			analyses["task "+c.task] = a
		}
	} else {
		t.Logf("real database not found (%s): checking the fixture only", real)
	}
	for name, a := range analyses {
		if u := untranslated(a.Result); len(u) > 0 {
			t.Errorf("%s: notes with no Chinese: %q", name, u)
		}
		names := append([]string{a.Source, a.Sel.Option, a.Sel.Task.Label()}, a.Sel.Models...)
		names = append(names, a.Sel.Values()...)
		for _, r := range a.Sel.Records {
			for k, v := range r.Knobs {
				names = append(names, k+"="+v, k, v)
			}
		}
		outs := map[string]func(*bytes.Buffer) error{
			"report":   func(b *bytes.Buffer) error { return Markdown(b, a, Chinese, nil) },
			"section":  func(b *bytes.Buffer) error { return Significance(b, a, Chinese) },
			"text":     func(b *bytes.Buffer) error { return Text(b, a.Result, Chinese) },
			"check":    func(b *bytes.Buffer) error { return CheckText(b, a.Result, Chinese) },
			"check md": func(b *bytes.Buffer) error { return CheckMarkdown(b, a, Chinese) },
		}
		for out, render := range outs {
			var b bytes.Buffer
			if err := render(&b); err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(b.String(), "\n") {
				if m := englishRun.FindString(stripped(line, names)); m != "" {
					t.Errorf("%s %s line %d: English %q in %q", name, out, i+1, m, line)
				}
			}
		}
	}
	// The detector itself must see English.
	if englishRun.FindString(stripped("结论：the change is real", nil)) == "" {
		t.Error("the detector misses an English sentence")
	}
}
