package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A Spread compares the two kinds of noise of one model × phase: the spread
// between invocations of the same benchmark (the honest unit of
// replication) and the ± printed within one invocation (over its
// repetitions). Both are medians over the benchmarks with at least two
// invocations per side, as a CV in percent.
type Spread struct {
	Model, Phase string
	Between      float64 // median between-invocation CV (%); NaN when no benchmark has 2 invocations
	Within       float64 // median within-invocation CV (%)
	Benchmarks   int     // benchmarks × sides that contributed to Between
}

// Ratio is Between / Within: how many times the run-to-run noise exceeds
// the within-run ±.
func (s Spread) Ratio() float64 { return s.Between / s.Within }

func spreads(sel *sweep.Selection) []Spread {
	// One pass: the model × phase of each record from its benchmark key
	// (found once per key), the records of each benchmark and value by a
	// counting sort, in source order.
	keyOf, keys := sel.KeyIndex()
	values := sel.Values()
	setOf, _ := sel.KnobSets()
	valueOf := newValueIndex(sel).ofSets(sel) // by knob set; values outside the selection's after its own
	mpIndex := map[[2]string]int{}
	mpOfKey := make([]int32, len(keys))
	for k, key := range keys {
		mp := [2]string{key.Model, key.Phase}
		i, ok := mpIndex[mp]
		if !ok {
			i = len(mpIndex)
			mpIndex[mp] = i
		}
		mpOfKey[k] = int32(i)
	}
	// Pairs (benchmark × value) numbered in order of first appearance.
	// A pair of a selected value is found in a table by key and value, any
	// other in a map.
	nv := len(values)
	pairAt := make([]int32, len(keys)*nv) // pair + 1; 0: none yet
	pairOf := map[[2]int32]int32{}
	var pairMP []int32 // model × phase of each pair
	var counts []int32
	mpCount := make([]int, len(mpIndex))
	pair := make([]int32, len(sel.Records))
	for i := range sel.Records {
		k := keyOf[i]
		v := valueOf[setOf[i]]
		var p int32
		var ok bool
		if v < nv {
			p, ok = pairAt[int(k)*nv+v]-1, pairAt[int(k)*nv+v] > 0
		} else {
			p, ok = pairOf[[2]int32{k, int32(v)}]
		}
		if !ok {
			p = int32(len(pairMP))
			if v < nv {
				pairAt[int(k)*nv+v] = p + 1
			} else {
				pairOf[[2]int32{k, int32(v)}] = p
			}
			pairMP = append(pairMP, mpOfKey[k])
			counts = append(counts, 0)
		}
		pair[i] = p
		counts[p]++
		mpCount[mpOfKey[k]]++
	}
	within := make([][]float64, len(mpIndex))
	for mp, n := range mpCount {
		within[mp] = make([]float64, 0, n)
	}
	start := make([]int32, len(counts)+1)
	for p, n := range counts {
		start[p+1] = start[p] + n
	}
	next := slices.Clone(start[:len(counts)])
	recs := make([]int32, len(sel.Records)) // the records of each pair, in source order
	for i, p := range pair {
		recs[next[p]] = int32(i)
		next[p]++
		mp := pairMP[p]
		within[mp] = append(within[mp], sel.Records[i].CV())
	}
	between := make([][]float64, len(mpIndex))
	var ms []float64
	for p, mp := range pairMP {
		ms = ms[:0]
		for _, i := range recs[start[p]:start[p+1]] {
			ms = sel.Records[i].AppendMeans(ms)
		}
		if len(ms) < 2 { // fewer than 2 invocations
			continue
		}
		s := stats.Summarize(ms)
		between[mp] = append(between[mp], s.Std/s.Mean*100)
	}
	var out []Spread
	for _, m := range sel.Models {
		for _, p := range sel.Phases {
			mp, ok := mpIndex[[2]string{m, p}]
			if !ok || len(within[mp]) == 0 {
				continue
			}
			out = append(out, Spread{Model: m, Phase: p, Between: stats.MedianInPlace(between[mp]), Within: stats.MedianInPlace(within[mp]), Benchmarks: len(between[mp])})
		}
	}
	return out
}

