package safename

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

func TestShortenUnchanged(t *testing.T) {
	for _, s := range []string{"", "qwen2_5_0_5b", "模型", strings.Repeat("a", MaxName), strings.Repeat("模", MaxName/3)} {
		if got := Shorten(s); got != s {
			t.Errorf("Shorten(%d bytes) changed it to %q", len(s), got)
		}
	}
}

func TestShortenLong(t *testing.T) {
	long := []string{
		strings.Repeat("a", MaxName+1),
		strings.Repeat("a", MaxName+2),
		strings.Repeat("a", MaxName) + "b",
		strings.Repeat("模", 200),
		strings.Repeat("模", 200) + "x",
		strings.Repeat("a", 10<<20),
		strings.Repeat("x\xff", 300), // invalid UTF-8 is cut, not mended
	}
	seen := map[string]int{}
	for i, s := range long {
		got := Shorten(s)
		if len(got) > MaxName {
			t.Errorf("Shorten(#%d) is %d bytes, want at most %d", i, len(got), MaxName)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Shorten(#%d) cut a character in two: %q", i, got)
		}
		prefix, suffix, ok := strings.Cut(got, "…")
		if !ok || !strings.HasPrefix(s, prefix) || len(suffix) != 12 {
			t.Errorf("Shorten(#%d) = %q: want a prefix of the name, \"…\" and 12 hex digits", i, got)
		}
		if Shorten(got) != got {
			t.Errorf("Shorten is not idempotent on #%d", i)
		}
		if Shorten(s) != got {
			t.Errorf("Shorten(#%d) is not stable", i)
		}
		if j, dup := seen[got]; dup {
			t.Errorf("Shorten(#%d) = Shorten(#%d) = %q", i, j, got)
		}
		seen[got] = i
	}
}

// The suffix is the SHA-256 of the whole name: sha256sum of 257 'a's
// starts with e8d95cc2b4bc (computed outside Go).
func TestShortenExample(t *testing.T) {
	got := Shorten(strings.Repeat("a", 257))
	want := strings.Repeat("a", MaxName-15) + "…e8d95cc2b4bc"
	if got != want {
		t.Errorf("Shorten(257 a) = %q, want %q", got, want)
	}
}

// Shortening takes time linear in the name: a 64 MiB name takes well
// under a second (the 40,000-character names took minutes in
// charts before they were shortened).
func TestShortenLinear(t *testing.T) {
	s := strings.Repeat("名", 64<<20/3)
	start := time.Now()
	Shorten(s)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Shorten(64 MiB) took %v", d)
	}
}

func TestShortenRecord(t *testing.T) {
	long := strings.Repeat("m", 1000)
	shared := map[string]string{"dynamicOption": "7", "n_prompt": "64"}
	r := sweep.Record{Test: &sweep.Test{Phase: "pp", Size: long, Unit: long}, Case: &sweep.Case{Origin: &sweep.Origin{Task: long, Suite: long, Model: long}, Invocation: long, Params: strings.Repeat("p", MaxText+1), Knobs: shared}}
	ShortenRecord(&r)
	for name, got := range map[string]string{"Task": r.Task, "Suite": r.Suite, "Model": r.Model, "Invocation": r.Invocation, "Size": r.Size, "Unit": r.Unit} {
		if got != Shorten(long) {
			t.Errorf("%s = %q, want Shorten of it", name, got)
		}
	}
	if r.Phase != "pp" {
		t.Errorf("Phase = %q, want pp", r.Phase)
	}
	if len(r.Params) > MaxText {
		t.Errorf("Params is %d bytes, want at most %d", len(r.Params), MaxText)
	}
	r.Knobs["n_gen"] = "1" // the same map: nothing was too long
	if shared["n_gen"] != "1" {
		t.Errorf("ShortenRecord copied a knob map that needed no change")
	}
	delete(shared, "n_gen")

	withLong := map[string]string{long: long, "mmap": "0"}
	r2 := sweep.Record{Test: &sweep.Test{}, Case: &sweep.Case{Origin: &sweep.Origin{}, Knobs: withLong}}
	ShortenRecord(&r2)
	if _, ok := withLong[long]; !ok || len(withLong) != 2 {
		t.Errorf("ShortenRecord wrote to the record's knob map")
	}
	if got := r2.Knobs[Shorten(long)]; got != Shorten(long) || r2.Knobs["mmap"] != "0" || len(r2.Knobs) != 2 {
		t.Errorf("shortened knobs = %v", r2.Knobs)
	}
}
