package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// A field is one key of an object.
type field struct {
	key   string
	value any
}

// An object is a JSON object whose keys keep their order, as in the sweep
// definitions the mnn_anal runner stores (Python dicts dumped with
// json.dumps(indent=2, ensure_ascii=False)).
type object []field

// MarshalJSON writes o with its keys in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// indent renders v as JSON indented by two spaces, as the mnn_anal runner
// stores original_yaml and suite_yaml. The demo's values always marshal, so
// an error is a broken contract of this package.
func indent(v any) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	if err := e.Encode(v); err != nil {
		panic("demo: marshalling a sweep definition: " + err.Error())
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// variable returns the sweep definition of one swept variable: start, end
// and step when vals are three or more evenly spaced values, else the list.
func variable(name string, vals []int) object {
	if len(vals) >= 3 {
		step := vals[1] - vals[0]
		even := step > 0
		for i := 1; i < len(vals); i++ {
			even = even && vals[i]-vals[i-1] == step
		}
		if even {
			return object{{"name", name}, {"start", vals[0]}, {"end", vals[len(vals)-1]}, {"step", step}}
		}
	}
	return object{{"name", name}, {"values", vals}}
}

// suiteDef returns t's benchmark suite definition (suites.suite_yaml).
func (t task) suiteDef() object {
	return object{
		{"suit_name", t.suite},
		{"description", t.suiteDesc},
		{"variables", []object{
			variable(t.option, t.values[:]),
			variable("n_prompt", t.prompts),
			variable("n_gen", t.gens),
		}},
		{"fixed_params", object{}},
	}
}

// sweepDef returns t's sweep definition (tasks.original_yaml), in the shape
// of an mnn_anal sweep YAML file.
func (t task) sweepDef() object {
	return object{
		{"task_name", t.name},
		{"description", t.description},
		{"taskset", "taskset -c 1"},
		{"output_dir", "results/" + t.name},
		{"global_config", t.global},
		{"benchmark_suits", []object{t.suiteDef()}},
	}
}

// baseParameters returns case_definitions.base_parameters of one case, e.g.
// {"dynamicOption": 7, "n_prompt": 64, "n_gen": 32}, spaced as Python's
// json.dumps spaces it.
func baseParameters(option string, v, p, n int) string {
	return fmt.Sprintf(`{%s: %d, "n_prompt": %d, "n_gen": %d}`, jsonString(option), v, p, n)
}

// jsonString returns s as a JSON string literal.
func jsonString(s string) string {
	b, _ := marshal(s) // a string always marshals
	return string(b)
}
