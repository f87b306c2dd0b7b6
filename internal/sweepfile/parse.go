package sweepfile

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// A File is one parsed sweep file.
type File struct {
	// Name is the file's name as given to Parse, for messages; Dir is the
	// directory relative paths in the file are resolved against.
	Name, Dir string
	// Text is the file's text as read, stored as the task's original_yaml.
	Text string

	TaskName    string
	Description string
	// Taskset is the command prefix as written ("" when none).
	Taskset string
	// OutputDir is accepted for compatibility and unused: sweepstat writes
	// its results to the database only.
	OutputDir string

	// Knobs are global_config's fixed knobs, in file order.
	Knobs []Knob
	// Models are the model aliases or paths of global_config.models, in
	// file order.
	Models []Model
	// Timeout is global_config.timeout; 0 when not given.
	Timeout time.Duration

	Suites []Suite

	// Settings are sweepstat's additions (the sweepstat: block).
	Settings Settings
}

// A Knob is one setting: its name, its value as the file spells it (7,
// "false", 0.5) and the line it is on.
type Knob struct {
	Name, Value string
	Line        int
}

// A Model is one entry of global_config.models.
type Model struct {
	Name string
	Line int
}

// A Suite is one entry of benchmark_suits.
type Suite struct {
	Name, Description string
	Variables         []Variable
	// Fixed are the suite's fixed_params, in file order.
	Fixed []Knob
	Line  int
}

// A Variable is one swept knob of a suite, its values in file order (a
// start/end/step range expanded, end included).
type Variable struct {
	Name   string
	Values []string
	Line   int
}

// Settings are sweepstat's additions to the format, the keys of the
// sweepstat: block. Every field is optional; the zero value of a field
// means "not given", so that flags and the runner's defaults apply.
type Settings struct {
	// Engine is "llm_bench", "llama-bench" or "command".
	Engine string
	// Binary is the engine's program (a path, or a name looked up in PATH).
	Binary string
	// Command is the argument template of the "command" engine, with {knob}
	// placeholders, e.g. "go test -bench . -count 1 -cpu {threads}".
	Command string
	// Rounds is how many times the sweep is repeated (≥ 1).
	Rounds int
	// Order is "interleaved", "random" or "sequential".
	Order string
	// Option is the compared knob, whose values alternate within each cell.
	Option string
	// Cooldown is the pause between invocations.
	Cooldown time.Duration
	// Warmup is the number of warm-up invocations per model.
	Warmup int
	// Retries is how often a failed invocation is tried again at once.
	Retries int
	// Seed seeds the shuffles; nil when not given.
	Seed *int64
	// Remote says whether the prefix runs commands on another machine;
	// nil: decided from the prefix.
	Remote *bool
	// Models is the models.toml to resolve aliases with, relative to the
	// sweep file.
	Models string
	// MaxRounds and Budget bound `-until decided`.
	MaxRounds int
	Budget    time.Duration
}

// An Error is a problem in a sweep file, at a line (0 when the problem is
// not at one place).
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Read reads and parses the sweep file at path.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading sweep file: %w", err)
	}
	f, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// maxCases bounds the expansion of one suite, so that a typo (step 1 over
// a million) is an error rather than an hour of planning.
const maxCases = 1_000_000

// Parse parses the sweep file text data; name is its path (for messages
// and for resolving the relative paths in it).
func Parse(name string, data []byte) (*File, error) {
	p := &parser{name: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.yamlErr(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &Error{File: name, Msg: "empty sweep file"}
	}
	f := &File{Name: name, Dir: filepath.Dir(name), Text: string(data)}
	if err := p.top(f, doc.Content[0]); err != nil {
		return nil, err
	}
	return f, nil
}

type parser struct{ name string }

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &Error{File: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// yamlErr turns a YAML syntax error ("yaml: line 3: …") into an Error.
func (p *parser) yamlErr(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if line, err := strconv.Atoi(num); err == nil {
				return &Error{File: p.name, Line: line, Msg: tail}
			}
		}
	}
	return &Error{File: p.name, Msg: msg}
}

// A pair is one key and value of a mapping.
type pair struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

