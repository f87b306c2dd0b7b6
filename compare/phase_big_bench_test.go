package compare

import (
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/chart"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// BenchmarkPhasesBig times, on a big database (bigDB: make bench's
// 1,048,576 results with SWEEPSTAT_BENCH_DB), the phases of a report
// between the load and the rendering, each alone: the selection, the
// analysis of a fresh selection (its benchmark key index made untimed
// first), and the chart set. They run mostly on one core: what they cost
// is what a second core cannot hide.
func BenchmarkPhasesBig(b *testing.B) {
	path := bigDB(b)
	cfg, err := (&Spec{DB: path}).config()
	if err != nil {
		b.Fatal(err)
	}
	tasks, pick, source, _, err := loadSelected(path, "", sweep.DefaultOption, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	task, err := sweep.PickTasks(tasks, "", pick, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	sel, err := sweep.SelectValues(task, pick, "", nil, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	a, err := analysis.Build(sel, source, false, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("select", func(b *testing.B) {
		for b.Loop() {
			if _, err := sweep.SelectValues(task, pick, "", nil, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analysis", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s, _ := sweep.SelectValues(task, pick, "", nil, nil, nil)
			s.KeyIndex()
			b.StartTimer()
			if _, err := analysis.Build(s, source, false, cfg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("chartset", func(b *testing.B) {
		for b.Loop() {
			chart.NewSet(sel, a.Result)
		}
	})
}
