package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/report"
	"github.com/sweepstat/sweepstat/internal/stats"
)

// A Correction adjusts p-values for the number of benchmarks compared.
// *Correction is a flag.Value that parses "holm", "bh" and "none".
type Correction = stats.Correction

// The corrections. Holm is the zero value.
const (
	Holm         Correction = stats.CorrectionHolm // family-wise error rate, for gates
	BH           Correction = stats.CorrectionBH   // Benjamini-Hochberg false discovery rate, for highlighting
	NoCorrection Correction = stats.CorrectionNone
)

// An Assumption is what the per-benchmark test assumes of the samples.
// *Assumption is a flag.Value that parses "nothing" and "normal".
type Assumption int

const (
	// AssumeNothing is benchstat's Mann-Whitney U-test (the zero value).
	AssumeNothing Assumption = iota
	// AssumeNormal is Welch's t-test on the samples.
	AssumeNormal
)

// String returns "nothing" or "normal".
func (a Assumption) String() string {
	if a == AssumeNormal {
		return "normal"
	}
	if a == AssumeNothing {
		return "nothing"
	}
	return fmt.Sprintf("Assumption(%d)", int(a))
}

// Set parses "nothing" or "normal".
func (a *Assumption) Set(s string) error {
	switch s {
	case "nothing":
		*a = AssumeNothing
	case "normal":
		*a = AssumeNormal
	default:
		return fmt.Errorf("unknown assumption %q (want nothing or normal)", s)
	}
	return nil
}

// A Lang is the language of Markdown output: Chinese ("zh", the zero
// value) or English ("en"). *Lang is a flag.Value.
type Lang = report.Lang

// The languages.
const (
	Chinese Lang = report.Chinese
	English Lang = report.English
)

// A Format is an output format of [Result.Write] and [Result.WriteCheck].
// *Format is a flag.Value that parses "text", "markdown", "csv" and
// "json".
type Format int

// The formats. FormatText is the zero value.
const (
	FormatText Format = iota
	FormatMarkdown
	FormatCSV
	FormatJSON
)

var formatNames = []string{"text", "markdown", "csv", "json"}

// String returns the format's name.
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Set parses a format's name.
func (f *Format) Set(s string) error {
	for i, n := range formatNames {
		if s == n {
			*f = Format(i)
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want text, markdown, csv or json)", s)
}

// A Percent is a percentage that may be unset. The zero Percent is unset:
// the setting's documented default applies. Pct(0) is an explicit zero
// (for Spec.Margin, no equivalence margin). *Percent is a flag.Value that
// parses "2" or "2%".
type Percent struct {
	v   float64
	set bool
}

// Pct returns the percentage v, set.
func Pct(v float64) Percent { return Percent{v: v, set: true} }

// Value returns the percentage and whether it is set.
func (p Percent) Value() (float64, bool) { return p.v, p.set }

// Or returns the percentage, or def when p is unset.
func (p Percent) Or(def float64) float64 {
	if p.set {
		return p.v
	}
	return def
}

// String returns the percentage, or "" when unset.
func (p *Percent) String() string {
	if p == nil || !p.set {
		return ""
	}
	return strconv.FormatFloat(p.v, 'g', -1, 64)
}

// Set parses a percentage ≥ 0, with or without a trailing %.
func (p *Percent) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%q: want a percentage ≥ 0", s)
	}
	*p = Pct(v)
	return nil
}

// Defaults of the Spec's settings.
const (
	DefaultAlpha          = 0.05
	DefaultMarginPct      = 1.0
	DefaultMinUTest       = 5
	DefaultNoiseMarginPct = 10.0
)
