package engine

import (
	"errors"
	"fmt"
	"strings"
)

// Names of the engines New knows.
const (
	LLMBench   = "llm_bench"
	LlamaBench = "llama-bench"
	Command    = "command"
)

// Names returns the names New accepts, in a fixed order. The caller owns
// the slice.
func Names() []string { return []string{LLMBench, LlamaBench, Command} }

// New returns the engine called name: LLMBench, LlamaBench or Command.
// template is the command line of a Command engine (see the Command
// engine's documentation in command.go) and must be empty for the others.
// The engine returned is stateless and safe for concurrent use.
func New(name, template string) (Engine, error) {
	switch name {
	case LLMBench, LlamaBench:
		if strings.TrimSpace(template) != "" {
			return nil, fmt.Errorf("creating engine %s: a command template is only for engine %s", name, Command)
		}
		if name == LLMBench {
			return llmBench{}, nil
		}
		return llamaBench{}, nil
	case Command:
		c, err := newCommand(template)
		if err != nil {
			return nil, fmt.Errorf("creating engine %s: %w", name, err)
		}
		return c, nil
	}
	return nil, fmt.Errorf("creating engine: unknown engine %q (want %s)", name, strings.Join(Names(), ", "))
}

// checkHelp is CheckHelp for every engine: each flag must appear in help
// as a word of its own (so "-m" is not found in "-mmp"), as usage texts
// list them: "  -t, --threads <n>", "  --poll <0...100>", "-ot --override-tensor".
func checkHelp(engine, help string, flags []string) error {
	listed := helpFlags(help)
	for _, f := range flags {
		if !listed[f] {
			if len(listed) == 0 {
				return fmt.Errorf("checking %s help: flag %s is not listed: the help text lists no flags at all", engine, f)
			}
			return fmt.Errorf("checking %s help: flag %s is not listed in the help text", engine, f)
		}
	}
	return nil
}

// helpFlags returns the words of help that look like flags: a dash or two
// then a letter, after a blank, a comma, a bracket or a parenthesis, or at
// the start of a line.
func helpFlags(help string) map[string]bool {
	out := map[string]bool{}
	isStart := func(c byte) bool { return strings.IndexByte(" \t\r\n,[(|", c) >= 0 }
	isFlagByte := func(c byte) bool {
		return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(help); i++ {
		if help[i] != '-' || i > 0 && !isStart(help[i-1]) {
			continue
		}
		j := i + 1
		if j < len(help) && help[j] == '-' {
			j++
		}
		if j >= len(help) || !(help[j] >= 'a' && help[j] <= 'z' || help[j] >= 'A' && help[j] <= 'Z') {
			continue
		}
		for j < len(help) && isFlagByte(help[j]) {
			j++
		}
		out[help[i:j]] = true
		i = j - 1
	}
	return out
}

// errEmptyProgram reports an Args call without a program path.
var errEmptyProgram = errors.New("empty program path")
