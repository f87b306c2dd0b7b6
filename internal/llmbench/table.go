package llmbench

import (
	"fmt"
	"strings"
)

// Column headers that llm_bench prints (lower case, for lookup).
const (
	colModel   = "model"
	colTest    = "test"
	colTS      = "t/s"
	colDemo    = "llm_demo"
	colSpeed   = "speed(tok/s)"
	colLoading = "loadingtime(s)"
)

// knobColumns maps the headers of the setting columns llm_bench prints (in
// lower case) to knob names: the names of the mnn_anal database where it
// has one (model_size, mmap), else the header as the source spells it.
var knobColumns = map[string]string{
	"modelsize":             "model_size",
	"backend":               "backend",
	"threads":               "threads",
	"precision":             "precision",
	"memory":                "memory",
	"power":                 "power",
	"dynamicoption":         "dynamicOption",
	"divisionratiosme2neon": "divisionRatioSme2Neon",
	"quantattention":        "quantAttention",
	"smecorenum":            "smeCoreNum",
	"mmap":                  "mmap", // the display name of the useMmap field
	"usemmap":               "mmap",
	"ptype":                 "pType",
}

// levelCodes inverts llm_bench's rendering of precision, memory and power
// (2 → Low, 0 → Normal, any other value → High) to the numbers that -c,
// --memory and --power take and that the mnn_anal database stores.
var levelCodes = map[string]string{"low": "2", "normal": "0", "high": "1"}

// knobValue turns a table cell into the spelling the command line uses,
// so that a table column and its flag agree: precision Low → 2, mmap true
// → 1. Other values are kept as printed.
func knobValue(knob, cell string) string {
	switch knob {
	case "precision", "memory", "power":
		if v, ok := levelCodes[strings.ToLower(cell)]; ok {
			return v
		}
	case "mmap":
		switch strings.ToLower(cell) {
		case "true":
			return "1"
		case "false":
			return "0"
		}
	}
	return cell
}

// A table is the header of one llm_bench table.
type table struct {
	ncol  int
	model int // column index, -1 when absent
	test  int
	ts    int
	demo  int
	speed int
	knobs []knobColumn
}

type knobColumn struct {
	index int
	knob  string
}

// newTable reads a header row. It reports missing required columns: model,
// and either test with t/s or speed(tok/s), or llm_demo with speed(tok/s).
func newTable(header []string) (*table, error) {
	t := &table{ncol: len(header), model: -1, test: -1, ts: -1, demo: -1, speed: -1}
	for i, h := range header {
		lh := strings.ToLower(h)
		switch lh {
		case colModel:
			t.model = first(t.model, i)
		case colTest:
			t.test = first(t.test, i)
		case colTS:
			t.ts = first(t.ts, i)
		case colDemo:
			t.demo = first(t.demo, i)
		case colSpeed:
			t.speed = first(t.speed, i)
		case colLoading, "":
			// loadingTime(s) is a measurement of its own (seconds to load
			// the model), not a setting; it is not read.
		default:
			k, ok := knobColumns[lh]
			if !ok {
				k = h // an extra column: a knob under its own name
			}
			t.knobs = append(t.knobs, knobColumn{i, k})
		}
	}
	var missing []string
	if t.model < 0 {
		missing = append(missing, `"model"`)
	}
	switch {
	case t.demo >= 0:
		if t.speed < 0 {
			missing = append(missing, `"speed(tok/s)"`)
		}
	case t.test < 0:
		missing = append(missing, `"test" (or "llm_demo")`)
		fallthrough
	default:
		if t.ts < 0 && t.speed < 0 {
			missing = append(missing, `"t/s" (or "speed(tok/s)")`)
		}
	}
	if missing != nil {
		return nil, fmt.Errorf("llm_bench table has no %s column", strings.Join(missing, ", no "))
	}
	return t, nil
}

func first(old, i int) int {
	if old >= 0 {
		return old
	}
	return i
}

// isRow reports whether line (trimmed) is a table row.
func isRow(line string) bool { return strings.HasPrefix(line, "|") }

// isSeparator reports whether line is a Markdown header separator row,
// such as "| ---: | --- | :-: |".
func isSeparator(line string) bool {
	if !isRow(line) {
		return false
	}
	cells := splitCells(line)
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		c = strings.TrimSuffix(strings.TrimPrefix(c, ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// splitCells returns the trimmed cells of a row: the text between '|'s,
// without the outer ones.
func splitCells(line string) []string {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	cells := strings.Split(s, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}
