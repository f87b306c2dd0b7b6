package analysis

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Config configures the significance analysis. The zero value is the
// gate's default: U-test (Welch below the small-sample floor), α = 0.05,
// Holm correction, ±1% equivalence margin; the report asks for
// Benjamini-Hochberg.
type Config struct {
	Stats      stats.Config     // per-benchmark test; zero: benchstat's U-test with the floor
	Correction stats.Correction // across the benchmarks of the sweep; set it explicitly
	MarginPct  float64          // equivalence margin in percent; 0: DefaultMarginPct
}

// DefaultMarginPct is the equivalence margin when Config.MarginPct is 0.
const DefaultMarginPct = 1.0

func (c Config) alpha() float64 {
	if c.Stats.Alpha == 0 {
		return 0.05
	}
	return c.Stats.Alpha
}

func (c Config) margin() float64 {
	if c.MarginPct == 0 {
		return DefaultMarginPct
	}
	return c.MarginPct
}

// Sample kinds: what a row's samples are.
const (
	SamplesInvocations = "invocations" // one sample per invocation: its mean
	SamplesRepetitions = "repetitions" // one invocation per side: its repetitions
	SamplesSummary     = "summary"     // one invocation per side: mean ± std over n repetitions
	SamplesNone        = "none"        // nothing to test
)

// A Row is the comparison of one benchmark.
type Row struct {
	Key    sweep.Key
	Label  string        // the size plus the knobs that vary in the task: "64", "64 threads=4"
	Rec    *sweep.Record // a representative base record (names, knobs)
	Unit   string
	Better int       // +1 higher is better, -1 lower is better
	Kind   string    // Samples* constant
	Base   []float64 // the base samples compared (nil for summary rows)
	New    []float64 // the new samples compared
	Cmp    stats.Comparison
	// BaseMean and NewMean are the means of the invocation means per side:
	// what llama.cpp's compare-llama-bench.py prints as t/s.
	BaseMean, NewMean float64
	// DeltaLo and DeltaHi bound the relative change of the means, a 95%
	// Welch interval (stats.DeltaCI); NaN when it cannot be computed.
	DeltaLo, DeltaHi float64
	PAdj             float64 // p adjusted across all rows of the sweep
	Equiv            stats.Equivalence
	Verdict          stats.Verdict
	Warnings         []error
}

// An Aggregate summarizes one model × phase over its benchmarks.
type Aggregate struct {
	Model, Phase, Unit string
	Better             int
	Res                stats.AggregateResult
	PAdj               float64 // adjusted across the aggregates of the sweep
	Verdict            stats.Verdict
	Improved           int // rows with verdict improvement
	Regressed          int // rows with verdict regression
	Equivalent         int
	Rows               int
}

// Significance is the statistical comparison of a selection.
type Significance struct {
	Config     Config
	Rows       []Row       // ordered by Key
	Aggregates []Aggregate // ordered by model, phase
	Spread     []Spread    // between- vs within-invocation noise
	Warnings   []error     // sweep-level caveats (design, drift)
}

