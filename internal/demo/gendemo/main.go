// Command gendemo writes sweepstat's synthetic demo database as SQL text
// (see package internal/demo).
//
// Usage:
//
//	go run ./internal/demo/gendemo -o fixtures/demo/benchmark_results.sql
//
// Without -o it writes to standard output. The file is written under a
// temporary name and renamed, so an interrupted run leaves the old file.
//
// # Exit codes
//
// 0 success; 2 bad usage or a failed write, with a one-line error on stderr.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sweepstat/sweepstat/internal/demo"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gendemo:", err)
			os.Exit(2)
		}
	}
}

// run parses args and writes the demo SQL to the -o file, or to stdout.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gendemo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the SQL to `file` (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	text := demo.SQL()
	if *out == "" {
		_, err := io.WriteString(stdout, text)
		return err
	}
	return writeFile(*out, text)
}

// writeFile writes text to path through a temporary file in the same
// directory and a rename.
func writeFile(path, text string) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing demo sql: %w", err)
	}
	_, werr := f.WriteString(text)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing demo sql: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing demo sql: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing demo sql: %w", err)
	}
	return nil
}
