#!/usr/bin/env bash
# Checks hallway's iCalendar export with real calendar programs: Python's icalendar (strict
# parse), khal (import into a temporary calendar, then list) and calcurse (import into a
# temporary data directory, then its appointments file and a query). Every event must arrive, at
# the same UTC instants as `hallway list --json`, with the same title.
#
# Usage: [PYTHON=python3] tests/clients/check-ics.sh HALLWAY_BINARY [SCHEDULE...]
# The demo and tests/clients/hostile.json are always checked; any SCHEDULE files too.
# Needs $PYTHON with the icalendar module, khal and calcurse (.ci/run installs them); a missing
# one is a failure, never a skip.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: check-ics.sh HALLWAY_BINARY [SCHEDULE...]}
shift
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

python=${PYTHON:-python3}
missing=0
for tool in "$python" khal calcurse; do
    if ! command -v "$tool" >/dev/null; then
        echo "check-ics: $tool is not installed" >&2
        missing=1
    fi
done
if ! "$python" -c 'import icalendar' 2>/dev/null; then
    echo "check-ics: the Python module icalendar is not installed (pip install icalendar)" >&2
    missing=1
fi
[ "$missing" = 0 ] || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HALLWAY_DATA_DIR="$work/data" HALLWAY_NOW=2024-03-18T09:00:00+01:00 NO_COLOR=1
unset HALLWAY_SCHEDULE

# The zones the clients show times in: neither UTC nor the venue's, so a client that ignored
# the Z (or applied an offset twice) is caught.
khal_zone=Asia/Tokyo
calcurse_zone=America/New_York

check() {
    local name=$1 schedule=$2
    local dir="$work/$name"
    mkdir -p "$dir/khal-cal" "$dir/calcurse"
    echo "== $name"
    "$bin" -s "$schedule" export --format ics --all --alarm 10 -o "$dir/export.ics"
    "$bin" -s "$schedule" list --json >"$dir/list.json"
    local range from to
    range=$("$python" "$here/check_ics.py" range "$dir/list.json")
    read -r from to <<<"$range"

    "$python" "$here/check_ics.py" icalendar "$dir/export.ics" "$dir/list.json"

    cat >"$dir/khal.conf" <<CONF
[calendars]
[[hallway]]
path = $dir/khal-cal
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M
longdatetimeformat = %Y-%m-%dT%H:%M
local_timezone = $khal_zone
default_timezone = $khal_zone
[sqlite]
path = $dir/khal.db
CONF
    khal --no-color -c "$dir/khal.conf" import --batch -a hallway "$dir/export.ics" \
        >"$dir/khal-import.log" 2>&1 || { cat "$dir/khal-import.log" >&2; exit 1; }
    khal --no-color -c "$dir/khal.conf" list --once --day-format "" \
        --format "{uid}|{start}|{end}|{title}" "$from" "$to" >"$dir/khal.txt"
    "$python" "$here/check_ics.py" khal "$dir/khal.txt" "$dir/list.json" "$khal_zone" \
        "$dir/khal-cal" "$dir/khal-import.log"

    TZ=$calcurse_zone calcurse -D "$dir/calcurse" -i "$dir/export.ics" >"$dir/calcurse-import.log" 2>&1 \
        || { cat "$dir/calcurse-import.log" >&2; exit 1; }
    TZ=$calcurse_zone calcurse -D "$dir/calcurse" --input-datefmt 4 -Q --from "$from" --to "$to" \
        --format-apt '%(start:%Y-%m-%dT%H:%M)|%(end:%Y-%m-%dT%H:%M)|%m\n' >"$dir/calcurse.txt"
    "$python" "$here/check_ics.py" calcurse "$dir/calcurse.txt" "$dir/list.json" "$calcurse_zone" \
        "$dir/calcurse/apts" "$dir/calcurse-import.log"
}

check demo demo
check hostile "$here/hostile.json"
for extra in "$@"; do
    check "$(basename "$extra")" "$(cd "$(dirname "$extra")" && pwd)/$(basename "$extra")"
done
echo "check-ics: every check passed"
