package benchfile

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sweepstat/sweepstat/internal/sweep"
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
	// What the fast reader must read as benchfmt does, or leave to it.
	"pkg:a\nBenchmarkFoo 1 5 ns/op\npkg: b \nBenchmarkFoo 1 6 ns/op\npkg:\t\tc\nBenchmarkFoo 1 7 ns/op\npkg:   \nBenchmarkFoo 1 8 ns/op\nPkg: d\nBenchmarkFoo 1 9 ns/op\n",
	"pKg: x\npk g: y\np:kg: z\n9pkg: w\nBenchmarkFoo 1 5 ns/op\nsweepstat-task:\nsweepstat-task: t1\nBenchmarkBar 1 5 ns/op\n",
	"BenchmarkFoo 1 5 ns/op\r\nBenchmarkFoo 1 6 ns/op\r\r\nBenchmarkFoo\t1\t7\tns/op\nBenchmarkFoo\v1\f8 ns/op",
	"Benchmark\nBenchmark 1 5 ns/op\nBenchmarkFoo \nBenchmarkFoo\t\n",
	"BenchmarkFoo 1 5 ns/op 6\n",
	"BenchmarkFoo 1\n",
	"BenchmarkFoo +1 5 ns/op\nBenchmarkFoo -1 5 ns/op\nBenchmarkFoo 1234567890123456789 5 ns/op\n",
	"BenchmarkFoo 1 1e5 ns/op\nBenchmarkFoo 1 1.5E+3 ns/op\nBenchmarkFoo 1 .5 ns/op\nBenchmarkFoo 1 5. ns/op\nBenchmarkFoo 1 2.5e-3 ns/op\n",
	"BenchmarkFoo 1 123456789012345678 ns/op\nBenchmarkFoo 1 1234567890123456789012 ns/op\nBenchmarkFoo 1 00012 ns/op\n",
	"BenchmarkFoo 1 1_000 ns/op\n",
	"BenchmarkFoo 1 0x10 ns/op\n",
	"BenchmarkFoo 1 inf ns/op\n",
	"BenchmarkFoo 1 +5 ns/op\n",
	"BenchmarkFoo 1 1e400 ns/op\n",
	"BenchmarkFoo 1 1e-400 ns/op 3 B/op\n",
	"BenchmarkFoo 1 . ns/op\n",
	"BenchmarkFoo 1 5e ns/op\n",
	"BenchmarkFoo 1 5 MB/s 0 B/op 7 allocs/op 1.5 ms/op 3 us/op\n",
	"BenchmarkFoo 1 5 ns/op\nBenchmarkFoo\u00a01 5 ns/op\nBenchmarkF\u00e9e 1 5 ns/op\n",
	"cpu: caf\u00e9\nBenchmarkFoo 1 5 ns/op\n",
	"BenchmarkFoo 1 5 ns/op\nUnit ns/op better=lower\nUnitx: y\nBenchmarkFoo 1 6 ns/op\n",
	"BenchmarkPP/model=m/size=1 1 5 t/s\nBenchmarkFoo 1 5 ns/op\n",
	"BenchmarkFoo 1 5 ns/op\n" + strings.Repeat("x", MaxLine) + "\nBenchmarkFoo 1 6 ns/op\n",
	"BenchmarkFoo 1 5 ns/op\n" + strings.Repeat("x", MaxLine+1) + "\n",
	"BenchmarkFoo 1 5 ns/op\n" + strings.Repeat("x", MaxLine+1),
	"BenchmarkA 1 1 x\nBenchmarkB 1 2 x\nBenchmarkA 1 3 x\nBenchmarkA 1 4 y\nBenchmarkA 1 5 x 6 y\n",
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
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
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

// withInvocationNames returns a copy of task whose records hold their
// invocation's name (InvocationName) in a Case of their own, and their
// location in Where alone, as the reference reader makes them; and checks that the records named by their
// location share their Cases (one per Origin — file and package — and
// knob map).
func withInvocationNames(t *testing.T, task *sweep.Task) *sweep.Task {
	t.Helper()
	out := *task
	out.Records = make([]sweep.Record, len(task.Records))
	shared := map[*sweep.Case]bool{}
	for i, r := range task.Records {
		if name := r.InvocationName(); name != r.Invocation {
			shared[r.Case] = true
			r.OwnCase().Invocation = name
		}
		r.Where, r.At = r.Location(), 0
		out.Records[i] = r
	}
	type pair struct {
		origin *sweep.Origin
		knobs  uintptr
	}
	pairs := map[pair]bool{}
	for c := range shared {
		pairs[pair{c.Origin, reflect.ValueOf(c.Knobs).Pointer()}] = true
	}
	if len(shared) > len(pairs) {
		t.Errorf("%d Cases named by location for %d pairs of Origin and knob map: not shared", len(shared), len(pairs))
	}
	return &out
}

