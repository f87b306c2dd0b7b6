package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/sweepstat/sweepstat/compare"
	_ "modernc.org/sqlite"
)

// TestMain registers the real main as the sweepstat command of the
// scripts (and of the tests that run it as a process of its own), so that
// its signal handling and exit statuses are what is tested.
//
// With SWEEPSTAT_TEST_STUCK_RENDERER=1 in its environment, that command's
// renderer never returns (TestSignalGrace).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"sweepstat": func() {
		if os.Getenv("SWEEPSTAT_TEST_STUCK_RENDERER") == "1" {
			renderFile = func(root *os.Root, name string, f compare.File) error {
				if err := render(root, name, f); err != nil {
					return err
				}
				select {} // the file is written, the renderer never returns
			}
		}
		main()
	}})
}

// TestScripts runs the command-line scripts in testdata/script. Besides
// testscript's own commands they have:
//
//	mkdb DB SQLFILE [STATEMENT]  build a SQLite database from SQL text, then run STATEMENT
//	filecount DIR N              DIR holds exactly N regular files (recursively)
//	status N PROG [ARGS…]        run PROG; its exit status must be N (stdout and stderr as exec leaves them)
//	gen FILE KIND N              write a generated input of N records: KIND is jsonl, csv or bench
//	clean FILE…                  each FILE is valid UTF-8 without NUL, ESC or BEL bytes
//	glob PATTERN N               PATTERN (filepath.Glob) matches exactly N files
func TestScripts(t *testing.T) {
	fixtures, err := filepath.Abs("../../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("FIXTURES", fixtures)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mkdb":      mkdb,
			"filecount": filecount,
			"status":    status,
			"gen":       gen,
			"clean":     clean,
			"glob":      globCount,
		},
	})
}

func mkdb(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: mkdb DB SQLFILE [STATEMENT]")
	}
	text := ts.ReadFile(args[1])
	if len(args) == 3 {
		text += "\n" + args[2] + ";"
	}
	db, err := sql.Open("sqlite", ts.MkAbs(args[0]))
	ts.Check(err)
	defer db.Close()
	_, err = db.Exec(text)
	ts.Check(err)
}

func filecount(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: filecount DIR N")
	}
	n := 0
	root := ts.MkAbs(args[0])
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return nil
	})
	want := strings.TrimSpace(args[1])
	if (want == strconv.Itoa(n)) == neg {
		ts.Fatalf("%s holds %d files, want %s%s", args[0], n, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

func status(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("status: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

func gen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: gen FILE KIND N")
	}
	n, err := strconv.Atoi(args[2])
	if err != nil {
		ts.Fatalf("gen: %v", err)
	}
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	w := bufio.NewWriter(f)
	ts.Check(genInput(w, args[1], n))
	ts.Check(w.Flush())
	ts.Check(f.Close())
}

func clean(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: clean FILE...")
	}
	for _, name := range args {
		b := []byte(ts.ReadFile(name))
		if !utf8.Valid(b) {
			ts.Fatalf("%s is not valid UTF-8", name)
		}
		for _, c := range []byte{0, 0x1b, 0x07} {
			if i := bytes.IndexByte(b, c); i >= 0 {
				ts.Fatalf("%s holds byte %#x at offset %d", name, c, i)
			}
		}
	}
}

func globCount(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: glob PATTERN N")
	}
	m, err := filepath.Glob(ts.MkAbs(args[0]))
	ts.Check(err)
	if strconv.Itoa(len(m)) != args[1] {
		ts.Fatalf("%s matches %d files (%v), want %s", args[0], len(m), m, args[1])
	}
}
