package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/sweepstat/sweepstat/compare"
)

// writeFiles writes files into dir. Every file is rendered into a temporary
// directory inside dir first; only when all succeed are they renamed into
// place, so an error leaves dir as it was (apart from dir itself being
// created) and a crash never leaves half a file.
func writeFiles(ctx context.Context, dir string, files []compare.File) (err error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".sweepstat-tmp-")
	if err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	// Render concurrently (charts dominate and are independent); report the
	// first error in file order, so the message does not depend on timing.
	errs := make([]error, len(files))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if errs[i] = ctx.Err(); errs[i] == nil {
				errs[i] = render(filepath.Join(tmp, filepath.FromSlash(f.Name)), f)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, f := range files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		if err := os.Rename(filepath.Join(tmp, filepath.FromSlash(f.Name)), dst); err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
	}
	return nil
}

func render(path string, f compare.File) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return fmt.Errorf("writing %s: %w", f.Name, err)
	}
	w, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.Name, err)
	}
	if err := f.Write(w); err != nil {
		w.Close()
		return fmt.Errorf("writing %s: %w", f.Name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", f.Name, err)
	}
	return nil
}
