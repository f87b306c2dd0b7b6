package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestAggregateDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	ratios := make([]float64, 16)
	for i := range ratios {
		ratios[i] = math.Exp(0.01 + 0.005*rng.NormFloat64())
	}
	a, err := Aggregate(ratios, AggConfig{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Aggregate(append([]float64(nil), ratios...), AggConfig{})
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same input, different results:\n%+v\n%+v", a, b)
	}
	c, _ := Aggregate(ratios, AggConfig{Seed: 42})
	if c.Lo == a.Lo && c.Hi == a.Hi {
		t.Errorf("another seed gave the same bootstrap interval %v..%v", a.Lo, a.Hi)
	}
	if a.Test != WilcoxonTest || a.Interval != "95% bootstrap CI" || a.P != a.WilcoxonP {
		t.Errorf("16 ratios: %+v", a)
	}
	if !(a.Lo < a.GeoMean && a.GeoMean < a.Hi) || a.Lo <= 1 {
		t.Errorf("16 ratios around +1%%: geomean %v interval %v..%v", a.GeoMean, a.Lo, a.Hi)
	}
	logs := make([]float64, len(ratios))
	for i, r := range ratios {
		logs[i] = math.Log(r)
	}
	if want := bruteWilcoxon(logs); !near(a.P, want, 1e-12) {
		t.Errorf("p = %v, want %v by enumeration", a.P, want)
	}
}

// TestAggregateGeoMean checks the geometric mean and the small-n t path
// against values worked out by hand: ratios 2 and 0.5 have geometric mean
// 1; log ratios ±ln 2 have mean 0 and a t statistic of 0, so p = 1.
func TestAggregateGeoMean(t *testing.T) {
	a, err := Aggregate([]float64{2, 0.5}, AggConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.GeoMean-1) > 1e-15 || math.Abs(a.TTestP-1) > 1e-12 || a.Test != LogTTest {
		t.Errorf("%+v", a)
	}
	// Four log ratios 0.01, 0.02, 0.03, 0.04: mean 0.025, sd 0.012910, so
	// t = 0.025/(0.012910/2) = 3.8730 with 3 df. t-interval half width
	// 3.182446·0.0064550 = 0.020543.
	r := []float64{math.Exp(0.01), math.Exp(0.02), math.Exp(0.03), math.Exp(0.04)}
	a, err = Aggregate(r, AggConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if !near(a.GeoMean, math.Exp(0.025), 1e-12) || !near(a.Lo, math.Exp(0.025-0.020543), 1e-5) || !near(a.Hi, math.Exp(0.025+0.020543), 1e-5) {
		t.Errorf("t-interval: %+v", a)
	}
	// p from the t distribution with 3 df, by its closed form
	// p = 1 - (2/π)(atan(x) + x/(1+x²)) - ... for odd df: for ν = 3,
	// P(|T| ≤ t) = (2/π)(θ + sinθcosθ) with θ = atan(t/√3).
	th := math.Atan(3.872983346207417 / math.Sqrt(3))
	want := 1 - 2/math.Pi*(th+math.Sin(th)*math.Cos(th))
	if !near(a.P, want, 1e-9) || a.WilcoxonP != 0.125 || len(a.Warnings) != 1 {
		t.Errorf("p = %v, want %v; Wilcoxon p %v; warnings %v", a.P, want, a.WilcoxonP, a.Warnings)
	}
}

func TestAggregateErrors(t *testing.T) {
	for _, tc := range []struct {
		ratios []float64
		want   error
	}{
		{nil, ErrNoSamples},
		{[]float64{1, math.NaN()}, ErrNotFinite},
		{[]float64{math.Inf(1)}, ErrNotFinite},
	} {
		if _, err := Aggregate(tc.ratios, AggConfig{}); !errors.Is(err, tc.want) {
			t.Errorf("Aggregate(%v): err = %v, want %v", tc.ratios, err, tc.want)
		}
	}
	if _, err := Aggregate([]float64{1, -1}, AggConfig{}); err == nil {
		t.Error("negative ratio: no error")
	}
	a, err := Aggregate([]float64{1.1}, AggConfig{})
	if err != nil || !math.IsNaN(a.P) || a.Test != NoTest || a.GeoMean != 1.1 {
		t.Errorf("one ratio: %+v, %v", a, err)
	}
}

// TestBootstrapCoverage checks by simulation that the bootstrap interval
// of 16 log-normal ratios covers the true geometric mean about 95% of the
// time (the percentile bootstrap runs a little narrow at n = 16).
func TestBootstrapCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	const trials = 400
	covered := 0
	for i := 0; i < trials; i++ {
		r := make([]float64, 16)
		for j := range r {
			r[j] = math.Exp(0.02 + 0.01*rng.NormFloat64())
		}
		a, err := Aggregate(r, AggConfig{Seed: uint64(i + 1), Resamples: 500})
		if err != nil {
			t.Fatal(err)
		}
		if a.Lo <= math.Exp(0.02) && math.Exp(0.02) <= a.Hi {
			covered++
		}
	}
	if rate := float64(covered) / trials; rate < 0.88 || rate > 0.99 {
		t.Errorf("bootstrap coverage %v, want about 0.95", rate)
	}
}
