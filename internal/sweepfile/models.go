package sweepfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"
)

// Models maps model aliases to files, as the [model_mapping] table of the
// old runner's models.toml does:
//
//	[model_mapping]
//	qwen2_5_0_5b = "/home/me/models/Qwen2.5-0.5B/config.json"
//
// The zero value maps nothing: every name is a path.
type Models struct {
	// File is where the mapping was read from ("" when none).
	File string
	// Map is alias → path as the file spells it.
	Map map[string]string
}

// ReadModels reads a models.toml. Tables other than [model_mapping] are
// ignored (the old runner's scanner writes comments only); a value that is
// not a string is an error naming the alias.
func ReadModels(path string) (*Models, error) {
	var doc struct {
		ModelMapping map[string]any `toml:"model_mapping"`
	}
	md, err := toml.DecodeFile(path, &doc)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s:%d: %s", path, perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("reading models file: %w", err)
	}
	_ = md
	m := &Models{File: path, Map: map[string]string{}}
	for alias, v := range doc.ModelMapping {
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("%s: model_mapping %s: want a path in quotes", path, alias)
		}
		m.Map[alias] = s
	}
	return m, nil
}

// Resolve returns the path of the model name: its mapping (relative paths
// taken from the models file's directory), or name itself, which is then a
// path relative to dir. mapped says which.
func (m *Models) Resolve(name, dir string) (path string, mapped bool) {
	if p, ok := m.Map[name]; ok {
		return join(filepath.Dir(m.File), p), true
	}
	return join(dir, name), false
}

func join(dir, p string) string {
	if filepath.IsAbs(p) || len(p) > 0 && p[0] == '~' || dir == "" || dir == "." {
		return p
	}
	return filepath.Join(dir, p)
}

// FindModels returns the models file to use: explicit when given, else
// the sweep file's setting, else a models.toml beside the sweep file, else
// "" (no mapping).
func (f *File) FindModels(explicit string) string {
	if explicit != "" {
		return explicit
	}
	if f.Settings.Models != "" {
		return join(f.Dir, f.Settings.Models)
	}
	p := filepath.Join(f.Dir, "models.toml")
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p
	}
	return ""
}

// A System holds what sweepstat takes from the old runner's system.toml:
// the llm_bench program ([llm_bench] path) and the default timeout
// ([execution] timeout, seconds). Other settings there (logging, temp and
// result directories) concern the old runner only and are ignored.
type System struct {
	File    string
	Binary  string
	Timeout time.Duration
}

// ReadSystem reads the system.toml beside the sweep file; a missing file
// gives the zero System.
func (f *File) ReadSystem() (System, error) {
	p := filepath.Join(f.Dir, "system.toml")
	if _, err := os.Stat(p); err != nil {
		return System{}, nil
	}
	var doc struct {
		LLMBench struct {
			Path string `toml:"path"`
		} `toml:"llm_bench"`
		Execution struct {
			Timeout float64 `toml:"timeout"`
		} `toml:"execution"`
	}
	if _, err := toml.DecodeFile(p, &doc); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return System{}, fmt.Errorf("%s:%d: %s", p, perr.Position.Line, perr.Message)
		}
		return System{}, fmt.Errorf("reading %s: %w", p, err)
	}
	if doc.Execution.Timeout < 0 {
		return System{}, fmt.Errorf("%s: execution timeout %v: want seconds ≥ 0", p, doc.Execution.Timeout)
	}
	return System{File: p, Binary: doc.LLMBench.Path, Timeout: time.Duration(doc.Execution.Timeout * float64(time.Second))}, nil
}
