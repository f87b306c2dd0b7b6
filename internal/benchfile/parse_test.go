package benchfile

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refInputs are files of every kind the reader meets: go test output with
// -count (interleaved benchmarks) and -benchmem (0 values), sweepstat's
// own names, several packages, units with a direction, long names, syntax
// errors and values that are no numbers.
var refInputs = []string{
	"goos: linux\npkg: example.com/foo\nBenchmarkFoo-8 1000 1234 ns/op 56 B/op 2 allocs/op\nBenchmarkBar-8 500 2000 ns/op 0 B/op 0 allocs/op\n" +
		"BenchmarkFoo-8 1000 1250 ns/op 56 B/op 2 allocs/op\nBenchmarkBar-8 500 2100 ns/op 0 B/op 0 allocs/op\nBenchmarkFoo-8 1000 1240 ns/op 64 B/op 2 allocs/op\nPASS\n",
	"sweepstat-task: 1 (t)\nUnit tokens/sec better=higher\n\nBenchmarkPP/model=m/size=64/threads=4 1 66.74 tokens/sec\nBenchmarkTG/model=m/size=16 1 20 tokens/sec\nBenchmarkPP/model=m/size=64/threads=4 1 67 tokens/sec\n",
	"BenchmarkPp+Tg/model=m/size=64/file=x 1 5 tokens/sec\nBenchmarkpp/model=/size=1 1 3 t/s\nBenchmarkPP/model=m/size=64-4 1 6 t/s\nBenchmarkPP/model=m/size=64/novalue 1 6 t/s\n",
	"pkg: a\nUnit ns/op better=lower\nBenchmarkFoo-8 10 100 ns/op 5 frames/op 0 B/op\npkg: b\nBenchmarkFoo-8 10 110 ns/op\npkg: a\nBenchmarkFoo-8 10 105 ns/op\npkg:\nBenchmarkFoo-8 10 1 ns/op\n",
	"BenchmarkFoo 1 5 MB/s\nBenchmarkFoo 1 2.5e3 MB/s\nBenchmarkFoo 1 3 MB/s 4 ns/op\nBenchmarkFoo 1 4 ns/op 3 MB/s\n",
	"sweepstat-task: a\nBenchmarkA 1 1 x\nsweepstat-task: b\nBenchmarkA 1 2 x\nBenchmarkB 1 2 x\nsweepstat-task:\nBenchmarkC 1 3 x\nUnit x better=higher\n",
	"BenchmarkFoo\nBenchmarkFoo-8 1 5 ns/op\n",
	"Unit x better=sideways\nBenchmarkFoo 1 5 x\n",
	"BenchmarkFoo 1 5\n",
	"BenchmarkFoo x 5 ns/op\n",
	"BenchmarkFoo 1 -5 ns/op\n",
	"BenchmarkFoo 1 5 ns/op\nBenchmarkFoo 1 NaN ns/op\n",
	"goos: linux\nPASS\n",
	"",
	"\ufeffBenchmarkFoo 1 5 ns/op\n",
	"BenchmarkFoo/" + strings.Repeat("x", 300) + " 1 5 ns/op\nBenchmarkPP/model=" + strings.Repeat("m", 300) + "/size=1 1 5 t/s\n",
}

// bigInputs are files of more values than a chunk holds: many benchmarks
// of a few values, one benchmark of many, the same interleaved.
func bigInputs() []string {
	var many, one, inter strings.Builder
	for b := range 3000 {
		for s := range 1 + b%13 {
			fmt.Fprintf(&many, "BenchmarkF/n=%d-2 1 %d ns/op %d B/op\n", b, 1+b+s, 1+s%2)
		}
	}
	for s := range 40000 {
		fmt.Fprintf(&one, "BenchmarkBig 1 %d ns/op\n", 1+s)
		if s == 20000 {
			one.WriteString("BenchmarkSmall 1 5 ns/op\n")
		}
	}
	for s := range 10 {
		for b := range 2000 {
			fmt.Fprintf(&inter, "BenchmarkF/n=%d-2 1 %d ns/op\n", b, 1+b*s)
		}
	}
	return []string{many.String(), one.String(), inter.String(), one.String() + many.String()}
}

// The reader gives the records, and the errors, of the reference reader
// (one record appended per benchmark), read in turn or concurrently, for
// every input against every other, with long labels too.
func TestReadMatchesReference(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var paths, big []string
	for i, text := range refInputs {
		paths = append(paths, write(fmt.Sprintf("f%d.txt", i), text))
	}
	paths = append(paths, filepath.Join(dir, "missing.txt"))
	for _, a := range paths {
		for _, b := range paths {
			for _, labels := range [][]string{{"old", "new"}, {strings.Repeat("l", 300), "new"}} {
				checkAgainstReference(t, []string{a, b}, labels)
			}
		}
	}
	checkAgainstReference(t, paths[:3], []string{"a", "b", "c"})
	for i, text := range bigInputs() {
		big = append(big, write(fmt.Sprintf("big%d.txt", i), text))
	}
	for i, a := range big {
		checkAgainstReference(t, []string{a, big[(i+1)%len(big)]}, []string{"old", "new"})
		checkAgainstReference(t, []string{paths[0], a}, []string{"old", "new"})
	}
}

func checkAgainstReference(t *testing.T, paths, labels []string) {
	t.Helper()
	want, wantErr := refReadLabelled(paths, labels)
	for _, concurrent := range []bool{false, true} {
		got, err := readAll(paths, labels, concurrent)
		if (wantErr == nil) != (err == nil) || wantErr != nil && wantErr.Error() != err.Error() {
			t.Errorf("%v (concurrent %v): error %v, want %v", paths, concurrent, err, wantErr)
			continue
		}
		if reflect.DeepEqual(want, got) {
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v (concurrent %v): (-reference +got):\n%s", paths, concurrent, diff)
		}
	}
}

// FuzzReadReference holds the reader to the reference on arbitrary text,
// as the old and the new file.
//
//	go test -run '^$' -fuzz FuzzReadReference -fuzztime 20s ./internal/benchfile
func FuzzReadReference(f *testing.F) {
	for i, s := range refInputs {
		f.Add(s, refInputs[(i+1)%len(refInputs)])
	}
	dir := f.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	f.Fuzz(func(t *testing.T, old, nw string) {
		if err := os.WriteFile(a, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(b, []byte(nw), 0o644); err != nil {
			t.Fatal(err)
		}
		checkAgainstReference(t, []string{a, b}, []string{"a", "b"})
	})
}
