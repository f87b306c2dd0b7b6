package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refDecimals is decimals as it was written first.
func refDecimals(v float64) (int, bool) {
	a := math.Abs(v)
	if a >= 1e15 || math.IsNaN(v) {
		return 0, false
	}
	p := 1.0
	for d := 0; d <= 12; d++ {
		x := a * p
		if math.Abs(x-math.Round(x)) <= 1e-9*math.Max(1, x) && (math.Round(x) != 0 || a == 0) {
			return d, true
		}
		p *= 10
	}
	return 0, false
}

// decimals decides as its first version on printed and computed values
// of every magnitude, zeros, infinities and NaN.
func TestDecimalsMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	vals := []float64{0, math.Copysign(0, -1), 1, 0.5, 1e-300, 1e15, 1e15 - 1, 999999999999999.9, math.Inf(1), math.Inf(-1), math.NaN(), 0.1, 0.3, 1.005, 123.456789012345}
	for range 300000 {
		d := rng.IntN(14)
		x := math.Round(rng.Float64()*math.Pow(10, float64(rng.IntN(16)))*math.Pow(10, float64(d))) / math.Pow(10, float64(d))
		if rng.IntN(3) == 0 {
			x = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(30)-15))
		}
		vals = append(vals, x, -x)
	}
	for _, v := range vals {
		gd, gok := decimals(v)
		wd, wok := refDecimals(v)
		if gd != wd || gok != wok {
			t.Fatalf("decimals(%v) = %d, %v; first version %d, %v", v, gd, gok, wd, wok)
		}
	}
}

// BenchmarkResolution measures the resolution of 10 + 10 values printed
// with two decimals, as a row of benchfmt ns/op values has them.
func BenchmarkResolution(b *testing.B) {
	xs := []float64{1234.56, 1235.01, 1233.99, 1234.5, 1236.27, 1231.08, 1234.4, 1235.55, 1233.33, 1232.1}
	ys := []float64{1271.56, 1272.01, 1270.99, 1271.5, 1273.27, 1268.08, 1271.4, 1272.55, 1270.33, 1269.1}
	b.Run("decimals", func(b *testing.B) {
		for b.Loop() {
			Resolution(xs, ys)
		}
	})
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			for _, v := range xs {
				refDecimals(v)
			}
			for _, v := range ys {
				refDecimals(v)
			}
		}
	})
}
