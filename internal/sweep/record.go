package sweep

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// Phases of an LLM benchmark as llm_bench and llama-bench name them.
const (
	PhasePrefill = "pp"    // prompt processing, depends on n_prompt only
	PhaseDecode  = "tg"    // token generation, depends on n_gen only
	PhaseBoth    = "pp+tg" // a combined test, depends on both
)

// DefaultUnit is the unit of a record that names none (the mnn_anal
// schema's default).
const DefaultUnit = "tokens/sec"

// Well-known knob names (as in the mnn_anal database).
const (
	KnobPrompt = "n_prompt"
	KnobGen    = "n_gen"
)

// A Case is what the records of one invocation share: where it ran, what
// it ran and with which knobs. A source makes one Case per invocation and
// points each of its records (pp and tg, say) at it, so a million results
// do not hold a million copies of the same names and knob map.
//
// A Case is shared: change one only through a record's own copy (see
// Record.OwnCase), never in place.
type Case struct {
	*Origin
	// Invocation identifies the invocation within its task (e.g. "case
	// 557"); read it with Record.InvocationName: a source whose every
	// record is an invocation of its own (a benchfmt file) shares one
	// Case among them with Invocation AtLocation(), which names each by its
	// Location.
	Invocation string
	Knobs      map[string]string // every knob of the invocation, option and sweep dimensions included
	Params     string            // the knobs as the source wrote them (mnn_anal: base_parameters JSON)
	// Time is when the invocation's results were recorded, as the source
	// wrote it. A source whose records of one invocation were recorded
	// at different times gives each time a Case of its own.
	Time string
}

// An Origin is what the invocations of one suite share: the task, the
// suite and the model (mnndb makes one per suite). It is shared like a
// Case: Record.OwnCase and CaseCopies copy it with the case.
type Origin struct {
	Task  string // task (sweep run) name
	Suite string // suite name within the task, if any
	Model string // model name
}

// A Test is what a record measured: the phase, the size and the unit. A
// sweep holds a few dozen tests and a million records of them, so a source
// may point the records of one test at one Test; like a Case, it is
// shared and never changed in place (a record to change gets a Test of
// its own).
type Test struct {
	Phase string // "pp", "tg" or "pp+tg"
	Size  string // test size as the source wrote it, e.g. "64"
	Unit  string // unit of Mean, e.g. "tokens/sec"; empty means DefaultUnit
}

// A Record is one measured result of one invocation of a benchmark tool.
// The fields of its Case (and the Case's Origin) and its Test are read as
// the record's own (r.Model, r.Phase); every record has all three.
type Record struct {
	*Case
	*Test
	Mean float64 // mean over the repetitions of the invocation
	Std  float64 // standard deviation over the repetitions (0 when unknown)
	// Values holds the values behind Mean, when the source gives them:
	// the per-repetition values of the invocation (Samples), or, when
	// Folded, the values of separate invocations that a compact source
	// folds into one record (benchfmt files: one value per result line,
	// thousands of lines; Runs). A folded record stands for len(Values)
	// invocations, Mean is their mean and Std is 0. One slice serves both
	// because no source gives both: 24 bytes less on each of a million
	// records.
	Values []float64
	Where  string // location in the source, for error messages (see Location)
	At     int64  // with Where: the result's number in the source, 0 when Where says it all
	Reps   int32  // number of repetitions behind Mean and Std; 0 when unknown
	Better int8   // +1 higher is better, -1 lower; 0: decided by Unit
	Folded bool   // Values are runs, not samples
}

// Samples returns the per-repetition values of r, nil when the source has
// none (or r is folded).
func (r *Record) Samples() []float64 {
	if r.Folded {
		return nil
	}
	return r.Values
}

// Runs returns the values of the invocations folded into r, nil when r
// is not folded.
func (r *Record) Runs() []float64 {
	if !r.Folded {
		return nil
	}
	return r.Values
}

// SetRuns folds runs into r (see Values); Mean is the caller's to set.
func (r *Record) SetRuns(runs []float64) { r.Values, r.Folded = runs, true }

// Location returns where r is in its source, for messages: Where, followed
// by At when it is not 0. A source that numbers its results (mnn_anal:
// Where "benchmark_results id ", At the id) shares one Where among them
// rather than spelling out a location for each of a million records.
func (r *Record) Location() string {
	if r.At == 0 {
		return r.Where
	}
	return r.Where + strconv.FormatInt(r.At, 10)
}

// AtLocation returns the Invocation of a Case whose records are each an
// invocation of their own, named by their Location (see InvocationName).
// It is told by its bytes in memory, not by its text: no text read from
// data is it.
func AtLocation() string { return atLocation }

var atLocation = strings.Clone("(the record's location)")

