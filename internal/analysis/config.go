package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/sweepstat/sweepstat/internal/stats"
)

// Config is the statistics and the gate's limits of a comparison, every
// value explicit: a zero is a value (MarginPct 0 is no equivalence margin,
// MaxRegressionPct 0 fails any regression). Start from [DefaultConfig].
// [Build] stores the Config it was given in the result, so renderers show
// the values in effect and never resolve defaults again.
type Config struct {
	Alpha      float64          // significance level, in (0, 0.5)
	Confidence float64          // level of the intervals, in (0, 1)
	Method     stats.Method     // stats.MannWhitney (benchstat) or stats.Welch
	MinUTest   int              // fewest samples per side for the U-test (≥ 1); fewer get Welch
	Correction stats.Correction // across the benchmarks (and, separately, the aggregates)
	MarginPct  float64          // equivalence margin, percent (≥ 0; 0: none)
	Gate       GateConfig
}

// GateConfig is the regression gate's limits (see [Check]).
type GateConfig struct {
	// MaxRegressionPct is the slowdown, percent, tolerated in a benchmark
	// or an aggregate that regressed (≥ 0; 0: any regression fails).
	MaxRegressionPct float64
	// PhaseLimits override MaxRegressionPct for the phases they name.
	PhaseLimits map[string]float64
	// NoiseMarginPct is the smallest slowdown that fails a benchmark
	// tested on one invocation per side (≥ 0; 0: none).
	NoiseMarginPct float64
	// FailUntested fails the gate when a benchmark could not be tested or
	// its unit has no known direction.
	FailUntested bool
}

// Defaults.
const (
	DefaultAlpha          = 0.05
	DefaultConfidence     = 0.95
	DefaultMarginPct      = 1.0
	DefaultMinUTest       = stats.DefaultSmallN
	DefaultNoiseMarginPct = 10.0
)

// DefaultConfig is the gate's configuration: U-test (Welch below 5
// samples per side), α = 0.05, Holm correction, ±1% equivalence margin,
// and a gate that fails on regressions beyond the margin (1%), and on
// one-invocation benchmarks only beyond 10%. Reports ask for
// Benjamini-Hochberg.
func DefaultConfig() Config {
	return Config{
		Alpha: DefaultAlpha, Confidence: DefaultConfidence, Method: stats.MannWhitney,
		MinUTest: DefaultMinUTest, Correction: stats.CorrectionHolm, MarginPct: DefaultMarginPct,
		Gate: GateConfig{MaxRegressionPct: DefaultMarginPct, NoiseMarginPct: DefaultNoiseMarginPct},
	}
}

// Validate reports the first value out of range, naming the setting (not a
// command-line flag).
func (c Config) Validate() error {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	switch {
	case bad(c.Alpha) || !(c.Alpha > 0 && c.Alpha < 0.5):
		return fmt.Errorf("alpha %v out of range (0, 0.5)", c.Alpha)
	case bad(c.Confidence) || !(c.Confidence > 0 && c.Confidence < 1):
		return fmt.Errorf("confidence %v out of range (0, 1)", c.Confidence)
	case c.Method != stats.MannWhitney && c.Method != stats.Welch:
		return fmt.Errorf("method %v: want mann-whitney or welch", c.Method)
	case c.MinUTest < 1:
		return fmt.Errorf("minimum samples for the U-test %d: want at least 1", c.MinUTest)
	case c.Correction != stats.CorrectionHolm && c.Correction != stats.CorrectionBH && c.Correction != stats.CorrectionNone:
		return fmt.Errorf("unknown correction %v", c.Correction)
	case bad(c.MarginPct) || c.MarginPct < 0:
		return fmt.Errorf("equivalence margin %v%%: want a percentage ≥ 0", c.MarginPct)
	case bad(c.Gate.MaxRegressionPct) || c.Gate.MaxRegressionPct < 0:
		return fmt.Errorf("max regression %v%%: want a percentage ≥ 0", c.Gate.MaxRegressionPct)
	case bad(c.Gate.NoiseMarginPct) || c.Gate.NoiseMarginPct < 0:
		return fmt.Errorf("noise margin %v%%: want a percentage ≥ 0", c.Gate.NoiseMarginPct)
	}
	for _, p := range sortedPhases(c.Gate.PhaseLimits) {
		if l := c.Gate.PhaseLimits[p]; bad(l) || l < 0 {
			return fmt.Errorf("max regression %v%% for phase %s: want a percentage ≥ 0", l, p)
		}
	}
	return nil
}

func sortedPhases(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// statsConfig is the per-benchmark test's configuration.
func (c Config) statsConfig() stats.Config {
	return stats.Config{Alpha: c.Alpha, Confidence: c.Confidence, Method: c.Method, SmallN: c.MinUTest}
}

// limit returns the gate's limit for phase.
func (g GateConfig) limit(phase string) float64 {
	if l, ok := g.PhaseLimits[phase]; ok {
		return l
	}
	return g.MaxRegressionPct
}

// WithCorrection is DefaultConfig with correction c.
func WithCorrection(c stats.Correction) Config {
	cfg := DefaultConfig()
	cfg.Correction = c
	return cfg
}
