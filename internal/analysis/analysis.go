package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// An Analysis is everything the report says about one selection.
type Analysis struct {
	Source    string           // where the data came from, for the report (a file name, not a path)
	Synthetic bool             // the data is the built-in synthetic demo
	Sel       *sweep.Selection // the compared records
	Counts    []Count          // records per option value, model and phase
	Summary   []Summary        // per phase, model and option value
	Diffs     []Diff           // per phase and model: new minus base
	Prompt    Range            // n_prompt over all selected records
	Gen       Range            // n_gen over all selected records
	Sig       *Significance    // the statistical comparison (working state)
	// Result is the comparison as every renderer of it reads it: rows,
	// aggregates, design findings and the gate's decision, computed once.
	Result *result.Comparison
}

// A Count is the number of records of one option value, model and phase.
type Count struct {
	Value, Model, Phase string
	N                   int
}

// A Range is the smallest and largest value of a numeric knob; Valid is
// false when no record has the knob as a number.
type Range struct {
	Min, Max float64
	Valid    bool
}

func (r *Range) add(s string) { r.addNumber(rangeNumber(s)) }

// rangeNumber is the number a Range takes of knob text s: NaN, which it
// skips, for none (an empty text, no number, or not finite).
func rangeNumber(s string) float64 {
	if s == "" {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}

// addNumber adds f to the range, unless it is NaN.
func (r *Range) addNumber(f float64) {
	if math.IsNaN(f) {
		return
	}
	if !r.Valid {
		r.Min, r.Max, r.Valid = f, f, true
		return
	}
	r.Min, r.Max = math.Min(r.Min, f), math.Max(r.Max, f)
}

// String renders the range as the old report did: "64 - 1024".
func (r Range) String() string {
	if !r.Valid {
		return "-"
	}
	return fmt.Sprintf("%s - %s", fmtNum(r.Min), fmtNum(r.Max))
}

func fmtNum(f float64) string { return fmt.Sprint(f) }

// A Summary describes the records of one phase, model and option value: the
// speed (record means) and the within-invocation CV (std/mean*100).
type Summary struct {
	Phase, Model, Value  string
	Speed                stats.Summary // over record means: N, Mean, sample Std, Min, Max
	Unit                 string        // unit of the speeds (first record's)
	CVMean, CVMax, CVMin float64       // percent
	Prompt, Gen          Range
}

// A Diff compares the new option value's summary with the base's for one
// phase and model, as the old report did.
type Diff struct {
	Phase, Model string
	Base, New    *Summary
	SpeedDiff    float64 // New.Speed.Mean - Base.Speed.Mean
	SpeedPct     float64 // SpeedDiff / Base.Speed.Mean * 100
	CVDiff       float64 // New.CVMean - Base.CVMean
	NDiff        int     // New.Speed.N - Base.Speed.N
}

// Build computes the Analysis of sel with the statistics cfg configures.
// source names the data for the report.
func Build(sel *sweep.Selection, source string, synthetic bool, cfg Config) (*Analysis, error) {
	return build(sel, source, synthetic, cfg, true)
}

// BuildComparison is Build for an Analysis that is only rendered as the
// comparison (its Result, and the significance section that reads
// Result, Sel and Sig.Spread): it has no Counts, Summary, Diffs, Prompt
// and Gen, and Sig.Rows is nil. A benchmark's Row is dropped once its
// result row is made, so that a comparison of many benchmarks holds one
// row of each at a time rather than two (about 600 bytes a benchmark
// less). Result is the same as Build's.
func BuildComparison(sel *sweep.Selection, source string, synthetic bool, cfg Config) (*Analysis, error) {
	return build(sel, source, synthetic, cfg, false)
}

// build is Build, or BuildComparison when full is false.
func build(sel *sweep.Selection, source string, synthetic bool, cfg Config, full bool) (*Analysis, error) {
	a := &Analysis{Source: source, Synthetic: synthetic, Sel: sel}
	if !full {
		sig, rows, err := buildSignificance(sel, cfg, false)
		if err != nil {
			return nil, err
		}
		return a.finish(sig, rows), nil
	}
	// The statistics and the old report's summaries read sel and nothing
	// of each other: the statistics run beside the summaries (on another
	// core), a panic there raised here as if it were not.
	var sig *Significance
	var rows []result.Row
	var sigErr error
	var sigPanic any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { sigPanic = recover() }()
		sig, rows, sigErr = buildSignificance(sel, cfg, true)
	}()
	// Every knob set is some record's: the ranges of all records are
	// those of the sets.
	setOf, _ := sel.KnobSets()
	prompts, gens := knobNumbers(sel, sweep.KnobPrompt), knobNumbers(sel, sweep.KnobGen)
	for i := range prompts {
		a.Prompt.addNumber(prompts[i])
		a.Gen.addNumber(gens[i])
	}
	gr := groupRecords(sel)
	// Counts are listed by value, then model, then phase, as the old report did.
	for vi, v := range sel.Values() {
		for mi, m := range sel.Models {
			for pi, p := range sel.Phases {
				if n := len(gr.of(vi, mi, pi)); n > 0 {
					a.Counts = append(a.Counts, Count{Value: v, Model: m, Phase: p, N: n})
				}
			}
		}
	}
	found := map[[3]string]int{} // phase, model, value → index in a.Summary
	for pi, p := range sel.Phases {
		for mi, m := range sel.Models {
			for vi, v := range sel.Values() {
				if recs := gr.of(vi, mi, pi); len(recs) > 0 {
					k := [3]string{p, m, v}
					if _, dup := found[k]; !dup {
						found[k] = len(a.Summary)
					}
					a.Summary = append(a.Summary, summarize(p, m, v, sel.Records, recs, setOf, prompts, gens))
				}
			}
		}
	}
	find := func(p, m, v string) *Summary {
		if i, ok := found[[3]string{p, m, v}]; ok {
			return &a.Summary[i]
		}
		return nil
	}
	// Differences, new value against base, once the summaries stop moving.
	for _, p := range sel.Phases {
		for _, m := range sel.Models {
			b := find(p, m, sel.Base)
			for _, v := range sel.NewValues() {
				n := find(p, m, v)
				if b == nil || n == nil {
					continue
				}
				d := Diff{Phase: p, Model: m, Base: b, New: n}
				d.SpeedDiff = d.New.Speed.Mean - d.Base.Speed.Mean
				d.SpeedPct = d.SpeedDiff / d.Base.Speed.Mean * 100
				d.CVDiff = d.New.CVMean - d.Base.CVMean
				d.NDiff = d.New.Speed.N - d.Base.Speed.N
				a.Diffs = append(a.Diffs, d)
			}
		}
	}
	<-done
	if sigPanic != nil {
		panic(sigPanic)
	}
	if sigErr != nil {
		return nil, sigErr
	}
	return a.finish(sig, rows), nil
}

