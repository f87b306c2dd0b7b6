package main

import (
	"context"
	"io"

	"github.com/sweepstat/sweepstat/compare"
)

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var sel selection
	fs := newFlagSet("compare", "[selection] [-format text|markdown|csv|json] | OLD.txt NEW.txt", stderr)
	sel.register(fs)
	sel.registerStats(fs, "bh")
	format := fs.String("format", "text", "output `format`: text, markdown, csv or json")
	lang := fs.String("lang", "en", "language of -format markdown: zh or en")
	if err := parseFiles(fs, args, stdout, &sel); err != nil {
		return err
	}
	res, err := compare.Run(sel.spec())
	if err != nil {
		return err
	}
	return res.Write(stdout, *format, *lang)
}
