package stats

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"
)

var validate = flag.Bool("validate", false, "run the long simulations of TestValidate and print the measured rates")

// sweepShape is the shape of the real sweeps: per model, 16 pp benchmarks
// with 4 invocations per side and 4 tg benchmarks with 16 per side.
type sweepShape struct {
	models       int
	ppBench, ppN int
	tgBench, tgN int
	cv           float64 // noise between invocations, as a coefficient of variation
	heavy        bool    // Student t (3 df) noise instead of normal
}

var realShape = sweepShape{models: 2, ppBench: 16, ppN: 4, tgBench: 4, tgN: 16, cv: 0.005}

// sweepResult is what one simulated sweep found.
type sweepResult struct {
	holmAny, bhAny     bool      // any benchmark flagged after correction
	raw                []float64 // raw p-values, pp first then tg, per model
	ppAgg, tgAgg       []AggregateResult
	tgFlaggedAfterHolm int
}

// simulateSweep draws one sweep in which new = base × (1 + ppEffect) for pp
// and × (1 + tgEffect) for tg, and analyses it as sweepstat does.
func simulateSweep(t testing.TB, rng *rand.Rand, s sweepShape, ppEffect, tgEffect float64) sweepResult {
	var res sweepResult
	draw := func(n int, mu float64) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			z := rng.NormFloat64()
			if s.heavy {
				// Student t with 3 df, scaled to unit variance.
				chi := 0.0
				for range 3 {
					g := rng.NormFloat64()
					chi += g * g
				}
				z = z / math.Sqrt(chi/3) / math.Sqrt(3)
			}
			xs[i] = mu * math.Exp(s.cv*z)
		}
		return xs
	}
	var tgIdx []int
	for range s.models {
		var ppRatios, tgRatios []float64
		for phase, bench := range []int{s.ppBench, s.tgBench} {
			for range bench {
				n, mu, eff := s.ppN, 200+1800*rng.Float64(), ppEffect
				if phase == 1 {
					n, mu, eff = s.tgN, 10+50*rng.Float64(), tgEffect
				}
				c, err := Compare(draw(n, mu), draw(n, mu*(1+eff)), Config{})
				if err != nil {
					t.Fatal(err)
				}
				if phase == 1 {
					tgIdx = append(tgIdx, len(res.raw))
					tgRatios = append(tgRatios, c.Ratio)
				} else {
					ppRatios = append(ppRatios, c.Ratio)
				}
				res.raw = append(res.raw, c.P)
			}
		}
		for _, r := range []struct {
			ratios []float64
			out    *[]AggregateResult
		}{{ppRatios, &res.ppAgg}, {tgRatios, &res.tgAgg}} {
			a, err := Aggregate(r.ratios, AggConfig{Resamples: 500})
			if err != nil {
				t.Fatal(err)
			}
			*r.out = append(*r.out, a)
		}
	}
	holm, bh := Holm(res.raw), BenjaminiHochberg(res.raw)
	for i := range res.raw {
		res.holmAny = res.holmAny || holm[i] <= 0.05
		res.bhAny = res.bhAny || bh[i] <= 0.05
	}
	for _, i := range tgIdx {
		if holm[i] <= 0.05 {
			res.tgFlaggedAfterHolm++
		}
	}
	return res
}

// rate is a count over a number of trials, with its binomial standard error.
type rate struct{ hits, trials int }

func (r *rate) add(hit bool) {
	r.trials++
	if hit {
		r.hits++
	}
}

func (r rate) value() float64 { return float64(r.hits) / float64(r.trials) }

// atMost is value ≤ p + 3 standard errors of a binomial(trials, p).
func (r rate) atMost(p float64) bool {
	return r.value() <= p+3*math.Sqrt(p*(1-p)/float64(r.trials))
}

// sweepRates simulates sweeps and measures the rates the tests check.
type sweepRates struct {
	holmAny, bhAny, rawPP, rawTG, ppAgg, tgAgg, tgAggDetect, tgAggWilcoxon, ppAggDetect, tgHolmBench rate
}

func measure(t testing.TB, seed uint64, sweeps int, s sweepShape, ppEffect, tgEffect float64) sweepRates {
	rng := rand.New(rand.NewPCG(seed, 1))
	var r sweepRates
	for range sweeps {
		res := simulateSweep(t, rng, s, ppEffect, tgEffect)
		r.holmAny.add(res.holmAny)
		r.bhAny.add(res.bhAny)
		per := s.ppBench + s.tgBench
		for i, p := range res.raw {
			if i%per < s.ppBench {
				r.rawPP.add(p <= 0.05)
			} else {
				r.rawTG.add(p <= 0.05)
			}
		}
		for _, a := range res.ppAgg {
			r.ppAgg.add(a.P <= 0.05)
			r.ppAggDetect.add(a.P <= 0.05 && a.GeoMean < 1 && a.Hi < 1)
		}
		for _, a := range res.tgAgg {
			r.tgAgg.add(a.P <= 0.05)
			r.tgAggDetect.add(a.P <= 0.05 && a.GeoMean < 1 && a.Hi < 1)
			r.tgAggWilcoxon.add(a.WilcoxonP <= 0.05)
		}
		for i := range s.models * s.tgBench {
			r.tgHolmBench.add(i < res.tgFlaggedAfterHolm)
		}
	}
	return r
}

