package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
	"github.com/sweepstat/sweepstat/internal/safename"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", "-db FILE [-task NAME] [-set key=value]… INPUT…", stderr)
	db := fs.String("db", "", "results `file` to add to (created when missing; required)")
	task := fs.String("task", "", "task `name` to add the records to (default: \"import\" and the first input's name)")
	sets := setFlag{}
	fs.Var(&sets, "set", "`key=value` knob to add or override on every record (repeatable)")
	if err := parseArgs(fs, args, stdout); err != nil {
		return err
	}
	if *db == "" {
		return usagef("import: -db is required")
	}
	if fs.NArg() == 0 {
		return usagef("import: no input files")
	}
	res, err := compare.ImportContext(ctx, compare.ImportSpec{DB: *db, Task: *task, Inputs: fs.Args(), Set: sets})
	if err != nil {
		return err
	}
	for _, w := range res.Skipped {
		fmt.Fprintf(stderr, "sweepstat: skipped %s\n", safename.Terminal(oneLine(w.Error())))
	}
	for _, in := range res.Inputs {
		fmt.Fprintf(stderr, "sweepstat: %s: %s, %d results\n", safename.Terminal(in.Path), in.Format, in.Records)
	}
	fmt.Fprintf(stderr, "sweepstat: task %q in %s: %d results added, %d already there\n", res.Task, safename.Terminal(*db), res.Added, res.Present)
	return nil
}

// setFlag collects -set key=value.
type setFlag map[string]string

func (s setFlag) String() string {
	var parts []string
	for k, v := range s {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (s setFlag) Set(kv string) error {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("%q: want key=value", kv)
	}
	s[strings.TrimSpace(k)] = v
	return nil
}
