package llmbench

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/sweepstat/sweepstat/internal/shellwords"
)

// A flagSpec says what one llm_bench flag sets.
type flagSpec struct {
	knob string // knob name; "" for output flags, which are not knobs
	list bool   // repeated flags append (llm_bench keeps every value)
	sep  string // separator between repeated values (default ",")
}

// flags maps every flag of llm_bench and of the llm_bench_prompt fork,
// short and long, to its knob (see the package documentation for the
// source). Flags that llm_bench reads as lists (splitString on ',', with
// repeats appended) keep every value; the others keep the last. It is
// made on first use, as are the package's regular expressions: every
// sweepstat command would build them at start-up, and most (check,
// compare, report) never read an llm_bench command line.
var flags = sync.OnceValue(func() map[string]flagSpec {
	m := map[string]flagSpec{}
	add := func(spec flagSpec, names ...string) {
		for _, n := range names {
			m[n] = spec
		}
	}
	add(flagSpec{knob: "model_path", list: true}, "-m", "--model")
	add(flagSpec{knob: "backend", list: true}, "-a", "--backends")
	add(flagSpec{knob: "precision", list: true}, "-c", "--precision")
	add(flagSpec{knob: "threads", list: true}, "-t", "--threads")
	add(flagSpec{knob: "n_prompt", list: true}, "-p", "--n-prompt")
	add(flagSpec{knob: "n_gen", list: true}, "-n", "--n-gen")
	add(flagSpec{knob: "prompt_gen", list: true, sep: ";"}, "-pg")
	add(flagSpec{knob: "mmap"}, "-mmp", "--mmap")
	add(flagSpec{knob: "repeat", list: true}, "-rep", "--n-repeat")
	add(flagSpec{knob: "kv_cache"}, "-kv", "--kv-cache")
	add(flagSpec{knob: "loading_time"}, "-load", "--loading-time")
	add(flagSpec{knob: "dynamicOption", list: true}, "-dyo", "--dynamicOption")
	// The usage text says --mixedSme2NeonRatio; the parser compares
	// against --miexdSme2NeonRatio. Both are accepted.
	add(flagSpec{knob: "divisionRatioSme2Neon", list: true}, "-mr", "--mixedSme2NeonRatio", "--miexdSme2NeonRatio")
	add(flagSpec{knob: "smeCoreNum", list: true}, "-scn", "--sme-core-num")
	add(flagSpec{knob: "quantAttention", list: true}, "-qatten", "--quant-attention")
	add(flagSpec{knob: "memory", list: true}, "--memory")
	add(flagSpec{knob: "power", list: true}, "--power")
	add(flagSpec{knob: "vp"}, "-vp", "--variable-prompt")
	add(flagSpec{knob: "verbose"}, "-v", "--verbose")
	add(flagSpec{knob: "prompt_file"}, "-pf", "--prompt-file")
	add(flagSpec{knob: "image_file"}, "-ipf", "--image-file")
	add(flagSpec{}, "-fp", "--file-print")
	return m
})

// programRE matches the base name of an llm_bench executable:
// llm_bench, llm_bench_prompt, llm_bench.exe …
var programRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^llm_bench(_[A-Za-z0-9]+)*(\.[A-Za-z0-9]+)?$`)
})

// KnobsFromCommand parses an llm_bench command line into knobs named as the
// mnn_anal database names them (-p → n_prompt, -dyo → dynamicOption, -mmp
// → mmap …; see the package documentation). Words before the program (the
// first word whose base name is llm_bench, llm_bench_prompt or the like,
// e.g. after "taskset -c 1") are ignored, as is anything after a shell
// operator (|, ;, &&, ||, &) and redirections. Values keep the spelling of
// the command; a list flag given twice keeps both values ("-p 64 -p 128" →
// "64,128"). The output flags -fp and -j and the flag -h are not knobs. A
// flag llm_bench does not know becomes a knob under its name without
// leading dashes, with the next word as its value unless that word is a
// flag ("" then). The caller owns the returned map.
//
// The error reports a command without an llm_bench program, an unclosed
// quote, a flag missing its value, or a word that is no flag's value
// (llm_bench rejects those, so such a command produced no results).
func KnobsFromCommand(cmd string) (map[string]string, error) {
	words, err := shellwords.SplitKeepingBackslashes(cmd)
	if err != nil {
		return nil, fmt.Errorf("parsing llm_bench command: %v in %q", err, cmd)
	}
	start := -1
	for i, w := range words {
		if w.Op {
			continue
		}
		if programRE().MatchString(path.Base(strings.ReplaceAll(w.Text, `\`, "/"))) {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("parsing llm_bench command: no llm_bench program in %q", cmd)
	}
	knobs := map[string]string{}
	args := commandArgs(words[start:])
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name := arg
		if strings.HasPrefix(name, "--") {
			name = strings.ReplaceAll(name, "_", "-") // as llm_bench does
		}
		switch {
		case name == "-h" || name == "--help":
			continue
		case name == "-j" || name == "--json": // optional file name
			if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
			}
			continue
		case !isFlag(arg):
			return nil, fmt.Errorf("parsing llm_bench command: unexpected argument %q", arg)
		}
		spec, known := flags()[name]
		if !known {
			k := strings.TrimLeft(arg, "-")
			if k == "" {
				return nil, fmt.Errorf("parsing llm_bench command: unexpected argument %q", arg)
			}
			v := ""
			if i+1 < len(args) && !isFlag(args[i+1]) {
				i++
				v = args[i]
			}
			knobs[k] = v
			continue
		}
		if i+1 >= len(args) {
			return nil, fmt.Errorf("parsing llm_bench command: flag %s needs a value", arg)
		}
		i++
		v := args[i]
		if spec.knob == "" {
			continue
		}
		if old, ok := knobs[spec.knob]; ok && spec.list {
			sep := spec.sep
			if sep == "" {
				sep = ","
			}
			v = old + sep + v
		}
		knobs[spec.knob] = v
	}
	return knobs, nil
}

// isFlag reports whether s is a flag rather than a value: a dash followed
// by a letter or a dash ("-5" is a value).
func isFlag(s string) bool {
	return len(s) >= 2 && s[0] == '-' && !(s[1] >= '0' && s[1] <= '9') && s[1] != '.'
}

// commandArgs returns the program's arguments: the words up to the first
// shell operator, without redirections.
func commandArgs(words []shellwords.Word) []string {
	var args []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !w.Op {
			args = append(args, w.Text)
			continue
		}
		if strings.ContainsAny(w.Text, "|;") || w.Text == "&" || w.Text == "&&" {
			return args // the end of this command
		}
		// A redirection: skip its target when it is a separate word.
		if redirTargetSeparate(w.Text) && i+1 < len(words) && !words[i+1].Op {
			i++
		}
	}
	return args
}

// redirTargetSeparate reports whether redirection op (">", "2>", ">>",
// "<", "&>") takes its target from the next word; "2>&1" does not.
func redirTargetSeparate(op string) bool {
	return !strings.Contains(op, ">&") && !strings.Contains(op, "<&")
}
