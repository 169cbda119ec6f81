#!/usr/bin/env python3
"""Times shell commands side by side: runs them in turn (A B C A B C ...) so that a change in
the machine's load falls on all of them alike, and prints each one's median wall time in
seconds, one per line, in the order given. Used by benches/compare.sh.

    python3 benches/alternate.py RUNS 'cmd A' 'cmd B' ...

Each command runs under /bin/sh with its output thrown away; one warm-up round is not counted.
A command that fails stops the script with its exit status and error output.
"""

import statistics
import subprocess
import sys
import time


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t1 = time.perf_counter()
    if p.returncode != 0:
        sys.stderr.write(f"alternate.py: `{cmd}` failed ({p.returncode}):\n")
        sys.stderr.write(p.stderr.decode(errors="replace")[-2000:])
        sys.exit(p.returncode)
    return t1 - t0


def main():
    runs = int(sys.argv[1])
    cmds = sys.argv[2:]
    for c in cmds:
        run(c)
    times = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            times[i].append(run(c))
    for t in times:
        print(f"{statistics.median(t):.6f}")


if __name__ == "__main__":
    main()
