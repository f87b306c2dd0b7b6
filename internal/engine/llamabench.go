package engine

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// llamaBench is llama.cpp's llama-bench, always run with -o jsonl.
//
// Knobs are named as internal/llamabench names the fields of its output
// (the field's name, except threads for n_threads and mmap for use_mmap),
// so that a knob asked and the knob of the record read back are one. See
// llamaKnobs for the flags. Verify compares every echoed field that
// belongs to an asked knob, by the field's kind (numbers as numbers,
// 0/1/true/false/on/off as truth values, flash_attn's -1 as auto, CPU
// masks as hex), plus model_filename against the model path, the test
// sizes (every pp test against n_prompt, tg against n_gen, pp+tg against
// prompt_gen "P,G") and the number of samples against repeat. Fields an
// older llama-bench does not print are not verified; mmap is checked
// against load_mode where use_mmap is gone. prio, delay, numa and
// no_warmup are not echoed.
type llamaBench struct{}

// valueKind says how an echoed field is compared with the asked value.
type valueKind int

const (
	kindValue   valueKind = iota // sameValue: numbers, truth values, text
	kindExact                    // text compared as is (-ot patterns)
	kindTri                      // flash_attn: on/off/auto, 1/0/-1, true/false
	kindHex                      // CPU masks
	kindFloats                   // tensor split lists
	kindSwitch                   // a flag without a value, given when the knob is true
	kindSpecial                  // checked by Verify itself (test sizes, repeat, mmap)
)

// A llamaKnob is one knob of llama-bench: its flag and the JSON field that
// echoes it ("" when none does).
type llamaKnob struct {
	knob, flag, field string
	kind              valueKind
}

// llamaKnobs lists the knobs of llama-bench with their flags, from the
// help text of llama.cpp's tools/llama-bench (2025–2026; older builds lack
// some: CheckHelp finds out).
func llamaKnobs() []llamaKnob {
	return []llamaKnob{
		{sweep.KnobPrompt, "-p", "n_prompt", kindSpecial},
		{sweep.KnobGen, "-n", "n_gen", kindSpecial},
		{"prompt_gen", "-pg", "", kindSpecial},
		{"n_depth", "-d", "n_depth", kindValue},
		{"n_batch", "-b", "n_batch", kindValue},
		{"n_ubatch", "-ub", "n_ubatch", kindValue},
		{"type_k", "-ctk", "type_k", kindValue},
		{"type_v", "-ctv", "type_v", kindValue},
		{"threads", "-t", "n_threads", kindValue},
		{"cpu_mask", "-C", "cpu_mask", kindHex},
		{"cpu_strict", "--cpu-strict", "cpu_strict", kindValue},
		{"poll", "--poll", "poll", kindValue},
		{"n_gpu_layers", "-ngl", "n_gpu_layers", kindValue},
		{"n_cpu_moe", "-ncmoe", "n_cpu_moe", kindValue},
		{"split_mode", "-sm", "split_mode", kindValue},
		{"main_gpu", "-mg", "main_gpu", kindValue},
		{"no_kv_offload", "-nkvo", "no_kv_offload", kindValue},
		{"flash_attn", "-fa", "flash_attn", kindTri},
		{"devices", "-dev", "devices", kindValue},
		{"mmap", "-mmp", "use_mmap", kindSpecial},
		{"use_direct_io", "-dio", "use_direct_io", kindValue},
		{"load_mode", "-lm", "load_mode", kindValue},
		{"embeddings", "-embd", "embeddings", kindValue},
		{"tensor_split", "-ts", "tensor_split", kindFloats},
		{"tensor_buft_overrides", "-ot", "tensor_buft_overrides", kindExact},
		{"no_op_offload", "-nopo", "no_op_offload", kindValue},
		{"no_host", "--no-host", "no_host", kindValue},
		{"fit_target", "-fitt", "fit_target", kindValue},
		{"fit_min_ctx", "-fitc", "fit_min_ctx", kindValue},
		{"repeat", "-r", "", kindSpecial},
		{"prio", "--prio", "", kindValue},
		{"delay", "--delay", "", kindValue},
		{"numa", "--numa", "", kindValue},
		{"no_warmup", "--no-warmup", "", kindSwitch},
	}
}

