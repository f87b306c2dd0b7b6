package analysis_test

import (
	"fmt"
	"testing"

	"github.com/sweepstat/sweepstat/internal/analysis"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// BenchmarkBuildBenchfmtShape measures Build on the records of two Go
// benchmark files of 5,120 benchmarks × 10 runs each (the shape of issue
// 11's million-sample comparison, a tenth of it): records that share one
// knob map per file, each holding its runs.
func BenchmarkBuildBenchfmtShape(b *testing.B) {
	var recs []sweep.Record
	for f, file := range []string{"old.txt", "new.txt"} {
		knobs := map[string]string{"file": file}
		for i := range 5120 {
			runs := make([]float64, 10)
			for s := range runs {
				runs[s] = 1000 + float64(i%977) + float64((s*7+f*3)%11)
			}
			recs = append(recs, sweep.Record{Test: &sweep.Test{Phase: "sec/op", Unit: "sec/op", Size: fmt.Sprintf("Sweep/case=%06d-2", i)}, Case: &sweep.Case{Origin: &sweep.Origin{Task: file, Model: "example.com/sweep"}, Knobs: knobs},
				Values: runs, Folded: true, Mean: runs[0], Where: file})
		}
	}
	task := &sweep.Task{ID: 1, Name: "benchfmt files", Records: recs}
	b.ReportAllocs()
	for b.Loop() {
		sel, err := sweep.SelectValues(task, "file", "old.txt", []string{"new.txt"}, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := analysis.Build(sel, "bench", false, analysis.DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
}
