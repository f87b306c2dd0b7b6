#!/usr/bin/env python3
"""Measures commands as a user runs them, for scripts/bench-*.sh.

    bench-measure.py RUNS LABEL -- CMD ARG...

runs CMD RUNS times (its output to /dev/null; "{out}" in an argument is
replaced by a fresh temporary directory each run) and prints one line:

    LABEL WALL CPU PEAK

the best wall time and CPU time (user + system) in seconds and the largest
peak resident set size in MiB of the runs, read from the process's own
rusage (wait4), so that nothing else on the machine is counted.
"""
import os
import shutil
import sys
import tempfile
import time


def main():
    runs, label = int(sys.argv[1]), sys.argv[2]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    best_wall = best_cpu = None
    peak = 0.0
    for _ in range(runs):
        out = tempfile.mkdtemp(prefix="sweepstat-bench-")
        args = [a.replace("{out}", out) for a in cmd]
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            try:
                os.execvp(args[0], args)
            finally:
                os._exit(127)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        shutil.rmtree(out, ignore_errors=True)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # 1: a check that found a regression
            sys.exit(f"{label}: {' '.join(args)} exited with status {code}")
        cpu = ru.ru_utime + ru.ru_stime
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        peak = max(peak, ru.ru_maxrss / 1024)
    print(f"{label} {best_wall:.4f} {best_cpu:.4f} {peak:.1f}")  # to 0.1 ms: a check takes about 12


if __name__ == "__main__":
    main()
