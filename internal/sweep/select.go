package sweep

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// DefaultOption is the knob compared when the user names none.
const DefaultOption = "dynamicOption"

// A Task is one sweep run and its records.
type Task struct {
	ID          int64
	Name        string
	Description string
	Records     []Record
	// Parts label the tasks a combined task was made of (see PickTasks);
	// nil for a task of the database.
	Parts []string
}

// KnobValues returns, for every knob that appears in the task's records, its
// distinct values in ascending order (see SortValues).
func (t *Task) KnobValues() map[string][]string {
	seen := map[string]map[string]bool{}
	distinctKnobs(t.Records, func(knobs map[string]string) {
		for k, v := range knobs {
			if seen[k] == nil {
				seen[k] = map[string]bool{}
			}
			seen[k][v] = true
		}
	})
	out := make(map[string][]string, len(seen))
	for k, vs := range seen {
		list := SortedKeys(vs)
		SortValues(list)
		out[k] = list
	}
	return out
}

// Varies reports whether knob takes at least two values in the task:
// whether KnobValues()[knob] has two, found without gathering every
// knob's values (the choice of a task asks it of every task).
func (t *Task) Varies(knob string) bool {
	var st knobState
	return t.anyKnobMap(func(m map[string]string) bool {
		if v, ok := m[knob]; ok {
			st = st.add(v)
		}
		return st.many
	})
}

// HasKnob reports whether knob appears in the task's records: whether
// KnobValues has it, found without gathering every knob's values.
func (t *Task) HasKnob(knob string) bool {
	return t.anyKnobMap(func(m map[string]string) bool {
		_, ok := m[knob]
		return ok
	})
}

// anyKnobMap reports whether fn holds for one of the Knobs maps of the
// task's records, stopping there; a map shared by consecutive records
// (as the records of one knob set share theirs) is asked once.
func (t *Task) anyKnobMap(fn func(map[string]string) bool) bool {
	var last map[string]string
	for i := range t.Records {
		m := t.Records[i].Knobs
		if i > 0 && mapID(m) == mapID(last) {
			continue
		}
		last = m
		if fn(m) {
			return true
		}
	}
	return false
}

// Models returns the task's model names in ascending order.
func (t *Task) Models() []string {
	seen := map[string]bool{}
	for i := range t.Records {
		if m := t.Records[i].Model; i == 0 || m != t.Records[i-1].Model {
			seen[m] = true
		}
	}
	return SortedKeys(seen)
}

// Label names the task for messages: "3 (name)", or for tasks combined by
// PickTasks "2 (a) + 4 (b)".
func (t *Task) Label() string {
	if len(t.Parts) > 0 {
		return strings.Join(t.Parts, " + ")
	}
	return fmt.Sprintf("%d (%s)", t.ID, t.Name)
}

// PickTask chooses the task to compare (see PickTasks with one wanted
// task and no values).
func PickTask(tasks []*Task, want, option string) (*Task, error) {
	return PickTasks(tasks, want, option, "", nil)
}

// PickTasks chooses the records to compare. want is a task ID or name, a
// comma-separated list of them, or "all"; the chosen tasks' records form
// one population (a task of their own, named after them, whose records
// keep their task's name). With want empty it is the single task in which
// option varies; when no single task varies it but several tasks together
// hold its values — base and news when given — those tasks are combined.
// It fails, listing the candidates, when the choice is ambiguous or
// impossible.
func PickTasks(tasks []*Task, want, option, base string, news []string) (*Task, error) {
	picked, err := ChooseTasks(tasks, want, option, base, news)
	if err != nil {
		return nil, err
	}
	return combine(picked), nil
}

