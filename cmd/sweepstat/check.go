package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var sel selection
	fs := newFlagSet("check", "[selection] [statistics] [-max-regression PCT|pp=PCT,tg=PCT] [-format text|markdown|json] | OLD.txt NEW.txt", stderr)
	sel.register(fs)
	sel.registerStats(fs, compare.Holm)
	var limits limitsFlag
	fs.Var(&limits, "max-regression", "tolerated slowdown in `percent`: one number, per phase (pp=3,tg=1), or both (2,tg=1); default: the equivalence margin (0: any significant regression fails)")
	noise := compare.Pct(compare.DefaultNoiseMarginPct)
	fs.Var(&noise, "noise-margin", "smallest slowdown in `percent` that fails a benchmark measured in one invocation per side (0: none)")
	failUntested := fs.Bool("fail-untested", false, "fail when a benchmark could not be tested (one sample per side) or its unit has no known direction")
	var format compare.Format
	fs.Var(&format, "format", "output `format`: text, markdown or json")
	var lang compare.Lang
	fs.Var(&lang, "lang", "output `language`: zh or en (default: zh for -format markdown, en for text)")
	if err := parseFiles(fs, args, stdout, &sel); err != nil {
		return err
	}
	if err := sel.validate("check"); err != nil {
		return err
	}
	if lang == "" {
		lang = compare.English
		if format == compare.FormatMarkdown {
			lang = compare.Chinese
		}
	}
	if format == compare.FormatCSV {
		return usagef("check: -format csv: want text, markdown or json")
	}
	spec, err := sel.toSpec()
	if err != nil {
		return err
	}
	spec.MaxRegression, spec.PhaseLimits = limits.all, limits.phase
	spec.NoiseMargin, spec.FailUntested = noise, *failUntested
	// Printed only: RunComparison skips the report's summaries.
	res, err := compare.RunComparison(spec)
	if err != nil {
		return err
	}
	// Rendered in memory first, as compare does: nothing reaches stdout
	// unless all of it was rendered.
	var b bytes.Buffer
	if err := res.WriteCheck(&b, format, lang); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := stdout.Write(b.Bytes()); err != nil {
		return err
	}
	if !res.Check().Passed {
		return errRegression
	}
	return nil
}

// limitsFlag parses -max-regression: "2", "pp=3,tg=1" or "2,tg=1".
type limitsFlag struct {
	all   compare.Percent // unset: the margin
	phase map[string]float64
	text  string
}

func (l *limitsFlag) String() string { return l.text }

func (l *limitsFlag) Set(s string) error {
	l.text = s
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		name, val, hasName := strings.Cut(part, "=")
		if !hasName {
			val, name = name, ""
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(val), "%"), 64)
		if err != nil || pct < 0 || math.IsNaN(pct) || math.IsInf(pct, 0) {
			return fmt.Errorf("%q: want a percentage ≥ 0, or PHASE=PCT", part)
		}
		if !hasName {
			l.all = compare.Pct(pct)
			continue
		}
		if name = strings.TrimSpace(name); name == "" {
			return fmt.Errorf("%q: empty phase name", part)
		}
		if l.phase == nil {
			l.phase = map[string]float64{}
		}
		l.phase[name] = pct
	}
	return nil
}
