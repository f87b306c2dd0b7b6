package main

import (
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// An llmFlag is one flag of the llm_bench_prompt fork.
type llmFlag struct {
	short, long string
	arg, def    string   // as the help shows them
	names       []string // knob names; the first is the knob
	list        bool     // comma-separated values, repeats append
	check       func(string) bool
}

func isInt(s string) bool { _, err := strconv.Atoi(s); return err == nil }
func isCount(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0
}
func isTrueFalse(s string) bool { return s == "true" || s == "false" }
func isZeroOne(s string) bool   { return s == "0" || s == "1" }
func anyValue(string) bool      { return true }
func isBackend(s string) bool {
	switch s {
	case "cpu", "opencl", "metal", "cuda", "vulkan", "hexagon":
		return true
	}
	return false
}
func isPair(s string) bool {
	p, g, ok := strings.Cut(s, ",")
	return ok && isCount(p) && isCount(g)
}

// llmFlags are the fork's flags, in the order of its help text.
func llmFlags() []llmFlag {
	return []llmFlag{
		{"-m", "--model", "<filename>", "./Qwen2.5-1.5B-Instruct/config.json", []string{"model", "model_path"}, true, anyValue},
		{"-a", "--backends", "<cpu,opencl,metal>", "cpu", []string{"backend", "backends"}, true, isBackend},
		{"-c", "--precision", "<n>", "2", []string{"precision"}, true, isCount},
		{"-t", "--threads", "<n>", "4", []string{"threads"}, true, isCount},
		{"-p", "--n-prompt", "<n>", "512", []string{"n_prompt", "n-prompt"}, true, isCount},
		{"-n", "--n-gen", "<n>", "128", []string{"n_gen", "n-gen"}, true, isCount},
		{"-pg", "", "<pp,tg>", "", []string{"prompt_gen", "pg"}, false, isPair},
		{"-mmp", "--mmap", "<0|1>", "0", []string{"mmap"}, false, isZeroOne},
		{"-rep", "--n-repeat", "<n>", "5", []string{"repeat", "n_repeat", "n-repeat"}, true, isCount},
		{"-kv", "--kv-cache", "<true|false>", "false", []string{"kv_cache", "kv-cache"}, false, isTrueFalse},
		{"-fp", "--file-print", "<stdout|filename>", "stdout", []string{"file_print", "file-print"}, false, anyValue},
		{"-load", "--loading-time", "<true|false>", "false", []string{"loading_time", "loading-time"}, false, isTrueFalse},
		{"-dyo", "--dynamicOption", "<n>", "0", []string{"dynamicOption"}, true, isCount},
		{"-vp", "--variable-prompt", "<0|1>", "0", []string{"vp", "variable_prompt", "variable-prompt"}, false, isZeroOne},
		{"-v", "--verbose", "<0|1>", "0", []string{"verbose"}, false, isZeroOne},
		{"-pf", "--prompt-file", "<filename>", "", []string{"prompt_file", "prompt-file"}, false, anyValue},
	}
}

// fakeLLMBench is the llm_bench mode.
type fakeLLMBench struct {
	flags []llmFlag
	given map[string][]string // by knob (names[0]); pg keeps each pair
}

func newLLMBench() *fakeLLMBench {
	return &fakeLLMBench{flags: llmFlags(), given: map[string][]string{}}
}

func (b *fakeLLMBench) usage(w io.Writer, argv0 string) {
	fmt.Fprintf(w, "usage: %s [options]\n\noptions:\n  -h, --help\n", argv0)
	for _, f := range b.flags {
		name := f.short
		if f.long != "" {
			name += ", " + f.long
		}
		def := f.def
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(w, "  %-40s (default: %s)\n", name+" "+f.arg, def)
	}
}

func (b *fakeLLMBench) parse(args []string) (bool, error) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if strings.HasPrefix(arg, "--") {
			arg = strings.ReplaceAll(arg, "_", "-")
		}
		if arg == "-h" || arg == "--help" {
			return true, nil
		}
		var f *llmFlag
		for j := range b.flags {
			if arg == b.flags[j].short || b.flags[j].long != "" && arg == b.flags[j].long {
				f = &b.flags[j]
			}
		}
		if f == nil || i+1 >= len(args) {
			return false, &argError{args[i]}
		}
		i++
		vals := []string{args[i]}
		if f.list {
			vals = strings.Split(args[i], ",")
		}
		for _, v := range vals {
			if !f.check(v) {
				return false, &argError{args[i-1]}
			}
		}
		k := f.names[0]
		if f.list || k == "prompt_gen" {
			b.given[k] = append(b.given[k], vals...)
		} else {
			b.given[k] = vals
		}
	}
	return false, nil
}

