package chart

import (
	"math"
	"reflect"
	"testing"
	"time"

	"gonum.org/v1/plot"
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

func TestMedianLine(t *testing.T) {
	got := medianLine([]point{{x: 2, y: 4}, {x: 1, y: 1}, {x: 2, y: 6}, {x: 1, y: 3}, {x: 2, y: 100}})
	want := []point{{x: 1, y: 2}, {x: 2, y: 6}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("medianLine = %v, want %v", got, want)
	}
}

// thin keeps the first point of each cell, in input order, and never more
// points than cells.
func TestThin(t *testing.T) {
	var pts []point
	for i := range 100000 {
		pts = append(pts, point{x: float64(i % 4), y: float64(i%1000) / 999})
	}
	g := gridOf(0, 10, pts)
	got := g.thin(pts)
	if len(got) != 4*10 {
		t.Fatalf("%d points kept, want 4 x values × 10 cells", len(got))
	}
	if got[0] != pts[0] || got[1] != pts[1] {
		t.Errorf("first points %v, want the input's first %v", got[:2], pts[:2])
	}
	g = gridOf(5, 5, pts)
	if n := len(g.thin(pts)); n > 6*6 {
		t.Errorf("%d points kept on a 5×5 grid", n)
	}
}

func TestGeometric(t *testing.T) {
	for _, tt := range []struct {
		xs   []float64
		want bool
	}{
		{[]float64{64, 128, 256, 512, 1024}, true},
		{[]float64{64, 128, 192, 256, 320, 384, 448, 512, 576, 640, 704, 768, 832, 896, 960, 1024}, false},
		{[]float64{32, 64, 96, 128}, false},
		{[]float64{1, 2, 4, 8, 16, 32}, true},
		{[]float64{16, 512}, true},
	} {
		if got := geometric(tt.xs); got != tt.want {
			t.Errorf("geometric(%v) = %v, want %v", tt.xs, got, tt.want)
		}
	}
}

func TestSizeX(t *testing.T) {
	pos, cats := sizeX([]string{"128", "64", "1e3"})
	if cats != nil || pos["128"] != 128 || pos["1e3"] != 1000 {
		t.Errorf("numeric sizes: %v %v", pos, cats)
	}
	pos, cats = sizeX([]string{"512+128", "64", "BenchmarkA"})
	if want := []string{"64", "512+128", "BenchmarkA"}; !reflect.DeepEqual(cats, want) || pos["512+128"] != 1 {
		t.Errorf("categories %q %v, want %q", cats, pos, want)
	}
}

func TestParseTime(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // RFC 3339, "" for unreadable
	}{
		{"2025-11-27 16:08:58", "2025-11-27T16:08:58Z"},
		{"2025-11-27 16:08:58.123456", "2025-11-27T16:08:58.123456Z"},
		{"2025-11-27T16:08:58", "2025-11-27T16:08:58Z"},
		{"2024-10-21T12:34:56Z", "2024-10-21T12:34:56Z"},
		{"2024-10-21T12:34:56+08:00", "2024-10-21T12:34:56+08:00"},
		{"", ""},
		{"yesterday", ""},
	} {
		got, ok := parseTime(tt.in)
		if s := got.Format(time.RFC3339Nano); ok != (tt.want != "") || ok && s != tt.want {
			t.Errorf("parseTime(%q) = %v %v, want %q", tt.in, s, ok, tt.want)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	lo := float64(time.Date(2025, 11, 27, 16, 8, 58, 0, time.UTC).Unix())
	var labels []string
	for _, tk := range (timeTicks{loc: time.UTC}).Ticks(lo, lo+2*3600) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"16:30", "17:00", "17:30", "18:00"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	// In the zone of the data: 08:00 there is a round hour.
	tz := time.FixedZone("", 8*3600)
	lo = float64(time.Date(2025, 11, 27, 7, 50, 0, 0, tz).Unix())
	ticks := (timeTicks{loc: tz}).Ticks(lo, lo+6*3600)
	if ticks[0].Label != "08:00" {
		t.Errorf("first tick %q, want 08:00", ticks[0].Label)
	}
}

func TestPct(t *testing.T) {
	for v, want := range map[float64]string{1.0435: "+1.0%", -0.2094: "-0.21%", 12.3: "+12%", 0: "0%", 0.0108: "+0.011%", -1.3: "-1.3%"} {
		if got := pct(v); got != want {
			t.Errorf("pct(%v) = %q, want %q", v, got, want)
		}
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
		{0, 5.3e-6, []string{"0", "1µ", "2µ", "3µ", "4µ", "5µ"}},
		{1.2e-9, 1.9e-9, []string{"1.2n", "1.4n", "1.6n", "1.8n"}},
		{2e6, 9e6, []string{"2M", "4M", "6M", "8M"}},
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
