#!/usr/bin/env python3
"""Compares hallway's iCalendar export, and what calendar programs made of it, with
`hallway list --json`: every session must arrive once, at the same UTC instants, with its title.

    check_ics.py range LIST_JSON                       dates to query clients over
    check_ics.py icalendar EXPORT_ICS LIST_JSON        strict parse with the icalendar module
    check_ics.py khal KHAL_LIST LIST_JSON ZONE VDIR IMPORT_LOG
    check_ics.py calcurse QUERY LIST_JSON ZONE APTS IMPORT_LOG

Times the clients print are local to ZONE; they are converted to UTC before comparing.
Any difference is reported and exits 1.
"""

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
# What a VEVENT written by hallway may hold; anything else was injected.
EVENT_PROPERTIES = {
    "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION",
    "CATEGORIES", "URL",
    # hallway's own, for reading its export back losslessly (clients ignore X- properties).
    "X-HALLWAY-ID", "X-HALLWAY-DAY", "X-HALLWAY-ROOM", "X-HALLWAY-KIND", "X-HALLWAY-SPEAKER",
    "X-HALLWAY-TAGS",
}
errors = []


def text(value):
    """An X- property's TEXT value unescaped (icalendar leaves unknown properties raw)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1),
                  str(value))


def fail(message):
    errors.append(message)


def finish(what, count):
    if errors:
        for e in errors[:40]:
            print(f"check_ics: {what}: {e}", file=sys.stderr)
        if len(errors) > 40:
            print(f"check_ics: {what}: ... and {len(errors) - 40} more", file=sys.stderr)
        sys.exit(1)
    print(f"{what}: all {count} events, at the right UTC instants, with their titles")


def load_list(path):
    sessions = json.loads(Path(path).read_text(encoding="utf-8"))
    if not sessions:
        print("check_ics: the schedule has no sessions", file=sys.stderr)
        sys.exit(1)
    for s in sessions:
        s["start_utc"] = dt.datetime.fromisoformat(s["start"]).astimezone(UTC)
        # The export writes a session that ends before it starts as an instant.
        s["end_utc"] = max(dt.datetime.fromisoformat(s["end"]).astimezone(UTC), s["start_utc"])
    return sessions


def key(start, end, title):
    return (start.strftime("%Y-%m-%dT%H:%MZ"), end.strftime("%Y-%m-%dT%H:%MZ"), title)


def expected_keys(sessions):
    return Counter(key(s["start_utc"], s["end_utc"], s["title"]) for s in sessions)


def local_to_utc(text, zone, fmt):
    return dt.datetime.strptime(text, fmt).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def compare(counter, sessions, client):
    want = expected_keys(sessions)
    for k, n in (want - counter).items():
        fail(f"{client} lacks {n} x {k}")
    for k, n in (counter - want).items():
        fail(f"{client} has {n} x {k}, which hallway does not")


def cmd_range(list_json):
    sessions = load_list(list_json)
    first = min(s["start_utc"] for s in sessions).date() - dt.timedelta(days=1)
    last = max(s["end_utc"] for s in sessions).date() + dt.timedelta(days=2)
    print(first.isoformat(), last.isoformat())


def cmd_icalendar(ics_path, list_json):
    import icalendar

    sessions = load_list(list_json)
    by_id = {s["id"]: s for s in sessions}
    raw = Path(ics_path).read_bytes()
    try:
        raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        fail(f"not UTF-8: {e}")
    if not raw.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if b"\r" in line or b"\n" in line:
            fail(f"line {n}: a bare CR or LF")
        if len(line) > 75:
            fail(f"line {n}: {len(line)} octets, over 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"line {n}: folding split a UTF-8 character")

    calendars = icalendar.Calendar.from_ical(raw, multiple=True)
    if len(calendars) != 1:
        fail(f"{len(calendars)} calendars in the file, expected 1")
    cal = calendars[0]
    for component in cal.walk():
        for error in getattr(component, "errors", []):
            fail(f"{component.name}: parse error {error}")
    for name, value in [("VERSION", "2.0"), ("METHOD", "PUBLISH"), ("CALSCALE", "GREGORIAN")]:
        if str(cal.get(name)) != value:
            fail(f"VCALENDAR {name} is {cal.get(name)!r}, expected {value!r}")
    for name in ["PRODID", "X-WR-CALNAME"]:
        if not cal.get(name):
            fail(f"VCALENDAR has no {name}")

    events = cal.walk("VEVENT")
    if len(events) != len(sessions):
        fail(f"{len(events)} events, hallway lists {len(sessions)} sessions")
    seen = Counter()
    conferences = set()
    for ev in events:
        missing = [p for p in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] if p not in ev]
        if missing:
            fail(f"an event lacks {', '.join(missing)}")
            continue
        extra = set(ev.keys()) - EVENT_PROPERTIES
        if extra:
            fail(f"{ev['UID']}: unexpected properties {sorted(extra)} (injected?)")
        uid = str(ev["UID"])
        seen[uid] += 1
        local, _, domain = uid.rpartition("@")
        if not local or not domain.endswith(".hallway"):
            fail(f"UID {uid!r} is not <session>@<conference>.hallway")
            continue
        conferences.add(domain)
        s = by_id.get(unquote(local))
        if s is None:
            fail(f"UID {uid!r} names no session of the list")
            continue
        # DTEND must be later than DTSTART (RFC 5545 3.8.2.2): a session of no length has none,
        # and then ends when it starts (3.6.1). Every other event must have one.
        instant = s["end_utc"] == s["start_utc"]
        if instant and ("DTEND" in ev or "DURATION" in ev):
            fail(f"{uid}: a session of no length must have neither DTEND nor DURATION")
        if not instant and "DTEND" not in ev:
            fail(f"{uid}: no DTEND")
            continue
        start = ev.decoded("DTSTART")
        end = start if instant else ev.decoded("DTEND")
        for label, value in [("DTSTART", start), ("DTEND", end)]:
            if not isinstance(value, dt.datetime) or value.utcoffset() != dt.timedelta(0):
                fail(f"{uid}: {label} {value!r} is not a UTC date-time")
        if (start, end) != (s["start_utc"], s["end_utc"]):
            fail(f"{uid}: {start}..{end}, hallway lists {s['start_utc']}..{s['end_utc']}")
        if text(ev.get("X-HALLWAY-ID")) != s["id"]:
            fail(f"{uid}: X-HALLWAY-ID {str(ev.get('X-HALLWAY-ID'))!r}, id {s['id']!r}")
        if str(ev.get("X-HALLWAY-DAY")) != s["day"]:
            fail(f"{uid}: X-HALLWAY-DAY {str(ev.get('X-HALLWAY-DAY'))!r}, day {s['day']!r}")
        if s["room"] and text(ev.get("X-HALLWAY-ROOM")) != s["room"]:
            fail(f"{uid}: X-HALLWAY-ROOM {str(ev.get('X-HALLWAY-ROOM'))!r}, room {s['room']!r}")
        if str(ev["SUMMARY"]) != s["title"]:
            fail(f"{uid}: SUMMARY {str(ev['SUMMARY'])!r}, title {s['title']!r}")
        if s["room"] and not str(ev.get("LOCATION", "")).startswith(s["room"]):
            fail(f"{uid}: LOCATION {ev.get('LOCATION')!r} does not start with {s['room']!r}")
        if s["track"]:
            categories = ev.get("CATEGORIES")
            cats = [str(c) for c in categories.cats] if categories is not None else []
            if cats != [s["track"]]:
                fail(f"{uid}: CATEGORIES {cats!r}, track {s['track']!r}")
        alarms = ev.walk("VALARM")
        if len(alarms) != 1 or str(alarms[0].get("ACTION")) != "DISPLAY" \
                or alarms[0].decoded("TRIGGER") != dt.timedelta(minutes=-10):
            fail(f"{uid}: expected one DISPLAY alarm 10 minutes before")
    for uid, n in seen.items():
        if n > 1:
            fail(f"UID {uid} is used {n} times")
    if len(conferences) > 1:
        fail(f"UIDs name several conferences: {sorted(conferences)}")
    finish("icalendar", len(events))


def cmd_khal(listing, list_json, zone, vdir, import_log):
    sessions = load_list(list_json)
    # khal gives an event without DTEND one hour instead of none (RFC 5545 3.6.1 says it ends
    # when it starts). Only for those sessions, exactly one hour is expected, and said so.
    instants = [s for s in sessions if s["end_utc"] == s["start_utc"]]
    for s in instants:
        s["end_utc"] = s["start_utc"] + dt.timedelta(hours=1)
    if instants:
        print(
            f"khal: note: {len(instants)} session(s) of no length, written without DTEND, are"
            " expected as one hour (khal's default; RFC 5545 says they end when they start):"
            f" {', '.join(s['id'] for s in instants)}"
        )
    by_uid_title = Counter()
    lines = Path(listing).read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip():
            continue
        parts = line.split("|", 3)
        if len(parts) != 4:
            fail(f"cannot read khal's line {line!r}")
            continue
        _uid, start, end, title = parts
        fmt = "%Y-%m-%dT%H:%M"
        by_uid_title[key(local_to_utc(start, zone, fmt), local_to_utc(end, zone, fmt), title)] += 1
    compare(by_uid_title, sessions, "khal list")
    files = list(Path(vdir).glob("*.ics"))
    if len(files) != len(sessions):
        fail(f"khal's calendar holds {len(files)} events, hallway lists {len(sessions)}")
    log = Path(import_log).read_text(encoding="utf-8", errors="replace")
    if re.search(r"error|warning|skip", log, re.IGNORECASE):
        fail(f"khal import complained:\n{log}")
    finish("khal", len(lines))


APT = re.compile(
    r"^(\d\d/\d\d/\d{4}) @ (\d\d:\d\d) -> (\d\d/\d\d/\d{4}) @ (\d\d:\d\d)(?:>[0-9a-f]+)? ([|!])(.*)$"
)
HEADING = re.compile(r"^\d\d/\d\d/\d\d:$")


def cmd_calcurse(query, list_json, zone, apts, import_log):
    sessions = load_list(list_json)
    log = Path(import_log).read_text(encoding="utf-8", errors="replace")
    m = re.search(r"(\d+) apps / (\d+) events / (\d+) todos / (\d+) skipped", log)
    if not m:
        fail(f"cannot read calcurse's import report:\n{log}")
    else:
        apps, _events, _todos, skipped = map(int, m.groups())
        if apps != len(sessions) or skipped:
            fail(f"calcurse imported {apps} appointments and skipped {skipped} of {len(sessions)}")

    # The appointments file holds each appointment once.
    stored = Counter()
    apt_lines = Path(apts).read_text(encoding="utf-8").splitlines()
    for line in apt_lines:
        m = APT.match(line)
        if not m:
            fail(f"cannot read calcurse's appointment {line!r}")
            continue
        sd, st, ed, et, _state, title = m.groups()
        fmt = "%m/%d/%Y %H:%M"
        stored[key(local_to_utc(f"{sd} {st}", zone, fmt), local_to_utc(f"{ed} {et}", zone, fmt), title)] += 1
    compare(stored, sessions, "calcurse's appointments file")

    # The query lists an appointment on every day it touches: compare the distinct ones.
    queried = set()
    for line in Path(query).read_text(encoding="utf-8").splitlines():
        if not line.strip() or HEADING.match(line):
            continue
        parts = line.split("|", 2)
        if len(parts) != 3:
            fail(f"cannot read calcurse's query line {line!r}")
            continue
        start, end, title = parts
        fmt = "%Y-%m-%dT%H:%M"
        queried.add(key(local_to_utc(start, zone, fmt), local_to_utc(end, zone, fmt), title))
    want = set(expected_keys(sessions))
    for k in sorted(want - queried):
        fail(f"calcurse -Q does not show {k}")
    for k in sorted(queried - want):
        fail(f"calcurse -Q shows {k}, which hallway does not")
    finish("calcurse", len(apt_lines))


COMMANDS = {
    "range": (cmd_range, 1),
    "icalendar": (cmd_icalendar, 2),
    "khal": (cmd_khal, 5),
    "calcurse": (cmd_calcurse, 5),
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    function, arity = COMMANDS[sys.argv[1]]
    if len(sys.argv) - 2 != arity:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    function(*sys.argv[2:])
