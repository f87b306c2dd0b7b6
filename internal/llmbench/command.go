package llmbench

import (
	"fmt"
	"path"
	"regexp"
	"strings"
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
// repeats appended) keep every value; the others keep the last.
var flags = func() map[string]flagSpec {
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
}()

// programRE matches the base name of an llm_bench executable:
// llm_bench, llm_bench_prompt, llm_bench.exe …
var programRE = regexp.MustCompile(`^llm_bench(_[A-Za-z0-9]+)*(\.[A-Za-z0-9]+)?$`)

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
	words, err := shellWords(cmd)
	if err != nil {
		return nil, fmt.Errorf("parsing llm_bench command: %v", err)
	}
	start := -1
	for i, w := range words {
		if w.op {
			continue
		}
		if programRE.MatchString(path.Base(strings.ReplaceAll(w.text, `\`, "/"))) {
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
		spec, known := flags[name]
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
func commandArgs(words []word) []string {
	var args []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !w.op {
			args = append(args, w.text)
			continue
		}
		if strings.ContainsAny(w.text, "|;") || w.text == "&" || w.text == "&&" {
			return args // the end of this command
		}
		// A redirection: skip its target when it is a separate word.
		if redirTargetSeparate(w.text) && i+1 < len(words) && !words[i+1].op {
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

// A word is one word of a shell command line, or an operator.
type word struct {
	text string
	op   bool // an unquoted operator or redirection (|, ;, &&, >, 2>&1 …)
}

// shellWords splits a command line as a POSIX shell would, for the subset
// that benchmark runners write: blanks separate words; single quotes,
// double quotes and backslashes quote (a backslash only before a blank, a
// quote, a backslash or an operator); |, &, ;, < and > are operators (with
// a leading file descriptor number for redirections).
func shellWords(s string) ([]word, error) {
	var (
		words []word
		cur   strings.Builder
		inCur bool // cur holds a word (possibly empty, as in '')
	)
	flush := func() {
		if inCur {
			words = append(words, word{text: cur.String()})
		}
		cur.Reset()
		inCur = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
		case c == '\\' && i+1 < len(s) && strings.IndexByte(" \t\n'\"\\|&;<>$`", s[i+1]) >= 0:
			// A backslash quotes a blank, a quote or an operator; before
			// any other character it is kept, so that Windows paths
			// (C:\mnn\llm_bench.exe) survive.
			i++
			if s[i] != '\n' {
				cur.WriteByte(s[i])
				inCur = true
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unclosed quote in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			inCur = true
			i += j + 1
		case c == '"':
			inCur = true
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unclosed quote in %q", s)
			}
		case strings.IndexByte("|&;<>", c) >= 0:
			// A word of digits right before < or > is a file descriptor.
			text := ""
			if (c == '<' || c == '>') && inCur && isDigits(cur.String()) {
				text = cur.String()
				cur.Reset()
				inCur = false
			}
			flush()
			j := i
			for j < len(s) && strings.IndexByte("|&;<>", s[j]) >= 0 {
				j++
			}
			// "2>&1": the descriptor after >& belongs to the operator.
			for j < len(s) && s[j-1] == '&' && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			words = append(words, word{text: text + s[i:j], op: true})
			i = j - 1
		default:
			cur.WriteByte(c)
			inCur = true
		}
	}
	flush()
	return words, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
