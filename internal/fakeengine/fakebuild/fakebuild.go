// Package fakebuild builds the fake benchmark engine (the command in
// internal/fakeengine) for tests of other packages:
//
//	bin := fakebuild.Build(t, "llama-bench") // a fake llama-bench
//	cmd := exec.Command(bin, "-m", model, "-p", "64", "-o", "jsonl")
//	cmd.Env = append(os.Environ(), "FAKE_STATE="+t.TempDir(), "FAKE_EFFECT=threads=4:+3")
//
// The fake's mode follows the name it is built under: a name containing
// "llama" makes a llama-bench, any other an llm_bench (see the package
// documentation of internal/fakeengine for its flags and FAKE_*
// environment). Building takes about a second the first time and a few
// hundred milliseconds from the build cache; a package whose tests need
// the fake in many tests can build it once in TestMain with BuildDir.
package fakebuild

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Package is the import path of the fake engine.
const Package = "github.com/sweepstat/sweepstat/internal/fakeengine"

// Build builds the fake engine into t.TempDir() as name (".exe" added on
// Windows) and returns its path. It fails the test when the build fails.
func Build(t testing.TB, name string) string {
	t.Helper()
	path, err := BuildDir(t.TempDir(), name)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// BuildDir builds the fake engine into dir as name (".exe" added on
// Windows) and returns its path. The go command is the one on $PATH, else
// the one of the running toolchain.
func BuildDir(dir, name string) (string, error) {
	if name == "" || filepath.Base(name) != name {
		return "", fmt.Errorf("building fake engine: %q is not a file name", name)
	}
	if runtime.GOOS == "windows" && filepath.Ext(name) != ".exe" {
		name += ".exe"
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, statErr := os.Stat(goCmd); statErr != nil {
			return "", errors.New("building fake engine: no go command on $PATH or in GOROOT")
		}
	}
	path := filepath.Join(dir, name)
	cmd := exec.Command(goCmd, "build", "-o", path, Package)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building fake engine: go build %s: %v\n%s", Package, err, out)
	}
	return path, nil
}
