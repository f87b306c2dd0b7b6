package compare_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/sweepstat/sweepstat/compare"
	"github.com/sweepstat/sweepstat/internal/fakeengine/fakebuild"
)

// The test harness of the design card, end to end: a sweep file (the
// users' format), run into a database by the runner — interleaved, three
// rounds, resumable — then gated. In a test of your own this is one call,
//
//	compare.Gate(t, compare.Spec{DB: "results.db", Sweep: compare.SweepSpec{File: "sweep.yaml"}})
//
// which runs (or resumes) the sweep and fails the test on a regression;
// under go test -short it only checks the sweep (binary, help text, knobs,
// models). Here the engine is sweepstat's fake llm_bench.
func ExampleRunSweep() {
	dir, err := os.MkdirTemp("", "sweepstat-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin, err := fakebuild.BuildDir(dir, "llm_bench")
	if err != nil {
		log.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "qwen"), 0o755)
	os.WriteFile(filepath.Join(dir, "qwen", "config.json"), []byte("{}"), 0o644)
	os.Setenv("FAKE_STATE", dir) // the fake's noise: reproducible
	os.Setenv("FAKE_SEED", "1")
	sweep := `task_name: dyo78
global_config:
  threads: 1
  repeat: 3
  models: ["qwen/config.json"]
benchmark_suits:
  - suit_name: pn
    variables:
      - name: dynamicOption
        values: [7, 8]
      - name: n_prompt
        values: [64, 128]
      - name: n_gen
        values: [32]
sweepstat:
  binary: ` + bin + "\n"
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte(sweep), 0o644)

	spec := compare.Spec{DB: filepath.Join(dir, "results.db"), Sweep: compare.SweepSpec{File: filepath.Join(dir, "sweep.yaml")}}
	gated, _, err := compare.RunSweep(context.Background(), spec, false)
	if err != nil {
		log.Fatal(err)
	}
	res, err := compare.Run(gated)
	if err != nil {
		log.Fatal(err)
	}
	c := res.Check()
	fmt.Printf("%s: %d benchmarks, %d design findings, passed %v\n", gated.Option, c.Counts.Total(), len(res.Design()), c.Passed)
	// Output:
	// dynamicOption: 3 benchmarks, 0 design findings, passed true
}
