package compare

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/fakeengine/fakebuild"
	"github.com/sweepstat/sweepstat/internal/runner"
)

var validateSweeps = flag.Bool("validate", false, "run the long simulation of TestUntilDecidedAA")

// sweepFixture writes a sweep of 2 models × dynamicOption {7, 8} ×
// n_prompt {64, 128} (n_gen 32) run by the fake llm_bench, and the two
// model directories, into a new directory; it returns the sweep file and
// a database path beside it.
func sweepFixture(t *testing.T, bin string, rounds int) (sweepFile, db string) {
	t.Helper()
	dir := t.TempDir()
	for _, m := range []string{"a", "b"} {
		os.MkdirAll(filepath.Join(dir, m), 0o755)
		if err := os.WriteFile(filepath.Join(dir, m, "config.json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := fmt.Sprintf(`task_name: gate
global_config:
  threads: 1
  repeat: 3
  models: ["a/config.json", "b/config.json"]
benchmark_suits:
  - suit_name: s
    variables:
      - name: dynamicOption
        values: [7, 8]
      - name: n_prompt
        values: [64, 128]
      - name: n_gen
        values: [32]
sweepstat:
  binary: %s
  rounds: %d
`, bin, rounds)
	sweepFile = filepath.Join(dir, "sweep.yaml")
	if err := os.WriteFile(sweepFile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return sweepFile, filepath.Join(dir, "results.db")
}

func fakeEnv(t *testing.T, kv ...string) {
	t.Helper()
	t.Setenv("FAKE_STATE", t.TempDir())
	for _, v := range []string{"FAKE_FAIL", "FAKE_HANG", "FAKE_GARBAGE", "FAKE_ECHO", "FAKE_SLEEP", "FAKE_DRIFT", "FAKE_EFFECT", "FAKE_SEED"} {
		t.Setenv(v, "")
	}
	t.Setenv("FAKE_CV", "0.2") // percent
	t.Setenv("FAKE_RUN_CV", "0.6")
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

func resultCount(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	d, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow(`SELECT count(*) FROM benchmark_results`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// Gate with a sweep file runs the sweep into the database (resuming: a
// second Gate runs nothing new) and gates on it: an A/A sweep passes, a
// sweep where dynamicOption=8 is 10% slower at decode fails. Under -short
// only the preflight runs (RunSweep with short): nothing is recorded.
func TestGateRunsSweep(t *testing.T) {
	bin := fakebuild.Build(t, "llm_bench")
	fakeEnv(t, "FAKE_SEED", "1")
	file, db := sweepFixture(t, bin, 3)
	if _, ok, err := RunSweep(context.Background(), Spec{DB: db, Sweep: SweepSpec{File: file}}, true); err != nil || ok {
		t.Fatalf("short: ok %v, err %v; want the preflight only", ok, err)
	}
	if n := resultCount(t, db); n != 0 {
		t.Fatalf("the preflight recorded %d results", n)
	}
	var tb fakeTB
	Gate(&tb, Spec{DB: db, Sweep: SweepSpec{File: file}})
	if len(tb.errors)+len(tb.fatals) != 0 {
		t.Fatalf("A/A sweep fails the gate: %q %q", tb.errors, tb.fatals)
	}
	n := resultCount(t, db)
	if n != 2*2*2*3*2 { // models × prompts × values × rounds × (pp, tg)
		t.Errorf("%d results, want 48", n)
	}
	Gate(&tb, Spec{DB: db, Sweep: SweepSpec{File: file}})
	if m := resultCount(t, db); m != n || len(tb.errors)+len(tb.fatals) != 0 {
		t.Errorf("rerun: %d results (want %d), errors %q %q", m, n, tb.errors, tb.fatals)
	}

	fakeEnv(t, "FAKE_SEED", "2", "FAKE_EFFECT", "dynamicOption=8:-10@tg")
	file, db = sweepFixture(t, bin, 3)
	tb = fakeTB{}
	Gate(&tb, Spec{DB: db, Sweep: SweepSpec{File: file}})
	if len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "tg") {
		t.Errorf("a 10%% decode regression: errors %q, fatals %q; want one failure naming tg", tb.errors, tb.fatals)
	}
}

// The alpha spent over the looks of -until decided adds up to alpha.
func TestLookAlpha(t *testing.T) {
	for _, c := range []struct{ rounds, max int }{{3, 10}, {2, 6}, {1, 1}, {5, 5}} {
		sum := 0.0
		for look := 1; look <= c.max-c.rounds+1; look++ {
			sum += lookAlpha(0.05, look, c.rounds, c.max)
		}
		if sum > 0.05+1e-12 || sum < 0.05-1e-12 {
			t.Errorf("rounds %d, max %d: looks spend %v, want 0.05", c.rounds, c.max, sum)
		}
	}
}

// -until decided on A/A sweeps (the fake llm_bench, no effect, 0.6%
// run-to-run noise): whatever the looks see, a sweep declared different
// (a regression or an improvement at any look, at that look's level) is at
// most alpha of the sweeps; and a sweep with a real 10% effect is decided
// (every cell stops before the maximum of rounds). Fast: 12 sweeps; with
// -validate 300 (go test ./compare -run UntilDecided -validate -v).
func TestUntilDecidedAA(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sweeps with the fake engine")
	}
	n := 12
	if *validateSweeps {
		n = 300
	}
	bin := fakebuild.Build(t, "llm_bench")
	flagged, extra := 0, 0
	for i := 0; i < n; i++ {
		fakeEnv(t, "FAKE_SEED", fmt.Sprint(100+i))
		file, db := sweepFixture(t, bin, 2)
		o, err := runner.Load(file, "")
		if err != nil {
			t.Fatal(err)
		}
		o.DB, o.MaxRounds = db, 6
		spec := Spec{DB: db}
		declared := false
		o.Until = func(ctx context.Context, s *runner.Summary) ([]runner.Cell, error) {
			cells, res, err := decide(spec, s, o.Rounds, o.MaxRounds)
			if err == nil {
				for _, r := range res.Rows() {
					if r.Verdict == Regression || r.Verdict == Improvement {
						declared = true
					}
				}
			}
			return cells, err
		}
		sum, err := runner.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		extra += sum.Extra
		if declared {
			flagged++
		}
	}
	rate := float64(flagged) / float64(n)
	t.Logf("-until decided, %d A/A sweeps: declared different %d (%.3f); %d extra invocations in all", n, flagged, rate, extra)
	if rate > 0.05+3*0.0126 && n >= 300 || n < 300 && flagged > 1 {
		t.Errorf("%d of %d A/A sweeps declared different", flagged, n)
	}
	if extra == 0 {
		t.Error("no A/A sweep needed an extra round: the test does not exercise the looks")
	}

	fakeEnv(t, "FAKE_SEED", "7", "FAKE_EFFECT", "dynamicOption=8:-10")
	file, db := sweepFixture(t, bin, 2)
	o, err := runner.Load(file, "")
	if err != nil {
		t.Fatal(err)
	}
	o.DB, o.MaxRounds = db, 6
	o.Until = UntilDecided(Spec{DB: db}, o.Rounds, o.MaxRounds)
	sum, err := runner.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range sum.Rounds {
		if r >= o.MaxRounds {
			t.Errorf("a 10%% effect: cell %s ran %d rounds; want it decided before %d", k, r, o.MaxRounds)
		}
	}
	t.Logf("a 10%% effect: decided after %d looks, %d extra invocations", sum.Looks, sum.Extra)
}
