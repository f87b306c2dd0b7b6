package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/sweepstat/sweepstat/internal/engine"
	"github.com/sweepstat/sweepstat/internal/mnndb"
)

// Errors Run returns (wrapped) when the sweep did not complete.
var (
	// ErrFailed: some invocations failed every attempt; the others were
	// recorded.
	ErrFailed = errors.New("some invocations failed")
	// ErrMismatch: an engine echoed a knob other than the one asked; the
	// sweep stopped (see MismatchError).
	ErrMismatch = errors.New("knob mismatch")
	// ErrInterrupted: the context ended (SIGINT, SIGTERM); what finished
	// was recorded.
	ErrInterrupted = errors.New("interrupted")
)

// A MismatchError is the knob mismatch that stopped a sweep.
type MismatchError struct {
	Command    string
	Mismatches []*engine.Mismatch
}

func (e *MismatchError) Error() string {
	var parts []string
	for _, m := range e.Mismatches {
		parts = append(parts, m.Error())
	}
	return fmt.Sprintf("%s; stopped (rerun with -force to record it anyway): %s", strings.Join(parts, "; "), e.Command)
}

func (e *MismatchError) Unwrap() error { return ErrMismatch }

// A Summary is what a run did.
type Summary struct {
	DB, Task      string
	TaskID, RunID int64
	Seed          int64
	Order         Order
	Option        string
	// Planned counts the measured invocations of the planned rounds;
	// Skipped those earlier runs had finished; Done those finished now
	// (extra rounds included); Failed those that failed every attempt now;
	// Forced those recorded despite a knob mismatch (-force).
	Planned, Skipped, Done, Failed, Forced int
	// Attempts counts process starts of measured invocations, Warmups
	// those of warm-ups; Extra the invocations the Until hook added; Looks
	// how often it was consulted.
	Attempts, Warmups, Extra, Looks int
	Interrupted                     bool
	Elapsed                         time.Duration
	// Cells are the sweep's cells; Rounds the rounds each has finished
	// (by Cell.Key), counting extra rounds.
	Cells  []*Cell
	Rounds map[string]int
	// Failures describe the invocations that failed, in order.
	Failures []string
	// Warnings are caveats of the run (sequential order, forced
	// mismatches, failed warm-ups).
	Warnings []error
}

