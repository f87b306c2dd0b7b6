// Package benchconv writes sweep records as Go benchmark format (benchfmt)
// text, one file per option value, so that benchstat can compare them:
//
//	benchstat bench/dynamicoption_7.txt bench/dynamicoption_8.txt
//
// Each file starts with configuration lines naming the task and the option
// (the same in both files: benchstat splits its tables by configuration, so
// the option's value is left to the file name) and a unit line declaring the
// direction ("Unit tokens/sec better=higher"). Each record becomes one
// result line whose name identifies its benchmark:
//
//	BenchmarkPP/model=qwen2_5_0_5b/size=64 1 66.74 tokens/sec
//
// The name holds the phase, the model, the size and every other knob of the
// benchmark key (sweep.KeyOf) that varies in the selection; knobs that are
// constant, the compared option and the size's own sweep dimension are left
// out. The samples that sweepstat's comparison used become one line each,
// so `benchstat` on the two files computes the same medians, deltas and
// U-test p-values as sweepstat's U-test rows.
package benchconv

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Write writes the samples that a's comparison used for the option value
// value as benchfmt to w: per benchmark, one line per sample (invocation
// means, or the repetitions of a single invocation), so that benchstat sees
// what sweepstat tested. Benchmarks measured for only one of the two values
// are left out.
func Write(w io.Writer, a *analysis.Analysis, value string) error {
	sel := a.Sel
	known := false
	for _, v := range sel.Values() {
		known = known || v == value
	}
	if !known {
		return fmt.Errorf("writing benchfmt: %q is not a compared value", value)
	}
	name := Namer(sel)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "sweepstat-task: %s\n", oneLine(sel.Task.Label()))
	fmt.Fprintf(bw, "sweepstat-option: %s\n", oneLine(sel.Option))
	better := map[string]int{} // the direction each unit was compared in
	for i := range a.Sig.Rows {
		if u := Unit(a.Sig.Rows[i].Unit); better[u] == 0 {
			better[u] = a.Sig.Rows[i].Better
		}
	}
	for _, u := range sweep.SortedKeys(better) {
		if better[u] != 0 { // a unit of unknown direction stays unknown
			fmt.Fprintf(bw, "Unit %s better=%s\n", u, betterWord(better[u]))
		}
	}
	bw.WriteByte('\n')
	done := map[sweep.Key]bool{} // base samples: once per benchmark, whatever the new values
	for i := range a.Sig.Rows {
		r := &a.Sig.Rows[i]
		isBase := value == sel.Base
		if (isBase && done[r.Key]) || (!isBase && r.Value != value) {
			continue
		}
		done[r.Key] = true
		samples := r.Base
		if !isBase {
			samples = r.New
		}
		if samples == nil { // summary rows: the one invocation's mean
			samples = []float64{r.Cmp.Base.Center}
			if !isBase {
				samples = []float64{r.Cmp.New.Center}
			}
		}
		n, u := name(r.Rec), Unit(r.Unit)
		var num []byte
		for _, x := range samples { // a line per sample: a million in a big sweep
			bw.WriteString(n)
			bw.WriteString(" 1 ")
			num = strconv.AppendFloat(num[:0], x, 'g', -1, 64)
			bw.Write(num)
			bw.WriteByte(' ')
			bw.WriteString(u)
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}

// Namer returns a function giving the benchfmt name of a record of sel:
// phase, model, size and the record's extra knobs (sweep.Selection.Extra).
func Namer(sel *sweep.Selection) func(*sweep.Record) string {
	return func(r *sweep.Record) string {
		var b strings.Builder
		b.WriteString("Benchmark")
		b.WriteString(phaseName(r.Phase))
		fmt.Fprintf(&b, "/model=%s/size=%s", safename.Key(r.Model), safename.Key(r.Size))
		for _, kv := range sel.Extra(r) {
			k, v, _ := strings.Cut(kv, "=")
			fmt.Fprintf(&b, "/%s=%s", safename.Key(k), safename.Key(v))
		}
		return b.String()
	}
}

// phaseName is the first element of a benchmark name: PP, TG, PP+TG.
func phaseName(p string) string {
	s := strings.ToUpper(safename.Key(p))
	if s == "" {
		return "X"
	}
	return s
}

// Unit returns u as a benchfmt unit: one word (white space becomes '_');
// an empty unit is sweep.DefaultUnit.
func Unit(u string) string {
	if u = strings.Join(strings.Fields(u), "_"); u == "" {
		return sweep.DefaultUnit
	}
	return u
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// betterWord says which direction of a unit is better, in the lower-case
// form benchfmt's unit metadata requires.
func betterWord(better int) string {
	if better > 0 {
		return "higher"
	}
	return "lower"
}
