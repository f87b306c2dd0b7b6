package compare

import (
	"io"
	"testing"
)

// BenchmarkReportDemo measures a whole report of the demo database: loading,
// analysis and every renderer (Markdown, CSV, charts, benchfmt), written to
// io.Discard. scripts/bench-report.sh measures the command end to end.
func BenchmarkReportDemo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(Spec{})
		if err != nil {
			b.Fatal(err)
		}
		files, err := res.Files(ReportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if err := f.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRunDemo measures loading and analysis alone.
func BenchmarkRunDemo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(Spec{}); err != nil {
			b.Fatal(err)
		}
	}
}
