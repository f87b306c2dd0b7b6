// Package engine turns one planned invocation of a benchmark engine into
// its command line, and the engine's output back into records, checking
// that what the engine echoes is what was asked.
//
// Three engines exist: MNN's llm_bench ("llm_bench"), llama.cpp's
// llama-bench ("llama-bench", always run with -o jsonl) and "command", any
// program whose output is in a format `sweepstat import` reads, its
// arguments a template with {knob} placeholders. Knobs are named as in the
// mnn_anal database (threads, n_prompt, n_gen, dynamicOption, mmap,
// precision …); the knob → flag mapping of llm_bench is the one import uses
// to read command lines back (internal/llmbench).
//
// A runner uses an engine in this order:
//
//  1. New(name, template) picks the engine;
//  2. before the sweep, Flags of the sweep's knobs and CheckHelp of what
//     `bin -h` printed find a knob the engine, or this build of it, lacks;
//  3. per invocation, Args gives the command line (a prefix such as
//     taskset is the runner's), Parse reads what it printed on standard
//     output, and Verify lists the settings it echoed otherwise than asked.
//
// docs/engines.md has the knob → flag tables of every engine.
package engine

import "github.com/sweepstat/sweepstat/internal/sweep"

// An Invocation is one process start of an engine: one model, one value of
// every knob.
type Invocation struct {
	// Model is what the engine's model flag gets: a resolved path (an MNN
	// config.json, a .gguf file) or, for remote runs, the path on the device.
	Model string
	// ModelName names the model in the database (suites.model_name): the
	// alias of the sweep file, or the file's base name.
	ModelName string
	// Knobs are every knob of the invocation, option included, named as in
	// the database; values as the sweep file spells them.
	Knobs map[string]string
}

// An Engine builds command lines for one benchmark program and reads its
// output. Implementations are stateless and safe for concurrent use.
type Engine interface {
	// Name is the engine's name in sweep files and flags: "llm_bench",
	// "llama-bench" or "command".
	Name() string
	// Args returns the argument list of inv, program first (bin is the
	// program's path). A knob that maps to no flag of the engine is an
	// error naming the knob.
	Args(bin string, inv Invocation) ([]string, error)
	// Flags returns the flags (e.g. "-dyo") that Args would pass for knobs,
	// for the preflight's check of the help text; knobs with no flag are an
	// error naming the knob.
	Flags(knobs []string) ([]string, error)
	// CheckHelp reports an error naming the first flag of flags that the
	// help text (what `bin -h` printed) does not list.
	CheckHelp(help string, flags []string) error
	// Parse reads what one invocation printed on its standard output into
	// records: Model is inv.ModelName; Knobs are inv.Knobs plus what the
	// output adds; Phase, Size, Mean, Std, Reps and Samples as the output
	// says. Output that is not the engine's format is an error.
	Parse(out []byte, inv Invocation) ([]sweep.Record, error)
	// Verify compares what the output echoed (model, threads, precision,
	// backend, test sizes; for llama-bench every echoed field) with what
	// inv asked. Each mismatch is one *Mismatch.
	Verify(inv Invocation, out []byte) []*Mismatch
}

// A Mismatch is a knob whose value the engine echoed differently from what
// was asked: the engine ignored or overrode a setting.
type Mismatch struct {
	Knob, Asked, Echoed string
}

func (m *Mismatch) Error() string {
	return "knob " + m.Knob + ": asked " + m.Asked + ", engine reported " + m.Echoed
}
