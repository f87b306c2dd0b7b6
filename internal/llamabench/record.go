package llamabench

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Table is the name of the table llama-bench's SQL output creates.
const Table = "llama_bench"

// Names of the llama-bench fields this package interprets.
const (
	fieldModel     = "model_type"
	fieldPrompt    = "n_prompt"
	fieldGen       = "n_gen"
	fieldAvgTS     = "avg_ts"
	fieldStdTS     = "stddev_ts"
	fieldSamplesNS = "samples_ns"
	fieldTime      = "test_time"
)

// errNoResults reports an input without a single result.
func errNoResults(name string) error {
	return fmt.Errorf("%s: no llama-bench results", name)
}

// isMeasurement reports whether a llama-bench field is a measurement of the
// run, not a knob.
func isMeasurement(field string) bool {
	switch field {
	case "avg_ns", "stddev_ns", fieldAvgTS, fieldStdTS, fieldSamplesNS, "samples_ts", fieldTime:
		return true
	}
	return false
}

// KnobName returns the knob name of the llama-bench field: the name the
// mnn_anal database gives the same setting where it has one (n_threads →
// threads, use_mmap → mmap), else the field's own name.
func KnobName(field string) string {
	switch field {
	case "n_threads":
		return "threads"
	case "use_mmap":
		return "mmap"
	}
	return field
}

// result is one llama-bench result decoded from any format: its fields as
// normalized text, and its per-repetition durations when the format has them.
type result struct {
	fields    map[string]string
	samplesNS []float64 // nil when the input has none
	where     string    // "<name>:<line>" or "<name>: row N"
}

// record maps res to a validated sweep record.
func (res *result) record() (sweep.Record, error) {
	where := res.where
	model, err := res.required(fieldModel)
	if err != nil {
		return sweep.Record{}, err
	}
	np, err := res.count(fieldPrompt)
	if err != nil {
		return sweep.Record{}, err
	}
	ng, err := res.count(fieldGen)
	if err != nil {
		return sweep.Record{}, err
	}
	var phase, size string
	var tokens int64
	switch {
	case np > 0 && ng == 0:
		phase, size, tokens = sweep.PhasePrefill, strconv.FormatInt(np, 10), np
	case np == 0 && ng > 0:
		phase, size, tokens = sweep.PhaseDecode, strconv.FormatInt(ng, 10), ng
	case np > 0 && ng > 0:
		if np > math.MaxInt64-ng {
			return sweep.Record{}, fmt.Errorf("%s: n_prompt %d + n_gen %d is too large", where, np, ng)
		}
		phase, size, tokens = sweep.PhaseBoth, fmt.Sprintf("%d+%d", np, ng), np+ng
	default:
		return sweep.Record{}, fmt.Errorf("%s: n_prompt and n_gen are both 0: no test", where)
	}

	rec := sweep.Record{
		Test:  &sweep.Test{Phase: phase, Size: size, Unit: sweep.DefaultUnit},
		Case:  &sweep.Case{Origin: &sweep.Origin{Model: model}, Invocation: where, Knobs: res.knobs(), Time: res.fields[fieldTime]},
		Where: where,
	}
	rec.Params = paramsJSON(rec.Knobs)
	if res.samplesNS != nil {
		if err := res.fromSamples(&rec, float64(tokens)); err != nil {
			return sweep.Record{}, err
		}
	} else if err := res.fromAverages(&rec); err != nil {
		return sweep.Record{}, err
	}
	if err := rec.Validate(); err != nil {
		return sweep.Record{}, err
	}
	return rec, nil
}

// required returns the value of a field that must be present and non-empty.
func (res *result) required(field string) (string, error) {
	v, ok := res.fields[field]
	if !ok {
		return "", fmt.Errorf("%s: missing field %s", res.where, field)
	}
	if v == "" {
		return "", fmt.Errorf("%s: field %s is empty", res.where, field)
	}
	return v, nil
}

// count returns a required field holding a token count.
func (res *result) count(field string) (int64, error) {
	v, err := res.required(field)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s: field %s: %q is not a token count", res.where, field, v)
	}
	return n, nil
}

// knobs returns every field but the model and the measurements, under its
// knob name. A field whose knob name is taken by a field of that very name
// keeps its own name, so no value is lost.
func (res *result) knobs() map[string]string {
	knobs := make(map[string]string, len(res.fields))
	for f, v := range res.fields {
		if f == fieldModel || isMeasurement(f) {
			continue
		}
		k := KnobName(f)
		if _, clash := res.fields[k]; clash && k != f {
			k = f
		}
		knobs[k] = v
	}
	return knobs
}

// fromSamples sets rec's numbers from the per-repetition durations.
func (res *result) fromSamples(rec *sweep.Record, tokens float64) error {
	speeds := make([]float64, len(res.samplesNS))
	sum := 0.0
	for i, ns := range res.samplesNS {
		s := tokens * 1e9 / ns
		if !(ns > 0) || math.IsInf(ns, 0) || math.IsInf(s, 0) || !(s > 0) {
			return fmt.Errorf("%s: samples_ns[%d] = %v does not give a positive finite speed", res.where, i, ns)
		}
		speeds[i] = s
		sum += s
	}
	n := float64(len(speeds))
	mean := sum / n
	ss := 0.0
	for _, s := range speeds {
		ss += (s - mean) * (s - mean)
	}
	std := 0.0
	if len(speeds) > 1 {
		std = math.Sqrt(ss / (n - 1))
	}
	rec.Values, rec.Mean, rec.Std, rec.Reps = speeds, mean, std, sweep.RepsOf(len(speeds))
	return nil
}

// fromAverages sets rec's numbers from avg_ts and stddev_ts.
func (res *result) fromAverages(rec *sweep.Record) error {
	v, err := res.required(fieldAvgTS)
	if err != nil {
		return fmt.Errorf("%w (and no %s)", err, fieldSamplesNS)
	}
	mean, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(mean) || math.IsInf(mean, 0) || mean <= 0 {
		return fmt.Errorf("%s: field %s: %q is not a positive speed", res.where, fieldAvgTS, v)
	}
	std := 0.0
	if v := res.fields[fieldStdTS]; v != "" {
		std, err = strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(std) || math.IsInf(std, 0) || std < 0 {
			return fmt.Errorf("%s: field %s: %q is not a standard deviation", res.where, fieldStdTS, v)
		}
	}
	rec.Mean, rec.Std = mean, std
	return nil
}

// paramsJSON renders knobs as a JSON object with sorted keys, in the layout
// of mnn_anal's base_parameters ({"k": v, "k": v}). Integers of up to 15
// digits (exact in a float64) are JSON numbers, every other value a string;
// either way a reader that keeps numbers' text gets the knob's text back.
func paramsJSON(knobs map[string]string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range sweep.SortedKeys(knobs) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonString(k))
		b.WriteString(": ")
		if v := knobs[k]; isSmallInt(v) {
			b.WriteString(v)
		} else {
			b.WriteString(jsonString(v))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// isSmallInt reports whether s is a JSON integer of at most 15 digits.
func isSmallInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || len(s) > 15 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// jsonString quotes s as a JSON string without HTML escaping.
func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}

// records maps results to records, stopping at the first bad one.
func records(name string, results []*result) ([]sweep.Record, error) {
	if len(results) == 0 {
		return nil, errNoResults(name)
	}
	out := make([]sweep.Record, 0, len(results))
	for i := range results {
		rec, err := results[i].record()
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}
