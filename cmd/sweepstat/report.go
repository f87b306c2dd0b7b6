package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sweepstat/sweepstat/compare"
)

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var sel selection
	fs := newFlagSet("report", "[-db FILE] [-task ID|NAME] [-option NAME] [-base V -new V] [-model M,…] [-out DIR] [-lang zh|en]", stderr)
	sel.register(fs)
	sel.registerStats(fs, compare.BH)
	out := fs.String("out", "report", "output `directory`")
	lang := compare.Chinese
	fs.Var(&lang, "lang", "report `language`: zh or en")
	if err := parseFiles(fs, args, stdout, &sel); err != nil {
		return err
	}
	if err := sel.validate("report"); err != nil {
		return err
	}
	spec, err := sel.toSpec()
	if err != nil {
		return err
	}
	res, err := compare.Run(spec)
	if err != nil {
		return err
	}
	files, err := res.Files(compare.ReportOptions{Lang: lang})
	if err != nil {
		return err
	}
	if err := writeFiles(ctx, *out, files); err != nil {
		return err
	}
	opt, base, nw := res.Option()
	fmt.Fprintf(stderr, "sweepstat: task %s, %s %s vs %s, %d records: wrote %d files to %s\n",
		res.Task(), opt, base, nw, res.Records(), len(files), *out)
	return nil
}
