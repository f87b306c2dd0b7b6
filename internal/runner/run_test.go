package runner

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/mnndb"
)

func TestRunAndResume(t *testing.T) {
	fakeEnv(t)
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 2
	s := mustRun(t, o)
	if s.Planned != 16 || s.Done != 16 || s.Skipped != 0 || s.Failed != 0 || s.Attempts != 16 {
		t.Errorf("first run: %+v", s)
	}
	checkExactlyOnce(t, o)
	// The same sweep again: nothing to do, nothing added.
	s = mustRun(t, o)
	if s.Done != 0 || s.Skipped != 16 || s.Attempts != 0 {
		t.Errorf("rerun: done %d skipped %d attempts %d, want 0, 16, 0", s.Done, s.Skipped, s.Attempts)
	}
	checkExactlyOnce(t, o)
	// A third round extends the same task by 8 invocations.
	o.Rounds = 3
	s = mustRun(t, o)
	if s.Done != 8 || s.Skipped != 16 {
		t.Errorf("extended: done %d skipped %d, want 8 and 16", s.Done, s.Skipped)
	}
	checkExactlyOnce(t, o)
	if n := query[int](t, o.DB, `SELECT count(*) FROM tasks`); n != 1 {
		t.Errorf("%d tasks, want 1", n)
	}
	if n := query[int](t, o.DB, `SELECT run_number FROM tasks`); n != 3 {
		t.Errorf("run_number %d, want 3 runs", n)
	}
	// Every attempt row carries what was run.
	for _, a := range attempts(t, o.DB) {
		if !strings.Contains(a.command, "-dyo") || !strings.Contains(a.tail, "t/s") || a.started == "" {
			t.Errorf("attempt %s: command %q tail %q started %q", a.key, a.command, a.tail, a.started)
		}
	}
	// Readers see WAL mode.
	if m := query[string](t, o.DB, `PRAGMA journal_mode`); m != "wal" {
		t.Errorf("journal_mode %q, want wal", m)
	}
}

