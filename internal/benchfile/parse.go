package benchfile

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/perf/benchfmt"

	"github.com/sweepstat/sweepstat/internal/safename"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Reading a file is done in two steps, so that a file of a million result
// lines costs little more than its values: parse reads the lines into
// compact entries, one per benchmark (name, unit, package), and the values
// of all of them into one slice; build then writes each entry's record
// into its place in the task's records, allocated once at their number,
// the values of each benchmark a slice of one array of exactly their
// number.

// An entry is one benchmark of a parsed file: what its record is made of.
type entry struct {
	name, unit, pkg string // name shares the bytes of the entry's index key
	task            string // the "sweepstat-task" configuration
	line            int    // of its first value
	n               int    // values
	// vals are its values while every benchmark's are contiguous in the
	// file: a slice of the parsed file's current chunk or of an earlier one.
	vals  []float64
	first float64
	// rec is the record of a name sweepstat wrote (PP/model=M/size=S/…),
	// made by record; nil for any other name.
	rec *sweep.Record
	// test is the Test of its records when shareStrings made one for it
	// and the same benchmark of the first file; nil: build makes one.
	test *sweep.Test
}

// An entryList holds the entries of a file in blocks of entryBlock, so
// that a file of many benchmarks does not copy its entries again and
// again as one slice of them grows (a growing slice of 51,200 entries
// allocates five times their size) nor keep a grown slice's spare room.
type entryList struct {
	blocks [][]entry
	n      int
}

// entryBlock is the number of entries of a block (120 KiB).
const entryBlock = 1 << 10

func (l *entryList) len() int { return l.n }

// at returns entry i, which stays where it is as entries are added.
func (l *entryList) at(i int) *entry { return &l.blocks[i/entryBlock][i%entryBlock] }

// add appends e and returns its index.
func (l *entryList) add(e entry) int32 {
	if l.n%entryBlock == 0 {
		l.blocks = append(l.blocks, make([]entry, 0, entryBlock))
	}
	b := &l.blocks[len(l.blocks)-1]
	*b = append(*b, e)
	l.n++
	return int32(l.n - 1)
}

// A parsed file.
type parsed struct {
	path, label string
	entries     entryList
	index       map[string]int32 // name + "\x00" + unit + "\x00" + package → entry
	// While every benchmark's values are contiguous in the file, each
	// entry's are a slice of a chunk of chunkSize values, filled in turn
	// (a benchmark's values so far move to the next chunk when its chunk is
	// full): no copy of them all as a slice grows, none when the records
	// are made. chunk is the current one.
	chunk []float64
	// Once the values of two benchmarks interleave (go test -count N
	// repeats the whole list), vals holds every value in file order and
	// owner the entry of each; they are sorted by entry when the records
	// are made. Both nil before.
	vals   []float64
	owner  []int32
	last   int32 // entry of the last value
	better map[string]int8
}

// chunkSize is the number of values of a chunk (128 KiB).
const chunkSize = 1 << 14

// configCache turns a configuration value into a string once per change of
// its bytes.
type configCache struct {
	b     []byte
	s     string
	valid bool
}

func (c *configCache) get(rec *benchfmt.Result, key string) string {
	pos, ok := rec.ConfigIndex(key)
	if !ok {
		return ""
	}
	v := rec.Config[pos].Value
	if !c.valid || !bytes.Equal(v, c.b) {
		c.b, c.s, c.valid = append(c.b[:0], v...), string(v), true
	}
	return c.s
}

// parse reads the file at path: fastParse, unless it declines.
func parse(path, label string) (*parsed, error) {
	if p, ok := fastParse(path, label); ok {
		return p, nil
	}
	return slowParse(path, label)
}

