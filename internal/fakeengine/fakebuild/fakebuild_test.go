package fakebuild

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	llama, err := BuildDir(dir, "llama-bench")
	if err != nil {
		t.Fatal(err)
	}
	llm, err := BuildDir(dir, "llm_bench")
	if err != nil {
		t.Fatal(err)
	}
	for bin, want := range map[string]string{llama: "--n-gpu-layers", llm: "--dynamicOption"} {
		out, err := exec.Command(bin, "-h").Output()
		if err != nil || !bytes.Contains(out, []byte(want)) {
			t.Errorf("%s -h: %v, output without %s:\n%s", bin, err, want, out)
		}
	}

	// A run takes a few milliseconds (the median of 9, to be robust).
	model := filepath.Join(t.TempDir(), "m.gguf")
	os.WriteFile(model, []byte("x"), 0o666)
	var times []time.Duration
	for range 9 {
		start := time.Now()
		out, err := exec.Command(llama, "-m", model, "-p", "512", "-n", "128", "-r", "5", "-o", "jsonl").Output()
		times = append(times, time.Since(start))
		if err != nil || bytes.Count(out, []byte("\n")) != 2 {
			t.Fatalf("run: %v\n%s", err, out)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	if times[4] > 50*time.Millisecond {
		t.Errorf("median run time %v, want a few milliseconds", times[4])
	}

	// FAKE_HANG sleeps until killed.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, llama, "-m", model, "-p", "16", "-o", "jsonl")
	cmd.Env = append(os.Environ(), "FAKE_HANG=always")
	start := time.Now()
	err = cmd.Run()
	if ctx.Err() == nil || err == nil || time.Since(start) < 250*time.Millisecond {
		t.Errorf("FAKE_HANG=always: returned after %v with %v, want killed at the timeout", time.Since(start), err)
	}
	// FAKE_SLEEP delays a run that then succeeds.
	cmd = exec.Command(llm, "-h")
	cmd.Env = append(os.Environ(), "FAKE_SLEEP=1ms")
	if err := cmd.Run(); err != nil {
		t.Errorf("FAKE_SLEEP: %v", err)
	}
	// A failure's status.
	cmd = exec.Command(llama, "-m", model, "-p", "16")
	cmd.Env = append(os.Environ(), "FAKE_FAIL=always", "FAKE_FAIL_STATUS=4")
	var ee *exec.ExitError
	if err := cmd.Run(); !errors.As(err, &ee) || ee.ExitCode() != 4 {
		t.Errorf("FAKE_FAIL_STATUS=4: %v", err)
	}
}

func TestBuildDirBadName(t *testing.T) {
	for _, name := range []string{"", "a/b", "../x"} {
		if _, err := BuildDir(t.TempDir(), name); err == nil || !strings.HasPrefix(err.Error(), "building fake engine: ") {
			t.Errorf("BuildDir(%q) error = %v", name, err)
		}
	}
}
