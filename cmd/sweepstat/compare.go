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
	sel.registerStats(fs, compare.BH)
	var format compare.Format
	fs.Var(&format, "format", "output `format`: text, markdown, csv or json")
	var lang compare.Lang
	fs.Var(&lang, "lang", "output `language`: zh or en (default: zh for -format markdown, en for text)")
	if err := parseFiles(fs, args, stdout, &sel); err != nil {
		return err
	}
	if err := sel.validate("compare"); err != nil {
		return err
	}
	if lang == "" {
		lang = compare.English
		if format == compare.FormatMarkdown {
			lang = compare.Chinese
		}
	}
	spec, err := sel.toSpec()
	if err != nil {
		return err
	}
	res, err := compare.RunComparison(spec) // printed only: no report's data
	if err != nil {
		return err
	}
	// Rendered in memory first: nothing reaches stdout unless all of it
	// was computed and rendered.
	var b chunkBuffer
	if err := res.Write(&b, format, lang); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err = b.WriteTo(stdout)
	return err
}
