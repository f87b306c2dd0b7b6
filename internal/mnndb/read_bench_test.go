package mnndb_test

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/demo"
	"github.com/sweepstat/sweepstat/internal/mnndb"
)

// benchDB opens $SWEEPSTAT_BENCH_DB (a file made by
// go run ./internal/demo/gendemo -big N | sqlite3 FILE), else an
// in-memory sweep of 4 models × 64 × 16 × 1 round (16,384 results).
func benchDB(b *testing.B) *mnndb.DB {
	b.Helper()
	var db *mnndb.DB
	var err error
	if p := os.Getenv("SWEEPSTAT_BENCH_DB"); p != "" {
		db, err = mnndb.Open(p)
	} else {
		var sb strings.Builder
		if err := demo.WriteBigSQL(&sb, demo.Big{Rounds: 1}); err != nil {
			b.Fatal(err)
		}
		db, err = mnndb.FromSQL("big.db", sb.String())
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkReadTasksBig measures reading every result of a big database
// into records, as report does; it reports the heap the records hold
// (live-MB) and per record (live-B/rec).
func BenchmarkReadTasksBig(b *testing.B) {
	db := benchDB(b)
	list, err := db.TaskList()
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, t := range list {
		ids = append(ids, t.ID)
	}
	b.ReportAllocs()
	var live uint64
	n := 0
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		tasks, err := db.ReadTasks(ids)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		live = after.HeapAlloc - before.HeapAlloc
		n = 0
		for _, t := range tasks {
			n += len(t.Records)
		}
		runtime.KeepAlive(tasks)
		b.StartTimer()
	}
	b.ReportMetric(float64(live)/1e6, "live-MB")
	b.ReportMetric(float64(live)/float64(n), "live-B/rec")
}
