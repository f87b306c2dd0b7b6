package analysis

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Sample kinds: what a row's samples are.
const (
	SamplesInvocations = result.SamplesInvocations // one sample per invocation: its mean
	SamplesRepetitions = result.SamplesRepetitions // one invocation per side: its repetitions
	SamplesSummary     = result.SamplesSummary     // one invocation per side: mean ± std over n repetitions
	SamplesNone        = result.SamplesNone        // nothing to test
)

// A Row is the comparison of one benchmark.
type Row struct {
	Key    sweep.Key
	Value  string        // the new value compared with the base
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
	// Identical: both sides constant and equal.
	Identical   bool
	Verdict     stats.Verdict
	Significant bool   // PAdj ≤ alpha
	Design      string // result.DesignConfounded when a design finding concerns the row's model
	Warnings    []error
}

// An Aggregate summarizes one model × phase over its benchmarks.
type Aggregate struct {
	Model, Phase, Unit string
	Value              string // the new value
	Better             int
	Res                stats.AggregateResult
	PAdj               float64 // adjusted across the aggregates of the sweep
	Verdict            stats.Verdict
	Significant        bool
	Design             string
	Counts             result.Counts // verdicts of its rows
	Improved           int           // rows with verdict improvement
	Regressed          int           // rows with verdict regression
	Equivalent         int
	Rows               int
	// OneInvocation: every row was tested on one invocation per side.
	OneInvocation bool
}

// Significance is the statistical comparison of a selection.
type Significance struct {
	Config     Config
	Rows       []Row            // ordered by Key; nil when built by BuildComparison
	Aggregates []Aggregate      // ordered by model, phase
	Spread     []Spread         // between- vs within-invocation noise
	Findings   []result.Finding // design flaws: the option confounded with run order or session
}

// rowFigures are the numbers of a Row that its verdict and its
// aggregate are computed from, beside its result.Row (whose Model,
// Phase, NewValue, Unit and Samples are the Row's Key.Model, Key.Phase,
// Value, Unit and Kind).
type rowFigures struct {
	p, delta, ratio       float64 // Cmp.P, Cmp.Delta, Cmp.Ratio
	better                int8    // Better
	equivalent, identical bool    // Equiv.Equivalent, Identical
}

// compared is what compareRows returns: the result row (Row.model) and
// figures of every benchmark, made as each is compared, and the Rows
// themselves when asked to keep them (without them, out and figs are
// all that a comparison keeps of a benchmark).
type compared struct {
	rows []Row
	out  []result.Row
	figs []rowFigures
}

// compareRows compares every benchmark of sel; keep says whether the
// Rows are kept (else only their result rows and figures are: about a
// third of the memory, for a comparison that is only rendered).
func compareRows(sel *sweep.Selection, cfg Config, keep bool) (compared, error) {
	// A job is a benchmark (an index into the keys) and a new value (an
	// index into news) to compare, and its row's label: small, as there
	// are as many as rows.
	type job struct {
		key, value int32
		label      string
	}
	// The records of each benchmark and value (slot 0 the base, then each
	// new value), in source order, as slices of one array: counted, then
	// placed. Benchmarks are indices into the selection's keys
	// (sweep.Selection.KeyIndex), in order of first appearance.
	recKeys, tab := sel.KeyIndex()
	news := sel.NewValues()
	slots := len(news) + 1
	slotOf := func(v string) int32 {
		if v == sel.Base {
			return 0
		}
		for j, n := range news {
			if v == n {
				return int32(j + 1)
			}
		}
		return -1 // neither: compared with nothing
	}
	slot := make([]int32, len(sel.Records))
	start := make([]int32, len(tab)*slots+1)
	for i := range sel.Records {
		s := slotOf(sel.Records[i].Knobs[sel.Option])
		slot[i] = s
		if s >= 0 {
			start[int(recKeys[i])*slots+int(s)+1]++
		}
	}
	for c := 1; c < len(start); c++ {
		start[c] += start[c-1]
	}
	all := make([]*sweep.Record, start[len(start)-1])
	fill := slices.Clone(start[:len(start)-1])
	for i := range sel.Records {
		if s := slot[i]; s >= 0 {
			c := int(recKeys[i])*slots + int(s)
			all[fill[c]] = &sel.Records[i]
			fill[c]++
		}
	}
	group := func(k, s int) []*sweep.Record {
		c := k*slots + s
		return all[start[c]:start[c+1]:start[c+1]]
	}
	keys := make([]int, len(tab))
	for i := range keys {
		keys[i] = i
	}
	sortKeys(keys, tab)
	labels := labeler{sel: sel}
	todo := make([]job, 0, len(tab)*len(news)) // at most: each benchmark measured for every value
	for _, k := range keys {
		base := group(k, 0)
		if len(base) == 0 {
			continue // measured for new values only
		}
		for j := range news {
			if len(group(k, j+1)) > 0 { // else measured for one value only
				todo = append(todo, job{key: int32(k), value: int32(j), label: labels.label(tab[k].Size, base[0])})
			}
		}
	}
	// Benchmarks are independent: compare them on every core. Each result
	// lands at its own index, so the output does not depend on scheduling.
	res := compared{out: make([]result.Row, len(todo)), figs: make([]rowFigures, len(todo))}
	if keep {
		res.rows = make([]Row, len(todo))
	}
	// The error of the first failing benchmark in row order, whichever
	// worker meets it first (not one error per row: 16 bytes each).
	var errMu sync.Mutex
	errAt, firstErr := len(todo), error(nil)
	cache := stats.NewUCache() // benchmarks share their sample sizes: one U distribution each
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
				g := &todo[i]
				k := int(g.key)
				base := group(k, 0)
				row, err := safeCompare(tab[k], g.label, base[0], base, group(k, int(g.value)+1), cfg, cache)
				if err != nil {
					errMu.Lock()
					if i < errAt {
						errAt, firstErr = i, err
					}
					errMu.Unlock()
					continue
				}
				row.Label, row.Value = g.label, news[g.value]
				res.out[i] = row.model() // PAdj, Verdict, Significant and Design follow (decide)
				res.figs[i] = rowFigures{p: row.Cmp.P, delta: row.Cmp.Delta, ratio: row.Cmp.Ratio, better: int8(row.Better),
					equivalent: row.Equiv.Equivalent, identical: row.Identical}
				if keep {
					res.rows[i] = row
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return compared{}, firstErr
	}
	return res, nil
}

