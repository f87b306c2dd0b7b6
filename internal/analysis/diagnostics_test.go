package analysis_test

import (
	"github.com/sweepstat/sweepstat/internal/result"
	"math"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// timed returns a tg record of model with the option value v recorded at
// time tm.
func timed(model, v, tm string, mean float64) sweep.Record {
	r := rec(model, sweep.PhaseDecode, "16", mean, "dynamicOption="+v, "n_gen=16")
	r.Time = tm
	return r
}

func TestDesignWarnings(t *testing.T) {
	for _, c := range []struct {
		name   string
		recs   []sweep.Record
		models []string // models warned about, in order
	}{
		{"confounded", []sweep.Record{
			timed("a", "0", "2025-01-01 10:00", 20), timed("b", "0", "2025-01-01 10:01", 30),
			timed("a", "0", "2025-01-01 10:02", 20), timed("b", "0", "2025-01-01 10:03", 30),
			timed("a", "1", "2025-01-01 11:00", 21), timed("b", "1", "2025-01-01 11:01", 31),
			timed("a", "1", "2025-01-01 11:02", 21), timed("b", "1", "2025-01-01 11:03", 31),
		}, []string{"a", "b"}},
		{"new before base", []sweep.Record{
			timed("a", "1", "2025-01-01 10:00", 21), timed("a", "1", "2025-01-01 10:01", 21),
			timed("a", "0", "2025-01-01 10:02", 20), timed("a", "0", "2025-01-01 10:03", 20),
		}, []string{"a"}},
		{"interleaved", []sweep.Record{
			timed("a", "0", "2025-01-01 10:00", 20), timed("a", "1", "2025-01-01 10:01", 21),
			timed("a", "0", "2025-01-01 10:02", 20), timed("a", "1", "2025-01-01 10:03", 21),
		}, nil},
		{"one model interleaved, one confounded", []sweep.Record{
			timed("a", "0", "2025-01-01 10:00", 20), timed("a", "1", "2025-01-01 10:01", 21),
			timed("a", "0", "2025-01-01 10:02", 20), timed("a", "1", "2025-01-01 10:03", 21),
			timed("b", "0", "2025-01-01 10:00", 30), timed("b", "0", "2025-01-01 10:01", 30),
			timed("b", "1", "2025-01-01 10:02", 31), timed("b", "1", "2025-01-01 10:03", 31),
		}, []string{"b"}},
		{"overlapping", []sweep.Record{
			timed("a", "0", "2025-01-01 10:00", 20), timed("a", "0", "2025-01-01 10:02", 20),
			timed("a", "1", "2025-01-01 10:01", 21), timed("a", "1", "2025-01-01 10:03", 21),
		}, nil},
		{"no times", []sweep.Record{
			timed("a", "0", "", 20), timed("a", "0", "", 20),
			timed("a", "1", "", 21), timed("a", "1", "", 21),
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := build(t, selectAll(t, c.recs), analysis.DefaultConfig())
			ws := a.Result.Design
			if len(ws) != len(c.models) {
				t.Fatalf("%d findings, want %d: %v", len(ws), len(c.models), ws)
			}
			confounded := map[string]bool{}
			for i, w := range ws {
				confounded[w.Model] = true
				if w.Kind != result.FindingRunOrder || w.Model != c.models[i] || w.Remedy == "" {
					t.Errorf("finding %d %+v: want a run-order finding about model %s with a remedy", i, w, c.models[i])
				}
				if !strings.HasPrefix(w.Message, c.models[i]+":") || !strings.Contains(w.Message, "confounded") {
					t.Errorf("finding %d message %q", i, w.Message)
				}
			}
			// Every row and aggregate of a confounded model says so, and
			// no other does.
			for _, r := range a.Result.Rows {
				if want := map[bool]string{true: result.DesignConfounded}[confounded[r.Model]]; r.Design != want {
					t.Errorf("row %s %s: design %q, want %q", r.Model, r.Size, r.Design, want)
				}
			}
			for _, g := range a.Result.Aggregates {
				if want := map[bool]string{true: result.DesignConfounded}[confounded[g.Model]]; g.Design != want {
					t.Errorf("aggregate %s: design %q, want %q", g.Model, g.Design, want)
				}
			}
		})
	}
}

// Base and new from different runs (tasks) that do not interleave in time
// are confounded with the session, for every model; runs that interleave,
// or one run holding both values, are not.
func TestSessionFinding(t *testing.T) {
	mk := func(task, v, tm string) sweep.Record {
		r := timed("a", v, tm, 20)
		r.Task = task
		return r
	}
	for _, c := range []struct {
		name string
		recs []sweep.Record
		want bool
	}{
		{"two runs in sequence", []sweep.Record{mk("t1", "0", "10:00"), mk("t1", "0", "10:01"), mk("t2", "1", "11:00"), mk("t2", "1", "11:01")}, true},
		{"two runs, no times", []sweep.Record{mk("t1", "0", ""), mk("t1", "0", ""), mk("t2", "1", ""), mk("t2", "1", "")}, true},
		{"two runs interleaved", []sweep.Record{mk("t1", "0", "10:00"), mk("t2", "1", "10:01"), mk("t1", "0", "10:02"), mk("t2", "1", "10:03")}, false},
		{"one run", []sweep.Record{mk("t1", "0", ""), mk("t1", "0", ""), mk("t1", "1", ""), mk("t1", "1", "")}, false},
	} {
		a := build(t, selectAll(t, c.recs), analysis.DefaultConfig())
		got := len(a.Result.Design) == 1 && a.Result.Design[0].Kind == result.FindingSession && a.Result.Design[0].Model == ""
		if got != c.want || (!c.want && len(a.Result.Design) != 0) {
			t.Errorf("%s: findings %+v, want session finding %v", c.name, a.Result.Design, c.want)
		}
		for _, r := range a.Result.Rows {
			if (r.Design == result.DesignConfounded) != c.want {
				t.Errorf("%s: row design %q", c.name, r.Design)
			}
		}
	}
}

// Spread: Between is the median, over benchmarks × values with at least
// two invocations, of the CV of the invocation means (sample std, n-1);
// Within is the median of the records' own CVs (Std/Mean).
func TestSpread(t *testing.T) {
	tg := sweep.PhaseDecode
	mk := func(size, v string, mean, std float64) sweep.Record {
		r := rec("m", tg, size, mean, "dynamicOption="+v, "n_gen="+size)
		r.Std = std
		return r
	}
	recs := []sweep.Record{
		mk("16", "0", 20, 0.02), mk("16", "0", 21, 0.042), mk("16", "0", 22, 0.11),
		mk("16", "1", 30, 0.3), mk("16", "1", 30.3, 0.0303),
		mk("32", "0", 10, 0.01), mk("32", "0", 10.5, 0.021),
		mk("32", "1", 12, 0.06), // one invocation: not in Between
	}
	a := build(t, selectAll(t, recs), analysis.DefaultConfig())
	if len(a.Sig.Spread) != 1 {
		t.Fatalf("%d spreads, want 1", len(a.Sig.Spread))
	}
	s := a.Sig.Spread[0]
	cv := func(xs ...float64) float64 { return sampleStd(xs) / mean(xs) * 100 }
	// By hand: CVs of the groups 16/0 {20,21,22}: 1/21 = 4.7619%;
	// 16/1 {30, 30.3}: 0.2121/30.15 = 0.7036%; 32/0 {10, 10.5}: 0.3536/10.25 = 3.4496%.
	between := []float64{cv(20, 21, 22), cv(30, 30.3), cv(10, 10.5)}
	if !close(between[0], 100.0/21, 1e-12) {
		t.Fatalf("hand CV %v", between[0])
	}
	// Record CVs: 0.1, 0.2, 0.5, 1, 0.1, 0.1, 0.2, 0.5 (%).
	within := []float64{0.1, 0.2, 0.5, 1, 0.1, 0.1, 0.2, 0.5}
	if s.Model != "m" || s.Phase != tg {
		t.Errorf("spread of %s %s, want m tg", s.Model, s.Phase)
	}
	if want := medianOf(between); !close(s.Between, want, 1e-12) {
		t.Errorf("Between %v, want %v", s.Between, want)
	}
	if want := medianOf(within); !close(s.Within, want, 1e-9) {
		t.Errorf("Within %v, want %v", s.Within, want)
	}
	if s.Benchmarks != 3 {
		t.Errorf("Benchmarks %d, want 3", s.Benchmarks)
	}

	// One invocation everywhere: Between is NaN.
	a = build(t, selectAll(t, []sweep.Record{mk("16", "0", 20, 0.2), mk("16", "1", 21, 0.21)}), analysis.DefaultConfig())
	if s := a.Sig.Spread[0]; !math.IsNaN(s.Between) || s.Benchmarks != 0 || !close(s.Within, 1, 1e-12) {
		t.Errorf("single invocations: spread %+v; want Between NaN, 0 benchmarks, Within 1", s)
	}
}
