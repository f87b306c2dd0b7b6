package sweep

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// knobSetRecords returns records whose Knobs maps are shared as mnndb
// shares them (the pp and tg record of an invocation, every round of a
// case) and, for the same knobs, unshared (a copy per record): the
// per-set shortcuts must give what a per-record computation gives.
func knobSetRecords() []Record {
	var recs []Record
	for round := range 2 {
		for _, m := range []string{"b", "a"} {
			for _, opt := range []string{"7", "8"} {
				for _, np := range []string{"64", "128"} {
					shared := map[string]string{"opt": opt, KnobPrompt: np, KnobGen: "32", "file": m + ".gguf"}
					pp := Record{Test: &Test{Phase: PhasePrefill, Size: np, Unit: "tokens/sec"}, Case: &Case{Origin: &Origin{Model: m}, Knobs: shared}, Mean: 10}
					tg := Record{Test: &Test{Phase: PhaseDecode, Size: "32", Unit: "tokens/sec"}, Case: &Case{Origin: &Origin{Model: m}, Knobs: shared}, Mean: 5}
					if round == 1 { // same knobs, maps of their own
						pp.Knobs = copyKnobs(shared)
						tg.Knobs = copyKnobs(shared)
						tg.Knobs["kv_cache"] = "true" // decode after a prefill: both dimensions count
					}
					recs = append(recs, pp, tg)
				}
			}
		}
	}
	return recs
}

func copyKnobs(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestKeyIndexMatchesKeyOf(t *testing.T) {
	sel, err := Select(&Task{ID: 1, Name: "t", Records: knobSetRecords()}, "opt", "7", "8", nil)
	if err != nil {
		t.Fatal(err)
	}
	of, keys := sel.KeyIndex()
	if len(of) != len(sel.Records) {
		t.Fatalf("KeyIndex: %d indices for %d records", len(of), len(sel.Records))
	}
	seen := map[Key]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("key %v listed twice", k)
		}
		seen[k] = true
	}
	all := sel.Keys()
	for i := range sel.Records {
		r := &sel.Records[i]
		want := KeyOf(r, sel.Option, sel.Tied...)
		if got := keys[of[i]]; got != want {
			t.Errorf("record %d: KeyIndex key %v, want %v", i, got, want)
		}
		if got := all[i]; got != want {
			t.Errorf("record %d: Keys()[i] %v, want %v", i, got, want)
		}
		if got := sel.Key(r); got != want {
			t.Errorf("record %d: Key %v, want %v", i, got, want)
		}
		cp := *r // not an element of Records: computed, not looked up
		if got := sel.Key(&cp); got != want {
			t.Errorf("record %d copied: Key %v, want %v", i, got, want)
		}
	}
	// Keys are listed in order of first appearance.
	next := int32(0)
	for i, k := range of {
		if k > next {
			t.Fatalf("record %d: key %d before key %d appeared", i, k, next)
		}
		if k == next {
			next++
		}
	}
}

// The per-set shortcuts of KnobValues, varying, tied and model knobs give
// what the records say, whether maps are shared or not.
func TestKnobSetsSharedOrNot(t *testing.T) {
	shared := knobSetRecords()
	unshared := make([]Record, len(shared))
	for i, r := range shared {
		r.OwnCase().Knobs = copyKnobs(r.Knobs)
		unshared[i] = r
	}
	for _, recs := range [][]Record{shared, unshared} {
		task := &Task{ID: 1, Name: "t", Records: recs}
		want := map[string][]string{"opt": {"7", "8"}, KnobPrompt: {"64", "128"}, KnobGen: {"32"},
			"file": {"a.gguf", "b.gguf"}, "kv_cache": {"true"}}
		if diff := cmp.Diff(want, task.KnobValues()); diff != "" {
			t.Errorf("KnobValues (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"a", "b"}, task.Models()); diff != "" {
			t.Errorf("Models (-want +got):\n%s", diff)
		}
		sel, err := Select(task, "opt", "7", "8", nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"file=a.gguf"}, sel.ModelKnobs("a")); diff != "" {
			t.Errorf("ModelKnobs(a) (-want +got):\n%s", diff)
		}
		if got := sel.ModelKnobs("nosuch"); got != nil {
			t.Errorf("ModelKnobs(nosuch) = %v, want nil", got)
		}
		// kv_cache takes one value where present (absent elsewhere): it
		// does not vary.
		if diff := cmp.Diff(map[string]bool{KnobPrompt: true}, sel.varying); diff != "" {
			t.Errorf("varying knobs (-want +got):\n%s", diff)
		}
		if len(sel.Tied) != 0 {
			t.Errorf("tied knobs %v, want none", sel.Tied)
		}
	}
}

