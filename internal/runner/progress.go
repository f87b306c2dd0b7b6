package runner

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/safename"
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
	fmt.Fprintf(l.w, "sweepstat: [%d/%d] %s%s %.2fs %s%s\n", l.n, l.total, what, retry, a.Duration.Seconds(), safename.Terminal(inv.Command), safename.Terminal(msg))
}

func (l *lines) grow(n int) { l.total += n }
func (l *lines) close()     {}

// bar is the terminal's progress bar, one line redrawn in place:
//
//	37% |███████             | (3/8) [12s:20s] 1 failed | llm_bench -m …
//
// done/total, the time taken and the time left at the rate so far, the
// failures so far and the current command, cut to the terminal's width
// (a line that wrapped could not be redrawn in place). It is drawn at most
// every barEvery (and at the end), each time over the last one (carriage
// return, erase line). A progress library would do as much, but the one
// this replaced linked an HTTP server into every command, half a
// millisecond of start-up that a `sweepstat check` pays too.
type bar struct {
	w           io.Writer
	done, total int
	failures    int
	prefix      int // words of the prefix
	cmd         string
	start, last time.Time
	shown       bool             // a line is on the terminal
	now         func() time.Time // the clock (tests set their own)
	cols        func() int       // the terminal's width in columns, 0 when unknown
}

const (
	barWidth = 20 // cells
	barEvery = 100 * time.Millisecond
	cmdWidth = 80 // columns of the command shown, at most
)

func newBar(w io.Writer, total int) *bar {
	b := &bar{w: w, total: total, start: time.Now(), now: time.Now, cols: func() int { return 0 }}
	if f, ok := w.(*os.File); ok {
		b.cols = func() int {
			cols, _, err := term.GetSize(int(f.Fd()))
			if err != nil {
				return 0
			}
			return cols
		}
	}
	b.draw(true)
	return b
}

// draw writes the bar over the last one, unless it was drawn less than
// barEvery ago and force is not set.
func (b *bar) draw(force bool) {
	now := b.now()
	if !force && b.shown && now.Sub(b.last) < barEvery {
		return
	}
	b.last, b.shown = now, true
	fmt.Fprint(b.w, "\r\x1b[K"+b.line(now))
}

// line is the bar's text at now.
func (b *bar) line(now time.Time) string {
	frac := 1.0
	if b.total > 0 {
		frac = min(1, float64(b.done)/float64(b.total))
	}
	cells := int(frac * barWidth)
	elapsed := now.Sub(b.start)
	left := "?"
	if b.done > 0 {
		rest := elapsed.Seconds() * float64(max(0, b.total-b.done)) / float64(b.done) // in seconds: no overflow
		left = fmt.Sprint(time.Duration(math.Round(min(rest, 1e9)) * float64(time.Second)))
	}
	desc := b.cmd
	if b.failures > 0 {
		desc = fmt.Sprintf("%d failed | %s", b.failures, desc)
	}
	line := fmt.Sprintf("%3d%% |%s%s| (%d/%d) [%s:%s] %s", int(frac*100), strings.Repeat("█", cells), strings.Repeat(" ", barWidth-cells),
		b.done, b.total, elapsed.Round(time.Second), left, desc)
	if cols := b.cols(); cols > 0 {
		// Within the terminal's width, a column to spare: a line that
		// wrapped would not be redrawn in place.
		line = safename.CutWidth(line, cols-1)
	}
	return line
}

// clear erases the bar, for a line printed in its place.
func (b *bar) clear() {
	if b.shown {
		fmt.Fprint(b.w, "\r\x1b[K")
		b.shown = false
	}
}

// describe sets the command shown: escaped for the terminal, cut to
// cmdWidth columns.
func (b *bar) describe(cmd string) {
	b.cmd = safename.CutWidth(safename.Terminal(cmd), cmdWidth)
	b.draw(false)
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
		b.clear()
		fmt.Fprintf(b.w, "sweepstat: FAILED %s (%s): %s\n", a.Status, safename.Terminal(a.Error), safename.Terminal(inv.Command))
	}
	if first {
		b.done++
	}
	b.draw(!b.shown || b.done == b.total)
}

func (b *bar) grow(n int) {
	b.total += n
	b.draw(false)
}

func (b *bar) close() {
	b.draw(true)
	fmt.Fprintln(b.w)
}
