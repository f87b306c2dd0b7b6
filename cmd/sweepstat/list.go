package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sweepstat/sweepstat/compare"
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
	for i, t := range tasks {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "task %d: %s\n", t.ID, oneLine(t.Name))
		if d := oneLine(t.Description); d != "" {
			fmt.Fprintf(stdout, "  description: %s\n", d)
		}
		fmt.Fprintf(stdout, "  results: %d\n", t.Records)
		fmt.Fprintf(stdout, "  models: %s\n", quoteList(t.Models))
		fmt.Fprintf(stdout, "  compare with: %s\n", strings.Join(t.Varying(), ", "))
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  knob\tvalues")
		for _, k := range t.KnobNames() {
			fmt.Fprintf(tw, "  %s\t%s\n", oneLine(k), quoteList(t.Knobs[k]))
		}
		tw.Flush()
	}
	return nil
}

// quoteList joins values, quoting any that holds a space, comma or control
// character so that the list stays readable and unambiguous.
func quoteList(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		if v == "" || strings.ContainsAny(v, " ,\"\n\r\t") {
			v = fmt.Sprintf("%q", v)
		}
		out[i] = v
	}
	return strings.Join(out, ", ")
}
