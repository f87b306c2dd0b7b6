package mnndb

import "database/sql"

// ResultCounts returns the number of results of each task, by task id,
// counted by SQLite without reading them (what list shows beside
// TaskSummaries).
func (d *DB) ResultCounts() (map[int64]int, error) {
	counts := map[int64]int{}
	err := d.read(func(tx *sql.Tx) error {
		clear(counts)
		rows, err := tx.Query(`SELECT s.task_id, count(*) FROM benchmark_results r
			JOIN case_definitions c ON c.id = r.case_id
			JOIN suites s ON s.id = c.suite_id
			GROUP BY s.task_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id any
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			if t, ok := id.(int64); ok {
				counts[t] = n
			}
		}
		return rows.Err()
	})
	return counts, err
}
