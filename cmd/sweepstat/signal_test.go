//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sweepstatProcess starts the real sweepstat (main, installed in PATH by
// TestMain) as a process of its own.
func sweepstatProcess(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	bin, err := exec.LookPath("sweepstat")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

func exitStatusOf(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// SIGINT or SIGTERM while report renders stops it with status 130 or 143,
// no temporary directory left and the previous report as it was (only
// SIGINT was handled, and SIGTERM left out/.sweepstat-tmp-* behind). A
// signal that comes after rendering lets the report finish (status 0).
func TestReportSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			stopped := 0
			for attempt := 0; attempt < 10 && stopped < 2; attempt++ {
				out := filepath.Join(t.TempDir(), "out")
				os.MkdirAll(out, 0o777)
				os.WriteFile(filepath.Join(out, "dynamicoption_report.md"), []byte("old report"), 0o666)
				before := tree(t, out)
				// One rendering goroutine: rendering takes long enough to be
				// caught at it.
				cmd, stderr := sweepstatProcess(t, []string{"GOMAXPROCS=1"}, "report", "-out", out)
				if !waitForTemp(out, 10*time.Second) {
					cmd.Wait()
					continue // finished before we saw it rendering
				}
				cmd.Process.Signal(sig)
				code := exitStatusOf(cmd.Wait())
				left, _ := filepath.Glob(filepath.Join(out, ".sweepstat-tmp-*"))
				if len(left) > 0 {
					t.Errorf("%v left %v", sig, left)
				}
				switch code {
				case 128 + int(sig):
					stopped++
					if diff := cmp.Diff(before, tree(t, out)); diff != "" {
						t.Errorf("interrupted report changed -out (-before +after):\n%s", diff)
					}
					if !strings.HasPrefix(stderr.String(), "sweepstat: interrupted") || strings.Count(stderr.String(), "\n") != 1 {
						t.Errorf("stderr %q, want one line saying it was interrupted", stderr)
					}
				case 0:
					checkReportDir(t, out)
				default:
					t.Fatalf("after %v: exit status %d, stderr %q", sig, code, stderr)
				}
			}
			if stopped == 0 {
				t.Errorf("no attempt caught report while it rendered")
			}
		})
	}
}

// waitForTemp waits until a temporary directory appears in out.
func waitForTemp(out string, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(out, ".sweepstat-tmp-*")); len(m) > 0 {
			return true
		}
		time.Sleep(200 * time.Microsecond)
	}
	return false
}

// SIGTERM in the middle of an import leaves the database byte for byte as
// it was (or no database, when it was new) and no temporary file, with
// status 143.
func TestImportSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: imports 300,000 results")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := genInput(w, "jsonl", 300000); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	f.Close()
	existing := buildSmallDB(t, dir)
	orig, _ := os.ReadFile(existing)
	for _, db := range []string{existing, filepath.Join(dir, "new.db")} {
		cmd, stderr := sweepstatProcess(t, nil, "import", "-db", db, in)
		time.Sleep(500 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGTERM)
		code := exitStatusOf(cmd.Wait())
		if code != 143 {
			t.Errorf("import -db %s: exit status %d, want 143 (stderr %q)", filepath.Base(db), code, stderr)
		}
		if db == existing {
			if b, _ := os.ReadFile(db); !bytes.Equal(b, orig) {
				t.Errorf("an interrupted import changed the database")
			}
		} else if _, err := os.Stat(db); err == nil {
			t.Errorf("an interrupted import into a new file left %s", db)
		}
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if want := []string{"benchmark_results.db", "big.jsonl"}; !cmp.Equal(names, want) {
			t.Errorf("after the interrupted import, %s holds %v, want %v", dir, names, want)
		}
	}
}

// A renderer that does not stop (a test hook: each renderer writes its
// file and then blocks forever) does not make SIGTERM ineffective: after
// graceAfterSignal, sweepstat removes its temporary directory and exits
// with 143, leaving no temporary file and no new report.
func TestSignalGrace(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: waits for the grace period")
	}
	dir := t.TempDir()
	db := buildSmallDB(t, dir)
	out := filepath.Join(dir, "out")
	cmd, stderr := sweepstatProcess(t, []string{"SWEEPSTAT_TEST_STUCK_RENDERER=1"}, "report", "-db", db, "-out", out)
	if !waitForTemp(out, 20*time.Second) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no temporary directory in %s after 20 s (stderr %q)", out, stderr)
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var code int
	select {
	case err := <-waited:
		code = exitStatusOf(err)
	case <-time.After(graceAfterSignal + 10*time.Second):
		cmd.Process.Kill()
		<-waited
		t.Fatalf("still running %v after SIGTERM", graceAfterSignal+10*time.Second)
	}
	if d := time.Since(start); d > graceAfterSignal+5*time.Second {
		t.Errorf("exit took %v after SIGTERM", d)
	}
	if code != 143 {
		t.Errorf("exit status %d, want 143 (stderr %q)", code, stderr)
	}
	if left, _ := os.ReadDir(out); len(left) > 0 {
		t.Errorf("left %s in the output directory", left[0].Name())
	}
}
