// Command sweepstat compares two values of an LLM inference engine option
// over a benchmark sweep; see doc.go.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
)

func main() {
	// A smaller heap for a few percent more GC work: comparing a million
	// samples then peaks below benchstat's memory (scripts/bench-compare.sh).
	// GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)
	stop()
	os.Exit(code)
}
