package shellwords

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		in        string
		want, bsl []Word // Split, SplitKeepingBackslashes (nil: as Split)
	}{
		{in: "a  b\tc", want: []Word{{Text: "a"}, {Text: "b"}, {Text: "c"}}},
		{in: `'a b' "c \"d\" \$x" e\ f ''`, want: []Word{{Text: "a b"}, {Text: `c "d" $x`}, {Text: "e f"}, {Text: ""}}},
		{in: `x >out 2>&1 | tee y; z && w`, want: []Word{{Text: "x"}, {Text: ">", Op: true}, {Text: "out"}, {Text: "2>&1", Op: true}, {Text: "|", Op: true}, {Text: "tee"}, {Text: "y"}, {Text: ";", Op: true}, {Text: "z"}, {Text: "&&", Op: true}, {Text: "w"}}},
		{in: `'a|b' "c;d" e\|f`, want: []Word{{Text: "a|b"}, {Text: "c;d"}, {Text: "e|f"}}},
		{in: `C:\mnn\llm_bench.exe -p 1`, want: []Word{{Text: "C:mnnllm_bench.exe"}, {Text: "-p"}, {Text: "1"}},
			bsl: []Word{{Text: `C:\mnn\llm_bench.exe`}, {Text: "-p"}, {Text: "1"}}},
		{in: "a \\\n b", want: []Word{{Text: "a"}, {Text: "b"}}},
	} {
		got, err := Split(c.in)
		if err != nil {
			t.Fatalf("Split(%q): %v", c.in, err)
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("Split(%q) (-want +got):\n%s", c.in, d)
		}
		want := c.bsl
		if want == nil {
			want = c.want
		}
		got, err = SplitKeepingBackslashes(c.in)
		if err != nil {
			t.Fatalf("SplitKeepingBackslashes(%q): %v", c.in, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("SplitKeepingBackslashes(%q) (-want +got):\n%s", c.in, d)
		}
	}
	for _, in := range []string{`a 'b`, `a "b`, `"a\"`} {
		if _, err := Split(in); err != ErrUnclosedQuote {
			t.Errorf("Split(%q): %v, want ErrUnclosedQuote", in, err)
		}
	}
}

// Words without operators split as sh splits them.
func TestSplitAsShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, in := range []string{`a 'b c' "d \"e\" \\ f" g\ h '' "" i'j'"k"`, `x\y "a\b" 'c\d'`, "tab\there"} {
		out, err := exec.Command(sh, "-c", "printf '%s\\n' "+in).Output()
		if err != nil {
			t.Fatal(err)
		}
		words, err := Split(in)
		if err != nil {
			t.Fatal(err)
		}
		texts, op := Texts(words)
		if op != "" {
			t.Fatalf("%q: operator %q", in, op)
		}
		if d := cmp.Diff(strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"), texts); d != "" {
			t.Errorf("%q (-sh +Split):\n%s", in, d)
		}
	}
}