// mapping returns the pairs of a mapping node; what is the mapping's name
// in messages. Duplicate keys and non-scalar keys are errors.
func (p *parser) mapping(n *yaml.Node, what string) ([]pair, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "%s: want a mapping (key: value lines)", what)
	}
	var pairs []pair
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, p.errf(k, "%s: a key must be a plain name", what)
		}
		if k.Value == "<<" {
			return nil, p.errf(k, "%s: merge keys (<<) are not supported", what)
		}
		if line, ok := seen[k.Value]; ok {
			return nil, p.errf(k, "%s: key %q given twice (first on line %d)", what, k.Value, line)
		}
		seen[k.Value] = k.Line
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		pairs = append(pairs, pair{k.Value, k, v})
	}
	return pairs, nil
}

func (p *parser) unknown(kv pair, what string) error {
	return p.errf(kv.k, "unknown key %q in %s", kv.key, what)
}

// scalar returns the text of a scalar node.
func (p *parser) scalar(kv pair, what string) (string, error) {
	if kv.v.Kind != yaml.ScalarNode {
		return "", p.errf(kv.v, "%s %s: want a single value, not a list or mapping", what, kv.key)
	}
	if kv.v.ShortTag() == "!!null" {
		return "", nil
	}
	return kv.v.Value, nil
}

func (p *parser) str(kv pair, what string) (string, error) { return p.scalar(kv, what) }

func (p *parser) integer(kv pair, what string, min int) (int, error) {
	s, err := p.scalar(kv, what)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min {
		return 0, p.errf(kv.v, "%s %s: %q is not an integer ≥ %d", what, kv.key, s, min)
	}
	return n, nil
}

// duration reads seconds (600, 1.5) or a Go duration ("10m", "500ms").
func (p *parser) duration(kv pair, what string) (time.Duration, error) {
	s, err := p.scalar(kv, what)
	if err != nil {
		return 0, err
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) || f > 1e9 {
			return 0, p.errf(kv.v, "%s %s: %q is not a duration ≥ 0", what, kv.key, s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, p.errf(kv.v, "%s %s: %q is not a duration (seconds, or like 90s, 10m)", what, kv.key, s)
	}
	return d, nil
}

func (p *parser) top(f *File, root *yaml.Node) error {
	pairs, err := p.mapping(root, "sweep file")
	if err != nil {
		return err
	}
	var sawSuites, sawGlobal bool
	for _, kv := range pairs {
		switch kv.key {
		case "task_name":
			f.TaskName, err = p.str(kv, "")
		case "description":
			f.Description, err = p.str(kv, "")
		case "taskset":
			f.Taskset, err = p.str(kv, "")
		case "output_dir":
			f.OutputDir, err = p.str(kv, "")
		case "global_config":
			sawGlobal = true
			err = p.global(f, kv.v)
		case "benchmark_suits":
			sawSuites = true
			err = p.suites(f, kv.v)
		case "sweepstat":
			err = p.settings(&f.Settings, kv.v)
		default:
			err = p.unknown(kv, "the sweep file (want task_name, description, taskset, output_dir, global_config, benchmark_suits, sweepstat)")
		}
		if err != nil {
			return err
		}
	}
	switch {
	case strings.TrimSpace(f.TaskName) == "":
		return p.errf(root, "task_name is missing")
	case !sawGlobal || len(f.Models) == 0:
		return p.errf(root, "global_config.models is missing: name at least one model")
	case !sawSuites || len(f.Suites) == 0:
		return p.errf(root, "benchmark_suits is missing: define at least one suite")
	}
	return nil
}

func (p *parser) global(f *File, n *yaml.Node) error {
	pairs, err := p.mapping(n, "global_config")
	if err != nil {
		return err
	}
	for _, kv := range pairs {
		switch kv.key {
		case "models":
			if kv.v.Kind != yaml.SequenceNode {
				return p.errf(kv.v, "global_config models: want a list of model names, like [qwen2_5_0_5b]")
			}
			seen := map[string]bool{}
			for _, m := range kv.v.Content {
				if m.Kind != yaml.ScalarNode || strings.TrimSpace(m.Value) == "" {
					return p.errf(m, "global_config models: each model is a name or a path")
				}
				if seen[m.Value] {
					return p.errf(m, "global_config models: %q listed twice", m.Value)
				}
				seen[m.Value] = true
				f.Models = append(f.Models, Model{Name: m.Value, Line: m.Line})
			}
		case "timeout":
			if f.Timeout, err = p.duration(kv, "global_config"); err != nil {
				return err
			}
		default:
			k, err := p.knob(kv, "global_config")
			if err != nil {
				return err
			}
			f.Knobs = append(f.Knobs, k)
		}
	}
	return nil
}

func (p *parser) knob(kv pair, what string) (Knob, error) {
	v, err := p.scalar(kv, what)
	if err != nil {
		return Knob{}, err
	}
	if kv.v.ShortTag() == "!!null" {
		return Knob{}, p.errf(kv.v, "%s %s: no value", what, kv.key)
	}
	if strings.TrimSpace(kv.key) == "" {
		return Knob{}, p.errf(kv.k, "%s: empty knob name", what)
	}
	return Knob{Name: kv.key, Value: v, Line: kv.k.Line}, nil
}

func (p *parser) suites(f *File, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "benchmark_suits: want a list of suites (- suit_name: …)")
	}
	seen := map[string]int{}
	for _, sn := range n.Content {
		s, err := p.suite(sn)
		if err != nil {
			return err
		}
		if line, ok := seen[s.Name]; ok {
			return p.errf(sn, "suite %q defined twice (first on line %d)", s.Name, line)
		}
		seen[s.Name] = s.Line
		f.Suites = append(f.Suites, s)
	}
	return nil
}

