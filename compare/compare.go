package compare

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/demo"
	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// DemoName is the name the built-in demo database goes by in reports.
const DemoName = "sweepstat demo (synthetic)"

// A Spec says what to compare. Its zero value compares dynamicOption's two
// values in the built-in demo database.
type Spec struct {
	// DB is the path of an mnn_anal results database (benchmark_results.db),
	// opened read-only. Empty: the built-in synthetic demo database.
	DB string
	// Files are two Go benchmark format files, old then new, to compare
	// instead of a database (`go test -bench` output, or a report's bench/
	// files). Their option is "file"; its values are the file names.
	Files []string
	// Task picks a task by id or name. Empty: the one task in which Option
	// varies (an error lists the candidates when there are several).
	Task string
	// Option is the compared knob. Empty: "dynamicOption".
	Option string
	// Base and New are the compared values of Option. Both empty: the two
	// values present, in ascending order (an error when there are not two).
	Base, New string
	// Models restricts the comparison to these models. Empty: all.
	Models []string
	// Sweep, when its File is set, is a sweep that Gate runs into DB
	// (resuming what earlier runs recorded) before it compares the task the
	// sweep recorded; under go test -short Gate runs only its preflight.
	// Run ignores it (see RunSweep).
	Sweep SweepSpec

	// Statistics (the zero values are the defaults):

	// Alpha is the significance level, in (0, 0.5). 0: 0.05.
	Alpha float64
	// Assume is what the per-benchmark test assumes of the samples:
	// AssumeNothing (zero) for benchstat's Mann-Whitney U-test,
	// AssumeNormal for Welch's t-test. Either way, benchmarks with fewer
	// than MinUTest samples on a side get Welch's t-test.
	Assume Assumption
	// MinUTest is the fewest samples per side for which the U-test is
	// used (it cannot reach significance on 3 vs 3 or, after correction,
	// on 4 vs 4). 0: 5. 1 tests every row as benchstat does.
	MinUTest int
	// Correction adjusts the p-values for the number of benchmarks
	// compared: Holm (the zero value; family-wise, for gates), BH
	// (Benjamini-Hochberg false discovery rate, for highlighting) or
	// NoCorrection.
	Correction Correction
	// Margin is the equivalence margin: a change proven (TOST) to lie
	// within ±Margin is "equivalent", significant or not. Unset: 1%;
	// Pct(0): no margin.
	Margin Percent

	// The regression gate (Result.Check, Gate, sweepstat check):

	// MaxRegression is the slowdown the gate tolerates in a benchmark or
	// an aggregate that regressed. Unset: the margin (1%), so a change
	// proven smaller never fails and one of about the margin fails about
	// half the time; Pct(0): any regression fails.
	MaxRegression Percent
	// PhaseLimits overrides MaxRegression for the phases it names, in
	// percent, e.g. {"pp": 3, "tg": 1}.
	PhaseLimits map[string]float64
	// NoiseMargin is the smallest slowdown the gate acts on for a
	// benchmark measured in one invocation per side (an "unverified"
	// row), whose test cannot tell the option's effect from run-to-run
	// drift (identical llama-bench runs have differed by 7%). Unset: 10%;
	// Pct(0): none.
	NoiseMargin Percent
	// FailUntested makes the gate fail when a benchmark could not be
	// tested (one sample per side) or its unit has no known direction. By
	// default such benchmarks are listed as untested and the gate passes.
	FailUntested bool
}

// config resolves the statistical and gate settings of spec, once: the
// result stores them and every renderer shows them as they are.
func (spec *Spec) config() (analysis.Config, error) {
	cfg := analysis.DefaultConfig()
	if spec.Alpha != 0 {
		cfg.Alpha = spec.Alpha
	}
	switch spec.Assume {
	case AssumeNothing:
	case AssumeNormal:
		cfg.Method = stats.Welch
	default:
		return cfg, fmt.Errorf("unknown assumption %v", spec.Assume)
	}
	if spec.MinUTest < 0 {
		return cfg, fmt.Errorf("minimum samples for the U-test %d: want at least 1", spec.MinUTest)
	}
	if spec.MinUTest != 0 {
		cfg.MinUTest = spec.MinUTest
	}
	cfg.Correction = spec.Correction
	cfg.MarginPct = spec.Margin.Or(DefaultMarginPct)
	cfg.Gate = analysis.GateConfig{
		MaxRegressionPct: spec.MaxRegression.Or(cfg.MarginPct),
		PhaseLimits:      spec.PhaseLimits,
		NoiseMarginPct:   spec.NoiseMargin.Or(DefaultNoiseMarginPct),
		FailUntested:     spec.FailUntested,
	}
	return cfg, cfg.Validate()
}

