#!/usr/bin/env bash
# `hallway conflicts` with N starred sessions that all overlap one another (default 3,000): the
# whole process's wall time and peak memory, against the target of 100 ms and 50 MB
# (docs/performance.md). Conflicts are chains and groups, not all pairs, so both stay linear.
#
#   bash benches/conflicts.sh            # 3,000 sessions, 10 runs, median reported
#   N=10000 RUNS=5 bash benches/conflicts.sh
#
# Needs: cargo, python3 and GNU time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-3000}
RUNS=${RUNS:-10}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building (release)"
cargo build --release --quiet --bin hallway
bin="$TARGET_DIR/release/hallway"

# N sessions in 40 rooms, starting within one hour and all running until 18:00.
python3 benches/overlap_gen.py "$N" > "$work/overlap.json"
export HALLWAY_DATA_DIR="$work/data" HALLWAY_NOW=2024-05-01T08:00:00+02:00
# Star them all (in chunks, to stay under the argument limit).
python3 -c "import sys; [print(f's{k}') for k in range(int(sys.argv[1]))]" "$N" \
  | xargs -n 1000 "$bin" -s "$work/overlap.json" star > /dev/null

echo "== hallway conflicts, $N overlapping stars, $RUNS runs"
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$work/t" "$bin" -s "$work/overlap.json" conflicts > "$work/out.txt"
  cat "$work/t"
done | sort -n | awk -v runs="$RUNS" '
  { t[NR] = $1; m[NR] = $2 }
  END {
    mid = int((NR + 1) / 2)
    maxm = 0; for (i = 1; i <= NR; i++) if (m[i] > maxm) maxm = m[i]
    printf "median %.0f ms, slowest %.0f ms; peak memory %.1f MB (target: 100 ms, 50 MB)\n",
      t[mid] * 1000, t[NR] * 1000, maxm / 1024
  }'
"$bin" -s "$work/overlap.json" conflicts --json > "$work/out.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"{len(d['groups'])} group(s), {len(d['overlaps'])} pairs, {sum(len(g['sessions']) for g in d['groups'])} sessions in groups\")" "$work/out.json"