// ChooseTasks returns the tasks PickTasks combines (one, or several), in
// the order of tasks. It reads of each task only its ID, name and
// KnobValues, so that tasks whose records are stand-ins for their knob
// sets (mnndb.DB.TaskSummaries) are chosen as the full tasks would be.
func ChooseTasks(tasks []*Task, want, option, base string, news []string) ([]*Task, error) {
	if len(tasks) == 0 {
		return nil, fmt.Errorf("no tasks with results")
	}
	if want == "all" {
		return tasks, nil
	}
	if want != "" {
		var picked []*Task
		for _, w := range strings.Split(want, ",") {
			w = strings.TrimSpace(w)
			t := findTask(tasks, w)
			if t == nil {
				return nil, fmt.Errorf("no task %q (tasks: %s)", w, taskList(tasks))
			}
			picked = append(picked, t)
		}
		return picked, nil
	}
	var cands []*Task
	for _, t := range tasks {
		if t.Varies(option) {
			cands = append(cands, t)
		}
	}
	switch len(cands) {
	case 1:
		return cands, nil
	case 0:
		// Several single-value tasks (a thread-scaling study run one value
		// per task) may hold the values together.
		want := map[string]bool{}
		if base != "" && !(len(news) == 1 && news[0] == "all") {
			want[base] = true
			for _, v := range news {
				want[v] = true
			}
		}
		var holders []*Task
		values := map[string]bool{}
		for _, t := range tasks {
			for _, v := range t.KnobValues()[option] {
				if len(want) == 0 || want[v] {
					holders = append(holders, t)
					break
				}
			}
		}
		for _, t := range holders {
			for _, v := range t.KnobValues()[option] {
				values[v] = true
			}
		}
		if len(holders) >= 2 && len(values) >= 2 {
			return holders, nil
		}
		knobs := map[string]bool{}
		for _, t := range tasks {
			for k := range t.KnobValues() {
				knobs[k] = true
			}
		}
		return nil, fmt.Errorf("no task varies option %q; choose another option (tasks: %s)%s", option, taskList(tasks), suggest(option, SortedKeys(knobs)))
	}
	return nil, fmt.Errorf("%d tasks vary option %q; choose one task, or several (%s) (%s)",
		len(cands), option, strings.Join(taskIDs(cands), ","), taskList(cands))
}

func findTask(tasks []*Task, want string) *Task {
	for _, t := range tasks {
		if strconv.FormatInt(t.ID, 10) == want || t.Name == want {
			return t
		}
	}
	return nil
}

func taskIDs(tasks []*Task) []string {
	var out []string
	for _, t := range tasks {
		out = append(out, strconv.FormatInt(t.ID, 10))
	}
	return out
}

// combine makes one task of several: its records are theirs, in task
// order, each keeping its task's name (Record.Task); its ID is 0 and its
// name lists the tasks.
func combine(tasks []*Task) *Task {
	if len(tasks) == 1 {
		return tasks[0]
	}
	n := 0
	for _, t := range tasks {
		n += len(t.Records)
	}
	c := &Task{Name: "tasks " + strings.Join(taskIDs(tasks), ", "), Records: make([]Record, 0, n)}
	var labels []string
	for _, t := range tasks {
		labels = append(labels, t.Label())
		named := CaseCopies{} // per task: a case of no task takes this one's name
		for _, r := range t.Records {
			if r.Task == "" {
				if c, fresh := named.Own(&r); fresh {
					c.Task = t.Name
				}
			}
			c.Records = append(c.Records, r)
		}
	}
	c.Description = "combined: " + strings.Join(labels, "; ")
	c.Parts = labels
	return c
}

func taskList(tasks []*Task) string {
	var parts []string
	for _, t := range tasks {
		parts = append(parts, t.Label())
	}
	return strings.Join(parts, ", ")
}

// A Selection is the records of one task (or of tasks combined) for the
// compared values of one option: a base value and one or more new values,
// each compared with the base.
type Selection struct {
	Task    *Task
	Option  string   // compared knob, e.g. "dynamicOption"
	Base    string   // base value of Option
	New     string   // the first new value (News[0])
	News    []string // every new value, in the order asked (ascending by default)
	Records []Record // records whose Option is Base or a new value, in source order; read-only (may be Task.Records itself)
	Models  []string // selected models, ascending
	Phases  []string // phases present, in the order pp, tg, pp+tg, others

	// Tied are the knobs that change with the option by construction (one
	// value per option value, a different one for each); they are not part
	// of benchmark keys. See Key.
	Tied []string

	varying map[string]bool // knobs that vary in Records, except Option; see Extra

	keyIndexOnce sync.Once
	keyOf        []int32 // see KeyIndex
	keyTab       []Key
	keysOnce     sync.Once
	keys         []Key // see Keys

	modelKnobsOnce sync.Once
	modelKnobs     map[string][]string // see ModelKnobs

	knobSetsOnce sync.Once
	knobSets     knobSets // see KnobSets
	columnsMu    sync.Mutex
	columns      map[string][]string // see KnobColumn
}