// TestInterleavedStartTimes checks the order from what was recorded: the
// invocations' start times, as report and check see them.
func TestInterleavedStartTimes(t *testing.T) {
	fakeEnv(t)
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 4
	mustRun(t, o)
	db, err := mnndb.Open(o.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tasks, err := db.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	type inv struct{ time, model, prompt, dyo string }
	var invs []inv
	seen := map[string]bool{}
	for _, r := range tasks[0].Records {
		if seen[r.Invocation] {
			continue
		}
		seen[r.Invocation] = true
		invs = append(invs, inv{r.Time, r.Model, r.Knobs["n_prompt"], r.Knobs["dynamicOption"]})
	}
	for i := range invs {
		for j := i + 1; j < len(invs); j++ {
			if invs[j].time < invs[i].time {
				invs[i], invs[j] = invs[j], invs[i]
			}
		}
	}
	if len(invs) != 32 {
		t.Fatalf("%d invocations, want 32", len(invs))
	}
	for i := 1; i < len(invs); i++ {
		if invs[i].time == invs[i-1].time {
			t.Fatalf("two invocations share the start time %s: sub-second resolution lost", invs[i].time)
		}
	}
	// By start time: pairs of one cell, A B in odd rounds, B A in even.
	cellRounds := map[string]int{}
	for i := 0; i < len(invs); i += 2 {
		a, b := invs[i], invs[i+1]
		cell := a.model + " " + a.prompt
		if b.model+" "+b.prompt != cell {
			t.Fatalf("invocations %d and %d (%v, %v) are adjacent but of different cells", i, i+1, a, b)
		}
		cellRounds[cell]++
		want := [2]string{"7", "8"}
		if cellRounds[cell]%2 == 0 {
			want = [2]string{"8", "7"}
		}
		if got := [2]string{a.dyo, b.dyo}; got != want {
			t.Errorf("cell %s, round %d: ran %v, want %v", cell, cellRounds[cell], got, want)
		}
	}
}

func TestFailuresRecordedAndRetried(t *testing.T) {
	fakeEnv(t, "FAKE_FAIL", "n_prompt=128", "FAKE_FAIL_STATUS", "3")
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 1
	s, err := Run(context.Background(), o)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err %v, want ErrFailed", err)
	}
	if s.Done != 4 || s.Failed != 4 || len(s.Failures) != 4 {
		t.Errorf("done %d failed %d failures %d, want 4 4 4", s.Done, s.Failed, len(s.Failures))
	}
	var failed int
	for _, a := range attempts(t, o.DB) {
		if a.status == mnndb.StatusFailed {
			failed++
			if !strings.Contains(a.command, "-p 128") || a.errText != "exit status 3" || a.tail == "" || a.results != 0 {
				t.Errorf("failed attempt: command %q error %q tail %q results %d", a.command, a.errText, a.tail, a.results)
			}
		}
	}
	if failed != 4 {
		t.Errorf("%d failed attempts recorded, want 4", failed)
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM case_definitions WHERE status = 'failed'`); n != 4 {
		t.Errorf("%d failed cases, want 4", n)
	}
	// The engine is fixed: the rerun retries only the failed ones.
	t.Setenv("FAKE_FAIL", "")
	s = mustRun(t, o)
	if s.Done != 4 || s.Skipped != 4 || s.Attempts != 4 {
		t.Errorf("rerun: done %d skipped %d attempts %d, want 4 4 4", s.Done, s.Skipped, s.Attempts)
	}
	for _, a := range attempts(t, o.DB) {
		if strings.Contains(a.command, "-p 128") && a.status == mnndb.StatusSuccess && a.attemptNo != 2 {
			t.Errorf("%s succeeded as attempt %d, want 2", a.key, a.attemptNo)
		}
	}
	checkExactlyOnce(t, o)
}

func TestRetriesAtOnce(t *testing.T) {
	// Every second start of the engine fails; one retry gets each through.
	fakeEnv(t, "FAKE_FAIL", "every=2")
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 1
	o.Retries = 1
	s := mustRun(t, o)
	if s.Done != 8 || s.Failed != 0 || s.Attempts <= 8 {
		t.Errorf("done %d failed %d attempts %d; want 8, 0, more than 8", s.Done, s.Failed, s.Attempts)
	}
	checkExactlyOnce(t, o)
}

func TestGarbageIsUnparsable(t *testing.T) {
	fakeEnv(t, "FAKE_GARBAGE", "dynamicOption=8")
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 1
	s, err := Run(context.Background(), o)
	if !errors.Is(err, ErrFailed) || s.Failed != 4 {
		t.Fatalf("err %v failed %d, want ErrFailed and 4", err, s.Failed)
	}
	n := 0
	for _, a := range attempts(t, o.DB) {
		if a.status == mnndb.StatusUnparsable {
			n++
			if a.tail == "" || a.errText == "" {
				t.Errorf("unparsable attempt without tail or error: %+v", a)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d unparsable attempts, want 4", n)
	}
}

// TestTimeoutKillsTheGroup runs the engine behind a shell that does not
// exec it: killing only the shell would leave the hung engine holding the
// output pipe until WaitDelay, so a quick return shows the group died.
func TestTimeoutKillsTheGroup(t *testing.T) {
	fakeEnv(t, "FAKE_HANG", "n_prompt=128")
	path := sweepDir(t, strings.Replace(basicSweep, "global_config:", "taskset: \"sh -c '\\\"$0\\\" \\\"$@\\\"; exit $?'\"\nglobal_config:", 1))
	o := options(t, path)
	o.Rounds = 1
	o.Timeout = 300 * time.Millisecond
	start := time.Now()
	s, err := Run(context.Background(), o)
	if !errors.Is(err, ErrFailed) || s.Failed != 4 || s.Done != 4 {
		t.Fatalf("err %v, done %d failed %d; want ErrFailed, 4, 4", err, s.Done, s.Failed)
	}
	for _, a := range attempts(t, o.DB) {
		if a.status != mnndb.StatusTimeout {
			continue
		}
		if !strings.Contains(a.command, "-p 128") || !strings.Contains(a.errText, "timed out") {
			t.Errorf("timeout attempt: %q %q", a.command, a.errText)
		}
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM sweepstat_invocations WHERE status = 'timeout' AND exit_status IS NULL AND duration_seconds < 1.5`); n != 4 {
		t.Errorf("%d timeouts recorded as killed within 1.5 s, want 4", n)
	}
	if el := time.Since(start); el > 6*time.Second {
		t.Errorf("4 timeouts of 300ms took %v: the hung engine outlived its shell", el)
	}
}

