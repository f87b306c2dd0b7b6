package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/sweepstat/sweepstat/compare"
	"github.com/sweepstat/sweepstat/internal/runner"
)

// errRunFailed is wrapped by run's error when the sweep ran but did not
// complete (invocations failed, a knob mismatch, an interruption): status 1.
var errRunFailed = errors.New("sweep incomplete")

type runFailure struct{ err error }

func (e *runFailure) Error() string   { return e.err.Error() }
func (e *runFailure) Unwrap() []error { return []error{e.err, errRunFailed} }

// maxFailuresShown bounds the failures listed after a run.
const maxFailuresShown = 20

func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "-db FILE [flags] SWEEP.yaml", stderr)
	db := fs.String("db", "", "results `file` to record into (created when missing; required)")
	models := fs.String("models", "", "models.toml `file` mapping aliases to model files (default: the sweep file's, else models.toml beside it)")
	bin := fs.String("bin", "", "engine `program` (default: the sweep file's binary, else system.toml's, else the engine's name in PATH)")
	eng := fs.String("engine", "", "`engine`: llm_bench, llama-bench or command (default: the sweep file's, else llm_bench)")
	rounds := fs.Int("rounds", 0, "`rounds`: invocations of every case (default: the sweep file's, else 3)")
	var order runner.Order
	fs.Var(&order, "order", "`order`: interleaved, random or sequential (default: the sweep file's, else interleaved)")
	option := fs.String("option", "", "compared `knob`, whose values alternate within each cell (default: the sweep file's, else the first knob that varies)")
	seed := fs.Int64("seed", 0, "`seed` of the shuffles (default: the sweep file's, else the task's recorded one, else derived from the task name)")
	timeout := fs.Duration("timeout", 0, "time limit of one invocation (`duration`; 0: none; default: the sweep file's timeout, else 1h)")
	cooldown := fs.Duration("cooldown", 0, "pause between invocations (`duration`)")
	warmup := fs.Int("warmup", 0, "warm-up invocations per model, recorded but not counted (`N`)")
	retries := fs.Int("retries", 0, "attempts after a failure (`N`)")
	dryRun := fs.Bool("dry-run", false, "check and print the planned invocations in execution order; run nothing")
	force := fs.Bool("force", false, "record invocations whose echoed knobs differ from those asked, with a warning, instead of stopping")
	until := fs.String("until", "", "`decided`: after the rounds, add rounds to the cells whose benchmarks are neither changed nor equivalent within -margin, up to -max-rounds or -budget")
	maxRounds := fs.Int("max-rounds", 0, "most rounds per cell with -until decided (`N`; default: the sweep file's max_rounds, else 10)")
	budget := fs.Duration("budget", 0, "wall-clock `duration` after which -until decided adds no more rounds (default: the sweep file's, else none)")
	var stats compare.Spec
	fs.Float64Var(&stats.Alpha, "alpha", 0, "-until decided: false-alarm `level` over all its looks (default 0.05)")
	fs.Var(&stats.Margin, "margin", "-until decided: equivalence margin in `percent` (default 1)")
	if err := parseArgs(fs, args, stdout); err != nil {
		return err
	}
	if *db == "" {
		return usagef("run: -db is required")
	}
	if fs.NArg() != 1 {
		return usagef("run: want one sweep file, got %d arguments", fs.NArg())
	}
	o, err := runner.Load(fs.Arg(0), *models)
	if err != nil {
		return err
	}
	o.DB = *db
	var bad error
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "bin":
			o.Binary = *bin
		case "engine":
			o.Engine = *eng
		case "rounds":
			if *rounds < 1 {
				bad = usagef("run: -rounds %d: want at least 1", *rounds)
			}
			o.Rounds = *rounds
		case "order":
			o.Order = order
		case "option":
			o.Option = *option
		case "seed":
			o.Seed = *seed
		case "timeout":
			if *timeout < 0 {
				bad = usagef("run: -timeout %v: want a duration ≥ 0", *timeout)
			}
			o.Timeout = *timeout
		case "cooldown":
			if *cooldown < 0 {
				bad = usagef("run: -cooldown %v: want a duration ≥ 0", *cooldown)
			}
			o.Cooldown = *cooldown
		case "warmup":
			if *warmup < 0 {
				bad = usagef("run: -warmup %d: want N ≥ 0", *warmup)
			}
			o.Warmup = *warmup
		case "retries":
			if *retries < 0 {
				bad = usagef("run: -retries %d: want N ≥ 0", *retries)
			}
			o.Retries = *retries
		case "max-rounds":
			if *maxRounds < 1 {
				bad = usagef("run: -max-rounds %d: want at least 1", *maxRounds)
			}
			o.MaxRounds = *maxRounds
		case "budget":
			if *budget < 0 {
				bad = usagef("run: -budget %v: want a duration ≥ 0", *budget)
			}
			o.Budget = *budget
		}
	})
	if bad != nil {
		return bad
	}
	switch *until {
	case "":
	case "decided":
		stats.Option = o.Option
		o.Until = compare.UntilDecided(stats, o.Rounds, o.MaxRounds)
	default:
		return usagef("run: -until %q: want decided", *until)
	}
	o.Force = *force
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *dryRun {
		p, err := runner.Preflight(ctx, o)
		if err != nil {
			return err
		}
		return p.WriteDryRun(stdout)
	}
	o.Log = stderr
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		o.Terminal = true
	}
	sum, err := runner.Run(ctx, o)
	if sum != nil {
		writeSummary(stderr, sum)
	}
	if errors.Is(err, runner.ErrFailed) || errors.Is(err, runner.ErrMismatch) || errors.Is(err, runner.ErrInterrupted) {
		return &runFailure{fmt.Errorf("run: %w", err)}
	}
	return err
}

func writeSummary(w io.Writer, s *runner.Summary) {
	for _, warn := range s.Warnings {
		fmt.Fprintf(w, "sweepstat: warning: %s\n", oneLine(warn.Error()))
	}
	for i, f := range s.Failures {
		if i == maxFailuresShown {
			fmt.Fprintf(w, "sweepstat: … and %d more failures (see sweepstat_invocations)\n", len(s.Failures)-i)
			break
		}
		fmt.Fprintf(w, "sweepstat: failed: %s\n", oneLine(f))
	}
	opt := s.Option
	if opt == "" {
		opt = "none"
	}
	extra := ""
	if s.Warmups > 0 {
		extra += fmt.Sprintf(", %d warm-ups", s.Warmups)
	}
	if s.Extra > 0 {
		extra += fmt.Sprintf(", %d in extra rounds", s.Extra)
	}
	fmt.Fprintf(w, "sweepstat: task %q in %s: %d planned, %d skipped (done before), %d done, %d failed%s; order %s, seed %d, option %s; %v\n",
		s.Task, s.DB, s.Planned, s.Skipped, s.Done, s.Failed, extra, s.Order, s.Seed, opt, s.Elapsed.Round(time.Millisecond))
}