// slowParse reads the file at path through benchfmt.Reader.
func slowParse(path, label string) (*parsed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading benchmark file: %w", err)
	}
	defer f.Close()
	r := benchfmt.NewReader(newLineReader(f), path)
	p := &parsed{path: path, label: label, index: map[string]int32{}, last: -1, better: map[string]int8{}}
	knobs := map[string]string{Option: label} // shared by the records of names sweepstat did not write
	var (
		key       []byte
		pkg, task configCache
		// The entries of the previous result line's values, by position:
		// the next line of the same benchmark finds its entries here.
		lastName  []byte
		lastPkg   string
		lastUnits []string
		lastIdx   []int32
	)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.UnitMetadata:
			if err := noteBetter(rec, p.better); err != nil {
				return nil, err
			}
		case *benchfmt.Result:
			pk := pkg.get(rec, "pkg")
			if pk != lastPkg || !bytes.Equal(rec.Name, lastName) {
				lastName, lastPkg = append(lastName[:0], rec.Name...), pk
				for j := range lastIdx {
					lastIdx[j] = -1
				}
			}
			for len(lastIdx) < len(rec.Values) {
				lastIdx, lastUnits = append(lastIdx, -1), append(lastUnits, "")
			}
			for j, v := range rec.Values {
				if v.Value == 0 {
					continue // 0 allocs/op and the like: a ratio to zero means nothing
				}
				if err := checkValue(rec, v); err != nil {
					return nil, err
				}
				e := lastIdx[j]
				if e < 0 || lastUnits[j] != v.Unit {
					key = append(append(append(append(append(key[:0], rec.Name...), 0), v.Unit...), 0), pk...)
					var ok bool
					if e, ok = p.index[string(key)]; !ok {
						e = p.newEntry(string(key), rec, v, pk, task.get(rec, "sweepstat-task"), knobs)
					}
					lastIdx[j], lastUnits[j] = e, v.Unit
				}
				p.add(e, v.Value)
			}
		}
	}
	if err := r.Err(); err != nil {
		return nil, syntaxError(err, path)
	}
	return p, nil
}

// newEntry adds the entry of key, whose first value v is on rec's line.
func (p *parsed) newEntry(key string, rec *benchfmt.Result, v benchfmt.Value, pkg, task string, knobs map[string]string) int32 {
	_, line := rec.Pos()
	en := entry{name: key[:len(rec.Name)], unit: v.Unit, pkg: pkg, task: task, line: line, first: v.Value}
	if maybeWritten(rec.Name) {
		r := record(rec, v, knobs)
		en.rec = &r
	}
	e := p.entries.add(en)
	p.index[key] = e
	return e
}

// add appends value v of entry e.
func (p *parsed) add(e int32, v float64) {
	en := p.entries.at(int(e))
	en.n++
	if p.owner == nil && e != p.last && en.n > 1 {
		// The values of two benchmarks interleave: every value in file
		// order, with its entry, from now on.
		p.vals = make([]float64, 0, 2*p.entries.len())
		p.owner = make([]int32, 0, cap(p.vals))
		for i := range p.entries.len() {
			x := p.entries.at(i)
			p.vals = append(p.vals, x.vals...)
			for range x.vals {
				p.owner = append(p.owner, int32(i))
			}
			x.vals = nil
		}
		p.chunk = nil
	}
	p.last = e
	if p.owner != nil {
		p.vals, p.owner = append(p.vals, v), append(p.owner, e)
		return
	}
	if len(p.chunk) == cap(p.chunk) { // full: a new chunk, the benchmark's values so far first
		c := make([]float64, 0, max(chunkSize, 2*en.n))
		p.chunk = append(c, en.vals...)
		en.vals = p.chunk
	}
	p.chunk = append(p.chunk, v)
	en.vals = p.chunk[len(p.chunk)-len(en.vals)-1:]
}

