package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden (make golden)")

// TestGoldenOutputs: what compare and check print on the small fixture,
// in every format and both languages, byte for byte. The numbers are the
// ones internal/report's goldens hold (checked there by hand and against
// benchstat); these goldens pin the command line's choice of renderer,
// language and defaults.
func TestGoldenOutputs(t *testing.T) {
	db := buildSmallDB(t, t.TempDir())
	for _, c := range []struct {
		name string
		args []string
	}{
		{"compare.txt", []string{"compare", "-db", db}},
		{"compare_zh.txt", []string{"compare", "-db", db, "-lang", "zh"}},
		{"compare.md", []string{"compare", "-db", db, "-format", "markdown"}},
		{"compare.csv", []string{"compare", "-db", db, "-format", "csv"}},
		{"compare.json", []string{"compare", "-db", db, "-format", "json"}},
		{"check.txt", []string{"check", "-db", db}},
		{"check.md", []string{"check", "-db", db, "-format", "markdown", "-lang", "en"}},
		{"compare_nway.txt", []string{"compare", "-db", db, "-task", "all", "-option", "mmap", "-base", "0", "-new", "1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr)
			if err != nil && err != errRegression {
				t.Fatalf("%v: %v (stderr %q)", c.args, err, stderr.String())
			}
			// The database path is the test's temporary one: name it as
			// the source does (its base name).
			got := strings.ReplaceAll(stdout.String(), db, filepath.Base(db))
			path := filepath.Join("testdata", "golden", c.name)
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (make golden creates it)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%v (-want +got):\n%s", c.args, d)
			}
		})
	}
}
