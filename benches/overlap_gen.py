"""A hallway schedule of N sessions in 40 rooms, all starting within one hour and all running
until 18:00, so that every pair overlaps: the input of `hallway conflicts` at its worst.

    python3 benches/overlap_gen.py 3000 > overlap.json

Used by benches/conflicts.sh and benches/compare.sh.
"""
import json
import sys

n = int(sys.argv[1])
rooms = [{"name": f"Room {r}", "capacity": 100} for r in range(40)]
sessions = [{"id": f"s{k}", "title": f"Talk {k}", "room": f"Room {k % 40}",
             "start": f"2024-05-01T10:{k % 60:02d}", "end": "2024-05-01T18:00"} for k in range(n)]
print(json.dumps({"hallway_schedule": 1,
    "conference": {"id": "overlap", "title": "Overlap", "timezone": "Europe/Paris",
                   "start_date": "2024-05-01", "end_date": "2024-05-01"},
    "rooms": rooms, "sessions": sessions}))
