package sweep

import (
	"fmt"
	"strings"
)

// resolveKnob returns the knob of all that name means: the knob itself,
// else the one knob equal to it ignoring letter case. An unknown name is an
// error listing the knobs and suggesting the nearest.
func resolveKnob(all map[string][]string, name, where string) (string, error) {
	if _, ok := all[name]; ok {
		return name, nil
	}
	var folded []string
	for k := range all {
		if strings.EqualFold(k, name) {
			folded = append(folded, k)
		}
	}
	if len(folded) == 1 {
		return folded[0], nil
	}
	knobs := SortedKeys(all)
	if len(folded) > 1 {
		SortValues(folded)
		return "", fmt.Errorf("task %s has no knob %q; in another letter case it could be %s", where, name, strings.Join(folded, " or "))
	}
	return "", fmt.Errorf("task %s has no knob %q (knobs: %s)%s", where, name, strings.Join(knobs, ", "), suggest(name, knobs))
}

// suggest returns "; did you mean X?" for the candidate nearest to name
// (edit distance, ignoring case), when it is near enough to be a typo.
func suggest(name string, cands []string) string {
	best, bestD := "", 1<<30
	for _, c := range cands {
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" || best == name || bestD > max(2, len(name)/3) {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", best)
}

// editDistance is the Levenshtein distance of a and b (in runes).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
