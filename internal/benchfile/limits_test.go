package benchfile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A UTF-8 byte-order mark at the start of a file is skipped; it used to
// glue itself to the first line and hide its result.
func TestBOM(t *testing.T) {
	text := "\ufeffBenchmarkFoo 1 5 ns/op\nBenchmarkFoo 1 6 ns/op\n"
	p := writeFile(t, t.TempDir(), "bom.txt", text)
	task, err := benchfile.Read([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	if len(task.Records) != 1 || len(task.Records[0].Runs()) != 2 {
		t.Errorf("Read: %d records, runs %v; want 1 record with 2 runs", len(task.Records), task.Records[0].Runs())
	}
	recs, err := benchfile.Parse(strings.NewReader(text), "bom.txt")
	if err != nil || len(recs) != 2 || recs[0].Where != "bom.txt:1" {
		t.Errorf("Parse: %d records, %v; want 2, the first at bom.txt:1", len(recs), err)
	}
}

// A line longer than benchfmt can read is an error naming that line (it
// was "bufio.Scanner: token too long" at the line before), whatever comes
// before it; a line of exactly MaxLine bytes is read.
func TestLongLine(t *testing.T) {
	ok := "BenchmarkFoo 1 5 ns/op\n"
	long := "BenchmarkFoo 1 5 ns/op " + strings.Repeat("x", benchfile.MaxLine) + "\n"
	for _, tt := range []struct {
		text, want string
	}{
		{ok + ok + long + ok, "long.txt:3: line longer than 65535 bytes (the limit of the Go benchmark format)"},
		{long, "long.txt:1: line longer than 65535 bytes (the limit of the Go benchmark format)"},
		{"\ufeff" + long, "long.txt:1: line longer than 65535 bytes (the limit of the Go benchmark format)"},
		{ok + strings.Repeat("y", 1<<20), "long.txt:2: line longer than 65535 bytes (the limit of the Go benchmark format)"},
		{ok + "BenchmarkBar" + strings.Repeat("z", benchfile.MaxLine-len("BenchmarkBar 1 5 ns/op")) + " 1 5 ns/op\n", ""},
		{ok + "BenchmarkBar" + strings.Repeat("z", benchfile.MaxLine-len("BenchmarkBar 1 5 ns/op")) + " 1 5 ns/op", ""},
	} {
		p := writeFile(t, t.TempDir(), "long.txt", tt.text)
		_, errRead := benchfile.Read([]string{p})
		_, errParse := benchfile.Parse(strings.NewReader(tt.text), p)
		for name, err := range map[string]error{"Read": errRead, "Parse": errParse} {
			want := strings.Replace(tt.want, "long.txt", p, 1)
			if tt.want == "" {
				if err != nil {
					t.Errorf("%s of a line of %d bytes: %v", name, benchfile.MaxLine, err)
				}
				continue
			}
			if err == nil || err.Error() != want {
				t.Errorf("%s: error %v, want %q", name, err, want)
			}
		}
	}
}

// Reader streams what Parse returns, in the same order.
func TestReaderStreams(t *testing.T) {
	var b strings.Builder
	b.WriteString("goos: linux\npkg: a\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "BenchmarkFoo/n=%d-8 10 %d ns/op %d B/op\n", i%5, 100+i, 1+i%3)
	}
	want, err := benchfile.Parse(strings.NewReader(b.String()), "s.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := benchfile.NewReader(strings.NewReader(b.String()), "s.txt")
	var got []sweep.Record
	for r.Scan() {
		got = append(got, *r.Record())
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Reader vs Parse (-Parse +Reader):\n%s", diff)
	}
	if len(got) != 2000 {
		t.Errorf("%d records, want 2000", len(got))
	}
	r = benchfile.NewReader(strings.NewReader("PASS\n"), "empty.txt")
	if r.Scan() || r.Err() == nil || r.Err().Error() != "empty.txt: no benchmark results" {
		t.Errorf("Reader of text without results: err %v", r.Err())
	}
}

// Long names from a benchmark name are shortened as they are read.
func TestReadLongNames(t *testing.T) {
	long := strings.Repeat("m", 1000)
	text := "BenchmarkPP/model=" + long + "/size=64/k=" + long + " 1 5 tokens/sec\n"
	p := writeFile(t, t.TempDir(), "long.txt", text)
	task, err := benchfile.Read([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	r := task.Records[0]
	if r.Model != safename.Shorten(long) || r.Knobs["k"] != safename.Shorten(long) || r.Knobs[benchfile.Option] != "long.txt" {
		t.Errorf("model %d bytes, knob k %d bytes, file %q; want %d, %d, long.txt", len(r.Model), len(r.Knobs["k"]), r.Knobs[benchfile.Option], safename.MaxName, safename.MaxName)
	}
}