// Remedy is what every design finding advises.
const Remedy = "interleave the values (sweepstat run does by default) or alternate them in rounds, so that drift falls on both alike"

// designFindings reports flaws of the experiment's design that no test can
// repair:
//
//   - session: base and new come from different runs (tasks, files) whose
//     times do not interleave (or are unknown): whatever differs between
//     the sessions (thermal state, background load, a changed machine) is
//     confounded with the option;
//   - run order: within a model, every invocation of one value ran before
//     every invocation of the other, so drift over time is confounded with
//     the option.
//
// A session finding concerns every model (Model ""); run-order findings
// are per model and are not repeated when a session finding exists.
func designFindings(sel *sweep.Selection) []result.Finding {
	var out []result.Finding
	for _, v := range sel.NewValues() {
		out = append(out, pairFindings(sel.Pair(v))...)
	}
	return out
}

// pairFindings are the design findings of a selection of two values.
func pairFindings(sel *sweep.Selection) []result.Finding {
	if f, ok := sessionFinding(sel); ok {
		return []result.Finding{f}
	}
	for i := range sel.Records {
		if sel.Records[i].Time == "" {
			return nil // no timestamps: nothing to say
		}
	}
	var out []result.Finding
	spans := spansByModel(sel)
	for _, m := range sel.Models {
		sp := spans[m]
		a, b, ok := sp.ordered(sel.Base, sel.New)
		if !ok {
			continue
		}
		f := result.Finding{Kind: result.FindingRunOrder, Model: m,
			First: a, FirstStart: sp.first[a], FirstEnd: sp.last[a], Second: b, SecondStart: sp.first[b], SecondEnd: sp.last[b], Remedy: Remedy}
		f.Message = fmt.Sprintf("%s: all invocations of %s=%s (%s … %s) ran before all of %s=%s (%s … %s): drift over time is confounded with the option",
			m, sel.Option, a, f.FirstStart, f.FirstEnd, sel.Option, b, f.SecondStart, f.SecondEnd)
		out = append(out, f)
	}
	return out
}

// A span holds the first and last time of each option value.
type span struct{ first, last map[string]string }

// valueIndex numbers the option values of sel's records: Values() first,
// then any other in order of first appearance.
type valueIndex struct {
	names []string
	other map[string]int
}

func newValueIndex(sel *sweep.Selection) *valueIndex {
	return &valueIndex{names: slices.Clone(sel.Values()), other: map[string]int{}}
}

// ofSets returns the index of the option value of each knob set of sel
// (see sweep.Selection.KnobSets), numbering the values it has not seen in
// the order of the sets: of their first records.
func (vx *valueIndex) ofSets(sel *sweep.Selection) []int {
	col := sel.KnobColumn(sel.Option)
	out := make([]int, len(col))
	for j, v := range col {
		out[j] = vx.of(v)
	}
	return out
}

func (vx *valueIndex) of(v string) int {
	if i := slices.Index(vx.names, v); i >= 0 {
		return i
	}
	i, ok := vx.other[v]
	if !ok {
		i = len(vx.names)
		vx.other[v] = i
		vx.names = append(vx.names, v)
	}
	return i
}

// spanTimes holds the first and last time of each value of one group of
// records, by value index ("" none).
type spanTimes struct{ first, last []string }

func (st *spanTimes) add(v int, t string) {
	for len(st.first) <= v {
		st.first, st.last = append(st.first, ""), append(st.last, "")
	}
	if f := st.first[v]; f == "" || t < f {
		st.first[v] = t
	}
	if l := st.last[v]; l == "" || t > l {
		st.last[v] = t
	}
}

// span returns st as a span of value names.
func (st *spanTimes) span(vx *valueIndex) span {
	sp := span{first: map[string]string{}, last: map[string]string{}}
	for v, f := range st.first {
		if f != "" {
			sp.first[vx.names[v]], sp.last[vx.names[v]] = f, st.last[v]
		}
	}
	return sp
}

