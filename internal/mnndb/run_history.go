package mnndb

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// A History is what earlier runs recorded for a task: what a rerun skips,
// retries and must agree with.
type History struct {
	// TaskID is the task's id; 0 when there is no such task yet.
	TaskID int64
	// Seed is the seed of the task's first run; 0 when none was recorded.
	Seed int64
	// Keys holds, per invocation key, what its attempts came to.
	Keys map[string]KeyHistory
	// Finished counts the finished (success or forced) invocations;
	// MeanSeconds is their mean duration (0 when none).
	Finished    int
	MeanSeconds float64
	// Runs counts the earlier runs.
	Runs int
}

// KeyHistory is the record of one invocation key.
type KeyHistory struct {
	Attempts int    // attempts recorded, warm-ups excluded
	Finished bool   // one of them finished
	Knobs    string // knobs_json of its latest attempt
	Round    int
}

// History reads the task's history from the open database.
func (d *RunDB) History(task string) (*History, error) {
	return readHistory(d.db, d.path, task)
}

// ReadHistory reads the history of the task named task from the database
// at path, opened read-only; a missing file, or one without run tables,
// gives an empty History.
func ReadHistory(path, task string) (*History, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return &History{Keys: map[string]KeyHistory{}}, nil
	}
	uri, err := ReadOnlyURI(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer db.Close()
	return readHistory(db, path, task)
}

func readHistory(db *sql.DB, path, task string) (*History, error) {
	h := &History{Keys: map[string]KeyHistory{}}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tasks', 'sweepstat_runs', 'sweepstat_invocations')`).Scan(&n); err != nil {
		return nil, wrapNotDB(fmt.Errorf("reading %s: %w", path, err), path)
	}
	if n == 0 {
		return h, nil
	}
	err := db.QueryRow(`SELECT id FROM tasks WHERE name = ? ORDER BY id LIMIT 1`, task).Scan(&h.TaskID)
	if err == sql.ErrNoRows || n < 3 {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var seed sql.NullInt64
	if err := db.QueryRow(`SELECT (SELECT seed FROM sweepstat_runs WHERE task_id = ?1 AND seed IS NOT NULL AND seed != 0 ORDER BY id LIMIT 1),
		(SELECT count(*) FROM sweepstat_runs WHERE task_id = ?1)`, h.TaskID).Scan(&seed, &h.Runs); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	h.Seed = seed.Int64
	rows, err := db.Query(`SELECT invocation_key, status, COALESCE(knobs_json, ''), round, duration_seconds FROM sweepstat_invocations
		WHERE task_id = ? AND warmup = 0 ORDER BY id`, h.TaskID)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer rows.Close()
	var sum float64
	for rows.Next() {
		var key, status, knobs string
		var round int
		var secs float64
		if err := rows.Scan(&key, &status, &knobs, &round, &secs); err != nil {
			return nil, fmt.Errorf("reading %s: sweepstat_invocations: %w", path, err)
		}
		k := h.Keys[key]
		k.Attempts++
		k.Knobs, k.Round = knobs, round
		if Finished(status) && !k.Finished {
			k.Finished = true
			h.Finished++
			sum += secs
		}
		h.Keys[key] = k
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if h.Finished > 0 {
		h.MeanSeconds = sum / float64(h.Finished)
	}
	return h, nil
}