func TestKnobMismatch(t *testing.T) {
	fakeEnv(t, "FAKE_ECHO", "threads=4")
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 1
	s, err := Run(context.Background(), o)
	var me *MismatchError
	if !errors.As(err, &me) || !errors.Is(err, ErrMismatch) {
		t.Fatalf("err %v, want a MismatchError", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "threads") || !strings.Contains(msg, "asked 1") || !strings.Contains(msg, "reported 4") {
		t.Errorf("message %q does not name the knob and both values", msg)
	}
	if s.Done != 0 || s.Attempts != 1 {
		t.Errorf("done %d attempts %d: the sweep did not stop at the first mismatch", s.Done, s.Attempts)
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM benchmark_results`); n != 0 {
		t.Errorf("%d results recorded from a mismatching engine", n)
	}
	if st := query[string](t, o.DB, `SELECT status FROM sweepstat_invocations`); st != mnndb.StatusMismatch {
		t.Errorf("attempt status %q, want mismatch", st)
	}
	// -force records them, each with a warning.
	o.Force = true
	s = mustRun(t, o)
	if s.Done != 8 || s.Forced != 8 || len(s.Warnings) != 8 {
		t.Errorf("forced: done %d forced %d warnings %d, want 8 8 8", s.Done, s.Forced, len(s.Warnings))
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM sweepstat_invocations WHERE status = 'forced' AND error LIKE '%threads%'`); n != 8 {
		t.Errorf("%d forced attempts naming threads, want 8", n)
	}
	checkExactlyOnce(t, o)
}

func TestWarmups(t *testing.T) {
	fakeEnv(t)
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 1
	o.Warmup = 2
	s := mustRun(t, o)
	if s.Warmups != 4 || s.Done != 8 {
		t.Errorf("warm-ups %d done %d, want 4 and 8", s.Warmups, s.Done)
	}
	as := attempts(t, o.DB)
	for i, a := range as {
		if a.warmup == 1 {
			if a.caseID.Valid || a.results != 0 {
				t.Errorf("warm-up %s wrote results", a.key)
			}
			// A warm-up runs right before its model's first measurement.
			next := i + 1
			for next < len(as) && as[next].warmup == 1 {
				next++
			}
			if next == len(as) || as[next].command != a.command {
				t.Errorf("warm-up %q is not followed by its measurement", a.command)
			}
		}
	}
	checkExactlyOnce(t, o) // warm-ups are not results
}

// TestUntil checks the extra-round mechanics: the hook is consulted after
// the planned rounds, its cells get whole rounds (both values), and the
// loop stops at MaxRounds.
func TestUntil(t *testing.T) {
	fakeEnv(t)
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 2
	o.MaxRounds = 4
	var looks []int
	o.Until = func(ctx context.Context, s *Summary) ([]Cell, error) {
		looks = append(looks, s.Looks)
		var more []Cell
		for _, c := range s.Cells {
			if c.Model == "a" && c.Knobs["n_prompt"] == "64" {
				more = append(more, *c)
			}
		}
		return more, nil
	}
	s := mustRun(t, o)
	// Rounds 3 and 4 for one cell: 4 extra invocations, then MaxRounds.
	if s.Extra != 4 || s.Done != 20 || len(looks) != 3 {
		t.Errorf("extra %d done %d looks %v; want 4, 20, 3 looks", s.Extra, s.Done, looks)
	}
	for _, c := range s.Cells {
		want := 2
		if c.Model == "a" && c.Knobs["n_prompt"] == "64" {
			want = 4
		}
		if s.Rounds[c.Key] != want {
			t.Errorf("cell %s: %d rounds, want %d", c.Key, s.Rounds[c.Key], want)
		}
	}
	// A rerun asks again; the cell is at MaxRounds, so nothing runs.
	s = mustRun(t, o)
	if s.Done != 0 || s.Extra != 0 {
		t.Errorf("rerun: done %d extra %d", s.Done, s.Extra)
	}
}

func TestPreflight(t *testing.T) {
	fakeEnv(t)
	dir := t.TempDir()
	noDash := filepath.Join(dir, "llm_bench_old")
	// A program whose help does not list -dyo.
	os.WriteFile(noDash, []byte("#!/bin/sh\necho 'usage: llm_bench'\necho '  -m, --model <filename>'\necho '  -t, --threads <n>'\necho '  -c, --precision <n>'\necho '  -p, --n-prompt <n>'\necho '  -n, --n-gen <n>'\necho '  -rep, --n-repeat <n>'\n"), 0o755)
	for _, tc := range []struct {
		name string
		edit func(o *Options)
		text string
		want string
	}{
		{"help lacks a flag", func(o *Options) { o.Binary = noDash }, basicSweep, "sweep.yaml:10: knob dynamicOption: checking llm_bench help: flag -dyo is not listed"},
		{"unknown knob", nil, strings.Replace(basicSweep, "  precision: 2", "  precison: 2", 1), "sweep.yaml:5: knob precison"},
		{"missing model", nil, strings.Replace(basicSweep, "b/config.json", "c/config.json", 1), "sweep.yaml:6: model c/config.json:"},
		{"missing binary", func(o *Options) { o.Binary = filepath.Join(dir, "nope") }, basicSweep, "binary " + filepath.Join(dir, "nope") + ": not found"},
		{"database directory missing", func(o *Options) { o.DB = filepath.Join(dir, "no", "such", "r.db") }, basicSweep, "r.db: cannot create it"},
		{"database not a database", func(o *Options) { o.DB = noDash }, basicSweep, "not a SQLite database"},
		{"bad value", nil, strings.Replace(basicSweep, "  threads: 1", "  threads: \"\"", 1), "knob threads (-t) has an empty value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options(t, sweepDir(t, tc.text))
			if tc.edit != nil {
				tc.edit(o)
			}
			before, _ := os.ReadFile(o.DB)
			_, err := Run(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if errors.Is(err, ErrFailed) || errors.Is(err, ErrMismatch) {
				t.Errorf("a preflight error is a run failure: %v", err)
			}
			after, _ := os.ReadFile(o.DB)
			if string(before) != string(after) {
				t.Errorf("the database changed")
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(o.DB), "results.db")); o.DB == filepath.Join(filepath.Dir(o.DB), "results.db") && err == nil {
				t.Errorf("preflight failure created the database")
			}
		})
	}
}

