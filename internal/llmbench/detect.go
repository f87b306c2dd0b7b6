package llmbench

import (
	"bytes"
	"strings"
)

// Detect reports whether head, the first bytes of some content, looks like
// llm_bench's Markdown table: a row of '|'-separated cells that names the
// columns model and modelSize and a speed column (t/s or speed(tok/s)), or
// model and llm_demo. llama-bench's Markdown table, whose size column is
// "size", is not one.
func Detect(head []byte) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if !strings.HasPrefix(s, "|") {
			continue
		}
		has := map[string]bool{}
		for _, c := range splitCells(s) {
			has[strings.ToLower(c)] = true
		}
		if !has["model"] {
			continue
		}
		if has["llm_demo"] || has["modelsize"] && (has["t/s"] || has["speed(tok/s)"]) {
			return true
		}
	}
	return false
}
