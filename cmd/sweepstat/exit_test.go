package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// TestExitCodes checks the statuses doc.go documents: 0 success, 1 a
// regression found by check, 2 bad usage or input (one line on stderr).
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"check", "-max-regression", "pp=3,tg=1"}, 0},
		{[]string{"check", "-task", "demo_mmap_aa_synthetic", "-option", "mmap"}, 0},
		{[]string{"check"}, 1},
		{[]string{"check", "-format", "markdown"}, 1},
		{[]string{"check", "-max-regression", "-1"}, 2},
		{[]string{"check", "-db", "does-not-exist.db"}, 2},
		{[]string{"compare", "-format", "yaml"}, 2},
		{[]string{"compare", "-correction", "bonferroni"}, 2},
		{[]string{"compare", "-alpha", "2"}, 2},
		{[]string{"list"}, 0},
		{[]string{"check", "-h"}, 0},
		{[]string{"nosuch"}, 2},
	} {
		var stderr bytes.Buffer
		code := exitCode(run(context.Background(), tc.args, strings.NewReader(""), io.Discard, &stderr), &stderr)
		if code != tc.code {
			t.Errorf("sweepstat %s: exit %d, want %d (stderr %q)", strings.Join(tc.args, " "), code, tc.code, stderr.String())
		}
		if code == 2 && strings.Count(stderr.String(), "\n") != 1 && tc.args[0] != "nosuch" {
			t.Errorf("sweepstat %s: stderr is not one line: %q", strings.Join(tc.args, " "), stderr.String())
		}
	}
}
