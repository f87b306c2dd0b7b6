// Package runner runs benchmark sweeps and records them into the mnn_anal
// schema, so that what `sweepstat report`, `compare` and `check` judge was
// made in an order that does not confound the option with drift, with
// every knob applied and checked, and nothing lost.
//
// The flow is
//
//  1. Load reads a sweep file (internal/sweepfile) into Options with every
//     default resolved; callers override fields (flags win over the file);
//  2. NewPlan expands the cases (models × suites × variables), groups them
//     into cells (one model, every knob but the compared option), builds
//     every command and orders the invocations (Order: interleaved ABBA
//     within cells with shuffled cells, random, or sequential), leaving out
//     what earlier runs of the task finished;
//  3. Preflight checks, before anything runs, the program, its -h, the
//     knobs' flags, the models and the database;
//  4. Run executes the plan: each invocation in its own process group
//     (killed on timeout), its output parsed and its echoed knobs verified
//     by the engine (internal/engine), each attempt committed in its own
//     transaction (internal/mnndb RunDB.Record), failures recorded and
//     retried, then, with an Until hook, extra rounds for the cells the
//     hook says are undecided; it returns a Summary.
//
// A rerun of the same sweep file resumes its task: invocations are
// identified by model, suite, case and round, not by position, so that a
// different order or seed still skips exactly what finished.
package runner
