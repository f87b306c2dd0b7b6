package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
	"github.com/sweepstat/sweepstat/internal/report"
	"github.com/sweepstat/sweepstat/internal/safename"
)

func runList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("list", "[-db FILE]", stderr)
	db := fs.String("db", "", "results `file`; default: the built-in synthetic demo database")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	tasks, err := compare.List(*db)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, t := range tasks {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "task %d: %s\n", t.ID, quoteName(t.Name))
		if d := safename.Terminal(oneLine(t.Description)); d != "" {
			fmt.Fprintf(stdout, "  description: %s\n", d)
		}
		fmt.Fprintf(stdout, "  results: %d\n", t.Records)
		fmt.Fprintf(stdout, "  models: %s\n", quoteList(t.Models))
		fmt.Fprintf(stdout, "  compare with: %s\n", quoteList(t.Varying()))
		tw := report.NewTextTable(stdout)
		fmt.Fprintln(tw, "  knob\tvalues")
		for _, k := range t.KnobNames() {
			fmt.Fprintf(tw, "  %s\t%s\n", quoteName(k), quoteList(t.Knobs[k]))
		}
		tw.Flush()
	}
	return nil
}

// quoteList joins values, quoting each that needs it (quoteName) so that
// the list stays readable and unambiguous.
func quoteList(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = quoteName(v)
	}
	return strings.Join(out, ", ")
}

// quoteName returns s, or s quoted as a Go string when it is empty or
// holds a space, comma, quote, tab, a character that is not printable
// (control characters, terminal escape sequences, bidirectional
// overrides) or bytes that are not UTF-8: nothing from the data reaches
// the terminal raw.
func quoteName(s string) string {
	if s != "" && !strings.ContainsAny(s, " ,\"\\") && safename.Printable(s) {
		return s
	}
	return strconv.Quote(s)
}
