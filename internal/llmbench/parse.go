package llmbench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A RowError reports a row of an llm_bench table that Parse skipped, or a
// table it could not read, by file and line.
type RowError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// MaxInput is the largest llm_bench output (and sidecar) Parse reads, in
// bytes: llm_bench prints a few KiB per invocation, and Parse holds its
// input in memory.
const MaxInput = 64 << 20

// Parse reads llm_bench's Markdown output from r into records, in the order
// of the file (a llm_demo row gives its prefill record, then its decode
// record). name names the input in messages, Where ("name:line") and
// Invocation ("name"; "name#2", "name#3" … for further tables appended to
// the same file). sidecar is the content of the N_params.json beside the
// file (see SidecarPath), or nil.
//
// Each record has the sidecar's model name when it gives one (the mnn_anal
// database's model_name, e.g. qwen2_5_0_5b) and else the table's model
// column; the knobs of the sidecar's command line (KnobsFromCommand),
// overridden by the table's setting columns (see the package
// documentation) and by n_prompt and n_gen from the test cell; Reps from
// the command's -rep (0 when it has none); Unit "tokens/sec"; and Params,
// the knobs as a JSON object with sorted keys. The caller owns the
// records.
//
// Rows that cannot be used are skipped and returned in skipped, as
// *RowError: a row with fewer or more cells than the header or without its
// closing '|' (cut short), a test cell that is not ppN, tgN or ppN+tgM, a
// speed that is not "mean ± std" with a finite positive mean and a finite
// non-negative std (llm_bench prints "inf ± nan" when a timer reads 0).
//
// err reports empty input ("no results"), a bad sidecar, input without an
// llm_bench table, a table that lacks the model, test or speed column, and
// a table without one usable row (skipped then says why).
func Parse(r io.Reader, name string, sidecar []byte) (recs []sweep.Record, skipped []error, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > MaxInput {
		return nil, nil, fmt.Errorf("%s: llm_bench output longer than %d MiB, the most sweepstat reads", name, MaxInput>>20)
	}
	if len(sidecar) > MaxInput {
		return nil, nil, fmt.Errorf("%s: llm_bench sidecar longer than %d MiB, the most sweepstat reads", SidecarPath(name), MaxInput>>20)
	}
	sc, err := parseSidecar(sidecar, name)
	if err != nil {
		return nil, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, fmt.Errorf("%s: no results", name)
	}
	lines := strings.Split(string(data), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	isHeader := func(i int) bool {
		return isRow(lines[i]) && i+1 < len(lines) && isSeparator(lines[i+1]) && !isSeparator(lines[i])
	}
	tables := 0
	for i := 0; i < len(lines); i++ {
		if !isHeader(i) {
			continue
		}
		tables++
		t, err := newTable(splitCells(lines[i]))
		if err != nil {
			return nil, nil, &RowError{name, i + 1, err}
		}
		p := rowParser{t: t, sc: &sc, file: name, invocation: name}
		if tables > 1 {
			p.invocation = fmt.Sprintf("%s#%d", name, tables)
		}
		j := i + 2
		for ; j < len(lines) && isRow(lines[j]) && !isHeader(j); j++ {
			rs, errs := p.row(lines[j], j+1)
			recs = append(recs, rs...)
			skipped = append(skipped, errs...)
		}
		i = j - 1
	}
	switch {
	case tables == 0:
		return nil, nil, fmt.Errorf("%s: no llm_bench table (a header row naming model, test and t/s, then a |---| row)", name)
	case len(recs) == 0:
		return nil, skipped, fmt.Errorf("%s: no valid result rows in the llm_bench table", name)
	}
	return recs, skipped, nil
}

// rowParser turns the data rows of one table into records.
type rowParser struct {
	t          *table
	sc         *sidecarInfo
	file       string
	invocation string
}

// A result is one speed read from a row.
type result struct {
	phase, size string
	cell        string // "mean ± std"
	what        string // which half of a two-speed cell, for messages
}

// row reads the data row line (1-based line number lineno).
func (p *rowParser) row(line string, lineno int) ([]sweep.Record, []error) {
	bad := func(format string, args ...any) []error {
		return []error{&RowError{p.file, lineno, fmt.Errorf(format, args...)}}
	}
	if !strings.HasSuffix(line, "|") {
		return nil, bad("row is cut short (no closing '|')")
	}
	cells := splitCells(line)
	if len(cells) != p.t.ncol {
		return nil, bad("row has %d cells, the header %d", len(cells), p.t.ncol)
	}
	model := p.sc.model
	if model == "" {
		model = cells[p.t.model]
	}
	if model == "" {
		return nil, bad("empty model name")
	}

	// Knobs: the command's, then the table's setting columns. Where they
	// disagree (threads 4 in the table, -t 1 in the sidecar's command), the
	// table wins: it reports the settings the measurement ran with, while
	// the sidecar is what a runner says it asked for.
	knobs := make(map[string]string, len(p.sc.knobs)+len(p.t.knobs)+2)
	for k, v := range p.sc.knobs {
		knobs[k] = v
	}
	for _, c := range p.t.knobs {
		if v := cells[c.index]; v != "" {
			knobs[c.knob] = knobValue(c.knob, v)
		}
	}

	var results []result
	if p.t.demo >= 0 {
		// llm_demo layout (-kv true): one run of P prompt tokens decoding
		// G tokens; the speed cell holds its prefill and decode speeds.
		m := demoRE().FindStringSubmatch(cells[p.t.demo])
		if m == nil {
			return nil, bad("llm_demo cell %q is not prompt=N<br>decode=M", cells[p.t.demo])
		}
		pre, dec, ok := strings.Cut(cells[p.t.speed], "<br>")
		if !ok {
			return nil, bad("speed(tok/s) cell %q is not prefill<br>decode", cells[p.t.speed])
		}
		knobs[sweep.KnobPrompt], knobs[sweep.KnobGen] = m[1], m[2]
		if _, ok := knobs["kv_cache"]; !ok {
			knobs["kv_cache"] = "true" // llm_bench prints this layout only then
		}
		results = []result{
			{sweep.PhasePrefill, m[1], pre, "prefill speed "},
			{sweep.PhaseDecode, m[2], dec, "decode speed "},
		}
	} else {
		test := cells[p.t.test]
		phase, size, np, ng, ok := parseTest(test)
		if !ok {
			return nil, bad("test %q is not ppN, tgN or ppN+tgM", test)
		}
		// n_prompt and n_gen from the test name win over the command's,
		// which may list several values ("-p 64,128").
		if np != "" {
			knobs[sweep.KnobPrompt] = np
		}
		if ng != "" {
			knobs[sweep.KnobGen] = ng
		}
		col := p.t.ts
		if col < 0 {
			col = p.t.speed
		}
		cell := cells[col]
		if pre, dec, two := strings.Cut(cell, "<br>"); two {
			if phase != sweep.PhaseBoth {
				return nil, bad("two speeds %q for the single test %s", cell, test)
			}
			results = []result{
				{sweep.PhasePrefill, np, pre, "prefill speed "},
				{sweep.PhaseDecode, ng, dec, "decode speed "},
			}
		} else {
			results = []result{{phase, size, cell, ""}}
		}
	}

	params := paramsJSON(knobs)
	var recs []sweep.Record
	var errs []error
	for _, res := range results {
		mean, std, err := parseSpeed(res.cell)
		if err != nil {
			errs = append(errs, &RowError{p.file, lineno, fmt.Errorf("%s%v", res.what, err)})
			continue
		}
		rec := sweep.Record{
			Test:  &sweep.Test{Phase: res.phase, Size: res.size, Unit: sweep.DefaultUnit},
			Case:  &sweep.Case{Origin: &sweep.Origin{Suite: p.sc.suite, Model: model}, Invocation: p.invocation, Knobs: copyKnobs(knobs), Params: params},
			Mean:  mean,
			Std:   std,
			Reps:  sweep.RepsOf(p.sc.reps),
			Where: fmt.Sprintf("%s:%d", p.file, lineno),
		}
		if err := rec.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
	return recs, errs
}

// demoRE and testRE read llm_demo's and llm_bench's test cells, made on
// first use (see flags).
var (
	demoRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^prompt=(\d+)<br>decode=(\d+)$`) })
	testRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:pp(\d+))?(\+)?(?:tg(\d+))?$`) })
)

