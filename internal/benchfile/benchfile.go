// Package benchfile reads Go benchmark format (benchfmt) files, such as
// `go test -bench` output or the bench/ files of a sweepstat report, into
// sweep records: one file per value of the pseudo-option "file".
//
// Each (benchmark name, unit, package) of a file becomes one record whose Runs are
// the values of its result lines, one invocation each: a file of a million
// lines is held as compactly as benchstat holds it. Names that
// sweepstat wrote (PP/model=M/size=S/…, TG/…) are read back into model,
// phase, size and knobs, so a report's bench files compare exactly as the
// database they came from. Any other benchmark becomes a record whose model
// is the file's "pkg" configuration (or "benchmarks"), whose phase is the
// unit (one comparison family per unit, as benchstat's geomean rows) and
// whose size is the full benchmark name. Units are tidied as benchstat does
// (ns/op becomes sec/op); "Unit U better=higher|lower" metadata sets the
// direction. Values of 0 (0 allocs/op, 0 B/op) are skipped: no ratio can
// be formed with them.
//
// Lines are at most MaxLine bytes (benchfmt's own limit; a longer one is an
// error naming it); a leading UTF-8 byte-order mark is skipped. Read
// shortens names longer than safename.MaxName for output; Parse and Reader
// (import) keep them whole, and Reader streams, one result line at a time.
package benchfile

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/stats"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Option is the pseudo-option whose values are the files.
const Option = "file"

// Read reads the benchfmt files at paths into one task. The value of each
// file's records for Option is its label: the file name, or the whole path
// when two files share a name. Syntax errors are errors naming file and
// line; a file without results is an error.
func Read(paths []string) (*sweep.Task, error) {
	return ReadLabelled(paths, Labels(paths))
}

// ReadLabelled is Read with the labels given (one per path).
func ReadLabelled(paths, labels []string) (*sweep.Task, error) {
	return readAll(paths, labels, false)
}

// Labels returns the option value of each file: its base name, or the path
// as given where base names collide.
func Labels(paths []string) []string {
	count := map[string]int8{}
	for _, p := range paths {
		count[filepath.Base(p)]++
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
		if count[out[i]] > 1 {
			out[i] = p
		}
	}
	return out
}

// shorten applies safename.ShortenRecord to r but for the file's label,
// which the caller selects the files by.
func shorten(r *sweep.Record, label string) {
	safename.ShortenRecord(r)
	if r.Knobs[Option] != label {
		knobs := make(map[string]string, len(r.Knobs))
		for k, v := range r.Knobs {
			knobs[k] = v
		}
		knobs[Option] = label
		r.Knobs = knobs
	}
}

// noteBetter records a "Unit U better=higher|lower" line in better; key
// and value are read in any letter case (Better=Higher).
func noteBetter(rec *benchfmt.UnitMetadata, better map[string]int8) error {
	if !strings.EqualFold(rec.Key, "better") {
		return nil
	}
	b, ok := stats.ParseBetter(rec.Value)
	if !ok {
		return fmt.Errorf("%s: unit %s: better=%q, want higher or lower", posOf(rec), rec.Unit, rec.Value)
	}
	better[rec.Unit] = int8(b)
	return nil
}

// checkValue rejects a negative, NaN or infinite value, naming its line.
func checkValue(rec *benchfmt.Result, v benchfmt.Value) error {
	if !(v.Value > 0) || math.IsInf(v.Value, 0) {
		f, l := rec.Pos()
		return fmt.Errorf("%s:%d: %s: value %v is not a positive number", f, l, v.Unit, v.Value)
	}
	return nil
}

func posOf(u *benchfmt.UnitMetadata) string {
	f, l := u.Pos()
	return fmt.Sprintf("%s:%d", f, l)
}

// record turns one value of a result line into a record with the shared
// knobs, or a copy with the name's keys when the name has any.
func record(res *benchfmt.Result, v benchfmt.Value, knobs map[string]string) sweep.Record {
	r := sweep.Record{Test: &sweep.Test{Unit: v.Unit}, Case: &sweep.Case{Origin: &sweep.Origin{}, Knobs: knobs}, Mean: v.Value}
	base, parts := res.Name.Parts()
	keys := map[string]string{}
	for _, p := range parts {
		k, val, ok := strings.Cut(strings.TrimPrefix(string(p), "/"), "=")
		if !ok {
			keys = nil
			break
		}
		keys[k] = val
	}
	phase := strings.ToLower(string(base))
	if keys != nil && keys["model"] != "" && keys["size"] != "" &&
		(phase == sweep.PhasePrefill || phase == sweep.PhaseDecode || phase == sweep.PhaseBoth) {
		r.Model, r.Phase, r.Size = keys["model"], phase, keys["size"]
		r.Knobs = map[string]string{Option: knobs[Option]}
		for k, val := range keys {
			if k != "model" && k != "size" && k != Option { // the file label is not a name key's to change
				r.Knobs[k] = val
			}
		}
		return r
	}
	r.Model = res.GetConfig("pkg")
	if r.Model == "" {
		r.Model = "benchmarks"
	}
	r.Phase, r.Size = v.Unit, res.Name.String()
	return r
}
