package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

func TestMain(m *testing.M) {
	os.Exit(testscript.RunMain(m, map[string]func() int{
		"sweepstat": func() int {
			return exitCode(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)
		},
	}))
}

// TestScripts runs the command-line scripts in testdata/script. Besides
// testscript's own commands they have:
//
//	mkdb DB SQLFILE [STATEMENT]  build a SQLite database from SQL text, then run STATEMENT
//	filecount DIR N              DIR holds exactly N regular files (recursively)
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
