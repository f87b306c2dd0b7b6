package sweep

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func pickTasks() []*Task {
	return []*Task{
		{ID: 1, Name: "dyo", Records: []Record{
			rec(1, "m", PhasePrefill, "64", "opt=7", "mmap=0"),
			rec(2, "m", PhasePrefill, "64", "opt=8", "mmap=0"),
		}},
		{ID: 2, Name: "mmap", Records: []Record{
			rec(3, "m", PhasePrefill, "64", "opt=7", "mmap=0"),
			rec(4, "m", PhasePrefill, "64", "opt=7", "mmap=1"),
		}},
		{ID: 3, Name: "both", Records: []Record{
			rec(5, "m", PhasePrefill, "64", "opt=7", "mmap=0", "threads=4"),
			rec(6, "m", PhasePrefill, "64", "opt=8", "mmap=1", "threads=4"),
		}},
	}
}

func TestPickTask(t *testing.T) {
	tasks := pickTasks()
	tests := []struct {
		name, want, option string
		wantID             int64
		wantErr            []string
	}{
		{name: "by id", want: "2", option: "opt", wantID: 2},
		{name: "by name", want: "both", option: "opt", wantID: 3},
		{name: "by id, option need not vary", want: "1", option: "mmap", wantID: 1},
		{name: "no such task", want: "9", option: "opt",
			wantErr: []string{`no task "9" (tasks: 1 (dyo), 2 (mmap), 3 (both))`}},
		{name: "none varies", option: "threads",
			wantErr: []string{`no task varies option "threads"`, "choose another option", "(tasks: 1 (dyo), 2 (mmap), 3 (both))"}},
		{name: "unknown option", option: "nosuch",
			wantErr: []string{`no task varies option "nosuch"`}},
		{name: "several vary", option: "opt",
			wantErr: []string{`2 tasks vary option "opt"`, "choose one task", "(1 (dyo), 3 (both))"}},
		{name: "several vary (mmap)", option: "mmap",
			wantErr: []string{`2 tasks vary option "mmap"`, "(2 (mmap), 3 (both))"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PickTask(tasks, tt.want, tt.option)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("PickTask = task %s, want an error", got.Label())
				}
				for _, s := range tt.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != tt.wantID {
				t.Errorf("PickTask = task %s, want id %d", got.Label(), tt.wantID)
			}
		})
	}
}

func TestPickTaskSingleCandidate(t *testing.T) {
	tasks := pickTasks()[:2]
	got, err := PickTask(tasks, "", "mmap")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 2 {
		t.Errorf("PickTask(mmap) = %s, want task 2", got.Label())
	}
	// Several candidates must not mention the tasks that do not vary.
	_, err = PickTask(pickTasks(), "", "opt")
	if err == nil || strings.Contains(err.Error(), "(mmap)") {
		t.Errorf("error %v lists a task that does not vary opt", err)
	}
	if _, err := PickTask(nil, "", "opt"); err == nil {
		t.Error("PickTask(no tasks) succeeded")
	}
}

func TestKeyOf(t *testing.T) {
	knobs := func(extra ...string) []string {
		return append([]string{"dynamicOption=7", "n_prompt=64", "n_gen=32", "threads=4"}, extra...)
	}
	tests := []struct {
		phase, option string
		want          Key
	}{
		{PhasePrefill, "dynamicOption", Key{Model: "m", Phase: "pp", Size: "64", Unit: "tokens/sec", Config: "\"n_prompt\"=\"64\",\"threads\"=\"4\""}},
		{PhaseDecode, "dynamicOption", Key{Model: "m", Phase: "tg", Size: "64", Unit: "tokens/sec", Config: "\"n_gen\"=\"32\",\"threads\"=\"4\""}},
		{PhaseBoth, "dynamicOption", Key{Model: "m", Phase: "pp+tg", Size: "64", Unit: "tokens/sec", Config: "\"n_gen\"=\"32\",\"n_prompt\"=\"64\",\"threads\"=\"4\""}},
		{PhasePrefill, "threads", Key{Model: "m", Phase: "pp", Size: "64", Unit: "tokens/sec", Config: "\"dynamicOption\"=\"7\",\"n_prompt\"=\"64\""}},
		{PhaseBoth, "n_gen", Key{Model: "m", Phase: "pp+tg", Size: "64", Unit: "tokens/sec", Config: "\"dynamicOption\"=\"7\",\"n_prompt\"=\"64\",\"threads\"=\"4\""}},
		{"other", "dynamicOption", Key{Model: "m", Phase: "other", Size: "64", Unit: "tokens/sec", Config: "\"n_gen\"=\"32\",\"n_prompt\"=\"64\",\"threads\"=\"4\""}},
	}
	for _, tt := range tests {
		r := rec(1, "m", tt.phase, "64", knobs()...)
		if got := KeyOf(&r, tt.option); got != tt.want {
			t.Errorf("KeyOf(%s, %s) = %+v, want %+v", tt.phase, tt.option, got, tt.want)
		}
	}
	// Records that differ only in the option or the other phase's dimension
	// share a key.
	a := rec(1, "m", PhasePrefill, "64", "dynamicOption=7", "n_prompt=64", "n_gen=32")
	b := rec(2, "m", PhasePrefill, "64", "dynamicOption=8", "n_prompt=64", "n_gen=128")
	if KeyOf(&a, "dynamicOption") != KeyOf(&b, "dynamicOption") {
		t.Errorf("pp records differing in option and n_gen have keys %+v and %+v", KeyOf(&a, "dynamicOption"), KeyOf(&b, "dynamicOption"))
	}
	c := rec(3, "m", PhasePrefill, "64", "dynamicOption=7", "n_prompt=64", "n_gen=32", "mmap=1")
	if KeyOf(&a, "dynamicOption") == KeyOf(&c, "dynamicOption") {
		t.Error("pp records differing in mmap share a key")
	}
}

