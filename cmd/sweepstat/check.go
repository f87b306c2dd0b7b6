package main

import (
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
	sel.registerStats(fs, "holm")
	var limits limitsFlag
	fs.Var(&limits, "max-regression", "tolerated slowdown in `percent`: one number, per phase (pp=3,tg=1), or both (2,tg=1); default: any significant slowdown fails")
	noise := fs.Float64("noise-margin", compare.DefaultNoiseMarginPct, "smallest slowdown in `percent` that fails a benchmark measured in one invocation per side (0: none)")
	failUntested := fs.Bool("fail-untested", false, "fail when a benchmark could not be tested (one sample per side)")
	format := fs.String("format", "text", "output `format`: text, markdown or json")
	if err := parseFiles(fs, args, stdout, &sel); err != nil {
		return err
	}
	switch *format {
	case "text", "markdown", "json":
	default:
		return usagef("check: -format %q: want text, markdown or json", *format)
	}
	if *noise < 0 || math.IsNaN(*noise) {
		return usagef("check: -noise-margin %v: want a percentage ≥ 0", *noise)
	}
	spec := sel.spec()
	spec.MaxRegressionPct, spec.PhaseLimits = limits.all, limits.phase
	spec.NoiseMarginPct, spec.FailUntested = *noise, *failUntested
	if *noise == 0 {
		spec.NoiseMarginPct = -1 // the flag's 0 means none; the Spec's 0 means the default
	}
	res, err := compare.Run(spec)
	if err != nil {
		return err
	}
	c := res.Check()
	switch *format {
	case "markdown":
		err = c.WriteMarkdown(stdout, res)
	case "json":
		err = c.WriteJSON(stdout)
	default:
		err = c.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if !c.Passed {
		return errRegression
	}
	return nil
}

// limitsFlag parses -max-regression: "2", "pp=3,tg=1" or "2,tg=1".
type limitsFlag struct {
	all   float64
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
			l.all = pct
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
