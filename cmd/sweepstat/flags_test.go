package main

import (
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/safename"
)

// Names given on the command line are shortened as the data's names are,
// so that a long model name given in full still selects its records; a
// list (with commas) is left whole for compare to split.
func TestToSpecShortensNames(t *testing.T) {
	long := strings.Repeat("m", 1000)
	s := selection{task: long, option: long, base: long, new: long + ",8", models: listFlag{long, "a,b"}}
	spec, err := s.toSpec()
	if err != nil {
		t.Fatal(err)
	}
	short := safename.Shorten(long)
	if spec.Task != short || spec.Option != short || spec.Base != short {
		t.Errorf("task, option, base: %d, %d, %d bytes; want %d", len(spec.Task), len(spec.Option), len(spec.Base), len(short))
	}
	if len(spec.NewValues) != 2 || spec.NewValues[0] != short || spec.NewValues[1] != "8" {
		t.Errorf("new values %q", spec.NewValues)
	}
	if len(spec.Models) != 2 || spec.Models[0] != short || spec.Models[1] != "a,b" {
		t.Errorf("models %q", spec.Models)
	}
}
