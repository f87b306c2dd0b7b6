package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/compare"
)

// A user's directory where an output file goes is neither replaced nor
// removed: report fails with status 3 before anything moves, and the
// directory keeps its files. (report used to delete it and exit 0.)
func TestReportKeepsDirectoryInTheWay(t *testing.T) {
	dir := t.TempDir()
	db := buildSmallDB(t, dir)
	out := filepath.Join(dir, "out")
	in := filepath.Join(out, "dynamicoption_summary.csv")
	if err := os.MkdirAll(in, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "notes.txt"), []byte("x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	code, _, stderr := sweepstat(t, "report", "-db", db, "-out", out)
	if code != exitEnv {
		t.Errorf("exit status %d, want %d", code, exitEnv)
	}
	if !strings.Contains(stderr, in+" is a directory: sweepstat does not replace directories") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want one line naming the directory", stderr)
	}
	if diff := cmp.Diff(before, tree(t, out)); diff != "" {
		t.Errorf("-out changed (-before +after):\n%s", diff)
	}
}

// Symbolic links under -out are never followed: not as a directory on the
// way (ln -s ../outside out/bench used to put the bench files outside -out)
// nor as a file to replace; nothing is written outside -out. -out itself
// may be a link: the user named it.
func TestReportSymlinks(t *testing.T) {
	dir := t.TempDir()
	db := buildSmallDB(t, dir)
	outside := filepath.Join(dir, "outside")
	if err := os.MkdirAll(outside, 0o777); err != nil {
		t.Fatal(err)
	}
	for i, tt := range []struct{ link, target string }{
		{"bench", "../outside"},
		{"dynamicoption_report.md", "../outside/report.md"},
		{"bench", outside}, // absolute
	} {
		t.Run(tt.link+"->"+tt.target, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprint("out", i)) // beside outside
			os.MkdirAll(out, 0o777)
			os.WriteFile(filepath.Join(outside, "report.md"), []byte("mine"), 0o666)
			if err := os.Symlink(tt.target, filepath.Join(out, tt.link)); err != nil {
				t.Fatal(err)
			}
			beforeOut, beforeOutside := linkTree(t, out), linkTree(t, outside)
			code, _, stderr := sweepstat(t, "report", "-db", db, "-out", out)
			if code != exitEnv || !strings.Contains(stderr, "is a symbolic link") {
				t.Errorf("exit status %d, stderr %q; want %d and a message naming the link", code, stderr, exitEnv)
			}
			if diff := cmp.Diff(beforeOutside, linkTree(t, outside)); diff != "" {
				t.Errorf("report wrote outside -out (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(beforeOut, linkTree(t, out)); diff != "" {
				t.Errorf("-out changed (-before +after):\n%s", diff)
			}
		})
	}
	t.Run("-out is a link", func(t *testing.T) {
		real := filepath.Join(t.TempDir(), "real")
		os.MkdirAll(real, 0o777)
		link := filepath.Join(t.TempDir(), "link")
		if err := os.Symlink(real, link); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := sweepstat(t, "report", "-db", db, "-out", link, "-lang", "en"); code != 0 {
			t.Fatalf("exit status %d: %s", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(real, "dynamicoption_report.md")); err != nil {
			t.Errorf("report through a linked -out: %v", err)
		}
	})
}

// Anything but a regular file where an output goes (a named pipe here) is
// refused, not opened.
func TestReportRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	db := buildSmallDB(t, dir)
	out := filepath.Join(dir, "out")
	os.MkdirAll(out, 0o777)
	if err := syscall.Mkfifo(filepath.Join(out, "dynamicoption_raw_data.csv"), 0o666); err != nil {
		t.Skip("no named pipes here:", err)
	}
	code, _, stderr := sweepstat(t, "report", "-db", db, "-out", out)
	if code != exitEnv || !strings.Contains(stderr, "is not a regular file") {
		t.Errorf("exit status %d, stderr %q; want %d, not a regular file", code, stderr, exitEnv)
	}
}

// -out naming a regular file is an error of the output location (3).
func TestReportOutIsAFile(t *testing.T) {
	dir := t.TempDir()
	db := buildSmallDB(t, dir)
	out := filepath.Join(dir, "out")
	os.WriteFile(out, []byte("a file"), 0o666)
	code, _, stderr := sweepstat(t, "report", "-db", db, "-out", out)
	if code != exitEnv || !strings.Contains(stderr, "creating output directory") {
		t.Errorf("exit status %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "a file" {
		t.Errorf("the file -out names changed")
	}
}

// Writing that fails for want of space (or permission) is a failure of the
// environment, status 3, not bad input: it leaves the output directory as
// it was, with no temporary file.
func TestWriteFilesDiskFull(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(out, 0o777)
	os.WriteFile(filepath.Join(out, "a.md"), []byte("old"), 0o666)
	before := tree(t, out)
	full := &fs.PathError{Op: "write", Path: "a.md", Err: syscall.ENOSPC}
	denied := &fs.PathError{Op: "open", Path: "a.md", Err: syscall.EACCES}
	for _, fail := range []error{full, denied} {
		err := writeFiles(context.Background(), out, []compare.File{
			{Name: "a.md", Write: text("new")},
			{Name: "b.csv", Write: func(w io.Writer) error { io.WriteString(w, "half"); return fmt.Errorf("rendering: %w", fail) }},
		})
		if !errors.Is(err, fail.(*fs.PathError).Err) {
			t.Fatalf("writeFiles error %v, want %v", err, fail)
		}
		if code := exitCode(err, io.Discard); code != exitEnv {
			t.Errorf("%v: exit status %d, want %d", fail, code, exitEnv)
		}
		if diff := cmp.Diff(before, tree(t, out)); diff != "" {
			t.Errorf("output directory changed (-before +after):\n%s", diff)
		}
	}
}

// A renderer that panics is an internal error (status 4) naming the file,
// not a crash; nothing is written.
func TestWriteFilesRendererPanics(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	err := writeFiles(context.Background(), out, []compare.File{
		{Name: "a.md", Write: text("new")},
		{Name: "c.png", Write: func(io.Writer) error { panic("index out of range") }},
	})
	if code := exitCode(err, io.Discard); code != exitInternal || !strings.Contains(err.Error(), "c.png: internal error: index out of range") {
		t.Errorf("error %v, status %d; want an internal error naming c.png, status %d", err, code, exitInternal)
	}
	if got := tree(t, out); len(got) != 0 {
		t.Errorf("a failed write left %v", got)
	}
}

// File names that would leave the output directory are refused.
func TestWriteFilesBadNames(t *testing.T) {
	for _, name := range []string{"../x", "/abs", "a/../../x", "", ".", "a//b", `a\b`, "./a"} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		if err := writeFiles(context.Background(), out, []compare.File{{Name: name, Write: text("x")}}); err == nil {
			t.Errorf("writeFiles(%q) succeeded", name)
		}
		if got := tree(t, dir); len(got) != 0 {
			t.Errorf("writeFiles(%q) left %v", name, got)
		}
	}
}

// linkTree is tree, with symbolic links as "-> target" instead of followed.
func linkTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "-> " + target
		case d.IsDir():
			out[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
