package compare

import (
	"context"
	"fmt"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/runner"
)

// A SweepSpec says how to run a sweep before comparing it (Spec.Sweep).
type SweepSpec struct {
	// File is the sweep file (the users' YAML; README.md, "Running
	// sweeps"). Empty: no sweep is run.
	File string
	// Models is the models.toml aliases resolve through. Empty: the sweep
	// file's, else models.toml beside it.
	Models string
	// Bin is the engine's program. Empty: the sweep file's, else the
	// engine's name in PATH.
	Bin string
	// UntilDecided adds rounds to the cells whose benchmarks are still
	// undecided (see UntilDecided), up to MaxRounds rounds (0: 10).
	UntilDecided bool
	MaxRounds    int
}

// RunSweep runs (or resumes) the sweep of spec.Sweep into spec.DB and
// returns the spec that compares what it recorded: its task, and its
// option unless spec names one. With short set it runs only the
// preflight (binary, help text, knobs, models, database) and returns
// ok = false.
func RunSweep(ctx context.Context, spec Spec, short bool) (gated Spec, ok bool, err error) {
	if spec.DB == "" {
		return spec, false, fmt.Errorf("running sweep %s: no database to record into", spec.Sweep.File)
	}
	o, err := runner.Load(spec.Sweep.File, spec.Sweep.Models)
	if err != nil {
		return spec, false, err
	}
	o.DB = spec.DB
	if spec.Sweep.Bin != "" {
		o.Binary = spec.Sweep.Bin
	}
	if short {
		_, err := runner.Preflight(ctx, o)
		return spec, false, err
	}
	if spec.Sweep.UntilDecided {
		o.MaxRounds = spec.Sweep.MaxRounds
		o.Until = UntilDecided(spec, o.Rounds, o.MaxRounds)
	}
	sum, err := runner.Run(ctx, o)
	if err != nil {
		return spec, false, err
	}
	spec.Task = fmt.Sprint(sum.TaskID)
	if spec.Option == "" {
		spec.Option = sum.Option
	}
	spec.Sweep = SweepSpec{}
	return spec, true, nil
}

// UntilDecided returns the hook of `sweepstat run -until decided`: after
// the planned rounds, and after every extra round, it compares the task
// the run records into as spec says and names the cells (model × knobs)
// holding a benchmark that is still undecided — neither a regression or
// improvement nor equivalent within the margin — so that they get another
// round, up to maxRounds rounds (0: 10).
//
// Looking at the data after every round and stopping when it looks decided
// would inflate false alarms. Each look therefore spends part of alpha
// (alpha spending with a linear spending function over rounds): the first
// look, after `rounds` rounds, tests at alpha·rounds/maxRounds, every later
// look at alpha/maxRounds. The levels of all possible looks add up to at
// most alpha, so by the union bound the chance that an A/A sweep is ever
// declared different, at any look, is at most alpha (Holm within each
// look; TestUntilDecidedAA measures it with the fake engine).
func UntilDecided(spec Spec, rounds, maxRounds int) func(context.Context, *runner.Summary) ([]runner.Cell, error) {
	return func(ctx context.Context, s *runner.Summary) ([]runner.Cell, error) {
		cells, _, err := decide(spec, s, rounds, maxRounds)
		return cells, err
	}
}

// lookAlpha is the level of look (1, 2, …) after rounds planned rounds, of
// at most maxRounds.
func lookAlpha(alpha float64, look, rounds, maxRounds int) float64 {
	if maxRounds <= 0 {
		maxRounds = runner.DefaultMaxRounds
	}
	rounds = min(max(rounds, 1), maxRounds)
	if look <= 1 {
		return alpha * float64(rounds) / float64(maxRounds)
	}
	return alpha / float64(maxRounds)
}

// decide compares what the run s has recorded at the level of its look and
// returns the cells that need another round, and the comparison.
func decide(spec Spec, s *runner.Summary, rounds, maxRounds int) ([]runner.Cell, *Result, error) {
	alpha := spec.Alpha
	if alpha == 0 {
		alpha = DefaultAlpha
	}
	spec.Alpha = lookAlpha(alpha, s.Looks, rounds, maxRounds)
	spec.DB, spec.Task, spec.Files, spec.Sweep = s.DB, fmt.Sprint(s.TaskID), nil, SweepSpec{}
	if spec.Option == "" {
		spec.Option = s.Option
	}
	res, err := Run(spec)
	if err != nil {
		return nil, nil, err
	}
	sel := res.a.Sel
	undecided := map[string]bool{}
	for i := range res.a.Sig.Rows {
		r := &res.a.Sig.Rows[i]
		switch r.Verdict {
		case result.Regression, result.Improvement, result.Equivalent:
		default:
			undecided[fmt.Sprint(r.Key)] = true
		}
	}
	var out []runner.Cell
	seen := map[string]bool{}
	for i := range sel.Records {
		rec := &sel.Records[i]
		if !undecided[fmt.Sprint(sel.Key(rec))] {
			continue
		}
		for _, c := range s.Cells {
			if seen[c.Key] || c.Model != rec.Model {
				continue
			}
			match := true
			for k, v := range c.Knobs {
				if rec.Knobs[k] != v {
					match = false
					break
				}
			}
			if match {
				seen[c.Key] = true
				out = append(out, *c)
			}
		}
	}
	return out, res, nil
}