// InvocationName returns the name of r's invocation: r.Invocation, or
// r.Location() when that is AtLocation().
func (r *Record) InvocationName() string {
	if len(r.Invocation) == len(atLocation) && unsafe.StringData(r.Invocation) == unsafe.StringData(atLocation) {
		return r.Location()
	}
	return r.Invocation
}

// OwnCase gives r a copy of its Case of its own, to change without
// changing the other records that share it, and returns it.
func (r *Record) OwnCase() *Case {
	r.Case = r.Case.clone()
	return r.Case
}

// clone returns a copy of c with a copy of its Origin.
func (c *Case) clone() *Case {
	cp, o := *c, *c.Origin
	cp.Origin = &o
	return &cp
}

// Knob returns the value of knob k, or "" when the record has none.
func (r *Record) Knob(k string) string { return r.Knobs[k] }

// CV returns the coefficient of variation of the invocation in percent
// (Std/Mean*100), as the old report computed it; NaN when Mean is 0.
func (r *Record) CV() float64 {
	if r.Mean == 0 {
		return math.NaN()
	}
	return r.Std / r.Mean * 100
}

// Invocations returns the number of invocations r stands for: len(Runs),
// or 1.
func (r *Record) Invocations() int {
	if r.Folded {
		return len(r.Values)
	}
	return 1
}

// AppendMeans appends the mean of each invocation r stands for to dst.
func (r *Record) AppendMeans(dst []float64) []float64 {
	if r.Folded {
		return append(dst, r.Values...)
	}
	return append(dst, r.Mean)
}

// Validate reports a record whose numbers cannot be used.
func (r *Record) Validate() error {
	switch {
	case math.IsNaN(r.Mean) || math.IsInf(r.Mean, 0):
		return fmt.Errorf("%s: mean is %v", r.Location(), r.Mean)
	case r.Mean <= 0:
		return fmt.Errorf("%s: mean %v is not positive", r.Location(), r.Mean)
	case math.IsNaN(r.Std) || math.IsInf(r.Std, 0):
		return fmt.Errorf("%s: std is %v", r.Location(), r.Std)
	case r.Std < 0:
		return fmt.Errorf("%s: std %v is negative", r.Location(), r.Std)
	case r.Model == "":
		return fmt.Errorf("%s: empty model name", r.Location())
	case r.Phase == "":
		return fmt.Errorf("%s: empty result type", r.Location())
	}
	for _, s := range r.Values {
		if math.IsNaN(s) || math.IsInf(s, 0) || s <= 0 {
			return fmt.Errorf("%s: sample %v is not a positive number", r.Location(), s)
		}
	}
	return nil
}

// SortedKeys returns the keys of m in ascending order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SortValues sorts option or knob values: numerically when every value is a
// number, else as text. It sorts vs in place.
func SortValues(vs []string) {
	sort.SliceStable(vs, func(i, j int) bool { return LessValue(vs[i], vs[j]) })
}

// LessValue orders two knob values: numbers before text, numbers by value,
// text lexically.
func LessValue(a, b string) bool {
	fa, ea := parseNumber(a)
	fb, eb := parseNumber(b)
	switch {
	case ea == nil && eb == nil:
		if fa != fb {
			return fa < fb
		}
		return a < b
	case ea == nil:
		return true
	case eb == nil:
		return false
	}
	return a < b
}

// FormatKnobs renders knobs as "k=v,k=v" in key order, skipping the keys in skip.
func FormatKnobs(knobs map[string]string, skip ...string) string {
	var b strings.Builder
outer:
	for _, k := range SortedKeys(knobs) {
		for _, s := range skip {
			if k == s {
				continue outer
			}
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(knobs[k])
	}
	return b.String()
}

// parseNumber parses a finite number; "NaN", "Inf" and the like are text.
func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, strconv.ErrSyntax
	}
	return f, err
}

// RepsOf returns n as a Record's Reps: counts beyond what an int32 holds
// (no real sweep repeats an invocation two billion times) saturate rather
// than wrap.
func RepsOf(n int) int32 {
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	if n < 0 {
		return 0
	}
	return int32(n)
}

// CaseCopies gives records copies of their cases to change, one copy per
// case: records that shared a case share its copy, so a change made for
// the invocation is made once and memory stays shared.
type CaseCopies map[*Case]*Case

// Own points r at the copy of its case, made on first use, and returns
// it; fresh reports whether it was made now (a change made for the
// invocation is then made once, when fresh).
func (cc CaseCopies) Own(r *Record) (c *Case, fresh bool) {
	c, ok := cc[r.Case]
	if !ok {
		c = r.Case.clone()
		cc[r.Case] = c
	}
	r.Case = c
	return c, !ok
}