// parseTest reads a test cell: ppP (prefill of P tokens), tgG (decode of
// G tokens) or ppP+tgG (both, timed together). It returns the phase, the
// size ("P", "G" or "P+G") and the token counts it names.
func parseTest(s string) (phase, size, np, ng string, ok bool) {
	m := testRE().FindStringSubmatch(s)
	if m == nil {
		return "", "", "", "", false
	}
	switch {
	case m[1] != "" && m[2] == "" && m[3] == "":
		return sweep.PhasePrefill, m[1], m[1], "", true
	case m[1] == "" && m[2] == "" && m[3] != "":
		return sweep.PhaseDecode, m[3], "", m[3], true
	case m[1] != "" && m[2] != "" && m[3] != "":
		return sweep.PhaseBoth, m[1] + "+" + m[3], m[1], m[3], true
	}
	return "", "", "", "", false
}

// parseSpeed reads a "mean ± std" cell, as llm_bench prints it with
// "%.2f ± %.2f". The mean must be finite and positive, the std finite and
// not negative.
func parseSpeed(cell string) (mean, std float64, err error) {
	ms, ss, ok := strings.Cut(cell, "±")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not mean ± std", cell)
	}
	mean, err1 := strconv.ParseFloat(strings.TrimSpace(ms), 64)
	std, err2 := strconv.ParseFloat(strings.TrimSpace(ss), 64)
	switch {
	case err1 != nil || err2 != nil:
		return 0, 0, fmt.Errorf("%q is not mean ± std", cell)
	case math.IsNaN(mean) || math.IsInf(mean, 0) || math.IsNaN(std) || math.IsInf(std, 0):
		return 0, 0, fmt.Errorf("%q is not a finite speed", cell)
	case mean <= 0:
		return 0, 0, fmt.Errorf("%q: mean is not positive", cell)
	case std < 0:
		return 0, 0, fmt.Errorf("%q: std is negative", cell)
	}
	return mean, std, nil
}

// paramsJSON renders knobs as a JSON object with sorted keys and string
// values, as the source wrote them.
func paramsJSON(knobs map[string]string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(knobs) // a map of strings always encodes (invalid UTF-8 becomes U+FFFD)
	return strings.TrimSuffix(b.String(), "\n")
}

func copyKnobs(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