// finish makes a's Result from sig, the comparison of a.Sel, and its
// result rows, and returns a.
func (a *Analysis) finish(sig *Significance, rows []result.Row) *Analysis {
	a.Sig = sig
	a.Result = a.model(rows)
	return a
}

// knobNumbers returns the number knob k holds in each knob set of sel
// (see sweep.Selection.KnobSets) as a Range takes it (rangeNumber): each
// set's text parsed once, for the ranges of every record.
func knobNumbers(sel *sweep.Selection, k string) []float64 {
	col := sel.KnobColumn(k)
	out := make([]float64, len(col))
	for i, s := range col {
		out[i] = rangeNumber(s)
	}
	return out
}

// recordGroups indexes the records of a selection by option value, model
// and phase (indices into sel.Values(), Models, Phases), each group in
// source order: one pass over the records, the model and phase read from
// each benchmark key once.
type recordGroups struct {
	nm, np int
	start  []int32 // group g holds idx[start[g]:start[g+1]]
	idx    []int32
	// first index of each value, model and phase: a name listed twice
	// has its records under both indices
	vs, ms, ps []int
}

func (gr *recordGroups) of(v, m, p int) []int32 {
	g := (gr.vs[v]*gr.nm+gr.ms[m])*gr.np + gr.ps[p]
	return gr.idx[gr.start[g]:gr.start[g+1]]
}

