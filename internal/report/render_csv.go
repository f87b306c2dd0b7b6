package report

import (
	"encoding/csv"
	"io"
	"sort"
	"strconv"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// RawCSV writes every selected record, one row each. The old report's
// columns come first (suite_name, model_name, base_parameters, result_type,
// result_parameter, mean_value, std_value, cv_value, {opt}, n_prompt, n_gen),
// then task, invocation, unit, created_at. Rows are ordered by model, phase,
// size, option value (base first), then source order.
func RawCSV(w io.Writer, a *analysis.Analysis) error {
	sel := a.Sel
	opt := NewNames(sel.Option).Opt()
	order := rawOrder(sel)
	rw := newRowWriter(w)
	cw := csv.NewWriter(rw.w)
	cw.Write([]string{"suite_name", "model_name", "base_parameters", "result_type", "result_parameter",
		"mean_value", "std_value", "cv_value", opt, "n_prompt", "n_gen",
		"task", "invocation", "unit", "created_at"})
	if cw.Flush(); cw.Error() != nil {
		return cw.Error()
	}
	// Knobs are read by knob set (sel.KnobColumn); base_parameters, the
	// one long text of a row, is encoded once per knob set (with the
	// rows of a benchmark, its few hundred sets recur: their rounds).
	setOf, _ := sel.KnobSets()
	options, prompts, gens := sel.KnobColumn(sel.Option), sel.KnobColumn(sweep.KnobPrompt), sel.KnobColumn(sweep.KnobGen)
	params := new(cellCache)
	for _, i := range order {
		r, set := &sel.Records[i], setOf[i]
		rw.text(r.Suite)
		rw.text(r.Model)
		rw.cachedText(r.Params, params, set)
		rw.text(r.Phase)
		rw.text(r.Size)
		rw.repeatedNumber(r.Mean)
		rw.repeatedNumber(r.Std)
		rw.number(r.CV())
		rw.text(options[set])
		rw.text(prompts[set])
		rw.text(gens[set])
		rw.text(r.Task)
		rw.text(r.InvocationName())
		rw.text(r.Unit)
		rw.text(r.Time)
		rw.end()
	}
	return rw.flush()
}

// SummaryCSV writes one row per phase, model and option value. The old
// report's columns come first (result_type, model, {opt}_value, data_points,
// mean_performance, std_performance, min_performance, max_performance,
// avg_cv, max_cv, min_cv, n_prompt_range, n_gen_range), then unit.
// std_performance is the sample standard deviation (n−1), as pandas computes
// it; it is empty for a single record.
func SummaryCSV(w io.Writer, a *analysis.Analysis) error {
	opt := NewNames(a.Sel.Option).Opt()
	cw := csv.NewWriter(w)
	cw.Write([]string{"result_type", "model", opt + "_value", "data_points", "mean_performance",
		"std_performance", "min_performance", "max_performance", "avg_cv", "max_cv", "min_cv",
		"n_prompt_range", "n_gen_range", "unit"})
	for _, s := range a.Summary {
		cw.Write([]string{csvText(s.Phase), csvText(s.Model), csvText(s.Value), strconv.Itoa(s.Speed.N),
			csvNum(s.Speed.Mean), csvOptNum(s.Speed.Std), csvNum(s.Speed.Min), csvNum(s.Speed.Max),
			csvNum(s.CVMean), csvNum(s.CVMax), csvNum(s.CVMin), csvText(s.Prompt.String()), csvText(s.Gen.String()), csvText(s.Unit)})
	}
	cw.Flush()
	return cw.Error()
}

// DiffCSV writes one row per phase and model: the old report's columns
// (result_type, model, performance_diff, performance_diff_pct, cv_diff,
// data_points_diff), then base_value, new_value, base_mean, new_mean, unit.
func DiffCSV(w io.Writer, a *analysis.Analysis) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"result_type", "model", "performance_diff", "performance_diff_pct", "cv_diff",
		"data_points_diff", "base_value", "new_value", "base_mean", "new_mean", "unit"})
	for _, d := range a.Diffs {
		cw.Write([]string{csvText(d.Phase), csvText(d.Model), csvNum(d.SpeedDiff), csvNum(d.SpeedPct),
			csvNum(d.CVDiff), strconv.Itoa(d.NDiff), csvText(a.Sel.Base), csvText(d.New.Value),
			csvNum(d.Base.Speed.Mean), csvNum(d.New.Speed.Mean), csvText(d.Base.Unit)})
	}
	cw.Flush()
	return cw.Error()
}

// rawOrder returns the indices of the records of sel ordered by benchmark
// key without its knobs (model, phase, size, unit), the base value's first
// within a key, else in source order: a stable counting sort on the rank
// of each distinct key, so that a million records cost one pass, not a
// million comparisons of keys.
func rawOrder(sel *sweep.Selection) []int32 {
	of, keys := sel.KeyIndex()
	plain := make([]sweep.Key, len(keys))
	byKey := make([]int, len(keys))
	for i, k := range keys {
		k.Config = ""
		plain[i], byKey[i] = k, i
	}
	sort.SliceStable(byKey, func(i, j int) bool { return plain[byKey[i]].Less(plain[byKey[j]]) })
	rank := make([]int, len(keys)) // equal keys without knobs share a rank
	r := 0
	for i, k := range byKey {
		if i > 0 && plain[k] != plain[byKey[i-1]] {
			r++
		}
		rank[k] = r
	}
	setOf, _ := sel.KnobSets()
	options := sel.KnobColumn(sel.Option)
	bucket := make([]int32, len(sel.Records)) // base first within a rank
	start := make([]int, 2*(r+1)+1)
	for i := range sel.Records {
		b := 2 * rank[of[i]]
		if options[setOf[i]] != sel.Base {
			b++
		}
		bucket[i] = int32(b)
		start[b+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	order := make([]int32, len(sel.Records))
	for i, b := range bucket {
		order[start[b]] = int32(i)
		start[b]++
	}
	return order
}
