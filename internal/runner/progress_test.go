package runner

import (
	"strings"
	"testing"
	"time"

	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/safename"
)

func TestBarLine(t *testing.T) {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		done, total, failures int
		cmd                   string
		at                    time.Duration
		want                  string
	}{
		{0, 8, 0, "", 0, "  0% |                    | (0/8) [0s:?] "},
		{3, 8, 1, "llm_bench -m x", 12 * time.Second, " 37% |███████             | (3/8) [12s:20s] 1 failed | llm_bench -m x"},
		{8, 8, 0, "a", 9500 * time.Millisecond, "100% |████████████████████| (8/8) [10s:0s] a"},
		{9, 8, 0, "", time.Second, "100% |████████████████████| (9/8) [1s:0s] "}, // a retry counted twice: never past the end
		{0, 0, 0, "", 0, "100% |████████████████████| (0/0) [0s:?] "},
		{1, 200000, 0, "", 100 * time.Hour, "  0% |                    | (1/200000) [100h0m0s:277777h46m40s] "}, // capped at 1e9 s, no overflow
	} {
		b := &bar{done: c.done, total: c.total, failures: c.failures, cmd: c.cmd, start: start, cols: func() int { return 0 }}
		if got := b.line(start.Add(c.at)); got != c.want {
			t.Errorf("line(%+v):\n got %q\nwant %q", c, got, c.want)
		}
	}
	// On a terminal of known width the line fits, a column to spare.
	b := &bar{done: 3, total: 8, failures: 1, cmd: "llm_bench -m /models/模型/config.json -p 512", start: start}
	for _, cols := range []int{200, 60, 50, 20, 1} {
		b.cols = func() int { return cols }
		got := b.line(start.Add(12 * time.Second))
		full := " 37% |███████             | (3/8) [12s:20s] 1 failed | llm_bench -m /models/模型/config.json -p 512"
		switch {
		case cols == 200 && got != full, cols == 1 && got != "":
			t.Errorf("%d columns: %q", cols, got)
		case cols < 200 && cols > 1 && (safename.Width(got) != cols-1 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(full, strings.TrimSuffix(got, "…"))):
			t.Errorf("%d columns: %q (%d columns)", cols, got, safename.Width(got))
		}
	}
}

// TestBarDraw checks what reaches the terminal: the bar redrawn in place
// (carriage return, erase line) at most every barEvery but at the end,
// a failure on a line of its own, and nothing raw from the commands.
func TestBarDraw(t *testing.T) {
	var out strings.Builder
	clock := time.Now()
	tick := func() time.Time { clock = clock.Add(time.Millisecond); return clock } // 1 ms a draw: within barEvery
	b := &bar{w: &out, total: 2, start: clock, now: tick, cols: func() int { return 0 }}
	b.draw(true)
	if got := out.String(); got != "\r\x1b[K  0% |                    | (0/2) [0s:?] " {
		t.Fatalf("first draw %q", got)
	}
	out.Reset()
	b.describe("llm_bench -p '\x1b[31mred\x1b[0m'")
	if out.Len() != 0 {
		t.Errorf("drawn again within barEvery: %q", out.String())
	}
	if !strings.Contains(b.cmd, `\x1b[31mred`) || strings.ContainsRune(b.cmd, 0x1b) {
		t.Errorf("command shown as %q", b.cmd)
	}
	inv := &Invocation{Command: "llm_bench \x07"}
	b.end(inv, &mnndb.Attempt{Status: "failed", Error: "exit status 1\x1b]0;title\x07"}, true)
	got := out.String()
	if !strings.HasPrefix(got, "\r\x1b[Ksweepstat: FAILED failed (exit status 1\\x1b]0;title\\a): llm_bench \\a\n") {
		t.Errorf("failure %q", got)
	}
	if strings.Count(got, "\x1b") != 2 || strings.ContainsRune(got, 0x07) {
		t.Errorf("raw escapes reach the terminal: %q", got)
	}
	if !strings.Contains(got, "(1/2)") || !strings.Contains(got, "1 failed | llm_bench -p") {
		t.Errorf("bar after the failure: %q", got)
	}
	out.Reset()
	b.end(inv, &mnndb.Attempt{Status: mnndb.StatusSuccess}, true) // the last: drawn at once
	if !strings.Contains(out.String(), "100% |████████████████████| (2/2)") {
		t.Errorf("last %q", out.String())
	}
	out.Reset()
	b.close()
	if got := out.String(); !strings.HasPrefix(got, "\r\x1b[K100%") || !strings.HasSuffix(got, "\n") {
		t.Errorf("close %q", got)
	}
	long := &bar{w: &out, now: tick, cols: func() int { return 0 }}
	long.describe(strings.Repeat("é", 100))
	if r := []rune(long.cmd); len(r) != cmdWidth || r[cmdWidth-1] != '…' {
		t.Errorf("long command shown as %q", long.cmd)
	}
	long.describe(strings.Repeat("模", 100)) // two columns each
	if w := safename.Width(long.cmd); w != cmdWidth-1 || !strings.HasSuffix(long.cmd, "…") {
		t.Errorf("long wide command shown as %q (%d columns)", long.cmd, w)
	}
}
