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
// With -big N it writes instead a big synthetic sweep of N models (see
// demo.Big): dynamicOption 7 vs 8 over -prompts n_prompt values × -gens
// n_gen values × -rounds rounds, streamed, for measuring sweepstat at scale
// (make bench). The 131,072-result and 1,048,576-result databases:
//
//	go run ./internal/demo/gendemo -big 4 | sqlite3 /tmp/big131k.db
//	go run ./internal/demo/gendemo -big 32 | sqlite3 /tmp/big1m.db
//
// and 128,000 results over 1,000 models, or over 4:
//
//	go run ./internal/demo/gendemo -big 1000 -prompts 8 -gens 4 -rounds 1 | sqlite3 /tmp/m1000.db
//	go run ./internal/demo/gendemo -big 4 -prompts 8 -gens 4 -rounds 250 | sqlite3 /tmp/m4.db
//
// Write them outside the repository: they are hundreds of megabytes.
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
	var big demo.Big
	fs.IntVar(&big.Models, "big", 0, "write a big synthetic sweep of `N` models instead of the demo")
	fs.IntVar(&big.Prompts, "prompts", 64, "big sweep: `number` of n_prompt values (64, 128, …)")
	fs.IntVar(&big.Gens, "gens", 16, "big sweep: `number` of n_gen values (32, 64, …)")
	fs.IntVar(&big.Rounds, "rounds", 8, "big sweep: `number` of rounds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if big.Models < 0 || big.Prompts < 1 || big.Gens < 1 || big.Rounds < 1 {
		return fmt.Errorf("-big, -prompts, -gens and -rounds: want positive numbers")
	}
	if big.Models > 0 {
		if *out != "" {
			return fmt.Errorf("-big writes to standard output (pipe it into sqlite3), not to -o")
		}
		return demo.WriteBigSQL(stdout, big)
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
