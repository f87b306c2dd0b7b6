package compare

import (
	"io"
	"testing"
)

// BenchmarkCheckAutoRealDB measures sweepstat check's work on the real
// database as the command runs it, without -task: the task chosen from
// the summaries of every task (mnndb.DB.ReadChosen), its analysis, the
// gate's text.
func BenchmarkCheckAutoRealDB(b *testing.B) {
	path := realDBPath(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(Spec{DB: path, Correction: Holm})
		if err != nil {
			b.Fatal(err)
		}
		if err := res.WriteCheck(io.Discard, FormatText, English); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBig measures reading a big database alone, as report and
// compare read it (loadSelected: the task list, then the task's records).
func BenchmarkLoadBig(b *testing.B) {
	path := bigDB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, _, err := loadSelected(path, "", "dynamicOption", "", nil); err != nil {
			b.Fatal(err)
		}
	}
}