// Distinct knob sets are distinct benchmarks: their keys must differ even
// when a value holds the separators FormatKnobs uses.
func TestKeyOfDistinctKnobs(t *testing.T) {
	a := rec(1, "m", PhaseBoth, "64", "opt=1", "a=1,b=2")
	b := rec(2, "m", PhaseBoth, "64", "opt=1", "a=1", "b=2")
	if ka, kb := KeyOf(&a, "opt"), KeyOf(&b, "opt"); ka == kb {
		t.Errorf("knobs {a: \"1,b=2\"} and {a: 1, b: 2} have the same key %+v", ka)
	}
}

func TestKeyLess(t *testing.T) {
	// In the documented order: model, phase (pp, tg, pp+tg), size as a
	// number, config.
	want := []Key{
		{Model: "alpha", Phase: "pp", Size: "64", Config: "x=1"},
		{Model: "alpha", Phase: "pp", Size: "64", Config: "x=2"},
		{Model: "alpha", Phase: "pp", Size: "128", Config: ""},
		{Model: "alpha", Phase: "pp", Size: "1024", Config: ""},
		{Model: "alpha", Phase: "tg", Size: "32", Config: ""},
		{Model: "alpha", Phase: "tg", Size: "256", Config: ""},
		{Model: "alpha", Phase: "pp+tg", Size: "16", Config: ""},
		{Model: "alpha", Phase: "pp+tg", Size: "16", Config: "a=1"},
		{Model: "beta", Phase: "pp", Size: "8", Config: ""},
		{Model: "beta", Phase: "tg", Size: "9", Config: ""},
	}
	for i := range want {
		for j := range want {
			if got := want[i].Less(want[j]); got != (i < j) {
				t.Errorf("%+v.Less(%+v) = %v, want %v", want[i], want[j], got, i < j)
			}
		}
	}
	got := append([]Key(nil), want...)
	for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
		got[i], got[j] = got[j], got[i]
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Less(got[j]) })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sorted keys (-want +got):\n%s", diff)
	}
}

// Less must be a strict order also for phases it does not know: never both
// a < b and b < a, or sorting output depends on the input order.
func TestKeyLessUnknownPhases(t *testing.T) {
	a := Key{Model: "m", Phase: "warmup", Size: "1", Config: ""}
	b := Key{Model: "m", Phase: "load", Size: "1", Config: ""}
	if a.Less(b) && b.Less(a) {
		t.Errorf("%+v and %+v are each less than the other", a, b)
	}
	if !a.Less(b) && !b.Less(a) {
		t.Errorf("keys with different phases %q and %q are not ordered", a.Phase, b.Phase)
	}
	// Known phases still come first.
	pp := Key{Model: "m", Phase: "pp", Size: "1", Config: ""}
	if !pp.Less(a) || a.Less(pp) {
		t.Errorf("pp is not before the unknown phase %q", a.Phase)
	}
}

