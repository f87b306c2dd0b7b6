package sweep

import (
	"bytes"
	"slices"
	"strconv"
	"unsafe"
)

// A Key identifies a benchmark: what a sample measures. Records that share a
// Key and an option value are samples of the same benchmark.
type Key struct {
	Model  string
	Phase  string
	Size   string
	Unit   string // results in different units are different benchmarks
	Config string // the remaining knobs as k="v",k="v" (Go-quoted values), in key order
}

// KeyOf returns the benchmark of r when option is compared: every knob but
// option counts, except the sweep dimension the phase does not depend on
// (n_gen for pp, n_prompt for tg) and the knobs in also.
func KeyOf(r *Record, option string, also ...string) Key {
	skip := append([]string{option}, also...)
	switch {
	case r.Knobs["kv_cache"] == "true":
		// llm_bench -kv true (llm_demo): decode follows a prefill of
		// n_prompt tokens, so both dimensions matter.
	case r.Phase == PhasePrefill:
		skip = append(skip, KnobGen)
	case r.Phase == PhaseDecode:
		skip = append(skip, KnobPrompt)
	}
	return Key{Model: r.Model, Phase: r.Phase, Size: r.Size, Unit: r.Unit, Config: quotedKnobs(r.Knobs, skip...)}
}

// Less orders keys by model, phase (pp, tg, pp+tg), size (numerically) and config.
func (k Key) Less(o Key) bool {
	if k.Model != o.Model {
		return k.Model < o.Model
	}
	if k.Phase != o.Phase {
		if rk, ro := phaseRank(k.Phase), phaseRank(o.Phase); rk != ro {
			return rk < ro
		}
		return k.Phase < o.Phase
	}
	if k.Size != o.Size {
		return LessValue(k.Size, o.Size)
	}
	if k.Unit != o.Unit {
		return k.Unit < o.Unit
	}
	return k.Config < o.Config
}

// Extra returns the knobs of r that distinguish its benchmark beyond model,
// phase and size: those that vary within a model in the selection, except
// the compared option
// and the sweep dimensions the phase's size already stands for or does not
// depend on (n_prompt and n_gen for pp and tg). They come as "k=v" in key
// order.
// It only reads s, so it is safe for concurrent use.
func (s *Selection) Extra(r *Record) []string {
	varying := s.varying
	if varying == nil { // a Selection not made by Select
		varying = varyingKnobs(s.Records, s.Option)
	}
	var out []string
	for _, k := range SortedKeys(r.Knobs) {
		dims := (r.Phase == PhasePrefill && k == KnobPrompt) || (r.Phase == PhaseDecode && k == KnobGen) ||
			(r.Knobs["kv_cache"] != "true" && (r.Phase == PhasePrefill || r.Phase == PhaseDecode) && (k == KnobPrompt || k == KnobGen))
		if !varying[k] || dims {
			continue
		}
		out = append(out, k+"="+r.Knobs[k])
	}
	return out
}

// varyingKnobs returns the knobs, except option, that take two or more
// values among the records of one model (a knob that only follows the
// model, like its file name or size, says nothing the model name does not).
func varyingKnobs(recs []Record, option string) map[string]bool {
	seen := map[string]map[string]string{} // model → knob → first value
	out := map[string]bool{}
	distinctModelKnobs(recs, func(model string, knobs map[string]string) {
		m := seen[model]
		if m == nil {
			m = map[string]string{}
			seen[model] = m
		}
		for k, v := range knobs {
			if k == option {
				continue
			}
			if first, ok := m[k]; !ok {
				m[k] = v
			} else if first != v {
				out[k] = true
			}
		}
	})
	return out
}

// quotedKnobs is FormatKnobs with Go-quoted names and values, so that a
// value holding ',' or '=' cannot make two knob sets look alike: the pairs
// in the order of the quoted names. Every pair is quoted into one buffer
// and sorted there (a benchmark's config is made for every knob set of a
// selection: no map of quoted strings, nor a string per name and value).
func quotedKnobs(knobs map[string]string, skip ...string) string {
	type pair struct{ k0, k1, v1 int } // buf[k0:k1] the quoted name, buf[k1:v1] the value
	buf := make([]byte, 0, 24*len(knobs))
	pairs := make([]pair, 0, len(knobs))
outer:
	for k, v := range knobs {
		for _, s := range skip { // quoting is one-to-one: compare unquoted
			if k == s {
				continue outer
			}
		}
		k0 := len(buf)
		buf = appendQuote(buf, k)
		k1 := len(buf)
		buf = appendQuote(buf, v)
		pairs = append(pairs, pair{k0, k1, len(buf)})
	}
	slices.SortFunc(pairs, func(a, b pair) int { return bytes.Compare(buf[a.k0:a.k1], buf[b.k0:b.k1]) })
	out := make([]byte, 0, len(buf)+2*len(pairs))
	for i, p := range pairs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(append(append(out, buf[p.k0:p.k1]...), '='), buf[p.k1:p.v1]...)
	}
	return string(out)
}