// sortKeys sorts the indices keys of tab stably by sweep.Key.Less, each
// size parsed as a number once (Less parses both sizes at every
// comparison that reaches them, and a size that is no number is an error
// allocated each time).
func sortKeys(keys []int, tab []sweep.Key) {
	type num struct {
		f  float64
		ok bool
	}
	nums := make([]num, len(tab))
	for i := range tab {
		f, err := strconv.ParseFloat(tab[i].Size, 64) // sweep.LessValue's parseNumber
		nums[i] = num{f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		ka, kb := &tab[a], &tab[b]
		if ka.Model != kb.Model || ka.Phase != kb.Phase || ka.Size == kb.Size {
			return ka.Less(*kb) // decided before the sizes, or by what follows them
		}
		na, nb := nums[a], nums[b]
		switch { // sweep.LessValue(ka.Size, kb.Size)
		case na.ok && nb.ok:
			if na.f != nb.f {
				return na.f < nb.f
			}
			return ka.Size < kb.Size
		case na.ok:
			return true
		case nb.ok:
			return false
		}
		return ka.Size < kb.Size
	})
}

// A labeler makes the rows' labels: the size plus the knobs that vary in
// the task (sweep.Selection.Extra), those found once per knob map and
// phase (records share their knob maps: one per file, case or knob set).
type labeler struct {
	sel   *sweep.Selection
	extra map[labelKey][]string
}

type labelKey struct {
	knobs unsafe.Pointer // the map's identity
	phase string
}

func (l *labeler) label(size string, rec *sweep.Record) string {
	if l.extra == nil {
		l.extra = map[labelKey][]string{}
	}
	k := labelKey{*(*unsafe.Pointer)(unsafe.Pointer(&rec.Knobs)), rec.Phase}
	extra, ok := l.extra[k]
	if !ok {
		extra = l.sel.Extra(rec)
		l.extra[k] = extra
	}
	if len(extra) == 0 {
		return size
	}
	return strings.Join(append([]string{size}, extra...), " ")
}

// safeCompare is compareOne with a panic turned into an error naming the
// benchmark: a worker that dies must not let the others, or the caller,
// go on as if its row were fine.
func safeCompare(k sweep.Key, label string, rec *sweep.Record, base, nw []*sweep.Record, cfg Config, cache *stats.UCache) (row Row, err error) {
	defer func() {
		if p := recover(); p != nil {
			row, err = Row{}, fmt.Errorf("comparing benchmark %s %s %s: internal error: %v", k.Model, k.Phase, label, p)
		}
	}()
	return compareOne(k, rec, base, nw, cfg, cache)
}

