package sweep

import (
	"strings"
	"testing"
)

// FuzzParseFilter parses arbitrary -where expressions and applies the
// accepted ones to a small task: no panic; an error or a filter that keeps
// a subset of the records.
//
//	go test -run '^$' -fuzz FuzzParseFilter -fuzztime 20s ./internal/sweep
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"n_prompt<=512", "phase=tg, model=m", "n_prompt<<5", "x and y", "size!=64 AND unit=tokens/sec", "=", "a==b,c>=d", ""} {
		f.Add(s)
	}
	task := &Task{ID: 1, Name: "t", Records: []Record{
		{Test: &Test{Phase: "pp", Size: "64"}, Case: &Case{Origin: &Origin{Model: "m"}, Knobs: map[string]string{"n_prompt": "64", "dynamicOption": "7"}}, Mean: 1},
		{Test: &Test{Phase: "tg", Size: "32"}, Case: &Case{Origin: &Origin{Model: "m"}, Knobs: map[string]string{"n_gen": "32", "dynamicOption": "8"}}, Mean: 2},
	}}
	f.Fuzz(func(t *testing.T, expr string) {
		flt, err := ParseFilter(expr)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "filter") {
				t.Fatalf("error %q", err)
			}
			return
		}
		out, err := flt.Apply(task)
		if err == nil && len(out.Records) > len(task.Records) {
			t.Fatalf("filter %q kept %d of %d records", expr, len(out.Records), len(task.Records))
		}
	})
}