// Run checks (Preflight) and runs the sweep of o, recording every
// finished invocation in its own transaction, and resuming a task that
// earlier runs began: finished invocations are skipped, failed ones tried
// again. It returns the summary with a nil error when every invocation
// succeeded; an error wrapping ErrFailed, ErrMismatch or ErrInterrupted
// when the sweep ran but did not complete (the summary is then set too);
// any other error (a preflight failure: nothing was recorded; a database
// error) with whatever summary there is.
func Run(ctx context.Context, o *Options) (*Summary, error) {
	start := time.Now()
	p, err := Preflight(ctx, o)
	if err != nil {
		return nil, err
	}
	db, err := mnndb.OpenRun(o.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	unlock, err := lockDB(o.DB)
	if err != nil {
		return nil, err
	}
	defer unlock()
	r := &run{p: p, o: o, db: db, start: start, finished: map[string]bool{}, attempts: map[string]int{}}
	r.host, _ = os.Hostname()
	if r.taskID, err = db.Task(mnndb.RunTask{Name: p.Task, Description: o.File.Description, Definition: o.File.Text}); err != nil {
		return nil, err
	}
	// The plan was made from a read-only look; read again under the
	// writer so that nothing finished in between is run twice.
	hist, err := db.History(p.Task)
	if err != nil {
		return nil, err
	}
	for k, h := range hist.Keys {
		r.attempts[k] = h.Attempts
		if h.Finished {
			r.finished[k] = true
		}
	}
	s := &Summary{DB: o.DB, Task: p.Task, TaskID: r.taskID, Seed: p.Seed, Order: o.Order, Option: o.Option,
		Planned: p.Planned, Cells: p.Cells, Rounds: map[string]int{}}
	r.sum = s
	if o.Order == Sequential {
		s.Warnings = append(s.Warnings, errors.New("order sequential: every invocation of one option value runs before the next value's, so drift over time is confounded with the option; use the default order interleaved"))
	}
	if r.runID, err = db.StartRun(r.runRecord()); err != nil {
		return nil, err
	}
	s.RunID = r.runID
	var todo []*Invocation
	for _, inv := range p.Todo {
		if inv.Warmup || !r.finished[inv.Key] {
			todo = append(todo, inv)
		}
	}
	s.Skipped = p.Planned - countMeasured(todo)
	r.prog = newProgress(o, len(todo))
	runErr := r.all(ctx, todo)
	if runErr == nil && o.Until != nil {
		runErr = r.until(ctx)
	}
	r.prog.close()
	s.Elapsed = time.Since(start)
	for _, c := range p.Cells {
		s.Rounds[c.Key] = r.cellRounds(c)
	}
	status := "completed"
	switch {
	case errors.Is(runErr, ErrMismatch):
		status = "mismatch"
	case s.Interrupted:
		status = "interrupted"
		runErr = fmt.Errorf("%w after %d of %d invocations", ErrInterrupted, s.Done, len(todo))
	case runErr != nil:
		status = "failed"
	case s.Failed > 0:
		status = "failed"
		runErr = fmt.Errorf("%d of %d invocations failed: %w", s.Failed, s.Failed+s.Done, ErrFailed)
	}
	rec := r.runRecord()
	rec.Done, rec.Skipped, rec.Failed, rec.Status = s.Done, s.Skipped, s.Failed, status
	if err := db.FinishRun(r.runID, rec); err != nil && runErr == nil {
		runErr = err
	}
	return s, runErr
}

func countMeasured(invs []*Invocation) int {
	n := 0
	for _, inv := range invs {
		if !inv.Warmup {
			n++
		}
	}
	return n
}

type run struct {
	p             *Plan
	o             *Options
	db            *mnndb.RunDB
	sum           *Summary
	prog          progress
	start         time.Time
	host          string
	taskID, runID int64
	finished      map[string]bool // invocation keys finished, by earlier runs or this one
	attempts      map[string]int  // attempts recorded per key
	seq, warmups  int
	ran           bool // an invocation has run (for the cooldown)
}

func (r *run) runRecord() *mnndb.Run {
	o := r.o
	settings := map[string]any{
		"engine": o.Engine, "command": o.Command, "binary": r.p.Bin, "prefix": o.Prefix, "remote": o.Remote,
		"rounds": o.Rounds, "order": o.Order.String(), "option": o.Option, "seed": r.p.Seed,
		"timeout": o.Timeout.String(), "cooldown": o.Cooldown.String(), "warmup": o.Warmup, "retries": o.Retries,
		"force": o.Force, "models_file": o.ModelsFile, "until": o.Until != nil, "max_rounds": o.MaxRounds, "budget": o.Budget.String(),
	}
	return &mnndb.Run{TaskID: r.taskID, Start: r.start, Host: r.host, Engine: o.Engine, Binary: r.p.Bin, Prefix: joinCommand(o.Prefix),
		Order: o.Order.String(), Option: o.Option, Seed: r.p.Seed, Rounds: o.Rounds, Planned: r.p.Planned, Settings: settings, Sweep: o.File.Text}
}

// all runs invs in order; it stops at a knob mismatch (unless Force), an
// interruption or a database error.
func (r *run) all(ctx context.Context, invs []*Invocation) error {
	for _, inv := range invs {
		if ctx.Err() != nil {
			r.sum.Interrupted = true
			return nil
		}
		if !inv.Warmup && r.finished[inv.Key] {
			continue
		}
		if r.ran && r.o.Cooldown > 0 {
			t := time.NewTimer(r.o.Cooldown)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				r.sum.Interrupted = true
				return nil
			}
		}
		r.ran = true
		if err := r.one(ctx, inv); err != nil {
			return err
		}
		if r.sum.Interrupted {
			return nil
		}
	}
	return nil
}

// one runs one invocation, with its retries, and records each attempt.
func (r *run) one(ctx context.Context, inv *Invocation) error {
	o := r.o
	key := inv.Key
	if inv.Warmup {
		r.warmups++
		b, _ := json.Marshal([]any{"warmup", r.runID, inv.Model, r.warmups})
		key = string(b)
	}
	for try := 0; ; try++ {
		r.seq++
		r.prog.begin(inv)
		out := execute(ctx, inv.Argv, o.Timeout, tailSize)
		a := &mnndb.Attempt{
			TaskID: r.taskID, RunID: r.runID, Key: key, Model: inv.Model, ModelPath: inv.ModelPath,
			Suite: inv.Suite, SuiteJSON: inv.suiteJSON, Case: caseName(inv), Round: inv.Round,
			Warmup: inv.Warmup, Seq: r.seq, Knobs: inv.Knobs, Command: inv.Command,
			Start: out.start, Duration: out.duration, Exit: out.exit, Host: r.host, Tail: out.tail,
		}
		r.attempts[key]++
		a.Attempt = r.attempts[key]
		mism := r.classify(inv, &out, a)
		if inv.Warmup {
			r.sum.Warmups++
		} else {
			r.sum.Attempts++
		}
		if err := r.db.Record(a); err != nil {
			return err
		}
		r.prog.end(inv, a, try == 0)
		switch {
		case a.Status == mnndb.StatusInterrupted:
			r.sum.Interrupted = true
			return nil
		case mnndb.Finished(a.Status):
			if a.Status == mnndb.StatusForced {
				r.sum.Warnings = append(r.sum.Warnings, fmt.Errorf("recorded despite a knob mismatch (-force): %s: %s", a.Error, inv.Command))
			}
			if !inv.Warmup {
				r.finished[key] = true
				r.sum.Done++
				if a.Status == mnndb.StatusForced {
					r.sum.Forced++
				}
			}
			return nil
		case a.Status == mnndb.StatusMismatch:
			return &MismatchError{Command: inv.Command, Mismatches: mism}
		}
		if try >= o.Retries {
			if inv.Warmup {
				r.sum.Warnings = append(r.sum.Warnings, fmt.Errorf("warm-up failed (%s): %s", a.Error, inv.Command))
			} else {
				r.sum.Failed++
				r.sum.Failures = append(r.sum.Failures, fmt.Sprintf("%s (%s): %s", a.Status, a.Error, inv.Command))
			}
			return nil
		}
		if ctx.Err() != nil {
			r.sum.Interrupted = true
			return nil
		}
	}
}