// TestSweepAA: in A/A sweeps shaped like the real data, Holm at 0.05 keeps
// the chance of flagging any of the 40 benchmarks at 5%, and the
// aggregates fire at most 5% of the time.
func TestSweepAA(t *testing.T) {
	r := measure(t, 17, 200, realShape, 0, 0)
	t.Logf("A/A: any flagged after Holm %.3f; raw pp %.3f, tg %.3f; aggregate pp %.3f, tg %.3f",
		r.holmAny.value(), r.rawPP.value(), r.rawTG.value(), r.ppAgg.value(), r.tgAgg.value())
	if !r.holmAny.atMost(0.05) {
		t.Errorf("A/A sweeps with a benchmark flagged after Holm: %.3f of %d", r.holmAny.value(), r.holmAny.trials)
	}
	if !r.ppAgg.atMost(0.05) || !r.tgAgg.atMost(0.05) {
		t.Errorf("A/A aggregate false alarms: pp %.3f, tg %.3f", r.ppAgg.value(), r.tgAgg.value())
	}
	if !r.rawPP.atMost(0.05) || !r.rawTG.atMost(0.05) {
		t.Errorf("A/A raw per-benchmark false alarms: pp %.3f, tg %.3f", r.rawPP.value(), r.rawTG.value())
	}
}

// TestSweepPower: a 2% regression on every tg benchmark is found by the tg
// aggregate of each model (4 benchmarks) in at least 95% of sweeps.
func TestSweepPower(t *testing.T) {
	r := measure(t, 19, 200, realShape, 0, -0.02)
	t.Logf("2%% tg regression: tg aggregate detects %.3f; pp aggregate fires %.3f", r.tgAggDetect.value(), r.ppAgg.value())
	if v := r.tgAggDetect.value(); v < 0.95 {
		t.Errorf("2%% tg regression found by the tg aggregate in %.3f of %d", v, r.tgAggDetect.trials)
	}
	if !r.ppAgg.atMost(0.05) {
		t.Errorf("pp aggregate fired on unchanged pp in %.3f", r.ppAgg.value())
	}
}

// TestValidate runs long simulations and prints the measured rates; run it
// with go test ./internal/stats -run Validate -validate -v.
func TestValidate(t *testing.T) {
	if !*validate {
		t.Skip("long simulation: run with -validate")
	}
	const sweeps = 5000
	aa := measure(t, 23, sweeps, realShape, 0, 0)
	t.Logf("A/A, %d sweeps of %d models × (%d pp × n=%d + %d tg × n=%d), CV %.1f%%:", sweeps,
		realShape.models, realShape.ppBench, realShape.ppN, realShape.tgBench, realShape.tgN, 100*realShape.cv)
	t.Logf("  sweeps with any benchmark flagged, Holm α=0.05: %.4f", aa.holmAny.value())
	t.Logf("  sweeps with any benchmark flagged, BH α=0.05:   %.4f", aa.bhAny.value())
	t.Logf("  raw p ≤ 0.05 per benchmark: pp (Welch, n=4) %.4f, tg (U-test, n=16) %.4f", aa.rawPP.value(), aa.rawTG.value())
	t.Logf("  aggregate p ≤ 0.05: pp (signed-rank, 16) %.4f, tg (t of log ratios, 4) %.4f", aa.ppAgg.value(), aa.tgAgg.value())
	heavy := realShape
	heavy.heavy = true
	h := measure(t, 29, sweeps, heavy, 0, 0)
	t.Logf("A/A with heavy-tailed noise (Student t, 3 df): Holm any %.4f; raw pp %.4f, tg %.4f; aggregate pp %.4f, tg %.4f",
		h.holmAny.value(), h.rawPP.value(), h.rawTG.value(), h.ppAgg.value(), h.tgAgg.value())
	for _, eff := range []float64{-0.005, -0.01, -0.02} {
		p := measure(t, 31, sweeps/5, realShape, eff, eff)
		t.Logf("%.1f%% on every benchmark, %d sweeps: tg aggregate detects %.4f (signed-rank alone: %.4f), pp aggregate %.4f; tg benchmarks flagged after Holm %.4f",
			100*eff, sweeps/5, p.tgAggDetect.value(), p.tgAggWilcoxon.value(), p.ppAggDetect.value(), p.tgHolmBench.value())
	}
	rng := rand.New(rand.NewPCG(37, 1))
	var small rate
	for range 10000 {
		c, err := Compare(noisyCV(rng, 3, 100, 0.01), noisyCV(rng, 3, 80, 0.01), Config{})
		if err != nil {
			t.Fatal(err)
		}
		small.add(c.P < 0.01)
	}
	t.Logf("3 vs 3 invocations, 20%% effect, 1%% noise: p < 0.01 in %.4f of %d", small.value(), small.trials)
}

// noisyCV returns n samples of mean mu with coefficient of variation cv.
func noisyCV(rng *rand.Rand, n int, mu, cv float64) []float64 {
	return noisy(rng, n, mu, mu*cv)
}