func TestDistinctKnobs(t *testing.T) {
	m1, m2 := map[string]string{"a": "1"}, map[string]string{"a": "1"}
	recs := []Record{{Test: &Test{}, Case: &Case{Origin: &Origin{}, Knobs: m1}}, {Test: &Test{}, Case: &Case{Origin: &Origin{}, Knobs: m1}}, {Test: &Test{}, Case: &Case{Origin: &Origin{}, Knobs: m2}}, {Test: &Test{}, Case: &Case{Origin: &Origin{}, Knobs: m1}}, {Test: &Test{}, Case: &Case{Origin: &Origin{}, Knobs: nil}}, {Test: &Test{}, Case: &Case{Origin: &Origin{}, Knobs: nil}}}
	n := 0
	distinctKnobs(recs, func(map[string]string) { n++ })
	if n != 3 { // m1, m2 (equal but another map), nil
		t.Errorf("distinctKnobs called fn %d times, want 3", n)
	}
	ks := indexKnobSets(recs)
	if diff := cmp.Diff([]int32{0, 0, 1, 0, 2, 2}, ks.of); diff != "" {
		t.Errorf("indexKnobSets (-want +got):\n%s", diff)
	}
}

// Varies and HasKnob answer what KnobValues does, on random tasks whose
// records share knob maps or not, lack knobs, or hold empty values.
func TestVariesHasKnobMatchKnobValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	names := []string{"a", "b", "c", "d"}
	for i := 0; i < 2000; i++ {
		var recs []Record
		var sets []map[string]string
		for range 1 + rng.IntN(6) {
			m := map[string]string{}
			for _, k := range names {
				if rng.IntN(3) > 0 {
					m[k] = []string{"", "1", "2"}[rng.IntN(3)]
				}
			}
			if rng.IntN(8) == 0 {
				m = nil
			}
			sets = append(sets, m)
		}
		for range rng.IntN(8) {
			m := sets[rng.IntN(len(sets))]
			if rng.IntN(2) == 0 && m != nil {
				m = copyKnobs(m) // an equal map that is another map
			}
			recs = append(recs, Record{Case: &Case{Origin: &Origin{}, Knobs: m}, Test: &Test{}})
		}
		task := &Task{Records: recs}
		all := task.KnobValues()
		for _, k := range append(names, "nosuch") {
			_, has := all[k]
			if got := task.HasKnob(k); got != has {
				t.Fatalf("task %d: HasKnob(%q) = %v, KnobValues %v", i, k, got, all)
			}
			if got, want := task.Varies(k), len(all[k]) >= 2; got != want {
				t.Fatalf("task %d: Varies(%q) = %v, KnobValues %v", i, k, got, all)
			}
		}
	}
}

// modelKnobsSets is modelKnobs as it was: the set of values of every knob
// of every model, and of all models.
func modelKnobsSets(s *Selection) map[string][]string {
	own := map[string]map[string]map[string]bool{}
	all := map[string]map[string]bool{}
	for _, r := range s.Records {
		o := own[r.Model]
		if o == nil {
			o = map[string]map[string]bool{}
			own[r.Model] = o
		}
		for k, v := range r.Knobs {
			if all[k] == nil {
				all[k] = map[string]bool{}
			}
			all[k][v] = true
			if o[k] == nil {
				o[k] = map[string]bool{}
			}
			o[k][v] = true
		}
	}
	out := make(map[string][]string, len(own))
	for model, o := range own {
		var list []string
		for _, k := range SortedKeys(o) {
			if k == s.Option || contains(s.Tied, k) || k == KnobPrompt || k == KnobGen {
				continue
			}
			if len(o[k]) == 1 && len(all[k]) > 1 {
				list = append(list, k+"="+SortedKeys(o[k])[0])
			}
		}
		out[model] = list
	}
	return out
}

