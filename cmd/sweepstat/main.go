// Command sweepstat compares two values of an LLM inference engine option
// over a benchmark sweep; see doc.go.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// graceAfterSignal is how long a command may take to stop after SIGINT or
// SIGTERM before sweepstat removes its temporary files and exits anyway (a
// renderer stuck in a chart must not make the signal ineffective).
const graceAfterSignal = 5 * time.Second

func main() {
	ctx, stop := notifyContext(context.Background(), graceAfterSignal, os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(interrupted(ctx, err), os.Stderr))
}

// notifyContext is signal.NotifyContext whose cause names the signal, and
// whose context carries a list of cleanups (onInterrupt). The first
// signal cancels the context, and the command cleans up and stops; when it
// has not stopped after grace, the cleanups run and the process exits with
// the signal's status; a second signal ends it at once.
func notifyContext(parent context.Context, grace time.Duration, sigs ...os.Signal) (context.Context, func()) {
	c := &cleanups{}
	ctx, cancel := context.WithCancelCause(context.WithValue(parent, cleanupsKey{}, c))
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case s := <-ch:
			signal.Reset(sigs...)
			ie := &interruption{s}
			cancel(ie)
			time.Sleep(grace)
			c.run()
			fmt.Fprintf(os.Stderr, "sweepstat: %v: did not stop within %v; nothing was written\n", ie, grace)
			os.Exit(ie.code())
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel(nil) }
}