// lookupLlamaKnob returns the llama-bench knob called name, or by an
// alias: mnn_anal's runner's n_repeat, and llama-bench's own field names
// where the knob is renamed (n_threads, use_mmap).
func lookupLlamaKnob(name string) (llamaKnob, bool) {
	switch name {
	case "n_repeat", "repetitions":
		name = "repeat"
	case "n_threads":
		name = "threads"
	case "use_mmap":
		name = "mmap"
	}
	for _, k := range llamaKnobs() {
		if k.knob == name {
			return k, true
		}
	}
	return llamaKnob{}, false
}

func (llamaBench) Name() string { return LlamaBench }

// specs returns the knob of each name, refusing unknown knobs and two
// names of one knob.
func (llamaBench) specs(names []string) ([]llamaKnob, error) {
	out := make([]llamaKnob, 0, len(names))
	by := map[string]string{}
	for _, n := range names {
		if n == "model_filename" || n == "model_path" {
			return nil, fmt.Errorf("knob %s: the model is the invocation's Model, not a knob", n)
		}
		k, ok := lookupLlamaKnob(n)
		if !ok {
			return nil, fmt.Errorf("knob %s has no llama-bench flag", n)
		}
		if other, dup := by[k.flag]; dup {
			return nil, fmt.Errorf("knobs %s and %s both set flag %s", other, n, k.flag)
		}
		by[k.flag] = n
		out = append(out, k)
	}
	return out, nil
}

// Args returns bin -m MODEL, a flag and value for every knob in the order
// of the knobs' names (a switch such as no_warmup only when true), then
// -o jsonl.
func (e llamaBench) Args(bin string, inv Invocation) ([]string, error) {
	fail := func(err error) ([]string, error) {
		return nil, fmt.Errorf("building llama-bench command: %w", err)
	}
	if bin == "" {
		return fail(errEmptyProgram)
	}
	if inv.Model == "" {
		return fail(errors.New("no model (the .gguf file for -m)"))
	}
	names := sweep.SortedKeys(inv.Knobs)
	specs, err := e.specs(names)
	if err != nil {
		return fail(err)
	}
	args := []string{bin, "-m", inv.Model}
	for i, k := range specs {
		v := inv.Knobs[names[i]]
		if strings.TrimSpace(v) == "" {
			return fail(fmt.Errorf("knob %s (%s) has an empty value", names[i], k.flag))
		}
		if k.kind == kindSwitch {
			on, ok := truth(v)
			if !ok {
				return fail(fmt.Errorf("knob %s (%s) takes 0 or 1, not %q", names[i], k.flag, v))
			}
			if on {
				args = append(args, k.flag)
			}
			continue
		}
		args = append(args, k.flag, v)
	}
	return append(args, "-o", "jsonl"), nil
}

// Flags returns -m, the flag of each knob, then -o.
func (e llamaBench) Flags(knobs []string) ([]string, error) {
	specs, err := e.specs(knobs)
	if err != nil {
		return nil, fmt.Errorf("listing llama-bench flags: %w", err)
	}
	out := []string{"-m"}
	for _, k := range specs {
		out = append(out, k.flag)
	}
	return append(out, "-o"), nil
}

func (llamaBench) CheckHelp(help string, flags []string) error {
	return checkHelp(LlamaBench, help, flags)
}

