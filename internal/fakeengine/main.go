// Command fakeengine is a fake benchmark engine for tests: it takes the
// flags of MNN's llm_bench (the llm_bench_prompt fork) or of llama.cpp's
// llama-bench, rejects the flags they reject, prints their help with -h
// and their output in their formats, with speeds drawn from a model set
// in the environment. It starts and finishes in a few milliseconds.
//
// Build it with fakebuild.Build (internal/fakeengine/fakebuild) from a
// test, or by hand:
//
//	go build -o /tmp/fake/llama-bench ./internal/fakeengine
//
// # Modes
//
// The program is llama-bench when the base name of argv[0] contains
// "llama" (llama-bench, llama-bench.exe), else llm_bench; FAKE_ENGINE=
// llm_bench|llama-bench overrides the name.
//
// As llm_bench it takes -h -m -a -c -t -p -n -pg -mmp -rep -kv -fp -load
// -dyo -vp -v -pf (short or long, "--a_b" read as "--a-b"; -t, -p, -n, -c,
// -a, -dyo, -rep take comma lists, -pg repeats) and prints the fork's
// Markdown table, | model | modelSize | backend | threads | precision |
// pType | test | t/s |, one row per test (ppP for each -p, tgG for each
// -n, ppP+tgG for each -pg; the defaults -p 512 -n 128 stay unless given),
// speeds as "mean ± std" over -rep repetitions; -kv true prints the
// llm_demo layout, -load true a loadingTime(s) column, several -dyo values
// a dynamicOption header with no cells (as the real one does), -fp FILE
// appends the table to FILE. The model column is the name of the
// directory holding the -m config file, which must exist.
//
// As llama-bench it takes the flags of a 2025 llama-bench (-m -p -n -pg
// -d -b -ub -ctk -ctv -t -C --cpu-strict --poll -ngl -ncmoe -sm -mg -nkvo
// -fa -dev -mmp -dio -embd -ts -ot -nopo --no-host -fitt -fitc -r --prio
// --delay --numa -o -oe -v --progress --no-warmup), lists and ranges
// (first-last+step) included, runs the Cartesian product of the values
// with the model outermost, and prints -o jsonl, json, csv or md (md by
// default) with the fields of llama-bench build 9619, samples_ns and
// samples_ts included. A model file that does not exist is skipped with an
// error and exit status 1, as llama-bench does.
//
// Both reject an unknown flag, a flag without its value and a bad value
// with "error: invalid parameter for argument: FLAG", the usage, and exit
// status 1.
//
// # Environment
//
// Lists are separated by ';'. Knob names are the names the output gives
// (threads, precision, backend, dynamicOption, n_prompt, n_gen, mmap …;
// for llama-bench the JSON field names, with threads and mmap accepted for
// n_threads and use_mmap) or the long flag without dashes; values are
// compared as the command line spells them ("-fa 1" matches
// flash_attn=1, not flash_attn=on).
//
//	FAKE_ENGINE   llm_bench or llama-bench: the mode, whatever the name
//	FAKE_SEED     seed of the noise (default 1)
//	FAKE_STATE    a directory holding the invocation counter; the noise of
//	              invocation n is drawn from (FAKE_SEED, n), so that
//	              invocations differ and a rerun from an empty directory
//	              repeats them. Without it the noise comes from the clock.
//	FAKE_PP       prefill speed in tokens/s (default 100)
//	FAKE_TG       decode speed in tokens/s (default 20)
//	FAKE_CV       noise of each repetition, CV in percent (default 1)
//	FAKE_RUN_CV   noise of each invocation, CV in percent (default 0)
//	FAKE_DRIFT    a linear drift in percent per second of wall time since
//	FAKE_EPOCH    (Unix nanoseconds, required with FAKE_DRIFT): speeds are
//	              multiplied by 1 + DRIFT/100 × seconds since the epoch
//	FAKE_EFFECT   knob=value:±pct[@phase];… true effects: tests whose knob
//	              has the value run pct percent faster (negative: slower),
//	              in one phase (pp, tg, pp+tg) or all: dynamicOption=8:+2
//	FAKE_FAIL     conditions under which to fail, after printing nothing,
//	              with a message on stderr: always; every=N (invocations N,
//	              2N … of the FAKE_STATE counter); knob=value
//	FAKE_FAIL_STATUS  exit status of a failure (default 1)
//	FAKE_HANG     conditions (as FAKE_FAIL) under which to sleep forever
//	FAKE_GARBAGE  conditions under which to print text of no benchmark
//	              format instead of the results, with exit status 0
//	FAKE_ECHO     knob=value;… print value for the knob instead of what
//	              was asked (model, threads, precision, backend, n_prompt,
//	              n_gen; for llama-bench any field), to test verification
//	FAKE_SLEEP    a Go duration to sleep before running (default 0)
//
// A bad FAKE_* value is reported on stderr with exit status 2.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const (
	modeLLMBench   = "llm_bench"
	modeLlamaBench = "llama-bench"
)