// modelKnobs finds what the sets of values found, on random selections
// whose models share knob maps or not, lack knobs or hold empty values.
func TestModelKnobsMatchesSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 19))
	names := []string{"a", "b", "c", "opt", "tie", KnobPrompt}
	for i := 0; i < 2000; i++ {
		var sets []map[string]string
		for range 1 + rng.IntN(6) {
			m := map[string]string{}
			for _, k := range names {
				if rng.IntN(4) > 0 {
					m[k] = []string{"", "1", "2"}[rng.IntN(3)]
				}
			}
			sets = append(sets, m)
		}
		var recs []Record
		for range rng.IntN(10) {
			m := sets[rng.IntN(len(sets))]
			if rng.IntN(2) == 0 {
				m = copyKnobs(m)
			}
			recs = append(recs, Record{Case: &Case{Origin: &Origin{Model: []string{"x", "y", "z"}[rng.IntN(3)]}, Knobs: m}, Test: &Test{}})
		}
		s := &Selection{Records: recs, Option: "opt", Tied: []string{"tie"}}
		if diff := cmp.Diff(modelKnobsSets(s), modelKnobs(s)); diff != "" {
			t.Fatalf("selection %d: modelKnobs (-sets +got):\n%s", i, diff)
		}
	}
}

// A modelSet is a model name and one of its knob sets, both by identity:
// the name's bytes and the map (what distinctModelKnobs tells apart).
type modelSet struct {
	model unsafe.Pointer
	n     int
	set   unsafe.Pointer
}

// distinctKnobs and distinctModelKnobs visit, in order of first
// appearance, exactly the distinct maps and (model, map) pairs a plain
// walk over every record finds, on random records that share cases, maps
// and model strings or not (equal names in several strings are told apart
// by their bytes, as documented).
func TestDistinctWalksMatchPlainWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for i := 0; i < 3000; i++ {
		maps := make([]map[string]string, 1+rng.IntN(4))
		for j := range maps {
			maps[j] = map[string]string{"k": string(rune('a' + j%2))}
		}
		models := []string{"m", "n", string([]byte("m"))} // the third: "m" in other bytes
		cases := make([]*Case, 1+rng.IntN(6))
		for j := range cases {
			cases[j] = &Case{Origin: &Origin{Model: models[rng.IntN(len(models))]}, Knobs: maps[rng.IntN(len(maps))]}
		}
		var recs []Record
		for range rng.IntN(12) {
			c := cases[rng.IntN(len(cases))]
			recs = append(recs, Record{Test: &Test{}, Case: c})
			if rng.IntN(2) == 0 { // the other phase, next to it
				recs = append(recs, Record{Test: &Test{}, Case: c})
			}
		}
		var wantMaps, gotMaps []unsafe.Pointer
		var wantPairs, gotPairs []modelSet
		seenMap, seenPair := map[unsafe.Pointer]bool{}, map[modelSet]bool{}
		for _, r := range recs {
			p := mapID(r.Knobs)
			if !seenMap[p] {
				seenMap[p] = true
				wantMaps = append(wantMaps, p)
			}
			k := modelSet{unsafe.Pointer(unsafe.StringData(r.Model)), len(r.Model), p}
			if !seenPair[k] {
				seenPair[k] = true
				wantPairs = append(wantPairs, k)
			}
		}
		distinctKnobs(recs, func(m map[string]string) { gotMaps = append(gotMaps, mapID(m)) })
		distinctModelKnobs(recs, func(model string, m map[string]string) {
			gotPairs = append(gotPairs, modelSet{unsafe.Pointer(unsafe.StringData(model)), len(model), mapID(m)})
		})
		if !slices.Equal(wantMaps, gotMaps) {
			t.Fatalf("case %d: distinctKnobs visited %v, want %v", i, gotMaps, wantMaps)
		}
		if !slices.Equal(wantPairs, gotPairs) {
			t.Fatalf("case %d: distinctModelKnobs visited %v, want %v", i, gotPairs, wantPairs)
		}
	}
}

