package runner

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/sweepstat/sweepstat/internal/mnndb"
)

// progress shows a run's progress.
type progress interface {
	begin(inv *Invocation)
	end(inv *Invocation, a *mnndb.Attempt, first bool)
	grow(n int) // n more invocations to run
	close()
}

func newProgress(o *Options, total int) progress {
	switch {
	case o.Log == nil:
		return quiet{}
	case o.Terminal:
		b := newBar(o.Log, total)
		b.prefix = len(o.Prefix)
		return b
	}
	return &lines{w: o.Log, total: total}
}

type quiet struct{}

func (quiet) begin(*Invocation)                     {}
func (quiet) end(*Invocation, *mnndb.Attempt, bool) {}
func (quiet) grow(int)                              {}
func (quiet) close()                                {}

// lines prints one line per attempt, for logs and CI.
type lines struct {
	w        io.Writer
	n, total int
}

func (l *lines) begin(*Invocation) {}

func (l *lines) end(inv *Invocation, a *mnndb.Attempt, first bool) {
	if first {
		l.n++
	}
	what := "ok"
	switch {
	case inv.Warmup && mnndb.Finished(a.Status):
		what = "warm-up"
	case a.Status == mnndb.StatusForced:
		what = "FORCED"
	case a.Status == mnndb.StatusInterrupted:
		what = "interrupted"
	case !mnndb.Finished(a.Status):
		what = "FAILED " + a.Status
	}
	retry := ""
	if a.Attempt > 1 {
		retry = fmt.Sprintf(" (attempt %d)", a.Attempt)
	}
	msg := ""
	if a.Error != "" {
		msg = ": " + a.Error
	}
	fmt.Fprintf(l.w, "sweepstat: [%d/%d] %s%s %.2fs %s%s\n", l.n, l.total, what, retry, a.Duration.Seconds(), inv.Command, msg)
}

func (l *lines) grow(n int) { l.total += n }
func (l *lines) close()     {}

// bar is the terminal's progress bar: done/total, elapsed time, ETA, the
// current command and the failures so far.
type bar struct {
	w        io.Writer
	b        *progressbar.ProgressBar
	failures int
	total    int
	prefix   int // words of the prefix
}

func newBar(w io.Writer, total int) *bar {
	b := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(20),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionSetRenderBlankState(true),
	)
	return &bar{w: w, b: b, total: total}
}

func (b *bar) describe(cmd string) {
	const width = 80
	if r := []rune(cmd); len(r) > width {
		cmd = string(r[:width-1]) + "…"
	}
	fail := ""
	if b.failures > 0 {
		fail = fmt.Sprintf("%d failed | ", b.failures)
	}
	b.b.Describe(fail + cmd)
}

// begin shows the invocation's command without the prefix, the program
// by its base name: what differs between invocations.
func (b *bar) begin(inv *Invocation) {
	argv := inv.Argv[b.prefix:]
	if len(argv) == 0 {
		b.describe(inv.Command)
		return
	}
	b.describe(joinCommand(append([]string{filepath.Base(argv[0])}, argv[1:]...)))
}

func (b *bar) end(inv *Invocation, a *mnndb.Attempt, first bool) {
	if !mnndb.Finished(a.Status) && a.Status != mnndb.StatusInterrupted {
		b.failures++
		b.b.Clear()
		fmt.Fprintf(b.w, "sweepstat: FAILED %s (%s): %s\n", a.Status, a.Error, inv.Command)
	}
	if first {
		b.b.Add(1)
	}
}

func (b *bar) grow(n int) {
	b.total += n
	b.b.ChangeMax(b.total)
}

func (b *bar) close() {
	b.b.Finish()
	fmt.Fprintln(b.w)
}
