package benchfile

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Reading the files at the same time gives what reading them in turn
// gives: the task, or the first file's error.
func TestReadLabelledConcurrently(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	var a, b strings.Builder
	a.WriteString("pkg: example.com/x\nUnit ns/op better=lower\n")
	b.WriteString("pkg: example.com/x\n")
	for i := range 300 {
		for s := range 3 {
			a.WriteString("BenchmarkF/n=" + string(rune('a'+i%26)) + "-2 10 " + string(rune('1'+s)) + "00 ns/op 3 B/op\n")
			b.WriteString("BenchmarkF/n=" + string(rune('a'+i%26)) + "-2 10 " + string(rune('2'+s)) + "00 ns/op\n")
		}
	}
	old, nw := write("old.txt", a.String()), write("new.txt", b.String())
	empty, bad := write("empty.txt", "pkg: x\n"), write("bad.txt", "BenchmarkF 10 notanumber ns/op\n")
	for _, paths := range [][]string{{old, nw}, {nw, old, old}, {old, empty}, {bad, empty}, {empty, bad}, {old, bad, empty}, {old, filepath.Join(dir, "missing.txt")}} {
		labels := Labels(paths)
		want, wantErr := ReadLabelled(paths, labels)
		got, gotErr := ReadLabelledConcurrently(paths, labels)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Errorf("%v: error %v, ReadLabelled's %v", paths, gotErr, wantErr)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v: (-ReadLabelled +ReadLabelledConcurrently):\n%s", paths, diff)
		}
	}
}

// The records of one benchmark in two files share one Test, its names
// shortened already, so that the files' concurrent builds never write it
// (run under -race): a long name and unit, a name only one file has, and
// a name sweepstat wrote, which keeps a Test of its own per file.
func TestSharedTests(t *testing.T) {
	dir := t.TempDir()
	long := "BenchmarkF/" + strings.Repeat("n", 600)
	unit := strings.Repeat("u", 300) + "/op"
	old := writeIn(t, dir, "old.txt", long+" 1 5 "+unit+"\n"+long+" 1 6 "+unit+"\nBenchmarkOnlyOld 1 7 ns/op\nBenchmarkPP/model=m/size=64 1 9 tokens/sec\n")
	nw := writeIn(t, dir, "new.txt", long+" 1 5 "+unit+"\nBenchmarkPP/model=m/size=64 1 8 tokens/sec\n")
	task, err := ReadLabelledConcurrently([]string{old, nw}, Labels([]string{old, nw}))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string][]*sweep.Test{}
	for i := range task.Records {
		r := &task.Records[i]
		if len(r.Size) > safename.MaxName || len(r.Unit) > safename.MaxName || len(r.Phase) > safename.MaxName {
			t.Errorf("record %d: names of %d, %d, %d bytes, want at most %d", i, len(r.Size), len(r.Unit), len(r.Phase), safename.MaxName)
		}
		k := r.Size + " " + r.Phase
		tests[k] = append(tests[k], r.Test)
	}
	if len(tests) != 3 {
		t.Fatalf("%d benchmarks, want 3: %v", len(tests), tests)
	}
	for k, ts := range tests {
		switch {
		case strings.HasPrefix(k, "OnlyOld"):
			if len(ts) != 1 {
				t.Errorf("%s: %d records, want 1", k, len(ts))
			}
		case len(ts) != 2:
			t.Errorf("%s: %d records, want 2", k, len(ts))
		case strings.HasPrefix(k, "64"): // PP/model=m/size=64: sweepstat's name
			if ts[0] == ts[1] {
				t.Errorf("%s: the files share a Test; want one each", k)
			}
		default:
			if ts[0] != ts[1] {
				t.Errorf("%s: a Test per file, want one shared", k)
			}
		}
	}
}
