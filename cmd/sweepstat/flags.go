package main

import (
	"flag"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
)

// selection holds the flags that choose what to compare, and how.
type selection struct {
	db, task, option, base, new, models string
	files                               []string // benchfmt files OLD NEW instead of a database

	alpha      float64
	assume     string
	correction string
	margin     float64
	minUTest   int
}

// registerStats adds the statistics flags; correction is the command's
// default correction.
func (s *selection) registerStats(fs *flag.FlagSet, correction string) {
	fs.Float64Var(&s.alpha, "alpha", 0.05, "significance `level`")
	fs.StringVar(&s.assume, "assume", "nothing", "per-benchmark test: nothing (Mann-Whitney U, as benchstat) or normal (Welch t-test)")
	fs.StringVar(&s.correction, "correction", correction, "multiple-comparison correction: holm, bh (Benjamini-Hochberg) or none")
	fs.Float64Var(&s.margin, "margin", 1, "equivalence margin in `percent`")
	fs.IntVar(&s.minUTest, "min-utest", 5, "fewest samples per side for the U-test; fewer get Welch's t-test (1: as benchstat)")
}

func (s *selection) register(fs *flag.FlagSet) {
	fs.StringVar(&s.db, "db", "", "results `file` (mnn_anal benchmark_results.db); default: the built-in synthetic demo database")
	fs.StringVar(&s.task, "task", "", "task `id or name`; default: the one task in which the option varies")
	fs.StringVar(&s.option, "option", "dynamicOption", "compared `knob`")
	fs.StringVar(&s.base, "base", "", "base `value` of the option; default: the lower of its two values")
	fs.StringVar(&s.new, "new", "", "new `value` of the option; default: the higher of its two values")
	fs.StringVar(&s.models, "model", "", "only these `models` (comma-separated); default: all")
}

func (s *selection) spec() compare.Spec {
	var models []string
	for _, m := range strings.Split(s.models, ",") {
		if m = strings.TrimSpace(m); m != "" {
			models = append(models, m)
		}
	}
	return compare.Spec{DB: s.db, Files: s.files, Task: s.task, Option: s.option, Base: s.base, New: s.new, Models: models,
		Alpha: s.alpha, Assume: s.assume, Correction: s.correction, MarginPct: s.margin, MinUTest: s.minUTest}
}
