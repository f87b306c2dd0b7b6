package runner

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sweepstat/sweepstat/internal/engine"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
	"github.com/sweepstat/sweepstat/internal/sweepfile"
)

// A Cell is the cases of one model that differ only in the compared
// option: the unit within which the option's values alternate, and the
// unit `-until decided` adds rounds to.
type Cell struct {
	// Model is the model's name in the database.
	Model string
	// Knobs are the cell's knobs, the option excepted. The caller must not
	// change the map.
	Knobs map[string]string
	// Key identifies the cell: the model and its knobs, canonical.
	Key string
	// Values are the option's values in the cell, ascending ("" stands
	// for a case that does not set the option).
	Values []string

	cases []int // indexes into Plan.cases, by value order
}

// An Invocation is one planned process start.
type Invocation struct {
	// Key identifies the invocation within its task across runs: model,
	// suite, case and round as a JSON array. Warm-ups get theirs when
	// they run.
	Key string
	// Model and Suite name them in the database; ModelPath is the model's
	// file; Case is the case's name ("dynamicOption=7,n_prompt=64").
	Model, ModelPath, Suite, Case string
	// Round counts from 1; Warmup marks a warm-up invocation.
	Round  int
	Warmup bool
	// Cell is the invocation's cell; Value its value of the option.
	Cell  *Cell
	Value string
	// Knobs are every knob of the invocation (the caller must not change
	// the map); Argv is the full command, prefix included, and Command the
	// same as one shell line.
	Knobs   map[string]string
	Argv    []string
	Command string

	inv       engine.Invocation
	suiteJSON string
	caseIndex int
}

// A Plan is what a sweep will run, in execution order.
type Plan struct {
	Options *Options
	// Task is the task's name; Seed the seed in effect (see Options.Seed).
	Task string
	Seed int64
	// Engine builds the commands; Bin is the resolved engine program.
	Engine engine.Engine
	Bin    string
	// Cells are the sweep's cells in first-appearance order.
	Cells []*Cell
	// Planned is the number of measured invocations the rounds make;
	// Done how many of them earlier runs finished.
	Planned, Done int
	// Todo is what a run executes, in order, warm-ups included.
	Todo []*Invocation
	// History is what earlier runs recorded.
	History *mnndb.History

	cases  []planCase
	models []resolvedModel
}

type planCase struct {
	sweepfile.Case
	model     *resolvedModel
	name      string
	suiteJSON string
	cell      *Cell
	value     string
	argv      []string // the full command, built once
}

type resolvedModel struct {
	alias, name, path string
	mapped            bool
	line              int
}

// NewPlan builds the plan of o without running or checking anything
// outside the database: it resolves the models, builds every command,
// reads what earlier runs of the task recorded (read-only; nothing is
// created) and orders what is left to do.
func NewPlan(o *Options) (*Plan, error) {
	if o.File == nil {
		return nil, fmt.Errorf("planning a sweep: no sweep file")
	}
	if o.Rounds < 1 {
		return nil, fmt.Errorf("planning a sweep: rounds %d: want at least 1", o.Rounds)
	}
	f := o.File
	eng, err := engine.New(o.Engine, o.Command)
	if err != nil {
		return nil, err
	}
	p := &Plan{Options: o, Task: f.TaskName, Engine: eng}
	p.Bin = o.Binary
	if p.Bin == "" && o.Engine != engine.Command {
		p.Bin = o.Engine
	}
	if !o.Remote {
		p.Bin = expandHome(p.Bin)
	}
	if err := p.resolveModels(); err != nil {
		return nil, err
	}
	if err := p.buildCases(); err != nil {
		return nil, err
	}
	if o.DB != "" {
		if p.History, err = mnndb.ReadHistory(o.DB, p.Task); err != nil {
			return nil, err
		}
	} else {
		p.History = &mnndb.History{Keys: map[string]mnndb.KeyHistory{}}
	}
	p.Seed = o.Seed
	if p.Seed == 0 {
		p.Seed = p.History.Seed
	}
	if p.Seed == 0 {
		p.Seed = DerivedSeed(p.Task)
	}
	all, err := p.order()
	if err != nil {
		return nil, err
	}
	p.Planned = len(all)
	for _, inv := range all {
		h, ok := p.History.Keys[inv.Key]
		if ok && h.Knobs != "" && h.Knobs != knobsJSON(inv.Knobs) {
			return nil, fmt.Errorf("task %q: %s (round %d) of model %s, suite %s was recorded with knobs %s, the sweep file now asks %s: give the changed sweep a new task_name",
				p.Task, inv.Case, inv.Round, inv.Model, inv.Suite, h.Knobs, knobsJSON(inv.Knobs))
		}
		if ok && h.Finished {
			p.Done++
			continue
		}
		p.Todo = append(p.Todo, inv)
	}
	p.Todo = p.withWarmups(p.Todo)
	return p, nil
}

