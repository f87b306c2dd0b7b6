package compare

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/demo"
	"github.com/sweepstat/sweepstat/internal/ingest"
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
	// Files are result files to compare instead of a database, the base
	// first: Go benchmark files (`go test -bench` output, a report's bench/
	// files; the option is "file", its values the file names, as
	// benchstat does), or files of any format import reads (llama-bench
	// JSON/JSONL/CSV/SQL/SQLite, llm_bench tables), whose option is the one
	// knob that tells them apart (else "file").
	Files []string
	// Task picks a task by id or name, several as a comma-separated list,
	// or "all": the chosen tasks' records form one population. Empty: the
	// one task in which Option varies, else the tasks that together hold
	// its values (an error lists the candidates when that is ambiguous).
	// Option "task" compares tasks as wholes.
	Task string
	// Option is the compared knob. Empty: "dynamicOption".
	Option string
	// Base and New are the compared values of Option. Both empty: the two
	// values present, in ascending order (an error when there are not two).
	Base, New string
	// NewValues, when set, are several new values, each compared with Base
	// (New is then ignored); "all" alone means every value but Base.
	NewValues []string
	// Models restricts the comparison to these models. Empty: all. A name
	// holding a comma that is no model's name is read as a list.
	Models []string
	// Where filters the records before the statistics: terms KEY OP VALUE
	// joined by "," or "and" (n_prompt<=512, phase=tg, model=qwen2_5_0_5b).
	Where string
	// Labels names result files (Files) in the output, by path; files not
	// named keep their base name.
	Labels map[string]string
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
	// printOnly: made by RunComparison, without what only Files reads.
	printOnly bool
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
func Run(spec Spec) (*Result, error) { return run(spec, analysis.Build) }

// RunComparison is Run for a Result that is only printed or read: its
// Write, WriteCheck and accessors give what those of Run's Result give,
// but Files returns an error. It computes neither the report's summaries
// nor keeps the statistics' working state of each benchmark beside its
// row, so that a comparison of many benchmarks takes less time and
// memory (`sweepstat compare` of a million samples: about 600 bytes a
// benchmark less at its peak).
func RunComparison(spec Spec) (*Result, error) {
	res, err := run(spec, analysis.BuildComparison)
	if err != nil {
		return nil, err
	}
	res.printOnly = true
	return res, nil
}

// A builder is analysis.Build or analysis.BuildComparison.
type builder func(sel *sweep.Selection, source string, synthetic bool, cfg analysis.Config) (*analysis.Analysis, error)

