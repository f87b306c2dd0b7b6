package main

import (
	"flag"
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
)

// selection holds the flags that choose what to compare, and how. The
// statistics flags are bound to the fields of spec itself, so the value a
// flag shows as its default is the value used.
type selection struct {
	db, task, option, base, new, models string
	files                               []string // benchfmt files OLD NEW instead of a database

	spec     compare.Spec // statistics and gate settings
	alpha    float64
	minUTest int
}

// registerStats adds the statistics flags; correction is the command's
// default correction.
func (s *selection) registerStats(fs *flag.FlagSet, correction compare.Correction) {
	s.spec.Correction = correction
	s.spec.Margin = compare.Pct(1)
	fs.Float64Var(&s.alpha, "alpha", 0.05, "significance `level`, in (0, 0.5)")
	fs.Var(&s.spec.Assume, "assume", "per-benchmark test: nothing (Mann-Whitney U, as benchstat) or normal (Welch t-test)")
	fs.Var(&s.spec.Correction, "correction", "multiple-comparison correction: holm, bh (Benjamini-Hochberg) or none")
	fs.Var(&s.spec.Margin, "margin", "equivalence margin in `percent`; a change proven within it is equivalent (0: no margin)")
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

// validate checks the statistics flags: an explicit zero is a value, so
// -alpha 0 and -min-utest 0 are mistakes, not requests for the default.
func (s *selection) validate(name string) error {
	if !(s.alpha > 0 && s.alpha < 0.5) || math.IsNaN(s.alpha) {
		return usagef("%s: -alpha %v: want a level in (0, 0.5)", name, s.alpha)
	}
	if s.minUTest < 1 {
		return usagef("%s: -min-utest %d: want at least 1", name, s.minUTest)
	}
	return nil
}

func (s *selection) toSpec() compare.Spec {
	var models []string
	for _, m := range strings.Split(s.models, ",") {
		if m = strings.TrimSpace(m); m != "" {
			models = append(models, m)
		}
	}
	spec := s.spec
	spec.DB, spec.Files, spec.Task, spec.Option, spec.Base, spec.New, spec.Models = s.db, s.files, s.task, s.option, s.base, s.new, models
	spec.Alpha, spec.MinUTest = s.alpha, s.minUTest
	return spec
}