// TestConcurrentReaders reads the database with the mnndb reader (what
// report and compare use) again and again while a sweep writes to it.
func TestConcurrentReaders(t *testing.T) {
	fakeEnv(t, "FAKE_SLEEP", "10ms")
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 3
	done := make(chan struct{})
	var wg sync.WaitGroup
	var reads, maxSeen int
	var readErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		last := 0
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := os.Stat(o.DB); err != nil {
				time.Sleep(time.Millisecond)
				continue
			}
			db, err := mnndb.Open(o.DB)
			if err != nil {
				readErr = err
				return
			}
			tasks, err := db.Tasks()
			db.Close()
			if err != nil {
				readErr = err
				return
			}
			n := 0
			for _, tk := range tasks {
				n += len(tk.Records)
			}
			if n < last {
				readErr = errors.New("a reader saw fewer results than before")
				return
			}
			last, reads = n, reads+1
			maxSeen = max(maxSeen, n)
		}
	}()
	mustRun(t, o)
	close(done)
	wg.Wait()
	if readErr != nil {
		t.Fatalf("reader: %v", readErr)
	}
	if reads < 5 || maxSeen == 0 {
		t.Errorf("%d reads, at most %d results seen: the reader did not read during the run", reads, maxSeen)
	}
	checkExactlyOnce(t, o)
}

// childEnv names the sweep file a child test process runs (TestSIGKILL).
const childEnv = "RUNNER_TEST_CHILD_SWEEP"

func childMain() int {
	o, err := Load(os.Getenv(childEnv), "")
	if err != nil {
		return 2
	}
	o.DB = os.Getenv("RUNNER_TEST_CHILD_DB")
	o.Rounds = 3
	if _, err := Run(context.Background(), o); err != nil {
		return 1
	}
	return 0
}

// TestSIGKILL kills a run with SIGKILL in the middle of its sweep, then
// reruns it: every invocation ends up recorded exactly once.
func TestSIGKILL(t *testing.T) {
	fakeEnv(t, "FAKE_SLEEP", "15ms")
	path := sweepDir(t, basicSweep)
	o := options(t, path)
	o.Rounds = 3
	for kill := 0; kill < 2; kill++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+path, "RUNNER_TEST_CHILD_DB="+o.DB)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for a few more finished invocations, then kill.
		base := finishedCount(t, o.DB)
		deadline := time.Now().Add(20 * time.Second)
		for finishedCount(t, o.DB) < base+5 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if n := finishedCount(t, o.DB); n >= 24 || err == nil {
			t.Fatalf("kill %d: the run finished (%d invocations, %v) before it was killed", kill, n, err)
		}
	}
	// The run left "running" behind, as a killed run does.
	if n := query[int](t, o.DB, `SELECT count(*) FROM sweepstat_runs WHERE status = 'running'`); n != 2 {
		t.Errorf("%d runs left running, want the 2 killed", n)
	}
	before := finishedCount(t, o.DB)
	s := mustRun(t, o)
	if s.Done != 24-before || s.Skipped != before {
		t.Errorf("rerun: done %d skipped %d, want %d and %d", s.Done, s.Skipped, 24-before, before)
	}
	checkExactlyOnce(t, o)
}

