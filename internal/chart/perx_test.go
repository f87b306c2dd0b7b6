package chart

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCapPerX(t *testing.T) {
	few := []point{{x: 1, y: 3}, {x: 2, y: 1}, {x: 1, y: 2}}
	if got := capPerX(few, 2); &got[0] != &few[0] {
		t.Errorf("capPerX copied points under the cap: %v", got)
	}
	// x=1 has 5 points: 3 of them, lowest, middle, highest, where its first
	// point was; x=2 keeps its one.
	pts := []point{{x: 1, y: 5}, {x: 2, y: 9}, {x: 1, y: 1}, {x: 1, y: 4}, {x: 1, y: 2}, {x: 1, y: 3}}
	want := []point{{x: 1, y: 1}, {x: 1, y: 3}, {x: 1, y: 5}, {x: 2, y: 9}}
	if diff := cmp.Diff(want, capPerX(pts, 3), cmp.AllowUnexported(point{})); diff != "" {
		t.Errorf("capPerX (-want +got):\n%s", diff)
	}
}

func TestSummarizePerX(t *testing.T) {
	pts := []point{{x: 2, y: 7}, {x: 1, y: 5}, {x: 1, y: 1}, {x: 1, y: 4}, {x: 1, y: 2}, {x: 3, y: 1}, {x: 3, y: 3}}
	kept, spreads := summarizePerX(pts, 1)
	if diff := cmp.Diff([]point{{x: 2, y: 7}}, kept, cmp.AllowUnexported(point{})); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	want := []spread{{x: 1, median: 3, lo: 1, hi: 5}, {x: 3, median: 2, lo: 1, hi: 3}}
	if diff := cmp.Diff(want, spreads, cmp.AllowUnexported(spread{})); diff != "" {
		t.Errorf("spreads (-want +got):\n%s", diff)
	}
}
