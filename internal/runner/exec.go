package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Sizes of what is kept of an invocation's output: the standard output up
// to maxStdout for the engine to parse, and the last tailSize bytes of
// standard output and error, interleaved, for the record.
const (
	maxStdout = 64 << 20
	tailSize  = 8 << 10
)

// An outcome is what one process start came to.
type outcome struct {
	start    time.Time
	duration time.Duration
	exit     int // -1: killed or never started
	stdout   []byte
	tail     string
	timedOut bool
	canceled bool // ctx ended (SIGINT, SIGTERM)
	err      error
}

// execute runs argv in its own process group, killing the whole group
// when timeout (0: none) passes or ctx ends. It keeps the last tailMax
// bytes of the output.
func execute(ctx context.Context, argv []string, timeout time.Duration, tailMax int) outcome {
	out := outcome{exit: -1, start: time.Now()}
	if len(argv) == 0 {
		out.err = errors.New("empty command")
		return out
	}
	tail := &tailBuffer{max: tailMax}
	stdout := &limitBuffer{max: maxStdout}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout = multi{stdout, tail}
	cmd.Stderr = tail
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A descendant that escaped the group could hold the pipes open.
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		out.duration = time.Since(out.start)
		out.err = fmt.Errorf("starting %s: %w", argv[0], err)
		return out
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	var err error
	select {
	case err = <-done:
	case <-timer:
		out.timedOut = true
		killGroup(cmd)
		err = <-done
	case <-ctx.Done():
		out.canceled = true
		killGroup(cmd)
		err = <-done
	}
	out.duration = time.Since(out.start)
	out.stdout = stdout.Bytes()
	out.tail = tail.String()
	if cmd.ProcessState != nil && !out.timedOut && !out.canceled {
		out.exit = cmd.ProcessState.ExitCode() // -1 when a signal ended it
	}
	switch {
	case out.timedOut:
		out.err = fmt.Errorf("timed out after %v (process group killed)", timeout)
	case out.canceled:
		out.err = errors.New("interrupted")
	case err != nil && out.exit > 0:
		out.err = fmt.Errorf("exit status %d", out.exit)
	case err != nil:
		out.err = err
	case stdout.overflow:
		out.err = fmt.Errorf("standard output beyond %d MiB", maxStdout>>20)
	}
	return out
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// multi writes to both writers (which never fail).
type multi [2]interface{ Write([]byte) (int, error) }

func (m multi) Write(b []byte) (int, error) {
	m[0].Write(b)
	m[1].Write(b)
	return len(b), nil
}

// limitBuffer keeps the first max bytes written.
type limitBuffer struct {
	bytes.Buffer
	max      int
	overflow bool
}

func (l *limitBuffer) Write(b []byte) (int, error) {
	if room := l.max - l.Len(); len(b) > room {
		l.overflow = true
		l.Buffer.Write(b[:max(room, 0)])
		return len(b), nil
	}
	return l.Buffer.Write(b)
}

// tailBuffer keeps the last max bytes written. Standard output and error
// write to it from two goroutines.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > 2*t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(b), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf
	if len(b) > t.max {
		b = b[len(b)-t.max:]
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}