func (p *parser) suite(n *yaml.Node) (Suite, error) {
	s := Suite{Line: n.Line}
	pairs, err := p.mapping(n, "suite")
	if err != nil {
		return s, err
	}
	for _, kv := range pairs {
		switch kv.key {
		case "suit_name":
			s.Name, err = p.str(kv, "suite")
		case "description":
			s.Description, err = p.str(kv, "suite")
		case "variables":
			s.Variables, err = p.variables(kv.v)
		case "fixed_params":
			var fixed []pair
			if fixed, err = p.mapping(kv.v, "fixed_params"); err == nil {
				for _, fk := range fixed {
					var k Knob
					if k, err = p.knob(fk, "fixed_params"); err != nil {
						break
					}
					s.Fixed = append(s.Fixed, k)
				}
			}
		default:
			err = p.unknown(kv, "a suite (want suit_name, description, variables, fixed_params)")
		}
		if err != nil {
			return s, err
		}
	}
	if strings.TrimSpace(s.Name) == "" {
		return s, p.errf(n, "suite without suit_name")
	}
	seen := map[string]int{}
	for _, v := range s.Variables {
		if line, ok := seen[v.Name]; ok {
			return s, p.errf(&yaml.Node{Line: v.Line}, "suite %q: variable %q given twice (first on line %d)", s.Name, v.Name, line)
		}
		seen[v.Name] = v.Line
	}
	for _, k := range s.Fixed {
		if line, ok := seen[k.Name]; ok {
			return s, p.errf(&yaml.Node{Line: k.Line}, "suite %q: %q is both a variable (line %d) and a fixed parameter", s.Name, k.Name, line)
		}
	}
	n2 := 1
	for _, v := range s.Variables {
		n2 *= len(v.Values)
		if n2 > maxCases {
			return s, p.errf(n, "suite %q: more than %d cases", s.Name, maxCases)
		}
	}
	return s, nil
}

func (p *parser) variables(n *yaml.Node) ([]Variable, error) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "variables: want a list (- name: …)")
	}
	var vars []Variable
	for _, vn := range n.Content {
		v, err := p.variable(vn)
		if err != nil {
			return nil, err
		}
		vars = append(vars, v)
	}
	return vars, nil
}

func (p *parser) variable(n *yaml.Node) (Variable, error) {
	v := Variable{Line: n.Line}
	pairs, err := p.mapping(n, "variable")
	if err != nil {
		return v, err
	}
	var rng [3]*pair // start, end, step
	var values *pair
	for i, kv := range pairs {
		switch kv.key {
		case "name":
			if v.Name, err = p.str(kv, "variable"); err != nil {
				return v, err
			}
		case "values":
			values = &pairs[i]
		case "start":
			rng[0] = &pairs[i]
		case "end":
			rng[1] = &pairs[i]
		case "step":
			rng[2] = &pairs[i]
		default:
			return v, p.unknown(kv, "a variable (want name, and values or start, end, step)")
		}
	}
	if strings.TrimSpace(v.Name) == "" {
		return v, p.errf(n, "variable without name")
	}
	hasRange := rng[0] != nil || rng[1] != nil || rng[2] != nil
	switch {
	case values != nil && hasRange:
		return v, p.errf(n, "variable %q: give values or start/end/step, not both", v.Name)
	case values != nil:
		v.Values, err = p.values(v.Name, values.v)
	case hasRange:
		v.Values, err = p.rangeValues(v.Name, n, rng)
	default:
		return v, p.errf(n, "variable %q: no values (give values: [...] or start, end and step)", v.Name)
	}
	return v, err
}

