// Package safename turns names that come from the data (model names, option
// values) into names that are safe where they land: file names and benchfmt
// name keys (File, Key), and names of bounded length for every output
// (Shorten, applied where records are read). Distinct inputs keep distinct
// outputs: whenever a name had to be changed, a hash of the original is
// appended.
package safename

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

const maxNameLen = 64

// File turns s into a file name component: characters outside
// [A-Za-z0-9._+-] become '_', a leading '.' or '-' becomes '_', and when
// anything changed, s is long or empty, or s has upper-case letters (which
// a case-insensitive file system would merge with their lower case), a
// short hash of s is appended, so distinct inputs keep distinct names.
func File(s string) string {
	var b strings.Builder
	for i, r := range s {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '_' || r == '+' || (i > 0 && (r == '.' || r == '-')))
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == s && len(out) <= maxNameLen && out != "" && strings.ToLower(out) == out {
		return out
	}
	if len(out) > maxNameLen {
		out = out[:maxNameLen]
	}
	if out == "" {
		out = "_"
	}
	return out + "-" + hash(s)
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// hash48 is 12 hex digits (48 bits) of the SHA-256 of s.
func hash48(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// Key turns s into a benchfmt name key or value: no white space, '/', '=' or
// control characters (they become '_'), and a hash suffix when anything
// changed or s ends in "-N" (which benchfmt would read as GOMAXPROCS at
// the end of a name). Non-ASCII letters are kept: benchfmt names are UTF-8.
func Key(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' || r == '=' || r == utf8.RuneError {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == s && out != "" && len(out) <= maxNameLen && !procsSuffix.MatchString(out) {
		return out
	}
	if len(out) > maxNameLen {
		out = truncate(out, maxNameLen)
	}
	return out + "-" + hash(s) + "h"
}

// procsSuffix matches the "-N" suffix that benchfmt reads as GOMAXPROCS at
// the end of a name; Key never returns a string ending in it.
var procsSuffix = regexp.MustCompile(`-[0-9]+$`)

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}
