// Package result is the one model of a finished comparison: the settings in
// effect, the design findings, one row per benchmark, one aggregate per
// model × phase and the regression gate's decision. internal/analysis
// computes it once; every renderer (text, Markdown, CSV, JSON, the gate's
// failure message) reads it and nothing else of the statistics. The public
// package compare exposes these types under the same names, and the JSON
// output of `sweepstat compare` and `sweepstat check` is this model
// marshalled: Go and JSON names agree through the struct tags.
//
// Numbers are raw and full precision. Percentages carry a Pct suffix (or
// sit in a field documented as percent). A number that is undefined (the
// p-value of a benchmark with one sample per side) is NaN in Go and null in
// JSON; no output ever holds NaN or Inf.
package result

import (
	"encoding/json"
	"math"
	"strconv"
)

// SchemaVersion is the version of the JSON document (the "schema" field).
// It changes when a field is removed or changes meaning; fields may be
// added within a version.
const SchemaVersion = 1

// A Num is a number that may be undefined: NaN in Go, null in JSON. Inf is
// never stored (renderers see it as undefined too).
type Num float64

// NaN is the undefined Num.
func NaN() Num { return Num(math.NaN()) }

// Valid reports whether n is a finite number.
func (n Num) Valid() bool { return !math.IsNaN(float64(n)) && !math.IsInf(float64(n), 0) }

// MarshalJSON writes n as a JSON number, or null when it is not finite.
func (n Num) MarshalJSON() ([]byte, error) {
	if !n.Valid() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(n), 'g', -1, 64), nil
}

// UnmarshalJSON reads a JSON number, or null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = NaN()
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Num(f)
	return nil
}

// A Verdict is the conclusion about a row or an aggregate.
type Verdict string

// The verdicts. Their strings are what every machine output carries.
const (
	// Improvement: significant after correction, in the better direction,
	// and not proven to lie within the equivalence margin.
	Improvement Verdict = "improvement"
	// Regression: significant after correction, in the worse direction,
	// and not proven to lie within the equivalence margin.
	Regression Verdict = "regression"
	// Equivalent: the change is proven (TOST) to lie within ±margin,
	// whether or not it is also significantly different from zero.
	Equivalent Verdict = "equivalent"
	// Inconclusive: none of the above, or the unit has no known direction.
	Inconclusive Verdict = "inconclusive"
	// Unverified: tested only on the repetitions of one invocation per
	// side, which cannot see run-to-run drift: never a regression or an
	// improvement, whatever the p-value.
	Unverified Verdict = "unverified"
	// Untested: nothing could be tested (one sample per side).
	Untested Verdict = "untested"
)

// Verdicts lists every verdict in the order outputs count them.
var Verdicts = []Verdict{Improvement, Regression, Equivalent, Inconclusive, Unverified, Untested}

// Design values of Row.Design and Aggregate.Design.
const (
	DesignOK         = ""           // nothing known to confound the option
	DesignConfounded = "confounded" // the option is confounded with run order or session
)

// Kinds of design findings.
const (
	// FindingRunOrder: for one model, every invocation of one value ran
	// before every invocation of the other.
	FindingRunOrder = "run-order"
	// FindingSession: base and new were measured in different runs (tasks
	// or files) that do not interleave in time.
	FindingSession = "session"
)

// A Finding is a flaw of the experiment's design that no test can repair.
// Renderers word it in their language from its fields; Message is the
// English wording.
type Finding struct {
	Kind  string `json:"kind"`  // FindingRunOrder or FindingSession
	Model string `json:"model"` // the model affected; "" for every model
	// First and Second are the option values in the order they ran, with
	// the first and last time of each (empty when unknown).
	First       string `json:"first_value"`
	FirstStart  string `json:"first_start,omitempty"`
	FirstEnd    string `json:"first_end,omitempty"`
	Second      string `json:"second_value"`
	SecondStart string `json:"second_start,omitempty"`
	SecondEnd   string `json:"second_end,omitempty"`
	Message     string `json:"message"` // the finding in English, one line
	Remedy      string `json:"remedy"`  // what to do, in English
}

// A ModelInfo describes one compared model.
type ModelInfo struct {
	Name  string   `json:"name"`
	Knobs []string `json:"knobs"` // "k=v", in key order
}

