#!/usr/bin/env python3
"""Runs a command N times; prints the best wall time (s), the max RSS (KiB, from one more run
under /usr/bin/time: a forked runner would report its own memory) and the last line of its
output, tab-separated. The same precise runner times every side of a benchmark.

    timeit.py N COMMAND [ARG...]
"""
import os
import subprocess
import sys
import time

runs, command = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output = child.stdout.read()
    child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    if best is None or elapsed < best[0]:
        lines = output.decode("utf-8", "replace").strip().splitlines()
        best = (elapsed, usage.ru_maxrss, lines[-1] if lines else "")
measured = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
rss = measured.stderr.strip().splitlines()[-1] if measured.stderr.strip() else "?"
print(f"{best[0]:.3f}\t{rss}\t{best[2]}")
