package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A llamaFlag is one flag of llama-bench. Test parameters (field != "")
// take lists; their values form the Cartesian product of the tests.
type llamaFlag struct {
	short, long string
	arg, def    string
	field       string   // the JSON field of a test parameter; "" for options
	aliases     []string // other knob names
	parse       func(string) ([]string, error)
	about       string // help text of an option
}

var rangeRE = regexp.MustCompile(`^(-?\d+)(?:-(\d+)(?:([+*])(\d+))?)?$`)

// intRange expands llama-bench's "first[-last[(+|*)step]]" lists.
func intRange(neg bool) func(string) ([]string, error) {
	return func(s string) ([]string, error) {
		var out []string
		for _, part := range strings.Split(s, ",") {
			m := rangeRE.FindStringSubmatch(part)
			if m == nil || !neg && strings.HasPrefix(m[1], "-") {
				return nil, errors.New("invalid range format")
			}
			first, _ := strconv.Atoi(m[1])
			last := first
			if m[2] != "" {
				last, _ = strconv.Atoi(m[2])
			}
			op, step := "+", 1
			if m[3] != "" {
				op = m[3]
				step, _ = strconv.Atoi(m[4])
			}
			for i := first; i <= last; {
				out = append(out, strconv.Itoa(i))
				prev := i
				if op == "+" {
					i += step
				} else {
					i *= step
				}
				if i <= prev {
					return nil, errors.New("invalid range")
				}
			}
		}
		return out, nil
	}
}

// oneOf splits a comma list whose values must be among allowed.
func oneOf(allowed ...string) func(string) ([]string, error) {
	return func(s string) ([]string, error) {
		vals := strings.Split(s, ",")
		for _, v := range vals {
			ok := false
			for _, a := range allowed {
				ok = ok || v == a
			}
			if !ok {
				return nil, fmt.Errorf("invalid value %q", v)
			}
		}
		return vals, nil
	}
}

func anyList(s string) ([]string, error) { return strings.Split(s, ","), nil }
func single(s string) ([]string, error) {
	if _, err := strconv.Atoi(s); err != nil {
		return nil, err
	}
	return []string{s}, nil
}
func word(s string) ([]string, error) { return []string{s}, nil }
func overrides(s string) ([]string, error) {
	for _, o := range strings.Split(s, ";") {
		if _, buft, ok := strings.Cut(o, "="); !ok || buft != "CPU" {
			return nil, fmt.Errorf("unrecognized buffer type in %q", o)
		}
	}
	return []string{s}, nil
}

// llamaFlags are llama-bench's flags: options first, then the test
// parameters in the nesting order of its tests (model outermost, then
// as llama-bench's get_cmd_params_instances nests them; -p, -n and -pg
// make the tests of the innermost loop).
func llamaFlags() []llamaFlag {
	return []llamaFlag{
		{"", "--numa", "<distribute|isolate|numactl>", "disabled", "", nil, oneOf("distribute", "isolate", "numactl"), "NUMA placement"},
		{"-r", "--repetitions", "<n>", "5", "", []string{"repeat", "n_repeat"}, single, "how often each test runs"},
		{"", "--prio", "<-1|0|1|2|3>", "0", "", nil, oneOf("-1", "0", "1", "2", "3"), "scheduling priority"},
		{"", "--delay", "<0...N> (seconds)", "0", "", nil, single, "pause before each test"},
		{"-o", "--output", "<csv|json|jsonl|md|sql>", "md", "", nil, oneOf("csv", "json", "jsonl", "md", "sql"), "format of standard output"},
		{"-oe", "--output-err", "<csv|json|jsonl|md|sql>", "none", "", nil, oneOf("csv", "json", "jsonl", "md", "sql"), "format of a copy on standard error"},
		{"-m", "--model", "<filename>", "models/7B/ggml-model-q4_0.gguf", "model_filename", []string{"model"}, anyList, ""},
		{"-p", "--n-prompt", "<n>", "512", "n_prompt", nil, intRange(false), ""},
		{"-n", "--n-gen", "<n>", "128", "n_gen", nil, intRange(false), ""},
		{"-pg", "", "<pp,tg>", "", "prompt_gen", nil, word, ""},
		{"-fitt", "--fit-target", "<MiB>", "0", "fit_target", nil, intRange(false), ""},
		{"-fitc", "--fit-ctx", "<n>", "0", "fit_min_ctx", nil, intRange(false), ""},
		{"-ngl", "--n-gpu-layers", "<n>", "-1", "n_gpu_layers", nil, intRange(true), ""},
		{"-ncmoe", "--n-cpu-moe", "<n>", "0", "n_cpu_moe", nil, intRange(false), ""},
		{"-sm", "--split-mode", "<none|layer|row>", "layer", "split_mode", nil, oneOf("none", "layer", "row"), ""},
		{"-mmp", "--mmap", "<0|1>", "1", "use_mmap", []string{"mmap"}, oneOf("0", "1"), ""},
		{"-dio", "--direct-io", "<0|1>", "0", "use_direct_io", nil, oneOf("0", "1"), ""},
		{"-mg", "--main-gpu", "<i>", "0", "main_gpu", nil, intRange(false), ""},
		{"-dev", "--device", "<dev0/dev1/...>", "auto", "devices", nil, oneOf("auto", "none"), ""},
		{"-ts", "--tensor-split", "<ts0/ts1/..>", "0", "tensor_split", nil, anyList, ""},
		{"-ot", "--override-tensor", "<tensor name pattern>=<buffer type>;...", "none", "tensor_buft_overrides", nil, overrides, ""},
		{"", "--no-host", "<0|1>", "0", "no_host", nil, oneOf("0", "1"), ""},
		{"-embd", "--embeddings", "<0|1>", "0", "embeddings", nil, oneOf("0", "1"), ""},
		{"-nopo", "--no-op-offload", "<0|1>", "0", "no_op_offload", nil, oneOf("0", "1"), ""},
		{"-b", "--batch-size", "<n>", "2048", "n_batch", nil, intRange(false), ""},
		{"-ub", "--ubatch-size", "<n>", "512", "n_ubatch", nil, intRange(false), ""},
		{"-ctk", "--cache-type-k", "<t>", "f16", "type_k", nil, oneOf("f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "iq4_nl"), ""},
		{"-ctv", "--cache-type-v", "<t>", "f16", "type_v", nil, oneOf("f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "iq4_nl"), ""},
		{"-nkvo", "--no-kv-offload", "<0|1>", "0", "no_kv_offload", nil, oneOf("0", "1"), ""},
		{"-fa", "--flash-attn", "<on|off|auto>", "auto", "flash_attn", nil, oneOf("on", "off", "auto", "1", "0", "-1", "true", "false", "enabled", "disabled"), ""},
		{"-t", "--threads", "<n>", "4", "n_threads", []string{"threads"}, intRange(false), ""},
		{"-C", "--cpu-mask", "<hex,hex>", "0x0", "cpu_mask", nil, anyList, ""},
		{"", "--cpu-strict", "<0|1>", "0", "cpu_strict", nil, oneOf("0", "1"), ""},
		{"-d", "--n-depth", "<n>", "0", "n_depth", nil, intRange(false), ""},
		{"", "--poll", "<0...100>", "50", "poll", nil, intRange(false), ""},
	}
}

// A llamaSwitch is an option without a value.
type llamaSwitch struct{ short, long, about string }

func llamaSwitches() []llamaSwitch {
	return []llamaSwitch{
		{"-v", "--verbose", "log more"},
		{"", "--progress", "report each test's progress on standard error"},
		{"", "--no-warmup", "run no warm-up before each test"},
	}
}