// Values returns Base, then the new values (New when News is unset).
func (s *Selection) Values() []string {
	if len(s.News) == 0 {
		return []string{s.Base, s.New}
	}
	return append([]string{s.Base}, s.News...)
}

// NewValues returns the new values: News, or New when News is unset.
func (s *Selection) NewValues() []string { return s.Values()[1:] }

// Pair returns the selection of Base and one new value v: the same task,
// option and models, the records of those two values only.
func (s *Selection) Pair(v string) *Selection {
	if nv := s.NewValues(); len(nv) == 1 && nv[0] == v {
		return s
	}
	p := Selection{Task: s.Task, Option: s.Option, Base: s.Base, Models: s.Models, Phases: s.Phases, Tied: s.Tied, varying: s.varying}
	p.New, p.News = v, []string{v}
	for i := range s.Records {
		if ov := s.Records[i].Knobs[s.Option]; ov == s.Base || ov == v {
			p.Records = append(p.Records, s.Records[i])
		}
	}
	return &p
}

// Select is SelectValues with one new value (none: new is "") and no
// filter.
func Select(t *Task, option, base, new string, models []string) (*Selection, error) {
	var news []string
	if new != "" {
		news = []string{new}
	}
	return SelectValues(t, option, base, news, models, nil)
}

// SelectValues picks the records of t for option's values base and news (both
// empty: the two values present, ascending; news "all": every value but
// base), for the named models (none: all) and those filter keeps (nil:
// all). The option's name matches case-insensitively when that is
// unambiguous; an unknown one is an error suggesting the nearest knob. A
// model name holding a comma that is no model's name is read as a list.
func SelectValues(t *Task, option, base string, news []string, models []string, filter *Filter) (*Selection, error) {
	if option == "" {
		option = DefaultOption
	}
	if filter != nil {
		ft, err := filter.Apply(t)
		if err != nil {
			return nil, err
		}
		t = ft
	}
	t = disambiguateModels(t)
	all := t.KnobValues()
	opt, err := resolveKnob(all, option, t.Label())
	if err != nil {
		return nil, err
	}
	option = opt
	values := all[option]
	list := strings.Join(values, ", ")
	if len(news) == 1 && news[0] == "all" {
		if base == "" {
			if len(values) > 0 {
				base = values[0]
			}
		}
		news = nil
		for _, v := range values {
			if v != base {
				news = append(news, v)
			}
		}
	}
	switch {
	case len(values) < 2:
		return nil, fmt.Errorf("option %q has only one value in task %s (%s): nothing to compare", option, t.Label(), list)
	case base == "" && len(news) == 0:
		if len(values) != 2 {
			return nil, fmt.Errorf("option %q has %d values in task %s (%s); choose the base value and the new value(s) (several, or all)", option, len(values), t.Label(), list)
		}
		base, news = values[0], values[1:]
	case base == "":
		return nil, fmt.Errorf("give the base value too (values of %q: %s)", option, list)
	case len(news) == 0:
		if len(values) != 2 || !contains(values, base) {
			return nil, fmt.Errorf("give the new value(s) too (values of %q: %s)", option, list)
		}
		for _, v := range values {
			if v != base {
				news = []string{v}
			}
		}
	}
	seen := map[string]bool{base: true}
	for _, v := range news {
		if seen[v] {
			if v == base {
				return nil, fmt.Errorf("the base and a new value are both %q", base)
			}
			return nil, fmt.Errorf("new value %q is named twice", v)
		}
		seen[v] = true
	}
	for _, v := range append([]string{base}, news...) {
		if !contains(values, v) {
			return nil, fmt.Errorf("option %q has no value %q in task %s (values: %s)", option, v, t.Label(), list)
		}
	}
	known := t.Models()
	var want []string
	for _, m := range models {
		switch {
		case contains(known, m):
			want = append(want, m)
		case strings.Contains(m, ","):
			for _, part := range strings.Split(m, ",") {
				if part = strings.TrimSpace(part); part != "" {
					want = append(want, part)
				}
			}
		default:
			want = append(want, m)
		}
	}
	for _, m := range want {
		if !contains(known, m) {
			return nil, fmt.Errorf("task %s has no model %q (models: %s)%s", t.Label(), m, strings.Join(known, ", "), suggest(m, known))
		}
	}
	models = want
	sel := &Selection{Task: t, Option: option, Base: base, New: news[0], News: news}
	modelSet, phaseSet := map[string]bool{}, map[string]bool{}
	wantModel := map[string]bool{}
	for _, m := range models {
		wantModel[m] = true
	}
	// The option's value is looked up once per knob set, not per record.
	ks := indexKnobSets(t.Records)
	inSet := make([]bool, len(ks.maps)) // the set has a compared value
	for j, m := range ks.maps {
		v, ok := m[option]
		inSet[j] = ok && seen[v]
	}
	keep := make([]bool, len(t.Records))
	setCount := make([]int, len(ks.maps))
	n := 0
	for i := range t.Records {
		r := &t.Records[i]
		set := ks.of[i]
		if !inSet[set] || (len(models) > 0 && !wantModel[r.Model]) {
			continue
		}
		if err := r.Validate(); err != nil {
			return nil, err
		}
		keep[i] = true
		n++
		setCount[set]++
		if i == 0 || r.Model != t.Records[i-1].Model {
			modelSet[r.Model] = true
		}
		if i == 0 || r.Phase != t.Records[i-1].Phase {
			phaseSet[r.Phase] = true
		}
	}
	counts := map[string]int{}
	for j, c := range setCount {
		if c > 0 {
			counts[ks.maps[j][option]] += c
		}
	}
	if n == len(t.Records) {
		sel.Records = t.Records // everything is selected: share, do not copy
		sel.knobSets = ks       // and its knob sets
	} else {
		// The kept records and their knob sets: the sets that keep a
		// record, renumbered in order of first appearance among them.
		sel.Records = make([]Record, 0, n)
		sel.knobSets.of = make([]int32, 0, n)
		renumbered := make([]int32, len(ks.maps)) // new number + 1; 0: none yet
		for i := range t.Records {
			if keep[i] {
				set := ks.of[i]
				if renumbered[set] == 0 {
					sel.knobSets.maps = append(sel.knobSets.maps, ks.maps[set])
					renumbered[set] = int32(len(sel.knobSets.maps))
				}
				sel.Records = append(sel.Records, t.Records[i])
				sel.knobSets.of = append(sel.knobSets.of, renumbered[set]-1)
			}
		}
	}
	sel.Tied = tiedKnobs(sel.Records, option, sel.Values())
	sel.varying = varyingKnobs(sel.Records, option)
	for _, k := range sel.Tied {
		delete(sel.varying, k)
	}
	sel.Models = SortedKeys(modelSet)
	sel.Phases = orderPhases(SortedKeys(phaseSet))
	for _, v := range sel.Values() {
		if counts[v] == 0 {
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

// TaskKnob is the pseudo-knob that compares tasks as wholes (-option
// task): its value is a record's task.
const TaskKnob = "task"

// WithTaskKnob returns t with every record's knob "task" set to the
// record's task name (t itself is not changed).
func WithTaskKnob(t *Task) *Task {
	out := *t
	out.Records = make([]Record, len(t.Records))
	copies := CaseCopies{}
	for i, r := range t.Records {
		if c, fresh := copies.Own(&r); fresh {
			knobs := make(map[string]string, len(c.Knobs)+1)
			for k, v := range c.Knobs {
				knobs[k] = v
			}
			knobs[TaskKnob] = c.Task
			c.Knobs = knobs
		}
		out.Records[i] = r
	}
	return &out
}

// Knobs that name a model's file: a model name shared by several files
// (llama-bench names models by type, "llama ?B F16") is told apart by the
// file's base name.
var modelFileKnobs = []string{"model_filename", "model_path"}

// disambiguateModels returns t, or a copy of it in which every model name
// that stands for several model files is followed by the file's base name
// ("llama ?B F16 · tiny-e128.gguf").
func disambiguateModels(t *Task) *Task {
	files := map[string]map[string]bool{}
	knobOf := map[string]string{}
	distinctModelKnobs(t.Records, func(model string, knobs map[string]string) {
		for _, k := range modelFileKnobs {
			if f, ok := knobs[k]; ok {
				if files[model] == nil {
					files[model] = map[string]bool{}
				}
				files[model][f] = true
				knobOf[model] = k
				break
			}
		}
	})
	ambiguous := false
	for _, fs := range files {
		ambiguous = ambiguous || len(fs) > 1
	}
	if !ambiguous {
		return t
	}
	out := *t
	out.Records = make([]Record, len(t.Records))
	renamed := CaseCopies{}
	for i, r := range t.Records {
		if fs := files[r.Model]; len(fs) > 1 {
			if c, fresh := renamed.Own(&r); fresh {
				f := c.Knobs[knobOf[c.Model]]
				c.Model += " · " + f[strings.LastIndexAny(f, `/\`)+1:]
			}
		}
		out.Records[i] = r
	}
	return &out
}

// ModelKnobs returns, for model, the knobs that are constant within its
// records but not the same for every model (the file, its size, the number
// of parameters …), as "k=v" in key order, leaving out the option and the
// knobs tied to it: what to say once per model rather than in every row.
//
// The knobs of every model are found in one pass over the records, on the
// first call; the returned slice is shared: do not modify it. Safe for
// concurrent use.
func (s *Selection) ModelKnobs(model string) []string {
	s.modelKnobsOnce.Do(func() { s.modelKnobs = modelKnobs(s) })
	return s.modelKnobs[model]
}

// modelKnobs computes ModelKnobs for every model of s. Of each knob it
// keeps, per model and over all, the first value and whether another
// followed (a knobState): whether a model's values are one, and all
// models' more than one, is all ModelKnobs asks, without a set of the
// values of every knob of every model.
func modelKnobs(s *Selection) map[string][]string {
	own := map[string]map[string]knobState{} // model → knob → its values
	all := map[string]knobState{}
	inAll := map[unsafe.Pointer]bool{} // the maps added to all (models share them)
	distinctModelKnobs(s.Records, func(model string, knobs map[string]string) {
		o := own[model]
		if o == nil {
			o = make(map[string]knobState, len(knobs))
			own[model] = o
		}
		id := mapID(knobs)
		toAll := !inAll[id]
		inAll[id] = true
		for k, v := range knobs {
			if toAll {
				addKnob(all, k, v)
			}
			addKnob(o, k, v)
		}
	})
	out := make(map[string][]string, len(own))
	for model, o := range own {
		var list []string
		for _, k := range SortedKeys(o) {
			if k == s.Option || contains(s.Tied, k) || k == KnobPrompt || k == KnobGen {
				continue
			}
			if st := o[k]; !st.many && all[k].many {
				list = append(list, k+"="+st.first)
			}
		}
		out[model] = list
	}
	return out
}

// A knobState is what modelKnobs keeps of a knob's values: the first,
// and whether there is another.
type knobState struct {
	first      string
	seen, many bool
}

// addKnob records value v of knob k in states, writing the map only when
// the state changes (a knob's first value, its second).
func addKnob(states map[string]knobState, k, v string) {
	st, ok := states[k]
	switch {
	case !ok:
		states[k] = knobState{first: v, seen: true}
	case !st.many && v != st.first:
		st.many = true
		states[k] = st
	}
}

// add returns st with the value v seen.
func (st knobState) add(v string) knobState {
	switch {
	case !st.seen:
		return knobState{first: v, seen: true}
	case v != st.first:
		st.many = true
	}
	return st
}
