#!/usr/bin/env bash
# Measures `sweepstat compare OLD NEW` against benchstat side by side on
# 1,000,000 samples: two benchfmt files of 512,000 lines, 25,600 benchmarks
# with 20 samples each per file (5% of them 3% slower in NEW). The files
# are generated deterministically with awk into $BENCH_DIR (default: a
# temporary directory). Each tool runs 3 times; the best wall time and the
# peak RSS are printed, then the ratios sweepstat/benchstat.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$dir" bin
go build -o bin/sweepstat ./cmd/sweepstat
go build -o bin/benchstat golang.org/x/perf/cmd/benchstat
gen() { # gen FILE SEED SLOWDOWN
	awk -v seed="$2" -v slow="$3" 'BEGIN {
		srand(seed)
		print "goos: linux"; print "goarch: amd64"; print "pkg: example.com/sweep"
		for (b = 0; b < 25600; b++) {
			base = 1000 + (b * 7919) % 100000
			f = (b % 20 == 0) ? slow : 1
			for (s = 0; s < 20; s++) {
				# sum of uniforms: roughly normal noise, 1% CV
				u = 0; for (k = 0; k < 4; k++) u += rand() - 0.5
				printf "BenchmarkSweep/case=%05d-2 \t 1000\t %.2f ns/op\n", b, base * f * (1 + 0.017 * u)
			}
		}
	}' > "$1"
}
[ -s "$dir/old.txt" ] || gen "$dir/old.txt" 1 1
[ -s "$dir/new.txt" ] || gen "$dir/new.txt" 2 1.03
echo "inputs: $(wc -l < "$dir/old.txt") + $(wc -l < "$dir/new.txt") lines in $dir"
measure() { # measure LABEL CMD...
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
best = None
for i in range(3):
    t0 = time.perf_counter()
    subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{sys.argv[1]} {best:.3f} {rss:.1f}")
PY
}
b=$(measure benchstat bin/benchstat "$dir/old.txt" "$dir/new.txt")
s=$(measure sweepstat bin/sweepstat compare "$dir/old.txt" "$dir/new.txt")
echo "$b" | awk '{printf "benchstat:          best of 3 %.3f s wall, peak RSS %.1f MB\n", $2, $3}'
echo "$s" | awk '{printf "sweepstat compare:  best of 3 %.3f s wall, peak RSS %.1f MB\n", $2, $3}'
paste <(echo "$s") <(echo "$b") | awk '{printf "ratio sweepstat/benchstat: time %.2f, memory %.2f\n", $2/$5, $3/$6}'
