package chart

import (
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"
)

// timeLayouts are the run times parseTime reads: the mnn_anal database's
// "2025-11-27 16:08:58" (fractional seconds and a zone allowed) and, with
// a "T", RFC 3339 (llama-bench's test_time) or the same without a zone.
var timeLayouts = map[byte][]string{
	' ': {"2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04"},
	'T': {time.RFC3339Nano, "2006-01-02T15:04:05.999999999"},
}

// parseTime reads a record's run time. A time without a zone is taken as
// UTC, so that it is shown as written.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 16 {
		return time.Time{}, false
	}
	if t, ok := parsePlainTime(s); ok {
		return t, true
	}
	for _, l := range timeLayouts[s[10]] { // the layouts of its date–time separator
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parsePlainTime reads s when it is exactly "2006-01-02 15:04:05" with a
// valid date and time (the mnn_anal database's every record), as
// time.Parse does but without its general layout machinery; ok is false
// for anything else, left to time.Parse.
func parsePlainTime(s string) (time.Time, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	var f [6]int
	for i, at := range [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		for j := at[0]; j < at[1]; j++ {
			c := s[j]
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			f[i] = f[i]*10 + int(c-'0')
		}
	}
	y, mo, d, h, mi, sec := f[0], f[1], f[2], f[3], f[4], f[5]
	if mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d { // beyond the month's last day
		return time.Time{}, false
	}
	return t, true
}

// unixSeconds is t as seconds since 1970 (the x of a run-order panel).
func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// timeTicks marks round times (every 1, 2, 5, 10, 15 or 30 minutes, 1, 2,
// 3, 6 or 12 hours, or days) in loc, about six labelled ones over the
// axis, labelled "15:04" or, over more than a day, "01-02 15:04".
type timeTicks struct{ loc *time.Location }

// Ticks implements plot.Ticker.
func (tt timeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	steps := []float64{60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400}
	step := steps[len(steps)-1]
	for _, s := range steps {
		if (hi-lo)/s <= 7 {
			step = s
			break
		}
	}
	layout := "15:04"
	if hi-lo > 86400 {
		layout = "01-02 15:04"
	}
	if step >= 86400 {
		layout = "01-02"
	}
	_, off := time.Unix(int64(lo), 0).In(tt.loc).Zone()
	var ticks []plot.Tick
	first := math.Ceil((lo+float64(off))/step)*step - float64(off) // round in local time
	for v := first; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: time.Unix(int64(v), 0).In(tt.loc).Format(layout)})
		if mid := v + step/2; mid <= hi { // a minor tick between
			ticks = append(ticks, plot.Tick{Value: mid})
		}
	}
	return ticks
}
