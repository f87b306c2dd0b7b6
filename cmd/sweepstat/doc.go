/*
Sweepstat tells whether one value of an LLM inference engine option is
really faster than another, over a benchmark sweep of models × prompt
lengths × generation lengths.

It reads the SQLite results database that the mnn_anal runner writes
(benchmark_results.db) and writes the report that people used to get from a
pandas script — in Chinese by default — made correct.

Usage:

	sweepstat report [selection] [-out DIR] [-lang zh|en]
	sweepstat list   [-db FILE]

	selection: -db FILE -task ID|NAME -option NAME -base VALUE -new VALUE -model NAME[,NAME…]

Without -db, sweepstat uses its built-in synthetic demo database, so the
first thing to try is:

	sweepstat report -out demo-report

which writes demo-report/dynamicoption_report.md with its charts, CSV files
and one benchfmt file per option value under demo-report/bench/.

To see what a database holds, then compare mmap 0 against 1 in it:

	sweepstat list -db benchmark_results.db
	sweepstat report -db benchmark_results.db -option mmap -out mmap-report

-task picks a task by id or name; without it, sweepstat takes the one task
in which the option varies, and fails listing the candidates when several
do. -base and -new default to the option's two values in ascending order.

# Output files

For an option named O (lower-cased in file names, e.g. dynamicoption):

	O_report.md                       the Markdown report
	O_raw_data.csv                    every record
	O_summary.csv                     per phase, model and option value
	O_difference.csv                  per phase and model: new minus base
	MODEL_PHASE_O_comparison.png      per model and phase
	PHASE_aggregate_O.png             per phase, all models
	bench/O_VALUE.txt                 benchfmt, one file per option value

Files are written to temporary names and renamed only when all of them are
done: an error leaves the output directory as it was.

# Exit codes

	0  success
	1  (check) a regression beyond the threshold was found
	2  bad usage or bad input; one line on stderr names the flag, file or row

The results database is opened read-only and never changed.
*/
package main
