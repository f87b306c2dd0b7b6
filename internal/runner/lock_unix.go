//go:build unix

package runner

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockDB takes an exclusive flock(2) on the database file for the length
// of a run, so that a second `sweepstat run` on the same database is
// refused at once instead of running beside the first: two sweeps at once
// on one machine disturb each other's timings, and would interleave their
// invocations in one task. SQLite locks with fcntl(2), which flock does
// not touch; the kernel drops the lock when the process ends, even by
// SIGKILL. unlock releases it.
func lockDB(path string) (unlock func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s for writing: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: another sweepstat run is using this database: two sweeps at once disturb each other's timings; wait for it to end (%w)", path, syscall.EBUSY)
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
