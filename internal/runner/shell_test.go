package runner

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestQuoteRoundTrip has a real shell split what joinCommand wrote: the
// words come back unchanged (what a remote shell behind ssh or adb does).
func TestQuoteRoundTrip(t *testing.T) {
	words := []string{"plain", "with space", "it's", `"dq"`, "$HOME", "a;b", "", "-p", "x=1,2", "back\\slash", "*"}
	out, err := exec.Command("sh", "-c", "printf '%s\\n' "+joinCommand(words)).Output()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(words, strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	got, err := splitWords(`taskset -c 1 'a b' "c \"d\"" e\ f`)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"taskset", "-c", "1", "a b", `c "d"`, "e f"}, got); d != "" {
		t.Errorf("splitWords (-want +got):\n%s", d)
	}
	if _, err := splitWords(`a 'b`); err == nil {
		t.Errorf("unclosed quote accepted")
	}
	if _, err := splitWords(`adb shell; rm x`); err == nil || !strings.Contains(err.Error(), `shell operator ";"`) {
		t.Errorf("an operator in a prefix: %v", err)
	}
}

// TestRemotePrefix checks that a remote shell prefix quotes the engine's
// arguments and that local prefixes pass them as they are.
func TestRemotePrefix(t *testing.T) {
	text := strings.Replace(basicSweep, "global_config:", "taskset: \"ssh phone\"\nglobal_config:", 1)
	text = strings.Replace(text, `models: ["a/config.json", "b/config.json"]`, `models: ["/data/my models/a/config.json"]`, 1)
	o := options(t, sweepDir(t, text))
	if !o.Remote {
		t.Fatal("ssh prefix is not remote")
	}
	p, err := NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	argv := p.Todo[0].Argv
	if argv[0] != "ssh" || argv[1] != "phone" || argv[4] != "'/data/my models/a/config.json'" {
		t.Errorf("remote argv %q", argv)
	}
	if err := p.checkModels(); err != nil {
		t.Errorf("models of a remote run checked here: %v", err)
	}
	o.Remote = false
	p, err = NewPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	if argv := p.Todo[0].Argv; argv[4] != "/data/my models/a/config.json" {
		t.Errorf("local argv %q", argv)
	}
}
