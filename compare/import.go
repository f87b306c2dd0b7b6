package compare

import (
	"context"
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

// Import is ImportContext with the background context.
func Import(spec ImportSpec) (*ImportResult, error) {
	return ImportContext(context.Background(), spec)
}

// ImportContext reads every input (format detected from its content) and
// adds its results to the database as one task, in one transaction: on any
// error, or when ctx is canceled, nothing is added and the database is as
// it was. Importing the same input again adds nothing. Inputs are streamed
// into the database one record at a time, so that memory does not grow
// with their size (see the ingest package for the formats read whole).
func ImportContext(ctx context.Context, spec ImportSpec) (*ImportResult, error) {
	res := &ImportResult{Task: spec.Task}
	if res.Task == "" {
		res.Task = ingest.TaskName(spec.Inputs)
	}
	for k := range spec.Set {
		if strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("-set: empty knob name")
		}
	}
	src := &inputs{paths: spec.Inputs, sets: spec.Set, res: res}
	defer src.close()
	def := fmt.Sprintf("imported_by: sweepstat import\ninputs: %q\nset: %q\n", spec.Inputs, spec.Set)
	added, err := mnndb.WriteContext(ctx, spec.DB, mnndb.Import{Task: res.Task, Description: "imported by sweepstat: " + strings.Join(spec.Inputs, ", "),
		Definition: def, Source: src})
	if err != nil {
		return nil, err
	}
	res.Added, res.Present = added, src.total-added
	return res, nil
}

// inputs streams the records of the input files one after another.
type inputs struct {
	paths []string
	sets  map[string]string
	res   *ImportResult
	cur   *ingest.Input
	next  int
	total int
	err   error
}

func (s *inputs) Scan() bool {
	for s.err == nil {
		if s.cur == nil {
			if s.next == len(s.paths) {
				return false
			}
			s.cur, s.err = ingest.Open(s.paths[s.next], s.sets)
			s.next++
			continue
		}
		if s.cur.Scan() {
			s.total++
			return true
		}
		if s.err = s.cur.Err(); s.err != nil {
			return false
		}
		s.res.Skipped = append(s.res.Skipped, s.cur.Skipped...)
		s.res.Inputs = append(s.res.Inputs, ImportedInput{Path: s.cur.Path, Format: s.cur.Format, Records: s.cur.Records})
		s.cur.Close()
		s.cur = nil
	}
	return false
}

func (s *inputs) Record() *sweep.Record { return s.cur.Record() }
func (s *inputs) Err() error            { return s.err }

func (s *inputs) close() {
	if s.cur != nil {
		s.cur.Close()
	}
}
