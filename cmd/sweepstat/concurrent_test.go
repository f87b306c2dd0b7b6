//go:build unix

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// concurrentDB builds the small database in journal mode mode in dir.
func concurrentDB(t *testing.T, dir, mode string) string {
	t.Helper()
	db := buildSmallDB(t, dir)
	execSQL(t, db, "PRAGMA journal_mode="+mode)
	return db
}

func writeGen(t *testing.T, path, kind string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := genInput(w, kind, n); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

var resultsRE = regexp.MustCompile(`(?m)^task \d+: (\S+)\n(?:  description: .*\n)?  results: (\d+)$`)

// checkList checks list's output: task 1 and 2 of the fixture, then whole
// imports of n results each.
func checkList(out string, n int) error {
	m := resultsRE.FindAllStringSubmatch(out, -1)
	if len(m) < 2 || m[0][1] != "small_dyo78" || m[0][2] != "32" || m[1][2] != "8" {
		return fmt.Errorf("list does not show the fixture's tasks: %q", out)
	}
	for _, t := range m[2:] {
		if t[2] != fmt.Sprint(n) {
			return fmt.Errorf("task %s shows %s results, not the %d of a whole import", t[1], t[2], n)
		}
	}
	return nil
}

// Readers (compare, list) in a loop while sweepstat import processes write
// the same database, in rollback-journal and WAL mode: hundreds of reads,
// none fails, each sees whole imports, and compare of the fixture's task
// prints the same every time. (With the database opened immutable, most
// reads during an import failed with "not a SQLite database".)
func TestConcurrentImportAndReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: concurrent processes")
	}
	const perImport = 300
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			db := concurrentDB(t, dir, mode)
			in := filepath.Join(dir, "in.jsonl")
			writeGen(t, in, "jsonl", perImport)
			want := compareOut(t, db)
			var done atomic.Bool
			var reads atomic.Int64
			var mu sync.Mutex
			var failures []string
			fail := func(s string) {
				mu.Lock()
				failures = append(failures, s)
				mu.Unlock()
			}
			var wg sync.WaitGroup
			for g := 0; g < 3; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; !done.Load() || reads.Load() < 300; i++ {
						if i%2 == 0 {
							code, out, stderr := sweepstat(t, "compare", "-db", db, "-task", "small_dyo78", "-format", "csv")
							if code != 0 || out != want {
								fail(fmt.Sprintf("compare: status %d, %s", code, stderr))
							}
						} else {
							code, out, stderr := sweepstat(t, "list", "-db", db)
							if code != 0 {
								fail(fmt.Sprintf("list: status %d, %s", code, stderr))
							} else if err := checkList(out, perImport); err != nil {
								fail(err.Error())
							}
						}
						reads.Add(1)
						time.Sleep(time.Millisecond)
					}
				}()
			}
			for i := 0; i < 6; i++ {
				cmd, stderr := sweepstatProcess(t, nil, "import", "-db", db, "-task", fmt.Sprint("import-", i), "-set", fmt.Sprint("round=", i), in)
				if err := cmd.Wait(); err != nil {
					fail(fmt.Sprintf("import %d: %v: %s", i, err, stderr))
				}
			}
			done.Store(true)
			wg.Wait()
			if len(failures) > 0 {
				t.Errorf("%d of %d reads failed; first: %s", len(failures), reads.Load(), failures[0])
			}
			_, out, _ := sweepstat(t, "list", "-db", db)
			if n := len(resultsRE.FindAllString(out, -1)); n != 8 {
				t.Errorf("after 6 imports, list shows %d tasks, want 8", n)
			}
			t.Logf("%d reads during 6 imports", reads.Load())
		})
	}
}

func compareOut(t *testing.T, db string) string {
	t.Helper()
	code, out, stderr := sweepstat(t, "compare", "-db", db, "-task", "small_dyo78", "-format", "csv")
	if code != 0 {
		t.Fatalf("compare: status %d: %s", code, stderr)
	}
	return out
}

// After sweepstat import is killed (SIGKILL) in the middle of its
// transaction, compare and list see the database as it was before that
// import, and leave its files as they are; the next import completes.
// (With the database opened immutable, every read said "not a SQLite
// database" of a database that was intact.)
func TestReadersAfterKilledImport(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: imports 100 MB")
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.jsonl")
	writeGen(t, big, "jsonlpad", 6000)
	small := filepath.Join(dir, "small.jsonl")
	writeGen(t, small, "jsonl", 10)
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			dbDir := t.TempDir()
			db := concurrentDB(t, dbDir, mode)
			want := compareOut(t, db)
			_, wantList, _ := sweepstat(t, "list", "-db", db)
			st, _ := os.Stat(db)
			cmd, _ := sweepstatProcess(t, nil, "import", "-db", db, big)
			// Kill it once its transaction has written pages into the
			// database file (or its WAL): more than its cache holds.
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) && !written(db, st.Size()) {
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			before := dirContent(t, dbDir)
			for i := 0; i < 3; i++ { // each read copies the database: the journal is hot
				if got := compareOut(t, db); got != want {
					t.Fatalf("compare after the killed import differs:\n%s\nwant\n%s", got, want)
				}
				if code, out, stderr := sweepstat(t, "list", "-db", db); code != 0 || out != wantList {
					t.Fatalf("list after the killed import: status %d, %s\n%s", code, stderr, out)
				}
			}
			if after := dirContent(t, dbDir); !equalContent(before, after) {
				t.Errorf("reading after the killed import changed the files: %v → %v", keysOf(before), keysOf(after))
			}
			if code, _, stderr := sweepstat(t, "import", "-db", db, "-task", "next", small); code != 0 {
				t.Fatalf("the next import: status %d, %s", code, stderr)
			}
			if got := compareOut(t, db); got != want {
				t.Errorf("compare after the next import differs")
			}
		})
	}
}

// written reports whether a writer's transaction has put pages into the
// database file (grown from size) or its WAL.
func written(db string, size int64) bool {
	if st, err := os.Stat(db); err == nil && st.Size() > size+1<<20 {
		return true
	}
	st, err := os.Stat(db + "-wal")
	return err == nil && st.Size() > 1<<20
}

// dirContent returns the files of dir but SQLite's -shm index (which WAL
// readers rebuild).
func dirContent(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.HasSuffix(e.Name(), "-shm") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func equalContent(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s(%d)", k, len(v)))
	}
	return out
}
