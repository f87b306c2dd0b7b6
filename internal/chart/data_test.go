package chart

import (
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/plot"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

func TestJitter(t *testing.T) {
	for _, tt := range []struct {
		name string
		xs   []float64
		log  bool
	}{
		{"doubling sweep", []float64{64, 128, 256, 512}, true},
		{"narrow sweep", []float64{10, 20, 30}, false},
		{"one value", []float64{128}, false},
	} {
		var pts []point
		for _, x := range tt.xs {
			pts = append(pts, point{x: x, y: 1})
		}
		sc := newXScale(pts, 2)
		if sc.log != tt.log {
			t.Errorf("%s: log scale %v, want %v", tt.name, sc.log, tt.log)
		}
		base, new := sc.jitter(pts, 0, 2), sc.jitter(pts, 1, 2)
		for i, p := range pts {
			b, n := base[i].x, new[i].x
			if !(b < p.x && p.x < n) {
				t.Errorf("%s: x=%v jittered to %v and %v, want one on each side", tt.name, p.x, b, n)
			}
			// Symmetric in scale space: equal distance (log: ratio) on both sides.
			if d1, d2 := sc.to(p.x)-sc.to(b), sc.to(n)-sc.to(p.x); math.Abs(d1-d2) > 1e-9 {
				t.Errorf("%s: x=%v offsets %v and %v differ", tt.name, p.x, d1, d2)
			}
			if i > 0 && n-b > (p.x-pts[i-1].x)/2 {
				t.Errorf("%s: x=%v spread %v is more than half the gap to %v", tt.name, p.x, n-b, pts[i-1].x)
			}
			if b < sc.from(sc.lo) || n > sc.from(sc.hi) {
				t.Errorf("%s: jittered %v..%v outside the axis %v..%v", tt.name, b, n, sc.from(sc.lo), sc.from(sc.hi))
			}
		}
	}
}

func TestMatchPairs(t *testing.T) {
	rec := func(opt, np, prec string, mean, std float64) *sweep.Record {
		return &sweep.Record{Model: "m", Phase: "pp", Size: np, Mean: mean, Std: std,
			Knobs: map[string]string{"opt": opt, "n_prompt": np, "precision": prec}}
	}
	recs := []*sweep.Record{
		rec("a", "64", "2", 100, 3),
		rec("b", "64", "2", 120, 0),
		rec("a", "64", "2", 110, 4), // second sample of the same config: averaged
		rec("a", "128", "2", 90, 1), // no partner
		rec("b", "64", "1", 999, 1), // other precision: no partner
		rec("c", "64", "2", 500, 1), // neither compared value
	}
	pts, xerr := matchPairs(recs, "opt", "a", "b")
	want := []point{{x: 105, y: 120, err: 0}}
	if !reflect.DeepEqual(pts, want) {
		t.Errorf("pairs %v, want %v", pts, want)
	}
	if len(xerr) != 1 || math.Abs(xerr[0]-math.Sqrt(12.5)) > 1e-12 {
		t.Errorf("base error %v, want [√12.5 = %v]", xerr, math.Sqrt(12.5))
	}
}

func TestMeanLine(t *testing.T) {
	got := meanLine([]point{{x: 2, y: 4}, {x: 1, y: 1}, {x: 2, y: 6}, {x: 1, y: 3}})
	want := []point{{x: 1, y: 2}, {x: 2, y: 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("meanLine = %v, want %v", got, want)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		want   []string // labelled ticks
	}{
		{48.3, 66.1, []string{"50", "55", "60", "65"}},
		{0.12, 0.19, []string{"0.12", "0.14", "0.16", "0.18"}},
		{-3, 12, []string{"-2.5", "0.0", "2.5", "5.0", "7.5", "10.0"}},
		{0, 100, []string{"0", "20", "40", "60", "80", "100"}},
	} {
		var got []string
		var prev plot.Tick
		for i, tk := range (niceTicks{}).Ticks(tt.lo, tt.hi) {
			if tk.Value < tt.lo || tk.Value > tt.hi {
				t.Errorf("Ticks(%v, %v): tick %v out of range", tt.lo, tt.hi, tk.Value)
			}
			if i > 0 && (tk.Label == "") == (prev.Label == "") {
				t.Errorf("Ticks(%v, %v): major and minor ticks do not alternate at %v", tt.lo, tt.hi, tk.Value)
			}
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
			prev = tk
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Ticks(%v, %v) labels %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}
