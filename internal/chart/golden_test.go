package chart

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// smallSet loads fixtures/small, task 1 (dynamicOption 7 vs 8, models
// alpha and "bad|name/../x=1 *b*", n_prompt 64,128 × n_gen 32,64), and
// compares it as the report does.
func smallSet(t *testing.T) *Set {
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
	return NewSet(sel, a.Result)
}

// The data of every chart of the small fixture: what is plotted, not the
// pixels. testdata/chart_data.golden is checked by hand against the
// fixture's numbers (see the comment at its top).
func TestChartDataGolden(t *testing.T) {
	s := smallSet(t)
	var b strings.Builder
	for _, phase := range s.sel.Phases {
		dumpChange(&b, newChangeData(s.c, phase))
	}
	for _, model := range s.sel.Models {
		for _, phase := range s.sel.Phases {
			d, err := s.comparisonData(model, phase)
			if err != nil {
				t.Fatal(err)
			}
			dumpComparison(&b, d)
		}
	}
	for _, phase := range s.sel.Phases {
		d, err := s.aggregateData(phase)
		if err != nil {
			t.Fatal(err)
		}
		dumpAggregate(&b, d)
	}
	d, err := s.runOrderData()
	if err != nil {
		t.Fatal(err)
	}
	dumpRunOrder(&b, d)
	golden(t, "chart_data.golden", b.String())
}

// golden compares got with testdata/name, after the file's leading
// comment lines ("# …"), or rewrites the data part with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	old, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatalf("%v (run go test ./internal/chart -update to create it)", err)
	}
	var header strings.Builder
	rest := string(old)
	for strings.HasPrefix(rest, "#") {
		line, tail, _ := strings.Cut(rest, "\n")
		header.WriteString(line + "\n")
		rest = tail
	}
	if *update {
		if err := os.MkdirAll("testdata", 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(header.String()+got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(rest, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// num prints a plotted number with six significant digits, "-" for none
// and 0 for rounding noise below 1e-9 (a relative speed of 1e-14%).
func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	if math.Abs(v) < 1e-9 {
		return "0"
	}
	return fmt.Sprintf("%.6g", v)
}

func ivalText(v ival) string {
	s := fmt.Sprintf("x=%s y=%s", num(v.x), num(v.y))
	if v.hasInterval() {
		s += fmt.Sprintf(" [%s, %s]", num(v.lo), num(v.hi))
	}
	return s
}

func pointsText(pts []point) string {
	var parts []string
	for _, p := range pts {
		parts = append(parts, num(p.x)+":"+num(p.y))
	}
	return strings.Join(parts, " ")
}

func dumpChange(b *strings.Builder, d changeData) {
	fmt.Fprintf(b, "change %s margin=%s values=%q extras=%q verdicts=%v models=%d\n", d.phase, num(d.margin), d.newValues, d.extras, d.verdicts, d.models)
	for _, p := range d.panels {
		fmt.Fprintf(b, "  panel %q cats=%q\n", p.model, p.cats)
		for _, s := range p.series {
			fmt.Fprintf(b, "    series value=%s extras=%q\n", d.newValues[s.value], d.extras[s.extras])
			for _, q := range s.pts {
				fmt.Fprintf(b, "      size=%s %s %s\n", q.size, ivalText(q.ival), q.verdict)
			}
		}
		for _, a := range p.aggs {
			fmt.Fprintf(b, "    aggregate value=%s %s %s\n", d.newValues[a.value], ivalText(ival{x: math.NaN(), y: a.y, lo: a.lo, hi: a.hi}), a.verdict)
		}
	}
}

func dumpComparison(b *strings.Builder, d compData) {
	fmt.Fprintf(b, "comparison %q %s unit=%s values=%q extras=%q intervals=%q\n", d.model, d.phase, d.unit, d.values, d.extras, d.intervals)
	for _, p := range d.panels {
		knob := "size"
		if p.dim >= 0 {
			knob = dimKnobs[p.dim]
		}
		fmt.Fprintf(b, "  panel %s cats=%q\n", knob, p.cats)
		for _, s := range p.series {
			fmt.Fprintf(b, "    series value=%s extras=%q\n", d.values[s.value], d.extras[s.extras])
			fmt.Fprintf(b, "      runs %s\n", pointsText(s.runs))
			for _, c := range s.centers {
				fmt.Fprintf(b, "      center %s\n", ivalText(c))
			}
		}
	}
	for _, q := range d.direct {
		fmt.Fprintf(b, "  direct %s value=%s base=%s [%s, %s] new=%s [%s, %s]\n", q.label, d.values[q.value], num(q.x), num(q.xlo), num(q.xhi), num(q.y), num(q.ylo), num(q.yhi))
	}
}

func dumpAggregate(b *strings.Builder, d aggData) {
	fmt.Fprintf(b, "aggregate %s models=%q values=%q cats=%q\n", d.phase, d.models, d.values, d.cats)
	for _, row := range d.rows {
		knob := "size"
		if row.dim >= 0 {
			knob = dimKnobs[row.dim]
		}
		for _, panel := range []struct {
			name   string
			series []aggSeries
		}{{"relative speed %", row.speed}, {"cv %", row.stab}} {
			fmt.Fprintf(b, "  panel %s vs %s\n", panel.name, knob)
			for _, s := range panel.series {
				fmt.Fprintf(b, "    series %q value=%s\n      points %s\n", d.models[s.model], d.values[s.value], pointsText(s.pts))
				for _, l := range s.lines {
					fmt.Fprintf(b, "      line %s\n", pointsText(l))
				}
			}
		}
	}
}

func dumpRunOrder(b *strings.Builder, d runData) {
	fmt.Fprintf(b, "run order phases=%q models=%q pooled=%v dates=%s\n", d.phases, d.models, d.pooled, d.dates())
	at := func(pts []point) string {
		var parts []string
		for _, p := range pts {
			parts = append(parts, time.Unix(int64(p.x), 0).In(d.loc).Format("15:04:05")+":"+num(p.y))
		}
		return strings.Join(parts, " ")
	}
	for _, row := range d.panels {
		for _, p := range row {
			fmt.Fprintf(b, "  panel %q %s missing=%d\n", p.model, p.phase, p.missing)
			for _, s := range p.series {
				fmt.Fprintf(b, "    series value=%s\n      points %s\n      trend %s\n", d.values[s.value], at(s.pts), at(s.trend))
			}
		}
	}
}