func TestLessValueAndSortValues(t *testing.T) {
	in := []string{"b", "10", "abc", "9", "1e3", "-1", "2.5", "B", "1.0", "1"}
	// Numbers by value (ties by text), then text in byte order.
	want := []string{"-1", "1", "1.0", "2.5", "9", "10", "1e3", "B", "abc", "b"}
	got := append([]string(nil), in...)
	SortValues(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SortValues(%q) (-want +got):\n%s", in, diff)
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{"9", "10", true},
		{"10", "9", false},
		{"10", "abc", true},
		{"abc", "10", false},
		{"1", "1.0", true},
		{"1.0", "1", false},
		{"7", "7", false},
		{"x", "x", false},
	}
	for _, tt := range tests {
		if got := LessValue(tt.a, tt.b); got != tt.want {
			t.Errorf("LessValue(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// SortValues must not depend on the input order, whatever the values are
// ("nan" and "inf" are text in a sweep, though strconv parses them).
func TestSortValuesDeterministic(t *testing.T) {
	perms := [][]string{
		{"nan", "2", "1"},
		{"2", "nan", "1"},
		{"2", "1", "nan"},
		{"1", "2", "nan"},
	}
	var first []string
	for _, p := range perms {
		got := append([]string(nil), p...)
		SortValues(got)
		if first == nil {
			first = got
			continue
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Errorf("SortValues(%q) differs from SortValues(%q) (-first +got):\n%s", p, perms[0], diff)
		}
	}
}

func TestFormatKnobs(t *testing.T) {
	knobs := map[string]string{"threads": "4", "b": "", "a": "x y", "n_gen": "32"}
	tests := []struct {
		skip []string
		want string
	}{
		{nil, "a=x y,b=,n_gen=32,threads=4"},
		{[]string{"n_gen"}, "a=x y,b=,threads=4"},
		{[]string{"a", "threads", "nosuch"}, "b=,n_gen=32"},
		{[]string{"a", "b", "n_gen", "threads"}, ""},
	}
	for _, tt := range tests {
		if got := FormatKnobs(knobs, tt.skip...); got != tt.want {
			t.Errorf("FormatKnobs(skip %q) = %q, want %q", tt.skip, got, tt.want)
		}
	}
	if got := FormatKnobs(nil); got != "" {
		t.Errorf("FormatKnobs(nil) = %q, want \"\"", got)
	}
}

func TestTaskKnobValues(t *testing.T) {
	task := task9and10()
	task.Records = append(task.Records, rec(7, "beta", PhasePrefill, "64", "opt=9", "n_gen=32", "extra=z"))
	want := map[string][]string{"opt": {"9", "10"}, "n_gen": {"32"}, "extra": {"z"}}
	if diff := cmp.Diff(want, task.KnobValues()); diff != "" {
		t.Errorf("KnobValues (-want +got):\n%s", diff)
	}
	if !task.Varies("opt") || task.Varies("n_gen") || task.Varies("nosuch") {
		t.Errorf("Varies(opt, n_gen, nosuch) = %v, %v, %v; want true, false, false",
			task.Varies("opt"), task.Varies("n_gen"), task.Varies("nosuch"))
	}
}

// quotedKnobsMaps is quotedKnobs as it was: a map of the quoted names and
// values, rendered by FormatKnobs.
func quotedKnobsMaps(knobs map[string]string, skip ...string) string {
	q := make(map[string]string, len(knobs))
	for k, v := range knobs {
		q[strconv.Quote(k)] = strconv.Quote(v)
	}
	quoted := make([]string, len(skip))
	for i, s := range skip {
		quoted[i] = strconv.Quote(s)
	}
	return FormatKnobs(q, quoted...)
}

// quotedKnobs renders what the maps of quoted strings did, on random knobs
// whose names and values hold quotes, separators, spaces, non-ASCII and
// invalid UTF-8 (quoting changes their order: "a b" sorts before "a").
func TestQuotedKnobsMatchesMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	parts := []string{"a", "b", " ", "=", ",", `"`, `\`, "é", "\xff", "_", "0", ""}
	word := func() string {
		var sb strings.Builder
		for range rng.IntN(4) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		return sb.String()
	}
	for i := 0; i < 5000; i++ {
		knobs := map[string]string{}
		for range rng.IntN(8) {
			knobs[word()] = word()
		}
		var skip []string
		for range rng.IntN(3) {
			skip = append(skip, word())
		}
		if want, got := quotedKnobsMaps(knobs, skip...), quotedKnobs(knobs, append([]string(nil), skip...)...); got != want {
			t.Fatalf("quotedKnobs(%q, %q) = %q, want %q", knobs, skip, got, want)
		}
	}
}

// BenchmarkQuotedKnobs measures a benchmark's config of an mnn_anal knob
// set (11 knobs, one skipped).
func BenchmarkQuotedKnobs(b *testing.B) {
	knobs := map[string]string{"threads": "1", "precision": "2", "kv_cache": "false", "mmap": "0", "dynamicOption": "0",
		"vp": "0", "n_prompt": "96", "n_gen": "32", "backend": "CPU", "repeat": "5", "model": "qwen2_5_0_5b"}
	b.ReportAllocs()
	for b.Loop() {
		quotedKnobs(knobs, "dynamicOption", KnobGen)
	}
}
