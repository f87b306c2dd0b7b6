package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// nextInvocation increments the invocation counter in dir and returns its
// new value (1 for the first invocation). Concurrent invocations each get
// their own number: a lock directory (mkdir is atomic) guards the counter
// file, and a lock older than a second is taken to be left by a killed
// process and broken.
func nextInvocation(dir string) (uint64, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return 0, fmt.Errorf("FAKE_STATE: %v", err)
	}
	lock := filepath.Join(dir, "lock")
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := os.Mkdir(lock, 0o777)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) {
			return 0, fmt.Errorf("FAKE_STATE: %v", err)
		}
		if fi, err := os.Stat(lock); err == nil && time.Since(fi.ModTime()) > time.Second {
			os.Remove(lock)
			continue
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("FAKE_STATE: %s stays locked", lock)
		}
		time.Sleep(200 * time.Microsecond)
	}
	defer os.Remove(lock)
	path := filepath.Join(dir, "invocations")
	var n uint64
	switch b, err := os.ReadFile(path); {
	case err == nil:
		n, err = strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("FAKE_STATE: %s: %v", path, err)
		}
	case !errors.Is(err, os.ErrNotExist):
		return 0, fmt.Errorf("FAKE_STATE: %v", err)
	}
	n++
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.FormatUint(n, 10)+"\n"), 0o666); err != nil {
		return 0, fmt.Errorf("FAKE_STATE: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("FAKE_STATE: %v", err)
	}
	return n, nil
}

// A speeder draws the speeds of one invocation.
type speeder struct {
	cfg    *config
	rng    *rand.Rand
	factor float64 // drift and per-invocation noise, shared by every test
}

// newSpeeder seeds the noise with the seed and the invocation number n;
// without a counter (n == 0) it uses the clock, so that invocations still
// differ, but not reproducibly.
func newSpeeder(cfg *config, n uint64, now time.Time) *speeder {
	stream := n
	if n == 0 {
		stream = uint64(now.UnixNano()) | 1<<63
	}
	s := &speeder{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.seed, stream)), factor: 1}
	if cfg.hasDrift {
		s.factor *= 1 + cfg.drift*now.Sub(cfg.epoch).Seconds()
	}
	s.factor *= s.noise(cfg.runCV)
	return s
}

// noise returns a factor 1 + cv·N(0,1), kept above 0.05.
func (s *speeder) noise(cv float64) float64 {
	return math.Max(1+cv*s.rng.NormFloat64(), 0.05)
}

// effect returns the product of the effects that apply to a test of
// phase whose knobs are looked up by value.
func (s *speeder) effect(phase string, value func(knob string) []string) float64 {
	f := 1.0
	for _, e := range s.cfg.effects {
		if e.phase != "" && e.phase != phase {
			continue
		}
		for _, v := range value(e.knob) {
			if v == e.value {
				f *= e.factor
				break
			}
		}
	}
	return f
}

// durations returns the time in seconds of reps repetitions of a test of
// np prompt and ng generated tokens, each with its own noise. effect is
// the test's effect factor.
func (s *speeder) durations(np, ng, reps int, effect float64) []float64 {
	f := math.Max(s.factor*effect, 1e-6)
	out := make([]float64, reps)
	for i := range out {
		t := 0.0
		if np > 0 {
			t += float64(np) / (s.cfg.pp * f * s.noise(s.cfg.cv))
		}
		if ng > 0 {
			t += float64(ng) / (s.cfg.tg * f * s.noise(s.cfg.cv))
		}
		out[i] = t
	}
	return out
}

// meanStd returns the mean and the sample standard deviation of xs.
func meanStd(xs []float64) (mean, std float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}
