package benchfile

import (
	"fmt"
	"strings"
	"sync"

	"github.com/sweepstat/sweepstat/internal/sweep"
)

// ReadLabelledConcurrently is ReadLabelled with the files parsed at the
// same time, one goroutine each (parsing is most of a comparison of two
// big files, and each file's records are its own): the same task, its
// records in the same order, and the error ReadLabelled returns — that of
// the first file, in the order given, that fails.
func ReadLabelledConcurrently(paths, labels []string) (*sweep.Task, error) {
	parts := make([]*sweep.Task, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			part := &sweep.Task{}
			if err := readFile(part, p, labels[i]); err != nil {
				errs[i] = err
				return
			}
			if len(part.Records) == 0 {
				errs[i] = fmt.Errorf("%s: no benchmark results", p)
			}
			parts[i] = part
		}()
	}
	wg.Wait()
	n := 0
	for i := range paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		n += len(parts[i].Records)
	}
	t := &sweep.Task{ID: 1, Name: "benchfmt files", Description: strings.Join(paths, " vs "), Records: make([]sweep.Record, 0, n)}
	for _, part := range parts {
		t.Records = append(t.Records, part.Records...)
	}
	return t, nil
}
