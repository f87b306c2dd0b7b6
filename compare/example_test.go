package compare_test

import (
	"fmt"
	"log"

	"github.com/sweepstat/sweepstat/compare"
)

// Compare dynamicOption 7 and 8 in the built-in demo database and print the
// aggregates per model and phase.
func ExampleRun() {
	res, err := compare.Run(compare.Spec{Option: "dynamicOption", Base: "7", New: "8"})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range res.Aggregates() {
		fmt.Printf("%s %s: %+.2f%% over %d benchmarks, %s\n", a.Model, a.Phase, a.DeltaPct, a.Benchmarks, a.Verdict)
	}
	// Output:
	// demo_qwen_0_5b pp: -0.86% over 16 benchmarks, regression
	// demo_qwen_0_5b tg: +0.08% over 4 benchmarks, equivalent
	// demo_smol_256m pp: -0.01% over 16 benchmarks, equivalent
	// demo_smol_256m tg: +2.48% over 4 benchmarks, improvement
}

// The regression gate with per-phase limits: prefill may lose 3%, decode 1%.
func ExampleResult_Check() {
	res, err := compare.Run(compare.Spec{PhaseLimits: map[string]float64{"pp": 3, "tg": 1}})
	if err != nil {
		log.Fatal(err)
	}
	c := res.Check()
	fmt.Println(c.Passed, len(c.Regressions), len(c.Tolerated))
	// Output:
	// true 0 9
}
