package analysis

import (
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// A worker that panics on one benchmark becomes an error naming the
// benchmark; it does not take the process down, nor leave a zeroed row
// behind for the renderers (make test runs this under -race).
func TestWorkerPanicIsError(t *testing.T) {
	k := sweep.Key{Model: "m", Phase: "tg", Size: "32"}
	for i := 0; i < 300; i++ {
		row, err := safeCompare(k, "32", nil, nil, nil, DefaultConfig(), nil) // nil record: compareOne panics
		if err == nil || !strings.Contains(err.Error(), "comparing benchmark m tg 32: internal error") {
			t.Fatalf("err = %v, want an error naming the benchmark", err)
		}
		if row.Verdict != "" || row.Rec != nil {
			t.Fatalf("row %+v returned beside the error", row)
		}
	}
}
