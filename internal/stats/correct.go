package stats

import (
	"fmt"
	"math"
	"slices"
)

// A Correction is a correction for multiple comparisons. *Correction is a
// flag.Value that parses "holm", "bh" and "none".
type Correction int

const (
	// CorrectionHolm is Holm's step-down method ([Holm]); it bounds the
	// family-wise error rate and is the zero value, the safe choice for
	// pass/fail gates.
	CorrectionHolm Correction = iota
	// CorrectionBH is the Benjamini-Hochberg step-up method
	// ([BenjaminiHochberg]); it bounds the false discovery rate and suits
	// highlighting.
	CorrectionBH
	// CorrectionNone leaves p-values as they are.
	CorrectionNone
)

// String returns "holm", "bh" or "none".
func (c Correction) String() string {
	switch c {
	case CorrectionHolm:
		return "holm"
	case CorrectionBH:
		return "bh"
	case CorrectionNone:
		return "none"
	}
	return fmt.Sprintf("Correction(%d)", int(c))
}

// Set parses "none", "holm" or "bh".
func (c *Correction) Set(s string) error {
	for _, v := range []Correction{CorrectionNone, CorrectionHolm, CorrectionBH} {
		if s == v.String() {
			*c = v
			return nil
		}
	}
	return fmt.Errorf("parsing correction: unknown correction %q (want none, holm or bh)", s)
}

// Adjust returns the p-values p adjusted by c, in a new slice in the same
// order as p.
func (c Correction) Adjust(p []float64) []float64 {
	switch c {
	case CorrectionBH:
		return BenjaminiHochberg(p)
	case CorrectionNone:
		return slices.Clone(p)
	}
	return Holm(p)
}

// Holm returns Holm's step-down adjusted p-values of p, in a new slice in
// the same order as p. Rejecting the hypotheses whose adjusted p is ≤ alpha
// bounds the family-wise error rate at alpha. With m the number of
// non-NaN p-values sorted ascending, the i-th (from 1) adjusted value is
// max over j ≤ i of min(1, (m-j+1)·p₍ⱼ₎). NaN inputs stay NaN and do not
// count in m.
func Holm(p []float64) []float64 {
	out, idx := prepare(p)
	m := float64(len(idx))
	running := 0.0
	for i, k := range idx {
		running = math.Max(running, math.Min(1, (m-float64(i))*p[k]))
		out[k] = running
	}
	return out
}

// BenjaminiHochberg returns the Benjamini-Hochberg adjusted p-values (also
// called q-values) of p, in a new slice in the same order as p. Rejecting
// the hypotheses whose adjusted p is ≤ alpha bounds the false discovery
// rate at alpha for independent tests. With m the number of non-NaN
// p-values sorted ascending, the i-th (from 1) adjusted value is min over
// j ≥ i of min(1, m/j·p₍ⱼ₎). NaN inputs stay NaN and do not count in m.
func BenjaminiHochberg(p []float64) []float64 {
	out, idx := prepare(p)
	m := float64(len(idx))
	running := 1.0
	for i := len(idx) - 1; i >= 0; i-- {
		k := idx[i]
		running = math.Min(running, math.Min(1, m/float64(i+1)*p[k]))
		out[k] = running
	}
	return out
}

// prepare returns an output slice with NaN where p is NaN and the indexes
// of the other p-values in ascending order of p (stable).
func prepare(p []float64) (out []float64, idx []int) {
	out = make([]float64, len(p))
	for i, x := range p {
		if math.IsNaN(x) {
			out[i] = math.NaN()
			continue
		}
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	return out, idx
}