// Parse reads the JSONL output with llamabench.ParseJSON: one record per
// test, every repetition in Samples.
func (llamaBench) Parse(out []byte, inv Invocation) ([]sweep.Record, error) {
	recs, err := llamabench.ParseJSON(bytes.NewReader(out), "stdout")
	if err != nil {
		return nil, fmt.Errorf("parsing llama-bench output: %w", err)
	}
	finish(recs, inv)
	return recs, nil
}

// echoed returns the value of llama-bench field f in a record that
// llamabench.ParseJSON made.
func echoed(r *sweep.Record, f string) (string, bool) {
	if v, ok := r.Knobs[llamabench.KnobName(f)]; ok {
		return v, true
	}
	v, ok := r.Knobs[f] // kept under its own name on a clash
	return v, ok
}

// Verify: see the type's documentation. Output that Parse cannot read
// gives no mismatches (Parse reports it).
func (llamaBench) Verify(inv Invocation, out []byte) []*Mismatch {
	recs, err := llamabench.ParseJSON(bytes.NewReader(out), "stdout")
	if err != nil {
		return nil
	}
	var m mismatches
	if inv.Model != "" {
		for i := range recs {
			if got, ok := echoed(&recs[i], "model_filename"); ok && !samePath(inv.Model, got) {
				m.add("model", inv.Model, got)
			}
		}
	}
	for _, name := range sweep.SortedKeys(inv.Knobs) {
		k, ok := lookupLlamaKnob(name)
		if !ok {
			continue
		}
		verifyLlamaKnob(&m, recs, name, inv.Knobs[name], k)
	}
	return m.list
}

// verifyLlamaKnob compares the asked value of one knob with every result.
func verifyLlamaKnob(m *mismatches, recs []sweep.Record, name, asked string, k llamaKnob) {
	get := func(r *sweep.Record, f string) string { v, _ := echoed(r, f); return v }
	switch k.knob {
	case sweep.KnobPrompt:
		verifyTests(m, recs, name, asked, sweep.PhasePrefill, func(r *sweep.Record) string { return get(r, "n_prompt") })
		return
	case sweep.KnobGen:
		verifyTests(m, recs, name, asked, sweep.PhaseDecode, func(r *sweep.Record) string { return get(r, "n_gen") })
		return
	case "prompt_gen":
		verifyTests(m, recs, name, asked, sweep.PhaseBoth, func(r *sweep.Record) string {
			return get(r, "n_prompt") + "," + get(r, "n_gen")
		})
		return
	case "repeat":
		for _, r := range recs {
			if r.Samples() != nil && !sameValue(asked, strconv.Itoa(len(r.Samples()))) {
				m.add(name, asked, strconv.Itoa(len(r.Samples()))+" samples")
			}
		}
		return
	case "mmap":
		for i := range recs {
			r := &recs[i]
			if got, ok := echoed(r, "use_mmap"); ok {
				if !sameValue(asked, got) {
					m.add(name, asked, got)
				}
			} else if lm, ok := echoed(r, "load_mode"); ok {
				want, _ := truth(asked)
				if strings.Contains(lm, "mmap") != want {
					m.add(name, asked, "load_mode "+lm)
				}
			}
		}
		return
	}
	if k.field == "" {
		return
	}
	for i := range recs {
		got, ok := echoed(&recs[i], k.field)
		if !ok {
			continue
		}
		var same bool
		switch k.kind {
		case kindTri:
			a, oka := tristate(asked)
			g, okg := tristate(got)
			same = oka && okg && a == g || !(oka && okg) && sameValue(asked, got)
		case kindHex:
			same = sameHex(asked, got)
		case kindFloats:
			same = sameFloats(asked, got)
		case kindExact:
			same = strings.TrimSpace(asked) == strings.TrimSpace(got)
		default:
			same = sameValue(asked, got)
		}
		if !same {
			m.add(name, asked, got)
		}
	}
}

// samePath reports whether two spellings name one model file: llama-bench
// echoes -m as given.
func samePath(a, b string) bool {
	return a == b || filepath.Clean(a) == filepath.Clean(b)
}