// A Result is a finished comparison. It is immutable.
type Result struct {
	a *analysis.Analysis
}

// Task returns the label of the compared task, e.g. "3 (name)".
func (r *Result) Task() string { return r.a.Sel.Task.Label() }

// Option returns the compared option and its base and new values.
func (r *Result) Option() (name, base, new string) {
	return r.a.Sel.Option, r.a.Sel.Base, r.a.Sel.New
}

// Records returns the number of records compared.
func (r *Result) Records() int { return len(r.a.Sel.Records) }

// Run loads the data that spec names and compares it.
func Run(spec Spec) (*Result, error) {
	cfg, err := spec.config()
	if err != nil {
		return nil, err
	}
	if len(spec.Files) > 0 {
		return runFiles(spec, cfg)
	}
	tasks, source, name, err := load(spec.DB)
	if err != nil {
		return nil, err
	}
	option := spec.Option
	if option == "" {
		option = sweep.DefaultOption
	}
	task, err := sweep.PickTask(tasks, spec.Task, option)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sel, err := sweep.Select(task, option, spec.Base, spec.New, spec.Models)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a, err := analysis.Build(sel, source, spec.DB == "", cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Result{a: a}, nil
}

// open opens the database at path, or the demo database when path is empty.
// source is how the report names the data.
func open(path string) (db *mnndb.DB, source string, err error) {
	if path == "" {
		db, err = mnndb.FromSQL(DemoName, demo.SQL())
		return db, DemoName, err
	}
	db, err = mnndb.Open(path)
	return db, filepath.Base(path), err
}

// load reads the tasks of the database at path: an mnn_anal results
// database, the demo when path is empty, or a SQLite file holding
// llama-bench's llama_bench table (read in place as one task). source names
// the data in reports, name in messages.
func load(path string) (tasks []*sweep.Task, source, name string, err error) {
	if path != "" && !mnndb.HasTable(path, "tasks") && mnndb.HasTable(path, llamabench.Table) {
		recs, err := llamabench.ReadSQLite(path)
		if err != nil {
			return nil, "", "", err
		}
		t := &sweep.Task{ID: 1, Name: filepath.Base(path), Description: "llama-bench results (table " + llamabench.Table + ")", Records: recs}
		for i := range t.Records {
			t.Records[i].Task = t.Name
		}
		return []*sweep.Task{t}, filepath.Base(path), path, nil
	}
	db, source, err := open(path)
	if err != nil {
		return nil, "", "", err
	}
	defer db.Close()
	tasks, err = db.Tasks()
	return tasks, source, db.Name(), err
}

// A File is one output of a report: a slash-separated name relative to the
// report directory, and the renderer that writes its content.
type File struct {
	Name  string
	Write func(io.Writer) error
}

// runFiles compares two benchfmt files.
func runFiles(spec Spec, cfg analysis.Config) (*Result, error) {
	if len(spec.Files) != 2 {
		return nil, fmt.Errorf("want two benchmark files (old, new), got %d", len(spec.Files))
	}
	if spec.DB != "" {
		return nil, fmt.Errorf("give either a database or benchmark files, not both")
	}
	task, err := benchfile.Read(spec.Files)
	if err != nil {
		return nil, err
	}
	labels := benchfile.Labels(spec.Files)
	if labels[0] == labels[1] {
		return nil, fmt.Errorf("old and new are the same file %s", spec.Files[0])
	}
	sel, err := sweep.Select(task, benchfile.Option, labels[0], labels[1], spec.Models)
	if err != nil {
		return nil, err
	}
	a, err := analysis.Build(sel, strings.Join(labels, " vs "), false, cfg)
	if err != nil {
		return nil, err
	}
	return &Result{a: a}, nil
}
