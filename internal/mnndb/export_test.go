package mnndb

// SetSplit makes reads of rows or more rows split in two (see split.go)
// and runs hook, when not nil, just before the second connection begins
// its transaction; the returned function restores both.
func SetSplit(rows int64, hook func()) (restore func()) {
	oldRows, oldHook := splitRows, splitHook
	splitRows, splitHook = rows, hook
	return func() { splitRows, splitHook = oldRows, oldHook }
}

// Splits returns the count of reads done in two halves so far.
func Splits() int64 { return splits.Load() }

// SetDirect turns direct reads (reads too small to split, read whole on
// the peer's connection) on or off; the returned function restores them.
func SetDirect(on bool) (restore func()) {
	old := directReads
	directReads = on
	return func() { directReads = old }
}

// Directs returns the count of direct reads so far.
func Directs() int64 { return directs.Load() }
