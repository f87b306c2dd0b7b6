package benchfile

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
