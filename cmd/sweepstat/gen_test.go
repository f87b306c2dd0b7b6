package main

import (
	"fmt"
	"io"
	"strings"
)

// genInput writes n generated records of kind jsonl (llama-bench -o
// jsonl), csv (llama-bench -o csv) or bench (Go benchmark format) to w, or
// a longline benchfmt file (a line too long for benchfmt), or a longjson
// JSONL file (a result too long to read):
// two builds (build_commit a and b, alternating), prompt sizes 64 and 128,
// speeds that differ by build.
func genInput(w io.Writer, kind string, n int) error {
	speed := func(i int) float64 { return 100 + float64(i%7) + 3*float64(i%2) }
	build := func(i int) string { return string(rune('a' + i%2)) }
	switch kind {
	case "jsonl":
		for i := 0; i < n; i++ {
			p := 64 << (i / 2 % 2)
			ns := float64(p) * 1e9 / speed(i)
			if _, err := fmt.Fprintf(w, `{"build_commit": %q, "model_type": "toy 1B Q4_0", "n_threads": 4, "n_prompt": %d, "n_gen": 0, "test_time": "2026-01-02T03:04:%02dZ", "avg_ts": %g, "stddev_ts": 0.5, "samples_ns": [%.0f, %.0f]}`+"\n",
				build(i), p, i%60, speed(i), ns, ns*1.001); err != nil {
				return err
			}
		}
	case "jsonlpad": // jsonl with a knob of 16 KiB per result: a large transaction, fast
		pad := strings.Repeat("p", 16<<10)
		for i := 0; i < n; i++ {
			if _, err := fmt.Fprintf(w, `{"build_commit": %q, "model_type": "toy 1B Q4_0", "n_prompt": 64, "n_gen": 0, "avg_ts": %g, "pad": "%s%d"}`+"\n", build(i), speed(i), pad, i); err != nil {
				return err
			}
		}
	case "csv":
		if _, err := fmt.Fprintln(w, "build_commit,model_type,n_threads,n_prompt,n_gen,test_time,avg_ts,stddev_ts"); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if _, err := fmt.Fprintf(w, "%s,toy 1B Q4_0,4,%d,0,2026-01-02T03:04:%02dZ,%g,0.5\n", build(i), 64<<(i/2%2), i%60, speed(i)); err != nil {
				return err
			}
		}
	case "bench":
		if _, err := fmt.Fprintln(w, "goos: linux\ngoarch: amd64\npkg: example.com/gen"); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if _, err := fmt.Fprintf(w, "BenchmarkGen/build=%s/n=%d-8 \t 1000\t %g ns/op\t %d B/op\n", build(i), 64<<(i/2%2), 1e6/speed(i), 32+i%3); err != nil {
				return err
			}
		}
	case "longline": // a result line, then one of 70,000 bytes
		if _, err := fmt.Fprintf(w, "BenchmarkFoo 1 5 ns/op\nBenchmark%s 1 5 ns/op\n", strings.Repeat("x", 70000)); err != nil {
			return err
		}
	case "longjson": // a result, then one of 17 MiB
		if _, err := fmt.Fprintf(w, `{"model_type": "m", "n_prompt": 64, "n_gen": 0, "avg_ts": 5}`+"\n"+`{"model_type": "%s", "n_prompt": 64, "n_gen": 0, "avg_ts": 5}`+"\n", strings.Repeat("x", 17<<20)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("gen: unknown kind %q", kind)
	}
	return nil
}