// firstIndex returns the index of the first occurrence of each name.
func firstIndex(names []string) (map[string]int, []int) {
	at, first := map[string]int{}, make([]int, len(names))
	for i, n := range names {
		if j, dup := at[n]; dup {
			first[i] = j
		} else {
			at[n], first[i] = i, i
		}
	}
	return at, first
}

func groupRecords(sel *sweep.Selection) *recordGroups {
	values := sel.Values()
	gr := &recordGroups{nm: len(sel.Models), np: len(sel.Phases)}
	models, ms := firstIndex(sel.Models)
	phases, ps := firstIndex(sel.Phases)
	_, vs := firstIndex(values)
	gr.vs, gr.ms, gr.ps = vs, ms, ps
	keyOf, keys := sel.KeyIndex()
	mp := make([]int, len(keys)) // model × phase of each key, -1 when not selected
	for k, key := range keys {
		m, okm := models[key.Model]
		p, okp := phases[key.Phase]
		mp[k] = -1
		if okm && okp {
			mp[k] = m*gr.np + p
		}
	}
	setOf, _ := sel.KnobSets()
	valueOf := sel.ValueIndex()              // by knob set
	group := make([]int32, len(sel.Records)) // group of each record, -1 for none
	n := len(values) * gr.nm * gr.np
	gr.start = make([]int32, n+1)
	for i := range sel.Records {
		group[i] = -1
		if m := mp[keyOf[i]]; m >= 0 {
			if v := valueOf[setOf[i]]; v >= 0 {
				group[i] = int32(v*gr.nm*gr.np + m)
				gr.start[group[i]+1]++
			}
		}
	}
	for g := range n {
		gr.start[g+1] += gr.start[g]
	}
	next := slices.Clone(gr.start[:n])
	gr.idx = make([]int32, gr.start[n])
	for i, g := range group {
		if g >= 0 {
			gr.idx[next[g]] = int32(i)
			next[g]++
		}
	}
	return gr
}

// Aggregate returns the aggregate of one model, phase and the first new
// value, or nil.
func (a *Analysis) Aggregate(model, phase string) *Aggregate {
	for i := range a.Sig.Aggregates {
		if g := &a.Sig.Aggregates[i]; g.Model == model && g.Phase == phase && g.Value == a.Sel.New {
			return g
		}
	}
	return nil
}

// ResultAggregate returns the aggregate of one model, phase and new value
// in the result, or nil.
func (a *Analysis) ResultAggregate(model, phase, value string) *result.Aggregate {
	for i := range a.Result.Aggregates {
		if g := &a.Result.Aggregates[i]; g.Model == model && g.Phase == phase && g.NewValue == value {
			return g
		}
	}
	return nil
}

// Find returns the summary of one phase, model and option value, or nil.
func (a *Analysis) Find(phase, model, value string) *Summary { return a.find(phase, model, value) }

func (a *Analysis) find(phase, model, value string) *Summary {
	for i := range a.Summary {
		s := &a.Summary[i]
		if s.Phase == phase && s.Model == model && s.Value == value {
			return s
		}
	}
	return nil
}

// summarize summarises the records all[idx], whose knob sets are
// setOf[idx] and the numbers of n_prompt and n_gen in those prompts and
// gens (knobNumbers).
func summarize(phase, model, value string, all []sweep.Record, idx, setOf []int32, prompts, gens []float64) Summary {
	s := Summary{Phase: phase, Model: model, Value: value, Unit: all[idx[0]].Unit}
	speeds := make([]float64, len(idx))
	cvs := make([]float64, len(idx))
	for i, j := range idx {
		r := &all[j]
		speeds[i] = r.Mean
		cvs[i] = r.CV()
		set := setOf[j]
		s.Prompt.addNumber(prompts[set])
		s.Gen.addNumber(gens[set])
	}
	s.Speed = stats.Summarize(speeds)
	cv := stats.Summarize(cvs)
	s.CVMean, s.CVMax, s.CVMin = cv.Mean, cv.Max, cv.Min
	return s
}
