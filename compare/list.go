package compare

import (
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A TaskInfo describes one task of a results database.
type TaskInfo struct {
	ID          int64
	Name        string
	Description string
	Records     int                 // results recorded
	Models      []string            // ascending
	Knobs       map[string][]string // every knob and its values, ascending
}

// KnobNames returns the names of the task's knobs, ascending.
func (t *TaskInfo) KnobNames() []string { return sweep.SortedKeys(t.Knobs) }

// Varying returns the knobs that take two or more values, ascending.
func (t *TaskInfo) Varying() []string {
	var out []string
	for _, k := range sweep.SortedKeys(t.Knobs) {
		if len(t.Knobs[k]) > 1 {
			out = append(out, k)
		}
	}
	return out
}

// List describes every task of the database at path (empty: the demo).
func List(path string) ([]TaskInfo, error) {
	tasks, _, _, err := load(path)
	if err != nil {
		return nil, err
	}
	out := make([]TaskInfo, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, TaskInfo{ID: t.ID, Name: t.Name, Description: t.Description,
			Records: len(t.Records), Models: t.Models(), Knobs: t.KnobValues()})
	}
	return out, nil
}
