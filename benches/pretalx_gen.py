#!/usr/bin/env python3
"""A second, independent generator of c3voc/pretalx schedule JSON, for benches/compare.sh.

examples/generate (Rust) writes compact JSON with sorted keys, ASCII text and every field
present. Real exports differ, and a reader tuned to one writer can be slow on another, so this
one writes in the style of pretalx and the c3voc tools instead (checked against the 39C3 export):

- indented output (2 spaces) and the keys in the exporters' order (`guid`, `code`, `id`, `date`,
  `start`, ... not alphabetical), `time_zone_name` and `base_url` where they put them;
- non-ASCII text escaped as `\\uXXXX` (Python's and Django's default), so every title, name
  and abstract with an accent, a CJK character or an emoji is a string with escapes;
- abstracts and descriptions over several lines (`\\n`), some with light markup;
- optional fields sometimes absent, sometimes null (`subtitle`, `track`, `language`,
  `do_not_record`, `feedback_url`, `origin_url`), persons with a biography and an avatar,
  links as objects, attachments, answers.

    python3 benches/pretalx_gen.py --sessions 10000 -o s10k-py.json [--seed 7]

Standard library only; deterministic for a seed.
"""

import argparse
import datetime as dt
import json
import random
import sys

WORDS = (
    "kernel scheduling latency observability community security firmware compiler "
    "networking storage federation privacy accessibility hardware funding governance "
    "packaging reproducible builds testing documentation mentoring energy mesh radio"
).split()
ACCENTED = ["Überwachung", "café", "naïve", "Ångström", "señal", "Kraków", "Zürich", "façade"]
CJK = ["日本語", "開発者", "コンテナ", "网络", "보안"]
EMOJI = ["🚀", "🔒", "🌍", "✨"]
FIRST = ["Ada", "Grace", "Linus", "Józef", "Chloé", "Søren", "Yuki", "Ngozi", "Zoë", "Ali"]
LAST = ["Lovelace", "Hopper", "Müller", "Nakamura", "Okafor", "Dvořák", "Øster", "García"]
TYPES = ["Talk", "Lecture", "Workshop", "Lightning Talk", "Panel", "Meetup"]
LANGS = ["en", "de", "fr", None]


def words(rng, n):
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.06:
            out.append(rng.choice(ACCENTED))
        elif r < 0.08:
            out.append(rng.choice(CJK))
        elif r < 0.09:
            out.append(rng.choice(EMOJI))
        else:
            out.append(rng.choice(WORDS))
    return " ".join(out)


def paragraph(rng):
    sentences = [words(rng, rng.randint(6, 16)).capitalize() + "." for _ in range(rng.randint(2, 5))]
    return " ".join(sentences)


def person(rng, k):
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    p = {
        "guid": f"{k:08x}-5ff8-4d0e-9a0a-{rng.getrandbits(48):012x}",
        "id": 1000 + k,
        "code": f"P{k:05d}",
        "name": name,
        "public_name": name,
        "avatar": f"https://cfp.example.org/media/avatars/{k:05d}.webp",
        "biography": paragraph(rng) if rng.random() < 0.5 else None,
    }
    if rng.random() < 0.3:
        p["organisation"] = rng.choice(["Acme e.V.", "Universität Wien", "Libre Lab", "株式会社"])
    if rng.random() < 0.1:
        del p["public_name"]
    return p


