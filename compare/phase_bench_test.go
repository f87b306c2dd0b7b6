package compare

import (
	"io"
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// BenchmarkCheckPhasesRealDB splits BenchmarkCheckAutoRealDB into its
// phases, each timed alone on the real database: opening it (the schema
// check); loadSelected, opening included (the summaries of every case,
// the choice, the chosen task's results); the selection and analysis of
// the loaded task; the gate's text. A fresh process pays more for each
// (page faults, empty caches): sweepstat check spends about 6 ms loading
// and 3 ms analysing where these take 4.5 and 2.8.
func BenchmarkCheckPhasesRealDB(b *testing.B) {
	path := realDBPath(b)
	spec := Spec{DB: path, Correction: Holm}
	cfg, err := spec.config()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("open", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			db, err := mnndb.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, _, _, err := loadSelected(path, "", sweep.DefaultOption, "", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	tasks, pick, source, _, err := loadSelected(path, "", sweep.DefaultOption, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("analysis", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			task, err := sweep.PickTasks(tasks, "", pick, "", nil)
			if err != nil {
				b.Fatal(err)
			}
			sel, err := sweep.SelectValues(task, pick, "", nil, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := analysis.Build(sel, source, false, cfg); err != nil {
				b.Fatal(err)
			}
		}
	})
	res, err := Run(spec)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := res.WriteCheck(io.Discard, FormatText, English); err != nil {
				b.Fatal(err)
			}
		}
	})
}
