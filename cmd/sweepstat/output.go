package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/sweepstat/sweepstat/compare"
)

// tmpPrefix starts the name of the temporary directory that writeFiles
// makes inside the output directory.
const tmpPrefix = ".sweepstat-tmp-"

// writeFiles writes files into dir (made when missing, as the user named
// it). Every file is rendered into a temporary directory inside dir first;
// only when all succeed are they renamed into place, and a failure while
// renaming puts back what was there. So an error, or ctx canceled (SIGINT,
// SIGTERM), leaves dir's files as they were (directories it needed may
// remain) and no temporary file; a crash never leaves half a file.
//
// Nothing outside dir is written or removed: every path under dir is
// opened through an os.Root of dir, and a symbolic link, or anything but a
// directory, where a directory is needed, or anything but a regular file
// where a file goes (a directory, a link), is an error before anything is
// moved: it is never followed, replaced or removed.
func writeFiles(ctx context.Context, dir string, files []compare.File) (err error) {
	for _, f := range files {
		if !validName(f.Name) {
			return fmt.Errorf("writing %s: not a relative path inside the output directory", f.Name)
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return outputError(fmt.Errorf("creating output directory: %w", err))
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return outputError(fmt.Errorf("opening output directory: %w", err))
	}
	defer root.Close()
	if err := checkTargets(root, dir, files); err != nil {
		return err
	}
	tmp, err := mkdirTemp(root)
	if err != nil {
		return outputError(fmt.Errorf("creating a temporary directory in %s: %w", dir, err))
	}
	defer root.RemoveAll(tmp)
	defer onInterrupt(ctx, func() { root.RemoveAll(tmp) })()
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
			defer func() {
				if p := recover(); p != nil {
					errs[i] = &exitError{exitInternal, fmt.Errorf("writing %s: internal error: %v", f.Name, p)}
				}
			}()
			if errs[i] = ctx.Err(); errs[i] == nil {
				errs[i] = renderFile(root, tmp+"/"+f.Name, f)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return install(root, dir, tmp, files)
}

// renderFile is render; tests replace it with a renderer that never
// returns, to check that a signal still ends the command.
var renderFile = render

// validName reports whether a file name of a report is a clean relative
// slash path without "." or ".." elements.
func validName(name string) bool {
	return name != "" && name != "." && path.Clean(name) == name && fs.ValidPath(name) && !strings.Contains(name, "\\") && filepath.IsLocal(filepath.FromSlash(name))
}

// checkTargets checks, before anything is written, that every file can be
// put in place: each directory on its path is a directory (or missing),
// and the file itself is a regular file (or missing).
func checkTargets(root *os.Root, dir string, files []compare.File) error {
	for _, f := range files {
		parts := strings.Split(f.Name, "/")
		for i := range parts {
			p := strings.Join(parts[:i+1], "/")
			st, err := root.Lstat(p)
			if errors.Is(err, fs.ErrNotExist) {
				break
			}
			if err != nil {
				return outputError(fmt.Errorf("writing %s: %w", filepath.Join(dir, p), err))
			}
			last := i == len(parts)-1
			switch {
			case st.Mode()&fs.ModeSymlink != 0:
				return outputError(fmt.Errorf("writing %s: %s is a symbolic link: sweepstat neither follows nor replaces links in the output directory", f.Name, filepath.Join(dir, p)))
			case !last && !st.IsDir():
				return outputError(fmt.Errorf("writing %s: %s is not a directory", f.Name, filepath.Join(dir, p)))
			case last && st.IsDir():
				return outputError(fmt.Errorf("writing %s: %s is a directory: sweepstat does not replace directories (move it away or choose another -out)", f.Name, filepath.Join(dir, p)))
			case last && !st.Mode().IsRegular():
				return outputError(fmt.Errorf("writing %s: %s is not a regular file", f.Name, filepath.Join(dir, p)))
			}
		}
	}
	return nil
}

// mkdirTemp makes a new directory tmpPrefix… in root and returns its name.
func mkdirTemp(root *os.Root) (string, error) {
	for i := 0; ; i++ {
		var b [8]byte
		rand.Read(b[:])
		name := tmpPrefix + hex.EncodeToString(b[:])
		err := root.Mkdir(name, 0o700)
		if err == nil || !errors.Is(err, fs.ErrExist) || i == 10 {
			return name, err
		}
	}
}

// install moves the rendered files from tmp into place. A file it replaces
// is first moved aside into tmp; if any step fails, every file installed so
// far is removed, the replaced ones are put back, and the directories it
// made are removed again.
func install(root *os.Root, dir, tmp string, files []compare.File) error {
	type step struct{ dst, backup string }
	var done []step
	var made []string // directories made, in order
	undo := func() {
		for i := len(done) - 1; i >= 0; i-- {
			root.Remove(done[i].dst)
			if done[i].backup != "" {
				root.Rename(done[i].backup, done[i].dst)
			}
		}
		for i := len(made) - 1; i >= 0; i-- {
			root.Remove(made[i]) // only when empty
		}
	}
	for i, f := range files {
		s := step{dst: f.Name}
		err := mkdirs(root, path.Dir(f.Name), &made)
		if err == nil {
			if st, statErr := root.Lstat(s.dst); statErr == nil {
				if !st.Mode().IsRegular() { // appeared since checkTargets
					err = fmt.Errorf("%s is not a regular file", filepath.Join(dir, filepath.FromSlash(s.dst)))
				} else {
					s.backup = fmt.Sprintf("%s/.replaced-%d", tmp, i)
					err = root.Rename(s.dst, s.backup)
				}
			}
		}
		if err == nil {
			if err = root.Rename(tmp+"/"+f.Name, s.dst); err != nil && s.backup != "" {
				root.Rename(s.backup, s.dst)
			}
		}
		if err != nil {
			undo()
			return outputError(fmt.Errorf("writing %s: %w", filepath.Join(dir, filepath.FromSlash(f.Name)), err))
		}
		done = append(done, s)
	}
	return nil
}

// mkdirs makes the directory d of root and its parents, one at a time,
// adding those it made to made; an existing one must be a directory, not
// a link.
func mkdirs(root *os.Root, d string, made *[]string) error {
	if d == "." {
		return nil
	}
	if err := mkdirs(root, path.Dir(d), made); err != nil {
		return err
	}
	st, err := root.Lstat(d)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := root.Mkdir(d, 0o777); err != nil {
			return err
		}
		*made = append(*made, d)
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0 || !st.IsDir():
		return fmt.Errorf("%s is not a directory", d)
	}
	return nil
}

// render writes f to name, a path in root, through its parent directories
// (made as needed).
func render(root *os.Root, name string, f compare.File) error {
	if err := root.MkdirAll(path.Dir(name), 0o777); err != nil {
		return outputError(fmt.Errorf("writing %s: %w", f.Name, err))
	}
	w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return outputError(fmt.Errorf("writing %s: %w", f.Name, err))
	}
	if err := f.Write(w); err != nil {
		w.Close()
		return fmt.Errorf("writing %s: %w", f.Name, err)
	}
	if err := w.Close(); err != nil {
		return outputError(fmt.Errorf("writing %s: %w", f.Name, err))
	}
	return nil
}

// outputError marks a failure to write the output directory as a failure
// of the environment (exit status 3), whatever its cause: the input was
// fine.
func outputError(err error) error { return &exitError{exitEnv, err} }
