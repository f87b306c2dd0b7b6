package runner

import (
	"fmt"
	"math/rand/v2"
)

// shuffler is a seeded Fisher-Yates shuffle over PCG, written out so that
// an order recorded with a seed can be reproduced by any later build (the
// standard library's Shuffle may change its algorithm).
type shuffler struct{ pcg *rand.PCG }

func newShuffler(seed int64, stream uint64) shuffler {
	return shuffler{rand.NewPCG(uint64(seed), stream)}
}

func (s shuffler) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		j := int(s.pcg.Uint64() % uint64(i+1))
		swap(i, j)
	}
}

// order returns every measured invocation of the planned rounds in
// execution order.
func (p *Plan) order() ([]*Invocation, error) {
	o := p.Options
	var all []*Invocation
	switch o.Order {
	case Interleaved, "":
		for r := 1; r <= o.Rounds; r++ {
			all = append(all, p.interleave(p.Cells, r, uint64(r))...)
		}
	case Random:
		for r := 1; r <= o.Rounds; r++ {
			for ci := range p.cases {
				all = append(all, p.invocation(ci, r))
			}
		}
		newShuffler(p.Seed, 0).shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	case Sequential:
		for r := 1; r <= o.Rounds; r++ {
			for ci := range p.cases {
				all = append(all, p.invocation(ci, r))
			}
		}
	default:
		return nil, fmt.Errorf("planning a sweep: unknown order %q", o.Order)
	}
	return all, nil
}

// interleave orders round r of cells: the cells shuffled with the seed
// (stream picks the shuffle), each cell's cases back to back, ascending by
// option value in odd rounds and descending in even ones.
func (p *Plan) interleave(cells []*Cell, r int, stream uint64) []*Invocation {
	perm := append([]*Cell(nil), cells...)
	newShuffler(p.Seed, stream).shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	var out []*Invocation
	for _, c := range perm {
		out = append(out, p.cellRound(c, r)...)
	}
	return out
}

// cellRound returns the invocations of round r of one cell: its values
// ascending in odd rounds, descending in even ones.
func (p *Plan) cellRound(c *Cell, r int) []*Invocation {
	var out []*Invocation
	n := len(c.cases)
	for i := range n {
		k := i
		if r%2 == 0 {
			k = n - 1 - i
		}
		out = append(out, p.invocation(c.cases[k], r))
	}
	return out
}
