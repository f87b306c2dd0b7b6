package sweep

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// A Filter keeps the records whose knobs, model, phase or size satisfy
// every one of its terms (the -where flag). The zero Filter keeps all.
type Filter struct {
	expr  string
	terms []term
}

type term struct {
	key, op, value string
}

// termRE is one term: a key, an operator and a value. It is compiled on
// first use, as andRE: most runs filter nothing.
var termRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*([^<>=!\s]+)\s*(<=|>=|!=|==|=|<|>)\s*(.*?)\s*$`)
})

// andRE splits terms: "," or the word "and".
var andRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*,\s*|\s+(?i:and)\s+`) })

// ParseFilter parses a -where expression: terms KEY OP VALUE joined by ","
// or "and", with OP one of = == != < <= > >=; KEY is a knob, or model,
// phase, size or unit. Values compare as numbers when both sides are
// numbers, else as text (< and > then order text). A malformed term is an
// error naming it.
func ParseFilter(expr string) (*Filter, error) {
	f := &Filter{expr: expr}
	if strings.TrimSpace(expr) == "" {
		return nil, fmt.Errorf("filter: empty expression")
	}
	for _, part := range andRE().Split(strings.TrimSpace(expr), -1) {
		m := termRE().FindStringSubmatch(part)
		if m == nil || m[3] == "" || strings.ContainsAny(m[3][:1], "<>=!") {
			return nil, fmt.Errorf("filter: malformed term %q (want KEY OP VALUE, OP one of = != < <= > >=)", part)
		}
		op := m[2]
		if op == "==" {
			op = "="
		}
		f.terms = append(f.terms, term{key: m[1], op: op, value: m[3]})
	}
	return f, nil
}

// String returns the expression.
func (f *Filter) String() string { return f.expr }

// Apply returns a task holding the records of t that f keeps. A key that
// is no knob of t (nor model, phase, size, unit) is an error naming it,
// with a suggestion; so is a filter that keeps nothing.
func (f *Filter) Apply(t *Task) (*Task, error) {
	all := t.KnobValues()
	keys := make([]string, len(f.terms))
	for i, tm := range f.terms {
		switch strings.ToLower(tm.key) {
		case "model", "phase", "size", "unit":
			keys[i] = "\x00" + strings.ToLower(tm.key)
			continue
		}
		k, err := resolveKnob(all, tm.key, t.Label())
		if err != nil {
			return nil, fmt.Errorf("filter %s: %w", f.expr, err)
		}
		keys[i] = k
	}
	out := *t
	out.Records = nil
	for i := range t.Records {
		r := &t.Records[i]
		keep := true
		for j, tm := range f.terms {
			var v string
			switch keys[j] {
			case "\x00model":
				v = r.Model
			case "\x00phase":
				v = r.Phase
			case "\x00size":
				v = r.Size
			case "\x00unit":
				v = r.Unit
			default:
				var ok bool
				if v, ok = r.Knobs[keys[j]]; !ok {
					keep = false
				}
			}
			if !keep || !tm.holds(v) {
				keep = false
				break
			}
		}
		if keep {
			out.Records = append(out.Records, *r)
		}
	}
	if len(out.Records) == 0 {
		return nil, fmt.Errorf("filter %s keeps no record of task %s", f.expr, t.Label())
	}
	return &out, nil
}

func (tm term) holds(v string) bool {
	c := 0
	a, errA := parseNumber(v)
	b, errB := parseNumber(tm.value)
	switch {
	case errA == nil && errB == nil:
		switch {
		case a < b:
			c = -1
		case a > b:
			c = 1
		}
	default:
		c = strings.Compare(v, tm.value)
	}
	switch tm.op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}