// InvocationName names a record of AtLocation() by its location, and any
// other record, a text equal to AtLocation's among them, by its Invocation.
func TestInvocationName(t *testing.T) {
	at := Record{Test: &Test{}, Case: &Case{Origin: &Origin{}, Invocation: AtLocation()}, Where: "f.txt:", At: 7}
	same := Record{Test: &Test{}, Case: &Case{Origin: &Origin{}, Invocation: string([]byte(AtLocation()))}, Where: "f.txt:", At: 7}
	plain := Record{Test: &Test{}, Case: &Case{Origin: &Origin{}, Invocation: "case 3"}, Where: "w"}
	for _, c := range []struct {
		r    Record
		want string
	}{{at, "f.txt:7"}, {same, AtLocation()}, {plain, "case 3"}} {
		if got := c.r.InvocationName(); got != c.want {
			t.Errorf("InvocationName of %q = %q, want %q", c.r.Invocation, got, c.want)
		}
	}
}

// KnobSets, KnobColumn and ValueIndex give every record's knob as its own
// map does, each distinct map once in order of first appearance, whether
// SelectValues handed its index over (every record selected), renumbered
// it (some left out) or the selection made its own (a Pair); and from
// goroutines at once.
func TestKnobColumnsMatchRecords(t *testing.T) {
	task := &Task{ID: 1, Name: "t", Records: knobSetRecords()}
	task.Records = append(task.Records, Record{Test: &Test{Phase: PhasePrefill, Size: "64", Unit: "tokens/sec"},
		Case: &Case{Origin: &Origin{Model: "a"}, Knobs: map[string]string{"opt": "9", KnobPrompt: "64"}}, Mean: 9})
	all, err := SelectValues(task, "opt", "7", []string{"all"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	some, err := Select(task, "opt", "7", "8", []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	for name, sel := range map[string]*Selection{"all": all, "some": some, "pair": all.Pair("8")} {
		done := make(chan []string, 4)
		for _, k := range []string{"opt", KnobPrompt, KnobGen, "kv_cache"} {
			go func() { done <- sel.KnobColumn(k) }()
		}
		for range 4 {
			<-done
		}
		of, maps := sel.KnobSets()
		if len(of) != len(sel.Records) {
			t.Fatalf("%s: %d set indices for %d records", name, len(of), len(sel.Records))
		}
		seen := map[unsafe.Pointer]bool{}
		for _, m := range maps {
			if seen[mapID(m)] {
				t.Errorf("%s: a knob map listed twice", name)
			}
			seen[mapID(m)] = true
		}
		var firsts []unsafe.Pointer // the maps in order of first appearance
		for i := range sel.Records {
			r := &sel.Records[i]
			if mapID(maps[of[i]]) != mapID(r.Knobs) {
				t.Fatalf("%s: record %d: set %d is not its map", name, i, of[i])
			}
			if !slices.Contains(firsts, mapID(r.Knobs)) {
				firsts = append(firsts, mapID(r.Knobs))
			}
			if got, want := sel.ValueIndex()[of[i]], slices.Index(sel.Values(), r.Knobs["opt"]); got != want {
				t.Errorf("%s: record %d: ValueIndex %d, want %d", name, i, got, want)
			}
			for _, k := range []string{"opt", KnobPrompt, KnobGen, "kv_cache", "absent"} {
				if got := sel.KnobColumn(k)[of[i]]; got != r.Knobs[k] {
					t.Errorf("%s: record %d: KnobColumn(%q) = %q, its map %q", name, i, k, got, r.Knobs[k])
				}
			}
		}
		if len(firsts) != len(maps) {
			t.Errorf("%s: %d maps in the records, %d sets", name, len(firsts), len(maps))
		}
		for j := range firsts {
			if firsts[j] != mapID(maps[j]) {
				t.Errorf("%s: set %d is not the map first appearing %d-th", name, j, j)
			}
		}
	}
	if len(all.Records) != len(task.Records) || len(some.Records) >= len(task.Records) {
		t.Fatalf("selections of %d and %d records from %d: not all and some", len(all.Records), len(some.Records), len(task.Records))
	}
}