// compareOne compares one benchmark, choosing its samples as DESIGN.md says:
// invocation means with ≥ 2 invocations per side; else the repetitions of
// the one invocation; else Welch from mean ± std over the repetitions.
// cache (nil: none) memoizes the U distributions.
func compareOne(k sweep.Key, rec *sweep.Record, base, nw []*sweep.Record, cfg Config, cache *stats.UCache) (Row, error) {
	row := Row{Key: k, Rec: rec, Unit: rec.Unit, Better: int(rec.Better)}
	if row.Unit == "" {
		row.Unit = sweep.DefaultUnit
	}
	if row.Better == 0 {
		row.Better = stats.Better(row.Unit)
	}
	if row.Better == 0 {
		row.Warnings = append(row.Warnings, fmt.Errorf("unit %q has no known direction: no verdict; say which way is better with the benchmark-format line \"Unit %s better=higher\" (or better=lower)", row.Unit, row.Unit))
	}
	sc := cfg.statsConfig()
	sc.Cache = cache
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
		b := stats.SummaryStats{Mean: base[0].Mean, Std: base[0].Std, N: int(base[0].Reps)}
		n := stats.SummaryStats{Mean: nw[0].Mean, Std: nw[0].Std, N: int(nw[0].Reps)}
		sc.Resolution = stats.Resolution([]float64{b.Mean, n.Mean, b.Std, n.Std})
		if row.Cmp, err = stats.CompareSummary(b, n, sc); err != nil {
			return row, fmt.Errorf("%s: %w", rec.Location(), err)
		}
		row.Identical = b.Std == 0 && n.Std == 0 && b.Mean == n.Mean
		row.Equiv, _ = stats.TOSTSummary(b, n, cfg.MarginPct, cfg.Alpha)
		row.DeltaLo, row.DeltaHi = stats.DeltaCIFloor(b, n, cfg.Confidence, sc.Resolution)
		row.Warnings = append(row.Warnings, fmt.Errorf("one invocation per side, only mean ± std known: Welch t-test from mean±sd over %d vs %d repetitions; run-to-run drift is not covered", b.N, n.N))
		row.Warnings = append(row.Warnings, row.Cmp.Warnings...)
		return row, nil
	default:
		row.Kind, row.Base, row.New = SamplesInvocations, means(base), means(nw)
	}
	sc.Resolution = stats.Resolution(row.Base, row.New)
	row.Equiv = stats.Equivalence{P: math.NaN()}
	if len(row.Base) >= 2 && len(row.New) >= 2 {
		// The test and TOSTFloor's equivalence test, from one sorted copy.
		row.Cmp, row.Equiv, err = stats.CompareTOST(row.Base, row.New, sc, cfg.MarginPct, cfg.Alpha)
		row.Identical = constantEqual(row.Base, row.New)
	} else {
		row.Cmp, err = stats.Compare(row.Base, row.New, sc)
	}
	if err != nil {
		return row, fmt.Errorf("%s: %w", rec.Location(), err)
	}
	row.DeltaLo, row.DeltaHi = stats.DeltaCIFloor(stats.SummaryOf(row.Base), stats.SummaryOf(row.New), cfg.Confidence, sc.Resolution)
	if math.IsNaN(row.Cmp.P) {
		row.Kind = SamplesNone
	}
	row.Warnings = append(row.Warnings, row.Cmp.Warnings...)
	return row, nil
}

// constantEqual reports whether every value of a and b is the same.
func constantEqual(a, b []float64) bool {
	for _, x := range a {
		if x != a[0] {
			return false
		}
	}
	for _, x := range b {
		if x != a[0] {
			return false
		}
	}
	return true
}

// hasSamples reports whether every record of recs has per-repetition
// samples (at least two).
func hasSamples(recs []*sweep.Record) bool {
	for _, r := range recs {
		if len(r.Samples()) < 2 {
			return false
		}
	}
	return len(recs) > 0
}

