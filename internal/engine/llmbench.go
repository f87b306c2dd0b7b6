package engine

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/llmbench"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// llmBench is MNN's llm_bench (and its llm_bench_prompt fork).
//
// Args passes the model as -m and every knob with the flag that
// llmbench.FlagFor gives it (the table `sweepstat import` reads command
// lines with): threads -t, precision -c, backend -a, n_prompt -p, n_gen -n,
// prompt_gen -pg, mmap -mmp, repeat (or n_repeat) -rep, kv_cache -kv,
// loading_time -load, dynamicOption -dyo, vp (or variable_prompt) -vp,
// prompt_file -pf, and the others of that table. Values are passed as
// given, 0 included. The table is printed on standard output (no -fp).
//
// Verify compares what the table shows with what was asked: the model
// column (the name of the directory holding the config.json given to
// -m), threads, precision (0 Normal, 1 High, 2 Low; llm_bench prints High
// for any value but 0 and 2), backend (ignoring case), the test sizes
// (every ppN row against n_prompt, tgN against n_gen, ppP+tgG against
// prompt_gen "P,G"), the layout against kv_cache (-kv true prints the
// llm_demo layout), and any other setting column the table has (mmap,
// memory, power …). dynamicOption cannot be verified with the fork that
// made the mnn_anal data: it never prints the dynamicOption column (and
// upstream llm_bench prints one only when several values are given, with
// no cell in it). Knobs the table does not show are not verified.
type llmBench struct{}

func (llmBench) Name() string { return LLMBench }

// flag returns the flag that sets knob.
func (llmBench) flag(knob string) (string, error) {
	if llmbench.CanonicalKnob(knob) == "model_path" {
		return "", fmt.Errorf("knob %s: the model is the invocation's Model, not a knob", knob)
	}
	f, ok := llmbench.FlagFor(knob)
	if !ok {
		return "", fmt.Errorf("knob %s has no llm_bench flag", knob)
	}
	return f, nil
}

// flags returns the flag of each knob, in the order of knobs, refusing two
// knobs that set one flag (repeat and n_repeat).
func (e llmBench) flags(knobs []string) ([]string, error) {
	out := make([]string, 0, len(knobs))
	by := map[string]string{}
	for _, k := range knobs {
		f, err := e.flag(k)
		if err != nil {
			return nil, err
		}
		if other, dup := by[f]; dup {
			return nil, fmt.Errorf("knobs %s and %s both set flag %s", other, k, f)
		}
		by[f] = k
		out = append(out, f)
	}
	return out, nil
}

// Args returns bin -m MODEL and a flag and value for every knob, in the
// order of the knobs' names.
func (e llmBench) Args(bin string, inv Invocation) ([]string, error) {
	fail := func(err error) ([]string, error) {
		return nil, fmt.Errorf("building llm_bench command: %w", err)
	}
	if bin == "" {
		return fail(errEmptyProgram)
	}
	if inv.Model == "" {
		return fail(errors.New("no model (the config.json for -m)"))
	}
	knobs := sweep.SortedKeys(inv.Knobs)
	flags, err := e.flags(knobs)
	if err != nil {
		return fail(err)
	}
	args := []string{bin, "-m", inv.Model}
	for i, k := range knobs {
		v := inv.Knobs[k]
		if strings.TrimSpace(v) == "" {
			return fail(fmt.Errorf("knob %s (%s) has an empty value", k, flags[i]))
		}
		args = append(args, flags[i], v)
	}
	return args, nil
}

// Flags returns -m, then the flag of each knob.
func (e llmBench) Flags(knobs []string) ([]string, error) {
	f, err := e.flags(knobs)
	if err != nil {
		return nil, fmt.Errorf("listing llm_bench flags: %w", err)
	}
	return append([]string{"-m"}, f...), nil
}

func (e llmBench) CheckHelp(help string, flags []string) error {
	return checkHelp(LLMBench, help, flags)
}

// Parse reads the Markdown table with llmbench.Parse. Reps is the asked
// repeat (-rep), 0 when not asked: the table does not say. Rows that
// cannot be read (cut short, "inf ± nan") make an error, with the records
// of the other rows returned beside it.
func (llmBench) Parse(out []byte, inv Invocation) ([]sweep.Record, error) {
	recs, err := parseLLMBench(out, inv)
	if err != nil && recs == nil {
		return nil, err
	}
	reps := 0
	for k, v := range inv.Knobs {
		if llmbench.CanonicalKnob(k) == "repeat" {
			if n, e := strconv.Atoi(strings.TrimSpace(v)); e == nil && n > 0 {
				reps = n
			}
		}
	}
	for i := range recs {
		recs[i].Reps = sweep.RepsOf(reps)
	}
	return recs, err
}

