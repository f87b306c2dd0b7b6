package compare

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/demo"
	"github.com/sweepstat/sweepstat/internal/mnndb"
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
	db, source, err := open(spec.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		return nil, err
	}
	option := spec.Option
	if option == "" {
		option = sweep.DefaultOption
	}
	task, err := sweep.PickTask(tasks, spec.Task, option)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", db.Name(), err)
	}
	sel, err := sweep.Select(task, option, spec.Base, spec.New, spec.Models)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", db.Name(), err)
	}
	return &Result{a: analysis.Build(sel, source, spec.DB == "")}, nil
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

// A File is one output of a report: a slash-separated name relative to the
// report directory, and the renderer that writes its content.
type File struct {
	Name  string
	Write func(io.Writer) error
}