// flag returns the flag whose names include name.
func (b *fakeLLMBench) flag(name string) *llmFlag {
	for i := range b.flags {
		for _, n := range b.flags[i].names {
			if n == name {
				return &b.flags[i]
			}
		}
	}
	return nil
}

func (b *fakeLLMBench) values(knob string) []string {
	f := b.flag(knob)
	if f == nil {
		return nil
	}
	if v, ok := b.given[f.names[0]]; ok {
		return v
	}
	if f.def == "" {
		return nil
	}
	if f.list {
		return strings.Split(f.def, ",")
	}
	return []string{f.def}
}

func (b *fakeLLMBench) one(knob string) string {
	v := b.values(knob)
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// precisionName is how llm_bench prints a precision, memory or power level.
func precisionName(v string) string {
	switch v {
	case "0":
		return "Normal"
	case "2":
		return "Low"
	}
	return "High"
}

// An llmInstance is one combination of the list knobs.
type llmInstance struct {
	backend, threads, precision, dyo string
}

func (b *fakeLLMBench) bench(sp *speeder, cfg *config, stdout, stderr io.Writer) int {
	out := stdout
	if fp := b.one("file_print"); fp != "stdout" {
		f, err := os.OpenFile(fp, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
		if err != nil {
			fmt.Fprintf(stderr, "open %s failed: %v\n", fp, err)
			return 1
		}
		defer f.Close()
		out = f
	}
	threads := append([]string(nil), b.values("threads")...)
	sort.SliceStable(threads, func(i, j int) bool { a, _ := strconv.Atoi(threads[i]); c, _ := strconv.Atoi(threads[j]); return a > c })
	var insts []llmInstance
	for _, be := range b.values("backend") {
		for _, t := range threads {
			for _, c := range b.values("precision") {
				for _, d := range b.values("dynamicOption") {
					insts = append(insts, llmInstance{be, t, c, d})
				}
			}
		}
	}
	reps, _ := strconv.Atoi(b.values("repeat")[0])
	kv := b.one("kv_cache") == "true"
	load := b.one("loading_time") == "true"
	pType := "fix"
	switch {
	case b.one("prompt_file") != "":
		pType = "file"
	case b.one("vp") == "1":
		pType = "var"
	}

	header := []string{"model", "modelSize", "backend", "threads", "precision"}
	widths := []int{-30, 10, -10, 5, -10}
	if len(b.values("dynamicOption")) > 1 {
		// The real printer adds the header and forgets the cells.
		header, widths = append(header, "dynamicOption"), append(widths, 13)
	}
	header, widths = append(header, "pType"), append(widths, -10)
	if kv {
		header, widths = append(header, "llm_demo", "speed(tok/s)"), append(widths, -13, 13)
	} else {
		header, widths = append(header, "test", "t/s"), append(widths, -13, 10)
	}
	if load {
		header, widths = append(header, "loadingTime(s)"), append(widths, 13)
	}
	status := 0
	wroteHeader := false
	for _, model := range b.values("model") {
		if _, err := os.Stat(model); err != nil {
			fmt.Fprintf(stderr, "load model %s failed: %v\n", model, err)
			status = 1
			continue
		}
		if !wroteHeader {
			writeRow(out, header, widths, false)
			writeRow(out, header, widths, true)
			wroteHeader = true
		}
		name := filepath.Base(filepath.Dir(model))
		if v, ok := echoed(cfg, "model"); ok {
			name = v
		}
		for _, in := range insts {
			for _, row := range b.rows(sp, cfg, in, kv, reps) {
				cells := []string{name, modelSize(name), strings.ToUpper(in.backend), in.threads, precisionName(in.precision)}
				if v, ok := echoed(cfg, "backend"); ok {
					cells[2] = v
				}
				if v, ok := echoed(cfg, "threads"); ok {
					cells[3] = v
				}
				if v, ok := echoed(cfg, "precision"); ok {
					cells[4] = precisionName(v)
				}
				cells = append(cells, pType)
				cells = append(cells, row...)
				if load {
					cells = append(cells, fmt.Sprintf("%.2f ± %.2f", 0.5+0.01*float64(len(name)), 0.01))
				}
				writeRow(out, cells, widths, false)
			}
		}
	}
	if wroteHeader {
		fmt.Fprintln(out)
	}
	return status
}

// rows returns the test and speed cells of one instance's tests.
func (b *fakeLLMBench) rows(sp *speeder, cfg *config, in llmInstance, kv bool, reps int) [][]string {
	value := func(np, ng string) func(string) []string {
		return func(k string) []string {
			switch k {
			case "backend", "backends":
				return []string{in.backend}
			case "threads":
				return []string{in.threads}
			case "precision":
				return []string{in.precision}
			case "dynamicOption":
				return []string{in.dyo}
			case "n_prompt", "n-prompt":
				return []string{np}
			case "n_gen", "n-gen":
				return []string{ng}
			}
			return b.values(k)
		}
	}
	speed := func(tokens int, ds []float64) string {
		s := make([]float64, len(ds))
		for i, d := range ds {
			s[i] = float64(tokens) / d
		}
		m, sd := meanStd(s)
		return fmt.Sprintf("%.2f ± %.2f", m, sd)
	}
	echoSize := func(knob string, n int) string {
		if v, ok := echoed(cfg, knob); ok {
			return v
		}
		return strconv.Itoa(n)
	}
	var rows [][]string
	if kv {
		for _, p := range b.values("n_prompt") {
			for _, g := range b.values("n_gen") {
				np, _ := strconv.Atoi(p)
				ng, _ := strconv.Atoi(g)
				val := value(p, g)
				pre := sp.durations(np, 0, reps, sp.effect("pp", val))
				dec := sp.durations(0, ng, reps, sp.effect("tg", val))
				rows = append(rows, []string{
					"prompt=" + echoSize("n_prompt", np) + "<br>decode=" + echoSize("n_gen", ng),
					speed(np, pre) + "<br>" + speed(ng, dec),
				})
			}
		}
		return rows
	}
	for _, p := range b.values("n_prompt") {
		if np, _ := strconv.Atoi(p); np > 0 {
			rows = append(rows, []string{"pp" + echoSize("n_prompt", np), speed(np, sp.durations(np, 0, reps, sp.effect("pp", value(p, ""))))})
		}
	}
	for _, g := range b.values("n_gen") {
		if ng, _ := strconv.Atoi(g); ng > 0 {
			rows = append(rows, []string{"tg" + echoSize("n_gen", ng), speed(ng, sp.durations(0, ng, reps, sp.effect("tg", value("", g))))})
		}
	}
	for _, pg := range b.values("prompt_gen") {
		p, g, _ := strings.Cut(pg, ",")
		np, _ := strconv.Atoi(p)
		ng, _ := strconv.Atoi(g)
		ds := sp.durations(np, ng, reps, sp.effect("pp+tg", value(p, g)))
		rows = append(rows, []string{fmt.Sprintf("pp%d+tg%d", np, ng), speed(np+ng, ds)})
	}
	return rows
}

// modelSize makes up a size for a model, the same for the same name.
func modelSize(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%.2f MiB", 100+float64(h.Sum32()%40000)/100)
}

// writeRow writes one Markdown row, or its separator row, in the widths
// of the real printer (negative: left-aligned).
func writeRow(w io.Writer, cells []string, widths []int, sep bool) {
	var b strings.Builder
	b.WriteString("|")
	for i, c := range cells {
		wd := 10
		if i < len(widths) {
			wd = widths[i]
		}
		if sep {
			n := max(wd, -wd)
			if wd < 0 {
				c = strings.Repeat("-", n)
			} else {
				c = strings.Repeat("-", n-1) + ":"
			}
			fmt.Fprintf(&b, " %s |", c)
			continue
		}
		fmt.Fprintf(&b, " %*s |", wd, c)
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}
