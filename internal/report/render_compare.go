package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
	"github.com/sweepstat/sweepstat/internal/safename"
)

// SignificanceColumns are the columns of the significance CSV, one row per
// benchmark: the columns DESIGN.md fixes first, in that order, then how
// each row was tested.
var SignificanceColumns = []string{"model", "test", "size", "unit", "base_value", "new_value", "n_base", "n_new",
	"base_center", "base_ci_low", "base_ci_high", "new_center", "new_ci_low", "new_ci_high",
	"delta_pct", "p_value", "p_adjusted", "verdict",
	"phase", "method", "center", "interval", "samples", "change_ci_low", "change_ci_high", "tost_p", "significant", "design"}

// SignificanceCSV writes one row per benchmark of c with raw,
// full-precision numbers (empty cells where a number is undefined, e.g.
// the p-value of a benchmark with one sample per side). test and phase
// both hold the phase (test for compatibility with the first version).
func SignificanceCSV(w io.Writer, c *result.Comparison) error {
	cw := csv.NewWriter(w)
	cw.Write(SignificanceColumns)
	for i := range c.Rows {
		r := &c.Rows[i]
		cw.Write([]string{csvText(r.Model), csvText(r.Phase), csvText(r.Size), csvText(r.Unit),
			csvText(c.Base), csvText(r.NewValue), strconv.Itoa(r.Base.N), strconv.Itoa(r.New.N),
			csvNumOf(r.Base.Center), csvNumOf(r.Base.Lo), csvNumOf(r.Base.Hi),
			csvNumOf(r.New.Center), csvNumOf(r.New.Lo), csvNumOf(r.New.Hi),
			csvNumOf(r.DeltaPct), csvNumOf(r.P), csvNumOf(r.PAdjusted), string(r.Verdict),
			csvText(r.Phase), r.Method, r.Center, r.Interval, r.Samples,
			csvNumOf(r.ChangeCILow), csvNumOf(r.ChangeCIHigh), csvNumOf(r.TOSTP),
			strconv.FormatBool(r.Significant), r.Design})
	}
	cw.Flush()
	return cw.Error()
}

// csvNumOf is csvOptNum of a Num.
func csvNumOf(x result.Num) string {
	if !x.Valid() {
		return ""
	}
	return csvNum(float64(x))
}

// Text writes c as an aligned plain-text table in the manner of benchstat,
// in lang: the design findings first, then the benchmarks, the aggregates
// and the notes.
func Text(w io.Writer, c *result.Comparison, lang Lang) error {
	if lang == "" {
		lang = Chinese
	}
	bw := bufio.NewWriter(w)
	designText(bw, c.Design, c.Option, lang)
	st := lang.sig()
	s := c.Settings
	fmt.Fprintf(bw, st.textHeader+"\n\n", textCell(c.Source), textCell(c.Task), textCell(c.Option), textCell(c.Base),
		textCell(strings.Join(c.NewValues, ", ")), st.correction[s.Correction], len(c.Rows), s.Alpha, s.MarginPct)
	modelsText(bw, c)
	if len(c.Rows) == 0 {
		fmt.Fprintln(bw, st.noRows)
		return bw.Flush()
	}
	var fn notes
	switch {
	case len(c.NewValues) > 1:
		textNWay(bw, c, st, &fn, lang)
	case allGoBenchmarks(c):
		textBenchstat(bw, c, st, &fn, lang)
	default:
		textPair(bw, c, st, &fn, lang)
	}
	fmt.Fprintln(bw)
	tw := NewTextTable(bw)
	valueCol := ""
	if len(c.NewValues) > 1 {
		valueCol = textCell(c.Option) + "\t"
	}
	if len(c.Aggregates) > 0 {
		fmt.Fprintln(bw, st.aggTitle)
	}
	fmt.Fprintln(tw, strings.ReplaceAll(fmt.Sprintf(st.aggCols, valueCol), "|", "\t"))
	for i := range c.Aggregates {
		g := &c.Aggregates[i]
		if i == 0 || g.Model != c.Aggregates[i-1].Model {
			tw.Heading(fmt.Sprintf(st.modelHeading, textCell(g.Model)))
		}
		v := ""
		if valueCol != "" {
			v = textCell(g.NewValue) + "\t"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%d\t%s%s\t%s\n", textCell(g.Phase), v,
			changeInterval(g.DeltaPct, g.ChangeCILow, g.ChangeCIHigh), pnum(g.P), pnum(g.PAdjusted), g.Benchmarks,
			st.method[g.Method], fn.ref(notesIn(g.Notes, lang)), verdictCell(st, g.Verdict, g.Design))
	}
	tw.Flush()
	fmt.Fprintf(bw, "\n%s\n", st.legendText)
	for _, w := range c.Warnings {
		fmt.Fprintf(bw, "%s%s\n", st.warning, textCell(w))
	}
	for i, msg := range fn.list {
		fmt.Fprintf(bw, "[%d] %s\n", i+1, textCell(msg))
	}
	return bw.Flush()
}

