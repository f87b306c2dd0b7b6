package chart

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// ErrOneValue is returned by Comparison for a model and phase measured for
// one option value only: there is nothing to compare, and the caller skips
// the chart (Set.Comparable says so beforehand).
var ErrOneValue = errors.New("measured for one option value only")

// ErrNoTimes is returned by RunOrder when no record has a run time it can
// read: the chart would be empty, and the caller skips it (Set.HasRunOrder
// says so beforehand). Records without a time among records with one are
// left out and counted in their panel's title instead.
var ErrNoTimes = errors.New("no record has a readable run time")

// A Set indexes one selection and its comparison once for all the charts
// of a report: records by model and phase, and records by benchmark with
// each benchmark's medians. Building it costs one pass over the records
// (and one sort of each benchmark's values); each chart then reads only
// its own records, so a report of many models costs no more per chart than
// one of few. A Set is immutable once built and safe for concurrent use;
// it reads sel and c, which must not change while it is in use, and owns
// nothing else.
type Set struct {
	sel    *sweep.Selection
	c      *result.Comparison // may be nil: no rows, no Change chart
	values []string           // sel.Values(): base first
	vindex map[string]int     // option value → index in values

	groups  map[modelPhase]*group
	order   []modelPhase // groups in order of first appearance
	benches []bench
	rec     []int32 // bench of each record of sel.Records, -1 for none
	val     []int32 // index in values of each record's option value (0 for none)

	rowsOnce sync.Once
	rows     map[modelPhase][]int32 // indices into c.Rows by model and phase, in order
}

type modelPhase struct{ model, phase string }

// A group is the records of one model and phase.
type group struct {
	recs    []int32 // indices into sel.Records, in source order
	benches []int32 // its benchmarks, in order of first appearance
	values  int     // distinct option values among recs
	seen    []bool  // by option value: has records in recs
}

// A bench is one benchmark (sweep.Key) of the selection.
type bench struct {
	key    sweep.Key
	label  string // size and the knobs that vary: a result.Row's Size
	extras string // the varying knobs alone ("threads=4"), "" for none
	// dims holds the value of n_prompt and n_gen when every record of the
	// benchmark has the same finite number there; ok says which do.
	dims [2]float64
	ok   [2]bool
	// median is the median of the invocation means of every option value;
	// baseMedian of the base value's alone (NaN when it has none).
	median, baseMedian float64
}

// dimKnobs are the sweep dimensions a chart may put on its x axis.
var dimKnobs = [2]string{sweep.KnobPrompt, sweep.KnobGen}

// NewSet indexes sel and c (c may be nil) for the charts of one report.
func NewSet(sel *sweep.Selection, c *result.Comparison) *Set {
	s := &Set{sel: sel, c: c, values: sel.Values(), vindex: map[string]int{}, groups: map[modelPhase]*group{}}
	for i, v := range s.values {
		if _, dup := s.vindex[v]; !dup {
			s.vindex[v] = i
		}
	}
	dimText := [][2]string{}
	var benchGroup []*group // the group of each benchmark
	s.rec = make([]int32, len(sel.Records))
	s.val = make([]int32, len(sel.Records))
	keyOf, keys := sel.KeyIndex()     // computed once per selection, shared with the analysis
	byKey := make([]int32, len(keys)) // key index → bench + 1; 0: none yet
	// What a record's knobs decide, read once per knob set: the index of
	// its value (-1 for none of the selection's), its n_prompt and n_gen.
	setOf, _ := sel.KnobSets()
	setValue := sel.ValueIndex() // s.vindex's index, by knob set
	dimCols := [2][]string{sel.KnobColumn(dimKnobs[0]), sel.KnobColumn(dimKnobs[1])}
	for i := range sel.Records {
		r := &sel.Records[i]
		set := setOf[i]
		vi := setValue[set]
		dimVal := [2]string{dimCols[0][set], dimCols[1][set]}
		if vi < 0 {
			s.rec[i] = -1
			continue
		}
		s.val[i] = int32(vi)
		k := keys[keyOf[i]]
		b := byKey[keyOf[i]] - 1
		if b < 0 { // a new benchmark: of a group found by its model and phase
			mp := modelPhase{r.Model, r.Phase}
			g := s.groups[mp]
			if g == nil {
				g = &group{seen: make([]bool, len(s.values))}
				s.groups[mp] = g
				s.order = append(s.order, mp)
			}
			b = int32(len(s.benches))
			byKey[keyOf[i]] = b + 1
			extras := strings.Join(sel.Extra(r), " ")
			label := strings.TrimSpace(r.Size + " " + extras)
			s.benches = append(s.benches, bench{key: k, label: label, extras: extras, ok: [2]bool{true, true}})
			benchGroup = append(benchGroup, g)
			dimText = append(dimText, dimVal)
			for d, knob := range dimKnobs {
				s.benches[b].dims[d], s.benches[b].ok[d] = knobValue(r, knob)
			}
			g.benches = append(g.benches, b)
		}
		g := benchGroup[b]
		g.recs = append(g.recs, int32(i))
		if !g.seen[vi] {
			g.seen[vi] = true
			g.values++
		}
		s.rec[i] = b
		for d := range dimKnobs {
			if s.benches[b].ok[d] && dimVal[d] != dimText[b][d] { // once not constant, never again
				s.benches[b].ok[d] = false
			}
		}
	}
	s.medians()
	return s
}

