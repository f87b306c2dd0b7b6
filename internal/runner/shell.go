package runner

import (
	"fmt"
	"strings"

	"github.com/sweepstat/sweepstat/internal/shellwords"
)

// splitWords splits a command prefix as a shell would split a simple
// command (shellwords.Split). A shell operator is an error: the prefix is
// run without a shell (a remote shell behind ssh or adb would interpret
// it), so it must be quoted.
func splitWords(s string) ([]string, error) {
	words, err := shellwords.Split(s)
	if err != nil {
		return nil, err
	}
	texts, op := shellwords.Texts(words)
	if op != "" {
		return nil, fmt.Errorf("shell operator %q: a prefix is one simple command (quote it, or use sh -c '…')", op)
	}
	return texts, nil
}

// quote returns s as one shell word: unchanged when it holds only safe
// characters, else in single quotes.
func quote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_./:=,+@%^", c) >= 0) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// joinCommand renders argv as a shell command line.
func joinCommand(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = quote(a)
	}
	return strings.Join(q, " ")
}