// appendQuote is strconv.AppendQuote, which for printable ASCII without
// quotes or backslashes (every knob of llm_bench) is the text in quotes.
func appendQuote(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(buf, s)
		}
	}
	return append(append(append(buf, '"'), s...), '"')
}

// Key returns the benchmark of r in the selection: KeyOf, also leaving out
// the knobs that are tied to the option (see Tied). For a record of
// s.Records it is looked up in KeyIndex.
func (s *Selection) Key(r *Record) Key {
	if i := s.indexOf(r); i >= 0 {
		of, tab := s.KeyIndex()
		return tab[of[i]]
	}
	return KeyOf(r, s.Option, s.Tied...)
}

// indexOf returns the index of r in s.Records, or -1 when r does not point
// at an element of it.
func (s *Selection) indexOf(r *Record) int {
	if len(s.Records) == 0 || r == nil {
		return -1
	}
	size := unsafe.Sizeof(Record{})
	base := uintptr(unsafe.Pointer(&s.Records[0]))
	p := uintptr(unsafe.Pointer(r))
	if p < base || p >= base+uintptr(len(s.Records))*size || (p-base)%size != 0 {
		return -1
	}
	return int((p - base) / size)
}

// Keys returns the benchmark of every record, in the order of Records. The
// slice is made once and shared: do not modify it. Safe for concurrent
// use. KeyIndex holds the same keys in a twentieth of the memory.
func (s *Selection) Keys() []Key {
	s.keysOnce.Do(func() {
		of, tab := s.KeyIndex()
		s.keys = make([]Key, len(of))
		for i, k := range of {
			s.keys[i] = tab[k]
		}
	})
	return s.keys
}

// KeyIndex returns the benchmarks of the selection, once: keys holds each
// distinct benchmark (Key) once, in order of first appearance in Records,
// and of[i] is the index in keys of the benchmark of Records[i]. A key's
// knob string is built once per knob set and phase, not once per record.
// Both slices are shared: do not modify them. Safe for concurrent use.
func (s *Selection) KeyIndex() (of []int32, keys []Key) {
	s.keyIndexOnce.Do(func() {
		of, _ := s.KnobSets()
		s.keyOf, s.keyTab = keyIndex(s.Records, of, s.Option, s.Tied)
	})
	return s.keyOf, s.keyTab
}

// keyIndex computes KeyIndex of recs, whose knob sets are setOf (see
// KnobSets), for option, leaving out the tied knobs.
func keyIndex(recs []Record, setOf []int32, option string, tied []string) ([]int32, []Key) {
	type config struct {
		set   int32
		phase string
	}
	configs := map[config]string{}
	ids := map[Key]int32{}
	of := make([]int32, len(recs))
	for i := range recs {
		r := &recs[i]
		c := config{setOf[i], r.Phase}
		cfg, ok := configs[c]
		if !ok {
			cfg = KeyOf(r, option, tied...).Config
			configs[c] = cfg
		}
		k := Key{Model: r.Model, Phase: r.Phase, Size: r.Size, Unit: r.Unit, Config: cfg}
		id, ok := ids[k]
		if !ok {
			id = int32(len(ids))
			ids[k] = id
		}
		of[i] = id
	}
	// The table made at its size from the map: appending to it as keys
	// are found would allocate it about five times over (a big slice
	// grows by a quarter).
	tab := make([]Key, len(ids))
	for k, id := range ids {
		tab[id] = k
	}
	return of, tab
}

// tiedKnobs returns the knobs, other than option, that take exactly one
// value among the records of each of the compared values, a different one
// for each — build_number beside build_commit, say. They change with the
// option by construction, so they must not split its benchmarks.
func tiedKnobs(recs []Record, option string, values []string) []string {
	vals := map[string]map[string]map[string]bool{} // knob → option value → knob values
	distinctKnobs(recs, func(knobs map[string]string) {
		ov := knobs[option]
		for k, v := range knobs {
			if k == option {
				continue
			}
			if vals[k] == nil {
				vals[k] = map[string]map[string]bool{}
			}
			if vals[k][ov] == nil {
				vals[k][ov] = map[string]bool{}
			}
			vals[k][ov][v] = true
		}
	})
	var out []string
	for _, k := range SortedKeys(vals) {
		distinct := map[string]bool{}
		tied := true
		for _, ov := range values {
			kv := vals[k][ov]
			if len(kv) != 1 {
				tied = false
				break
			}
			v := SortedKeys(kv)[0]
			if distinct[v] {
				tied = false
				break
			}
			distinct[v] = true
		}
		if tied {
			out = append(out, k)
		}
	}
	return out
}