func repetitions(recs []*sweep.Record) []float64 {
	var out []float64
	for _, r := range recs {
		out = append(out, r.Samples()...)
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
	if len(recs) == 1 && recs[0].Folded {
		return recs[0].Runs()
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
// decides verdicts, aggregates per model × phase and marks what the design
// confounds. keep says whether the Rows are kept (see compareRows); the
// result rows are returned either way, in the order of the Rows.
func buildSignificance(sel *sweep.Selection, cfg Config, keep bool) (*Significance, []result.Row, error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	c, err := compareRows(sel, cfg, keep)
	if err != nil {
		return nil, nil, err
	}
	s := &Significance{Config: cfg, Rows: c.rows}
	s.Findings = designFindings(sel)
	confounded := confoundedPairs(s.Findings, sel.Base)
	s.decide(&c, cfg, confounded)
	if err := s.aggregate(&c, sel, cfg, confounded); err != nil {
		return nil, nil, err
	}
	s.Spread = spreads(sel)
	return s, c.out, nil
}

// decide corrects the rows' p-values over all of them and decides their
// verdicts, in the result rows and in the Rows when kept.
func (s *Significance) decide(c *compared, cfg Config, confounded pairSet) {
	ps := make([]float64, len(c.figs))
	for i := range c.figs {
		ps[i] = c.figs[i].p
	}
	adj := cfg.Correction.Adjust(ps)
	for i := range c.out {
		f, out := &c.figs[i], &c.out[i]
		verdict, significant := stats.Decide(stats.Decision{Delta: f.delta, PAdj: adj[i], Alpha: cfg.Alpha,
			Better: int(f.better), Equivalent: f.equivalent, Identical: f.identical,
			OneInvocation: out.Samples == SamplesRepetitions || out.Samples == SamplesSummary})
		design := ""
		if confounded.has(out.Model, out.NewValue) {
			design = result.DesignConfounded
		}
		out.PAdjusted, out.Verdict, out.Significant, out.Design = num(adj[i]), verdict, significant, design
		if s.Rows != nil {
			r := &s.Rows[i]
			r.PAdj, r.Verdict, r.Significant, r.Design = adj[i], verdict, significant, design
		}
	}
}

func (s *Significance) aggregate(c *compared, sel *sweep.Selection, cfg Config, confounded pairSet) error {
	byGroup := map[[3]string][]int32{} // rows by model, phase, new value: one pass
	for i := range c.out {
		r := &c.out[i]
		k := [3]string{r.Model, r.Phase, r.NewValue}
		byGroup[k] = append(byGroup[k], int32(i))
	}
	for _, m := range sel.Models {
		for _, p := range sel.Phases {
			for _, v := range sel.NewValues() {
				if err := s.aggregateOne(c, m, p, v, byGroup[[3]string{m, p, v}], cfg, confounded); err != nil {
					return err
				}
			}
		}
	}
	return s.decideAggregates(cfg)
}

// aggregateOne appends the aggregate of model m, phase p and new value v
// over its rows (indices into c's), if any of them has a ratio.
func (s *Significance) aggregateOne(c *compared, m, p, v string, rows []int32, cfg Config, confounded pairSet) error {
	var ratios []float64
	a := Aggregate{Model: m, Phase: p, Value: v, OneInvocation: true}
	for _, i := range rows {
		r, f := &c.out[i], &c.figs[i]
		a.Unit, a.Better = r.Unit, int(f.better)
		a.Rows++
		a.Counts.Add(r.Verdict)
		if r.Samples == SamplesInvocations {
			a.OneInvocation = false
		}
		if x := f.ratio; x > 0 && !math.IsInf(x, 0) {
			ratios = append(ratios, x)
		}
	}
	if len(ratios) == 0 {
		return nil
	}
	a.Improved, a.Regressed, a.Equivalent = a.Counts.Improvement, a.Counts.Regression, a.Counts.Equivalent
	res, err := stats.Aggregate(ratios, stats.AggConfig{Confidence: cfg.Confidence})
	if err != nil {
		return fmt.Errorf("aggregating %s %s: %w", m, p, err)
	}
	a.Res = res
	if confounded.has(m, v) {
		a.Design = result.DesignConfounded
	}
	s.Aggregates = append(s.Aggregates, a)
	return nil
}

// decideAggregates corrects the aggregates' p-values over all of them and
// decides their verdicts.
func (s *Significance) decideAggregates(cfg Config) error {
	ps := make([]float64, len(s.Aggregates))
	for i := range s.Aggregates {
		ps[i] = s.Aggregates[i].Res.P
	}
	adj := cfg.Correction.Adjust(ps)
	for i := range s.Aggregates {
		a := &s.Aggregates[i]
		a.PAdj = adj[i]
		lo, hi := a.Res.Lo-1, a.Res.Hi-1
		m := cfg.MarginPct / 100
		equiv := !math.IsNaN(lo) && lo > -m && hi < m
		a.Verdict, a.Significant = stats.Decide(stats.Decision{Delta: a.Res.GeoMean - 1, PAdj: a.PAdj, Alpha: cfg.Alpha,
			Better: a.Better, Equivalent: equiv, OneInvocation: a.OneInvocation})
	}
	return nil
}
