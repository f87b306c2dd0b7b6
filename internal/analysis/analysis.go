package analysis

import (
	"fmt"
	"math"
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

	byGroup map[[3]string][]*sweep.Record // records by phase, model, value (see records)
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

func (r *Range) add(s string) {
	if s == "" {
		return
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
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
	a := &Analysis{Source: source, Synthetic: synthetic, Sel: sel}
	for i := range sel.Records {
		a.Prompt.add(sel.Records[i].Knob(sweep.KnobPrompt))
		a.Gen.add(sel.Records[i].Knob(sweep.KnobGen))
	}
	// Counts are listed by value, then model, then phase, as the old report did.
	for _, v := range sel.Values() {
		for _, m := range sel.Models {
			for _, p := range sel.Phases {
				if n := len(a.records(p, m, v)); n > 0 {
					a.Counts = append(a.Counts, Count{Value: v, Model: m, Phase: p, N: n})
				}
			}
		}
	}
	for _, p := range sel.Phases {
		for _, m := range sel.Models {
			for _, v := range sel.Values() {
				if recs := a.records(p, m, v); len(recs) > 0 {
					a.Summary = append(a.Summary, summarize(p, m, v, recs))
				}
			}
		}
	}
	// Differences, new value against base, once the summaries stop moving.
	for _, p := range sel.Phases {
		for _, m := range sel.Models {
			b := a.find(p, m, sel.Base)
			for _, v := range sel.NewValues() {
				n := a.find(p, m, v)
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
	sig, err := buildSignificance(sel, cfg)
	if err != nil {
		return nil, err
	}
	a.Sig = sig
	a.Result = a.model()
	return a, nil
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

// records returns the selected records of one phase, model and value, in
// source order (from an index built once).
func (a *Analysis) records(phase, model, value string) []*sweep.Record {
	if a.byGroup == nil {
		a.byGroup = map[[3]string][]*sweep.Record{}
		for i := range a.Sel.Records {
			r := &a.Sel.Records[i]
			k := [3]string{r.Phase, r.Model, r.Knobs[a.Sel.Option]}
			a.byGroup[k] = append(a.byGroup[k], r)
		}
	}
	return a.byGroup[[3]string{phase, model, value}]
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

func summarize(phase, model, value string, recs []*sweep.Record) Summary {
	s := Summary{Phase: phase, Model: model, Value: value, Unit: recs[0].Unit}
	speeds := make([]float64, len(recs))
	cvs := make([]float64, len(recs))
	for i, r := range recs {
		speeds[i] = r.Mean
		cvs[i] = r.CV()
		s.Prompt.add(r.Knob(sweep.KnobPrompt))
		s.Gen.add(r.Knob(sweep.KnobGen))
	}
	s.Speed = stats.Summarize(speeds)
	cv := stats.Summarize(cvs)
	s.CVMean, s.CVMax, s.CVMin = cv.Mean, cv.Max, cv.Min
	return s
}
