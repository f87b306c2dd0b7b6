package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// A config is what the FAKE_* environment variables say (see the package
// documentation). Its zero value is not used: loadConfig sets defaults.
type config struct {
	mode     string // "llm_bench" or "llama-bench"
	seed     uint64
	state    string // directory of the invocation counter, "" for none
	pp, tg   float64
	cv       float64 // per repetition, as a fraction
	runCV    float64 // per invocation, as a fraction
	epoch    time.Time
	drift    float64 // fraction per second
	hasDrift bool
	effects  []effect
	fail     []condition
	status   int
	hang     []condition
	garbage  []condition
	echo     []echo
	sleep    time.Duration
}

// An effect multiplies the speed of the tests whose knob has a value.
type effect struct {
	knob, value string
	factor      float64 // 1.02 for +2%
	phase       string  // "" for every phase, else pp, tg or pp+tg
}

// A condition is "always", "every=N" or "knob=value".
type condition struct {
	always      bool
	every       int
	knob, value string
}

// An echo replaces the printed value of a knob.
type echo struct{ knob, value string }

// loadConfig reads the FAKE_* variables through getenv. mode is the mode
// read from the program's name, which FAKE_ENGINE overrides.
func loadConfig(getenv func(string) string, mode string) (*config, error) {
	c := &config{mode: mode, seed: 1, pp: 100, tg: 20, cv: 0.01, status: 1}
	bad := func(name string, err error) error { return fmt.Errorf("%s: %v", name, err) }
	if v := getenv("FAKE_ENGINE"); v != "" {
		if v != modeLLMBench && v != modeLlamaBench {
			return nil, fmt.Errorf("FAKE_ENGINE: %q is neither %s nor %s", v, modeLLMBench, modeLlamaBench)
		}
		c.mode = v
	}
	if v := getenv("FAKE_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, bad("FAKE_SEED", err)
		}
		c.seed = n
	}
	c.state = getenv("FAKE_STATE")
	for _, f := range []struct {
		name string
		dst  *float64
		pct  bool
		min  float64
	}{
		{"FAKE_PP", &c.pp, false, 1e-9},
		{"FAKE_TG", &c.tg, false, 1e-9},
		{"FAKE_CV", &c.cv, true, 0},
		{"FAKE_RUN_CV", &c.runCV, true, 0},
	} {
		v := getenv(f.name)
		if v == "" {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < f.min {
			return nil, fmt.Errorf("%s: %q is not a number of at least %g", f.name, v, f.min)
		}
		if f.pct {
			x /= 100
		}
		*f.dst = x
	}
	if v := getenv("FAKE_DRIFT"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("FAKE_DRIFT: %q is not a number", v)
		}
		e := getenv("FAKE_EPOCH")
		ns, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("FAKE_EPOCH: %q is not a time in Unix nanoseconds (FAKE_DRIFT needs it)", e)
		}
		c.drift, c.epoch, c.hasDrift = x/100, time.Unix(0, ns), true
	}
	var err error
	if c.effects, err = parseEffects(getenv("FAKE_EFFECT")); err != nil {
		return nil, bad("FAKE_EFFECT", err)
	}
	for _, f := range []struct {
		name string
		dst  *[]condition
	}{{"FAKE_FAIL", &c.fail}, {"FAKE_HANG", &c.hang}, {"FAKE_GARBAGE", &c.garbage}} {
		if *f.dst, err = parseConditions(getenv(f.name)); err != nil {
			return nil, bad(f.name, err)
		}
		for _, cond := range *f.dst {
			if cond.every > 0 && c.state == "" {
				return nil, fmt.Errorf("%s: every=%d needs FAKE_STATE, the directory of the invocation counter", f.name, cond.every)
			}
		}
	}
	if v := getenv("FAKE_FAIL_STATUS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 125 {
			return nil, fmt.Errorf("FAKE_FAIL_STATUS: %q is not an exit status from 1 to 125", v)
		}
		c.status = n
	}
	for _, item := range splitList(getenv("FAKE_ECHO")) {
		k, v, ok := strings.Cut(item, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("FAKE_ECHO: %q is not knob=value", item)
		}
		c.echo = append(c.echo, echo{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	if v := getenv("FAKE_SLEEP"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("FAKE_SLEEP: %q is not a duration", v)
		}
		c.sleep = d
	}
	return c, nil
}

// splitList splits a ';'-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ";") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// parseEffects reads "knob=value:+pct[@phase];…".
func parseEffects(s string) ([]effect, error) {
	var out []effect
	for _, item := range splitList(s) {
		kv, change, ok := strings.Cut(item, ":")
		k, v, ok2 := strings.Cut(kv, "=")
		if !ok || !ok2 || k == "" {
			return nil, fmt.Errorf("%q is not knob=value:±percent[@phase]", item)
		}
		change, phase, _ := strings.Cut(change, "@")
		switch phase {
		case "", "pp", "tg", "pp+tg":
		default:
			return nil, fmt.Errorf("%q: phase %q is not pp, tg or pp+tg", item, phase)
		}
		pct, err := strconv.ParseFloat(strings.TrimSpace(change), 64)
		if err != nil || math.IsNaN(pct) || math.IsInf(pct, 0) || pct <= -100 {
			return nil, fmt.Errorf("%q: %q is not a change in percent above -100", item, change)
		}
		out = append(out, effect{strings.TrimSpace(k), strings.TrimSpace(v), 1 + pct/100, phase})
	}
	return out, nil
}

// parseConditions reads "always", "every=N" and "knob=value" items.
func parseConditions(s string) ([]condition, error) {
	var out []condition
	for _, item := range splitList(s) {
		k, v, ok := strings.Cut(item, "=")
		switch {
		case item == "always" || item == "1":
			out = append(out, condition{always: true})
		case ok && k == "every":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("%q: every needs a positive count", item)
			}
			out = append(out, condition{every: n})
		case ok && k != "":
			out = append(out, condition{knob: strings.TrimSpace(k), value: strings.TrimSpace(v)})
		default:
			return nil, fmt.Errorf("%q is not always, every=N or knob=value", item)
		}
	}
	return out, nil
}

// holds reports whether one of conds holds for invocation number n (1 is
// the first; 0 when there is no counter) whose knobs are looked up by
// value, which returns every value the invocation gives a knob.
func holds(conds []condition, n uint64, value func(knob string) []string) (string, bool) {
	for _, c := range conds {
		switch {
		case c.always:
			return "always", true
		case c.every > 0:
			if n > 0 && n%uint64(c.every) == 0 {
				return fmt.Sprintf("invocation %d, every=%d", n, c.every), true
			}
		default:
			for _, v := range value(c.knob) {
				if v == c.value {
					return c.knob + "=" + c.value, true
				}
			}
		}
	}
	return "", false
}