def event(rng, k, day, room, start, minutes, tracks, base):
    code = f"{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(6))}"
    title = words(rng, rng.randint(3, 9)).capitalize()
    e = {
        "guid": f"{k:08x}-{rng.getrandbits(16):04x}-5{rng.getrandbits(12):03x}-8{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}",
        "code": code,
        "id": 20000 + k,
        "logo": None,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": f"{minutes // 60:02d}:{minutes % 60:02d}",
        "room": room,
        "slug": f"conf-{k}-{title[:20].lower().replace(' ', '-')}",
        "url": f"{base}talk/{code}/",
        "title": title,
        "subtitle": words(rng, 4) if rng.random() < 0.2 else None,
        "track": rng.choice(tracks) if rng.random() < 0.9 else None,
        "type": rng.choice(TYPES),
        "language": rng.choice(LANGS),
        "abstract": paragraph(rng),
        "description": "\n\n".join(paragraph(rng) for _ in range(rng.randint(0, 2))),
        "recording_license": "",
        "do_not_record": rng.random() < 0.1,
        "persons": [person(rng, k * 3 + j) for j in range(rng.choice([0, 1, 1, 1, 2, 3]))],
        "links": [],
        "attachments": [],
        "answers": [],
    }
    if rng.random() < 0.15:
        e["links"].append({"title": "Slides", "url": f"{base}media/slides/{k}.pdf", "type": "related"})
    if rng.random() < 0.05:
        e["attachments"].append({"title": "Paper", "url": f"/media/attachments/{k}.pdf"})
    if rng.random() < 0.5:
        e["feedback_url"] = f"{base}talk/{code}/feedback/"
    if rng.random() < 0.3:
        e["origin_url"] = f"https://cfp.example.org/conf/talk/{code}/"
    # Optional fields absent altogether in some exports.
    for key in ("subtitle", "language", "do_not_record", "logo"):
        if rng.random() < 0.25:
            del e[key]
    if rng.random() < 0.2:
        e["abstract"] = e["abstract"].replace(". ", ".\n", 2)
    return e


def build(n, seed):
    rng = random.Random(seed)
    base = "https://pretalx.example.org/conf-2031/"
    zone = dt.timezone(dt.timedelta(hours=2))
    days_n = max(1, min(7, n // 400 or 1))
    rooms_n = max(1, min(400, n // (days_n * 10) or 1))
    rooms = [f"Saal {chr(65 + r % 26)}{r // 26 or ''}" if r % 5 else f"Hörsaal {r}" for r in range(rooms_n)]
    tracks = [f"{w.capitalize()} & {rng.choice(ACCENTED)}" for w in WORDS[:20]]
    first = dt.date(2031, 8, 12)
    per_day = [n // days_n + (1 if d < n % days_n else 0) for d in range(days_n)]
    days, k = [], 0
    for d, count in enumerate(per_day):
        date = first + dt.timedelta(days=d)
        day_rooms = {}
        for r, room in enumerate(rooms):
            share = count // rooms_n + (1 if r < count % rooms_n else 0)
            t = dt.datetime.combine(date, dt.time(9, 0), zone)
            events = []
            for _ in range(share):
                minutes = rng.choice([20, 30, 40, 45, 60, 90])
                events.append(event(rng, k, date, room, t, minutes, tracks, base))
                k += 1
                t += dt.timedelta(minutes=minutes + rng.choice([0, 5, 10, 15]))
            day_rooms[room] = events
        days.append({
            "index": d + 1,
            "date": date.isoformat(),
            "day_start": dt.datetime.combine(date, dt.time(6, 0), zone).isoformat(),
            "day_end": dt.datetime.combine(date + dt.timedelta(days=1), dt.time(5, 59), zone).isoformat(),
            "rooms": day_rooms,
        })
    conference = {
        "acronym": "conf-2031",
        "title": f"Generated Konferenz 2031 ({n} sessions) — Zürich",
        "start": first.isoformat(),
        "end": (first + dt.timedelta(days=days_n - 1)).isoformat(),
        "daysCount": days_n,
        "timeslot_duration": "00:05",
        "url": base,
        "tracks": [{"name": t, "color": f"#{rng.getrandbits(24):06x}", "slug": f"t{i}"} for i, t in enumerate(tracks)],
        "rooms": [{"name": r, "guid": f"{i:08x}-0000-4000-8000-000000000000", "capacity": rng.choice([None, 80, 200, 1200])} for i, r in enumerate(rooms)],
        "days": days,
        # After the days, where a hand-assembled export may put it: the reader cannot rely on
        # knowing the zone before it meets the events.
        "time_zone_name": "Europe/Zurich",
    }
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "schedule": {
            "generator": {"name": "benches/pretalx_gen.py", "version": "1"},
            "version": "1.0",
            "conference": conference,
            "base_url": base,
        },
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--sessions", type=int, default=10000)
    ap.add_argument("-o", "--output")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    doc = build(args.sessions, args.seed)
    out = open(args.output, "w", encoding="ascii") if args.output else sys.stdout
    json.dump(doc, out, indent=2, ensure_ascii=True)
    out.write("\n")


if __name__ == "__main__":
    main()
