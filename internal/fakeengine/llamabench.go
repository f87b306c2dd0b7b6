package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// fakeLlamaBench is the llama-bench mode.
type fakeLlamaBench struct {
	flags    []llamaFlag
	given    map[string][]string // by long or short flag name
	switches map[string]bool
}

func newLlamaBench() *fakeLlamaBench {
	return &fakeLlamaBench{flags: llamaFlags(), given: map[string][]string{}, switches: map[string]bool{}}
}

func flagName(short, long string) string {
	switch {
	case short == "":
		return long
	case long == "":
		return short
	}
	return short + ", " + long
}

func (b *fakeLlamaBench) usage(w io.Writer, argv0 string) {
	fmt.Fprintf(w, "Usage: %s [options]   (a fake llama-bench for tests)\n\nOptions:\n", argv0)
	fmt.Fprintf(w, "  %-44s %s\n", "-h, --help", "print this text")
	for _, f := range b.flags {
		if f.field == "" {
			fmt.Fprintf(w, "  %-44s %s [default: %s]\n", flagName(f.short, f.long)+" "+f.arg, f.about, f.def)
		}
	}
	for _, s := range llamaSwitches() {
		fmt.Fprintf(w, "  %-44s %s\n", flagName(s.short, s.long), s.about)
	}
	fmt.Fprintf(w, "\nTest parameters (lists: a,b,c or first-last+step; repeated flags add up):\n")
	for _, f := range b.flags {
		if f.field != "" {
			fmt.Fprintf(w, "  %-44s [default: %s]\n", flagName(f.short, f.long)+" "+f.arg, f.def)
		}
	}
}

func (b *fakeLlamaBench) parse(args []string) (bool, error) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if strings.HasPrefix(arg, "--") {
			arg = strings.ReplaceAll(arg, "_", "-")
		}
		if arg == "-h" || arg == "--help" {
			return true, nil
		}
		isSwitch := false
		for _, s := range llamaSwitches() {
			if arg == s.long || s.short != "" && arg == s.short {
				b.switches[s.long] = true
				isSwitch = true
			}
		}
		if isSwitch {
			continue
		}
		var f *llamaFlag
		for j := range b.flags {
			if arg == b.flags[j].long && arg != "" || b.flags[j].short != "" && arg == b.flags[j].short {
				f = &b.flags[j]
			}
		}
		if f == nil || i+1 >= len(args) {
			return false, &argError{arg}
		}
		i++
		vals, err := f.parse(args[i])
		if err != nil {
			return false, &argError{arg}
		}
		key := f.long + f.short
		if f.field != "" {
			b.given[key] = append(b.given[key], vals...)
		} else {
			b.given[key] = vals
		}
	}
	return false, nil
}

// lookup returns the flag whose field, alias or long name (without
// dashes) is name.
func (b *fakeLlamaBench) lookup(name string) *llamaFlag {
	for i := range b.flags {
		f := &b.flags[i]
		if f.field == name && name != "" || strings.TrimPrefix(f.long, "--") == name && name != "" {
			return f
		}
		for _, a := range f.aliases {
			if a == name {
				return f
			}
		}
	}
	return nil
}

func (b *fakeLlamaBench) all(f *llamaFlag) []string {
	if v, ok := b.given[f.long+f.short]; ok {
		return v
	}
	if f.def == "" {
		return nil
	}
	if f.field == "" {
		return []string{f.def}
	}
	v, err := f.parse(f.def)
	if err != nil { // a default the flag's syntax does not allow ("none")
		return []string{f.def}
	}
	return v
}

func (b *fakeLlamaBench) values(knob string) []string {
	if f := b.lookup(knob); f != nil {
		return b.all(f)
	}
	return nil
}

// A llamaTest is one test: a value for every test parameter.
type llamaTest struct {
	params map[string]string // by field
	np, ng int
}

