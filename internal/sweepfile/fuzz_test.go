package sweepfile

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse parses arbitrary text as a sweep file: no panic, a file or an
// error naming the file, and a parsed file's cases expand within the
// bound Parse promises.
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 20s ./internal/sweepfile
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "reference", "mnn_anal", "mnn_llm_pn_sweep_step-p64-n32_dyo78.yaml")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"task_name: t\nglobal_config:\n  models: [m]\nbenchmark_suits:\n  - suit_name: s\n    variables:\n      - name: n_prompt\n        start: 64\n        end: 128\n        step: 64\n",
		"task_name: [x\n", "", "task_name: t\nbenchmark_suits: 5\n", "- a\n- b\n", "a: &x [*x]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("sweep.yaml", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if n := len(file.Cases()); n > maxCases*max(1, len(file.Suites)) {
			t.Fatalf("%d cases, more than the bound", n)
		}
	})
}
