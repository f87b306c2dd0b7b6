package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sweepstat/sweepstat/internal/ingest"
	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/llmbench"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// fake runs the fake in process as program argv0 with env (k=v).
func fake(argv0 string, args []string, env ...string) (code int, stdout, stderr string) {
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	var o, e bytes.Buffer
	code = run(append([]string{argv0}, args...), func(k string) string { return vars[k] }, &o, &e)
	return code, o.String(), e.String()
}

// model makes an MNN model directory with a config.json, or a .gguf file.
func model(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	os.Mkdir(dir, 0o777)
	p := filepath.Join(dir, "config.json")
	if strings.HasSuffix(name, ".gguf") {
		p = filepath.Join(t.TempDir(), name)
	}
	if err := os.WriteFile(p, []byte("{}"), 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

var flagRE = regexp.MustCompile(`(?m)^\s+(-[-a-zA-Z]+)(?:, (--[-a-zA-Z]+))?`)

// helpFlags returns the short flags of a help text's option lines.
func helpFlags(help string) []string {
	var out []string
	for _, m := range flagRE.FindAllStringSubmatch(help, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestHelp checks the help texts against the flag lists of ENGINES.md
// (the fork) and of llama-bench's usage.
func TestHelp(t *testing.T) {
	code, out, _ := fake("llm_bench_prompt", []string{"-h"})
	want := strings.Fields("-h -m -a -c -t -p -n -pg -mmp -rep -kv -fp -load -dyo -vp -v -pf")
	if code != 0 || !cmp.Equal(want, helpFlags(out)) {
		t.Errorf("llm_bench -h: exit %d, flags %q, want %q", code, helpFlags(out), want)
	}
	if !strings.Contains(out, "  -t, --threads <n>") || !strings.Contains(out, "(default: 4)") {
		t.Errorf("llm_bench -h does not have the fork's form:\n%s", out)
	}
	code, out, _ = fake("llama-bench", []string{"--help"})
	got := helpFlags(out)
	sort.Strings(got)
	want = strings.Fields("-h --numa -r --prio --delay -o -oe -v --progress --no-warmup -m -p -n -pg -fitt -fitc " +
		"-ngl -ncmoe -sm -mmp -dio -mg -dev -ts -ot --no-host -embd -nopo -b -ub -ctk -ctv -nkvo -fa -t -C --cpu-strict -d --poll")
	sort.Strings(want)
	if code != 0 || !cmp.Equal(want, got) {
		t.Errorf("llama-bench -h: exit %d, flags (-want +got):\n%s", code, cmp.Diff(want, got))
	}
}

func TestMode(t *testing.T) {
	for _, tc := range []struct {
		argv0, env, want string
	}{
		{"llama-bench", "", "llama-bench"},
		{"/opt/bin/LLAMA-bench.exe", "", "llama-bench"},
		{"./llm_bench_prompt", "", "llm_bench"},
		{"fakeengine", "", "llm_bench"},
		{"llm_bench", "FAKE_ENGINE=llama-bench", "llama-bench"},
		{"llama-bench", "FAKE_ENGINE=llm_bench", "llm_bench"},
	} {
		_, out, _ := fake(tc.argv0, []string{"-h"}, tc.env)
		got := "llm_bench"
		if strings.Contains(out, "--n-gpu-layers") {
			got = "llama-bench"
		}
		if got != tc.want {
			t.Errorf("%s with %q: mode %s, want %s", tc.argv0, tc.env, got, tc.want)
		}
	}
}

func TestBadArguments(t *testing.T) {
	for _, tc := range []struct {
		argv0 string
		args  []string
		bad   string
	}{
		{"llm_bench", []string{"-x", "1"}, "-x"},
		{"llm_bench", []string{"-t"}, "-t"},
		{"llm_bench", []string{"-t", "four"}, "-t"},
		{"llm_bench", []string{"-mmp", "true"}, "-mmp"},
		{"llm_bench", []string{"-kv", "1"}, "-kv"},
		{"llm_bench", []string{"-a", "tpu"}, "-a"},
		{"llm_bench", []string{"-pg", "64"}, "-pg"},
		{"llm_bench", []string{"-fa", "1"}, "-fa"}, // a llama-bench flag
		{"llm_bench", []string{"64"}, "64"},
		{"llama-bench", []string{"-dyo", "8"}, "-dyo"},
		{"llama-bench", []string{"-p", "64-"}, "-p"},
		{"llama-bench", []string{"-p", "-64"}, "-p"},
		{"llama-bench", []string{"-ctk", "q3"}, "-ctk"},
		{"llama-bench", []string{"-fa", "maybe"}, "-fa"},
		{"llama-bench", []string{"-mmp", "true"}, "-mmp"},
		{"llama-bench", []string{"-o", "xml"}, "-o"},
		{"llama-bench", []string{"-r"}, "-r"},
		{"llama-bench", []string{"-lm", "mmap"}, "-lm"}, // newer than the fake's build
	} {
		code, out, errOut := fake(tc.argv0, tc.args)
		if code != 1 || errOut != "error: invalid parameter for argument: "+tc.bad+"\n" || !strings.Contains(out, "-h, --help") {
			t.Errorf("%s %q: exit %d, stderr %q, stdout %.40q", tc.argv0, tc.args, code, errOut, out)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, env := range []string{
		"FAKE_ENGINE=mnn", "FAKE_SEED=-1", "FAKE_PP=0", "FAKE_CV=x", "FAKE_DRIFT=1", "FAKE_DRIFT=1|FAKE_EPOCH=soon",
		"FAKE_EFFECT=threads=4", "FAKE_EFFECT=threads=4:+x", "FAKE_EFFECT=threads=4:-100", "FAKE_EFFECT=t=4:+1@xx",
		"FAKE_FAIL=sometimes", "FAKE_FAIL=every=2", "FAKE_HANG=every=0", "FAKE_FAIL_STATUS=0", "FAKE_ECHO=threads",
		"FAKE_SLEEP=forever",
	} {
		code, out, errOut := fake("llm_bench", []string{"-p", "1"}, strings.Split(env, "|")...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "fake engine: FAKE_") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and a message", env, code, out, errOut)
		}
	}
}

// speeds parses the fake's output into records.
func speeds(t *testing.T, mode, out string) []sweep.Record {
	t.Helper()
	var recs []sweep.Record
	var err error
	if mode == "llama-bench" {
		recs, err = llamabench.ParseJSON(strings.NewReader(out), "out")
	} else {
		var skipped []error
		recs, skipped, err = llmbench.Parse(strings.NewReader(out), "out", nil)
		if len(skipped) > 0 {
			t.Errorf("skipped rows: %v", skipped)
		}
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return recs
}

// TestSpeedModel checks the speeds against hand-computed values, with the
// noise off: base speeds, effects by knob and phase, combined tests.
func TestSpeedModel(t *testing.T) {
	m := model(t, "Qwen")
	g := model(t, "tiny.gguf")
	for _, tc := range []struct {
		name  string
		argv0 string
		args  []string
		env   string             // variables separated by |
		want  map[string]float64 // phase+size → mean
	}{
		{"base", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32"}, "", map[string]float64{"pp64": 100, "tg32": 20}},
		{"speeds", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32"}, "FAKE_PP=250|FAKE_TG=12.5", map[string]float64{"pp64": 250, "tg32": 12.5}},
		{"effect on", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-dyo", "8"}, "FAKE_EFFECT=dynamicOption=8:+2", map[string]float64{"pp64": 102, "tg32": 20.4}},
		{"effect off", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-dyo", "7"}, "FAKE_EFFECT=dynamicOption=8:+2", map[string]float64{"pp64": 100, "tg32": 20}},
		{"effect tg", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-dyo", "8"}, "FAKE_EFFECT=dynamicOption=8:-10@tg", map[string]float64{"pp64": 100, "tg32": 18}},
		{"two effects", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-t", "2", "-c", "1"}, "FAKE_EFFECT=threads=2:+10;precision=1:+10", map[string]float64{"pp64": 121, "tg32": 24.2}},
		{"default value", "llm_bench", []string{"-m", m, "-p", "64", "-n", "32"}, "FAKE_EFFECT=threads=4:+50", map[string]float64{"pp64": 150, "tg32": 30}},
		{"by size", "llm_bench", []string{"-m", m, "-p", "64,128", "-n", "0"}, "FAKE_EFFECT=n_prompt=128:+1", map[string]float64{"pp64": 100, "pp128": 101}},
		// 64 tokens at 100/s and 32 at 20/s: 2.24 s for 96 tokens.
		{"combined", "llm_bench", []string{"-m", m, "-p", "0", "-n", "0", "-pg", "64,32"}, "", map[string]float64{"pp+tg64+32": 96 / 2.24}},
		{"llama base", "llama-bench", []string{"-m", g, "-p", "64", "-n", "32", "-o", "jsonl"}, "", map[string]float64{"pp64": 100, "tg32": 20}},
		{"llama effect", "llama-bench", []string{"-m", g, "-p", "64", "-n", "32", "-fa", "1", "-o", "jsonl"}, "FAKE_EFFECT=flash_attn=1:+5@pp", map[string]float64{"pp64": 105, "tg32": 20}},
		{"llama alias", "llama-bench", []string{"-m", g, "-p", "64", "-n", "0", "-t", "1", "-o", "jsonl"}, "FAKE_EFFECT=threads=1:-50", map[string]float64{"pp64": 50}},
		{"llama combined", "llama-bench", []string{"-m", g, "-p", "0", "-n", "0", "-pg", "64,32", "-o", "jsonl"}, "", map[string]float64{"pp+tg64+32": 96 / 2.24}},
	} {
		env := append([]string{"FAKE_CV=0"}, strings.Split(tc.env, "|")...)
		code, out, errOut := fake(tc.argv0, tc.args, env...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tc.name, code, errOut)
			continue
		}
		got := map[string]float64{}
		for _, r := range speeds(t, tc.argv0, out) {
			got[r.Phase+r.Size] = r.Mean
		}
		approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 0.005+1e-6*math.Abs(b) })
		if diff := cmp.Diff(tc.want, got, approx); diff != "" {
			t.Errorf("%s: means (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestNoise: the repetitions' spread matches FAKE_CV, invocations differ,
// and the same seed and counter give the same output.
func TestNoise(t *testing.T) {
	m := model(t, "Qwen")
	args := []string{"-m", m, "-p", "64", "-n", "0", "-rep", "400"}
	_, out, _ := fake("llm_bench", args, "FAKE_CV=5", "FAKE_STATE="+t.TempDir())
	r := speeds(t, "llm_bench", out)[0]
	if cv := r.Std / r.Mean; cv < 0.045 || cv > 0.055 || math.Abs(r.Mean-100) > 1 {
		t.Errorf("400 repetitions at CV 5%%: mean %v, CV %v", r.Mean, cv)
	}

	run3 := func(state string, env ...string) []string {
		var outs []string
		for range 3 {
			_, out, errOut := fake("llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-rep", "3"}, append(env, "FAKE_STATE="+state)...)
			if errOut != "" {
				t.Fatal(errOut)
			}
			outs = append(outs, out)
		}
		return outs
	}
	a := run3(t.TempDir())
	if a[0] == a[1] || a[1] == a[2] {
		t.Errorf("invocations 1-3 print the same:\n%s", strings.Join(a, ""))
	}
	if b := run3(t.TempDir()); !cmp.Equal(a, b) {
		t.Errorf("a second run from an empty counter differs (-first +second):\n%s", cmp.Diff(a, b))
	}
	if c := run3(t.TempDir(), "FAKE_SEED=2"); c[0] == a[0] {
		t.Errorf("FAKE_SEED=2 prints what seed 1 prints")
	}
	// Without a counter, from the clock: still different.
	_, x, _ := fake("llm_bench", []string{"-m", m, "-p", "64"})
	_, y, _ := fake("llm_bench", []string{"-m", m, "-p", "64"})
	if x == y {
		t.Errorf("without FAKE_STATE two invocations print the same")
	}
	// FAKE_RUN_CV moves whole invocations: with no repetition noise the
	// std within is 0, the means differ.
	d := run3(t.TempDir(), "FAKE_CV=0", "FAKE_RUN_CV=5")
	r1, r2 := speeds(t, "llm_bench", d[0])[0], speeds(t, "llm_bench", d[1])[0]
	if r1.Std != 0 || r1.Mean == r2.Mean {
		t.Errorf("FAKE_RUN_CV: std %v, means %v and %v", r1.Std, r1.Mean, r2.Mean)
	}
}

func TestDrift(t *testing.T) {
	m := model(t, "Qwen")
	epoch := time.Now().Add(-10 * time.Second).UnixNano()
	_, out, errOut := fake("llm_bench", []string{"-m", m, "-p", "64", "-n", "32"},
		"FAKE_CV=0", "FAKE_DRIFT=-1", "FAKE_EPOCH="+strconv.FormatInt(epoch, 10))
	recs := speeds(t, "llm_bench", out)
	// 10 s at -1 %/s: 90 % of the speed (a little less as the test runs).
	if pp := recs[0].Mean; pp > 90.0 || pp < 89.5 {
		t.Errorf("pp after 10 s at -1%%/s = %v, want 90 %s", pp, errOut)
	}
	if tg := recs[1].Mean; tg > 18.0 || tg < 17.9 {
		t.Errorf("tg after 10 s at -1%%/s = %v, want 18", tg)
	}
}

func TestFailures(t *testing.T) {
	m := model(t, "Qwen")
	args := []string{"-m", m, "-p", "64", "-n", "32", "-t", "8"}
	for _, tc := range []struct {
		env      string // variables separated by |
		fails    []bool // per invocation
		status   int
		garbage  bool
		contains string
	}{
		{"FAKE_FAIL=always", []bool{true, true}, 1, false, "FAKE_FAIL: always"},
		{"FAKE_FAIL=1|FAKE_FAIL_STATUS=7", []bool{true}, 7, false, "FAKE_FAIL: always"},
		{"FAKE_FAIL=every=3", []bool{false, false, true, false, false, true}, 1, false, "every=3"},
		{"FAKE_FAIL=threads=8", []bool{true}, 1, false, "threads=8"},
		{"FAKE_FAIL=threads=4", []bool{false}, 1, false, ""},
		{"FAKE_FAIL=precision=2", []bool{true}, 1, false, "precision=2"}, // the default
		{"FAKE_GARBAGE=every=2", []bool{false, true}, 0, true, "FAKE_GARBAGE"},
	} {
		env := append(strings.Split(tc.env, "|"), "FAKE_STATE="+t.TempDir())
		for i, fails := range tc.fails {
			code, out, errOut := fake("llm_bench", args, env...)
			switch {
			case !fails:
				if code != 0 || !llmbench.Detect([]byte(out)) {
					t.Errorf("%s, invocation %d: exit %d, output %q, want a table", tc.env, i+1, code, out)
				}
			case tc.garbage:
				if code != 0 || ingest.Detect([]byte(out)) != "" || !strings.Contains(out, tc.contains) {
					t.Errorf("%s, invocation %d: exit %d, output %q (format %q), want garbage", tc.env, i+1, code, out, ingest.Detect([]byte(out)))
				}
			default:
				if code != tc.status || out != "" || !strings.Contains(errOut, tc.contains) {
					t.Errorf("%s, invocation %d: exit %d, stdout %q, stderr %q; want exit %d", tc.env, i+1, code, out, errOut, tc.status)
				}
			}
		}
	}
}

func TestEcho(t *testing.T) {
	m := model(t, "Qwen2.5-0.5B")
	_, out, _ := fake("llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-t", "2"},
		"FAKE_ECHO=threads=8;model=Other;precision=0;backend=METAL;n_prompt=65")
	r := speeds(t, "llm_bench", out)
	if r[0].Model != "Other" || r[0].Knobs["threads"] != "8" || r[0].Knobs["precision"] != "0" || r[0].Knobs["backend"] != "METAL" || r[0].Size != "65" || r[1].Size != "32" {
		t.Errorf("echoed: %+v", r)
	}
	_, out, _ = fake("llm_bench", []string{"-m", m, "-p", "64", "-n", "32", "-t", "2", "-c", "1", "-a", "opencl"})
	r = speeds(t, "llm_bench", out)
	if r[0].Model != "Qwen2.5-0.5B" || r[0].Knobs["threads"] != "2" || r[0].Knobs["precision"] != "1" || r[0].Knobs["backend"] != "OPENCL" {
		t.Errorf("not echoed: %+v", r)
	}
	g := model(t, "tiny.gguf")
	_, out, _ = fake("llama-bench", []string{"-m", g, "-p", "64", "-n", "32", "-o", "jsonl"}, "FAKE_ECHO=threads=8;type_k=q8_0;n_gen=33;cpu_strict=maybe")
	r = speeds(t, "llama-bench", out)
	if r[0].Knobs["threads"] != "8" || r[0].Knobs["type_k"] != "q8_0" || r[0].Size != "64" || r[1].Size != "33" || r[1].Knobs["cpu_strict"] != "maybe" {
		t.Errorf("llama-bench echoed: %+v", r)
	}
}

// TestLlamaBenchOutput checks the fake llama-bench's order of tests,
// lists, ranges and formats.
func TestLlamaBenchOutput(t *testing.T) {
	g := model(t, "tiny.gguf")
	code, out, errOut := fake("llama-bench", []string{"-m", g, "-p", "16-64*2", "-n", "8", "-t", "1,2", "-fa", "0", "-fa", "1", "-r", "2", "-o", "jsonl"})
	if code != 0 {
		t.Fatal(errOut)
	}
	var got []string
	for _, r := range speeds(t, "llama-bench", out) {
		got = append(got, "fa"+r.Knobs["flash_attn"]+"/t"+r.Knobs["threads"]+"/"+r.Phase+r.Size)
		if len(r.Samples()) != 2 {
			t.Errorf("%d samples, want 2", len(r.Samples()))
		}
	}
	// flash_attn nests outside n_threads, the tests innermost.
	want := strings.Fields("fa0/t1/pp16 fa0/t1/pp32 fa0/t1/pp64 fa0/t1/tg8 fa0/t2/pp16 fa0/t2/pp32 fa0/t2/pp64 fa0/t2/tg8 " +
		"fa1/t1/pp16 fa1/t1/pp32 fa1/t1/pp64 fa1/t1/tg8 fa1/t2/pp16 fa1/t2/pp32 fa1/t2/pp64 fa1/t2/tg8")
	if !cmp.Equal(want, got) {
		t.Errorf("tests (-want +got):\n%s", cmp.Diff(want, got))
	}
	// The fields of the reference output, in its order.
	ref, err := os.ReadFile("../../../shared/reference/llama-bench/run.jsonl")
	if err == nil {
		keys := regexp.MustCompile(`"([a-z_]+)": `)
		line := func(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
		var wantKeys, gotKeys []string
		for _, m := range keys.FindAllStringSubmatch(line(string(ref)), -1) {
			wantKeys = append(wantKeys, m[1])
		}
		for _, m := range keys.FindAllStringSubmatch(line(out), -1) {
			gotKeys = append(gotKeys, m[1])
		}
		if !cmp.Equal(wantKeys, gotKeys) {
			t.Errorf("fields (-reference +fake):\n%s", cmp.Diff(wantKeys, gotKeys))
		}
	} else {
		t.Logf("reference output not found, fields not compared: %v", err)
	}
	for _, format := range []string{"json", "csv"} {
		code, out, errOut := fake("llama-bench", []string{"-m", g, "-p", "16", "-n", "8", "-o", format})
		if code != 0 {
			t.Fatal(errOut)
		}
		f := ingest.Detect([]byte(out))
		var recs []sweep.Record
		if format == "json" {
			recs, err = llamabench.ParseJSON(strings.NewReader(out), "out")
		} else {
			recs, err = llamabench.ParseCSV(strings.NewReader(out), "out")
		}
		if err != nil || len(recs) != 2 || f == "" {
			t.Errorf("-o %s: format %q, %d records, %v\n%s", format, f, len(recs), err, out)
		}
	}
	code, out, _ = fake("llama-bench", []string{"-m", g, "-p", "16", "-n", "8"})
	if code != 0 || !strings.Contains(out, "|            pp16 |") || !strings.Contains(out, "build: fake0000 (9619)") {
		t.Errorf("-o md (the default):\n%s", out)
	}
	code, out, errOut = fake("llama-bench", []string{"-m", g, "-p", "16", "-n", "0", "-o", "jsonl", "-oe", "csv"})
	if code != 0 || !strings.HasPrefix(errOut, "build_commit,") || !strings.HasPrefix(out, "{") {
		t.Errorf("-oe csv: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A missing model is skipped, the others run, the status is 1.
	code, out, errOut = fake("llama-bench", []string{"-m", "/nonexistent.gguf," + g, "-p", "16", "-n", "0", "-o", "jsonl"})
	if code != 1 || strings.Count(out, "\n") != 1 || !strings.Contains(errOut, "failed to load model '/nonexistent.gguf'") {
		t.Errorf("missing model: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLLMBenchFilePrint(t *testing.T) {
	m := model(t, "Qwen")
	fp := filepath.Join(t.TempDir(), "out.txt")
	for range 2 {
		code, out, errOut := fake("llm_bench", []string{"-m", m, "-p", "16", "-n", "8", "-fp", fp})
		if code != 0 || out != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	}
	b, err := os.ReadFile(fp)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := llmbench.Parse(bytes.NewReader(b), "out.txt", nil)
	if err != nil || len(recs) != 4 || recs[2].Invocation != "out.txt#2" {
		t.Errorf("-fp twice: %d records, %v; want two appended tables", len(recs), err)
	}
}

func TestCounter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	var wg sync.WaitGroup
	got := make([]uint64, 40)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := nextInvocation(dir)
			if err != nil {
				t.Error(err)
			}
			got[i] = n
		}()
	}
	wg.Wait()
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	for i, n := range got {
		if n != uint64(i+1) {
			t.Fatalf("counters %v, want 1…40 once each", got)
		}
	}
}