// caseName is the invocation's case_definitions name: the case and round.
func caseName(inv *Invocation) string {
	if inv.Warmup {
		return inv.Case
	}
	return fmt.Sprintf("%s round %d", inv.Case, inv.Round)
}

// classify sets a's status, error and records from what the process did,
// and returns the knob mismatches it found.
func (r *run) classify(inv *Invocation, out *outcome, a *mnndb.Attempt) []*engine.Mismatch {
	switch {
	case out.canceled:
		a.Status, a.Error = mnndb.StatusInterrupted, "interrupted"
		return nil
	case out.timedOut:
		a.Status, a.Error = mnndb.StatusTimeout, out.err.Error()
		return nil
	case out.err != nil:
		a.Status, a.Error = mnndb.StatusFailed, out.err.Error()
		return nil
	}
	recs, err := r.p.Engine.Parse(out.stdout, inv.inv)
	if err == nil && len(recs) == 0 {
		err = errors.New("no results in the output")
	}
	stamp := out.start.UTC().Format(mnndb.TimeFormat)
	for i := range recs {
		if err != nil {
			break
		}
		rec := &recs[i]
		rec.Task, rec.Suite, rec.Time = r.p.Task, inv.Suite, stamp
		rec.Model = inv.Model
		rec.Where = inv.Command
		err = rec.Validate()
	}
	if err != nil {
		a.Status, a.Error = mnndb.StatusUnparsable, oneLine(err.Error())
		return nil
	}
	a.Records = recs
	a.Status = mnndb.StatusSuccess
	mism := r.p.Engine.Verify(inv.inv, out.stdout)
	if len(mism) > 0 {
		var parts []string
		for _, m := range mism {
			parts = append(parts, m.Error())
		}
		a.Error = strings.Join(parts, "; ")
		if r.o.Force {
			a.Status = mnndb.StatusForced
		} else {
			a.Status, a.Records = mnndb.StatusMismatch, nil
		}
	}
	return mism
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cellRounds returns how many rounds of cell c are finished: the planned
// rounds (whether finished or not) plus every extra round all of whose
// invocations finished.
func (r *run) cellRounds(c *Cell) int {
	n := r.o.Rounds
	for round := n + 1; ; round++ {
		for _, inv := range r.p.cellRound(c, round) {
			if !r.finished[inv.Key] {
				return n
			}
		}
		n = round
	}
}

// until adds rounds to the cells the Until hook names, until it names
// none, every cell named has MaxRounds rounds, or the budget is spent.
func (r *run) until(ctx context.Context) error {
	o := r.o
	byKey := map[string]*Cell{}
	for _, c := range r.p.Cells {
		byKey[c.Key] = c
	}
	maxRounds := o.MaxRounds
	if maxRounds == 0 {
		maxRounds = DefaultMaxRounds
	}
	for look := 1; ; look++ {
		if ctx.Err() != nil {
			r.sum.Interrupted = true
			return nil
		}
		for _, c := range r.p.Cells {
			r.sum.Rounds[c.Key] = r.cellRounds(c)
		}
		r.sum.Looks = look
		more, err := o.Until(ctx, r.sum)
		if err != nil {
			return fmt.Errorf("deciding whether to run more rounds: %w", err)
		}
		var cells []*Cell
		for _, m := range more {
			c := byKey[m.Key]
			if c == nil {
				return fmt.Errorf("deciding whether to run more rounds: no cell %q in the sweep", m.Key)
			}
			if r.sum.Rounds[c.Key] < maxRounds {
				cells = append(cells, c)
			}
		}
		if len(cells) == 0 || o.Budget > 0 && time.Since(r.start) >= o.Budget {
			return nil
		}
		newShuffler(r.p.Seed, 1<<32+uint64(look)).shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
		var invs []*Invocation
		for _, c := range cells {
			invs = append(invs, r.p.cellRound(c, r.sum.Rounds[c.Key]+1)...)
		}
		r.sum.Extra += len(invs)
		r.prog.grow(len(invs))
		// Whole cells only, so that the budget never leaves a value
		// without its partner.
		for i := 0; i < len(invs); {
			j := i + 1
			for j < len(invs) && invs[j].Cell == invs[i].Cell {
				j++
			}
			if o.Budget > 0 && time.Since(r.start) >= o.Budget {
				return nil
			}
			if err := r.all(ctx, invs[i:j]); err != nil || r.sum.Interrupted {
				return err
			}
			i = j
		}
	}
}
