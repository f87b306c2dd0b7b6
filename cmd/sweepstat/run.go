package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// A command is one subcommand of sweepstat.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"report", "write the Markdown report, CSV files, charts and benchfmt files", runReport},
		{"compare", "print the per-benchmark comparison (text, markdown, csv, json)", runCompare},
		{"check", "regression gate for CI: exit 1 when something regressed beyond the limit", runCheck},
		{"list", "list the tasks, models, knobs and values of a database", runList},
		{"import", "add llama-bench, llm_bench or benchfmt results to a database", runImport},
		{"run", "run a benchmark sweep from a sweep file and record it into a database", runSweep},
	}
}

// errHelp is returned for -h: exit status 0.
var errHelp = errors.New("help requested")

// usagef reports a command-line mistake: exit status 2.
func usagef(format string, args ...any) error {
	return &exitError{exitBad, fmt.Errorf(format, args...)}
}

// run runs sweepstat with args (without the program name). All I/O goes
// through its parameters.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		mainUsage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" || name == "help" {
		mainUsage(stdout)
		return nil
	}
	var names []string
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args[1:], stdout, stderr)
		}
		names = append(names, c.name)
	}
	return usagef("unknown command %q (commands: %s; see sweepstat -h)", name, strings.Join(names, ", "))
}

func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: sweepstat <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sweepstat <command> -h' for a command's flags. Without -db, the")
	fmt.Fprintln(w, "built-in synthetic demo database is used.")
}

// newFlagSet returns a flag set for command name that reports errors to
// stderr and prints usage with the command's synopsis.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: sweepstat %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFiles parses args like parse, but accepts result files (two or
// more, the base first) in place of a database, as benchstat does.
func parseFiles(fs *flag.FlagSet, args []string, stdout io.Writer, sel *selection) error {
	if err := parseArgs(fs, args, stdout); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "option" {
			sel.optionSet = true
		}
	})
	switch {
	case fs.NArg() == 0:
		return nil
	case sel.db != "":
		return usagef("%s: unexpected argument %q: give either -db or result files, not both", fs.Name(), fs.Arg(0))
	case fs.NArg() == 1:
		return usagef("%s: want two or more result files (the base first), got 1 argument", fs.Name())
	}
	sel.files = fs.Args()
	return nil
}

// parse parses args; -h prints usage to stdout and yields errHelp.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	if err := parseArgs(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func parseArgs(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return errHelp
		}
	}
	fs.SetOutput(io.Discard) // the one-line error is printed by exitCode
	if err := fs.Parse(args); err != nil {
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}
