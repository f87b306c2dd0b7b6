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
