package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallFS mounts a tmpfs of size bytes at a new directory, or skips the
// test where mounting is not allowed (it needs CAP_SYS_ADMIN).
func smallFS(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a small file system to fill (%v): the disk-full cases need CAP_SYS_ADMIN", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	return dir
}

// A full disk and a read-only file system are failures of the environment:
// status 3, not 2 (a disk-full used to be reported as bad input), with
// nothing half-written: no temporary file, the database as it was.
func TestEnvironmentFailures(t *testing.T) {
	small := smallFS(t, "256k")
	dir := t.TempDir()
	in := filepath.Join(dir, "big.jsonl")
	f, _ := os.Create(in)
	w := bufio.NewWriter(f)
	genInput(w, "jsonl", 4000) // about 1 MB of results, 4 times the space
	w.Flush()
	f.Close()

	// report: the charts do not fit.
	code, _, stderr := sweepstat(t, "report", "-out", filepath.Join(small, "out"))
	if code != exitEnv || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("report into a full disk: status %d, stderr %q; want %d", code, stderr, exitEnv)
	}
	if left, _ := filepath.Glob(filepath.Join(small, "out", ".sweepstat-tmp-*")); len(left) > 0 {
		t.Errorf("report into a full disk left %v", left)
	}

	// import into a new database: it does not fit; no file is left.
	code, _, stderr = sweepstat(t, "import", "-db", filepath.Join(small, "new.db"), in)
	if code != exitEnv || !strings.Contains(stderr, "full") {
		t.Errorf("import into a full disk: status %d, stderr %q; want %d", code, stderr, exitEnv)
	}
	if es, _ := os.ReadDir(small); len(es) != 1 { // out/
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Errorf("import into a full disk left %v", names)
	}

	// import into an existing database: unchanged.
	db := filepath.Join(small, "results.db")
	b, err := os.ReadFile(buildSmallDB(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(db, b, 0o666)
	code, _, stderr = sweepstat(t, "import", "-db", db, in)
	if code != exitEnv {
		t.Errorf("import into an existing database on a full disk: status %d, stderr %q; want %d", code, stderr, exitEnv)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(after, b) {
		t.Errorf("a failed import changed the database")
	}

	// A read-only file system.
	if err := syscall.Mount("tmpfs", small, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remounting read-only: %v", err)
	}
	code, _, stderr = sweepstat(t, "report", "-out", filepath.Join(small, "ro"))
	if code != exitEnv || !strings.Contains(stderr, "read-only file system") {
		t.Errorf("report into a read-only file system: status %d, stderr %q; want %d", code, stderr, exitEnv)
	}
	code, _, stderr = sweepstat(t, "import", "-db", db, in)
	if code != exitEnv {
		t.Errorf("import into a read-only file system: status %d, stderr %q; want %d", code, stderr, exitEnv)
	}
	// Reading still works: list and compare do not write.
	if code, _, stderr := sweepstat(t, "list", "-db", db); code != 0 {
		t.Errorf("list of a database on a read-only file system: status %d, %s", code, stderr)
	}
}

// Permission denied on -out is a failure of the environment (not for
// root, whom permissions do not stop).
func TestPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not apply")
	}
	out := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(out, 0o555)
	code, _, stderr := sweepstat(t, "report", "-out", out)
	if code != exitEnv || !strings.Contains(stderr, "permission denied") {
		t.Errorf("report into a read-only directory: status %d, stderr %q; want %d", code, stderr, exitEnv)
	}
}
