package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/compare"
)

// tree lists the entries under dir (directories with a trailing '/') and
// the content of each regular file.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

var errRender = errors.New("renderer broke")

// failing writes half its output, then fails.
func failing(w io.Writer) error {
	io.WriteString(w, "half a file")
	return errRender
}

func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files := []compare.File{
		{Name: "a.md", Write: text("report")},
		{Name: "bench/x_7.txt", Write: text("seven")},
		{Name: "bench/x_8.txt", Write: text("eight")},
	}
	if err := writeFiles(context.Background(), dir, files); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.md": "report", "bench/": "", "bench/x_7.txt": "seven", "bench/x_8.txt": "eight"}
	if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
		t.Errorf("output directory (-want +got):\n%s", diff)
	}
	// Again into the same directory: files are replaced.
	files[0].Write = text("report 2")
	if err := writeFiles(context.Background(), dir, files); err != nil {
		t.Fatal(err)
	}
	want["a.md"] = "report 2"
	if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
		t.Errorf("output directory after a second run (-want +got):\n%s", diff)
	}
}

// A renderer that fails leaves the output directory as it was: no partial
// file, no temporary directory, old files untouched.
func TestWriteFilesRendererFails(t *testing.T) {
	for _, existing := range []bool{false, true} {
		name := "new dir"
		if existing {
			name = "existing dir"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			old := map[string]string{}
			if existing {
				if err := os.MkdirAll(filepath.Join(dir, "bench"), 0o777); err != nil {
					t.Fatal(err)
				}
				for n, c := range map[string]string{"a.md": "old report", "bench/x_7.txt": "old seven", "keep.txt": "mine"} {
					if err := os.WriteFile(filepath.Join(dir, n), []byte(c), 0o666); err != nil {
						t.Fatal(err)
					}
				}
				old = tree(t, dir)
			}
			files := []compare.File{
				{Name: "a.md", Write: text("new report")},
				{Name: "bench/x_7.txt", Write: text("new seven")},
				{Name: "b.csv", Write: failing},
				{Name: "bench/x_8.txt", Write: text("new eight")},
			}
			err := writeFiles(context.Background(), dir, files)
			if !errors.Is(err, errRender) {
				t.Fatalf("writeFiles error = %v, want one wrapping %v", err, errRender)
			}
			if !strings.Contains(err.Error(), "b.csv") {
				t.Errorf("error %q does not name b.csv", err)
			}
			if diff := cmp.Diff(old, tree(t, dir)); diff != "" {
				t.Errorf("output directory changed (-before +after):\n%s", diff)
			}
		})
	}
}

// The first failure in file order is reported, whatever the timing.
func TestWriteFilesFirstError(t *testing.T) {
	errA, errB := errors.New("a failed"), errors.New("b failed")
	for i := 0; i < 20; i++ {
		dir := t.TempDir()
		err := writeFiles(context.Background(), dir, []compare.File{
			{Name: "ok.md", Write: text("x")},
			{Name: "a.md", Write: func(io.Writer) error { return errA }},
			{Name: "b.md", Write: func(io.Writer) error { return errB }},
		})
		if !errors.Is(err, errA) {
			t.Fatalf("writeFiles error = %v, want %v (the first in file order)", err, errA)
		}
	}
}

func TestWriteFilesCanceled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := writeFiles(ctx, dir, []compare.File{{Name: "a.md", Write: text("x")}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("writeFiles(canceled) error = %v, want context.Canceled", err)
	}
	if got := tree(t, dir); len(got) != 0 {
		t.Errorf("a canceled write left %v", got)
	}
}

// All renderers succeed but moving one file into place fails (here a
// regular file stands where the bench directory must go): the files moved
// before it must not stay, since the doc promises that "an error leaves the
// output directory as it was".
func TestWriteFilesRenameFails(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bench"), []byte("not a directory"), 0o666); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)
	err := writeFiles(context.Background(), dir, []compare.File{
		{Name: "a.md", Write: text("new report")},
		{Name: "bench/x_7.txt", Write: text("seven")},
	})
	if err == nil {
		t.Fatal("writeFiles succeeded although bench is a regular file")
	}
	if diff := cmp.Diff(before, tree(t, dir)); diff != "" {
		t.Errorf("output directory changed by a failed write (-before +after):\n%s", diff)
	}
}

// report with bad input exits 2 with one line on stderr and writes
// nothing: -out is not even created, and an existing one is untouched.
func TestReportBadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	good := buildSmallDB(t, dir)
	nullStd := filepath.Join(dir, "null.db")
	copyFile(t, good, nullStd)
	execSQL(t, nullStd, "UPDATE benchmark_results SET std_value = NULL WHERE id = 4")
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("not a database\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // in the one line on stderr
	}{
		{"missing db", []string{"-db", filepath.Join(dir, "missing.db")}, "no such file or directory"},
		{"not a database", []string{"-db", notDB}, "not a SQLite database"},
		{"NULL std", []string{"-db", nullStd}, "null.db: benchmark_results id 4: std_value is NULL"},
		{"unknown option", []string{"-db", good, "-option", "nosuch"}, `no task varies option "nosuch"`},
		{"unknown value", []string{"-db", good, "-base", "7", "-new", "9"}, `has no value "9"`},
		{"bad lang", []string{"-db", good, "-lang", "fr"}, `"fr" for flag -lang`},
		{"stray argument", []string{"-db", good, "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, existing := range []bool{false, true} {
				out := filepath.Join(t.TempDir(), "out")
				var before map[string]string
				if existing {
					if err := os.MkdirAll(out, 0o777); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(out, "dynamicoption_report.md"), []byte("old"), 0o666); err != nil {
						t.Fatal(err)
					}
					before = tree(t, out)
				}
				args := append([]string{"report"}, tt.args...)
				args = append(args, "-out", out)
				var stdout, stderr bytes.Buffer
				code := exitCode(run(context.Background(), args, strings.NewReader(""), &stdout, &stderr), &stderr)
				if code != 2 {
					t.Errorf("exit status %d, want 2", code)
				}
				lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
				if len(lines) != 1 || !strings.HasPrefix(lines[0], "sweepstat: ") || !strings.Contains(lines[0], tt.want) {
					t.Errorf("stderr = %q, want one line \"sweepstat: …%s…\"", stderr.String(), tt.want)
				}
				if !existing {
					if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("-out %s exists after a failed report (stat: %v)", out, err)
					}
				} else if diff := cmp.Diff(before, tree(t, out)); diff != "" {
					t.Errorf("existing -out changed (-before +after):\n%s", diff)
				}
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o666); err != nil {
		t.Fatal(err)
	}
}

func execSQL(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// A successful report writes exactly the files compare lists, and nothing
// temporary.
func TestReportWritesListedFiles(t *testing.T) {
	dir := t.TempDir()
	db := buildSmallDB(t, dir)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"report", "-db", db, "-out", out, "-lang", "en"}, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	res, err := compare.Run(compare.Spec{DB: db, Correction: compare.BH})
	if err != nil {
		t.Fatal(err)
	}
	files, err := res.Files(compare.ReportOptions{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, f := range files {
		want = append(want, f.Name)
	}
	for n := range tree(t, out) {
		if !strings.HasSuffix(n, "/") {
			got = append(got, n)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files in -out (-want +got):\n%s", diff)
	}
}
