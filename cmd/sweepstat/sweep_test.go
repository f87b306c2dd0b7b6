package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/fakeengine/fakebuild"
)

// sweepstat runs the command in process and returns its exit status,
// standard output and standard error.
func sweepstat(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := exitCode(run(context.Background(), args, strings.NewReader(""), &stdout, &stderr), &stderr)
	return code, stdout.String(), stderr.String()
}

// writeSweep writes a sweep file and an MNN model directory m/ into dir.
func writeSweep(t *testing.T, dir, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m", "config.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sweep.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// driftSweep has six n_prompt and six n_gen values, so that every pp and
// tg benchmark gets six invocations per value of dynamicOption in one
// round, enough for the U-test.
const driftSweep = `task_name: drift
global_config:
  threads: 1
  repeat: 3
  models: ["m/config.json"]
benchmark_suits:
  - suit_name: s
    variables:
      - name: dynamicOption
        values: [7, 8]
      - name: n_prompt
        start: 64
        end: 384
        step: 64
      - name: n_gen
        start: 16
        end: 96
        step: 16
`

// TestRunDriftGate is the order's raison d'être: an engine whose speed
// falls linearly with time, and no true effect. Run in the old runner's
// sequential order, every dynamicOption=8 invocation comes after every
// dynamicOption=7 one and the gate reports a regression that does not
// exist; in the default interleaved order the same engine and gate pass.
func TestRunDriftGate(t *testing.T) {
	bin := fakebuild.Build(t, "llm_bench")
	t.Setenv("FAKE_STATE", t.TempDir())
	t.Setenv("FAKE_DRIFT", "-10") // percent per second
	t.Setenv("FAKE_EPOCH", strconv.FormatInt(time.Now().UnixNano(), 10))
	t.Setenv("FAKE_SLEEP", "5ms")
	t.Setenv("FAKE_CV", "0.2")
	for _, tc := range []struct {
		order string
		code  int
	}{{"sequential", 1}, {"interleaved", 0}} {
		dir := t.TempDir()
		path := writeSweep(t, dir, driftSweep)
		db := filepath.Join(dir, "r.db")
		args := []string{"run", "-db", db, "-bin", bin, "-rounds", "1"}
		if tc.order != "interleaved" {
			args = append(args, "-order", tc.order)
		}
		if code, _, stderr := sweepstat(t, append(args, path)...); code != 0 {
			t.Fatalf("%s: run exit %d: %s", tc.order, code, stderr)
		}
		code, stdout, stderr := sweepstat(t, "check", "-db", db, "-option", "dynamicOption", "-max-regression", "1")
		if code != tc.code {
			t.Errorf("%s order: check exit %d, want %d\n%s%s", tc.order, code, tc.code, stdout, stderr)
		}
		_, cmpOut, _ := sweepstat(t, "compare", "-db", db, "-option", "dynamicOption")
		if confounded := strings.Contains(cmpOut, "ran before all of"); confounded != (tc.order == "sequential") {
			t.Errorf("%s order: compare warns of confounding: %v\n%s", tc.order, confounded, cmpOut)
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	bin := fakebuild.Build(t, "llm_bench")
	t.Setenv("FAKE_STATE", t.TempDir())
	dir := t.TempDir()
	small := strings.Replace(driftSweep, "end: 384", "end: 128", 1)
	small = strings.Replace(small, "end: 96", "end: 16", 1)
	path := writeSweep(t, dir, small)
	db := filepath.Join(dir, "r.db")

	// -dry-run: one line per invocation, then the count; nothing recorded.
	code, out, stderr := sweepstat(t, "run", "-db", db, "-bin", bin, "-dry-run", path)
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 13 || !strings.HasPrefix(lines[12], "12 invocations to run") || !strings.Contains(lines[0], bin+" -m ") {
		t.Errorf("dry run printed:\n%s", out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("dry run created the database")
	}

	t.Setenv("FAKE_FAIL", "n_prompt=128")
	code, _, stderr = sweepstat(t, "run", "-db", db, "-bin", bin, path)
	if code != 1 || !strings.Contains(stderr, "6 of 12 invocations failed") || !strings.Contains(stderr, "6 done, 6 failed") {
		t.Errorf("failures: exit %d, stderr:\n%s", code, stderr)
	}
	t.Setenv("FAKE_FAIL", "")
	// After a run, -dry-run shows what is left and estimates its time.
	_, out, _ = sweepstat(t, "run", "-db", db, "-bin", bin, "-dry-run", path)
	if !strings.Contains(out, "6 invocations to run (12 planned: 4 cases × 3 rounds; 6 already done") || !strings.Contains(out, "estimated time:") {
		t.Errorf("dry run after a run:\n%s", out)
	}
	code, _, stderr = sweepstat(t, "run", "-db", db, "-bin", bin, path)
	if code != 0 || !strings.Contains(stderr, "6 skipped (done before), 6 done, 0 failed") {
		t.Errorf("resume: exit %d, stderr:\n%s", code, stderr)
	}

	t.Setenv("FAKE_ECHO", "threads=4")
	code, _, stderr = sweepstat(t, "run", "-db", db, "-bin", bin, "-rounds", "4", path)
	if code != 1 || !strings.Contains(stderr, "knob threads: asked 1, engine reported 4") {
		t.Errorf("mismatch: exit %d, stderr:\n%s", code, stderr)
	}
	t.Setenv("FAKE_ECHO", "")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", path}, "-db is required"},
		{[]string{"run", "-db", db}, "want one sweep file"},
		{[]string{"run", "-db", db, "-order", "abba", path}, `"abba": want interleaved, random or sequential`},
		{[]string{"run", "-db", db, "-rounds", "0", path}, "-rounds 0"},
		{[]string{"run", "-db", db, "-bin", filepath.Join(dir, "nope"), path}, "nope: not found"},
		{[]string{"run", "-db", db, "-bin", bin, "missing.yaml"}, "missing.yaml"},
	} {
		code, _, stderr := sweepstat(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("sweepstat %s: exit %d, stderr %q; want 2 and one line with %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	bad := writeSweep(t, t.TempDir(), strings.Replace(small, "  repeat: 3\n", "  repeat: 3\n  n_threads: [1]\n", 1))
	if code, _, stderr := sweepstat(t, "run", "-db", db, "-bin", bin, bad); code != 2 || !strings.Contains(stderr, "sweep.yaml:5: global_config n_threads: want a single value") {
		t.Errorf("bad sweep file: exit %d, stderr %q", code, stderr)
	}
}

// TestRunRealLlamaBench runs a real llama-bench (llama.cpp, CPU) with two
// tiny models through run, in the default interleaved order, then checks
// what it recorded. A/A: flash_attn 0 against 0 would be trivial, so the
// option is flash_attn 0 vs 1 and the gate is asked only to run.
func TestRunRealLlamaBench(t *testing.T) {
	dir, err := filepath.Abs("../../../shared/engines/llama-bench")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "llama-bench")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("no real llama-bench here (%s): %v", dir, err)
	}
	// The prebuilt binary uses instructions some CPUs lack: on such a
	// machine it dies of SIGILL, and there is nothing of run's to test.
	var ee *exec.ExitError
	if err := exec.Command(bin, "-h").Run(); errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGILL {
			t.Skipf("real llama-bench at %s cannot run on this CPU (%v): skipped", bin, err)
		}
	}
	work := t.TempDir()
	sweep := fmt.Sprintf(`task_name: llama_e2e
description: real llama-bench, two tiny models
global_config:
  threads: 1
  repeat: 3
  models: [%q, %q]
benchmark_suits:
  - suit_name: fa
    variables:
      - name: flash_attn
        values: [0, 1]
      - name: n_prompt
        values: [32, 64]
      - name: n_gen
        values: [8]
sweepstat:
  engine: llama-bench
  binary: %q
  rounds: 3
`, filepath.Join(dir, "tiny-e64.gguf"), filepath.Join(dir, "tiny-e128.gguf"), bin)
	path := filepath.Join(work, "sweep.yaml")
	os.WriteFile(path, []byte(sweep), 0o644)
	db := filepath.Join(work, "r.db")
	code, _, stderr := sweepstat(t, "run", "-db", db, path)
	if code != 0 {
		t.Fatalf("run exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "24 planned, 0 skipped (done before), 24 done, 0 failed") {
		t.Errorf("summary:\n%s", stderr)
	}
	code, out, stderr := sweepstat(t, "list", "-db", db)
	if code != 0 || !strings.Contains(out, "tiny-e64") || !strings.Contains(out, "tiny-e128") || !strings.Contains(out, "flash_attn") {
		t.Errorf("list: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = sweepstat(t, "check", "-db", db, "-option", "flash_attn")
	if code != 0 && code != 1 {
		t.Errorf("check: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "benchmarks") {
		t.Errorf("check printed no verdict:\n%s", out)
	}
	if strings.Contains(out+stderr, "ran before all of") {
		t.Errorf("an interleaved run is reported as confounded:\n%s", out)
	}
	// Resume: nothing left.
	if code, _, stderr := sweepstat(t, "run", "-db", db, path); code != 0 || !strings.Contains(stderr, "24 skipped (done before), 0 done") {
		t.Errorf("rerun: exit %d\n%s", code, stderr)
	}
}

// TestRunUntilDecided: with noise between invocations larger than the
// equivalence margin, three rounds decide nothing, so -until decided adds
// rounds, at most up to -max-rounds.
func TestRunUntilDecided(t *testing.T) {
	bin := fakebuild.Build(t, "llm_bench")
	t.Setenv("FAKE_STATE", t.TempDir())
	t.Setenv("FAKE_RUN_CV", "5")
	dir := t.TempDir()
	small := strings.Replace(driftSweep, "end: 384", "end: 128", 1)
	small = strings.Replace(small, "end: 96", "end: 16", 1)
	path := writeSweep(t, dir, small)
	db := filepath.Join(dir, "r.db")
	code, _, stderr := sweepstat(t, "run", "-db", db, "-bin", bin, "-until", "decided", "-max-rounds", "5", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// 4 cases × 3 planned rounds, then at most 2 extra rounds per cell.
	if !strings.Contains(stderr, "12 planned") || !strings.Contains(stderr, "in extra rounds") {
		t.Errorf("no extra rounds:\n%s", stderr)
	}
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var maxRound, extra int
	if err := sdb.QueryRow(`SELECT max(round), count(*) FILTER (WHERE round > 3) FROM sweepstat_invocations`).Scan(&maxRound, &extra); err != nil {
		t.Fatal(err)
	}
	if maxRound <= 3 || maxRound > 5 || extra%2 != 0 {
		t.Errorf("rounds up to %d, %d extra invocations; want 4 or 5 rounds, whole cells (both values)", maxRound, extra)
	}
	if code, _, stderr := sweepstat(t, "run", "-db", db, "-until", "sure", path); code != 2 || !strings.Contains(stderr, `-until "sure": want decided`) {
		t.Errorf("bad -until: exit %d %q", code, stderr)
	}
}
