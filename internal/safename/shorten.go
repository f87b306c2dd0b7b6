package safename

import (
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// MaxName is the longest name, in bytes, that Shorten leaves unchanged:
// model, task, suite and knob names and values, phases, sizes, units and
// invocation ids longer than this are shortened wherever records are read,
// so that every output (tables, CSV, JSON, charts, file names) sees the
// short form and no renderer does work that grows faster than the input.
const MaxName = 256

// MaxText is the longest free text that ShortenText leaves unchanged:
// knob text as the source wrote it (Record.Params, the raw CSV's
// base_parameters) and task descriptions.
const MaxText = 4096

// shortSuffixLen is the length of what Shorten appends: "…" (3 bytes) and
// 12 hex digits of the SHA-256 of the whole name.
const shortSuffixLen = 3 + 12

// Shorten returns s unchanged when it is at most MaxName bytes long, else
// its first bytes (cut at a character boundary) followed by "…" and 12 hex
// digits of the SHA-256 of s, MaxName bytes at most in all. The suffix
// depends on the whole of s, so names that share a long prefix stay
// distinct, and the same name is shortened the same way in every run.
// Shorten(Shorten(s)) == Shorten(s).
func Shorten(s string) string { return shortenTo(s, MaxName) }

// ShortenText is Shorten for free text, with the limit MaxText.
func ShortenText(s string) string { return shortenTo(s, MaxText) }

func shortenTo(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return truncate(s, limit-shortSuffixLen) + "…" + hash48(s)
}

// ShortenRecord applies Shorten to every name of r: task, suite, model,
// invocation, phase, size, unit, and each knob's name and value; and
// ShortenText to Params. It writes only the names that change, and
// replaces r.Knobs by a new map only when a knob changes: a Case, Origin,
// Test or knob map that records share and whose names are short already
// is never written to, so records sharing them may be shortened
// concurrently.
func ShortenRecord(r *sweep.Record) {
	shortenIn(&r.Task, MaxName)
	shortenIn(&r.Suite, MaxName)
	shortenIn(&r.Model, MaxName)
	shortenIn(&r.Invocation, MaxName)
	shortenIn(&r.Phase, MaxName)
	shortenIn(&r.Size, MaxName)
	shortenIn(&r.Unit, MaxName)
	shortenIn(&r.Params, MaxText)
	if longKnob(r.Knobs) {
		r.Knobs = ShortenKnobs(r.Knobs)
	}
}

// shortenIn shortens *s to limit, writing it only when it is longer.
func shortenIn(s *string, limit int) {
	if len(*s) > limit {
		*s = shortenTo(*s, limit)
	}
}

// ShortenKnobs returns knobs with Shorten applied to every name and value:
// knobs itself when nothing is too long, else a new map.
func ShortenKnobs(knobs map[string]string) map[string]string {
	if !longKnob(knobs) {
		return knobs
	}
	out := make(map[string]string, len(knobs))
	for k, v := range knobs {
		out[Shorten(k)] = Shorten(v)
	}
	return out
}

// longKnob reports whether a name or value of knobs is longer than MaxName.
func longKnob(knobs map[string]string) bool {
	for k, v := range knobs {
		if len(k) > MaxName || len(v) > MaxName {
			return true
		}
	}
	return false
}
