#!/usr/bin/env bash
# Measures `sweepstat report` and `sweepstat check` end to end as users run
# them, side by side with their peers in one run, and prints the ratios the
# targets are stated in (README, "Scale"):
#
#   1. report on 131,072 results (4 models × 64 n_prompt × 16 n_gen × 8
#      rounds) against the old pandas script: at least 20× faster, at most
#      a quarter of its memory. The script and pandas are not part of this
#      repository; with OLD_SCRIPT set to a command line holding {db} and
#      {out} (e.g. OLD_SCRIPT='python3 ~/mnn_anal/analyze.py {db} {out}',
#      after `pip install pandas matplotlib`) it is run on the same
#      database (its suite names hold dyo78, as it expects); without, it is
#      skipped and sweepstat's own figures are printed;
#   2. report on 1,048,576 results (32 models) against a bare scan of the
#      same rows (sqlite3 printing every column to /dev/null): within 3×,
#      and under 500 MB peak;
#   3. cost linear in results (1,048,576 costs at most 8× 131,072) and in
#      models (128,000 results over 1,000 models cost no more per chart
#      than over 4);
#   4. check on the real database (../shared, when present) against sqlite3
#      running the query of the one task it reads: within 2×; and beside
#      them check told the task (-task 3), `sweepstat help` (the start and
#      end every command pays) and internal/checkfloor, a binary with
#      check's libraries that runs only the SQL check cannot skip (every
#      task's cases for the choice, then sqlite3's query; with -choice=false
#      the query alone): what is left of the 2× for everything else.
#
# The databases are made once by internal/demo's generator (gendemo -big,
# piped into sqlite3) under $BENCH_DIR (default /tmp/sweepstat-bench): a
# few hundred MB, never in the repository. Wall and CPU times are the best
# of $BENCH_RUNS runs (default 3; the 1,000-model reports
# run once), memory the largest peak RSS; the two commands of a ratio
# against a peer (1M report and scan, check and query) run in turns, so
# that both see the same machine. Nothing fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/sweepstat-bench}
runs=${BENCH_RUNS:-3}
mkdir -p "$dir" bin
CGO_ENABLED=0 go build -o bin/sweepstat ./cmd/sweepstat # as make build does
go build -o bin/gendemo ./internal/demo/gendemo
CGO_ENABLED=0 go build -o bin/checkfloor ./internal/checkfloor
measure() { python3 scripts/bench-measure.py "$@"; }
field() { echo "$1" | awk -v i="$2" '{print $i}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
show() { # show LINE: label, wall, CPU, peak
	echo "$1" | awk '{printf "  %-34s %8.4f s wall %8.4f s CPU %8.1f MiB peak\n", $1, $2, $3, $4}'
}

if ! command -v sqlite3 >/dev/null; then
	echo "sqlite3 not found: install it (apt-get update && apt-get install -y sqlite3) to make the databases and the scan"
	exit 0
fi
mkdb() { # mkdb NAME GENDEMO-ARGS...
	local db="$dir/$1.db"
	shift
	if [ ! -s "$db" ]; then
		echo "making $db (gendemo $*)"
		rm -f "$db.tmp"
		bin/gendemo "$@" | sqlite3 "$db.tmp"
		mv "$db.tmp" "$db"
	fi
}
mkdb big131k -big 4
mkdb big1m -big 32
mkdb models4 -big 4 -prompts 8 -gens 4 -rounds 250
mkdb models1000 -big 1000 -prompts 8 -gens 4 -rounds 1

echo "1. report on 131,072 results (4 models) against the old pandas script"
r131=$(measure "$runs" sweepstat_report_131k -- bin/sweepstat report -db "$dir/big131k.db" -out '{out}')
show "$r131"
if [ -n "${OLD_SCRIPT:-}" ]; then
	old=$(measure 1 old_pandas_script_131k -- sh -c "exec ${OLD_SCRIPT//\{db\}/$dir/big131k.db}")
	show "$old"
	echo "  ratio: $(ratio "$(field "$old" 2)" "$(field "$r131" 2)")× faster (target ≥ 20), memory $(ratio "$(field "$r131" 4)" "$(field "$old" 4)") of the script's (target ≤ 0.25)"
else
	echo "  old pandas script: skipped (not installed). To measure it: pip install pandas matplotlib, get the"
	echo "  mnn_anal analysis script that wrote ../shared/seed/dynamicoption_report.md, and run"
	echo "  OLD_SCRIPT='python3 /path/to/script.py {db} {out}' make bench  ({db}, {out}: its database and output directory)."
	echo "  For reference, issue 11 measured it on these 2-core machines at 75.0 s and 464 MiB:"
	echo "  $(ratio 75.0 "$(field "$r131" 2)")× faster and $(ratio "$(field "$r131" 4)" 464) of its memory against those figures."
fi

echo "2. report on 1,048,576 results (32 models) against a bare scan of the rows"
pair=$(measure "$runs" sqlite3_scan_1M -- sqlite3 "$dir/big1m.db" 'select * from benchmark_results' \
	::: sweepstat_report_1M -- bin/sweepstat report -db "$dir/big1m.db" -out '{out}') # in turns
scan=$(echo "$pair" | sed -n 1p)
r1m=$(echo "$pair" | sed -n 2p)
show "$scan"
show "$r1m"
echo "  ratio: $(ratio "$(field "$r1m" 2)" "$(field "$scan" 2)")× the scan (target ≤ 3), peak $(field "$r1m" 4) MiB (target < 500 MB = 477 MiB)"

echo "3. cost linear in results and in models"
echo "  1,048,576 / 131,072 results: $(ratio "$(field "$r1m" 2)" "$(field "$r131" 2)")× the time for 8× the results (target ≤ 8)"
m4=$(measure 1 sweepstat_report_128k_4_models -- bin/sweepstat report -db "$dir/models4.db" -out "$dir/out-models4")
m1000=$(measure 1 sweepstat_report_128k_1000_models -- bin/sweepstat report -db "$dir/models1000.db" -out "$dir/out-models1000")
show "$m4"
show "$m1000"
c4=$(find "$dir/out-models4" -name '*.png' | wc -l)
c1000=$(find "$dir/out-models1000" -name '*.png' | wc -l)
p4=$(awk -v t="$(field "$m4" 2)" -v n="$c4" 'BEGIN {printf "%.1f", 1000 * t / n}')
p1000=$(awk -v t="$(field "$m1000" 2)" -v n="$c1000" 'BEGIN {printf "%.1f", 1000 * t / n}')
echo "  per chart: $p1000 ms over 1,000 models ($c1000 charts) vs $p4 ms over 4 ($c4 charts): $(ratio "$p1000" "$p4")× (target ≤ 1)"

db=../shared/reference/mnn_anal/benchmark_results.db
echo "4. the real database"
if [ -f "$db" ]; then
	show "$(measure "$runs" sweepstat_report_task_3 -- bin/sweepstat report -db "$db" -task 3 -out '{out}')"
	q="SELECT s.task_id, s.name, s.model_name, c.id, c.base_parameters, c.backend, c.threads, c.precision,
		r.id, r.result_type, r.result_parameter, r.mean_value, r.std_value, r.unit, r.created_at
		FROM benchmark_results r JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id
		WHERE s.task_id = 3 ORDER BY r.id"
	# Measured with them: check told the task (-task 3, as a CI job pins
	# it: no choice among the tasks, so no reading of every task's cases),
	# sweepstat help, a start and an end alone, what every command pays
	# before its work, and the floors: checkfloor's SQL alone in a binary
	# with check's libraries (see README, Scale).
	six=$(measure 40 sqlite3_query_task_3 -- sqlite3 "$db" "$q" ::: sweepstat_check -- bin/sweepstat check -db "$db" \
		::: sweepstat_check_task_3 -- bin/sweepstat check -db "$db" -task 3 \
		::: sweepstat_help -- bin/sweepstat help \
		::: checkfloor -- bin/checkfloor -db "$db" -task 3 \
		::: checkfloor_query_only -- bin/checkfloor -db "$db" -task 3 -choice=false) # in turns
	sq=$(echo "$six" | sed -n 1p)
	ck=$(echo "$six" | sed -n 2p)
	ct=$(echo "$six" | sed -n 3p)
	hl=$(echo "$six" | sed -n 4p)
	fl=$(echo "$six" | sed -n 5p)
	fq=$(echo "$six" | sed -n 6p)
	for line in "$sq" "$ck" "$ct" "$hl" "$fl" "$fq"; do show "$line"; done
	echo "  ratio: check $(ratio "$(field "$ck" 2)" "$(field "$sq" 2)")× the sqlite3 query of its task (target ≤ 2); with -task 3 $(ratio "$(field "$ct" 2)" "$(field "$sq" 2)")×; help alone $(ratio "$(field "$hl" 2)" "$(field "$sq" 2)")×"
	echo "  floor: checkfloor $(ratio "$(field "$fl" 2)" "$(field "$sq" 2)")× (the query alone $(ratio "$(field "$fq" 2)" "$(field "$sq" 2)")×); what 2× leaves beyond it: $(awk -v s="$(field "$sq" 2)" -v f="$(field "$fl" 2)" 'BEGIN {printf "%.1f", (2 * s - f) * 1000}') ms, where check spends $(awk -v c="$(field "$ck" 2)" -v f="$(field "$fl" 2)" 'BEGIN {printf "%.1f", (c - f) * 1000}') ms"
else
	echo "  skipped ($db not found)"
fi
