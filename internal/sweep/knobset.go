package sweep

import (
	"reflect"
	"slices"
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

// KnobSets returns the knob sets of the selection, once: maps holds each
// distinct Knobs map of Records once, in order of first appearance, and
// of[i] is the index in maps of Records[i].Knobs. Both are shared: do not
// modify them. Safe for concurrent use.
func (s *Selection) KnobSets() (of []int32, maps []map[string]string) {
	s.knobSetsOnce.Do(func() {
		if s.knobSets.of == nil { // else SelectValues made them
			s.knobSets = indexKnobSets(s.Records)
		}
	})
	return s.knobSets.of, s.knobSets.maps
}

// KnobColumn returns the value of knob k in each knob set of KnobSets (""
// in a set without it), so that the value of k in Records[i] is
// KnobColumn(k)[of[i]]: one map lookup per set rather than one per
// record, for the work that reads a knob of every record. It is made once
// per knob and shared: do not modify it. Safe for concurrent use.
func (s *Selection) KnobColumn(k string) []string {
	_, maps := s.KnobSets()
	s.columnsMu.Lock()
	defer s.columnsMu.Unlock()
	if col, ok := s.columns[k]; ok {
		return col
	}
	col := make([]string, len(maps))
	for i, m := range maps {
		col[i] = m[k]
	}
	if s.columns == nil {
		s.columns = map[string][]string{}
	}
	s.columns[k] = col
	return col
}

// ValueIndex returns, for each knob set of KnobSets, the index in Values
// of its option value (the first, for a value listed twice), -1 for
// another value.
func (s *Selection) ValueIndex() []int {
	values := s.Values()
	col := s.KnobColumn(s.Option)
	out := make([]int, len(col))
	for j, v := range col {
		out[j] = slices.Index(values, v)
	}
	return out
}

// distinctKnobs calls fn once for every distinct Knobs map of recs, in
// order of first appearance, without the index indexKnobSets keeps.
func distinctKnobs(recs []Record, fn func(map[string]string)) {
	seen := map[unsafe.Pointer]struct{}{}
	var lastCase *Case
	var last unsafe.Pointer
	for i := range recs {
		c := recs[i].Case
		if i > 0 && c == lastCase {
			continue // the other phase of the same case: its map
		}
		lastCase = c
		p := mapID(c.Knobs)
		if i > 0 && p == last {
			continue
		}
		last = p
		if _, ok := seen[p]; !ok {
			seen[p] = struct{}{}
			fn(c.Knobs)
		}
	}
}

// distinctModelKnobs calls fn for every distinct pair of model name and
// Knobs map among recs, in order of first appearance, at least once — more
// than once only for a name held in several strings, which callers that
// gather sets of values do not see. The records of one case (pp and tg)
// are passed over by the case's pointer alone; a pair is told by two small
// numbers, the map's and the name's in order of appearance (the maps are
// few — every model's cases share theirs — and a name changes seldom from
// one record to the next), looked up in maps of one word, and the pairs
// seen are bits, a row of them per name.
func distinctModelKnobs(recs []Record, fn func(model string, knobs map[string]string)) {
	mapNo := map[unsafe.Pointer]uint64{}
	modelNo := map[modelName]uint64{}
	var seen [][]uint64 // by name: the bit of each map seen with it
	var lastCase *Case
	var lastModel modelName
	var model uint64
	for i := range recs {
		c := recs[i].Case
		if i > 0 && c == lastCase {
			continue
		}
		lastCase = c
		if mn := (modelName{unsafe.StringData(c.Model), len(c.Model)}); i == 0 || mn != lastModel {
			lastModel = mn
			n, ok := modelNo[mn]
			if !ok {
				n = uint64(len(modelNo))
				modelNo[mn] = n
				seen = append(seen, nil)
			}
			model = n
		}
		p := mapID(c.Knobs)
		m, ok := mapNo[p]
		if !ok {
			m = uint64(len(mapNo))
			mapNo[p] = m
		}
		row := seen[model]
		if w := int(m / 64); w >= len(row) {
			row = append(row, make([]uint64, w+1-len(row))...)
			seen[model] = row
		}
		if row[m/64]&(1<<(m%64)) != 0 {
			continue
		}
		row[m/64] |= 1 << (m % 64)
		fn(c.Model, c.Knobs)
	}
}

// A modelName is a model name by identity: its bytes and length.
type modelName struct {
	p *byte
	n int
}
