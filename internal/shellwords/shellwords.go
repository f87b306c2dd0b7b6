// Package shellwords splits command lines as a POSIX shell splits a simple
// command, for the subset that benchmark runners, command templates and
// command prefixes use. It never runs a shell.
package shellwords

import (
	"errors"
	"strings"
)

// A Word is one word of a command line, or an operator.
type Word struct {
	Text string
	Op   bool // an unquoted operator or redirection (|, ;, &&, >, 2>&1 …)
}

// ErrUnclosedQuote is the error of a line with a quote left open.
var ErrUnclosedQuote = errors.New("unclosed quote")

// operators are the bytes that start an operator outside quotes.
const operators = "|&;<>"

// Split splits s: blanks separate words; '…' quotes literally; "…"
// quotes, with \ escaping " \ $ and `; outside quotes \ escapes the next
// character; an unquoted |, &, ;, < or > is an operator word (with the
// file descriptor number before a redirection and the one after >& or
// <&: "2>&1" is one operator).
func Split(s string) ([]Word, error) { return split(s, false) }

// SplitKeepingBackslashes is Split, except that outside quotes a
// backslash escapes only a blank, a quote, a backslash, $, ` or an
// operator character; before any other character it is kept, so that
// Windows paths (C:\mnn\llm_bench.exe) in a recorded command survive.
func SplitKeepingBackslashes(s string) ([]Word, error) { return split(s, true) }

// Texts returns the words' texts, or the first operator when there is one.
func Texts(words []Word) (texts []string, op string) {
	for _, w := range words {
		if w.Op {
			return nil, w.Text
		}
		texts = append(texts, w.Text)
	}
	return texts, ""
}

func split(s string, keepBackslash bool) ([]Word, error) {
	var (
		words []Word
		cur   strings.Builder
		inCur bool // cur holds a word (possibly empty, as in '')
	)
	flush := func() {
		if inCur {
			words = append(words, Word{Text: cur.String()})
		}
		cur.Reset()
		inCur = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
		case c == '\\' && i+1 < len(s) && (!keepBackslash || strings.IndexByte(" \t\n'\"\\$`"+operators, s[i+1]) >= 0):
			i++
			if s[i] != '\n' { // a backslash-newline joins lines
				cur.WriteByte(s[i])
				inCur = true
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, ErrUnclosedQuote
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
				return nil, ErrUnclosedQuote
			}
		case strings.IndexByte(operators, c) >= 0:
			// A word of digits right before < or > is a file descriptor.
			text := ""
			if (c == '<' || c == '>') && inCur && isDigits(cur.String()) {
				text = cur.String()
				cur.Reset()
				inCur = false
			}
			flush()
			j := i
			for j < len(s) && strings.IndexByte(operators, s[j]) >= 0 {
				j++
			}
			// "2>&1": the descriptor after >& belongs to the operator.
			for j < len(s) && s[j-1] == '&' && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			words = append(words, Word{Text: text + s[i:j], Op: true})
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
