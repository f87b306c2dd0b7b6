package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/fakeengine/fakebuild"
)

// Paths of the fake engines, built once by TestMain.
var fakeLLMBench, fakeLlamaBench string

// sharedDir is ../shared of the repository root, seen from this package.
const sharedDir = "../../../shared"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "engine-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fakeLLMBench, err = fakebuild.BuildDir(dir, "llm_bench_prompt")
	if err == nil {
		fakeLlamaBench, err = fakebuild.BuildDir(dir, "llama-bench")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// realLlamaBench returns the path of the real llama-bench in ../shared, or
// skips the test.
func realLlamaBench(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(sharedDir, "engines", "llama-bench", "llama-bench")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("real llama-bench not found at %s (see ../shared/engines/llama-bench/README.md): %v", bin, err)
	}
	skipIfIllegalInstruction(t, bin)
	return bin
}

// skipIfIllegalInstruction skips the test when bin dies of SIGILL on -h:
// the prebuilt llama-bench uses instructions some CPUs lack, and on such
// a machine there is nothing of sweepstat's to test with it. Any other
// failure is left to the test.
func skipIfIllegalInstruction(t *testing.T, bin string) {
	t.Helper()
	var ee *exec.ExitError
	if err := exec.Command(bin, "-h").Run(); errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGILL {
			t.Skipf("real llama-bench at %s cannot run on this CPU (%v): skipped", bin, err)
		}
	}
}

// runArgs runs args (program first) with env added to the environment
// and returns its standard output; a non-zero exit fails the test.
func runArgs(t *testing.T, args []string, env ...string) []byte {
	t.Helper()
	out, stderr, err := tryArgs(args, env...)
	if err != nil {
		t.Fatalf("%q: %v\n%s", args, err, stderr)
	}
	return out
}

func tryArgs(args []string, env ...string) (stdout, stderr []byte, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.Bytes(), e.Bytes(), err
}
