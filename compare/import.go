package compare

import (
	"fmt"
	"strings"

	"github.com/sweepstat/sweepstat/internal/ingest"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// An ImportSpec says what to import into a results database.
type ImportSpec struct {
	DB     string            // the database file; created when missing
	Task   string            // task to add to; empty: "import" and the first input's name
	Inputs []string          // files: llama-bench JSON/JSONL/CSV/SQL/SQLite, llm_bench Markdown, benchfmt
	Set    map[string]string // knobs to add or override on every record
}

// An ImportResult reports an import.
type ImportResult struct {
	Task           string
	Inputs         []ImportedInput
	Added, Present int     // results added; results that were already there
	Skipped        []error // input rows reported and skipped (file:line: why)
}

// An ImportedInput is one input file of an import.
type ImportedInput struct {
	Path, Format string
	Records      int
}

// Import reads every input (format detected from its content) and adds its
// results to the database as one task, in one transaction: on any error
// nothing is added. Importing the same input again adds nothing.
func Import(spec ImportSpec) (*ImportResult, error) {
	res := &ImportResult{Task: spec.Task}
	if res.Task == "" {
		res.Task = ingest.TaskName(spec.Inputs)
	}
	for k := range spec.Set {
		if strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("-set: empty knob name")
		}
	}
	var recs []sweep.Record
	for _, p := range spec.Inputs {
		f, err := ingest.Read(p)
		if err != nil {
			return nil, err
		}
		f.Apply(spec.Set)
		recs = append(recs, f.Records...)
		res.Skipped = append(res.Skipped, f.Skipped...)
		res.Inputs = append(res.Inputs, ImportedInput{Path: p, Format: f.Format, Records: len(f.Records)})
	}
	def := fmt.Sprintf("imported_by: sweepstat import\ninputs: %q\nset: %q\n", spec.Inputs, spec.Set)
	added, err := mnndb.Write(spec.DB, mnndb.Import{Task: res.Task, Description: "imported by sweepstat: " + strings.Join(spec.Inputs, ", "),
		Definition: def, Records: recs})
	if err != nil {
		return nil, err
	}
	res.Added, res.Present = added, len(recs)-added
	return res, nil
}