// Settings are the statistics in effect, every default resolved.
type Settings struct {
	Alpha      float64 `json:"alpha"`      // significance level
	Confidence float64 `json:"confidence"` // level of the intervals
	Assume     string  `json:"assume"`     // "nothing" (U-test) or "normal" (Welch)
	MinUTest   int     `json:"min_utest"`  // fewest samples per side for the U-test
	Correction string  `json:"correction"` // "holm", "bh" or "none"
	MarginPct  float64 `json:"margin_pct"` // equivalence margin, percent; 0: none
}

// A Side is one side (base or new) of a benchmark.
type Side struct {
	N      int `json:"n"`      // samples
	Center Num `json:"center"` // median (u-test rows) or mean
	Lo     Num `json:"lo"`     // interval of Center; null with one sample
	Hi     Num `json:"hi"`
}

// Row values of Method, Center, Interval and Samples.
const (
	MethodUTest        = "u-test"        // Mann-Whitney U, as benchstat
	MethodWelch        = "welch"         // Welch's t-test on the samples
	MethodWelchSummary = "welch-summary" // Welch's t-test from mean ± std
	MethodNone         = "none"          // no test possible

	CenterMedian = "median"
	CenterMean   = "mean"

	IntervalCI        = "ci"         // distribution-free CI of the median (benchstat's)
	IntervalT         = "t-interval" // t-interval of the mean
	IntervalRange     = "range"      // min–max, too few samples for the median's CI
	IntervalBootstrap = "bootstrap"  // aggregates: percentile bootstrap
	IntervalNone      = "none"

	SamplesInvocations = "invocations" // one sample per invocation, its mean
	SamplesRepetitions = "repetitions" // one invocation per side: its repetitions
	SamplesSummary     = "summary"     // one invocation per side: mean ± std only
	SamplesNone        = "none"

	MethodWilcoxon = "wilcoxon" // aggregates: signed-rank test of the log ratios
	MethodLogT     = "log-t"    // aggregates: t-test of the log ratios
)

// Better values: the direction of a unit.
const (
	BetterHigher  = "higher"
	BetterLower   = "lower"
	BetterUnknown = "unknown"
)

// A Row is the comparison of one benchmark: model × phase × size with every
// other knob fixed.
type Row struct {
	Model string `json:"model"`
	Phase string `json:"phase"` // pp, tg, pp+tg, or a benchfmt benchmark name
	Size  string `json:"size"`  // the size plus the knobs that vary: "64", "64 threads=4"
	// NewValue is the option's value compared with the base (one row per
	// benchmark and new value).
	NewValue string `json:"new_value"`
	Unit     string `json:"unit"`
	Better   string `json:"better"` // BetterHigher, BetterLower or BetterUnknown

	Method   string `json:"method"`   // Method* constant
	Center   string `json:"center"`   // CenterMedian or CenterMean
	Interval string `json:"interval"` // Interval* constant of both sides
	Samples  string `json:"samples"`  // Samples* constant

	Base Side `json:"base"`
	New  Side `json:"new"`
	// BaseMean and NewMean are the means of the invocation means: what
	// llama.cpp's compare-llama-bench.py prints.
	BaseMean Num `json:"base_mean"`
	NewMean  Num `json:"new_mean"`

	DeltaPct Num `json:"delta_pct"` // (new center / base center − 1) × 100
	// ChangeCILow and ChangeCIHigh bound the relative change of the
	// means, percent (95% Welch interval).
	ChangeCILow  Num `json:"change_ci_low"`
	ChangeCIHigh Num `json:"change_ci_high"`
	P            Num `json:"p_value"`
	PAdjusted    Num `json:"p_adjusted"`
	TOSTP        Num `json:"tost_p"` // p of the equivalence test (null: none possible)

	Significant bool    `json:"significant"` // PAdjusted ≤ alpha
	Verdict     Verdict `json:"verdict"`
	Design      string  `json:"design"` // DesignOK or DesignConfounded
	// Notes are caveats about this row, in English.
	Notes []string `json:"notes"`
}

// An Aggregate summarizes one model × phase over its benchmarks: the
// geometric mean of the ratios.
type Aggregate struct {
	Model      string `json:"model"`
	Phase      string `json:"phase"`
	NewValue   string `json:"new_value"`
	Unit       string `json:"unit"`
	Better     string `json:"better"`
	Benchmarks int    `json:"benchmarks"`
	Method     string `json:"method"`   // MethodWilcoxon, MethodLogT or MethodNone
	Interval   string `json:"interval"` // IntervalBootstrap, IntervalT or IntervalNone

	DeltaPct     Num `json:"delta_pct"` // (geometric mean ratio − 1) × 100
	ChangeCILow  Num `json:"change_ci_low"`
	ChangeCIHigh Num `json:"change_ci_high"`
	P            Num `json:"p_value"`
	PAdjusted    Num `json:"p_adjusted"`

	Significant bool    `json:"significant"`
	Verdict     Verdict `json:"verdict"`
	Design      string  `json:"design"`
	// Counts of the verdicts of its benchmarks, by verdict.
	Counts Counts   `json:"counts"`
	Notes  []string `json:"notes"`
}

