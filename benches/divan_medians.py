#!/usr/bin/env python3
"""Reads divan's table (`cargo bench --bench NAME`) on standard input and prints one line per
measured case: `bench/arg median_seconds` (`bench median_seconds` for a bench without
arguments). Used by benches/compare.sh.
"""

import re
import sys

UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(cell):
    m = re.match(r"\s*([0-9.]+)\s*(ns|µs|us|ms|s)\b", cell)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def main():
    stack = []  # names by depth
    for line in sys.stdin:
        m = re.match(r"^((?:│  |   )*)(?:├─|╰─) (.*)$", line.rstrip("\n"))
        if not m:
            continue
        depth = len(m.group(1)) // 3
        cells = m.group(2).split("│")
        first = cells[0].split(None, 1)
        del stack[depth:]
        stack.append(first[0])
        # Columns: fastest (after the name), slowest, median, mean, samples, iterations.
        if len(first) == 2 and len(cells) >= 3 and seconds(first[1]) is not None:
            median = seconds(cells[2])
            if median is not None:
                print(f"{'/'.join(stack)} {median:.9f}")


if __name__ == "__main__":
    main()