// run is Run with the analysis made by build.
func run(spec Spec, build builder) (*Result, error) {
	cfg, err := spec.config()
	if err != nil {
		return nil, err
	}
	var filter *sweep.Filter
	if spec.Where != "" {
		if filter, err = sweep.ParseFilter(spec.Where); err != nil {
			return nil, err
		}
	}
	if len(spec.Files) > 0 {
		return runFiles(spec, cfg, filter, build)
	}
	option := spec.Option
	if option == "" {
		option = sweep.DefaultOption
	}
	news := spec.newValues()
	tasks, pick, source, name, err := loadSelected(spec.DB, spec.Task, option, spec.Base, news)
	if err != nil {
		return nil, err
	}
	task, err := sweep.PickTasks(tasks, spec.Task, pick, spec.Base, news)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if strings.EqualFold(option, sweep.TaskKnob) {
		task, option = sweep.WithTaskKnob(task), sweep.TaskKnob
	}
	sel, err := sweep.SelectValues(task, option, spec.Base, news, spec.Models, filter)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a, err := build(sel, source, spec.DB == "", cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Result{a: a}, nil
}

// newValues returns the new values spec asks for: NewValues, else New.
func (spec *Spec) newValues() []string {
	if len(spec.NewValues) > 0 {
		return spec.NewValues
	}
	if spec.New != "" {
		return []string{spec.New}
	}
	return nil
}

// pickOption returns the knob option names in tasks, matching letter case
// when the name as given is no knob of any task (the choice of tasks then
// sees the real name; Select reports unknown names with a suggestion).
func pickOption(tasks []*sweep.Task, option string) string {
	for _, t := range tasks {
		if t.HasKnob(option) {
			return option
		}
	}
	found := ""
	for _, t := range tasks {
		for k := range t.KnobValues() {
			if strings.EqualFold(k, option) {
				found = k
			}
		}
	}
	if found != "" {
		return found
	}
	return option
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
	db, source, err := openHinted(path)
	if err != nil {
		return nil, "", "", err
	}
	defer db.Close()
	tasks, err = db.Tasks()
	return tasks, source, db.Name(), err
}

// openHinted is open, whose error says what to do with a result file
// given as the database.
func openHinted(path string) (db *mnndb.DB, source string, err error) {
	db, source, err = open(path)
	if err != nil {
		if head, herr := readHead(path); herr == nil {
			if f := ingest.Detect(head); f != "" && f != ingest.FormatLlamaSQLite {
				return nil, "", fmt.Errorf("%s is %s, not a results database: compare result files directly (sweepstat compare A B) or import them first (sweepstat import -db results.db %s)", path, f, path)
			}
		}
		return nil, "", err
	}
	return db, source, nil
}

// loadSelected is load reading only the tasks that sweep.PickTasks
// chooses for want, option, base and news: the tasks are listed, and when
// the choice depends on their knobs (no want, several tasks), summarized
// from their case definitions and the chosen ones read in one transaction
// (mnndb.DB.ReadChosen); else only the chosen ones are read. It returns them, the option name as the choice
// matched it (pickOption), and source and name as load does. An error of
// the choice is returned as PickTasks on every task would return it.
func loadSelected(path, want, option, base string, news []string) (tasks []*sweep.Task, pick, source, name string, err error) {
	db, source, err := openHinted(path)
	if err != nil {
		// Not an mnn_anal database: a llama-bench SQLite file, read in
		// place? (Asked only now: opening a file costs a database's check.)
		if path != "" && !mnndb.HasTable(path, "tasks") && mnndb.HasTable(path, llamabench.Table) {
			tasks, source, name, err = load(path)
			return tasks, pickOption(tasks, option), source, name, err
		}
		return nil, "", "", "", err
	}
	defer db.Close()
	name = db.Name()
	cands, err := db.TaskList()
	if err != nil {
		return nil, "", "", "", err
	}
	if want == "" && len(cands) > 1 {
		// The choice depends on the tasks' knobs: summaries and the
		// chosen tasks read in one go.
		var chooseErr error
		_, tasks, err = db.ReadChosen(func(sums []*sweep.Task) ([]int64, error) {
			pick = pickOption(sums, option)
			chosen, err := sweep.ChooseTasks(sums, want, pick, base, news)
			if err != nil {
				chooseErr = fmt.Errorf("%s: %w", name, err)
				return nil, chooseErr
			}
			ids := make([]int64, len(chosen))
			for i, t := range chosen {
				ids[i] = t.ID
			}
			return ids, nil
		})
		if chooseErr != nil {
			return nil, "", "", "", chooseErr
		}
		if err != nil {
			return nil, "", "", "", err
		}
		return tasks, pick, source, name, nil
	}
	pick = pickOption(cands, option)
	chosen := cands
	if want != "" || len(cands) > 1 {
		if chosen, err = sweep.ChooseTasks(cands, want, pick, base, news); err != nil {
			return nil, "", "", "", fmt.Errorf("%s: %w", name, err)
		}
	}
	ids := make([]int64, len(chosen))
	for i, t := range chosen {
		ids[i] = t.ID
	}
	if tasks, err = db.ReadTasks(ids); err != nil {
		return nil, "", "", "", err
	}
	if want == "" && len(cands) <= 1 {
		pick = pickOption(tasks, option) // the one task's knobs, read
	}
	return tasks, pick, source, name, nil
}

// A File is one output of a report: a slash-separated name relative to the
// report directory, and the renderer that writes its content.
type File struct {
	Name  string
	Write func(io.Writer) error
}

// runFiles compares result files directly, in memory: Go benchmark files
// (the option is "file", its values the files' names, as benchstat does),
// or files of any format import reads (the option is the one knob that
// differs between the files and is constant within each, else "file").
// The first file is the base.
func runFiles(spec Spec, cfg analysis.Config, filter *sweep.Filter, build builder) (*Result, error) {
	if len(spec.Files) < 2 {
		return nil, fmt.Errorf("want two or more result files (the first is the base), got %d", len(spec.Files))
	}
	if spec.DB != "" {
		return nil, fmt.Errorf("give either a database or result files, not both")
	}
	labels := fileLabels(spec)
	seen := map[string]string{}
	for i, l := range labels {
		if prev, ok := seen[l]; ok {
			return nil, fmt.Errorf("%s and %s have the same label %q: label them apart (-label FILE=NAME)", prev, spec.Files[i], l)
		}
		seen[l] = spec.Files[i]
	}
	task, option, err := readFiles(spec, labels)
	if err != nil {
		return nil, err
	}
	base, news := labels[0], labels[1:]
	if option != benchfile.Option {
		base, news = spec.Base, spec.newValues()
	}
	sel, err := sweep.SelectValues(task, option, base, news, spec.Models, filter)
	if err != nil {
		return nil, err
	}
	a, err := build(sel, strings.Join(labels, " vs "), false, cfg)
	if err != nil {
		return nil, err
	}
	return &Result{a: a}, nil
}

// fileLabels names the files: Spec.Labels, else benchfile's labels (base
// names, or paths where base names collide).
func fileLabels(spec Spec) []string {
	labels := benchfile.Labels(spec.Files)
	for i, f := range spec.Files {
		if l, ok := spec.Labels[f]; ok {
			labels[i] = l
		}
	}
	return labels
}

// readFiles reads the files into one task whose records carry the knob
// "file" (their file's label) and the file's label as their run. It
// returns the option to compare: "file" for Go benchmark files or when no
// single other knob tells the files apart, else that knob (spec.Option
// wins when it is a knob of the records).
func readFiles(spec Spec, labels []string) (*sweep.Task, string, error) {
	allBenchfmt := true
	for _, f := range spec.Files {
		head, err := readHead(f)
		if err != nil {
			return nil, "", err
		}
		if ingest.Detect(head) != ingest.FormatBenchfmt {
			allBenchfmt = false
		}
	}
	if allBenchfmt {
		task, err := benchfile.ReadLabelledConcurrently(spec.Files, labels)
		return task, benchfile.Option, err
	}
	task := &sweep.Task{ID: 1, Name: "result files", Description: strings.Join(spec.Files, " vs ")}
	for i, path := range spec.Files {
		f, err := ingest.Read(path)
		if err != nil {
			return nil, "", err
		}
		f.Apply(map[string]string{benchfile.Option: labels[i]})
		for _, r := range f.Records {
			r.Task = labels[i]
			task.Records = append(task.Records, r)
		}
	}
	if o := spec.Option; o != "" && o != sweep.DefaultOption {
		return task, o, nil
	}
	if k := distinguishingKnob(task, labels); k != "" {
		return task, k, nil
	}
	return task, benchfile.Option, nil
}

// distinguishingKnob returns the one knob (other than "file") that is
// constant within each file and differs between every two of them, or "".
func distinguishingKnob(t *sweep.Task, labels []string) string {
	per := map[string]map[string]map[string]bool{} // knob → file → values
	for i := range t.Records {
		r := &t.Records[i]
		f := r.Knobs[benchfile.Option]
		for k, v := range r.Knobs {
			if k == benchfile.Option {
				continue
			}
			if per[k] == nil {
				per[k] = map[string]map[string]bool{}
			}
			if per[k][f] == nil {
				per[k][f] = map[string]bool{}
			}
			per[k][f][v] = true
		}
	}
	var found []string
	for _, k := range sweep.SortedKeys(per) {
		vals := map[string]bool{}
		ok := true
		for _, l := range labels {
			vs := per[k][l]
			if len(vs) != 1 {
				ok = false
				break
			}
			v := sweep.SortedKeys(vs)[0]
			if vals[v] {
				ok = false
				break
			}
			vals[v] = true
		}
		if ok {
			found = append(found, k)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// readHead returns the first 4 KiB of the file at path.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading result file: %w", err)
	}
	defer f.Close()
	b := make([]byte, 4096)
	n, err := io.ReadFull(f, b)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return b[:n], nil
}
