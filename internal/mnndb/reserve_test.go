package mnndb

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// reserveRuns gives each task it counts at least the capacity of its
// results (reserve's join count), and no more than that plus the results
// of no case; a task of more than maxRuns runs of cases is left to
// reserve.
func TestReserveRunsBoundsJoin(t *testing.T) {
	var b strings.Builder
	b.WriteString(Schema)
	b.WriteString(`INSERT INTO tasks (id, name, original_yaml) VALUES (1, 'a', ''), (2, 'b', ''), (3, 'many', '');
INSERT INTO suites (id, task_id, name, model_name, model_path) VALUES (1, 1, 's', 'm', ''), (2, 2, 's', 'm', ''), (3, 3, 's', 'm', '');
`)
	// Task 1: cases 1-10 and 21-30 (two runs); task 2: 11-20, whose
	// results stop at 15; case 31 of no suite; tasks 2 and 3 alternate
	// from 40 on, more than maxRuns runs each. Case 5 has no results; an
	// orphan result in task 1's range (id 26 is no case) and one of id
	// 1000.
	caseOf := map[int]int{}
	for id := 1; id <= 30; id++ {
		caseOf[id] = 1
		if id > 10 && id <= 20 {
			caseOf[id] = 2
		}
	}
	delete(caseOf, 26)
	for id := 40; id < 40+4*maxRuns; id++ {
		caseOf[id] = 2 + id%2 // 2 or 3
	}
	for id, s := range caseOf {
		fmt.Fprintf(&b, "INSERT INTO case_definitions (id, suite_id, name, base_parameters) VALUES (%d, %d, 'c%d', '{}');\n", id, s, id)
	}
	b.WriteString("INSERT INTO case_definitions (id, suite_id, name, base_parameters) VALUES (31, 99, 'x', '{}');\n")
	r := 0
	for id := range 40 + 4*maxRuns {
		if _, ok := caseOf[id]; (ok || id == 26 || id == 31) && id != 5 && !(id > 15 && id <= 20) {
			for _, phase := range []string{"pp", "tg"} {
				r++
				fmt.Fprintf(&b, "INSERT INTO benchmark_results (id, case_id, result_type, result_parameter, mean_value) VALUES (%d, %d, '%s', '64', 1);\n", r, id, phase)
			}
		}
	}
	fmt.Fprintf(&b, "INSERT INTO benchmark_results (id, case_id, result_type, result_parameter, mean_value) VALUES (%d, 1000, 'pp', '64', 1);\n", r+1)
	d, err := FromSQL("runs", b.String())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = d.read(func(tx *sql.Tx) error {
		all, byID, err := d.readTasks(tx)
		if err != nil {
			return err
		}
		cases, err := d.readCases(tx, "1, 2, 3", true, byID, true)
		if err != nil {
			return err
		}
		for _, chosen := range [][]*sweep.Task{{all[0]}, {all[1]}, {all[2]}, {all[0], all[1]}, all[1:]} {
			for _, t := range all {
				t.Records = nil
			}
			counted, err := reserveRuns(tx, chosen, cases)
			if err != nil {
				return err
			}
			for _, task := range chosen {
				var want, orphans int
				if err := tx.QueryRow(`SELECT count(*) FROM benchmark_results r JOIN case_definitions c ON c.id = r.case_id
					JOIN suites s ON s.id = c.suite_id WHERE s.task_id = ?`, task.ID).Scan(&want); err != nil {
					return err
				}
				if err := tx.QueryRow(`SELECT count(*) FROM benchmark_results r LEFT JOIN case_definitions c ON c.id = r.case_id
					LEFT JOIN suites s ON s.id = c.suite_id WHERE s.id IS NULL`).Scan(&orphans); err != nil {
					return err
				}
				switch {
				case task.ID != 1 && counted[task]:
					t.Errorf("task %d (more than %d runs) counted by runs", task.ID, maxRuns)
				case task.ID == 1 && !counted[task]:
					t.Errorf("task 1 not counted by runs")
				case counted[task] && (cap(task.Records) < want || cap(task.Records) > want+orphans):
					t.Errorf("task %d: capacity %d, want %d to %d", task.ID, cap(task.Records), want, want+orphans)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