func compareRows(sel *sweep.Selection, cfg Config) ([]Row, error) {
	type sides struct {
		rec       *sweep.Record
		base, new []*sweep.Record
	}
	groups := map[sweep.Key]*sides{}
	var keys []sweep.Key
	for i := range sel.Records {
		r := &sel.Records[i]
		k := sel.Key(r)
		g := groups[k]
		if g == nil {
			g = &sides{rec: r}
			groups[k] = g
			keys = append(keys, k)
		}
		if r.Knobs[sel.Option] == sel.Base {
			g.base = append(g.base, r)
		} else {
			g.new = append(g.new, r)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	var todo []*sides
	var todoKeys []sweep.Key
	for _, k := range keys {
		if g := groups[k]; len(g.base) > 0 && len(g.new) > 0 { // else measured for one value only
			g.rec = g.base[0]
			todo = append(todo, g)
			todoKeys = append(todoKeys, k)
		}
	}
	// Benchmarks are independent: compare them on every core. Each result
	// lands at its own index, so the output does not depend on scheduling.
	rows := make([]Row, len(todo))
	errs := make([]error, len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(todo) {
					return
				}
				g, k := todo[i], todoKeys[i]
				rows[i], errs[i] = compareOne(k, g.rec, g.base, g.new, cfg)
				rows[i].Label = strings.Join(append([]string{k.Size}, sel.Extra(g.rec)...), " ")
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// compareOne compares one benchmark, choosing its samples as DESIGN.md says:
// invocation means with ≥ 2 invocations per side; else the repetitions of
// the one invocation; else Welch from mean ± std over the repetitions.
func compareOne(k sweep.Key, rec *sweep.Record, base, nw []*sweep.Record, cfg Config) (Row, error) {
	row := Row{Key: k, Rec: rec, Unit: rec.Unit, Better: rec.Better}
	if row.Unit == "" {
		row.Unit = sweep.DefaultUnit
	}
	if row.Better == 0 {
		row.Better = stats.Better(row.Unit)
	}
	var err error
	nb, nn := invocations(base), invocations(nw)
	row.BaseMean, row.NewMean = meanOf(means(base)), meanOf(means(nw))
	switch {
	case nb >= 2 && nn >= 2:
		row.Kind, row.Base, row.New = SamplesInvocations, means(base), means(nw)
	case hasSamples(base) && hasSamples(nw):
		// Fewer than two invocations on a side, but repetitions known:
		// pool the repetitions of each side's invocations.
		row.Kind = SamplesRepetitions
		row.Base, row.New = repetitions(base), repetitions(nw)
		row.Warnings = append(row.Warnings, fmt.Errorf("%d vs %d invocations: their %d vs %d repetitions are the samples, so run-to-run drift is not covered; run at least 2 invocations per side", nb, nn, len(row.Base), len(row.New)))
	case nb == 1 && nn == 1 && base[0].Reps >= 2 && nw[0].Reps >= 2:
		row.Kind = SamplesSummary
		b := stats.SummaryStats{Mean: base[0].Mean, Std: base[0].Std, N: base[0].Reps}
		n := stats.SummaryStats{Mean: nw[0].Mean, Std: nw[0].Std, N: nw[0].Reps}
		if row.Cmp, err = stats.CompareSummary(b, n, cfg.Stats); err != nil {
			return row, fmt.Errorf("%s: %w", rec.Where, err)
		}
		row.Equiv, _ = stats.TOSTSummary(b, n, cfg.margin(), cfg.alpha())
		row.DeltaLo, row.DeltaHi = stats.DeltaCI(b, n, 0)
		row.Warnings = append(row.Warnings, fmt.Errorf("one invocation per side, only mean ± std known: Welch t-test from mean±sd over %d vs %d repetitions; run-to-run drift is not covered", b.N, n.N))
		row.Warnings = append(row.Warnings, row.Cmp.Warnings...)
		return row, nil
	default:
		row.Kind, row.Base, row.New = SamplesInvocations, means(base), means(nw)
	}
	if row.Cmp, err = stats.Compare(row.Base, row.New, cfg.Stats); err != nil {
		return row, fmt.Errorf("%s: %w", rec.Where, err)
	}
	row.DeltaLo, row.DeltaHi = stats.DeltaCI(stats.SummaryOf(row.Base), stats.SummaryOf(row.New), 0)
	if len(row.Base) >= 2 && len(row.New) >= 2 {
		row.Equiv, _ = stats.TOST(row.Base, row.New, cfg.margin(), cfg.alpha())
	}
	if math.IsNaN(row.Cmp.P) {
		row.Kind = SamplesNone
	}
	row.Warnings = append(row.Warnings, row.Cmp.Warnings...)
	return row, nil
}

// hasSamples reports whether every record of recs has per-repetition
// samples (at least two).
func hasSamples(recs []*sweep.Record) bool {
	for _, r := range recs {
		if len(r.Samples) < 2 {
			return false
		}
	}
	return len(recs) > 0
}

func repetitions(recs []*sweep.Record) []float64 {
	var out []float64
	for _, r := range recs {
		out = append(out, r.Samples...)
	}
	return out
}

// meanOf returns the mean of xs.
func meanOf(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// means returns the invocation means of recs. For a single record with
// Runs it returns the Runs slice itself (read-only, not copied: a compare of
// two benchfmt files holds a million of them).
func means(recs []*sweep.Record) []float64 {
	if len(recs) == 1 && recs[0].Runs != nil {
		return recs[0].Runs
	}
	out := make([]float64, 0, len(recs))
	for _, r := range recs {
		out = r.AppendMeans(out)
	}
	return out
}

func invocations(recs []*sweep.Record) int {
	n := 0
	for _, r := range recs {
		n += r.Invocations()
	}
	return n
}

// buildSignificance compares every benchmark of sel, corrects the p-values,
// decides verdicts and aggregates per model × phase.
func buildSignificance(sel *sweep.Selection, cfg Config) (*Significance, error) {
	cfg.Stats.Cache = stats.NewUCache() // shared by the rows of this sweep
	rows, err := compareRows(sel, cfg)
	if err != nil {
		return nil, err
	}
	cfg.Stats.Cache = nil
	s := &Significance{Config: cfg, Rows: rows}
	ps := make([]float64, len(rows))
	for i := range rows {
		ps[i] = rows[i].Cmp.P
	}
	adj := cfg.Correction.Adjust(ps)
	for i := range rows {
		r := &rows[i]
		r.PAdj = adj[i]
		r.Verdict = stats.Decide(r.Cmp.Delta, r.PAdj, cfg.alpha(), r.Better, r.Equiv.Equivalent)
	}
	if err := s.aggregate(sel, cfg); err != nil {
		return nil, err
	}
	s.Spread = spreads(sel)
	s.Warnings = designWarnings(sel)
	return s, nil
}

func (s *Significance) aggregate(sel *sweep.Selection, cfg Config) error {
	for _, m := range sel.Models {
		for _, p := range sel.Phases {
			var ratios []float64
			a := Aggregate{Model: m, Phase: p}
			for i := range s.Rows {
				r := &s.Rows[i]
				if r.Key.Model != m || r.Key.Phase != p {
					continue
				}
				a.Unit, a.Better = r.Unit, r.Better
				a.Rows++
				switch r.Verdict {
				case stats.Improvement:
					a.Improved++
				case stats.Regression:
					a.Regressed++
				case stats.Equivalent:
					a.Equivalent++
				}
				if x := r.Cmp.Ratio; x > 0 && !math.IsInf(x, 0) {
					ratios = append(ratios, x)
				}
			}
			if len(ratios) == 0 {
				continue
			}
			res, err := stats.Aggregate(ratios, stats.AggConfig{})
			if err != nil {
				return fmt.Errorf("aggregating %s %s: %w", m, p, err)
			}
			a.Res = res
			s.Aggregates = append(s.Aggregates, a)
		}
	}
	ps := make([]float64, len(s.Aggregates))
	for i := range s.Aggregates {
		ps[i] = s.Aggregates[i].Res.P
	}
	adj := cfg.Correction.Adjust(ps)
	for i := range s.Aggregates {
		a := &s.Aggregates[i]
		a.PAdj = adj[i]
		lo, hi := a.Res.Lo-1, a.Res.Hi-1
		m := cfg.margin() / 100
		equiv := !math.IsNaN(lo) && lo > -m && hi < m
		a.Verdict = stats.Decide(a.Res.GeoMean-1, a.PAdj, cfg.alpha(), a.Better, equiv)
	}
	return nil
}
