package mnndb_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// The writer runs in a process of its own (this test binary, re-executed),
// so that SQLite's locks work between processes as between sweepstat
// import and sweepstat compare, and so that it can be killed with SIGKILL.
const (
	helperEnv    = "MNNDB_TEST_WRITER" // the database path
	helperMode   = "MNNDB_TEST_WRITER_MODE"
	importsEach  = 40 // records per import of the looping writer
	writerRounds = 12
)

// TestHelperWriter is the writer process of the tests below; it does
// nothing in a normal test run.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process of TestConcurrentReaders and TestReadAfterKilledWriter")
	}
	// Exit when the test process goes away (it holds our stdin open).
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(3)
	}()
	switch os.Getenv(helperMode) {
	case "loop":
		// Imports one after another, each a transaction of importsEach
		// records that stays open a while (a slow input).
		for i := 0; i < writerRounds; i++ {
			start := time.Now()
			src := &slowSource{recs: records(fmt.Sprintf("w%d", i), importsEach, 0), delay: 2 * time.Millisecond}
			if _, err := mnndb.Write(path, mnndb.Import{Task: fmt.Sprintf("writer %d", i), Definition: "x", Source: src}); err != nil {
				fmt.Println("error:", err)
				os.Exit(1)
			}
			fmt.Println("committed", i+1, time.Since(start))
		}
	case "kill":
		// One import large enough to spill pages into the database file
		// before it commits; say so, then wait to be killed.
		st, err := os.Stat(path)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		src := &spillSource{path: path, size: st.Size()}
		_, err = mnndb.Write(path, mnndb.Import{Task: "killed", Definition: "x", Source: src})
		fmt.Println("error: import ended:", err)
		os.Exit(1)
	}
}

// records makes n records of model m; pad adds a knob of that many bytes.
func records(m string, n, pad int) []sweep.Record {
	out := make([]sweep.Record, n)
	for i := range out {
		knobs := map[string]string{"dynamicOption": strconv.Itoa(7 + i%2), "n_prompt": "64"}
		if pad > 0 {
			knobs["pad"] = strings.Repeat(strconv.Itoa(i%10), pad)
		}
		out[i] = sweep.Record{Test: &sweep.Test{Phase: "pp", Size: "64"}, Case: &sweep.Case{Origin: &sweep.Origin{Model: m}, Invocation: strconv.Itoa(i), Knobs: knobs},
			Mean: 100 + float64(i%7), Std: 0.5, Where: fmt.Sprintf("%s:%d", m, i)}
	}
	return out
}

type slowSource struct {
	recs  []sweep.Record
	i     int
	delay time.Duration
}

func (s *slowSource) Scan() bool {
	time.Sleep(s.delay)
	s.i++
	return s.i <= len(s.recs)
}
func (s *slowSource) Record() *sweep.Record { return &s.recs[s.i-1] }
func (s *slowSource) Err() error            { return nil }

// spillSource streams records of 64 KiB each and prints "spilled" once the
// database file has grown by 4 MiB, or its WAL holds 4 MiB (pages of the
// open transaction written out), then blocks. It gives up after 1000
// records (64 MiB).
type spillSource struct {
	rec  sweep.Record
	i    int
	path string
	size int64
}

func (s *spillSource) Scan() bool {
	db, errDB := os.Stat(s.path)
	wal, errWAL := os.Stat(s.path + "-wal")
	if errDB == nil && db.Size() > s.size+4<<20 || errWAL == nil && wal.Size() > 4<<20 {
		fmt.Println("spilled")
		select {}
	}
	if s.i == 1000 {
		fmt.Println("error: nothing spilled after 1000 records")
		os.Exit(1)
	}
	s.rec = records("big", 1, 64<<10)[0]
	s.rec.Invocation = strconv.Itoa(s.i)
	s.i++
	return true
}
func (s *spillSource) Record() *sweep.Record { return &s.rec }
func (s *spillSource) Err() error            { return nil }

