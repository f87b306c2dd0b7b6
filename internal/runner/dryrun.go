package runner

import (
	"fmt"
	"io"
	"time"
)

// WriteDryRun writes what a run of p would do: one line per invocation in
// execution order with its full command, then the count and, when earlier
// runs of the task finished invocations, an estimate of the time.
func (p *Plan) WriteDryRun(w io.Writer) error {
	for i, inv := range p.Todo {
		what := fmt.Sprintf("round %d", inv.Round)
		if inv.Warmup {
			what = "warm-up"
		}
		if _, err := fmt.Fprintf(w, "%d\t%s\t%s\n", i+1, what, inv.Command); err != nil {
			return err
		}
	}
	o := p.Options
	fmt.Fprintf(w, "%d invocations to run (%d planned: %d cases × %d rounds; %d already done", len(p.Todo), p.Planned, len(p.cases), o.Rounds, p.Done)
	if n := len(p.Todo) - countMeasured(p.Todo); n > 0 {
		fmt.Fprintf(w, "; %d warm-ups", n)
	}
	opt := o.Option
	if opt == "" {
		opt = "none"
	}
	fmt.Fprintf(w, "); order %s, seed %d, option %s\n", o.Order, p.Seed, opt)
	if d, ok := p.Estimate(); ok && len(p.Todo) > 0 {
		_, err := fmt.Fprintf(w, "estimated time: %v (%.3gs per invocation, the mean of %d finished in this task)\n",
			d.Round(time.Second), p.History.MeanSeconds, p.History.Finished)
		return err
	}
	return nil
}
