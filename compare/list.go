package compare

import (
	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/mnndb"
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
// It reads the tasks' cases and counts their results, without reading the
// results themselves: memory grows with the cases' distinct knob sets, not
// with the number of results.
func List(path string) ([]TaskInfo, error) {
	if path != "" && !mnndb.HasTable(path, "tasks") && mnndb.HasTable(path, llamabench.Table) {
		tasks, _, _, err := load(path) // a llama-bench table: read in place, one task
		if err != nil {
			return nil, err
		}
		return taskInfos(tasks, nil), nil
	}
	db, _, err := openHinted(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tasks, err := db.TaskSummaries()
	if err != nil {
		return nil, err
	}
	counts, err := db.ResultCounts()
	if err != nil {
		return nil, err
	}
	return taskInfos(tasks, counts), nil
}

// taskInfos describes tasks; counts gives the results of each task by id
// (nil: the tasks hold their records).
func taskInfos(tasks []*sweep.Task, counts map[int64]int) []TaskInfo {
	out := make([]TaskInfo, 0, len(tasks))
	for _, t := range tasks {
		n := len(t.Records)
		if counts != nil {
			n = counts[t.ID]
		}
		out = append(out, TaskInfo{ID: t.ID, Name: t.Name, Description: t.Description,
			Records: n, Models: t.Models(), Knobs: t.KnobValues()})
	}
	return out
}
