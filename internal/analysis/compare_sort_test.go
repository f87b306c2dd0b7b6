package analysis

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// sortKeys orders keys as sort.SliceStable by sweep.Key.Less does: sizes
// that are numbers, text, both, NaN and Inf, equal sizes with other units
// and configurations, models and phases of every rank.
func TestSortKeysMatchesLess(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []string{"64", "64.0", "1e2", "0x10", "NaN", "Inf", "-3", "abc", "Sweep/case=000001-2", "", "10", "9", "1_0", " 5", "1e400"}
	for trial := range 300 {
		tab := make([]sweep.Key, 1+rng.IntN(200))
		for i := range tab {
			tab[i] = sweep.Key{
				Model:  []string{"a", "b"}[rng.IntN(2)],
				Phase:  []string{sweep.PhasePrefill, sweep.PhaseDecode, sweep.PhaseBoth, "sec/op", "B/op"}[rng.IntN(5)],
				Size:   sizes[rng.IntN(len(sizes))],
				Unit:   []string{"t/s", "sec/op"}[rng.IntN(2)],
				Config: []string{"", "x=1"}[rng.IntN(2)],
			}
		}
		want := make([]int, len(tab))
		for i := range want {
			want[i] = i
		}
		got := slices.Clone(want)
		sort.SliceStable(want, func(i, j int) bool { return tab[want[i]].Less(tab[want[j]]) })
		sortKeys(got, tab)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: order %v, Less's %v", trial, got, want)
		}
	}
}
