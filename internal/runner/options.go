package runner

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/sweepstat/sweepstat/internal/sweep"
	"github.com/sweepstat/sweepstat/internal/sweepfile"
)

// An Order is how the invocations of a sweep are scheduled. It is a
// flag.Value.
type Order string

// The orders. The zero Order is Interleaved.
const (
	// Interleaved: within each cell (one model, every knob but the option
	// fixed) the option's values run back to back, ascending in odd rounds
	// and descending in even ones (A B, B A: ABBA over two rounds); the
	// cells are shuffled anew each round with the seed.
	Interleaved Order = "interleaved"
	// Random: every invocation of every round shuffled with the seed.
	Random Order = "random"
	// Sequential: the old runner's order, round after round: models, then
	// suites, then the product of the variables. Drift over time is then
	// confounded with the option.
	Sequential Order = "sequential"
)

func (o Order) String() string {
	if o == "" {
		return string(Interleaved)
	}
	return string(o)
}

// Set parses an order name (flag.Value).
func (o *Order) Set(s string) error {
	switch Order(s) {
	case Interleaved, Random, Sequential:
		*o = Order(s)
		return nil
	}
	return fmt.Errorf("%q: want interleaved, random or sequential", s)
}

// Defaults of Options, for a sweep file that does not set them.
const (
	DefaultRounds    = 3
	DefaultTimeout   = time.Hour
	DefaultMaxRounds = 10
	DefaultEngine    = "llm_bench"
)

// Options configure a sweep. Load fills them from a sweep file with every
// default resolved, so that the values the runner uses are the ones a
// caller sees and may override (flags win over the file).
type Options struct {
	// File is the parsed sweep file (required).
	File *sweepfile.File
	// DB is the results database to record into (required; created when
	// missing).
	DB string
	// ModelsFile is the models.toml aliases resolve through; "": none,
	// every model name is a path.
	ModelsFile string

	// Engine is "llm_bench", "llama-bench" or "command"; Command is the
	// command engine's template.
	Engine, Command string
	// Binary is the engine's program: a path, or a name looked up in PATH
	// (for local runs).
	Binary string
	// Prefix wraps every command (the sweep file's taskset, split into
	// words): "taskset -c 1", "adb shell", "ssh host".
	Prefix []string
	// Remote says that Prefix runs the command on another machine: models
	// and the binary are then not looked for here, and the engine's
	// arguments are shell-quoted (the remote shell splits them again).
	// Load sets it when a word of the prefix is ssh, adb or hdc.
	Remote bool

	// Rounds is how many times every case runs (≥ 1; Load: 3).
	Rounds int
	// Order schedules the invocations ("": Interleaved).
	Order Order
	// Option is the compared knob, whose values alternate within each
	// cell. Load takes the file's, else the first knob that varies between
	// cases other than n_prompt and n_gen; "" when none varies.
	Option string
	// Seed seeds the shuffles. 0: the seed recorded by the task's first
	// run, else one derived from the task name (so that -dry-run shows the
	// order the run will have).
	Seed int64
	// Timeout bounds each invocation (its process group is killed); 0:
	// none. Load: the file's, else system.toml's, else DefaultTimeout.
	Timeout time.Duration
	// Cooldown is the pause between two invocations.
	Cooldown time.Duration
	// Warmup is the number of warm-up invocations per model in each run,
	// recorded but not written as results.
	Warmup int
	// Retries is how often a failed invocation is tried again right away.
	Retries int
	// Force records invocations whose echoed knobs differ from those asked
	// (with a warning) instead of stopping the sweep.
	Force bool

	// Until, when set, is called after the planned rounds and after each
	// extra round with the state of the sweep; it returns the cells that
	// need another round (none: the sweep is decided). Extra rounds stop
	// at MaxRounds rounds per cell (0: DefaultMaxRounds) or when Budget
	// (0: none) of wall-clock time has passed since Run started.
	Until     func(ctx context.Context, s *Summary) ([]Cell, error)
	MaxRounds int
	Budget    time.Duration

	// Log receives progress (nil: nothing): a bar when Terminal is set,
	// else one line per invocation, then the summary and warnings.
	Log      io.Writer
	Terminal bool
}

