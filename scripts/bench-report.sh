#!/usr/bin/env bash
# Measures `sweepstat report` end to end as a user runs it: wall time and
# peak RSS of the process, best of 5 runs, on the real database's task 3
# (when ../shared is present) and on the built-in demo. The old pandas
# script took about 6.4 s and 325 MB RSS for task 3 on these 2-core
# machines; the targets are 10x faster (<= 0.64 s) and a quarter of the
# memory (<= 81 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/sweepstat ./cmd/sweepstat
db=../shared/reference/mnn_anal/benchmark_results.db
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time, tempfile
best_t, peak = None, 0
for i in range(5):
    out = tempfile.mkdtemp(prefix="sweepstat-bench-")
    t0 = time.perf_counter()
    subprocess.run(sys.argv[2:] + ["-out", out], check=True, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    best_t = dt if best_t is None else min(best_t, dt)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{sys.argv[1]}: best of 5 {best_t:.3f} s wall, peak RSS {peak:.1f} MB")
PY
}
if [ -f "$db" ]; then
	measure "report, real database task 3" bin/sweepstat report -db "$db"
else
	echo "report, real database: skipped ($db not found)"
fi
measure "report, built-in demo" bin/sweepstat report
