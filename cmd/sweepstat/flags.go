package main

import (
	"flag"
	"strings"

	"github.com/sweepstat/sweepstat/compare"
)

// selection holds the flags that choose what to compare.
type selection struct {
	db, task, option, base, new, models string
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
	return compare.Spec{DB: s.db, Task: s.task, Option: s.option, Base: s.base, New: s.new, Models: models}
}