// Load reads the sweep file at path and returns Options with everything
// the file and its neighbours (models.toml, system.toml) say, and the
// defaults for the rest. models, when not empty, names the models.toml to
// use. The DB field is left for the caller to set.
func Load(path, models string) (*Options, error) {
	f, err := sweepfile.Read(path)
	if err != nil {
		return nil, err
	}
	return FromFile(f, models)
}

// FromFile is Load for a parsed file.
func FromFile(f *sweepfile.File, models string) (*Options, error) {
	s := f.Settings
	o := &Options{
		File:       f,
		ModelsFile: f.FindModels(models),
		Engine:     s.Engine,
		Command:    s.Command,
		Binary:     s.Binary,
		Rounds:     s.Rounds,
		Order:      Order(s.Order),
		Option:     s.Option,
		Timeout:    f.Timeout,
		Cooldown:   s.Cooldown,
		Warmup:     s.Warmup,
		Retries:    s.Retries,
		MaxRounds:  s.MaxRounds,
		Budget:     s.Budget,
	}
	if s.Seed != nil {
		o.Seed = *s.Seed
	}
	if o.Engine == "" {
		o.Engine = DefaultEngine
	}
	if o.Rounds == 0 {
		o.Rounds = DefaultRounds
	}
	if o.Order == "" {
		o.Order = Interleaved
	}
	if o.MaxRounds == 0 {
		o.MaxRounds = DefaultMaxRounds
	}
	sys, err := f.ReadSystem()
	if err != nil {
		return nil, err
	}
	if o.Binary == "" && o.Engine == "llm_bench" && sys.Binary != "" {
		o.Binary = sys.Binary
	}
	if o.Timeout == 0 {
		o.Timeout = sys.Timeout
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Binary != "" && !filepath.IsAbs(o.Binary) && strings.ContainsRune(o.Binary, '/') && o.Binary[0] != '~' {
		if abs, err := filepath.Abs(filepath.Join(f.Dir, o.Binary)); err == nil {
			o.Binary = abs
		}
	}
	if o.Prefix, err = splitWords(f.Taskset); err != nil {
		return nil, &sweepfile.Error{File: f.Name, Msg: fmt.Sprintf("taskset: %v", err)}
	}
	o.Remote = remotePrefix(o.Prefix)
	if s.Remote != nil {
		o.Remote = *s.Remote
	}
	if o.Option == "" {
		o.Option = deriveOption(f)
	}
	return o, nil
}

// deriveOption returns the first knob (in file order) other than the
// sweep sizes that takes two or more values among the cases of one model.
func deriveOption(f *sweepfile.File) string {
	values := map[string]map[string]bool{}
	cases := f.Cases()
	for _, c := range cases {
		if c.Model != cases[0].Model {
			break
		}
		for k, v := range c.Knobs {
			if values[k] == nil {
				values[k] = map[string]bool{}
			}
			values[k][v] = true
		}
	}
	for _, k := range f.KnobNames() {
		if k == sweep.KnobPrompt || k == sweep.KnobGen {
			continue
		}
		n := len(values[k])
		for _, c := range cases {
			if _, ok := c.Knobs[k]; !ok && c.Model == cases[0].Model {
				n++ // absent in some case: a value of its own
				break
			}
		}
		if n >= 2 {
			return k
		}
	}
	return ""
}

// remotePrefix reports whether a word of the prefix is a remote shell.
func remotePrefix(prefix []string) bool {
	for _, w := range prefix {
		switch filepath.Base(w) {
		case "ssh", "adb", "hdc":
			return true
		}
	}
	return false
}