// medians sets each benchmark's median and base median: of the means of
// its records (of its base records), gathered into one array per kind in
// benchmark order — counted first, so that a million records fill two
// arrays of their size rather than a growing slice per benchmark.
func (s *Set) medians() {
	n := len(s.benches)
	at, baseAt := make([]int, n+1), make([]int, n+1) // start of each benchmark's means
	for i := range s.sel.Records {
		if b := s.rec[i]; b >= 0 {
			k := s.sel.Records[i].Invocations()
			at[b+1] += k
			if s.val[i] == 0 {
				baseAt[b+1] += k
			}
		}
	}
	for b := range n {
		at[b+1] += at[b]
		baseAt[b+1] += baseAt[b]
	}
	means, baseMeans := make([]float64, at[n]), make([]float64, baseAt[n])
	next, baseNext := slices.Clone(at[:n]), slices.Clone(baseAt[:n])
	for i := range s.sel.Records {
		b := s.rec[i]
		if b < 0 {
			continue
		}
		r := &s.sel.Records[i]
		next[b] += len(r.AppendMeans(means[next[b]:next[b]]))
		if s.val[i] == 0 {
			baseNext[b] += len(r.AppendMeans(baseMeans[baseNext[b]:baseNext[b]]))
		}
	}
	// The medians, on every core: each benchmark's of its own means.
	parallelChunks(n, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			s.benches[b].median = stats.MedianInPlace(means[at[b]:at[b+1]])
			s.benches[b].baseMedian = stats.MedianInPlace(baseMeans[baseAt[b]:baseAt[b+1]])
		}
	})
}

// parallelChunks calls fn on contiguous chunks of [0, n), one per core
// (fewer for small n), and returns when every call has.
func parallelChunks(n int, fn func(lo, hi int)) {
	chunks := min(runtime.GOMAXPROCS(0), max(1, n/1024))
	var wg sync.WaitGroup
	for c := range chunks {
		lo, hi := n*c/chunks, n*(c+1)/chunks
		if c == chunks-1 {
			fn(lo, hi)
			continue
		}
		wg.Go(func() { fn(lo, hi) })
	}
	wg.Wait()
}

// rowsOf returns the indices of the rows of c of model and phase, in
// order: an index built once, so that a chart of one model does not scan
// the rows of every model.
func (s *Set) rowsOf(model, phase string) []int32 {
	s.rowsOnce.Do(func() {
		s.rows = map[modelPhase][]int32{}
		if s.c == nil {
			return
		}
		for i := range s.c.Rows {
			r := &s.c.Rows[i]
			mp := modelPhase{r.Model, r.Phase}
			s.rows[mp] = append(s.rows[mp], int32(i))
		}
	})
	return s.rows[modelPhase{model, phase}]
}

// group returns the records of model and phase (nil when there are none).
func (s *Set) group(model, phase string) *group { return s.groups[modelPhase{model, phase}] }

// Comparable reports whether Comparison draws a chart for model and phase:
// they have records of two or more option values. When it is false,
// Comparison returns ErrOneValue (or another error when there are no
// records at all).
func (s *Set) Comparable(model, phase string) bool {
	g := s.group(model, phase)
	return g != nil && g.values >= 2
}

// HasChange reports whether the comparison has rows of phase, so that
// Change draws a chart.
func (s *Set) HasChange(phase string) bool {
	if s.c == nil {
		return false
	}
	for i := range s.c.Rows {
		if s.c.Rows[i].Phase == phase {
			return true
		}
	}
	return false
}

// HasRunOrder reports whether some record has a readable run time, so that
// RunOrder draws a chart rather than return ErrNoTimes.
func (s *Set) HasRunOrder() bool {
	for i, b := range s.rec {
		if b >= 0 {
			if _, ok := parseTime(s.sel.Records[i].Time); ok {
				return true
			}
		}
	}
	return false
}

// value returns the index of record i's option value (0: base).
func (s *Set) value(i int32) int { return int(s.val[i]) }

// xDims returns the sweep dimensions (indices into dimKnobs) that every
// benchmark in benches holds constant and that take two or more values
// among them: the x axes that mean something (pp: n_prompt; tg: n_gen;
// pp+tg and decode after a prefill: both; never a dimension a phase
// ignores, nor one fixed at a single value, like llama-bench's n_gen=0 of
// a pp test).
func (s *Set) xDims(benches []int32) []int {
	var out []int
	for d := range dimKnobs {
		all := len(benches) > 0
		first, varies := math.NaN(), false
		for _, b := range benches {
			bb := &s.benches[b]
			all = all && bb.ok[d]
			if !all {
				break
			}
			if math.IsNaN(first) {
				first = bb.dims[d]
			}
			varies = varies || bb.dims[d] != first
		}
		if all && varies {
			out = append(out, d)
		}
	}
	return out
}

// An xAxis places benchmarks on a panel's x axis: a sweep dimension, or
// the test size (its value, or its rank among categories when sizes are
// not all numbers).
type xAxis struct {
	dim  int                // index into dimKnobs; -1: the test size
	pos  map[string]float64 // size → x, for dim -1
	cats []string           // the sizes as categories, for dim -1
}

// of returns the x of benchmark b.
func (a xAxis) of(b *bench) float64 {
	if a.dim < 0 {
		return a.pos[b.key.Size]
	}
	return b.dims[a.dim]
}

// xAxes returns the axes of panels of benches: the sweep dimensions that
// mean something for them (xDims), else the test size.
func (s *Set) xAxes(benches []int32) []xAxis {
	var out []xAxis
	for _, d := range s.xDims(benches) {
		out = append(out, xAxis{dim: d})
	}
	if len(out) > 0 {
		return out
	}
	var sizes []string
	seen := map[string]bool{}
	for _, b := range benches {
		if sz := s.benches[b].key.Size; !seen[sz] {
			seen[sz] = true
			sizes = append(sizes, sz)
		}
	}
	ax := xAxis{dim: -1}
	ax.pos, ax.cats = sizeX(sizes)
	return []xAxis{ax}
}
