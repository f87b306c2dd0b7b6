package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDetect checks format detection on fixtures of every format and on
// text that is none of them. Detection reads content, never names: the
// files are copied under a neutral name first.
func TestDetect(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ src, want string }{
		{"../llamabench/testdata/small.json", FormatLlamaJSON},
		{"../llamabench/testdata/small.jsonl", FormatLlamaJSON},
		{"../llamabench/testdata/small.csv", FormatLlamaCSV},
		{"../llamabench/testdata/small.sql", FormatLlamaSQL},
		{"../../fixtures/llamabench/two_builds.sql", FormatLlamaSQL},
	} {
		b, err := os.ReadFile(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "input")
		os.WriteFile(p, b, 0o666)
		if got := Detect(b); got != tc.want {
			t.Errorf("Detect(%s) = %q, want %q", tc.src, got, tc.want)
		}
		f, err := Read(p)
		if err != nil || len(f.Records) == 0 {
			t.Errorf("Read(%s) = %v records, %v", tc.src, f, err)
		}
	}
	for text, want := range map[string]string{
		"| model | modelSize | backend | threads | precision | test | t/s |\n| --- | ---: | --- | ---: | --- | --- | ---: |\n| M | 1 MiB | CPU | 4 | Low | pp64 | 66.74 ± 0.02 |\n": FormatLLMBench,
		"goos: linux\nBenchmarkX-8  100  5 ns/op\n": FormatBenchfmt,
		"just some notes\n":                         "",
		"":                                          "",
	} {
		if got := Detect([]byte(text)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestApplyStable: the invocation id depends on content and -set knobs, not
// on the path, and -set overrides knobs.
func TestApplyStable(t *testing.T) {
	b, err := os.ReadFile("../llamabench/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, c := filepath.Join(dir, "a.json"), filepath.Join(dir, "sub-c.json")
	os.WriteFile(a, b, 0o666)
	os.WriteFile(c, b, 0o666)
	fa, _ := Read(a)
	fc, _ := Read(c)
	fa.Apply(map[string]string{"round": "1"})
	fc.Apply(map[string]string{"round": "1"})
	if fa.Records[0].Invocation != fc.Records[0].Invocation {
		t.Errorf("same content, same -set: ids %q and %q differ", fa.Records[0].Invocation, fc.Records[0].Invocation)
	}
	fb, _ := Read(a)
	fb.Apply(map[string]string{"round": "2", "n_threads": "x"})
	if fb.Records[0].Invocation == fa.Records[0].Invocation {
		t.Errorf("different -set gives the same id %q", fa.Records[0].Invocation)
	}
	if fb.Records[0].Knobs["round"] != "2" {
		t.Errorf("-set round=2 not applied: %v", fb.Records[0].Knobs)
	}
}
