package benchfile

import "github.com/sweepstat/sweepstat/internal/sweep"

// ReadLabelledConcurrently is ReadLabelled with the files parsed at the
// same time, one goroutine each (parsing is most of a comparison of two
// big files, and each file's records are its own), and their records made
// the same way: the same task, its records in the same order, and the
// error ReadLabelled returns — that of the first file, in the order given,
// that fails.
func ReadLabelledConcurrently(paths, labels []string) (*sweep.Task, error) {
	return readAll(paths, labels, true)
}
