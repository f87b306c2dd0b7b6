package engine

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"

	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/ingest"
	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/shellwords"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// command is any program whose standard output is in a format `sweepstat
// import` reads: Go benchmark format, llm_bench's Markdown table, or
// llama-bench's JSON, JSONL, CSV or SQL text (detected from the content,
// as import does).
//
// Its template is a command line, split as a shell would split it (blanks
// separate words; '…', "…" and \ quote) but never run by one: a shell
// operator (|, &, ;, <, >) outside quotes is an error, and there is no
// variable expansion or globbing; wrap the command in sh -c '…' for those.
// In every word, {knob} is replaced by the invocation's value of the knob
// and {model} by the invocation's Model:
//
//	go test -bench . -count 1 -cpu {threads}
//
// A placeholder that names no knob of the invocation is an error; knobs
// that no placeholder uses only label the records. The command has no
// flags of its own: Flags returns none and Verify reports nothing.
type command struct {
	template string
	words    []string
}

// placeholderRE matches {name} in a template word.
var placeholderRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_.-]*)\}`)

// newCommand splits template.
func newCommand(template string) (*command, error) {
	words, err := splitCommand(template)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, errors.New("empty command template")
	}
	return &command{template: template, words: words}, nil
}

func (*command) Name() string { return Command }

// Args returns the template's words with the placeholders replaced; bin,
// when not empty, replaces the first word.
func (c *command) Args(bin string, inv Invocation) ([]string, error) {
	args := make([]string, len(c.words))
	var missing string
	for i, w := range c.words {
		args[i] = placeholderRE.ReplaceAllStringFunc(w, func(ph string) string {
			name := ph[1 : len(ph)-1]
			if v, ok := inv.Knobs[name]; ok {
				return v
			}
			if name == "model" && inv.Model != "" {
				return inv.Model
			}
			if missing == "" {
				missing = ph
			}
			return ph
		})
	}
	if missing != "" {
		return nil, fmt.Errorf("building command: placeholder %s of the template names no knob of the invocation", missing)
	}
	if bin != "" {
		args[0] = bin
	}
	return args, nil
}

// Flags returns nothing: the command's flags are its template's.
func (*command) Flags(knobs []string) ([]string, error) { return nil, nil }

func (*command) CheckHelp(help string, flags []string) error {
	return checkHelp(Command, help, flags)
}

// Parse detects the format of out and reads it with that format's parser.
// Model is inv.ModelName when it is not empty, else the parser's (a Go
// benchmark's is its package).
func (*command) Parse(out []byte, inv Invocation) ([]sweep.Record, error) {
	var (
		recs []sweep.Record
		err  error
	)
	r := bytes.NewReader(out)
	switch f := ingest.Detect(out); f {
	case ingest.FormatLlamaJSON:
		recs, err = llamabench.ParseJSON(r, "stdout")
	case ingest.FormatLlamaCSV:
		recs, err = llamabench.ParseCSV(r, "stdout")
	case ingest.FormatLlamaSQL:
		recs, err = llamabench.ParseSQL(r, "stdout")
	case ingest.FormatLLMBench:
		return parseLLMBench(out, inv)
	case ingest.FormatBenchfmt:
		recs, err = benchfile.Parse(r, "stdout")
	case "":
		return nil, errors.New("parsing command output: unknown format (want Go benchmark format, llm_bench Markdown, or llama-bench JSON, JSONL, CSV or SQL)")
	default:
		return nil, fmt.Errorf("parsing command output: %s is not read from standard output", f)
	}
	if err != nil {
		return nil, fmt.Errorf("parsing command output: %w", err)
	}
	finish(recs, inv)
	return recs, nil
}

// Verify reports nothing: a command echoes no knobs this package knows.
func (*command) Verify(inv Invocation, out []byte) []*Mismatch { return nil }

// splitCommand splits s into words as a POSIX shell would (see
// shellwords.Split). An unquoted shell operator is an error: a template is
// run without a shell.
func splitCommand(s string) ([]string, error) {
	words, err := shellwords.Split(s)
	if err != nil {
		return nil, fmt.Errorf("%v in command template %q", err, s)
	}
	texts, op := shellwords.Texts(words)
	if op != "" {
		return nil, fmt.Errorf("shell operator %q in command template %q: it is not run by a shell (use sh -c '…')", op, s)
	}
	return texts, nil
}
