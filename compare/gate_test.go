package compare

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records what Gate does to a test.
type fakeTB struct {
	testing.TB // nil: any method not overridden panics, so the test sees it
	errors     []string
	fatals     []string
	logs       []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

// The demo's dynamicOption task has a real −1.5% prefill regression of
// demo_qwen_0_5b at n_prompt ≥ 512: a 1% limit must fail, once, naming it;
// 3% must pass and log the comparison.
func TestGateFailsOnRegression(t *testing.T) {
	var tb fakeTB
	Gate(&tb, Spec{MaxRegression: Pct(1)})
	if len(tb.errors) != 1 || len(tb.fatals) != 0 {
		t.Fatalf("Gate recorded %d errors, %d fatals, want 1 error: %q %q", len(tb.errors), len(tb.fatals), tb.errors, tb.fatals)
	}
	msg := tb.errors[0]
	for _, want := range []string{"FAIL", "demo_qwen_0_5b  pp     1024", "adj. p", "[95% interval]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("gate message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "demo_smol_256m  pp ") {
		t.Errorf("gate message names a model without a pp regression:\n%s", msg)
	}

	tb = fakeTB{}
	Gate(&tb, Spec{PhaseLimits: map[string]float64{"pp": 3, "tg": 1}})
	if len(tb.errors)+len(tb.fatals) != 0 || len(tb.logs) != 1 || !strings.Contains(tb.logs[0], "PASS") {
		t.Errorf("with pp 3%%: errors %q, fatals %q, logs %d", tb.errors, tb.fatals, len(tb.logs))
	}
}

// The demo's mmap task is an A/A sweep: the gate passes at default settings.
func TestGatePassesAA(t *testing.T) {
	var tb fakeTB
	Gate(&tb, Spec{Task: "demo_mmap_aa_synthetic", Option: "mmap"})
	if len(tb.errors)+len(tb.fatals) != 0 {
		t.Errorf("A/A: %q %q", tb.errors, tb.fatals)
	}
}

func TestGateBadInput(t *testing.T) {
	var tb fakeTB
	Gate(&tb, Spec{DB: filepath.Join(t.TempDir(), "missing.db")})
	if len(tb.fatals) != 1 || !strings.Contains(tb.fatals[0], "missing.db") {
		t.Errorf("fatals = %q, want one naming missing.db", tb.fatals)
	}
}

// writeGoBench writes `go test -bench` output: n samples per benchmark of
// ns/op around base×factor with 1% noise.
func writeGoBench(t *testing.T, path string, rng *rand.Rand, n int, factor float64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/x\n")
	for _, name := range []string{"Encode", "Decode", "Parse/small", "Parse/large"} {
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.1f ns/op\t 64 B/op\t 1 allocs/op\n", name, 5000*factor*(1+0.01*rng.NormFloat64()))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
}

// Gating Go benchmarks: ns/op is lower-is-better, so 10% more ns/op is a
// regression; the same distribution passes.
func TestGateGoBenchmarks(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 7))
	old, slow, same := filepath.Join(dir, "old.txt"), filepath.Join(dir, "slow.txt"), filepath.Join(dir, "same.txt")
	writeGoBench(t, old, rng, 10, 1)
	writeGoBench(t, slow, rng, 10, 1.10)
	writeGoBench(t, same, rng, 10, 1)
	var tb fakeTB
	Gate(&tb, Spec{Files: []string{old, slow}, MaxRegression: Pct(5)})
	if len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "sec/op") || !strings.Contains(tb.errors[0], "Encode-2") {
		t.Errorf("10%% slower: errors %q fatals %q", tb.errors, tb.fatals)
	}
	tb = fakeTB{}
	Gate(&tb, Spec{Files: []string{old, same}, MaxRegression: Pct(5)})
	if len(tb.errors)+len(tb.fatals) != 0 {
		t.Errorf("same distribution: errors %q fatals %q", tb.errors, tb.fatals)
	}
	// Faster is an improvement, never a failure, even with no limit.
	tb = fakeTB{}
	Gate(&tb, Spec{Files: []string{slow, old}})
	if len(tb.errors)+len(tb.fatals) != 0 {
		t.Errorf("10%% faster: errors %q fatals %q", tb.errors, tb.fatals)
	}
}

// TestGateFalseAlarmRate simulates A/A sweeps shaped like task 3 of the
// real database (2 models × (16 pp sizes × 4 invocations + 4 tg sizes × 16
// invocations) per value, between-invocation CV 0.5%, fixed seed) and
// checks that the gate at default settings (Holm, α = 0.05, no limit)
// fails at most α of them, plus three standard errors of the simulation.
func TestGateFalseAlarmRate(t *testing.T) {
	sweeps := 200
	if testing.Short() {
		sweeps = 40
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	dir := t.TempDir()
	failed := 0
	for s := 0; s < sweeps; s++ {
		var files [2]string
		for v := range files {
			var b strings.Builder
			b.WriteString("Unit tokens/sec better=higher\n")
			for _, model := range []string{"a", "b"} {
				for size := 1; size <= 16; size++ {
					for i := 0; i < 4; i++ {
						fmt.Fprintf(&b, "BenchmarkPP/model=%s/size=%d 1 %.4f tokens/sec\n", model, 64*size, 80*(1+0.005*rng.NormFloat64()))
					}
				}
				for size := 1; size <= 4; size++ {
					for i := 0; i < 16; i++ {
						fmt.Fprintf(&b, "BenchmarkTG/model=%s/size=%d 1 %.4f tokens/sec\n", model, 32*size, 28*(1+0.005*rng.NormFloat64()))
					}
				}
			}
			files[v] = filepath.Join(dir, fmt.Sprintf("v%d.txt", v))
			if err := os.WriteFile(files[v], []byte(b.String()), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Run(Spec{Files: files[:]})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Check().Passed {
			failed++
		}
	}
	rate := float64(failed) / float64(sweeps)
	limit := 0.05 + 3*0.0154 // α + 3 standard errors at 200 sweeps
	t.Logf("gate false-alarm rate on %d A/A sweeps: %.3f", sweeps, rate)
	if rate > limit {
		t.Errorf("gate failed %d of %d A/A sweeps (%.3f > %.3f)", failed, sweeps, rate, limit)
	}
}
