package llmbench

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that every record it returns
// is usable (Validate), carries its knobs as Params, and that every skipped
// row names a line.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, []byte(nil))
	}
	// The real tables and their sidecars, when ../shared is there (CI has it).
	for _, table := range referenceFiles("*_raw.txt") {
		b, err := os.ReadFile(table)
		if err != nil {
			f.Fatal(err)
		}
		sidecar, _ := os.ReadFile(strings.TrimSuffix(table, "_raw.txt") + "_params.json")
		f.Add(b, sidecar)
	}
	f.Add([]byte("| model | modelSize | test | t/s |\n|--|--|--|--|\n| m | 1 | pp1 | 1 ± 0 |\n"),
		[]byte(`{"model": "x", "execution_result": {"command": "llm_bench -p 1 -rep 2 -t 4"}}`))
	f.Add([]byte("| model | llm_demo | speed(tok/s) |\n|--|--|--|\n| m | prompt=1<br>decode=2 | 1 ± 0<br>inf ± nan |\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, content, sidecar []byte) {
		recs, skipped, err := Parse(bytes.NewReader(content), "f_raw.txt", sidecar)
		if err == nil && len(recs) == 0 {
			t.Fatal("no records and no error")
		}
		for _, r := range recs {
			if err := r.Validate(); err != nil {
				t.Fatalf("record fails Validate: %v", err)
			}
			if !strings.HasPrefix(r.Where, "f_raw.txt:") || r.Phase == "" || r.Size == "" {
				t.Fatalf("record without place, phase or size: %+v", r)
			}
			var params map[string]string
			if err := json.Unmarshal([]byte(r.Params), &params); err != nil {
				t.Fatalf("Params %q: %v", r.Params, err)
			}
			if len(params) != len(r.Knobs) {
				t.Fatalf("Params %q has %d knobs, Knobs %d", r.Params, len(params), len(r.Knobs))
			}
		}
		for _, s := range skipped {
			var re *RowError
			if !errors.As(s, &re) && !strings.HasPrefix(s.Error(), "f_raw.txt:") {
				t.Fatalf("skipped row without a place: %v", s)
			}
			if re != nil && re.Line < 1 {
				t.Fatalf("skipped row at line %d", re.Line)
			}
		}
	})
}

// FuzzKnobsFromCommand checks that command parsing never panics and that a
// knob name is never empty, and that parsing is stable: the knobs of a
// command do not depend on words after a pipe.
func FuzzKnobsFromCommand(f *testing.F) {
	f.Add("taskset -c 1 /b/llm_bench_prompt -m /m/config.json -fp /t/x_raw.txt -p 64 -n 32 -dyo 7")
	f.Add(`llm_bench --n_prompt 5 -x "a b" 2>&1 | tee y`)
	f.Fuzz(func(t *testing.T, cmd string) {
		knobs, err := KnobsFromCommand(cmd)
		if err != nil {
			return
		}
		for k := range knobs {
			if k == "" {
				t.Fatalf("empty knob name from %q", cmd)
			}
		}
		if !strings.ContainsAny(cmd, `'"\|`) {
			again, err := KnobsFromCommand(cmd + " | llm_bench -p 1")
			if err != nil || !cmp.Equal(knobs, again) {
				t.Fatalf("appending a pipe changed %q: %v, %v vs %v", cmd, err, knobs, again)
			}
		}
	})
}

// FuzzSidecar reads arbitrary sidecar content beside a good table: no
// panic; an error names the sidecar and holds no Go type name; or records
// whose knobs the sidecar's command gave.
func FuzzSidecar(f *testing.F) {
	for _, s := range []string{
		`{"case_number": 1, "suit_name": "s", "model": "qwen2_5_0_5b", "execution_result": {"command": "taskset -c 1 ./llm_bench_prompt -m m/config.json -p 64 -n 32 -dyo 7 -rep 3"}}`,
		`[1, 2]`, `{"execution_result": 5}`, `{"model": 5}`, `{"execution_result": {"command": "python x.py"}}`, `null`, `"x"`, `{`,
	} {
		f.Add([]byte(s))
	}
	for _, name := range referenceFiles("*_params.json") {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	table := []byte("| model | modelSize | backend | threads | precision | test | t/s |\n| --- | ---: | --- | ---: | --- | --- | ---: |\n| m | 1 MiB | CPU | 4 | Low | pp64 | 1.00 ± 0.00 |\n")
	f.Fuzz(func(t *testing.T, sidecar []byte) {
		recs, _, err := Parse(bytes.NewReader(table), "x_raw.txt", sidecar)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "x_params.json") {
				t.Fatalf("error %q does not name the sidecar", err)
			}
			if strings.Contains(err.Error(), "Go value") || strings.Contains(err.Error(), "struct {") {
				t.Fatalf("error %q shows a Go type", err)
			}
			return
		}
		if len(recs) != 1 {
			t.Fatalf("%d records from one row", len(recs))
		}
		if err := recs[0].Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

// referenceFiles lists the real llm_bench outputs of ../shared matching
// pattern (none when that directory is absent).
func referenceFiles(pattern string) []string {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "reference", "mnn_llm_bench", pattern))
	return files
}