// modelsText writes, for the models with knobs of their own, one line
// each: "model: k=v k=v", then a blank line.
// A line longer than 120 columns is wrapped between knobs, the rest
// indented by four spaces.
func modelsText(w io.Writer, c *result.Comparison) {
	any := false
	for _, m := range c.Models {
		if len(m.Knobs) == 0 {
			continue
		}
		line, onLine := textCell(m.Name)+":", 0
		for _, k := range m.Knobs {
			k = textCell(k)
			if onLine > 0 && safename.Width(line)+1+safename.Width(k) > 120 {
				fmt.Fprintln(w, line)
				line, onLine = "   ", 0
			}
			line += " " + k
			onLine++
		}
		fmt.Fprintln(w, line)
		any = true
	}
	if any {
		fmt.Fprintln(w)
	}
}

// textPair writes the benchmark table of a comparison of two values.
func textPair(w io.Writer, c *result.Comparison, st *sigText, fn *notes, lang Lang) {
	tw := NewTextTable(w)
	fmt.Fprintln(tw, strings.ReplaceAll(fmt.Sprintf(st.textCols, valueHead(c, c.Base), valueHead(c, c.New)), "|", "\t"))
	for i := range c.Rows {
		r := &c.Rows[i]
		if i == 0 || r.Model != c.Rows[i-1].Model {
			tw.Heading(fmt.Sprintf(st.modelHeading, textCell(r.Model)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n", textCell(r.Phase), textCell(r.Size),
			sideCellUnit(r.Base, r.Interval, goUnit(r)), sideCellUnit(r.New, r.Interval, goUnit(r)), deltaCell(r), pnum(r.PAdjusted),
			st.method[r.Method], fn.ref(notesIn(r.Notes, lang)), verdictCell(st, r.Verdict, r.Design))
	}
	tw.Flush()
}

// textNWay writes the benchmark table of a comparison of several new
// values with the base in benchstat's layout: one row per benchmark, the
// base, then for each new value its center, its change against the base
// and its verdict (the rows of the model, which are per benchmark and
// value, are grouped by benchmark in their order).
func textNWay(w io.Writer, c *result.Comparison, st *sigText, fn *notes, lang Lang) {
	tw := NewTextTable(w)
	head := strings.ReplaceAll(fmt.Sprintf(st.textNWayCols, valueHead(c, c.Base)), "|", "\t")
	cols := strings.Split(st.textCols, "|")
	vsBase, verdict := cols[4], cols[7]
	col := map[string]int{}
	for i, v := range c.NewValues {
		col[v] = i
		head += fmt.Sprintf("\t%s\t%s\t%s", valueHead(c, v), vsBase, verdict)
	}
	fmt.Fprintln(tw, head)
	for i := 0; i < len(c.Rows); {
		r := &c.Rows[i]
		cells := make([]string, 3*len(c.NewValues))
		for k := range cells {
			cells[k] = "-"
		}
		j := i
		for ; j < len(c.Rows) && sameBenchmark(&c.Rows[j], r); j++ {
			x := &c.Rows[j]
			k := 3 * col[x.NewValue]
			cells[k], cells[k+1], cells[k+2] = sideCellUnit(x.New, x.Interval, goUnit(x)), deltaCell(x)+fn.ref(notesIn(x.Notes, lang)), verdictCell(st, x.Verdict, x.Design)
		}
		if i == 0 || r.Model != c.Rows[i-1].Model {
			tw.Heading(fmt.Sprintf(st.modelHeading, textCell(r.Model)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", textCell(r.Phase), textCell(r.Size),
			sideCellUnit(r.Base, r.Interval, goUnit(r)), strings.Join(cells, "\t"))
		i = j
	}
	tw.Flush()
}

// allGoBenchmarks reports whether every row comes from Go benchmark files.
func allGoBenchmarks(c *result.Comparison) bool {
	for i := range c.Rows {
		if goUnit(&c.Rows[i]) == "" {
			return false
		}
	}
	return len(c.Rows) > 0
}

// textBenchstat writes rows of Go benchmark files as benchstat does: one
// table per unit, its name in the header, a row per benchmark named in
// full, values scaled with SI prefixes, and the geometric mean last.
func textBenchstat(w io.Writer, c *result.Comparison, st *sigText, fn *notes, lang Lang) {
	cols := strings.Split(st.textCols, "|")
	var units []string
	seen := map[string]bool{}
	for _, r := range c.Rows {
		if !seen[r.Unit] {
			seen[r.Unit] = true
			units = append(units, r.Unit)
		}
	}
	for ui, unit := range units {
		if ui > 0 {
			fmt.Fprintln(w)
		}
		tw := NewTextTable(w)
		fmt.Fprintf(tw, "\t%s\t%s\t\t\t\t\n", textCell(c.Base), textCell(c.New))
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", st.nameCol, textCell(unit), textCell(unit), cols[4], cols[5], cols[6], cols[7])
		pkg := ""
		for i := range c.Rows {
			r := &c.Rows[i]
			if r.Unit != unit {
				continue
			}
			if r.Model != pkg && r.Model != "benchmarks" {
				fmt.Fprintf(tw, "pkg: %s\t\t\t\t\t\t\n", textCell(r.Model))
			}
			pkg = r.Model
			tw.Row(textCell(r.Size), sideCellUnit(r.Base, r.Interval, unit), sideCellUnit(r.New, r.Interval, unit),
				deltaCell(r), pnum(r.PAdjusted), st.method[r.Method]+fn.ref(notesIn(r.Notes, lang)), verdictCell(st, r.Verdict, r.Design))
		}
		tw.Flush()
	}
}

// valueHead heads the column of option value v: "option=v", or v alone
// when that would be wider than 16 columns (the title line names the
// option; a build hash or a file name makes a wide head for narrow
// numbers).
func valueHead(c *result.Comparison, v string) string {
	if h := textCell(c.Option) + "=" + textCell(v); safename.Width(h) <= 16 {
		return h
	}
	return textCell(v)
}

func sameBenchmark(a, b *result.Row) bool {
	return a.Model == b.Model && a.Phase == b.Phase && a.Size == b.Size && a.Unit == b.Unit
}

// verdictCell names a verdict, marked when the design confounds it.
func verdictCell(st *sigText, v result.Verdict, design string) string {
	if design == result.DesignConfounded {
		return st.verdict[v] + " " + st.confoundedMark
	}
	return st.verdict[v]
}

// textCell makes text from the data safe on a terminal and in one table
// cell: white space runs become one space, and control characters
// (terminal escapes among them) and invalid UTF-8 are shown quoted.
func textCell(s string) string {
	if plainCell(s) {
		return s // what escapedCell makes of it: nothing to change, nothing to copy
	}
	return escapedCell(s)
}

// escapedCell is textCell without the shortcut for plain text.
func escapedCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\uFFFD' && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainCell reports whether s is printable ASCII with single spaces
// between words and none around them: text textCell returns as it is.
func plainCell(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case b < 0x21 || b > 0x7e:
			return false
		}
	}
	return true
}

// JSON writes c as one JSON document (the schema of README.md, "JSON
// output"): the model itself, NaN as null.
func JSON(w io.Writer, c *result.Comparison) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}
