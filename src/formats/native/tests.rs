use super::*;

const GOOD: &str = r##"{
  "hallway_schedule": 1,
  "conference": {
    "id": "mini-2024",
    "title": "Mini 2024",
    "timezone": "Europe/Paris",
    "start_date": "2024-03-30",
    "end_date": "2024-03-31",
    "day_change": "04:00",
    "expected_attendance": 500
  },
  "rooms": [
    {"name": "Room A", "capacity": 100, "building": "Main", "zone": "north"},
    {"name": "Room B", "recorded": false}
  ],
  "tracks": [{"name": "Rust", "color": "#dea584"}],
  "walking": [{"from": "Room A", "to": "Room B", "minutes": 3}],
  "sessions": [
    {"id": "s1", "title": "Opening", "kind": "keynote", "room": "Room A",
     "start": "2024-03-30T09:00", "end": "2024-03-30T09:30", "speakers": [{"name": "Ada", "company": "Acme"}]},
    {"id": "s2", "title": "Late", "room": "Room B", "start": "2024-03-31T01:30", "duration": 60},
    {"id": "s3", "title": "After the jump", "track": "Rust", "start": "2024-03-31T03:00", "end": "2024-03-31T04:30", "day": "2024-03-31"}
  ]
}"##;

fn read_err(text: &str) -> String {
    read("x.json", text).unwrap_err().to_string()
}

#[test]
fn reads_a_valid_document() {
    let s = read("mini.json", GOOD).unwrap();
    assert_eq!(s.conference.id, "mini-2024");
    assert_eq!(s.conference.expected_attendance, Some(500));
    assert_eq!(s.sessions().len(), 3);
    let (_, late) = s.find("s2").unwrap();
    // 01:30 before the 04:00 day change: still the 30th.
    assert_eq!(late.day.to_string(), "2024-03-30");
    assert_eq!(late.minutes(), 60);
    assert!(late.is_unrecorded(), "Room B is not recorded");
    // 31 March 2024 03:00 is just after the spring jump: offset +02:00.
    let (_, jump) = s.find("s3").unwrap();
    assert_eq!(jump.start.to_rfc3339(), "2024-03-31T03:00:00+02:00");
    assert_eq!(jump.day.to_string(), "2024-03-31");
    assert_eq!(s.track_name(jump), "Rust");
    assert_eq!(s.walking.len(), 1);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn writing_then_reading_gives_the_same_schedule() {
    let s = read("mini.json", GOOD).unwrap();
    let again = read("again.json", &write(&s)).unwrap();
    assert_eq!(again.conference, s.conference);
    assert_eq!(again.rooms, s.rooms);
    assert_eq!(again.tracks, s.tracks);
    assert_eq!(again.walking, s.walking);
    assert_eq!(again.sessions(), s.sessions());
}

#[test]
fn an_unknown_room_names_line_column_and_path() {
    let text = GOOD.replace("\"room\": \"Room B\"", "\"room\": \"Room Z\"");
    assert_eq!(
        read_err(&text),
        "x.json:21:43: sessions[1].room: unknown room \"Room Z\" (add it to \"rooms\")"
    );
}

#[test]
fn syntax_and_type_errors_name_line_column_and_path() {
    let text = GOOD.replace("\"capacity\": 100", "\"capacity\": \"many\"");
    let err = read_err(&text);
    assert!(
        err.starts_with("x.json:13:41: rooms[0].capacity: invalid type: string \"many\""),
        "{err}"
    );
    let err = read_err(&GOOD[..200]);
    assert!(
        err.starts_with("x.json:9:12: conference: EOF while parsing"),
        "{err}"
    );
    assert!(err.contains("EOF"), "{err}");
}

#[test]
fn unknown_fields_are_refused() {
    let text = GOOD.replace("\"capacity\": 100", "\"capcity\": 100");
    let err = read_err(&text);
    assert!(
        err.contains("rooms[0].capcity") || err.contains("unknown field `capcity`"),
        "{err}"
    );
    assert!(err.contains("unknown field `capcity`"), "{err}");
}

#[test]
fn times_are_checked() {
    let gap = GOOD.replace("2024-03-31T03:00", "2024-03-31T02:30");
    assert_eq!(
        read_err(&gap),
        "x.json:22:71: sessions[2].start: 2024-03-31 02:30:00 does not exist in Europe/Paris (the clocks skip that hour for daylight saving)"
    );
    let bad = GOOD.replace("2024-03-30T09:30", "half past nine");
    assert!(read_err(&bad).contains("sessions[0].end: \"half past nine\" is not a date-time"));
    let none = GOOD.replace(", \"duration\": 60", "");
    assert!(read_err(&none).contains("sessions[1]: needs \"end\" or \"duration\""));
}

#[test]
fn conference_fields_are_checked() {
    assert!(
        read_err(&GOOD.replace("Europe/Paris", "Paris"))
            .contains("conference.timezone: unknown time zone \"Paris\"")
    );
    assert!(
        read_err(&GOOD.replace("\"mini-2024\"", "\"Mini 2024\""))
            .contains("conference.id: must be lower-case")
    );
    assert!(
        read_err(&GOOD.replace("\"keynote\"", "\"lecture\""))
            .contains("sessions[0].kind: unknown kind \"lecture\"")
    );
    assert!(
        read_err(&GOOD.replace("\"name\": \"Room B\"", "\"name\": \"Room A\""))
            .contains("rooms[1].name: room \"Room A\" is listed twice")
    );
}

#[test]
fn a_newer_version_is_refused() {
    let err = read_err(&GOOD.replace("\"hallway_schedule\": 1", "\"hallway_schedule\": 7"));
    assert_eq!(
        err,
        "x.json:2:23: hallway_schedule: format version 7 is newer than this hallway reads (2); upgrade hallway"
    );
}

#[test]
fn seconds_survive_writing_then_reading() {
    // Found by fuzzing: an iCal end at 10:30:02 came back from hallway's format as 10:30.
    let text = GOOD.replace(
        "\"end\": \"2024-03-30T09:30\"",
        "\"end\": \"2024-03-30T09:30:02\"",
    );
    let s = read("mini.json", &text).unwrap();
    let again = read("again.json", &write(&s)).unwrap();
    assert_eq!(again.find("s1").unwrap().1.end, s.find("s1").unwrap().1.end);
    assert!(write(&s).contains("\"2024-03-30T09:30:02\""));
    assert!(
        write(&s).contains("\"2024-03-30T09:00\""),
        "whole minutes stay short"
    );
}
