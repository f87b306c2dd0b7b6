package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"testing"

	"github.com/sweepstat/sweepstat/internal/result"
)

func TestChange(t *testing.T) {
	sel := testSelection()
	set := testSet(t, sel)
	for _, phase := range sel.Phases {
		if !set.HasChange(phase) {
			t.Fatalf("HasChange(%s) = false", phase)
		}
		for _, lang := range []string{"zh", "en"} {
			var buf bytes.Buffer
			if err := set.Change(&buf, phase, lang); err != nil {
				t.Fatalf("Change(%s, %s): %v", phase, lang, err)
			}
			w, h := 2*changePanelW+changeLegend, changePanelH+changeTop
			checkPNG(t, fmt.Sprintf("change_%s_%s", phase, lang), buf.Bytes(), w, h, verdictColours(set.c, phase)...)
		}
		checkHanDrawn(t, "change_"+phase, func(w io.Writer, lb labels) error { return change(w, set.c, phase, lb) })
	}
	if set.HasChange("pp+tg") {
		t.Error("HasChange(pp+tg) = true without such rows")
	}
	if err := Change(io.Discard, set.c, "pp+tg", "zh"); err == nil {
		t.Error("Change of a phase without rows: no error")
	}
}

// The change chart plots the result model's numbers, every row and
// aggregate of its phase, unchanged.
func TestChangeMatchesResult(t *testing.T) {
	for name, c := range map[string]*result.Comparison{"test": testSet(t, testSelection()).c, "small": smallSet(t).c} {
		for _, phase := range []string{"pp", "tg"} {
			d := newChangeData(c, phase)
			pts, aggs := map[string]changePoint{}, map[string]changeAgg{}
			for _, p := range d.panels {
				for _, s := range p.series {
					prev := math.Inf(-1)
					for _, q := range s.pts {
						pts[p.model+" "+q.size] = q
						if q.x < prev {
							t.Errorf("%s %s %s: points not in size order", name, phase, p.model)
						}
						prev = q.x
					}
				}
				for _, a := range p.aggs {
					aggs[p.model] = a
				}
			}
			n := 0
			for _, r := range c.Rows {
				if r.Phase != phase {
					continue
				}
				n++
				q, ok := pts[r.Model+" "+r.Size]
				if !ok || q.y != float64(r.DeltaPct) || q.lo != float64(r.ChangeCILow) || q.hi != float64(r.ChangeCIHigh) || q.verdict != r.Verdict {
					t.Errorf("%s: row %s %s %s %v [%v, %v] %s plotted as %+v", name, r.Model, phase, r.Size, r.DeltaPct, r.ChangeCILow, r.ChangeCIHigh, r.Verdict, q)
				}
			}
			if n != len(pts) || n == 0 {
				t.Errorf("%s %s: %d points for %d rows", name, phase, len(pts), n)
			}
			for _, a := range c.Aggregates {
				if a.Phase != phase {
					continue
				}
				g := aggs[a.Model]
				if g.y != float64(a.DeltaPct) || g.lo != float64(a.ChangeCILow) || g.hi != float64(a.ChangeCIHigh) || g.verdict != a.Verdict {
					t.Errorf("%s: aggregate %s %s plotted as %+v", name, a.Model, phase, g)
				}
			}
		}
	}
}
