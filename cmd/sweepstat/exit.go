package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Exit statuses; doc.go's "Exit codes" documents them.
const (
	exitOK       = 0
	exitFailed   = 1 // check found a regression; run did not complete
	exitBad      = 2 // bad usage or bad input
	exitEnv      = 3 // the environment failed: disk full, permission denied, a lock held too long, the output directory
	exitInternal = 4 // a bug in sweepstat
	// 128+N: interrupted by signal N (SIGINT 130, SIGTERM 143).
)

// An exitError carries the exit status of the error it wraps, as
// govulncheck's exitCodeError does: the code that knows why it failed says
// so, and exitCode only reads it.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// errRegression is returned by check when it finds a regression: status 1,
// and nothing more on stderr (check printed its verdict).
var errRegression = &exitError{exitFailed, errors.New("regression found")}

// An interruption is the cause of the context's cancellation when a signal
// arrives.
type interruption struct{ sig os.Signal }

func (e *interruption) Error() string { return fmt.Sprintf("interrupted (%v)", e.sig) }

func (e *interruption) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

// interrupted turns the error of a command whose context a signal canceled
// into the interruption's status, unless the command said otherwise (run:
// status 1, what finished is recorded).
func interrupted(ctx context.Context, err error) error {
	var ie *interruption
	var ee *exitError
	if err == nil || !errors.As(context.Cause(ctx), &ie) || errors.As(err, &ee) || errors.Is(err, errRunFailed) || !errors.Is(err, context.Canceled) {
		return err
	}
	return &exitError{ie.code(), fmt.Errorf("%v: stopped; nothing was written", ie)}
}

// exitCode turns run's error into the exit status (see doc.go, "Exit
// codes"), printing the error as one line on stderr.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	code := exitStatus(err)
	if err != errRegression {
		fmt.Fprintf(stderr, "sweepstat: %s\n", oneLine(err.Error()))
	}
	return code
}

// exitStatus is the exit status of err: the one it carries, else 1 for a run
// that did not complete, 3 for a failure of the environment (environmental),
// 2 for anything else (bad usage or input).
func exitStatus(err error) int {
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, errRunFailed):
		return exitFailed
	case environmental(err):
		return exitEnv
	}
	return exitBad
}

// environmental reports whether err comes from the machine rather than
// from the input: the operating system's errors of space, permission,
// read-only file systems, I/O and resources, and SQLite's (a full disk, an
// I/O error, a file it cannot open or write, a lock held past the busy
// timeout, memory).
func environmental(err error) bool {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.ENOSPC, syscall.EDQUOT, syscall.EACCES, syscall.EPERM, syscall.EROFS, syscall.EIO,
			syscall.ENOMEM, syscall.EMFILE, syscall.ENFILE, syscall.EFBIG, syscall.ETXTBSY, syscall.EBUSY,
			syscall.ENOLCK, syscall.EAGAIN:
			return true
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_BUSY,
			sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_PROTOCOL:
			return true
		}
	}
	return false
}

// maxErrorLine bounds the line printed for an error, in bytes: a message
// quoting a huge input (a 10 MB cell) stays one readable line.
const maxErrorLine = 2000

// oneLine joins the fields of s with single spaces, cut at maxErrorLine
// bytes (at a character boundary).
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxErrorLine {
		return s
	}
	n := maxErrorLine
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + fmt.Sprintf("… (%d more bytes)", len(s)-n)
}

// cleanups are what must be undone if the process exits before a command
// stops by itself (after a signal's grace period): temporary files.
type cleanups struct {
	mu  sync.Mutex
	fns map[int]func()
	n   int
}

type cleanupsKey struct{}

// onInterrupt registers f to run if the process is made to exit while the
// command runs; the returned function unregisters it.
func onInterrupt(ctx context.Context, f func()) (unregister func()) {
	c, _ := ctx.Value(cleanupsKey{}).(*cleanups)
	if c == nil {
		return func() {}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fns == nil {
		c.fns = map[int]func(){}
	}
	c.n++
	id := c.n
	c.fns[id] = f
	return func() {
		c.mu.Lock()
		delete(c.fns, id)
		c.mu.Unlock()
	}
}

func (c *cleanups) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.fns {
		f()
	}
}