// spanOfAll is the span of every record of sel with a time.
func spanOfAll(sel *sweep.Selection) span {
	vx := newValueIndex(sel)
	setOf, _ := sel.KnobSets()
	valueOf := vx.ofSets(sel)
	var st spanTimes
	for i := range sel.Records {
		if r := &sel.Records[i]; r.Time != "" {
			st.add(valueOf[setOf[i]], r.Time)
		}
	}
	return st.span(vx)
}

// spansByModel is the span of each model's records, in one pass: values
// numbered, times compared in slices, a record's model looked up only
// when it differs from the record's before (a sweep runs model by model).
func spansByModel(sel *sweep.Selection) map[string]span {
	vx := newValueIndex(sel)
	setOf, _ := sel.KnobSets()
	valueOf := vx.ofSets(sel)
	modelOf := map[string]int{}
	var names []string
	var sts []spanTimes
	m, last := -1, ""
	for i := range sel.Records {
		r := &sel.Records[i]
		if m < 0 || r.Model != last {
			var ok bool
			if m, ok = modelOf[r.Model]; !ok {
				m = len(names)
				modelOf[r.Model] = m
				names = append(names, r.Model)
				sts = append(sts, spanTimes{})
			}
			last = r.Model
		}
		if r.Time != "" {
			sts[m].add(valueOf[setOf[i]], r.Time)
		}
	}
	out := map[string]span{}
	for m, name := range names {
		out[name] = sts[m].span(vx)
	}
	return out
}

// ordered returns the two values in the order they ran, and whether every
// time of the first precedes every time of the second.
func (sp span) ordered(base, new string) (first, second string, ok bool) {
	a, b := base, new
	if sp.last[b] < sp.first[a] {
		a, b = b, a
	}
	if sp.first[a] == "" || sp.first[b] == "" || !(sp.last[a] < sp.first[b]) {
		return a, b, false
	}
	return a, b, true
}

// sessionFinding reports base and new drawn from disjoint runs (the Task
// of their records) that do not interleave in time.
func sessionFinding(sel *sweep.Selection) (result.Finding, bool) {
	runs := map[string]map[string]bool{sel.Base: {}, sel.New: {}}
	var lastValue, lastTask string // the run of the record before: most follow it
	setOf, _ := sel.KnobSets()
	column := sel.KnobColumn(sel.Option)
	for i := range sel.Records {
		r := &sel.Records[i]
		v := column[setOf[i]]
		if i > 0 && v == lastValue && r.Task == lastTask {
			continue
		}
		lastValue, lastTask = v, r.Task
		runs[v][r.Task] = true
	}
	for t := range runs[sel.Base] {
		if runs[sel.New][t] {
			return result.Finding{}, false // some run holds both values
		}
	}
	if len(runs[sel.Base]) == 0 || len(runs[sel.New]) == 0 {
		return result.Finding{}, false
	}
	sp := spanOfAll(sel)
	a, b, sequential := sp.ordered(sel.Base, sel.New)
	timed := sp.first[a] != "" && sp.first[b] != ""
	if timed && !sequential {
		return result.Finding{}, false // the runs interleave in time
	}
	f := result.Finding{Kind: result.FindingSession, First: a, Second: b, Remedy: Remedy}
	if timed {
		f.FirstStart, f.FirstEnd, f.SecondStart, f.SecondEnd = sp.first[a], sp.last[a], sp.first[b], sp.last[b]
	}
	f.Message = fmt.Sprintf("%s=%s and %s=%s were measured in different runs (%s vs %s): the change is confounded with the session",
		sel.Option, a, sel.Option, b, strings.Join(sweep.SortedKeys(runs[a]), ", "), strings.Join(sweep.SortedKeys(runs[b]), ", "))
	return f, true
}

// A pairSet holds the model × new value pairs that design findings
// concern; model "" stands for every model.
type pairSet map[[2]string]bool

func (p pairSet) has(model, value string) bool {
	return p[[2]string{model, value}] || p[[2]string{"", value}]
}

// confoundedPairs returns the model × new value pairs that findings concern
// (a finding names the base and one new value, in the order they ran).
func confoundedPairs(findings []result.Finding, base string) pairSet {
	out := pairSet{}
	for _, f := range findings {
		v := f.Second
		if v == base {
			v = f.First
		}
		out[[2]string{f.Model, v}] = true
	}
	return out
}