func startWriter(t *testing.T, path, mode string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+path, helperMode+"="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := cmd.StdinPipe() // closed when this process exits: the helper then exits too
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// readCount opens the database, reads every task and returns the number of
// records, as compare and report do.
func readCount(path string) (int, error) {
	db, err := mnndb.Open(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range tasks {
		if strings.HasPrefix(t.Name, "writer ") && len(t.Records) != importsEach {
			return 0, fmt.Errorf("task %s holds %d records: half an import", t.Name, len(t.Records))
		}
		n += len(t.Records)
	}
	return n, nil
}

// Readers in a loop while a writer in another process imports, on a
// database in rollback-journal mode and in WAL mode: every read sees a
// committed state (the initial records plus whole imports), never an
// error. With the file opened immutable, most of them failed with "not a
// SQLite database".
func TestConcurrentReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: concurrent processes")
	}
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			path := makeDB(t, "benchmark_results.db", "PRAGMA journal_mode="+mode, readSmall(t))
			cmd, out := startWriter(t, path, "loop")
			var (
				done      atomic.Bool
				reads     atomic.Int64
				committed atomic.Int64
				mu        sync.Mutex
				failures  []string
			)
			go func() {
				for out.Scan() {
					if n, ok := strings.CutPrefix(out.Text(), "committed "); ok {
						n, _, _ = strings.Cut(n, " ")
						c, _ := strconv.Atoi(n)
						committed.Store(int64(c))
					} else if strings.HasPrefix(out.Text(), "error:") {
						mu.Lock()
						failures = append(failures, "writer: "+out.Text())
						mu.Unlock()
					}
				}
			}()
			var wg sync.WaitGroup
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !done.Load() || reads.Load() < 300 {
						low := committed.Load()
						n, err := readCount(path)
						high := committed.Load() + 1 // an import may commit during the read
						reads.Add(1)
						time.Sleep(time.Millisecond) // let the writer in: rollback-journal readers can starve it
						ok := err == nil && (n-40)%importsEach == 0 && int64((n-40)/importsEach) >= low && int64((n-40)/importsEach) <= high
						if !ok {
							mu.Lock()
							failures = append(failures, fmt.Sprintf("read %d records (commits %d..%d), error %v", n, low, high, err))
							mu.Unlock()
						}
					}
				}()
			}
			werr := cmd.Wait()
			done.Store(true)
			wg.Wait()
			if werr != nil {
				t.Errorf("writer: %v", werr)
			}
			if len(failures) > 0 {
				t.Errorf("%d of %d reads failed; first: %s", len(failures), reads.Load(), failures[0])
			}
			if n, err := readCount(path); err != nil || n != 40+writerRounds*importsEach {
				t.Errorf("after the writer: %d records, %v; want %d", n, err, 40+writerRounds*importsEach)
			}
			t.Logf("%d reads during %d imports", reads.Load(), writerRounds)
		})
	}
}

// After an import is killed (SIGKILL) in the middle of its transaction,
// with some of its pages already written into the database file, readers
// see the last committed state and leave the file as it is (the hot
// journal is rolled back in a private copy); the next writer rolls it back
// for good.
func TestReadAfterKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: concurrent processes")
	}
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			path := makeDB(t, "benchmark_results.db", "PRAGMA journal_mode="+mode, readSmall(t))
			cmd, out := startWriter(t, path, "kill")
			if !out.Scan() || out.Text() != "spilled" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("writer said %q, want spilled", out.Text())
			}
			cmd.Process.Kill() // SIGKILL
			cmd.Wait()
			dir := filepath.Dir(path)
			before := snapshot(t, dir)
			for i := 0; i < 20; i++ {
				if n, err := readCount(path); err != nil || n != 40 {
					t.Fatalf("read %d after the killed import: %d records, %v; want 40", i, n, err)
				}
			}
			if !mnndb.HasTable(path, "tasks") {
				t.Errorf("HasTable after the killed import: false")
			}
			if after := snapshot(t, dir); !equalSnapshots(before, after) {
				t.Errorf("reading changed the files: before %v, after %v", keys(before), keys(after))
			}
			// The next writer rolls the transaction back and adds its own.
			if _, err := mnndb.Write(path, mnndb.Import{Task: "next", Definition: "x", Records: records("n", 3, 0)}); err != nil {
				t.Fatal(err)
			}
			if n, err := readCount(path); err != nil || n != 43 {
				t.Errorf("after the next import: %d records, %v; want 43", n, err)
			}
			checkIntegrity(t, path)
		})
	}
}

// snapshot returns the content of the files in dir but -shm (SQLite's
// shared memory index, which WAL readers rebuild).
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range dirNames(t, dir) {
		if strings.HasSuffix(n, "-shm") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = b
	}
	return out
}

func equalSnapshots(a, b map[string][]byte) bool {
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

func keys(m map[string][]byte) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s(%d)", k, len(v)))
	}
	return out
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check: %q, %v", res, err)
	}
}
