package compare

import (
	"github.com/sweepstat/sweepstat/internal/result"
)

// The result types: one model, computed once, that every output renders.
// Their JSON tags are the JSON output's names (`sweepstat compare -format
// json`, `sweepstat check -format json`; README.md, "JSON output"). A Num
// is a float64 that is NaN where a number is undefined (null in JSON).
type (
	// Comparison is the whole result: settings, design findings, rows,
	// aggregates and the gate's decision.
	Comparison = result.Comparison
	// Row is the comparison of one benchmark.
	Row = result.Row
	// Side is one side (base or new) of a Row.
	Side = result.Side
	// Aggregate summarizes one model × phase over its benchmarks.
	Aggregate = result.Aggregate
	// Finding is a flaw of the design: the option confounded with run
	// order or session.
	Finding = result.Finding
	// Check is the regression gate's decision.
	Check = result.Check
	// GateFinding is a benchmark or aggregate the gate lists.
	GateFinding = result.GateFinding
	// Settings are the statistics in effect, every default resolved.
	Settings = result.Settings
	// GateSettings are the gate's limits in effect.
	GateSettings = result.GateSettings
	// Counts counts verdicts.
	Counts = result.Counts
	// Verdict is the conclusion about a row or an aggregate.
	Verdict = result.Verdict
	// Num is a number that may be undefined (NaN; null in JSON).
	Num = result.Num
)

// The verdicts (see README.md, "Verdicts").
const (
	Improvement  = result.Improvement
	Regression   = result.Regression
	Equivalent   = result.Equivalent
	Inconclusive = result.Inconclusive
	Unverified   = result.Unverified
	Untested     = result.Untested
)

// Design values of Row.Design and Aggregate.Design.
const (
	DesignOK         = result.DesignOK
	DesignConfounded = result.DesignConfounded
)

// SchemaVersion is the version of the JSON output (its "schema" field).
const SchemaVersion = result.SchemaVersion

// Comparison returns the whole result. It shares memory with r: do not
// modify it.
func (r *Result) Comparison() *Comparison { return r.a.Result }

// Rows returns every benchmark row, ordered by model, phase, size. The
// slice is the caller's; the rows' Notes are shared with r.
func (r *Result) Rows() []Row { return append([]Row(nil), r.a.Result.Rows...) }

// Aggregates returns the aggregate of every model × phase, ordered by
// model then phase; the slice is the caller's.
func (r *Result) Aggregates() []Aggregate {
	return append([]Aggregate(nil), r.a.Result.Aggregates...)
}

// Design returns the design findings (the option confounded with run order
// or session), which every output shows first.
func (r *Result) Design() []Finding { return append([]Finding(nil), r.a.Result.Design...) }

// Check returns the regression gate's decision with the Spec's limits.
func (r *Result) Check() Check { return r.a.Result.Check }

// Settings returns the statistics in effect.
func (r *Result) Settings() Settings { return r.a.Result.Settings }
