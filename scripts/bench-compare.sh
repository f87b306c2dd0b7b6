#!/usr/bin/env bash
# Measures `sweepstat compare OLD NEW` against benchstat side by side on Go
# benchmark files of the shapes of issue 11, each file 512,000 result lines
# (benchmarks × samples per file; 5% of the benchmarks 3% slower in NEW):
#
#   51,200 × 10  (a million samples: target at most 0.5× benchstat's time
#                 and memory)
#   25,600 × 20, 256,000 × 2, 256 × 2000  (target: no worse than benchstat)
#
# The files are generated deterministically with awk into $BENCH_DIR
# (default /tmp/sweepstat-bench). Each tool runs $BENCH_RUNS times
# (default 3), the two taking turns: the best wall time, the best CPU time
# and the largest peak RSS are printed, then the ratios sweepstat/benchstat.
# Both run with Go's default GC settings unless GOGC is set. benchstat is
# built from the module cache at the version go.mod requires.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/sweepstat-bench}
runs=${BENCH_RUNS:-3}
mkdir -p "$dir" bin
CGO_ENABLED=0 go build -o bin/sweepstat ./cmd/sweepstat # as make build does
go build -o bin/benchstat golang.org/x/perf/cmd/benchstat
gen() { # gen FILE SEED SLOWDOWN BENCHMARKS SAMPLES
	awk -v seed="$2" -v slow="$3" -v nb="$4" -v ns="$5" 'BEGIN {
		srand(seed)
		print "goos: linux"; print "goarch: amd64"; print "pkg: example.com/sweep"
		for (b = 0; b < nb; b++) {
			base = 1000 + (b * 7919) % 100000
			f = (b % 20 == 0) ? slow : 1
			for (s = 0; s < ns; s++) {
				# sum of uniforms: roughly normal noise, 1% CV
				u = 0; for (k = 0; k < 4; k++) u += rand() - 0.5
				printf "BenchmarkSweep/case=%06d-2 \t 1000\t %.2f ns/op\n", b, base * f * (1 + 0.017 * u)
			}
		}
	}' > "$1.tmp"
	mv "$1.tmp" "$1"
}
best() { # best LINES: the best wall and CPU times and the largest peak of bench-measure.py lines
	echo -n "$1" | awk 'NR == 1 || $2 < w { w = $2 } NR == 1 || $3 < c { c = $3 } $4 > m { m = $4 } { l = $1 } END { printf "%s %.3f %.3f %.1f\n", l, w, c, m }'
}
for shape in 51200x10 25600x20 256000x2 256x2000; do
	b=${shape%x*} s=${shape#*x}
	old="$dir/old_$shape.txt" new="$dir/new_$shape.txt"
	[ -s "$old" ] || gen "$old" 1 1 "$b" "$s"
	[ -s "$new" ] || gen "$new" 2 1.03 "$b" "$s"
	# The two tools take turns, one run each, so that a change in the
	# machine's load (it is shared) falls on both alike; then the best wall
	# and CPU times and the largest peak of each tool's runs.
	bs="" ss=""
	for _ in $(seq "$runs"); do
		bs+="$(python3 scripts/bench-measure.py 1 benchstat -- bin/benchstat "$old" "$new")"$'\n'
		ss+="$(python3 scripts/bench-measure.py 1 sweepstat -- bin/sweepstat compare "$old" "$new")"$'\n'
	done
	bs=$(best "$bs") ss=$(best "$ss")
	echo "$shape ($b benchmarks × $s samples per file):"
	for line in "$bs" "$ss"; do
		echo "$line" | awk '{printf "  %-10s %8.3f s wall %8.3f s CPU %8.1f MiB peak\n", $1, $2, $3, $4}'
	done
	paste <(echo "$ss") <(echo "$bs") | awk -v shape="$shape" '{
		target = (shape == "51200x10") ? "≤ 0.50" : "≤ 1"
		printf "  ratio sweepstat/benchstat: time %.2f, memory %.2f (target %s)\n", $2/$6, $4/$8, target
	}'
done
