package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/sweepstat/sweepstat/internal/engine"
	"github.com/sweepstat/sweepstat/internal/mnndb"
	"github.com/sweepstat/sweepstat/internal/sweepfile"
)

// helpTimeout bounds `BIN -h`.
const helpTimeout = 30 * time.Second

// Preflight checks, before anything runs, everything a sweep needs, and
// returns its plan: every command can be built, the engine's program
// exists and answers -h, every knob maps to a flag that the help text
// lists, every model is a file (local runs of llm_bench and llama-bench),
// and the database is writable. It records nothing. The error names the
// knob, model or file (with the sweep file's line where there is one).
//
// For a remote prefix (Options.Remote) the program and the models are on
// the other machine: only -h, run through the prefix, is checked. The
// command engine has no flags: its program must exist, and -h is not run
// (an arbitrary program may not know it).
func Preflight(ctx context.Context, o *Options) (*Plan, error) {
	if o.DB == "" {
		return nil, errors.New("preflight: no results database given")
	}
	p, err := NewPlan(o)
	if err != nil {
		return nil, err
	}
	if err := mnndb.CheckWritable(o.DB); err != nil {
		return nil, fmt.Errorf("preflight: %w", err)
	}
	if err := p.checkPrograms(); err != nil {
		return nil, fmt.Errorf("preflight: %w", err)
	}
	if err := p.checkModels(); err != nil {
		return nil, err
	}
	if err := p.checkHelp(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// program returns the engine's program as the commands call it.
func (p *Plan) program() string {
	if len(p.cases) == 0 {
		return p.Bin
	}
	return p.cases[0].argv[len(p.Options.Prefix)]
}

func (p *Plan) checkPrograms() error {
	o := p.Options
	if len(o.Prefix) > 0 {
		if _, err := exec.LookPath(o.Prefix[0]); err != nil {
			return fmt.Errorf("taskset prefix %q: %s not found", strings.Join(o.Prefix, " "), o.Prefix[0])
		}
	}
	if o.Remote {
		return nil
	}
	prog := p.program()
	if prog == "" {
		return fmt.Errorf("no %s binary given (-bin, or binary: in the sweepstat block)", o.Engine)
	}
	if _, err := exec.LookPath(prog); err != nil {
		if st, serr := os.Stat(prog); serr == nil && !st.IsDir() && st.Mode()&0o111 == 0 {
			return fmt.Errorf("binary %s: not executable", prog)
		}
		return fmt.Errorf("binary %s: not found", prog)
	}
	return nil
}

func (p *Plan) checkModels() error {
	o := p.Options
	if o.Remote || o.Engine == engine.Command {
		return nil
	}
	for _, m := range p.models {
		st, err := os.Stat(m.path)
		how := "a path"
		if m.mapped {
			how = "mapped by " + o.ModelsFile
		} else if o.ModelsFile != "" {
			how = "not an alias in " + o.ModelsFile + ", so a path"
		}
		switch {
		case err != nil:
			return &sweepfile.Error{File: o.File.Name, Line: m.line, Msg: fmt.Sprintf("model %s: %s (%s): no such file", m.alias, m.path, how)}
		case st.IsDir():
			return &sweepfile.Error{File: o.File.Name, Line: m.line, Msg: fmt.Sprintf("model %s: %s (%s) is a directory, not a model file", m.alias, m.path, how)}
		}
	}
	return nil
}

// checkHelp runs `BIN -h` through the prefix and checks that it lists the
// flag of every knob.
func (p *Plan) checkHelp(ctx context.Context) error {
	o := p.Options
	f := o.File
	type knobFlags struct {
		knob  string
		flags []string
	}
	var kf []knobFlags
	for _, k := range f.KnobNames() {
		flags, err := p.Engine.Flags([]string{k})
		if err != nil {
			return &sweepfile.Error{File: f.Name, Line: f.KnobLine(k), Msg: fmt.Sprintf("knob %s: %v", k, err)}
		}
		kf = append(kf, knobFlags{k, flags})
	}
	if o.Engine == engine.Command {
		return nil
	}
	prog := p.program()
	argv := p.wrap([]string{prog, "-h"})
	out := execute(ctx, argv, helpTimeout, 1<<20)
	help := string(out.stdout) + "\n" + out.tail
	if out.timedOut || strings.TrimSpace(help) == "" || out.exit < 0 && out.err != nil {
		reason := "no output"
		if out.err != nil {
			reason = out.err.Error()
		}
		return fmt.Errorf("preflight: binary %s does not answer -h (%s): %s", prog, joinCommand(argv), reason)
	}
	// The model flag is always passed.
	if mf, err := p.Engine.Flags(nil); err == nil && len(mf) > 0 {
		kf = append(kf, knobFlags{"model", mf})
	}
	for _, k := range kf {
		if err := p.Engine.CheckHelp(help, k.flags); err != nil {
			msg := fmt.Sprintf("knob %s: %v (help of %s)", k.knob, err, prog)
			return &sweepfile.Error{File: f.Name, Line: f.KnobLine(k.knob), Msg: msg}
		}
	}
	return nil
}
