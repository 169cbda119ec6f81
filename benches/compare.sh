#!/usr/bin/env bash
# Side by side, whole processes on the same generated files, in one run:
#   1. `hallway check` (load, validate, index) and `hallway conflicts` (the same plus the full
#      analysis) on a 10,000-session pretalx JSON, against a bare untyped parse of the same bytes
#      (examples/parse_value.rs: serde_json::Value and nothing else);
#   2. `hallway check` on a 5,000-event .ics (Sched style), against `calcurse -i` and
#      `khal import --batch`, each into fresh temporary data and config directories;
#   3. peak memory (`/usr/bin/time -v`) of each hallway run, against the target of 5x the file
#      size plus 20 MB;
#   4. startup to the first frame on the bundled demo: `hallway` in a pseudo-terminal (script(1))
#      with HALLWAY_EXIT_AFTER_FIRST_FRAME=1, which returns right after the first frame is drawn.
# It prints medians and the ratios the targets are stated in (docs/performance.md).
#
#   bash benches/compare.sh            # from the repository's root or anywhere
#   RUNS=20 bash benches/compare.sh    # more runs per command (default 10; khal runs 3 times)
#
# Needs: cargo; hyperfine, calcurse, khal and GNU time (Debian: apt-get install hyperfine
# calcurse khal time). A missing tool skips its part with a note instead of failing.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building (release)"
cargo build --release --quiet --bin hallway --example generate --example parse_value
bin="$TARGET_DIR/release/hallway"
generate="$TARGET_DIR/release/examples/generate"
parse_value="$TARGET_DIR/release/examples/parse_value"

echo "== machine"
echo "   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== generating"
"$generate" --sessions 10000 --format pretalx-json -o "$work/s10k.json"
"$generate" --sessions 5000 --format ical -o "$work/s5k.ics"
ls -l "$work" | awk 'NR > 1 { printf "   %-10s %6.1f MB\n", $9, $5 / 1e6 }'

# Every hallway run gets its own data directory and a fixed clock.
export HALLWAY_DATA_DIR="$work/hallway-data" HALLWAY_NOW=2030-01-08T11:10:00+01:00 NO_COLOR=1

have() { command -v "$1" > /dev/null 2>&1; }

# median SECONDS of a command (hyperfine when installed, else a repeat-and-median loop).
median() {
    local runs=$1 prepare=$2
    shift 2
    if have hyperfine; then
        hyperfine --runs "$runs" --warmup 1 --style none --prepare "$prepare" \
            --export-json "$work/h.json" "$*" > /dev/null
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$work/h.json"
    else
        local times=()
        for _ in $(seq "$runs"); do
            bash -c "$prepare"
            local t0 t1
            t0=$(date +%s.%N)
            bash -c "$*" > /dev/null 2>&1
            t1=$(date +%s.%N)
            times+=("$(echo "$t1 - $t0" | bc)")
        done
        printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
    fi
}

ms() { python3 -c 'import sys; print(f"{float(sys.argv[1]) * 1000:8.1f} ms")' "$1"; }
ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.3f}x")' "$1" "$2"; }

# peak RSS in MB of a command, and the target for a file.
peak_mb() {
    /usr/bin/time -v "$@" 2> "$work/time.txt" > /dev/null
    awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt"
}
target_mb() { python3 -c 'import os,sys; print(f"{5 * os.path.getsize(sys.argv[1]) / 1e6 + 20:.1f}")' "$1"; }

echo
echo "== 1. pretalx JSON, 10,000 sessions ($RUNS runs each, median)"
value=$(median "$RUNS" true "$parse_value $work/s10k.json")
check=$(median "$RUNS" true "$bin -s $work/s10k.json check")
conflicts=$(median "$RUNS" true "$bin -s $work/s10k.json conflicts")
echo "   serde_json::Value parse     $(ms "$value")"
echo "   hallway check               $(ms "$check")   $(ratio "$check" "$value") of the parse (target <= 1.0x)"
echo "   hallway conflicts           $(ms "$conflicts")   $(ratio "$conflicts" "$value") of the parse (load + full analysis)"

echo
echo "== 2. iCalendar, 5,000 events"
ics_check=$(median "$RUNS" true "$bin -s $work/s5k.ics check")
echo "   hallway check               $(ms "$ics_check")"
if have calcurse; then
    calcurse_s=$(median "$RUNS" "rm -rf $work/calcurse && mkdir -p $work/calcurse" \
        "calcurse -D $work/calcurse -q -i $work/s5k.ics < /dev/null")
    echo "   calcurse -i                 $(ms "$calcurse_s")   hallway is $(ratio "$ics_check" "$calcurse_s") of it (target <= 0.05x)"
else
    echo "   calcurse not installed: skipped (apt-get install calcurse)"
fi
if have khal; then
    mkdir -p "$work/khal"
    cat > "$work/khal/config" << EOF
[calendars]
[[synthetic]]
path = $work/khal/cal
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = Europe/Paris
local_timezone = Europe/Paris
[default]
default_calendar = synthetic
EOF
    khal_s=$(median 3 "rm -rf $work/khal/cal $work/khal/data && mkdir -p $work/khal/cal" \
        "XDG_DATA_HOME=$work/khal/data khal -c $work/khal/config import --batch -a synthetic $work/s5k.ics < /dev/null")
    echo "   khal import --batch         $(ms "$khal_s")   hallway is $(ratio "$ics_check" "$khal_s") of it"
else
    echo "   khal not installed: skipped (apt-get install khal)"
fi

echo
echo "== 3. peak memory (resident), against 5x the file + 20 MB"
if [ -x /usr/bin/time ]; then
    for run in "s10k.json check" "s10k.json conflicts" "s5k.ics check"; do
        set -- $run
        mb=$(peak_mb "$bin" -s "$work/$1" "$2")
        echo "   hallway $2 $1: $(printf '%6.1f' "$mb") MB (target <= $(target_mb "$work/$1") MB)"
    done
    echo "   serde_json::Value s10k.json: $(printf '%6.1f' "$(peak_mb "$parse_value" "$work/s10k.json")") MB"
else
    echo "   /usr/bin/time not installed: skipped (apt-get install time)"
fi

echo
echo "== 4. startup to the first frame, bundled demo (in a pseudo-terminal)"
if have script; then
    # A pty made by script(1) without a terminal around it is 0x0: give it 200x60.
    frame=$(median "$RUNS" true \
        "HALLWAY_EXIT_AFTER_FIRST_FRAME=1 script -qec 'stty cols 200 rows 60; $bin -s demo' /dev/null")
    pty=$(median "$RUNS" true "script -qec 'stty cols 200 rows 60; true' /dev/null")
    HALLWAY_EXIT_AFTER_FIRST_FRAME=1 script -qec "stty cols 200 rows 60; $bin -s demo" /dev/null \
        > "$work/frame.txt"
    if grep -aq "KubeCon" "$work/frame.txt"; then drawn="the frame shows the demo"; else drawn="NO FRAME DRAWN"; fi
    echo "   hallway -s demo, first frame $(ms "$frame")   (target < 50 ms; $drawn)"
    echo "   of which script(1), stty, pty $(ms "$pty")"
else
    echo "   script(1) not installed: skipped (apt-get install bsdutils)"
fi

echo
echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