// tests returns the tests in llama-bench's order: the product of the test
// parameters, model outermost, then pp, tg and pp+tg tests.
func (b *fakeLlamaBench) tests() []llamaTest {
	var params []*llamaFlag
	for i := range b.flags {
		f := &b.flags[i]
		switch f.field {
		case "", "n_prompt", "n_gen", "prompt_gen":
			continue
		}
		params = append(params, f)
	}
	var out []llamaTest
	var walk func(i int, cur map[string]string)
	walk = func(i int, cur map[string]string) {
		if i < len(params) {
			for _, v := range b.all(params[i]) {
				cur[params[i].field] = v
				walk(i+1, cur)
			}
			return
		}
		add := func(np, ng int) {
			p := make(map[string]string, len(cur))
			for k, v := range cur {
				p[k] = v
			}
			out = append(out, llamaTest{p, np, ng})
		}
		for _, p := range b.values("n_prompt") {
			if n, _ := strconv.Atoi(p); n > 0 {
				add(n, 0)
			}
		}
		for _, g := range b.values("n_gen") {
			if n, _ := strconv.Atoi(g); n > 0 {
				add(0, n)
			}
		}
		for _, pg := range b.values("prompt_gen") {
			p, g, _ := strings.Cut(pg, ",")
			np, _ := strconv.Atoi(p)
			ng, _ := strconv.Atoi(g)
			if np > 0 || ng > 0 {
				add(np, ng)
			}
		}
	}
	walk(0, map[string]string{})
	return out
}

func (b *fakeLlamaBench) bench(sp *speeder, cfg *config, stdout, stderr io.Writer) int {
	if b.values("prompt_gen") != nil {
		for _, pg := range b.values("prompt_gen") {
			if p, g, ok := strings.Cut(pg, ","); !ok || !isCount(p) || !isCount(g) {
				fmt.Fprintf(stderr, "error: invalid parameter for argument: -pg\n")
				return 1
			}
		}
	}
	reps, _ := strconv.Atoi(b.values("repeat")[0])
	delay, _ := strconv.Atoi(b.values("delay")[0])
	out := newLlamaPrinter(b.values("output")[0], stdout)
	if out == nil {
		fmt.Fprintf(stderr, "error: output format sql is not supported by the fake llama-bench\n")
		return 1
	}
	var errOut *llamaPrinter
	if f := b.values("output-err")[0]; f != "none" {
		errOut = newLlamaPrinter(f, stderr)
	}
	status := 0
	loaded := map[string]int64{}
	tests := b.tests()
	out.header()
	if errOut != nil {
		errOut.header()
	}
	for i, t := range tests {
		model := t.params["model_filename"]
		size, ok := loaded[model]
		if !ok {
			fi, err := os.Stat(model)
			if err != nil {
				fmt.Fprintf(stderr, "error: failed to load model '%s'\n", model)
				status = 1
				loaded[model] = -1
				continue
			}
			size = fi.Size()
			loaded[model] = size
		}
		if size < 0 {
			continue
		}
		if b.switches["--progress"] {
			fmt.Fprintf(stderr, "llama-bench: benchmark %d/%d: starting\n", i+1, len(tests))
		}
		if delay > 0 {
			time.Sleep(time.Duration(delay) * time.Second)
		}
		value := func(k string) []string {
			switch k {
			case "n_prompt", "n-prompt":
				return []string{strconv.Itoa(t.np)}
			case "n_gen", "n-gen":
				return []string{strconv.Itoa(t.ng)}
			}
			if f := b.lookup(k); f != nil && f.field != "" {
				if v, ok := t.params[f.field]; ok {
					return []string{v}
				}
			}
			return b.values(k)
		}
		phase := "pp+tg"
		switch {
		case t.ng == 0:
			phase = "pp"
		case t.np == 0:
			phase = "tg"
		}
		ds := sp.durations(t.np, t.ng, reps, sp.effect(phase, value))
		r := b.result(cfg, t, size, ds)
		out.test(r)
		if errOut != nil {
			errOut.test(r)
		}
	}
	out.footer()
	if errOut != nil {
		errOut.footer()
	}
	return status
}

// A field is one field of a result: its name, its value as text and
// whether the value is a JSON string.
type field struct {
	name, value string
	quoted      bool
}

