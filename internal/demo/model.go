package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// A model is one invented LLM: its identity and its true speed curves.
type model struct {
	name string // model_name, e.g. demo_qwen_0_5b
	size string // model_size as llm_bench prints it, e.g. "271.36 MiB"
	seed uint64 // seeds the model's fixed per-size pp wobble

	// pp(p) = ppScale · p/(p+ppKnee) · exp(−ppDecay·p) · wobble(p).
	ppScale, ppKnee, ppDecay float64
	// tg(n) = tgBase · (1 − tgSlope·(n−32)/96).
	tgBase, tgSlope float64
}

// models returns the two invented models of both demo tasks, in suite order.
func models() []model {
	return []model{
		{
			name: "demo_qwen_0_5b", size: "271.36 MiB", seed: 0x5157454e,
			ppScale: 123, ppKnee: 50, ppDecay: 0.00052,
			tgBase: 28.3, tgSlope: 0.016,
		},
		{
			name: "demo_smol_256m", size: "147.52 MiB", seed: 0x534d4f4c,
			ppScale: 340, ppKnee: 54, ppDecay: 0.00085,
			tgBase: 42.4, tgSlope: 0.027,
		},
	}
}

// wobbleSD is the sd of the fixed per-size deviation of pp from its smooth
// curve (kernel tiling and cache effects in a real engine).
const wobbleSD = 0.025

// pp returns the true prefill speed of m at prompt length p, in tokens/sec.
func (m model) pp(p int) float64 {
	x := float64(p)
	smooth := m.ppScale * x / (x + m.ppKnee) * math.Exp(-m.ppDecay*x)
	w := newRNG(rand.NewPCG(m.seed, uint64(p))).norm()
	return smooth * (1 + wobbleSD*w)
}

// tg returns the true decode speed of m at generation length n, in tokens/sec.
func (m model) tg(n int) float64 {
	return m.tgBase * (1 - m.tgSlope*float64(n-32)/96)
}

// noise holds the noise parameters shared by all demo tasks; see doc.go.
type noise struct {
	ppBetween, tgBetween float64 // sd of the invocation factor, relative
	ppWithin, tgWithin   float64 // median within-invocation CV
	withinLogSD          float64 // log-sd of the within-invocation CV
	withinMin, withinMax float64 // clip of the within-invocation CV
	drift                float64 // relative speed change over a whole task
	hiccupProb           float64 // probability that an invocation is disturbed
	hiccupMin, hiccupMax float64 // slowdown of a disturbed invocation
	hiccupWithin         float64 // within-invocation CV of a disturbed one
}

// defaultNoise returns the noise of every demo task.
func defaultNoise() noise {
	return noise{
		ppBetween: 0.0025, tgBetween: 0.006,
		ppWithin: 0.0008, tgWithin: 0.0015,
		withinLogSD: 0.6,
		withinMin:   0.0002, withinMax: 0.006,
		drift:      -0.003,
		hiccupProb: 0.03,
		hiccupMin:  0.01, hiccupMax: 0.03,
		hiccupWithin: 0.01,
	}
}

// An effect multiplies the true speed of one model and phase, at sizes of at
// least minSize, when the option has value.
type effect struct {
	model   string
	phase   string // "pp" or "tg"
	minSize int
	value   int
	factor  float64
}

// A task is one demo sweep: one option with two values over a p/n grid, run
// on every model.
type task struct {
	id          int
	name        string
	description string // 中文 and English; ends in a newline as in real data
	suite       string // suit_name
	suiteDesc   string
	option      string
	values      [2]int
	prompts     []int
	gens        []int
	global      object // global_config, in key order
	effects     []effect
	seed        uint64
	start       time.Time
}

// span returns start, start+step, … up to and including end.
func span(start, end, step int) []int {
	var s []int
	for v := start; v <= end; v += step {
		s = append(s, v)
	}
	return s
}

// tasks returns the demo tasks, in id order.
func tasks() []task {
	ms := models()
	names := []any{ms[0].name, ms[1].name}
	return []task{
		{
			id:   1,
			name: "demo_dyo78_synthetic",
			description: "合成演示数据（非真实测量）：单线程 p/n 网格上的 dynamicOption=7/8 对比，" +
				"由 sweepstat 的 internal/demo 以固定种子生成。 " +
				"Synthetic demo data (not real measurements): dynamicOption 7 vs 8 " +
				"over a single-thread p/n grid, generated with a fixed seed by sweepstat's internal/demo.\n",
			suite:     "demo_pn_sweep_p64_n32_dyo78",
			suiteDesc: "合成演示数据：p 从 64 到 1024，步长 64；n 从 32 到 128，步长 32（dynamicOption=7/8）。 Synthetic demo data.\n",
			option:    "dynamicOption",
			values:    [2]int{7, 8},
			prompts:   span(64, 1024, 64),
			gens:      span(32, 128, 32),
			global: object{
				{"threads", 1}, {"repeat", 3}, {"precision", 2}, {"vp", 1},
				{"kv_cache", "false"}, {"mmap", 0}, {"timeout", 600}, {"models", names},
			},
			effects: []effect{
				{model: "demo_smol_256m", phase: "tg", minSize: 0, value: 8, factor: 1.025},
				{model: "demo_qwen_0_5b", phase: "pp", minSize: 512, value: 8, factor: 0.985},
			},
			seed:  0x64796f37387,
			start: time.Date(2025, 12, 1, 1, 0, 0, 0, time.UTC),
		},
		{
			id:   2,
			name: "demo_mmap_aa_synthetic",
			description: "合成演示数据（非真实测量）：mmap=0/1 的 A/A 对比，两个取值之间没有任何真实差异。 " +
				"Synthetic demo data (not real measurements): an A/A sweep of mmap 0 vs 1 " +
				"in which the two values don't differ at all.\n",
			suite:     "demo_pn_grid_mmap01_aa",
			suiteDesc: "合成演示数据：p ∈ {128, 256, 512}，n ∈ {32, 64}（mmap=0/1，无差异）。 Synthetic demo data.\n",
			option:    "mmap",
			values:    [2]int{0, 1},
			prompts:   []int{128, 256, 512},
			gens:      []int{32, 64},
			global: object{
				{"threads", 1}, {"repeat", 3}, {"precision", 2}, {"dynamicOption", 0},
				{"vp", 1}, {"kv_cache", "false"}, {"timeout", 600}, {"models", names},
			},
			seed: 0x6d6d617061612,
			// start is set by generate: when task 1 ends.
		},
	}
}

// factor returns the product of the effects of t on model m, phase and size
// when the option has value v.
func (t task) factor(m, phase string, size, v int) float64 {
	f := 1.0
	for _, e := range t.effects {
		if e.model == m && e.phase == phase && size >= e.minSize && e.value == v {
			f *= e.factor
		}
	}
	return f
}
