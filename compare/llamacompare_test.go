package compare

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestLlamaCompareScriptAgreement checks sweepstat's per-benchmark means
// against the t/s columns that llama.cpp's compare-llama-bench.py printed
// for llama-bench.sqlite (compare.txt). The script shows model type,
// threads, K type, flash attention (-1 and 0 both as "No") and test, and
// averages the rows that share all its key fields; sweepstat keys a
// benchmark by every knob that varies, so its BaseMean/NewMean (the mean
// of the runs) must equal the script's numbers for one benchmark with the
// shown fields, each benchmark used once.
func TestLlamaCompareScriptAgreement(t *testing.T) {
	db := llamaDir + "llama-bench.sqlite"
	text, err := os.ReadFile(llamaDir + "compare.txt")
	if err != nil {
		t.Skipf("reference data %s not found (it lives in ../shared beside the checkout): %v", llamaDir, err)
	}
	res, err := Run(Spec{DB: db, Option: "build_commit", Base: "c34b92235", New: "d8a24ccee"})
	if err != nil {
		t.Fatal(err)
	}
	rows := res.Rows()
	used := make([]bool, len(rows))
	// The knobs a model holds constant are said once per model, not in
	// its rows' sizes: look for them in both.
	modelKnobs := map[string]string{}
	for _, m := range res.Comparison().Models {
		modelKnobs[m.Name] = strings.Join(m.Knobs, " ")
	}
	checked := 0
	for _, line := range strings.Split(string(text), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 11 || strings.TrimSpace(cells[1]) == "CPU" || strings.HasPrefix(strings.TrimSpace(cells[1]), ":") {
			continue
		}
		c := func(i int) string { return strings.TrimSpace(cells[i]) }
		model, threads, typeK, fa, test := c(2), c(3), c(4), c(5), c(6)
		base, _ := strconv.ParseFloat(c(7), 64)
		nw, _ := strconv.ParseFloat(c(8), 64)
		found := false
		for i, r := range rows {
			knobs := r.Size + " " + modelKnobs[r.Model]
			// A model type shared by several files is named with its file.
			sameModel := r.Model == model || strings.HasPrefix(r.Model, model+" · ")
			if used[i] || !sameModel || r.Phase+sizeOnly(r.Size) != test ||
				!strings.Contains(knobs, "threads="+threads) || !strings.Contains(knobs, "type_k="+typeK) || !faMatches(knobs, fa) {
				continue
			}
			if fmt.Sprintf("%.2f %.2f", r.BaseMean, r.NewMean) == fmt.Sprintf("%.2f %.2f", base, nw) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("compare.txt row %s %s %s %s %s: %.2f vs %.2f has no sweepstat benchmark with those means", model, threads, typeK, fa, test, base, nw)
		}
		checked++
	}
	if checked != 18 {
		t.Errorf("checked %d rows of compare.txt, want 18", checked)
	}
	t.Logf("%d rows of compare.txt match sweepstat's means; sweepstat adds p-values, intervals and verdicts", checked)
}

func sizeOnly(label string) string { return strings.Fields(label)[0] }

func faMatches(label, fa string) bool {
	switch fa {
	case "Yes":
		return strings.Contains(label, "flash_attn=1")
	case "No":
		return strings.Contains(label, "flash_attn=-1") || strings.Contains(label, "flash_attn=0")
	}
	return false
}