// maybeWritten reports whether name's base (benchfmt.Name.Parts) is a
// phase of sweepstat's names (pp, tg, pp+tg in any letter case): only such
// names can be read back into model, phase and size (record).
func maybeWritten(name benchfmt.Name) bool {
	buf := name
	for i := len(name) - 1; i >= 0; i-- { // benchfmt's splitGomaxprocs
		if name[i] == '-' && i < len(name)-1 {
			buf = name[:i]
			break
		}
		if !('0' <= name[i] && name[i] <= '9') {
			break
		}
	}
	if i := bytes.IndexByte(buf, '/'); i >= 0 {
		buf = buf[:i]
	}
	// Lower-casing shrinks a string at most threefold (K, the Kelvin
	// sign, is k): a base longer than 15 bytes is no phase.
	if len(buf) > 15 {
		return false
	}
	switch strings.ToLower(string(buf)) {
	case sweep.PhasePrefill, sweep.PhaseDecode, sweep.PhaseBoth:
		return true
	}
	return false
}

// build writes the records of p's entries into dst (one each).
func (p *parsed) build(dst []sweep.Record) {
	n := p.entries.len()
	runs := func(i int) []float64 { v := p.entries.at(i).vals; return v[:len(v):len(v)] }
	origins, cases := originSet{}, caseSet{}
	if p.owner != nil {
		arena := make([]float64, len(p.vals))
		starts, next := make([]int, n), make([]int, n)
		sum := 0
		for i := range n {
			starts[i], next[i] = sum, sum
			sum += p.entries.at(i).n
		}
		for k, v := range p.vals {
			e := p.owner[k]
			arena[next[e]] = v
			next[e]++
		}
		p.vals, p.owner = nil, nil
		runs = func(i int) []float64 { k := p.entries.at(i).n; return arena[starts[i] : starts[i]+k : starts[i]+k] }
	}
	// A record named by its location (see atLocation below) has it as the
	// file's "path:" and its line (Where and At: one string per file);
	// any other holds its "path:line", all of them in one string.
	prefix := p.path + ":"
	byLocation := func(e *entry) bool {
		return e.rec == nil && e.line > 0 && len(prefix)+len(strconv.Itoa(e.line)) <= safename.MaxName // Shorten keeps it
	}
	var where strings.Builder
	ends := make([]int, n)
	var num []byte
	for i := range n {
		if e := p.entries.at(i); !byLocation(e) {
			where.WriteString(prefix)
			num = strconv.AppendInt(num[:0], int64(e.line), 10)
			where.Write(num)
		}
		ends[i] = where.Len()
	}
	wheres := where.String()
	knobs := map[string]string{Option: p.label}
	from := 0
	for i := range n {
		e := p.entries.at(i)
		var r sweep.Record
		if e.rec != nil {
			r = *e.rec
			r.OwnCase() // e.rec is the entry's; r's names change below
		} else {
			test := e.test
			if test == nil {
				test = newTest(e)
			}
			r = sweep.Record{Test: test, Case: &sweep.Case{Origin: &sweep.Origin{Model: e.pkg}, Knobs: knobs}, Mean: e.first}
			if r.Model == "" {
				r.Model = "benchmarks"
			}
		}
		atLocation := byLocation(e)
		if atLocation { // each record its own invocation: see cases below
			r.Where, r.At = prefix, int64(e.line)
			r.Invocation = sweep.AtLocation()
		} else {
			r.Where = wheres[from:ends[i]]
			r.Invocation = r.Where
		}
		from = ends[i]
		// The run the values came from: a report's bench files name
		// their task; any other file is a run of its own.
		r.Task = e.task
		r.SetRuns(runs(i))
		shorten(&r, p.label)
		r.Better = p.better[r.Unit]
		if r.Task == "" {
			r.Task = p.label // each file is its own run: old and new are different sessions
		}
		mean := 0.0 // running mean: no overflow near the float64 maximum
		for k, x := range r.Runs() {
			mean += (x - mean) / float64(k+1)
		}
		r.Mean = mean
		r.Origin = origins.share(r.Origin)
		if atLocation { // no params nor time: the Case is its Origin and knobs
			r.Case = cases.share(r.Case)
		}
		dst[i] = r
		if (i+1)%entryBlock == 0 || i == n-1 {
			// Done with the block: the collector may free it while the
			// records are made (entries of 51,200 benchmarks take as
			// much memory as their records).
			p.entries.blocks[i/entryBlock] = nil
		}
	}
}

