/*
Sweepstat tells whether one value of an LLM inference engine option is
really faster than another, over a benchmark sweep of models × prompt
lengths × generation lengths.

It reads the SQLite results database that the mnn_anal runner writes
(benchmark_results.db) and writes the report that people used to get from a
pandas script — in Chinese by default — made correct.

Usage:

	sweepstat report  [selection] [statistics] [-out DIR] [-lang zh|en]
	sweepstat compare [selection] [statistics] [-format text|markdown|csv|json]
	sweepstat compare [statistics] BASE NEW…          result files of any format import reads
	sweepstat check   [selection] [statistics] [-max-regression PCT|pp=PCT,tg=PCT] [-format text|markdown|json]
	sweepstat check   [statistics] [-max-regression …] OLD.txt NEW.txt
	sweepstat list    [-db FILE]
	sweepstat import  -db FILE [-task NAME] [-set key=value]… INPUT…
	sweepstat run     -db FILE [-models F] [-bin PATH] [-engine E] [-rounds N] [-order interleaved|random|sequential] [-seed N] [-timeout D] [-cooldown D] [-warmup N] [-retries N] [-dry-run] [-force] [-until decided [-max-rounds N] [-budget D]] SWEEP.yaml

	selection:  -db FILE -task ID|NAME[,…]|all -option NAME -base VALUE -new VALUE[,VALUE…]|all
	            -model NAME[,NAME…] -where EXPR -label FILE=NAME
	statistics: -alpha 0.05 -assume nothing|normal -correction holm|bh|none -margin PCT -min-utest N
	output:     -lang zh|en (report and Markdown: zh by default; text: en)

Without -db, sweepstat uses its built-in synthetic demo database, so the
first thing to try is:

	sweepstat report -out demo-report

which writes demo-report/dynamicoption_report.md with its charts, CSV files
and one benchfmt file per option value under demo-report/bench/.

To see what a database holds, then compare mmap 0 against 1 in it:

	sweepstat list -db benchmark_results.db
	sweepstat report -db benchmark_results.db -option mmap -out mmap-report

-task picks a task by id or name, several (-task 13,14,15) or all, whose
records then form one population; without it, sweepstat takes the one task
in which the option varies, else the tasks that together hold its values,
and fails listing the candidates when several tasks vary it. -base and -new
default to the option's two values in ascending order; -new takes several
values (-new 4,6,8, or all), each compared with the base. -where keeps the
records that satisfy every term (-where 'n_prompt<=512, phase=tg'). Names
of options and knobs match in any letter case; a typo gets a suggestion.

Result files are compared directly, in memory, without importing: the
option is the knob that tells the files apart (a llama-bench build_commit),
else the file itself, as benchstat does:

	sweepstat compare run-a.json run-b.json

To see only the statistics, as a benchstat-like table:

	sweepstat compare -db benchmark_results.db

# Other inputs

import adds results to a database of the mnn_anal schema (created when
missing), in one transaction, so that report, compare and check work on
them: llama-bench -o json, jsonl, csv or sql output (or its SQLite file),
MNN llm_bench's Markdown table (with the N_params.json sidecar beside
N_raw.txt for the knobs of its command line) and Go benchmark format. The
format is read from the content. Importing the same input again adds
nothing. -set labels every record, e.g. two otherwise identical runs:

	sweepstat import -db runs.db -task rounds -set round=a run-a.json
	sweepstat import -db runs.db -task rounds -set round=b run-b.json
	sweepstat compare -db runs.db -option round

A SQLite file holding llama-bench's llama_bench table is also read in place,
without import: every field that varies between runs is an option.

	sweepstat compare -db llama-bench.sqlite -option build_commit

# Statistics

A benchmark is a model, phase (pp, tg) and size with every other knob but
the compared option fixed; its samples are the means of its invocations
(in llm_bench, pp does not depend on n_gen, so each pp size of a 16 × 4 sweep
has 4 invocations per value, each tg size 16). Each benchmark gets the
median and its 95% CI per side and a Mann-Whitney U-test, exactly as
benchstat computes them; with fewer than -min-utest (5) samples on a side,
where the U-test cannot reach significance, Welch's t-test on the means is
used instead, and the output says so. -assume normal uses Welch's t-test
everywhere. With one invocation per side, the repetitions are the samples
(llama-bench JSON), or Welch's test from mean ± std over the repetitions
(llm_bench), with a warning that run-to-run drift is not covered.

p-values are adjusted for the number of comparisons: -correction bh
(Benjamini-Hochberg, default for report and compare) or holm (family-wise;
the default of the regression gate). A benchmark's verdict is equivalent
when a TOST shows the change is within ±-margin percent (1), whether or not
it is also significant; improvement or regression when its adjusted p is at
most -alpha and it is not shown to be within the margin; unverified when
only the repetitions of one invocation per side were tested; untested when
nothing could be; else inconclusive. A unit with no known direction gets
no verdict. Per model
and phase, the geometric mean of the ratios gets a seeded bootstrap CI and a
Wilcoxon signed-rank test across benchmarks (a t-test of the log ratios
below 8 benchmarks, where the signed-rank test cannot reach significance).

When every invocation of one value ran before every invocation of the
other, or base and new come from different runs, drift or the session is
confounded with the option: every output says so first, with the remedy,
and marks the rows confounded. The report opens with its conclusion, and
shows the spread between invocations next to the ± within one.

# Regression gate

check runs the comparison with Holm's correction and exits 1 when a
benchmark or a model × phase aggregate regressed (significant after
correction and not shown within the margin) by more than the limit,
-max-regression (one percentage, per phase as pp=3,tg=1, or both as 2,tg=1;
default: the margin, 1%; 0: any regression fails). Noise never fails it,
nor does a change shown to be within the margin. Benchmarks measured in a single
invocation per side are held to at least -noise-margin (10%), because their
test cannot see run-to-run drift; benchmarks that cannot be tested at all
are listed, and fail the gate only with -fail-untested. For a CI job summary:

	sweepstat check -max-regression pp=3,tg=1 -format markdown

# Output files

For an option named O (lower-cased in file names, e.g. dynamicoption):

	O_report.md                       the Markdown report
	O_raw_data.csv                    every record
	O_summary.csv                     per phase, model and option value
	O_difference.csv                  per phase and model: new minus base
	O_significance.csv                per benchmark: centers, CIs, delta, p, adjusted p, verdict
	PHASE_change_O.png                per phase: each benchmark's change and interval, per model
	O_run_order.png                   speed against run time, per model and phase (when records have times)
	MODEL_PHASE_O_comparison.png      per model and phase measured for two or more values
	PHASE_aggregate_O.png             per phase, all models
	bench/O_VALUE.txt                 benchfmt, one file per option value

Files are written to temporary names inside the output directory and
renamed only when all of them are done: an error or an interruption leaves
the output directory as it was. sweepstat never follows a symbolic link
under it, nor replaces a directory by a file. Names longer than 256 bytes
(model names, option values …) are shortened in every output to their
start, "…" and 12 hex digits of their SHA-256.

# Exit codes

	0    success (for check: no regression beyond the limit)
	1    check found a regression beyond the limit (or compared no benchmark at all); run: some invocations failed, or a knob mismatch stopped it, or it was interrupted
	2    bad usage or bad input; one line on stderr names the flag, file, line or row; nothing is written, the database is unchanged
	3    the environment failed, not the input: a disk full, permission denied, a read-only file system, an I/O error, the database locked by another writer for longer than the busy timeout, or the output directory in the way (a directory or a symbolic link where a file goes); nothing is written, the database is unchanged
	4    an internal error (a bug in sweepstat; please report it)
	130  interrupted by SIGINT (143: SIGTERM); the output directory and the database are as they were, and no temporary file is left

The results database is opened read-only by every command but import and
run, with SQLite's normal locking: a command reading it while another
imports or runs sees the database as it was before or after that
transaction, never half of it. See docs/security.md for what sweepstat
trusts and what it guarantees.
*/
package main