// Counts counts verdicts.
type Counts struct {
	Improvement  int `json:"improvement"`
	Regression   int `json:"regression"`
	Equivalent   int `json:"equivalent"`
	Inconclusive int `json:"inconclusive"`
	Unverified   int `json:"unverified"`
	Untested     int `json:"untested"`
}

// Add counts one verdict.
func (c *Counts) Add(v Verdict) {
	switch v {
	case Improvement:
		c.Improvement++
	case Regression:
		c.Regression++
	case Equivalent:
		c.Equivalent++
	case Unverified:
		c.Unverified++
	case Untested:
		c.Untested++
	default:
		c.Inconclusive++
	}
}

// Total is the number of verdicts counted.
func (c Counts) Total() int {
	return c.Improvement + c.Regression + c.Equivalent + c.Inconclusive + c.Unverified + c.Untested
}

// GateSettings are the regression gate's limits, every default resolved.
type GateSettings struct {
	// MaxRegressionPct is the slowdown, percent, tolerated in a benchmark
	// or aggregate; 0: any regression fails.
	MaxRegressionPct float64 `json:"max_regression_pct"`
	// PhaseLimits override MaxRegressionPct per phase.
	PhaseLimits map[string]float64 `json:"phase_limits"`
	// NoiseMarginPct is the smallest slowdown that fails a benchmark tested
	// on one invocation per side (an unverified row); 0: none.
	NoiseMarginPct float64 `json:"noise_margin_pct"`
	// FailUntested fails the gate when a benchmark could not be tested.
	FailUntested bool `json:"fail_untested"`
}

// A GateFinding is a benchmark or aggregate the gate reports.
type GateFinding struct {
	Model        string  `json:"model"`
	Phase        string  `json:"phase"`
	Size         string  `json:"size"` // "all" for a model × phase aggregate
	NewValue     string  `json:"new_value"`
	DeltaPct     Num     `json:"delta_pct"`
	ChangeCILow  Num     `json:"change_ci_low"`
	ChangeCIHigh Num     `json:"change_ci_high"`
	SlowdownPct  Num     `json:"slowdown_pct"` // the change in the worse direction (positive = slower)
	PAdjusted    Num     `json:"p_adjusted"`
	LimitPct     float64 `json:"limit_pct"`
	Method       string  `json:"method"`
	Verdict      Verdict `json:"verdict"`
	Design       string  `json:"design"`
	Note         string  `json:"note"` // why it is listed (untested, unverified), in English
}

// A Check is the regression gate's decision.
type Check struct {
	Passed   bool         `json:"passed"`
	Verdict  string       `json:"verdict"` // one line, English: "PASS: …" or "FAIL: …"
	Settings GateSettings `json:"settings"`
	// Regressions failed the gate, worst first; Tolerated regressed within
	// their limit; Untested could not be tested, or have no direction.
	Regressions []GateFinding `json:"regressions"`
	Tolerated   []GateFinding `json:"tolerated"`
	Untested    []GateFinding `json:"untested"`
	// Counts of the benchmarks' verdicts.
	Counts Counts `json:"counts"`
}

// A Comparison is the whole result: what `sweepstat compare -format json`
// and `sweepstat check -format json` print.
type Comparison struct {
	Schema int    `json:"schema"` // SchemaVersion
	Source string `json:"source"` // the data's name (a file name, not a path)
	Task   string `json:"task"`   // the compared task(s), e.g. "3 (name)"
	Option string `json:"option"`
	Base   string `json:"base"`
	New    string `json:"new"` // the first new value
	// NewValues are every new value, each compared with Base.
	NewValues []string `json:"new_values"`

	Settings Settings `json:"settings"`
	// Models describe the compared models: the knobs each holds constant
	// but the models do not share, said once here rather than in every row.
	Models []ModelInfo `json:"models"`
	// Design lists the design findings; they come first in every output.
	Design     []Finding   `json:"design"`
	Rows       []Row       `json:"rows"`
	Aggregates []Aggregate `json:"aggregates"`
	Check      Check       `json:"check"`
	// Warnings are other sweep-level caveats, in English.
	Warnings []string `json:"warnings"`
}
