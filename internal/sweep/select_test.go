package sweep

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rec returns a valid record of model and phase with the given knobs
// ("k=v" pairs); its Where is "test row N".
func rec(n int, model, phase, size string, knobs ...string) Record {
	m := map[string]string{}
	for _, kv := range knobs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			panic("rec: knob without '=': " + kv)
		}
		m[k] = v
	}
	return Record{
		Test: &Test{Phase: phase, Size: size, Unit: "tokens/sec"},
		Case: &Case{Origin: &Origin{Model: model}, Knobs: m},

		Mean: 100, Std: 1,
		Where: "test row " + strconv.Itoa(n),
	}
}

// task9and10 has option "opt" with values "10" (first in source order) and
// "9", two models and three phases.
func task9and10() *Task {
	return &Task{ID: 3, Name: "t", Records: []Record{
		rec(1, "beta", PhaseDecode, "32", "opt=10", "n_gen=32"),
		rec(2, "alpha", PhaseBoth, "64", "opt=9", "n_gen=32"),
		rec(3, "alpha", PhasePrefill, "64", "opt=10", "n_gen=32"),
		rec(4, "beta", PhasePrefill, "64", "opt=9", "n_gen=32"),
		rec(5, "alpha", PhaseDecode, "32", "opt=9", "n_gen=32"),
		rec(6, "beta", PhaseBoth, "64", "opt=10", "n_gen=32"),
	}}
}

func wheres(rs []Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Where)
	}
	return out
}