func main() {
	os.Exit(run(os.Args, os.Getenv, os.Stdout, os.Stderr))
}

// A program is one mode of the fake: its flags, help and output.
type program interface {
	// parse reads the arguments after the program name. help is true
	// for -h; err names an invalid argument.
	parse(args []string) (help bool, err error)
	usage(w io.Writer, argv0 string)
	// values returns every value the invocation gives knob ("" values
	// for knobs it does not know): the command line's, or the default.
	values(knob string) []string
	// bench runs the tests and prints the results; it returns the exit
	// status.
	bench(sp *speeder, cfg *config, stdout, stderr io.Writer) int
}

// An argError is an invalid command-line argument.
type argError struct{ arg string }

func (e *argError) Error() string { return "invalid parameter for argument: " + e.arg }

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	argv0 := "fakeengine"
	if len(args) > 0 {
		argv0 = args[0]
		args = args[1:]
	}
	mode := modeLLMBench
	if strings.Contains(strings.ToLower(filepath.Base(argv0)), "llama") {
		mode = modeLlamaBench
	}
	cfg, err := loadConfig(getenv, mode)
	if err != nil {
		fmt.Fprintf(stderr, "fake engine: %v\n", err)
		return 2
	}
	var p program
	if cfg.mode == modeLlamaBench {
		p = newLlamaBench()
	} else {
		p = newLLMBench()
	}
	help, err := p.parse(args)
	if help {
		p.usage(stdout, argv0)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		p.usage(stdout, argv0)
		return 1
	}

	var n uint64
	if cfg.state != "" {
		if n, err = nextInvocation(cfg.state); err != nil {
			fmt.Fprintf(stderr, "fake engine: %v\n", err)
			return 2
		}
	}
	if cfg.sleep > 0 {
		time.Sleep(cfg.sleep)
	}
	if why, ok := holds(cfg.hang, n, p.values); ok {
		fmt.Fprintf(stderr, "fake engine: hanging (FAKE_HANG: %s)\n", why)
		for {
			time.Sleep(time.Hour)
		}
	}
	if why, ok := holds(cfg.fail, n, p.values); ok {
		fmt.Fprintf(stderr, "fake engine: failing (FAKE_FAIL: %s)\n", why)
		return cfg.status
	}
	if why, ok := holds(cfg.garbage, n, p.values); ok {
		fmt.Fprintf(stdout, "%%%% fake engine garbage (FAKE_GARBAGE: %s) %%%%\nSegmentation fault?\n\x01\x02\x7f ~~~\n", why)
		return 0
	}
	return p.bench(newSpeeder(cfg, n, time.Now()), cfg, stdout, stderr)
}

// echoed returns the FAKE_ECHO value of the first of names, and whether
// one is set.
func echoed(cfg *config, names ...string) (string, bool) {
	for _, e := range cfg.echo {
		for _, n := range names {
			if e.knob == n {
				return e.value, true
			}
		}
	}
	return "", false
}
