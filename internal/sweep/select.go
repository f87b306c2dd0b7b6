package sweep

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// DefaultOption is the knob compared when the user names none.
const DefaultOption = "dynamicOption"

// A Task is one sweep run and its records.
type Task struct {
	ID          int64
	Name        string
	Description string
	Records     []Record
}

// KnobValues returns, for every knob that appears in the task's records, its
// distinct values in ascending order (see SortValues).
func (t *Task) KnobValues() map[string][]string {
	seen := map[string]map[string]bool{}
	for i := range t.Records {
		for k, v := range t.Records[i].Knobs {
			if seen[k] == nil {
				seen[k] = map[string]bool{}
			}
			seen[k][v] = true
		}
	}
	out := make(map[string][]string, len(seen))
	for k, vs := range seen {
		list := SortedKeys(vs)
		SortValues(list)
		out[k] = list
	}
	return out
}

// Varies reports whether knob takes at least two values in the task.
func (t *Task) Varies(knob string) bool { return len(t.KnobValues()[knob]) >= 2 }

// Models returns the task's model names in ascending order.
func (t *Task) Models() []string {
	seen := map[string]bool{}
	for i := range t.Records {
		seen[t.Records[i].Model] = true
	}
	return SortedKeys(seen)
}

// Label names the task for messages: "3 (name)".
func (t *Task) Label() string { return fmt.Sprintf("%d (%s)", t.ID, t.Name) }

// PickTask chooses the task to compare. With want set, it is a task ID or
// name; otherwise the single task in which option varies. It fails, listing
// the candidates, when the choice is ambiguous or impossible.
func PickTask(tasks []*Task, want, option string) (*Task, error) {
	if len(tasks) == 0 {
		return nil, fmt.Errorf("no tasks with results")
	}
	if want != "" {
		for _, t := range tasks {
			if strconv.FormatInt(t.ID, 10) == want || t.Name == want {
				return t, nil
			}
		}
		return nil, fmt.Errorf("no task %q (tasks: %s)", want, taskList(tasks))
	}
	var cands []*Task
	for _, t := range tasks {
		if t.Varies(option) {
			cands = append(cands, t)
		}
	}
	switch len(cands) {
	case 1:
		return cands[0], nil
	case 0:
		return nil, fmt.Errorf("no task varies option %q; choose one with -option (tasks: %s)", option, taskList(tasks))
	}
	return nil, fmt.Errorf("%d tasks vary option %q; choose one with -task (%s)", len(cands), option, taskList(cands))
}

func taskList(tasks []*Task) string {
	var parts []string
	for _, t := range tasks {
		parts = append(parts, t.Label())
	}
	return strings.Join(parts, ", ")
}

// A Selection is the records of one task for the two compared values of one
// option.
type Selection struct {
	Task    *Task
	Option  string   // compared knob, e.g. "dynamicOption"
	Base    string   // base value of Option
	New     string   // new value of Option
	Records []Record // records whose Option is Base or New, in source order; read-only (may be Task.Records itself)
	Models  []string // selected models, ascending
	Phases  []string // phases present, in the order pp, tg, pp+tg, others

	// Tied are the knobs that change with the option by construction (one
	// value per option value, different for base and new); they are not
	// part of benchmark keys. See Key.
	Tied []string

	varying map[string]bool // knobs that vary in Records, except Option; see Extra
}

// Values returns Base and New in that order.
func (s *Selection) Values() []string { return []string{s.Base, s.New} }

// Select picks the records of t for option's values base and new (both empty:
// the two values present, ascending) and for the named models (none: all).
func Select(t *Task, option, base, new string, models []string) (*Selection, error) {
	if option == "" {
		option = DefaultOption
	}
	all := t.KnobValues()
	values, ok := all[option]
	if !ok {
		return nil, fmt.Errorf("task %s has no knob %q (knobs: %s)", t.Label(), option, strings.Join(SortedKeys(all), ", "))
	}
	list := strings.Join(values, ", ")
	switch {
	case base == "" && new == "":
		if len(values) != 2 {
			return nil, fmt.Errorf("option %q has %d values in task %s (%s); choose two with -base and -new", option, len(values), t.Label(), list)
		}
		base, new = values[0], values[1]
	case base == "" || new == "":
		return nil, fmt.Errorf("give both -base and -new (values of %q: %s)", option, list)
	case base == new:
		return nil, fmt.Errorf("-base and -new are both %q", base)
	}
	for _, v := range []string{base, new} {
		if !contains(values, v) {
			return nil, fmt.Errorf("option %q has no value %q in task %s (values: %s)", option, v, t.Label(), list)
		}
	}
	known := t.Models()
	for _, m := range models {
		if !contains(known, m) {
			return nil, fmt.Errorf("task %s has no model %q (models: %s)", t.Label(), m, strings.Join(known, ", "))
		}
	}
	sel := &Selection{Task: t, Option: option, Base: base, New: new}
	modelSet, phaseSet := map[string]bool{}, map[string]bool{}
	keep := make([]bool, len(t.Records))
	n := 0
	for i := range t.Records {
		r := &t.Records[i]
		v, ok := r.Knobs[option]
		if !ok || (v != base && v != new) || (len(models) > 0 && !contains(models, r.Model)) {
			continue
		}
		if err := r.Validate(); err != nil {
			return nil, err
		}
		keep[i] = true
		n++
		modelSet[r.Model] = true
		phaseSet[r.Phase] = true
	}
	if n == len(t.Records) {
		sel.Records = t.Records // everything is selected: share, do not copy
	} else {
		sel.Records = make([]Record, 0, n)
		for i := range t.Records {
			if keep[i] {
				sel.Records = append(sel.Records, t.Records[i])
			}
		}
	}
	sel.Tied = tiedKnobs(sel.Records, option, base, new)
	sel.varying = varyingKnobs(sel.Records, option)
	for _, k := range sel.Tied {
		delete(sel.varying, k)
	}
	sel.Models = SortedKeys(modelSet)
	sel.Phases = orderPhases(SortedKeys(phaseSet))
	for _, v := range []string{base, new} {
		n := 0
		for i := range sel.Records {
			if sel.Records[i].Knobs[option] == v {
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("no records with %s=%s for the selected models", option, v)
		}
	}
	return sel, nil
}

// orderPhases sorts phases: pp, tg, pp+tg, then the others by name.
func orderPhases(ps []string) []string {
	out := append([]string(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := phaseRank(out[i]), phaseRank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

func phaseRank(p string) int {
	switch p {
	case PhasePrefill:
		return 0
	case PhaseDecode:
		return 1
	case PhaseBoth:
		return 2
	}
	return 3
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