// DerivedSeed is the seed of a task whose sweep names none and whose
// database records none: FNV-1a of the task name (never 0).
func DerivedSeed(task string) int64 {
	h := fnv.New64a()
	h.Write([]byte(task))
	s := int64(h.Sum64() & (1<<63 - 1))
	if s == 0 {
		s = 1
	}
	return s
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

func (p *Plan) resolveModels() error {
	o := p.Options
	models := &sweepfile.Models{}
	if o.ModelsFile != "" {
		m, err := sweepfile.ReadModels(o.ModelsFile)
		if err != nil {
			return err
		}
		models = m
	}
	seen := map[string]string{}
	for _, m := range o.File.Models {
		path, mapped := models.Resolve(m.Name, o.File.Dir)
		if !o.Remote {
			path = expandHome(path)
		}
		name := m.Name
		if !mapped {
			name = modelName(m.Name)
		}
		if other, ok := seen[name]; ok {
			return &sweepfile.Error{File: o.File.Name, Line: m.Line, Msg: fmt.Sprintf("models %q and %q both get the name %q: map them to aliases in models.toml", other, m.Name, name)}
		}
		seen[name] = m.Name
		p.models = append(p.models, resolvedModel{alias: m.Name, name: name, path: path, mapped: mapped, line: m.Line})
	}
	return nil
}

// modelName names a model given as a path: the directory of an MNN
// config.json (as llm_bench prints it), else the file's base name without
// its extension.
func modelName(path string) string {
	base := filepath.Base(path)
	if base == "config.json" {
		return filepath.Base(filepath.Dir(path))
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func knobsJSON(k map[string]string) string {
	b, _ := json.Marshal(k) // maps marshal in key order
	return string(b)
}

// buildCases expands the sweep into cases, groups them into cells and
// checks that every command can be built.
func (p *Plan) buildCases() error {
	o := p.Options
	f := o.File
	byAlias := map[string]*resolvedModel{}
	for i := range p.models {
		byAlias[p.models[i].alias] = &p.models[i]
	}
	// Every knob maps to a flag of the engine, named at its line.
	for _, k := range f.KnobNames() {
		if _, err := p.Engine.Flags([]string{k}); err != nil {
			return &sweepfile.Error{File: f.Name, Line: f.KnobLine(k), Msg: fmt.Sprintf("knob %s: %v", k, err)}
		}
	}
	suiteJSON := map[string]string{}
	for _, s := range f.Suites {
		suiteJSON[s.Name] = suiteDefinition(&s)
	}
	cells := map[string]*Cell{}
	for _, c := range f.Cases() {
		pc := planCase{Case: c, model: byAlias[c.Model], name: c.Name(), suiteJSON: suiteJSON[c.Suite]}
		rest := make(map[string]string, len(c.Knobs))
		for k, v := range c.Knobs {
			if k != o.Option || o.Option == "" {
				rest[k] = v
			}
		}
		pc.value = c.Knobs[o.Option]
		key := pc.model.name + " " + knobsJSON(rest)
		cell := cells[key]
		if cell == nil {
			cell = &Cell{Model: pc.model.name, Knobs: rest, Key: key}
			cells[key] = cell
			p.Cells = append(p.Cells, cell)
		}
		pc.cell = cell
		cell.cases = append(cell.cases, len(p.cases))
		p.cases = append(p.cases, pc)
	}
	for _, cell := range p.Cells {
		// Stable sort of the cell's cases by option value.
		cs := cell.cases
		for i := 1; i < len(cs); i++ {
			for j := i; j > 0 && sweep.LessValue(p.cases[cs[j]].value, p.cases[cs[j-1]].value); j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
		for _, ci := range cs {
			v := p.cases[ci].value
			if n := len(cell.Values); n == 0 || cell.Values[n-1] != v {
				cell.Values = append(cell.Values, v)
			}
		}
	}
	// Build each case's command once: a value the engine cannot pass is
	// an error before anything runs.
	for i := range p.cases {
		c := &p.cases[i]
		argv, err := p.command(c)
		if err != nil {
			return fmt.Errorf("%s: model %s, suite %s, case %s: %w", f.Name, c.model.alias, c.Suite, c.name, err)
		}
		c.argv = argv
	}
	return nil
}

func suiteDefinition(s *sweepfile.Suite) string {
	type variable struct {
		Name   string   `json:"name"`
		Values []string `json:"values"`
	}
	def := struct {
		Name        string            `json:"suit_name"`
		Description string            `json:"description,omitempty"`
		Variables   []variable        `json:"variables"`
		Fixed       map[string]string `json:"fixed_params"`
	}{Name: s.Name, Description: s.Description, Fixed: map[string]string{}}
	for _, v := range s.Variables {
		def.Variables = append(def.Variables, variable{v.Name, v.Values})
	}
	for _, k := range s.Fixed {
		def.Fixed[k.Name] = k.Value
	}
	b, _ := json.MarshalIndent(def, "", "  ")
	return string(b)
}

// command returns the full argv of case c.
func (p *Plan) command(c *planCase) ([]string, error) {
	inv := engine.Invocation{Model: c.model.path, ModelName: c.model.name, Knobs: c.Knobs}
	args, err := p.Engine.Args(p.Bin, inv)
	if err != nil {
		return nil, err
	}
	return p.wrap(args), nil
}

// wrap puts the prefix before args (shell-quoted for a remote shell).
func (p *Plan) wrap(args []string) []string {
	o := p.Options
	argv := append([]string(nil), o.Prefix...)
	if o.Remote && len(o.Prefix) > 0 {
		for _, a := range args {
			argv = append(argv, quote(a))
		}
		return argv
	}
	return append(argv, args...)
}

// invocation makes the invocation of case ci in round r.
func (p *Plan) invocation(ci, r int) *Invocation {
	c := &p.cases[ci]
	key, _ := json.Marshal([]any{c.model.name, c.Suite, c.name, r})
	return &Invocation{
		Key: string(key), Model: c.model.name, ModelPath: c.model.path, Suite: c.Suite, Case: c.name,
		Round: r, Cell: c.cell, Value: c.value, Knobs: c.Knobs, Argv: c.argv, Command: joinCommand(c.argv),
		inv:       engine.Invocation{Model: c.model.path, ModelName: c.model.name, Knobs: c.Knobs},
		suiteJSON: c.suiteJSON, caseIndex: ci,
	}
}

// withWarmups puts Options.Warmup warm-up invocations of each model before
// its first invocation in todo, with that invocation's knobs.
func (p *Plan) withWarmups(todo []*Invocation) []*Invocation {
	n := p.Options.Warmup
	if n <= 0 {
		return todo
	}
	var out []*Invocation
	warmed := map[string]bool{}
	for _, inv := range todo {
		if !inv.Warmup && !warmed[inv.Model] {
			warmed[inv.Model] = true
			for i := 0; i < n; i++ {
				w := *inv
				w.Warmup, w.Key, w.Round = true, "", 0
				w.Case = inv.Case + " warmup " + strconv.Itoa(i+1)
				out = append(out, &w)
			}
		}
		out = append(out, inv)
	}
	return out
}

// Estimate returns how long the plan's Todo should take from the mean
// duration of the task's finished invocations, cooldowns included; ok is
// false when the task has none.
func (p *Plan) Estimate() (d time.Duration, ok bool) {
	if p.History == nil || p.History.Finished == 0 {
		return 0, false
	}
	n := len(p.Todo)
	d = time.Duration(float64(n) * p.History.MeanSeconds * float64(time.Second))
	if n > 1 {
		d += time.Duration(n-1) * p.Options.Cooldown
	}
	return d, true
}
