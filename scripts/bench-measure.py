#!/usr/bin/env python3
"""Measures commands as a user runs them, for scripts/bench-*.sh.

    bench-measure.py RUNS LABEL -- CMD ARG... [::: LABEL -- CMD ARG...]...

runs each CMD RUNS times (its output to /dev/null; "{out}" in an argument
is replaced by a fresh temporary directory each run) and prints one line
per command:

    LABEL WALL CPU PEAK

the best wall time and CPU time (user + system) in seconds and the largest
peak resident set size in MiB of its runs, read from the process's own
rusage (wait4), so that nothing else on the machine is counted.

Several commands are run in turns (the first, the second, …, then the
first again), so that a ratio of two of them is taken under the same
conditions: the speed of a shared machine drifts over a minute by more
than the differences measured.
"""
import os
import shutil
import sys
import tempfile
import time


def parse(args):
    """Splits LABEL -- CMD... [::: LABEL -- CMD...] into (label, cmd) pairs."""
    cmds, cur = [], []
    for a in args + [":::"]:
        if a != ":::":
            cur.append(a)
            continue
        if len(cur) < 3 or cur[1] != "--":
            sys.exit("usage: bench-measure.py RUNS LABEL -- CMD ARG... [::: LABEL -- CMD ARG...]...")
        cmds.append((cur[0], cur[2:]))
        cur = []
    return cmds


def run(label, cmd):
    """Runs cmd once; returns its wall time, CPU time and peak RSS (MiB)."""
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
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    runs = int(sys.argv[1])
    cmds = parse(sys.argv[2:])
    best = {label: None for label, _ in cmds}
    for _ in range(runs):
        for label, cmd in cmds:
            m = run(label, cmd)
            b = best[label]
            best[label] = m if b is None else (min(b[0], m[0]), min(b[1], m[1]), max(b[2], m[2]))
    for label, _ in cmds:
        wall, cpu, peak = best[label]
        print(f"{label} {wall:.4f} {cpu:.4f} {peak:.1f}")  # to 0.1 ms: a check takes about 12


if __name__ == "__main__":
    main()
