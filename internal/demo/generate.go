package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// An rng draws uniform and normal deviates from a PCG source. It reads the
// source only through Uint64, whose output math/rand/v2 fixes for PCG, and
// makes normal deviates itself (Box–Muller), so the demo data does not depend
// on the algorithms behind rand.Rand's methods.
type rng struct {
	src   *rand.PCG
	spare float64
	has   bool
}

func newRNG(src *rand.PCG) *rng { return &rng{src: src} }

// uniform returns a deviate in the open interval (0, 1).
func (r *rng) uniform() float64 {
	return (float64(r.src.Uint64()>>11) + 0.5) / (1 << 53)
}

// norm returns a standard normal deviate.
func (r *rng) norm() float64 {
	if r.has {
		r.has = false
		return r.spare
	}
	rad := math.Sqrt(-2 * math.Log(r.uniform()))
	theta := 2 * math.Pi * r.uniform()
	r.spare, r.has = rad*math.Sin(theta), true
	return rad * math.Cos(theta)
}

// A result is one benchmark_results row: one phase of one invocation.
type result struct {
	phase     string // "pp" or "tg"
	size      int    // n_prompt for pp, n_gen for tg
	mean, std float64
}

// An invocation is one case_definitions row: one run of llm_bench.
type invocation struct {
	id      int    // case_definitions.id
	name    string // case_N, numbered across the task as in real data
	value   int    // the option's value
	p, n    int    // n_prompt, n_gen
	exec    float64
	at      time.Time // created_at: when the case finished
	results [2]result // pp, then tg
}

// A suiteRun is one suites row (one model within a task) and its cases.
type suiteRun struct {
	id    int
	model model
	cases []invocation
}

// A taskRun is one generated task.
type taskRun struct {
	task
	suites []suiteRun
	exec   float64   // execution_time_seconds
	end    time.Time // updated_at
}

// generate runs every demo task on every model. Tasks run back to back; ids
// of suites and cases count up across tasks, in run order.
func generate() []taskRun {
	var runs []taskRun
	suiteID, caseID := 0, 0
	for _, t := range tasks() {
		if len(runs) > 0 {
			t.start = runs[len(runs)-1].end
		}
		runs = append(runs, runTask(t, &suiteID, &caseID))
	}
	return runs
}

// runTask simulates task t, numbering suites and cases after *suiteID and
// *caseID.
func runTask(t task, suiteID, caseID *int) taskRun {
	r := newRNG(rand.NewPCG(t.seed, 0x64656d6f))
	nz := defaultNoise()
	ms := models()
	total := len(ms) * len(t.prompts) * len(t.gens) * len(t.values)
	run := taskRun{task: t}
	clock := 0.6 // seconds since t.start; the runner's setup
	k := 0       // case number within the task
	for _, m := range ms {
		*suiteID++
		s := suiteRun{id: *suiteID, model: m}
		for _, p := range t.prompts {
			for _, n := range t.gens {
				order := t.values
				if r.uniform() < 0.5 {
					order[0], order[1] = order[1], order[0]
				}
				for _, v := range order {
					*caseID++
					drift := 1 + nz.drift*float64(k)/float64(total-1)
					k++
					c := invoke(r, nz, t, m, v, p, n, drift)
					c.id, c.name = *caseID, "case_"+strconv.Itoa(k)
					clock += c.exec + 0.05 + 0.5*r.uniform()
					c.at = t.start.Add(time.Duration(math.Floor(clock)) * time.Second)
					s.cases = append(s.cases, c)
				}
			}
		}
		run.suites = append(run.suites, s)
	}
	clock += 0.5
	run.exec = clock
	run.end = t.start.Add(time.Duration(math.Floor(clock)) * time.Second)
	return run
}

// invoke simulates one llm_bench invocation of model m with option value v at
// n_prompt p and n_gen n, under the given drift factor. It always makes the
// same number of draws from r.
func invoke(r *rng, nz noise, t task, m model, v, p, n int, drift float64) invocation {
	hiccup := r.uniform() < nz.hiccupProb
	slow := nz.hiccupMin + (nz.hiccupMax-nz.hiccupMin)*r.uniform()
	state := drift
	if hiccup {
		state *= 1 - slow
	}
	ppTrue := m.pp(p) * t.factor(m.name, "pp", p, v) * state
	tgTrue := m.tg(n) * t.factor(m.name, "tg", n, v) * state
	ppMean, ppStd := measure(r, nz, ppTrue, nz.ppBetween, nz.ppWithin, hiccup)
	tgMean, tgStd := measure(r, nz, tgTrue, nz.tgBetween, nz.tgWithin, hiccup)
	exec := 2.5 + 0.3*r.uniform() + 6*(float64(p)/ppMean+float64(n)/tgMean)
	return invocation{
		value: v, p: p, n: n,
		exec: math.Round(exec*1000) / 1000,
		results: [2]result{
			{phase: "pp", size: p, mean: ppMean, std: ppStd},
			{phase: "tg", size: n, mean: tgMean, std: tgStd},
		},
	}
}

// measure returns the printed mean and std of one phase of one invocation
// whose true speed is truth: the mean carries between-invocation noise of
// relative sd between, the std a within-invocation CV around median within
// (or the noisy CV of a hiccup). Both are rounded to two decimals.
func measure(r *rng, nz noise, truth, between, within float64, hiccup bool) (mean, std float64) {
	mean = truth * (1 + between*r.norm())
	cv := within * math.Exp(nz.withinLogSD*r.norm())
	cv = math.Min(math.Max(cv, nz.withinMin), nz.withinMax)
	if hiccup {
		cv = nz.hiccupWithin * (0.7 + 0.6*r.uniform())
	} else {
		r.uniform() // keep the number of draws fixed
	}
	return round2(mean), round2(mean * cv)
}

// round2 rounds x to two decimals, as llm_bench prints speeds.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