func checkAgainstReference(t *testing.T, paths, labels []string) {
	t.Helper()
	for i, p := range paths { // the fast reader, where it reads, reads as benchfmt does
		fast, ok := fastParse(p, labels[i])
		if !ok {
			continue
		}
		slow, err := slowParse(p, labels[i])
		if err != nil {
			t.Errorf("%s: fast reader read a file benchfmt fails on (%v)", p, err)
			continue
		}
		if fr, sr := built(fast), built(slow); !reflect.DeepEqual(fr, sr) {
			t.Errorf("%s: (-benchfmt +fast):\n%s", p, cmp.Diff(sr, fr))
		}
	}
	want, wantErr := refReadLabelled(paths, labels)
	for _, concurrent := range []bool{false, true} {
		got, err := readAll(paths, labels, concurrent)
		if (wantErr == nil) != (err == nil) || wantErr != nil && wantErr.Error() != err.Error() {
			t.Errorf("%v (concurrent %v): error %v, want %v", paths, concurrent, err, wantErr)
			continue
		}
		if got != nil {
			got = withInvocationNames(t, got)
		}
		if reflect.DeepEqual(want, got) {
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v (concurrent %v): (-reference +got):\n%s", paths, concurrent, diff)
		}
	}
}

// built returns the records of p.
func built(p *parsed) []sweep.Record {
	out := make([]sweep.Record, p.entries.len())
	p.build(out)
	return out
}

// The fast reader reads go test's output and the generated files of the
// benchmarks itself.
func TestFastParseReads(t *testing.T) {
	dir := t.TempDir()
	for i, text := range append([]string{refInputs[0], refInputs[4]}, bigInputs()...) {
		p := filepath.Join(dir, fmt.Sprintf("f%d.txt", i))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := fastParse(p, "x"); !ok {
			t.Errorf("input %d: fastParse declined", i)
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

// BenchmarkParse reads one file of 51,200 benchmarks × 10 samples (issue
// 11's shape, $SWEEPSTAT_BENCH_OLD when set) through benchfmt.Reader
// (slow) and the fast reader.
func BenchmarkParse(b *testing.B) {
	path := os.Getenv("SWEEPSTAT_BENCH_OLD")
	if path == "" {
		var w strings.Builder
		w.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/sweep\n")
		for i := range 51200 {
			for s := range 10 {
				fmt.Fprintf(&w, "BenchmarkSweep/case=%06d-2 \t 1000\t %d.%02d ns/op\n", i, 1000+i%977, s*7%100)
			}
		}
		path = filepath.Join(b.TempDir(), "old.txt")
		if err := os.WriteFile(path, []byte(w.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name  string
		parse func(path, label string) (*parsed, error)
	}{{"benchfmt", slowParse}, {"fast", parse}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.parse(path, "old"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// plainFloat gives strconv.ParseFloat's value, through its exact path or
// not, for decimals of every length and point position.
func TestPlainFloat(t *testing.T) {
	for _, s := range []string{"0", "00012", "5.", ".5", "1234.56", "9007199254740991", "9007199254740993", "9007199254740993.5",
		"0.1", "0.3", "123456789012345678", "1.0000000000000000000000001", "1e5", "2.5E-3", "1e+22", "4.9e-324", "1e-400"} {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := plainFloat([]byte(s))
		if ok != (err == nil) || ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("plainFloat(%q) = %v, %v; ParseFloat %v, %v", s, got, ok, want, err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		digits := make([]byte, 1+rng.IntN(20))
		for i := range digits {
			digits[i] = byte('0' + rng.IntN(10))
		}
		s := string(digits)
		if p := rng.IntN(len(digits) + 1); rng.IntN(4) > 0 {
			s = s[:p] + "." + s[p:]
		}
		want, err := strconv.ParseFloat(s, 64)
		got, ok := plainFloat([]byte(s))
		if ok != (err == nil) || ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("plainFloat(%q) = %v, %v; ParseFloat %v, %v", s, got, ok, want, err)
		}
	}
}

// writeIn writes text to the file name in dir and returns its path.
func writeIn(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