func (p *parser) values(name string, n *yaml.Node) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "variable %q: values: want a list, like [7, 8]", name)
	}
	if len(n.Content) == 0 {
		return nil, p.errf(n, "variable %q: empty list of values", name)
	}
	var out []string
	seen := map[string]bool{}
	for _, e := range n.Content {
		if e.Kind == yaml.AliasNode {
			e = e.Alias
		}
		if e.Kind != yaml.ScalarNode || e.ShortTag() == "!!null" {
			return nil, p.errf(e, "variable %q: each value must be a single value", name)
		}
		if seen[e.Value] {
			return nil, p.errf(e, "variable %q: value %q listed twice", name, e.Value)
		}
		seen[e.Value] = true
		out = append(out, e.Value)
	}
	return out, nil
}

func (p *parser) rangeValues(name string, n *yaml.Node, rng [3]*pair) ([]string, error) {
	var x [3]int
	for i, key := range []string{"start", "end", "step"} {
		if rng[i] == nil {
			return nil, p.errf(n, "variable %q: %s is missing (a range needs start, end and step)", name, key)
		}
		s, err := p.scalar(*rng[i], "variable "+strconv.Quote(name))
		if err != nil {
			return nil, err
		}
		if x[i], err = strconv.Atoi(s); err != nil {
			return nil, p.errf(rng[i].v, "variable %q: %s %q is not an integer", name, key, s)
		}
	}
	start, end, step := x[0], x[1], x[2]
	switch {
	case step <= 0:
		return nil, p.errf(rng[2].v, "variable %q: step %d: want a step > 0", name, step)
	case end < start:
		return nil, p.errf(rng[1].v, "variable %q: end %d is below start %d", name, end, start)
	case (end-start)/step >= maxCases:
		return nil, p.errf(rng[2].v, "variable %q: more than %d values", name, maxCases)
	}
	var out []string
	for v := start; v <= end; v += step {
		out = append(out, strconv.Itoa(v))
	}
	return out, nil
}

func (p *parser) settings(s *Settings, n *yaml.Node) error {
	pairs, err := p.mapping(n, "sweepstat")
	if err != nil {
		return err
	}
	const what = "sweepstat"
	for _, kv := range pairs {
		switch kv.key {
		case "engine":
			if s.Engine, err = p.str(kv, what); err == nil {
				switch s.Engine {
				case "llm_bench", "llama-bench", "command":
				default:
					err = p.errf(kv.v, "sweepstat engine: %q: want llm_bench, llama-bench or command", s.Engine)
				}
			}
		case "binary":
			s.Binary, err = p.str(kv, what)
		case "command":
			s.Command, err = p.str(kv, what)
		case "rounds":
			s.Rounds, err = p.integer(kv, what, 1)
		case "order":
			if s.Order, err = p.str(kv, what); err == nil {
				switch s.Order {
				case "interleaved", "random", "sequential":
				default:
					err = p.errf(kv.v, "sweepstat order: %q: want interleaved, random or sequential", s.Order)
				}
			}
		case "option":
			s.Option, err = p.str(kv, what)
		case "cooldown":
			s.Cooldown, err = p.duration(kv, what)
		case "warmup":
			s.Warmup, err = p.integer(kv, what, 0)
		case "retries":
			s.Retries, err = p.integer(kv, what, 0)
		case "seed":
			var str string
			if str, err = p.scalar(kv, what); err == nil {
				seed, perr := strconv.ParseInt(str, 10, 64)
				if perr != nil || seed == 0 {
					err = p.errf(kv.v, "sweepstat seed: %q is not a non-zero integer", str)
				}
				s.Seed = &seed
			}
		case "remote":
			var str string
			if str, err = p.scalar(kv, what); err == nil {
				b, perr := strconv.ParseBool(str)
				if perr != nil {
					err = p.errf(kv.v, "sweepstat remote: %q: want true or false", str)
				}
				s.Remote = &b
			}
		case "models":
			s.Models, err = p.str(kv, what)
		case "max_rounds":
			s.MaxRounds, err = p.integer(kv, what, 1)
		case "budget":
			s.Budget, err = p.duration(kv, what)
		default:
			err = p.unknown(kv, "sweepstat (want engine, binary, command, rounds, order, option, cooldown, warmup, retries, seed, remote, models, max_rounds, budget)")
		}
		if err != nil {
			return err
		}
	}
	return nil
}
