package mnndb

import (
	"database/sql"
	"os"
	"sync/atomic"

	"github.com/sweepstat/sweepstat/internal/sqlread"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Reading a big selection on two connections at once. A query runs on
// one core; two connections to the file run on two. ReadTasks and
// ReadChosen then read the cases, and later the results, in two halves of
// their ids, each half on a connection of its own (the peer's two; the
// read's own transaction reads the counts and the middle id), each into
// its own part of the records, joined in id order afterwards.
//
// More connections are more snapshots, and a writer may commit between
// them: import and run insert tasks, suites, cases, results and samples
// (new ids), run updates a failed case it measures again (its knobs) and
// its task's status, and other tools may change anything. The peer's
// snapshots are used only when they are the first one's:
//
//   - each of the peer's connections reads PRAGMA data_version before the
//     first transaction begins and again in its own transaction: SQLite
//     changes it when any other connection committed in between, whatever
//     the change (rows added, values updated);
//   - the halves read no id above the greatest of the first snapshot, and
//     together must give as many rows as the first snapshot counts.
//
// Anything else — a value the joined read cannot take apart (errUnusual),
// a value that the driver would give otherwise than the peer reads it, a
// bad value, a busy peer — and the whole read is done again on the first
// connection alone, as it is without a peer, with the same records and
// errors.
//
// A read too small to split is read whole on the peer's first connection
// (a direct read), checked the same way: a connection of sqlread reads
// rows several times faster than database/sql and the driver, which
// matters even for a thousand rows in a command that takes milliseconds
// (check on the real database). A file too small ever to split opens that
// one connection only.

// splitRows is the count of rows (results, or cases) from which a read is
// split in two; a variable so that tests can split small databases.
// Below it, a second connection's opening and the joining of the halves
// gain nothing worth their cost.
var splitRows int64 = 1 << 16

// minRowBytes bounds what a result takes in the file from below: a file
// smaller than splitRows of them cannot need a peer, which is then not
// even opened.
const minRowBytes = 16

// splitHook, when not nil (tests), runs just before the peer begins its
// transaction, after the first connection's snapshot was taken.
var splitHook func()

// splits counts the reads done in two halves (tests).
var splits atomic.Int64

// directReads says whether reads below splitRows are read whole on the
// peer's first connection; a variable so that tests can read with the
// driver alone, to compare.
var directReads = true

// directs counts the reads done whole on the peer's connection (tests).
var directs atomic.Int64

// A peer is the two connections of a split read, one for each half (the
// first alone for a direct read). They are sqlread connections, which
// call SQLite without database/sql and without the driver's per-call
// mutex (each is used by one goroutine at a time): a half is read about
// three times faster than on the read's own transaction, which therefore
// reads neither.
type peer struct {
	uri     string           // the file's URI they were opened with
	conns   [2]*sqlread.Conn // the second nil when the file is too small to split
	version [2]int64         // PRAGMA data_version of each before the first transaction
	began   bool             // they are in a read transaction of the first one's snapshot
	dead    bool             // one failed or saw another state: no more splits nor direct reads
}

// withPeer runs fn (a read) with d.peer open.
func (d *DB) withPeer(fn func() error) error {
	if d.peer != nil {
		return fn()
	}
	d.peer = d.openPeer()
	defer func() {
		d.peer.close()
		d.peer = nil
	}()
	return fn()
}

// openPeer opens the two connections (one when the file is too small to
// split) and reads their data version, or returns nil when there is no
// file, direct reads are off and the file is too small to split, or
// anything fails. A new connection has no busy handler: not to wait for a
// writer's lock while the first connection holds a shared one (in
// rollback mode the writer waits for it), the read goes on without the
// peer instead.
func (d *DB) openPeer() *peer {
	if d.file == nil {
		return nil
	}
	conns := 2
	if fileBytes(d.file.abs)+fileBytes(d.file.abs+"-wal") < splitRows*minRowBytes {
		if !directReads {
			return nil
		}
		conns = 1
	}
	p := &peer{uri: d.file.uri}
	for i := range conns {
		c, err := sqlread.Open(p.uri)
		if err == nil {
			p.conns[i] = c
			p.version[i], err = c.Int64(`PRAGMA data_version`)
		}
		if err != nil {
			p.close()
			return nil
		}
	}
	return p
}

func fileBytes(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func (p *peer) close() {
	if p == nil {
		return
	}
	for _, c := range p.conns {
		if c != nil {
			c.Close() // which ends its read transaction
		}
	}
}

// peerConns returns the peer's connections for a read of n rows,
// beginning their transactions the first time: two when the read is to be
// split, one when it is to be read whole on the peer (a direct read); nil
// when it is read on the first connection.
func (d *DB) peerConns(n int64) []*sqlread.Conn {
	p := d.peer
	if p == nil || p.dead || p.uri != d.file.uri {
		return nil // (a file read from a private copy since the peer opened)
	}
	split := n >= splitRows && p.conns[1] != nil
	if !split && !directReads {
		return nil
	}
	if !p.began {
		if splitHook != nil {
			splitHook()
		}
		for i, c := range p.conns {
			if c == nil {
				break
			}
			// The pragma takes the transaction's snapshot and tells whether
			// anyone committed since the first one's.
			var v int64
			err := c.Exec(`BEGIN`)
			if err == nil {
				v, err = c.Int64(`PRAGMA data_version`)
			}
			if err != nil || v != p.version[i] {
				p.dead = true
				return nil
			}
		}
		p.began = true
	}
	if split {
		return p.conns[:]
	}
	return p.conns[:1]
}

// concurrently runs fn in a goroutine of its own and returns what waits
// for its end and gives its error.
func concurrently(fn func() error) (wait func() error) {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return func() error { return <-done }
}

// rangeAnd returns what follows a query that ends in where (a WHERE
// clause, or "") to add a condition.
func rangeAnd(where string) string {
	if where == "" {
		return ` WHERE `
	}
	return where + ` AND `
}

// readCasesOnPeer is readCases' scan of the n cases that q (casesApart's
// select and from) and where select, on the peer: split in two halves of
// their ids, or whole (a direct read); ok is false, with nothing read,
// when the peer does not read it or it must be done again on the first
// connection.
func (d *DB) readCasesOnPeer(tx *sql.Tx, q, where string, n int64, flag bool, suites map[int64]*suiteInfo) (cases []caseInfo, ok bool) {
	conns := d.peerConns(n)
	if conns == nil {
		return nil, false
	}
	if len(conns) == 1 { // read whole
		cases, rows, err := d.scanCasesDirect(conns[0], q+where+` ORDER BY id`, nil, flag, suites, d.knobCache(), reserveCases(n))
		if err != nil || rows != n {
			d.peer.dead = d.peer.dead || failed(err)
			return nil, false
		}
		directs.Add(1)
		return cases, true
	}
	mid, hi, err := idMiddle(tx, `SELECT id FROM case_definitions`+where, n)
	if err != nil {
		return nil, false
	}
	and := rangeAnd(where)
	upperKnobs := knobCache{}
	var upper []caseInfo
	var upperRows int64
	wait := concurrently(func() (err error) {
		upper, upperRows, err = d.scanCasesDirect(conns[1], q+and+`id >= ? AND id <= ? ORDER BY id`, []int64{mid, hi},
			flag, suites, upperKnobs, reserveCases(n-n/2))
		return err
	})
	lower, lowerRows, err := d.scanCasesDirect(conns[0], q+and+`id < ? ORDER BY id`, []int64{mid},
		flag, suites, d.knobCache(), reserveCases(n))
	upperErr := wait()
	if err != nil || upperErr != nil || lowerRows+upperRows != n {
		d.peer.dead = d.peer.dead || failed(err) || failed(upperErr)
		return nil, false
	}
	d.adoptKnobs(upperKnobs, upper)
	splits.Add(1)
	return append(lower, upper...), true
}

// failed reports whether err, the error of a half of a split read, is the
// connection's rather than of what it read (which the read on one
// connection then reads its own way, or reports).
func failed(err error) bool {
	return err != nil && err != errUnusual && !isInputError(err)
}

// idMiddle returns, of the n rows that q (selecting ids) gives, the id of
// the first row of the upper half and the greatest id.
func idMiddle(tx *sql.Tx, q string, n int64) (mid, hi int64, err error) {
	if err := tx.QueryRow(q+` ORDER BY id LIMIT 1 OFFSET ?`, n/2).Scan(&mid); err != nil {
		return 0, 0, err
	}
	if err := tx.QueryRow(q + ` ORDER BY id DESC LIMIT 1`).Scan(&hi); err != nil {
		return 0, 0, err
	}
	return mid, hi, nil
}

// adoptKnobs moves the knob sets that the peer parsed into d's cache,
// giving cases (the peer's) the set of d's cache where it has an equal
// one: cases with the same knobs share one map, whichever half read them.
func (d *DB) adoptKnobs(from knobCache, cases []caseInfo) {
	kc := d.knobCache()
	same := map[*knobSet]*knobSet{}
	for params, sets := range from {
		for _, ks := range sets {
			same[ks] = kc.adopt(params, ks)
		}
	}
	for i := range cases {
		cases[i].knobs = same[cases[i].knobs]
	}
}

// adopt returns kc's knob set equal to ks (of base_parameters params),
// first adding ks when kc has none.
func (kc knobCache) adopt(params string, ks *knobSet) *knobSet {
	for _, have := range kc[params] {
		if have.backend == ks.backend && have.threads == ks.threads && have.precision == ks.precision {
			return have
		}
	}
	kc[params] = append(kc[params], ks)
	return ks
}

// A recordSink holds the records of the upper half of a split read, per
// task, until they are appended to the tasks' own.
type recordSink struct {
	tasks []*sweep.Task
	recs  [][]sweep.Record
	last  int // the slot of the last record: results come task after task
}

// of returns where the records of t go.
func (s *recordSink) of(t *sweep.Task) *[]sweep.Record {
	if s.last < len(s.tasks) && s.tasks[s.last] == t {
		return &s.recs[s.last]
	}
	for i, have := range s.tasks {
		if have == t {
			s.last = i
			return &s.recs[i]
		}
	}
	s.tasks = append(s.tasks, t)
	s.recs = append(s.recs, nil)
	s.last = len(s.tasks) - 1
	return &s.recs[s.last]
}

// readResultsOnPeer is readTaskResults' scan of the results that q
// (resultsApart's select and the from of readTaskResults, WHERE clause
// included unless every task is read) selects, sp as reserve counted, on
// the peer: split in two halves of their ids, or whole (a direct read). It
// returns the records in query order for the samples; ok is false, with
// tasks' Records as reserve made them, when the peer does not read it or
// it must be done again on the first connection.
func (d *DB) readResultsOnPeer(tx *sql.Tx, q string, every bool, sp span, tasks []*sweep.Task, cases []caseInfo, samples bool) (order []recRef, ok bool) {
	conns := d.peerConns(sp.n)
	if conns == nil {
		return nil, false
	}
	if len(conns) == 1 {
		// Read whole, into the records as reserve made them. Unlike the
		// halves', its rows are not counted against sp: sp.n is 0 when
		// reserveRuns counted the tasks, and the snapshot is the first
		// one's (peerConns' data_version), so the rows are too.
		order, _, err := d.readResultsDirect(conns[0], q+` ORDER BY r.id`, nil, cases, samples, nil)
		if err != nil {
			d.peer.dead = d.peer.dead || failed(err)
			resetRecords(tasks, nil, &recordSink{})
			return nil, false
		}
		directs.Add(1)
		return order, true
	}
	mid, hi, n, err := resultsMiddle(tx, every, sp, len(tasks))
	if err != nil {
		return nil, false
	}
	and := ` AND `
	if every {
		and = ` WHERE `
	}
	// One task: the records of both halves go into the array that
	// reserve made, the upper half from where the lower one ends (its
	// rows are n/2), so that nothing is copied.
	var whole []sweep.Record // the array, all of it
	upper := &recordSink{}
	if every && len(tasks) == 1 {
		whole = tasks[0].Records[:cap(tasks[0].Records)]
		tasks[0].Records = whole[: 0 : n/2]
		upper.of(tasks[0])
		upper.recs[0] = whole[n/2 : n/2]
	}
	var upperOrder []recRef
	var upperRows int64
	wait := concurrently(func() (err error) {
		upperOrder, upperRows, err = d.readResultsDirect(conns[1], q+and+`r.id >= ? AND r.id <= ? ORDER BY r.id`, []int64{mid, hi}, cases, samples, upper)
		return err
	})
	order, lowerRows, err := d.readResultsDirect(conns[0], q+and+`r.id < ? ORDER BY r.id`, []int64{mid}, cases, samples, nil)
	upperErr := wait()
	d.peer.dead = d.peer.dead || failed(err) || failed(upperErr)
	if err != nil || upperErr != nil || lowerRows+upperRows != n || !fits(whole, tasks, upper) {
		resetRecords(tasks, whole, upper)
		return nil, false
	}
	lowerLen := map[*sweep.Task]int{}
	for i, t := range upper.tasks {
		lowerLen[t] = len(t.Records)
		if whole != nil {
			t.Records = joinInPlace(whole, t.Records, upper.recs[i])
		} else {
			t.Records = append(t.Records, upper.recs[i]...)
		}
	}
	for _, ref := range upperOrder {
		ref.i += lowerLen[ref.task]
		order = append(order, ref)
	}
	splits.Add(1)
	return order, true
}

// resultsMiddle returns the id of the first result of the upper half of a
// split read, the greatest id, and the count of rows the query gives:
// when every task is read, of the whole table, halved exactly; else of
// the tasks' results, halved by ids.
func resultsMiddle(tx *sql.Tx, every bool, sp span, tasks int) (mid, hi, n int64, err error) {
	if !every {
		return sp.lo + (sp.hi-sp.lo)/2 + 1, sp.hi, sp.n, nil
	}
	n = sp.n
	if tasks > 1 { // reserve counted the results of cases only
		if err := tx.QueryRow(`SELECT count(*) FROM benchmark_results`).Scan(&n); err != nil {
			return 0, 0, 0, err
		}
	}
	mid, hi, err = idMiddle(tx, `SELECT id FROM benchmark_results`, n)
	return mid, hi, n, err
}

// joinInPlace returns the lower half's records followed by the upper
// half's, both read into whole (an array, all of it: the lower from its
// start, the upper from its middle): in place, moving the upper half down
// when the lower one skipped results.
func joinInPlace(whole, lower, upper []sweep.Record) []sweep.Record {
	end := len(lower) + len(upper)
	if len(lower) > 0 && &whole[0] != &lower[0] {
		copy(whole, lower) // not so when the counts agree: lower had room for its rows
	}
	if len(upper) > 0 && &whole[:len(lower)+1][len(lower)] != &upper[0] {
		copy(whole[len(lower):end], upper)
	}
	return whole[:end]
}

// fits reports whether the records of both halves fit in whole, when
// they were read into it (as they do when the counts agree: a bound that
// keeps a miscount from writing past it).
func fits(whole []sweep.Record, tasks []*sweep.Task, upper *recordSink) bool {
	return whole == nil || len(tasks[0].Records)+len(upper.recs[0]) <= len(whole)
}

// resetRecords drops what a split read appended to the tasks' records,
// leaving them as reserve made them.
func resetRecords(tasks []*sweep.Task, whole []sweep.Record, upper *recordSink) {
	for _, r := range upper.recs {
		clear(r)
	}
	for _, t := range tasks {
		clear(t.Records)
		t.Records = t.Records[:0]
	}
	if whole != nil {
		tasks[0].Records = whole[:0]
	}
}
