package safename

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostile are names from the data that must be made safe. They are
// pairwise distinct, and several differ only in a character File or Key
// replaces.
var hostile = []string{
	"", " ", ".", "..", "-", "_",
	"a/b", "a_b", "a b", "a|b", "a\\b", "a:b", "a=b", "a\tb", "a\nb", "a\x00b",
	"../x", "..__x", "./x", "/etc/passwd",
	"bad|name/../x=1 *b*", ".hidden", "-rf", "_hidden",
	"模型", "模型2", "数据", "ümlaut", "e\u0301", "\u00e9",
	"x\xffy", "x\xfey",
	strings.Repeat("a", 64), strings.Repeat("a", 65), strings.Repeat("a", 200), strings.Repeat("a", 201),
	strings.Repeat("a", 64) + "/", strings.Repeat("a", 64) + "_",
	strings.Repeat("模", 40), strings.Repeat("模", 41),
	"Qwen2.5 0.5B", "qwen2_5_0_5b",
}

var fileRE = regexp.MustCompile(`^[A-Za-z0-9_+][A-Za-z0-9._+-]*$`)

func TestFileUnchanged(t *testing.T) {
	for _, s := range []string{"alpha", "qwen2.5-0.5b", "a_b+c", "x.y-z", "_x", "7", strings.Repeat("z", 64)} {
		if got := File(s); got != s {
			t.Errorf("File(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestFileExample(t *testing.T) {
	// sha256("a/b") = c14cddc0 33f64b9d… (sha256sum of the three bytes).
	if got, want := File("a/b"), "a_b-c14cddc0"; got != want {
		t.Errorf("File(%q) = %q, want %q", "a/b", got, want)
	}
}

func TestFileSafeAndDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, s := range hostile {
		got := File(s)
		if !fileRE.MatchString(got) {
			t.Errorf("File(%q) = %q: not of the form [A-Za-z0-9_+][A-Za-z0-9._+-]*", s, got)
		}
		if got == "." || got == ".." {
			t.Errorf("File(%q) = %q", s, got)
		}
		if len(got) > 80 {
			t.Errorf("File(%q) is %d bytes long, want at most 80", s, len(got))
		}
		if prev, ok := seen[got]; ok {
			t.Errorf("File(%q) = File(%q) = %q", s, prev, got)
		}
		seen[got] = s
		if File(s) != got {
			t.Errorf("File(%q) is not deterministic", s)
		}
	}
}

// Names that differ only in case are distinct models, but the same file on
// case-insensitive file systems (macOS and Windows by default), where one
// model's charts would overwrite the other's.
func TestFileDistinctIgnoringCase(t *testing.T) {
	pairs := [][2]string{{"Alpha", "alpha"}, {"Qwen-7B", "qwen-7b"}}
	for _, p := range pairs {
		a, b := File(p[0]), File(p[1])
		if strings.EqualFold(a, b) {
			t.Errorf("File(%q) = %q and File(%q) = %q name the same file on a case-insensitive file system", p[0], a, p[1], b)
		}
	}
}

func TestKeySafeAndDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, s := range hostile {
		got := Key(s)
		if got == "" {
			t.Errorf("Key(%q) is empty", s)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Key(%q) = %q is not valid UTF-8", s, got)
		}
		for _, r := range got {
			if unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' || r == '=' {
				t.Errorf("Key(%q) = %q holds %q", s, got, r)
			}
		}
		if len(got) > 80 {
			t.Errorf("Key(%q) is %d bytes long, want at most 80", s, len(got))
		}
		if prev, ok := seen[got]; ok {
			t.Errorf("Key(%q) = Key(%q) = %q", s, prev, got)
		}
		seen[got] = s
	}
}

func TestKeyUnchanged(t *testing.T) {
	for _, s := range []string{"alpha", "bad|name", "模型", "ümlaut", "x-7x", "a*b", strings.Repeat("模", 21)} {
		if got := Key(s); got != s {
			t.Errorf("Key(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestKeyTruncatesOnRuneBoundary(t *testing.T) {
	// A prefix of 0, 1 or 2 ASCII bytes moves the 64-byte cut to each
	// position inside the 3-byte runes that follow.
	for shift := 0; shift < 3; shift++ {
		s := strings.Repeat("a", shift) + strings.Repeat("模", 30)
		got := Key(s)
		if !utf8.ValidString(got) {
			t.Errorf("Key(%d×a + 30×模) = %q is not valid UTF-8", shift, got)
		}
		prefix, _, ok := strings.Cut(got, "-")
		if !ok || !strings.HasPrefix(s, prefix) || len(prefix) > 64 || len(prefix) < 62 {
			t.Errorf("Key(%d×a + 30×模) = %q: want a prefix of the input of 62 to 64 bytes, then -hash", shift, got)
		}
	}
	// Invalid UTF-8 in the input does not survive into the key.
	if got := Key("x\xff\xfe" + strings.Repeat("y", 70)); !utf8.ValidString(got) {
		t.Errorf("Key(invalid UTF-8) = %q is not valid UTF-8", got)
	}
}

// TestKeyProcsSuffix: a value ending in "-N" would be read as GOMAXPROCS at
// the end of a benchmark name; Key changes it, keeping distinct inputs
// distinct.
func TestKeyProcsSuffix(t *testing.T) {
	for _, in := range []string{"v-7", "-12", "v-7_"} {
		got := Key(in)
		if regexp.MustCompile(`-[0-9]+$`).MatchString(got) {
			t.Errorf("Key(%q) = %q ends in -N", in, got)
		}
	}
	if Key("v-7") == Key("v-7_") {
		t.Errorf("Key(v-7) = Key(v-7_) = %q", Key("v-7"))
	}
	for _, in := range []string{"v-", "v-7x", "64"} {
		if got := Key(in); got != in {
			t.Errorf("Key(%q) = %q, want it unchanged", in, got)
		}
	}
}
