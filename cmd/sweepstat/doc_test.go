package main

import (
	"bytes"
	"context"
	"database/sql"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docComment returns the text of the package comment in doc.go.
func docComment(t *testing.T) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	if f.Doc == nil {
		t.Fatal("doc.go has no package comment")
	}
	return f.Doc.Text()
}

// docExamples returns the example command lines of the doc comment: the
// indented lines that start with "sweepstat ", except the synopsis lines
// whose [brackets] and FILE placeholders are not meant to be run.
func docExamples(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(docComment(t), "\n") {
		if !strings.HasPrefix(l, "\tsweepstat ") {
			continue
		}
		if strings.ContainsAny(l, "[]|") {
			continue // synopsis
		}
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

// buildSmallDB builds fixtures/small into a database file in dir.
func buildSmallDB(t *testing.T, dir string) string {
	t.Helper()
	text, err := os.ReadFile("../../fixtures/small/benchmark_results.sql")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "benchmark_results.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(text)); err != nil {
		db.Close()
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDocExamples runs every example command of doc.go, with
// benchmark_results.db standing for a database built from fixtures/small
// and -out directories in a temporary directory, as benchstat's
// doc_test.go does for its documentation.
func TestDocExamples(t *testing.T) {
	examples := docExamples(t)
	if len(examples) < 3 {
		t.Fatalf("found %d example commands in doc.go, want at least 3: %q", len(examples), examples)
	}
	dir := t.TempDir()
	dbPath := buildSmallDB(t, dir)
	before, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			args := strings.Fields(ex)[1:]
			var outDir string
			for i, a := range args {
				switch {
				case a == "benchmark_results.db":
					args[i] = dbPath
				case a == "runs.db" || a == "run-a.json" || a == "run-b.json" || a == "llama-bench.sqlite":
					args[i] = docInput(t, dir, a)
				case i > 0 && args[i-1] == "-out":
					outDir = filepath.Join(dir, a)
					args[i] = outDir
				}
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
			if code := exitCode(err, &stderr); code != 0 {
				t.Fatalf("sweepstat %s: exit status %d\nstderr:\n%s", strings.Join(args, " "), code, stderr.String())
			}
			if args[0] == "list" && !strings.Contains(stdout.String(), "task 1: small_dyo78") {
				t.Errorf("list printed no task 1:\n%s", stdout.String())
			}
			if outDir != "" {
				checkReportDir(t, outDir)
			}
		})
	}
	after, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the doc's commands changed the database (it is documented as read-only)")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "benchmark_results.db-") {
			t.Errorf("the doc's commands left %s beside the database", e.Name())
		}
	}
}

// docFilePatterns turns the "# Output files" section of the doc into
// regular expressions: O is the option, MODEL, PHASE and VALUE any name.
func docFilePatterns(t *testing.T) []*regexp.Regexp {
	t.Helper()
	doc := docComment(t)
	_, sec, ok := strings.Cut(doc, "# Output files")
	if !ok {
		t.Fatal("doc.go has no # Output files section")
	}
	sec, _, _ = strings.Cut(sec, "\n# ")
	var out []*regexp.Regexp
	for _, l := range strings.Split(sec, "\n") {
		if !strings.HasPrefix(l, "\t") {
			continue
		}
		f := strings.Fields(l)[0]
		re := regexp.QuoteMeta(f)
		for _, ph := range []string{"MODEL", "PHASE", "VALUE"} {
			re = strings.ReplaceAll(re, ph, `[^/]+`)
		}
		re = strings.ReplaceAll(re, "O", `[^/]+`)
		out = append(out, regexp.MustCompile("^"+re+"$"))
	}
	if len(out) == 0 {
		t.Fatal("no file patterns in # Output files")
	}
	return out
}

// checkReportDir checks that dir holds a report whose every file is one
// the doc's "# Output files" lists, and no temporary leftovers.
func checkReportDir(t *testing.T, dir string) {
	t.Helper()
	patterns := docFilePatterns(t)
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, ".sweepstat-tmp-") {
			t.Errorf("temporary %s left in %s", rel, dir)
		}
		if d.Type().IsRegular() {
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var report, bench int
	for _, n := range names {
		if strings.HasSuffix(n, "_report.md") {
			report++
		}
		if path.Dir(n) == "bench" && strings.HasSuffix(n, ".txt") {
			bench++
		}
		ok := false
		for _, re := range patterns {
			ok = ok || re.MatchString(n)
		}
		if !ok {
			t.Errorf("%s: file %s is not listed in doc.go's # Output files", filepath.Base(dir), n)
		}
	}
	if report != 1 || bench != 2 {
		t.Errorf("%s holds %d reports and %d benchfmt files, want 1 and 2: %q", dir, report, bench, names)
	}
}

// The doc's usage lists every command that run accepts.
func TestDocListsCommands(t *testing.T) {
	doc := docComment(t)
	usage, _, _ := strings.Cut(doc, "# ")
	for _, c := range commands() {
		if !strings.Contains(usage, "\tsweepstat "+c.name+" ") {
			t.Errorf("doc.go's usage does not show the %q command", c.name)
		}
	}
}

// Every exit status the doc lists can happen: a status that no command can
// produce (or a command the doc names that does not exist) misleads
// scripts.
func TestDocExitCodes(t *testing.T) {
	doc := docComment(t)
	_, sec, ok := strings.Cut(doc, "# Exit codes")
	if !ok {
		t.Fatal("doc.go has no # Exit codes section")
	}
	sec, _, _ = strings.Cut(sec, "\n# ")
	re := regexp.MustCompile(`(?m)^\t\d+\s+\((\w+)\)`)
	for _, m := range re.FindAllStringSubmatch(sec, -1) {
		found := false
		for _, c := range commands() {
			found = found || c.name == m[1]
		}
		if !found {
			t.Errorf("# Exit codes names a command %q that run does not have: %q", m[1], strings.TrimSpace(m[0]))
		}
	}
}

// docInput makes the inputs of doc.go's import examples in dir: run-a.json
// and run-b.json from llamabench's JSON fixture, llama-bench.sqlite from
// fixtures/llamabench/two_builds.sql; runs.db is made by import itself.
func docInput(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err == nil || name == "runs.db" {
		return p
	}
	switch name {
	case "llama-bench.sqlite":
		text, err := os.ReadFile("../../fixtures/llamabench/two_builds.sql")
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(string(text)); err != nil {
			t.Fatal(err)
		}
	default:
		b, err := os.ReadFile("../../internal/llamabench/testdata/small.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return p
}
