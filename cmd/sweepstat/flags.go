package main

import (
	"flag"
	"math"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
	"github.com/sweepstat/sweepstat/internal/safename"
)

// selection holds the flags that choose what to compare, and how. The
// statistics flags are bound to the fields of spec itself, so the value a
// flag shows as its default is the value used.
type selection struct {
	db, task, option, base, new, where string
	models                             listFlag
	labels                             listFlag
	files                              []string // result files instead of a database, the base first

	spec      compare.Spec // statistics and gate settings
	alpha     float64
	minUTest  int
	optionSet bool // -option was given
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
	fs.StringVar(&s.task, "task", "", "task `id or name`, several (13,14,15) or all; default: the one task in which the option varies, else the tasks that hold its values together")
	fs.StringVar(&s.option, "option", "dynamicOption", "compared `knob` (any letter case; task compares tasks as wholes)")
	fs.StringVar(&s.base, "base", "", "base `value` of the option; default: the lower of its two values")
	fs.StringVar(&s.new, "new", "", "new `value`(s) of the option, each compared with the base: V, V1,V2,… or all; default: the higher of its two values")
	fs.Var(&s.models, "model", "only these `models` (comma-separated, or the flag repeated; a name with a comma is matched whole); default: all")
	fs.StringVar(&s.where, "where", "", "keep only the records that satisfy `EXPR`: KEY OP VALUE joined by , or and (n_prompt<=512, phase=tg, model=m)")
	fs.Var(&s.labels, "label", "name a result file in the output: `FILE=NAME` (repeatable)")
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

// toSpec returns the Spec the flags ask for. Names are shortened as the
// data's are where they are read (safename.Shorten), so that a name given
// in full finds its record.
func (s *selection) toSpec() (compare.Spec, error) {
	spec := s.spec
	spec.DB, spec.Files, spec.Task, spec.Where = s.db, s.files, shortName(s.task), s.where
	spec.Option, spec.Base = shortName(s.option), shortName(s.base)
	for _, m := range s.models {
		spec.Models = append(spec.Models, shortName(m))
	}
	spec.Alpha, spec.MinUTest = s.alpha, s.minUTest
	for _, v := range strings.Split(s.new, ",") {
		if v = strings.TrimSpace(v); v != "" {
			spec.NewValues = append(spec.NewValues, shortName(v))
		}
	}
	if len(s.files) > 0 && !s.optionSet {
		spec.Option = "" // result files: the knob that tells them apart
	}
	for _, l := range s.labels {
		file, name, ok := strings.Cut(l, "=")
		if !ok || file == "" || name == "" {
			return spec, usagef("-label %q: want FILE=NAME", l)
		}
		if spec.Labels == nil {
			spec.Labels = map[string]string{}
		}
		spec.Labels[file] = name
	}
	return spec, nil
}

// shortName shortens a name given on the command line as names from the
// data are shortened; a list (with commas) is left to compare to split.
func shortName(s string) string {
	if strings.Contains(s, ",") {
		return s
	}
	return safename.Shorten(s)
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}
