// Package sweepfile reads the sweep files of the mnn_anal benchmark runner,
// with sweepstat's additions, and the models.toml that maps model aliases to
// files.
//
// The flow is
//
//  1. Parse (or Read) checks the YAML strictly: every key is known, every
//     value has the right shape, and an error names the file, line and key
//     (the old runner ignored what it did not know, which is how `repeat`
//     and `vp` were silently dropped);
//  2. File.Cases expands the suites into cases: models × suites × the
//     Cartesian product of each suite's variables, each case with every
//     knob (global_config, then fixed_params, then the variables, later
//     ones winning);
//  3. Models (ReadModels) resolves the models' aliases to files.
//
// A File is plain data: nothing here runs a program or opens a database.
//
// The format, field by field:
//
//	task_name        the task's name in the database (required); rerunning the
//	                 file resumes the task of this name
//	description      free text, stored with the task
//	taskset          a command prefix that wraps every command: "taskset -c 1",
//	                 "adb shell", "ssh phone"
//	output_dir       accepted for compatibility and unused: results go to the
//	                 database
//	global_config    fixed knobs for every case (threads: 1, repeat: 3 …), plus
//	  models         the model aliases or paths (required, a list)
//	  timeout        per-invocation time limit: seconds (600) or a duration ("10m")
//	benchmark_suits  the suites (required, a list); each has
//	  suit_name      the suite's name (required, unique)
//	  description    free text
//	  variables      swept knobs: name plus either values: [a, b] or
//	                 start/end/step (integers, end inclusive)
//	  fixed_params   fixed knobs of this suite (override global_config)
//	sweepstat        sweepstat's additions, all optional (see Settings)
package sweepfile
