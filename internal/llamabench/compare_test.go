package llamabench

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// The tests in this file check the records of llama-bench.sqlite against
// compare.txt, what llama.cpp's scripts/compare-llama-bench.py printed for
// it (baseline c34b92235, compare d8a24ccee).

// compareRow is one row of compare-llama-bench.py's table.
type compareRow struct {
	cpu, model, threads, typeK, fa, test string
	base, new, speedup                   string // as printed
}

// readCompare parses the Markdown table of compare.txt by its header names.
func readCompare(t *testing.T) (baseBuild, newBuild string, rows []compareRow) {
	t.Helper()
	data, err := os.ReadFile(refPath(t, "compare.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	cell := func(cells []string, name string) string {
		for i, h := range header {
			if h == name {
				return cells[i]
			}
		}
		t.Fatalf("compare.txt has no column %q", name)
		return ""
	}
	tsCol := regexp.MustCompile(`^t/s (\S+)$`)
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case header == nil:
			header = cells
			var builds []string
			for _, h := range header {
				if m := tsCol.FindStringSubmatch(h); m != nil {
					builds = append(builds, m[1])
				}
			}
			if len(builds) != 2 {
				t.Fatalf("compare.txt header %q: want two t/s columns", line)
			}
			baseBuild, newBuild = builds[0], builds[1]
		case strings.HasPrefix(cells[0], ":") || strings.HasPrefix(cells[0], "-"):
			// the alignment row
		default:
			rows = append(rows, compareRow{
				cpu: cell(cells, "CPU"), model: cell(cells, "Model"), threads: cell(cells, "Threads"),
				typeK: cell(cells, "K type"), fa: cell(cells, "FlashAttention"), test: cell(cells, "Test"),
				base: cell(cells, "t/s "+baseBuild), new: cell(cells, "t/s "+newBuild), speedup: cell(cells, "Speedup"),
			})
		}
	}
	if len(rows) == 0 {
		t.Fatal("compare.txt has no rows")
	}
	return baseBuild, newBuild, rows
}

// group is the records of one benchmark of one build: same model, test and
// knobs except build_commit and build_number.
type group struct {
	rec   sweep.Record // the first one
	means map[string][]float64
}