// result builds the fields of one test's result, as build 9619 prints
// them, FAKE_ECHO applied.
func (b *fakeLlamaBench) result(cfg *config, t llamaTest, size int64, durations []float64) []field {
	p := t.params
	boolean := func(v string) string {
		if v == "1" {
			return "true"
		}
		return "false"
	}
	fa := "-1"
	switch p["flash_attn"] {
	case "on", "1", "true", "enabled":
		fa = "1"
	case "off", "0", "false", "disabled":
		fa = "0"
	}
	ns := make([]uint64, len(durations))
	ts := make([]float64, len(durations))
	tokens := float64(t.np + t.ng)
	for i, d := range durations {
		ns[i] = uint64(d * 1e9)
		ts[i] = tokens * 1e9 / float64(ns[i])
	}
	nsf := make([]float64, len(ns))
	for i, n := range ns {
		nsf[i] = float64(n)
	}
	avgNS, sdNS := meanStd(nsf)
	avgTS, sdTS := meanStd(ts)
	str := func(name, v string) field { return field{name, v, true} }
	num := func(name, v string) field { return field{name, v, false} }
	fields := []field{
		str("build_commit", "fake0000"), num("build_number", "9619"), str("cpu_info", "Fake CPU"), str("gpu_info", ""),
		str("backends", "CPU"), str("model_filename", p["model_filename"]), str("model_type", "llama ?B F16"),
		num("model_size", strconv.FormatInt(size, 10)), num("model_n_params", strconv.FormatInt(size/2, 10)),
		num("n_batch", p["n_batch"]), num("n_ubatch", p["n_ubatch"]), num("n_threads", p["n_threads"]),
		str("cpu_mask", p["cpu_mask"]), num("cpu_strict", boolean(p["cpu_strict"])), num("poll", p["poll"]),
		str("type_k", p["type_k"]), str("type_v", p["type_v"]), num("n_gpu_layers", p["n_gpu_layers"]),
		num("n_cpu_moe", p["n_cpu_moe"]), str("split_mode", p["split_mode"]), num("main_gpu", p["main_gpu"]),
		num("no_kv_offload", boolean(p["no_kv_offload"])), num("flash_attn", fa), str("devices", p["devices"]),
		str("tensor_split", tensorSplit(p["tensor_split"])), str("tensor_buft_overrides", p["tensor_buft_overrides"]),
		num("use_mmap", boolean(p["use_mmap"])), num("use_direct_io", boolean(p["use_direct_io"])),
		num("embeddings", boolean(p["embeddings"])), num("no_op_offload", p["no_op_offload"]),
		num("no_host", boolean(p["no_host"])), num("fit_target", p["fit_target"]), num("fit_min_ctx", p["fit_min_ctx"]),
		num("n_prompt", strconv.Itoa(t.np)), num("n_gen", strconv.Itoa(t.ng)), num("n_depth", p["n_depth"]),
		str("test_time", time.Now().UTC().Format("2006-01-02T15:04:05Z")),
		num("avg_ns", strconv.FormatUint(uint64(avgNS), 10)), num("stddev_ns", strconv.FormatUint(uint64(sdNS), 10)),
		num("avg_ts", strconv.FormatFloat(avgTS, 'f', 6, 64)), num("stddev_ts", strconv.FormatFloat(sdTS, 'f', 6, 64)),
	}
	for _, e := range cfg.echo {
		name := e.knob
		if f := b.lookup(name); f != nil && f.field != "" {
			name = f.field
		}
		for i := range fields {
			if fields[i].name != name {
				continue
			}
			// Echo a test size only on the tests that have it.
			if (name == "n_prompt" && t.np == 0) || (name == "n_gen" && t.ng == 0) {
				continue
			}
			fields[i].value = e.value
			if !fields[i].quoted && !json.Valid([]byte(e.value)) {
				fields[i].quoted = true
			}
		}
	}
	var nsText, tsText []string
	for i := range ns {
		nsText = append(nsText, strconv.FormatUint(ns[i], 10))
		tsText = append(tsText, strconv.FormatFloat(ts[i], 'g', 6, 64))
	}
	return append(fields,
		field{"samples_ns", "[ " + strings.Join(nsText, ", ") + " ]", false},
		field{"samples_ts", "[ " + strings.Join(tsText, ", ") + " ]", false})
}

// tensorSplit prints a split as llama-bench does: %.2f per device, up to
// the last non-zero one.
func tensorSplit(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ';' })
	var vals []float64
	for _, p := range parts {
		x, _ := strconv.ParseFloat(p, 64)
		vals = append(vals, x)
	}
	last := 0
	for i, v := range vals {
		if v > 0 {
			last = i
		}
	}
	if len(vals) == 0 {
		vals = []float64{0}
	}
	out := make([]string, last+1)
	for i := range out {
		out[i] = strconv.FormatFloat(vals[i], 'f', 2, 64)
	}
	return strings.Join(out, "/")
}