// caseSet makes the records of one file that are each an invocation of
// their own (Invocation sweep.AtLocation(): the name is the record's
// location) share one sweep.Case per Origin and knob map rather than hold
// one each: a Case is 64 bytes, the records of two files of 51,200
// benchmarks 6.5 MB.
type caseSet map[caseKey]*sweep.Case

type caseKey struct {
	origin *sweep.Origin
	knobs  unsafe.Pointer // the map's identity
}

func (cs caseSet) share(c *sweep.Case) *sweep.Case {
	k := caseKey{c.Origin, reflect.ValueOf(c.Knobs).UnsafePointer()}
	if s, ok := cs[k]; ok {
		return s
	}
	cs[k] = c
	return c
}

// originSet makes the records of one file, task and package share one
// sweep.Origin rather than hold one each.
type originSet map[sweep.Origin]*sweep.Origin

// share returns the set's Origin equal to o, o itself the first time.
func (s originSet) share(o *sweep.Origin) *sweep.Origin {
	if shared, ok := s[*o]; ok {
		return shared
	}
	s[*o] = o
	return o
}

// readAll reads the files into one task, concurrently when concurrent is
// set: each file is parsed on its own goroutine, then each builds its
// records into its part of the task's. The error is that of the first
// file, in the order given, that fails.
func readAll(paths, labels []string, concurrent bool) (*sweep.Task, error) {
	parts := make([]*parsed, len(paths))
	errs := make([]error, len(paths))
	one := func(i int) {
		p, err := parse(paths[i], labels[i])
		if err == nil && p.entries.len() == 0 {
			err = fmt.Errorf("%s: no benchmark results", paths[i])
		}
		parts[i], errs[i] = p, err
	}
	if concurrent {
		var wg sync.WaitGroup
		for i := range paths {
			wg.Go(func() { one(i) })
		}
		wg.Wait()
	} else {
		for i := range paths {
			if one(i); errs[i] != nil {
				break
			}
		}
	}
	n := 0
	for i := range paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		n += parts[i].entries.len()
	}
	shareStrings(parts)
	t := &sweep.Task{ID: 1, Name: "benchfmt files", Description: strings.Join(paths, " vs "), Records: make([]sweep.Record, n)}
	var wg sync.WaitGroup
	at := 0
	for _, p := range parts {
		dst := t.Records[at : at+p.entries.len()]
		at += p.entries.len()
		if concurrent {
			wg.Go(func() { p.build(dst) })
		} else {
			p.build(dst)
		}
	}
	wg.Wait()
	return t, nil
}

// newTest returns the Test of the records of e (a name sweepstat did not
// write), its names shortened as shorten shortens them: records of two
// files share it, and shortening them then writes nothing.
func newTest(e *entry) *sweep.Test {
	unit := safename.Shorten(e.unit)
	return &sweep.Test{Unit: unit, Phase: unit, Size: safename.Shorten(e.name)}
}

// shareStrings makes the names and packages of the benchmarks of later
// files that the first file has too the first file's strings: old and
// new files name the same benchmarks.
func shareStrings(parts []*parsed) {
	first := parts[0]
	for _, p := range parts[1:] {
		for k, i := range p.index { // in any order: each entry on its own
			if j, ok := first.index[k]; ok {
				e, f := p.entries.at(int(i)), first.entries.at(int(j))
				e.name, e.pkg = f.name, f.pkg
				if e.rec == nil && f.rec == nil { // one Test for both: 48 bytes a benchmark and file
					if f.test == nil {
						f.test = newTest(f)
					}
					e.test = f.test
				}
			}
		}
	}
	for _, p := range parts {
		p.index = nil // done with: let it go before the records are made
	}
}