func groupByBuild(recs []sweep.Record) []*group {
	byKey := map[string]*group{}
	var out []*group
	for _, r := range recs {
		k := fmt.Sprintf("%q %q %q %s", r.Model, r.Phase, r.Size, sweep.FormatKnobs(r.Knobs, "build_commit", "build_number"))
		g := byKey[k]
		if g == nil {
			g = &group{rec: r, means: map[string][]float64{}}
			byKey[k] = g
			out = append(out, g)
		}
		b := r.Knobs["build_commit"]
		g.means[b] = append(g.means[b], r.Mean)
	}
	return out
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// TestReferenceCompareScript checks that averaging the records of each
// benchmark per build reproduces every row of compare-llama-bench.py's table,
// and that every benchmark measured in both builds has its row.
func TestReferenceCompareScript(t *testing.T) {
	baseBuild, newBuild, rows := readCompare(t)
	recs, err := ReadSQLite(refPath(t, "llama-bench.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	var both []*group // benchmarks measured in both builds
	for _, g := range groupByBuild(recs) {
		if len(g.means[baseBuild]) > 0 && len(g.means[newBuild]) > 0 {
			both = append(both, g)
		}
	}
	used := map[*group]int{} // group → compare.txt row (1-based)
	for i, row := range rows {
		var matches []*group
		for _, g := range both {
			r := g.rec
			fa := r.Knobs["flash_attn"]
			faText := map[string]string{"-1": "No", "0": "No", "1": "Yes"}[fa] // the script prints -1 (auto) as No
			if r.Knobs["cpu_info"] != row.cpu || r.Model != row.model || r.Knobs["threads"] != row.threads ||
				r.Knobs["type_k"] != row.typeK || faText != row.fa || r.Phase+r.Size != row.test {
				continue
			}
			base, nw := mean(g.means[baseBuild]), mean(g.means[newBuild])
			if fmt.Sprintf("%.2f", base) == row.base && fmt.Sprintf("%.2f", nw) == row.new &&
				fmt.Sprintf("%.2f", nw/base) == row.speedup {
				matches = append(matches, g)
			}
		}
		if len(matches) != 1 {
			t.Errorf("compare.txt row %d %+v: %d matching benchmarks, want 1", i+1, row, len(matches))
			continue
		}
		if j, dup := used[matches[0]]; dup {
			t.Errorf("compare.txt rows %d and %d match the same benchmark", j, i+1)
		}
		used[matches[0]] = i + 1
	}
	for _, g := range both {
		if used[g] == 0 {
			t.Errorf("benchmark %s %s%s %s measured in both builds has no row in compare.txt",
				g.rec.Model, g.rec.Phase, g.rec.Size, sweep.FormatKnobs(g.rec.Knobs, "build_commit", "build_number"))
		}
	}
}

// TestReferenceCompareAverages pins down which rows compare-llama-bench.py
// averages: of the four d8a24ccee threads=2 tg32 results, the two it averages
// are two runs of the same model file; the other two are other model files
// (one a different model_type, one the same model_type "llama ?B F16" but a
// bigger file), which the baseline build never ran, so the script leaves them
// out.
func TestReferenceCompareAverages(t *testing.T) {
	recs, err := ReadSQLite(refPath(t, "llama-bench.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	var tg32 []sweep.Record
	baseFiles := map[string]bool{}
	for _, r := range recs {
		switch b := r.Knobs["build_commit"]; {
		case b == "c34b92235":
			baseFiles[r.Knobs["model_filename"]] = true
		case b == "d8a24ccee" && r.Knobs["threads"] == "2" && r.Phase == "tg" && r.Size == "32":
			tg32 = append(tg32, r)
		}
	}
	if len(tg32) != 4 {
		t.Fatalf("%d d8a24ccee threads=2 tg32 records, want 4", len(tg32))
	}
	differ := map[string]bool{}
	for k := range tg32[0].Knobs {
		for _, r := range tg32[1:] {
			if r.Knobs[k] != tg32[0].Knobs[k] {
				differ[k] = true
			}
		}
	}
	if tg32[0].Model != tg32[2].Model || tg32[0].Model != tg32[3].Model || tg32[0].Model != tg32[1].Model {
		differ["model_type"] = true
	}
	got := sweep.SortedKeys(differ)
	want := []string{"model_filename", "model_n_params", "model_size", "model_type"}
	if !cmp.Equal(want, got) {
		t.Errorf("fields that differ among the four: %v, want %v", got, want)
	}
	byFile := map[string][]sweep.Record{}
	for _, r := range tg32 {
		f := r.Knobs["model_filename"]
		byFile[f] = append(byFile[f], r)
	}
	var files []string
	for f, rs := range byFile {
		files = append(files, fmt.Sprintf("%s×%d base=%v", f, len(rs), baseFiles[f]))
	}
	sort.Strings(files)
	wantFiles := []string{
		"models/tiny-llama-e256-l4-f16.gguf×2 base=true",
		"models/tiny-llama-e256-l4-q8_0.gguf×1 base=false",
		"models/tiny-llama-e512-l8-f16.gguf×1 base=false",
	}
	if !cmp.Equal(wantFiles, files) {
		t.Errorf("tg32 records by model file: %v, want %v", files, wantFiles)
	}
	// The averaged pair: identical knobs, separate runs.
	pair := byFile["models/tiny-llama-e256-l4-f16.gguf"]
	if !cmp.Equal(pair[0].Knobs, pair[1].Knobs) || pair[0].Time == pair[1].Time {
		t.Errorf("averaged pair: knobs equal %v, times %s and %s", cmp.Equal(pair[0].Knobs, pair[1].Knobs), pair[0].Time, pair[1].Time)
	}
	e512 := byFile["models/tiny-llama-e512-l8-f16.gguf"][0]
	if e512.Model != pair[0].Model {
		t.Errorf("e512 model_type %q, want the same as e256's %q", e512.Model, pair[0].Model)
	}
}