func TestSelectDefaults(t *testing.T) {
	sel, err := Select(task9and10(), "opt", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Numerically 9 < 10, although "10" < "9" as text and "10" comes first.
	if sel.Base != "9" || sel.New != "10" {
		t.Errorf("Base, New = %q, %q; want \"9\", \"10\"", sel.Base, sel.New)
	}
	if diff := cmp.Diff([]string{"9", "10"}, sel.Values()); diff != "" {
		t.Errorf("Values() (-want +got):\n%s", diff)
	}
	if sel.Option != "opt" {
		t.Errorf("Option = %q, want opt", sel.Option)
	}
	want := []string{"test row 1", "test row 2", "test row 3", "test row 4", "test row 5", "test row 6"}
	if diff := cmp.Diff(want, wheres(sel.Records)); diff != "" {
		t.Errorf("records, in source order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"alpha", "beta"}, sel.Models); diff != "" {
		t.Errorf("Models (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{PhasePrefill, PhaseDecode, PhaseBoth}, sel.Phases); diff != "" {
		t.Errorf("Phases (-want +got):\n%s", diff)
	}
}

func TestSelectDefaultOption(t *testing.T) {
	task := &Task{ID: 1, Name: "d", Records: []Record{
		rec(1, "m", PhasePrefill, "64", DefaultOption+"=7", "mmap=0"),
		rec(2, "m", PhasePrefill, "64", DefaultOption+"=8", "mmap=1"),
	}}
	sel, err := Select(task, "", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sel.Option != "dynamicOption" || sel.Base != "7" || sel.New != "8" {
		t.Errorf("Select with no option = %s %s vs %s; want dynamicOption 7 vs 8", sel.Option, sel.Base, sel.New)
	}
}

func TestSelectExplicitValues(t *testing.T) {
	task := &Task{ID: 1, Name: "three", Records: []Record{
		rec(1, "m", PhasePrefill, "64", "opt=a"),
		rec(2, "m", PhasePrefill, "64", "opt=b"),
		rec(3, "m", PhasePrefill, "64", "opt=c"),
		rec(4, "m", PhasePrefill, "64", "other=1"), // no opt at all
	}}
	// Base may be the higher value: the user's order wins.
	sel, err := Select(task, "opt", "c", "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sel.Base != "c" || sel.New != "a" {
		t.Errorf("Base, New = %q, %q; want c, a", sel.Base, sel.New)
	}
	if diff := cmp.Diff([]string{"test row 1", "test row 3"}, wheres(sel.Records)); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestSelectErrors(t *testing.T) {
	three := &Task{ID: 4, Name: "three", Records: []Record{
		rec(1, "m", PhasePrefill, "64", "opt=1", "k=x"),
		rec(2, "m", PhasePrefill, "64", "opt=2", "k=x"),
		rec(3, "n", PhasePrefill, "64", "opt=3", "k=x"),
	}}
	tests := []struct {
		name           string
		task           *Task
		option         string
		base, new      string
		models         []string
		wantSubstrings []string
	}{
		{"unknown knob", task9and10(), "nosuch", "", "", nil,
			[]string{`task 3 (t) has no knob "nosuch"`, "(knobs: n_gen, opt)"}},
		{"value not present", task9and10(), "opt", "9", "11", nil,
			[]string{`option "opt" has no value "11" in task 3 (t)`, "(values: 9, 10)"}},
		{"base not present", task9and10(), "opt", "8", "10", nil,
			[]string{`has no value "8"`}},
		{"one value", task9and10(), "n_gen", "", "", nil,
			[]string{`option "n_gen" has only one value in task 3 (t) (32)`, "nothing to compare"}},
		{"three values, defaults", three, "opt", "", "", nil,
			[]string{`option "opt" has 3 values in task 4 (three) (1, 2, 3)`}},
		{"base equals new", task9and10(), "opt", "9", "9", nil,
			[]string{`the base and a new value are both "9"`}},
		{"only base, three values", three, "opt", "1", "", nil,
			[]string{"give the new value(s) too", `(values of "opt": 1, 2, 3)`}},
		{"only new", task9and10(), "opt", "", "10", nil,
			[]string{"give the base value too"}},
		{"unknown model", task9and10(), "opt", "", "", []string{"alpha", "gamma"},
			[]string{`task 3 (t) has no model "gamma" (models: alpha, beta)`}},
		{"model lacks a value", three, "opt", "1", "3", []string{"m"},
			[]string{"no records with opt=3 for the selected models"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := Select(tt.task, tt.option, tt.base, tt.new, tt.models)
			if err == nil {
				t.Fatalf("Select succeeded (%s vs %s, %d records); want an error", sel.Base, sel.New, len(sel.Records))
			}
			for _, s := range tt.wantSubstrings {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestSelectModelFilter(t *testing.T) {
	sel, err := Select(task9and10(), "opt", "", "", []string{"beta"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"test row 1", "test row 4", "test row 6"}, wheres(sel.Records)); diff != "" {
		t.Errorf("records of beta (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"beta"}, sel.Models); diff != "" {
		t.Errorf("Models (-want +got):\n%s", diff)
	}
}

func TestSelectValidation(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Record)
		want string
	}{
		{"NaN mean", func(r *Record) { r.Mean = math.NaN() }, "test row 2: mean is NaN"},
		{"infinite mean", func(r *Record) { r.Mean = math.Inf(1) }, "test row 2: mean is +Inf"},
		{"negative mean", func(r *Record) { r.Mean = -3 }, "test row 2: mean -3 is not positive"},
		{"zero mean", func(r *Record) { r.Mean = 0 }, "test row 2: mean 0 is not positive"},
		{"negative std", func(r *Record) { r.Std = -0.5 }, "test row 2: std -0.5 is negative"},
		{"NaN std", func(r *Record) { r.Std = math.NaN() }, "test row 2: std is NaN"},
		{"empty model", func(r *Record) { r.Model = "" }, "test row 2: empty model name"},
		{"empty phase", func(r *Record) { r.Phase = "" }, "test row 2: empty result type"},
		{"bad sample", func(r *Record) { r.Values = []float64{1, 0} }, "test row 2: sample 0 is not a positive number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := task9and10()
			tt.edit(&task.Records[1])
			_, err := Select(task, "opt", "", "", nil)
			if err == nil {
				t.Fatal("Select succeeded; want a validation error")
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
		})
	}
}

// A bad record that is not selected (other model, other option value) does
// not stop the comparison: only the records used are validated.
func TestSelectIgnoresUnselectedBadRecords(t *testing.T) {
	task := task9and10()
	task.Records = append(task.Records,
		rec(7, "gamma", PhasePrefill, "64", "opt=9", "n_gen=32"),
		rec(8, "alpha", PhasePrefill, "64", "opt=11", "n_gen=32"))
	task.Records[6].Mean = math.NaN()
	task.Records[7].Std = -1
	sel, err := Select(task, "opt", "9", "10", []string{"alpha", "beta"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sel.Records) != 6 {
		t.Errorf("%d records selected, want 6", len(sel.Records))
	}
}
