package runner

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// planOrder returns the plan's todo as "model case round" lines.
func planOrder(t *testing.T, o *Options) []string {
	t.Helper()
	p, err := NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, inv := range p.Todo {
		out = append(out, inv.Model+" "+inv.Case+" "+itoa(inv.Round))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestInterleavedPlan checks the default order on the plan: in every
// round each cell's two values are adjacent, ascending in odd rounds and
// descending in even ones, every cell appears once per round, and the
// cells' order is a shuffle that the seed reproduces.
func TestInterleavedPlan(t *testing.T) {
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 4
	o.Seed = 7
	p, err := NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cells) != 4 || p.Planned != 32 || len(p.Todo) != 32 {
		t.Fatalf("%d cells, %d planned, %d to do; want 4, 32, 32", len(p.Cells), p.Planned, len(p.Todo))
	}
	for i := 0; i < len(p.Todo); i += 2 {
		a, b := p.Todo[i], p.Todo[i+1]
		round := 1 + i/8
		if a.Round != round || b.Round != round {
			t.Fatalf("invocations %d, %d are of rounds %d, %d; want %d", i, i+1, a.Round, b.Round, round)
		}
		if a.Cell != b.Cell {
			t.Errorf("round %d: %s and %s are adjacent but of different cells", round, a.Case, b.Case)
		}
		want := [2]string{"7", "8"}
		if round%2 == 0 {
			want = [2]string{"8", "7"}
		}
		if got := [2]string{a.Value, b.Value}; got != want {
			t.Errorf("round %d, cell %s: values %v, want %v", round, a.Cell.Key, got, want)
		}
	}
	var rounds [4][]string
	for i, inv := range p.Todo {
		if i%2 == 0 {
			rounds[inv.Round-1] = append(rounds[inv.Round-1], inv.Cell.Key)
		}
	}
	same := 0
	for r := 1; r < 4; r++ {
		if cmp.Equal(rounds[r], rounds[0]) {
			same++
		}
	}
	if same == 3 {
		t.Errorf("the cells run in one order in every round: %v", rounds[0])
	}

	// The seed reproduces the order, another seed changes it.
	again := planOrder(t, o)
	if d := cmp.Diff(again, planOrder(t, o)); d != "" {
		t.Errorf("same seed, different order (-first +second):\n%s", d)
	}
	o.Seed = 8
	if cmp.Equal(again, planOrder(t, o)) {
		t.Errorf("seeds 7 and 8 give the same order")
	}
}

func TestRandomAndSequentialPlans(t *testing.T) {
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 2
	o.Seed = 3
	o.Order = Sequential
	seq := planOrder(t, o)
	want := []string{}
	for r := 1; r <= 2; r++ {
		for _, m := range []string{"a", "b"} {
			for _, c := range []string{"dynamicOption=7,n_prompt=64,n_gen=32", "dynamicOption=7,n_prompt=128,n_gen=32",
				"dynamicOption=8,n_prompt=64,n_gen=32", "dynamicOption=8,n_prompt=128,n_gen=32"} {
				want = append(want, m+" "+c+" "+itoa(r))
			}
		}
	}
	if d := cmp.Diff(want, seq); d != "" {
		t.Errorf("sequential (-want +got):\n%s", d)
	}
	o.Order = Random
	r1 := planOrder(t, o)
	if d := cmp.Diff(r1, planOrder(t, o)); d != "" {
		t.Errorf("random, same seed, different order:\n%s", d)
	}
	if cmp.Equal(r1, seq) {
		t.Errorf("random order is the sequential one")
	}
	sorted := func(s []string) []string {
		c := append([]string(nil), s...)
		for i := range c {
			for j := i + 1; j < len(c); j++ {
				if c[j] < c[i] {
					c[i], c[j] = c[j], c[i]
				}
			}
		}
		return c
	}
	if d := cmp.Diff(sorted(seq), sorted(r1)); d != "" {
		t.Errorf("random is not a permutation of the plan:\n%s", d)
	}
}

// TestDerivedOption checks which knob is compared when the file names
// none, and that a suite-level option (fixed_params differing between
// suites, as in the users' task 1) makes cells across suites.
func TestDerivedOption(t *testing.T) {
	o := options(t, sweepDir(t, basicSweep))
	if o.Option != "dynamicOption" {
		t.Errorf("option %q, want dynamicOption", o.Option)
	}
	o = options(t, sweepDir(t, `task_name: vp
global_config: {threads: 1, models: ["a/config.json"]}
benchmark_suits:
  - suit_name: vp0
    variables: [{name: n_prompt, values: [64, 128]}]
    fixed_params: {vp: 0}
  - suit_name: vp1
    variables: [{name: n_prompt, values: [64, 128]}]
    fixed_params: {vp: 1}
sweepstat: {binary: BIN}
`))
	if o.Option != "vp" {
		t.Fatalf("option %q, want vp", o.Option)
	}
	p, err := NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cells) != 2 {
		t.Fatalf("%d cells, want 2 (one per n_prompt, each with both suites)", len(p.Cells))
	}
	for _, c := range p.Cells {
		if d := cmp.Diff([]string{"0", "1"}, c.Values); d != "" {
			t.Errorf("cell %s values (-want +got):\n%s", c.Key, d)
		}
	}
}
