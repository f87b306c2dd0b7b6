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
// out. Records of one benchmark become its samples, one line each.
package benchconv

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Write writes the records of sel whose option has value as benchfmt to w.
func Write(w io.Writer, sel *sweep.Selection, value string) error {
	if value != sel.Base && value != sel.New {
		return fmt.Errorf("writing benchfmt: %q is neither the base nor the new value", value)
	}
	names := Namer(sel)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "sweepstat-task: %s\n", oneLine(sel.Task.Label()))
	fmt.Fprintf(bw, "sweepstat-option: %s\n", oneLine(sel.Option))
	type line struct {
		key  sweep.Key
		name string
		rec  *sweep.Record
	}
	var lines []line
	units := map[string]bool{}
	for i := range sel.Records {
		r := &sel.Records[i]
		if r.Knobs[sel.Option] != value {
			continue
		}
		lines = append(lines, line{sweep.KeyOf(r, sel.Option), names(r), r})
		units[r.Unit] = true
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].key.Less(lines[j].key) })
	for _, u := range sweep.SortedKeys(units) {
		fmt.Fprintf(bw, "Unit %s better=%s\n", Unit(u), betterWord(u))
	}
	bw.WriteByte('\n')
	for _, l := range lines {
		fmt.Fprintf(bw, "%s 1 %s %s\n", l.name, strconv.FormatFloat(l.rec.Mean, 'g', -1, 64), Unit(l.rec.Unit))
	}
	return bw.Flush()
}

// Namer returns a function giving the benchfmt name of a record of sel.
func Namer(sel *sweep.Selection) func(*sweep.Record) string {
	varying := map[string]bool{}
	for k, vs := range sel.Task.KnobValues() {
		if len(vs) > 1 && k != sel.Option {
			varying[k] = true
		}
	}
	return func(r *sweep.Record) string {
		var b strings.Builder
		b.WriteString("Benchmark")
		b.WriteString(phaseName(r.Phase))
		fmt.Fprintf(&b, "/model=%s/size=%s", safename.Key(r.Model), safename.Key(r.Size))
		for _, k := range sweep.SortedKeys(r.Knobs) {
			if !varying[k] || (r.Phase == sweep.PhasePrefill && k == sweep.KnobPrompt) ||
				(r.Phase == sweep.PhasePrefill && k == sweep.KnobGen) ||
				(r.Phase == sweep.PhaseDecode && (k == sweep.KnobGen || k == sweep.KnobPrompt)) {
				continue
			}
			fmt.Fprintf(&b, "/%s=%s", safename.Key(k), safename.Key(r.Knobs[k]))
		}
		return safename.Name(b.String())
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

// Unit returns u as a benchfmt unit: one word (white space becomes '_').
func Unit(u string) string {
	if u == "" {
		return "tokens/sec"
	}
	return strings.Join(strings.Fields(u), "_")
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// betterWord says which direction of a unit is better, in the lower-case
// form benchfmt's unit metadata requires.
func betterWord(unit string) string {
	u := strings.ToLower(unit)
	if strings.Contains(u, "/s") || strings.HasSuffix(u, "/sec") || strings.Contains(u, "per") {
		return "higher"
	}
	return "lower"
}