func finishedCount(t *testing.T, path string) int {
	t.Helper()
	h, err := mnndb.ReadHistory(path, "basic")
	if err != nil {
		return 0 // not created yet
	}
	return h.Finished
}

// TestInterrupt cancels the context (what SIGINT and SIGTERM do) during a
// sweep: what finished is recorded, the run says interrupted, and a rerun
// completes it.
func TestInterrupt(t *testing.T) {
	fakeEnv(t, "FAKE_SLEEP", "20ms")
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 2
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for finishedCount(t, o.DB) < 3 {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	s, err := Run(ctx, o)
	if !errors.Is(err, ErrInterrupted) || !s.Interrupted {
		t.Fatalf("err %v, want ErrInterrupted", err)
	}
	if st := query[string](t, o.DB, `SELECT status FROM sweepstat_runs`); st != "interrupted" {
		t.Errorf("run status %q", st)
	}
	if s.Done < 3 || s.Done >= 16 {
		t.Errorf("done %d", s.Done)
	}
	s = mustRun(t, o)
	checkExactlyOnce(t, o)
}

// TestProgress checks both renderings: one line per attempt when the log
// is no terminal, a bar with done/total and the failures on one.
func TestProgress(t *testing.T) {
	fakeEnv(t, "FAKE_FAIL", "n_prompt=128")
	for _, terminal := range []bool{false, true} {
		o := options(t, sweepDir(t, basicSweep))
		o.Rounds = 1
		var log strings.Builder
		o.Log, o.Terminal = &log, terminal
		if _, err := Run(context.Background(), o); !errors.Is(err, ErrFailed) {
			t.Fatalf("err %v", err)
		}
		out := log.String()
		if !terminal {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 8 || !strings.HasPrefix(lines[0], "sweepstat: [1/8] ") || strings.Count(out, "FAILED failed") != 4 || !strings.Contains(out, "exit status 1") {
				t.Errorf("plain progress:\n%s", out)
			}
			continue
		}
		if !strings.Contains(out, "(8/8)") || !strings.Contains(out, "failed | llm_bench -m ") || strings.Count(out, "sweepstat: FAILED") != 4 {
			t.Errorf("bar:\n%q", out)
		}
	}
}

// TestChangedSweep refuses to resume a task whose recorded invocations
// had other knobs than the sweep file now asks.
func TestChangedSweep(t *testing.T) {
	fakeEnv(t)
	path := sweepDir(t, basicSweep)
	o := options(t, path)
	o.Rounds = 1
	mustRun(t, o)
	text := strings.Replace(strings.ReplaceAll(basicSweep, "BIN", fakeLLMBench(t)), "threads: 1", "threads: 2", 1)
	os.WriteFile(path, []byte(text), 0o644)
	o = options(t, path)
	o.Rounds = 1
	_, err := Run(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "was recorded with knobs") || !strings.Contains(err.Error(), `"threads":"2"`) {
		t.Errorf("err %v", err)
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM sweepstat_runs`); n != 1 {
		t.Errorf("%d runs recorded, want the first only", n)
	}
}

// A second run on a database that a run is using is refused at once, with
// an error that exit statuses map to the environment (EBUSY), and records
// nothing; once the first ends, the next run goes ahead.
func TestSecondRunRefused(t *testing.T) {
	fakeEnv(t)
	o := options(t, sweepDir(t, basicSweep))
	o.Rounds = 1
	mustRun(t, o)
	unlock, err := lockDB(o.DB) // as a run in progress holds it
	if err != nil {
		t.Fatal(err)
	}
	o.Rounds = 2
	_, err = Run(context.Background(), o)
	if err == nil || !errors.Is(err, syscall.EBUSY) || !strings.Contains(err.Error(), "another sweepstat run") {
		t.Fatalf("second run: %v, want a refusal", err)
	}
	if n := query[int](t, o.DB, `SELECT count(*) FROM benchmark_results`); n != 16 {
		t.Errorf("%d results after the refused run, want the first run's 16", n)
	}
	unlock()
	if s := mustRun(t, o); s.Done != 8 {
		t.Errorf("after the first run ended: done %d, want 8", s.Done)
	}
}
