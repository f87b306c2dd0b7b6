package sweep

import (
	"reflect"
	"unsafe"
)

// Records of one knob set share one Knobs map (mnndb gives every record
// of the same base_parameters the same map; the pp and tg records of an
// invocation always share theirs), so work that depends on the knobs alone
// — which values a knob takes, a benchmark's config string — is done once
// per distinct map rather than once per record. Maps are told apart by
// identity: two equal maps that are not the same map are two sets, which
// costs time, never correctness.

// knobSets indexes the distinct Knobs maps of a slice of records.
type knobSets struct {
	of   []int32             // per record: index into maps
	maps []map[string]string // the distinct maps, in order of first appearance
}

// mapID returns the identity of m (nil for a nil map).
func mapID(m map[string]string) unsafe.Pointer { return reflect.ValueOf(m).UnsafePointer() }

// indexKnobSets indexes the Knobs maps of recs.
func indexKnobSets(recs []Record) knobSets {
	ks := knobSets{of: make([]int32, len(recs))}
	ids := map[unsafe.Pointer]int32{}
	var last unsafe.Pointer
	lastID := int32(-1)
	for i := range recs {
		m := recs[i].Knobs
		if p := mapID(m); lastID < 0 || p != last {
			id, ok := ids[p]
			if !ok {
				id = int32(len(ks.maps))
				ids[p] = id
				ks.maps = append(ks.maps, m)
			}
			last, lastID = p, id
		}
		ks.of[i] = lastID
	}
	return ks
}

// distinctKnobs calls fn once for every distinct Knobs map of recs, in
// order of first appearance, without the index indexKnobSets keeps.
func distinctKnobs(recs []Record, fn func(map[string]string)) {
	seen := map[unsafe.Pointer]bool{}
	var last unsafe.Pointer
	for i := range recs {
		m := recs[i].Knobs
		p := mapID(m)
		if i > 0 && p == last {
			continue
		}
		last = p
		if !seen[p] {
			seen[p] = true
			fn(m)
		}
	}
}

// A modelSet is a model name and one of its knob sets, both by identity:
// the name's bytes (loaders share one string per model) and the map.
type modelSet struct {
	model unsafe.Pointer
	n     int
	set   unsafe.Pointer
}

// distinctModelKnobs calls fn for every distinct pair of model name and
// Knobs map among recs, in order of first appearance, at least once — more
// than once only for a name held in several strings, which callers that
// gather sets of values do not see.
func distinctModelKnobs(recs []Record, fn func(model string, knobs map[string]string)) {
	seen := map[modelSet]bool{}
	var last modelSet
	for i := range recs {
		r := &recs[i]
		k := modelSet{unsafe.Pointer(unsafe.StringData(r.Model)), len(r.Model), mapID(r.Knobs)}
		if i > 0 && k == last {
			continue
		}
		last = k
		if !seen[k] {
			seen[k] = true
			fn(r.Model, r.Knobs)
		}
	}
}