// parseLLMBench reads llm_bench's table from out and finishes the records.
func parseLLMBench(out []byte, inv Invocation) ([]sweep.Record, error) {
	recs, skipped, err := llmbench.Parse(bytes.NewReader(out), "stdout", nil)
	if err != nil {
		return nil, fmt.Errorf("parsing llm_bench output: %w", err)
	}
	finish(recs, inv)
	if len(skipped) > 0 {
		return recs, fmt.Errorf("parsing llm_bench output: %w", errors.Join(skipped...))
	}
	return recs, nil
}

// Verify: see the type's documentation. Output that Parse cannot read
// gives no mismatches (Parse reports it).
func (llmBench) Verify(inv Invocation, out []byte) []*Mismatch {
	recs, _, err := llmbench.Parse(bytes.NewReader(out), "stdout", nil)
	if err != nil {
		return nil
	}
	var m mismatches
	if want := modelDirName(inv.Model); want != "" {
		for _, r := range recs {
			if r.Model != want {
				m.add("model", want, r.Model)
			}
		}
	}
	for _, k := range sweep.SortedKeys(inv.Knobs) {
		verifyLLMBenchKnob(&m, recs, k, inv.Knobs[k])
	}
	return m.list
}

// verifyLLMBenchKnob compares the asked value of one knob with the table.
func verifyLLMBenchKnob(m *mismatches, recs []sweep.Record, knob, asked string) {
	switch canon := llmbench.CanonicalKnob(knob); canon {
	case "model_path":
	case sweep.KnobPrompt:
		verifyTests(m, recs, knob, asked, sweep.PhasePrefill, func(r *sweep.Record) string { return r.Knobs[sweep.KnobPrompt] })
	case sweep.KnobGen:
		verifyTests(m, recs, knob, asked, sweep.PhaseDecode, func(r *sweep.Record) string { return r.Knobs[sweep.KnobGen] })
	case "prompt_gen":
		verifyTests(m, recs, knob, asked, sweep.PhaseBoth, func(r *sweep.Record) string {
			return r.Knobs[sweep.KnobPrompt] + "," + r.Knobs[sweep.KnobGen]
		})
	case "kv_cache":
		want, ok := truth(asked)
		if !ok {
			return
		}
		for _, r := range recs {
			// Parse sets kv_cache=true on the rows of the llm_demo
			// layout, which llm_bench prints only with -kv true.
			got := r.Knobs["kv_cache"] == "true"
			if got != want {
				m.add(knob, asked, strconv.FormatBool(got))
			}
		}
	default:
		want := asked
		if canon == "precision" || canon == "memory" || canon == "power" {
			want = level(asked)
		}
		for _, r := range recs {
			if got, ok := r.Knobs[canon]; ok && !sameValue(want, got) {
				m.add(knob, asked, got)
			}
		}
	}
}

// level returns the value llm_bench's table gives back for a precision,
// memory or power setting: it prints Normal for 0, Low for 2 and High for
// anything else, which Parse reads as 0, 2 and 1.
func level(asked string) string {
	switch strings.TrimSpace(asked) {
	case "0", "2":
		return strings.TrimSpace(asked)
	}
	return "1"
}

// verifyTests checks the tests of one phase against a size knob: every
// record of the phase must have the asked size, and one must exist when
// the asked size is a positive count (llm_bench and llama-bench skip
// tests of size 0).
func verifyTests(m *mismatches, recs []sweep.Record, knob, asked, phase string, size func(*sweep.Record) string) {
	found := false
	for i := range recs {
		r := &recs[i]
		if r.Phase != phase {
			continue
		}
		found = true
		if got := size(r); !sameSize(asked, got) {
			m.add(knob, asked, phase+" test of size "+got)
		}
	}
	if !found && positive(asked) {
		m.add(knob, asked, "no "+phase+" test")
	}
}

// sameSize compares test sizes: single counts or "P,G" pairs.
func sameSize(asked, got string) bool {
	as, gs := strings.Split(asked, ","), strings.Split(got, ",")
	if len(as) != len(gs) {
		return false
	}
	for i := range as {
		if !sameValue(as[i], gs[i]) {
			return false
		}
	}
	return true
}

// positive reports whether a size is a positive count, or a pair of
// counts not both 0.
func positive(s string) bool {
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			return true
		}
	}
	return false
}
