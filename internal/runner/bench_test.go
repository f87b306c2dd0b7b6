package runner

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// benchSweep is 1 model × dynamicOption {7, 8} × N n_prompt values ×
// n_gen {32}: 2N invocations per round.
func benchSweep(n int) string {
	return `task_name: bench
global_config:
  threads: 1
  repeat: 1
  models: ["a/config.json"]
benchmark_suits:
  - suit_name: s
    variables:
      - name: dynamicOption
        values: [7, 8]
      - name: n_prompt
        start: 1
        end: ` + strconv.Itoa(n) + `
        step: 1
      - name: n_gen
        values: [32]
sweepstat:
  binary: BIN
  rounds: 1
`
}

// BenchmarkInvocation is the cost of one invocation through Run (plan,
// process start, parse, verify, one transaction) with a fake engine that
// returns at once; BenchmarkExecFake is the bare process start of the same
// command, so the runner's own overhead is their difference.
func BenchmarkInvocation(b *testing.B) {
	b.Setenv("FAKE_STATE", b.TempDir())
	n := max(b.N/2, 1)
	o := options(b, sweepDir(b, benchSweep(n)))
	b.ResetTimer()
	s, err := Run(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(s.Done), "ns/invocation")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkExecFake(b *testing.B) {
	b.Setenv("FAKE_STATE", b.TempDir())
	dir := sweepDir(b, benchSweep(1))
	model := dir[:len(dir)-len("sweep.yaml")] + "a/config.json"
	bin := fakeLLMBench(b)
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin, "-m", model, "-dyo", "7", "-n", "32", "-p", "1", "-rep", "1", "-t", "1")
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkResumeFinished1000 is a rerun of a finished sweep of 1,000
// invocations: preflight (the engine's -h included), plan, history, and
// finding nothing to do.
func BenchmarkResumeFinished1000(b *testing.B) {
	b.Setenv("FAKE_STATE", b.TempDir())
	o := options(b, sweepDir(b, benchSweep(500)))
	s, err := Run(context.Background(), o)
	if err != nil || s.Done != 1000 {
		b.Fatalf("setup: %v, %d done", err, s.Done)
	}
	st, _ := os.Stat(o.DB)
	b.Logf("database of 1000 invocations: %d KiB", st.Size()>>10)
	for b.Loop() {
		s, err := Run(context.Background(), o)
		if err != nil || s.Done != 0 || s.Skipped != 1000 {
			b.Fatalf("%v: done %d skipped %d", err, s.Done, s.Skipped)
		}
	}
}
