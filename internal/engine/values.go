package engine

import (
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// sameValue reports whether an asked knob value and the value an engine
// echoed mean the same: equal numbers ("4" and "4.0"), equal truth values
// ("1", "true", "on" …), or equal text ignoring case and surrounding blanks.
func sameValue(asked, echoed string) bool {
	a, e := strings.TrimSpace(asked), strings.TrimSpace(echoed)
	if fa, ok := number(a); ok {
		if fe, ok := number(e); ok {
			return fa == fe
		}
	}
	if ba, ok := truth(a); ok {
		if be, ok := truth(e); ok {
			return ba == be
		}
	}
	return strings.EqualFold(a, e)
}

// number parses a finite number.
func number(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// truth parses a truth value as llama.cpp's and MNN's flags take them.
func truth(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "on", "yes", "enabled":
		return true, true
	case "0", "false", "off", "no", "disabled":
		return false, true
	}
	return false, false
}

// tristate normalizes llama-bench's flash_attn: 1 (on, true), 0 (off,
// false) or -1 (auto); ok is false for anything else.
func tristate(s string) (string, bool) {
	if b, ok := truth(s); ok {
		if b {
			return "1", true
		}
		return "0", true
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "-1", "auto":
		return "-1", true
	}
	return "", false
}

// sameHex compares two CPU masks written in hex, with or without 0x and
// leading zeros.
func sameHex(a, b string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		s = strings.TrimPrefix(s, "0x")
		s = strings.TrimLeft(s, "0")
		return s
	}
	return norm(a) == norm(b)
}

// sameFloats compares two lists of numbers separated by '/' or ';' (a
// tensor split, "0.5/0.5"), ignoring trailing zeros: llama-bench prints the
// list up to its last non-zero element.
func sameFloats(a, b string) bool {
	parse := func(s string) ([]float64, bool) {
		var out []float64
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ';' }) {
			x, ok := number(strings.TrimSpace(f))
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		for len(out) > 0 && out[len(out)-1] == 0 {
			out = out[:len(out)-1]
		}
		return out, true
	}
	fa, oka := parse(a)
	fb, okb := parse(b)
	if !oka || !okb {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	if len(fa) != len(fb) {
		return false
	}
	for i := range fa {
		if math.Abs(fa[i]-fb[i]) > 0.005 { // llama-bench prints %.2f
			return false
		}
	}
	return true
}

// modelDirName returns the name llm_bench prints for the model whose
// config is at p: the name of the directory holding it ("" when p has
// none). Both slashes separate, since the path may be a device's.
func modelDirName(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	dir := path.Dir(p)
	if dir == "." || dir == "/" {
		return ""
	}
	return path.Base(dir)
}

// mismatches collects Mismatches, each (knob, echoed value) once, in the
// order found.
type mismatches struct {
	list []*Mismatch
	seen map[[2]string]bool
}

func (m *mismatches) add(knob, asked, echoed string) {
	key := [2]string{knob, echoed}
	if m.seen[key] {
		return
	}
	if m.seen == nil {
		m.seen = map[[2]string]bool{}
	}
	m.seen[key] = true
	m.list = append(m.list, &Mismatch{Knob: knob, Asked: asked, Echoed: echoed})
}

// finish sets what Parse promises of every record: the invocation's
// model name (when it has one), its knobs over those of the output, no
// Params (the writer renders them from Knobs).
func finish(recs []sweep.Record, inv Invocation) {
	for i := range recs {
		r := &recs[i]
		r.OwnCase() // a parser may share one among an invocation's records
		if inv.ModelName != "" {
			r.Model = inv.ModelName
		}
		knobs := make(map[string]string, len(r.Knobs)+len(inv.Knobs))
		for k, v := range r.Knobs {
			knobs[k] = v
		}
		for k, v := range inv.Knobs {
			knobs[k] = v
		}
		r.Knobs = knobs
		r.Params = ""
	}
}
