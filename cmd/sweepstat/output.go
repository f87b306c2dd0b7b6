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
// place, and a failure while renaming puts back what was there. So an error
// leaves dir's files as they were (directories it needed may remain) and a
// crash never leaves half a file.
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
	return install(dir, tmp, files)
}

// install moves the rendered files from tmp into dir. A file it replaces
// is first moved aside into tmp; if any step fails, every file installed so
// far is removed and the replaced ones are put back.
func install(dir, tmp string, files []compare.File) error {
	type step struct{ dst, backup string }
	var done []step
	undo := func() {
		for i := len(done) - 1; i >= 0; i-- {
			os.Remove(done[i].dst)
			if done[i].backup != "" {
				os.Rename(done[i].backup, done[i].dst)
			}
		}
	}
	for _, f := range files {
		name := filepath.FromSlash(f.Name)
		dst := filepath.Join(dir, name)
		s := step{dst: dst}
		err := os.MkdirAll(filepath.Dir(dst), 0o777)
		if err == nil {
			if _, statErr := os.Lstat(dst); statErr == nil {
				s.backup = filepath.Join(tmp, ".replaced", name)
				if err = os.MkdirAll(filepath.Dir(s.backup), 0o777); err == nil {
					err = os.Rename(dst, s.backup)
				}
			}
		}
		if err == nil {
			if err = os.Rename(filepath.Join(tmp, name), dst); err != nil && s.backup != "" {
				os.Rename(s.backup, dst)
			}
		}
		if err != nil {
			undo()
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		done = append(done, s)
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
