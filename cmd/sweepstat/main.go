// Command sweepstat compares two values of an LLM inference engine option
// over a benchmark sweep; see doc.go.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A smaller heap for a few percent more GC work: comparing a million
	// samples then peaks below benchstat's memory (scripts/bench-compare.sh).
	// GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(interrupted(ctx, err), os.Stderr))
}

// notifyContext is signal.NotifyContext whose cause names the signal. The
// first signal cancels the context, and the command cleans up and stops; a
// second one ends the process at once.
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case s := <-ch:
			cancel(&interruption{s})
			signal.Reset(sigs...)
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel(nil) }
}
