//! The iCalendar export: a snapshot, RFC 5545 line rules, injection, and export-then-import
//! round trips through hallway's own importer.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use hallway::formats::{LoadOptions, ics_out, load_str};
use hallway::plan::Agenda;
use hallway::schedule::{Conference, Schedule, ScheduleBuilder, SessionDraft};
use hallway::text::clean_line;

fn minicon() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minicon.json")
}

fn hallway(data: &Path, schedule: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-18T09:30:00+01:00")
        .env("HALLWAY_SCHEDULE", schedule)
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// Checks the line rules: CRLF only, at most 75 octets, continuation lines start with a space.
fn assert_rfc_lines(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains(['\r', '\n']),
        "a lone CR or LF"
    );
    for line in ics.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.is_empty());
    }
}

/// Unfolded content lines.
fn unfolded(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for l in ics.split("\r\n") {
        match l.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None if !l.is_empty() => lines.push(l.to_string()),
            None => {}
        }
    }
    lines
}

#[test]
fn the_calendar_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let sch = minicon();
    hallway(data, &sch)
        .args(["star", "m1", "m2", "m4"])
        .assert()
        .success();
    hallway(data, &sch)
        .args([
            "note",
            "m1",
            "--append",
            "LD_PRELOAD demo; see also, \\ the slides",
        ])
        .assert()
        .success();
    let file = data.join("agenda.ics");
    hallway(data, &sch)
        .args(["export", "--format", "ics", "--alarm", "10", "-o"])
        .arg(&file)
        .assert()
        .success();
    let ics = std::fs::read_to_string(&file).unwrap();
    assert_rfc_lines(&ics);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    // Line ends are checked above; the snapshot shows them as plain newlines.
    insta::assert_snapshot!(ics.replace("\r\n", "\n"));
}

#[test]
fn all_exports_every_session_and_flags_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ics = stdout(hallway(dir.path(), &minicon()).args(["export", "--format", "ics", "--all"]));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
    assert!(!ics.contains("VALARM"));
    let out = hallway(dir.path(), &minicon())
        .args(["export", "--format", "ics"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .matches("VEVENT")
            .count(),
        0
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("starred no sessions"));
    hallway(dir.path(), &minicon())
        .args(["export", "--format", "json", "--all"])
        .assert()
        .code(2);
    hallway(dir.path(), &minicon())
        .args(["export", "--format", "markdown", "--alarm", "5"])
        .assert()
        .code(2);
    hallway(dir.path(), &minicon())
        .args(["export", "--format", "ics", "--alarm", "-5"])
        .assert()
        .code(2);
}

#[test]
fn the_demo_exports_and_imports_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ics =
        stdout(hallway(dir.path(), Path::new("demo")).args(["export", "--format", "ics", "--all"]));
    assert_rfc_lines(&ics);
    let demo = hallway::demo::load().unwrap();
    let back = load_str("demo.ics", &ics, LoadOptions::default()).unwrap();
    assert_eq!(back.sessions().len(), demo.sessions().len());
    assert_eq!(back.conference.title, demo.conference.title);
    assert_eq!(back.conference.timezone, demo.conference.timezone);
    for s in demo.sessions() {
        let (_, t) = back.find(&s.id).unwrap();
        assert_eq!((&t.title, t.start, t.end), (&s.title, s.start, s.end));
        assert_eq!(back.room_name(t), demo.room_name(s), "{}", s.id);
        assert_eq!(back.track_name(t), demo.track_name(s), "{}", s.id);
    }
}

/// What must survive hallway's own .ics: the conference (id, title, zone or floating, venue,
/// dates, day change), its days, and each session's id, day, title, instants, room, track,
/// kind, speakers and tags.
fn assert_same_schedule(back: &Schedule, sch: &Schedule, ids: &[&str]) {
    let c = (&sch.conference, &back.conference);
    assert_eq!((&c.1.id, &c.1.title), (&c.0.id, &c.0.title));
    assert_eq!((c.1.timezone, back.floating), (c.0.timezone, sch.floating));
    assert_eq!((&c.1.venue, c.1.day_change), (&c.0.venue, c.0.day_change));
    let days = |s: &Schedule, only: &[&str]| -> Vec<NaiveDate> {
        let mut d: Vec<NaiveDate> = s
            .sessions()
            .iter()
            .filter(|x| only.contains(&x.id.as_str()))
            .map(|x| x.day)
            .collect();
        d.dedup();
        d
    };
    assert_eq!(days(back, ids), days(sch, ids), "days");
    assert_eq!(back.sessions().len(), ids.len());
    for id in ids {
        let (_, s) = sch.find(id).unwrap();
        let (_, t) = back.find(id).unwrap_or_else(|| panic!("{id} came back"));
        assert_eq!((&t.id, t.day, &t.title), (&s.id, s.day, &s.title));
        assert_eq!((t.start, t.end), (s.start, s.end), "{id}");
        assert_eq!(
            (t.start.naive_local(), t.start.timezone()),
            (s.start.naive_local(), s.start.timezone()),
            "{id}: the time as printed"
        );
        assert_eq!(back.room_name(t), sch.room_name(s), "{id}");
        assert_eq!(back.track_name(t), sch.track_name(s), "{id}");
        assert_eq!(
            (t.kind, &t.speakers, &t.tags),
            (s.kind, &s.speakers, &s.tags),
            "{id}"
        );
    }
}

/// Exports `sch` (every session, or only the starred `ids`) and reads the calendar back.
fn exported_and_read_back(sch: &Schedule, all: bool, ids: &[&str]) -> Schedule {
    let mut agenda = Agenda::new(&sch.conference.id);
    for id in ids {
        agenda.apply(&hallway::plan::Change::Star((*id).to_string()));
    }
    let now = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let options = ics_out::Options {
        all,
        alarm_minutes: None,
        now,
    };
    let ics = ics_out::write(sch, &agenda, &options);
    assert_rfc_lines(&ics);
    load_str("back.ics", &ics, LoadOptions::default()).unwrap()
}

/// hallway's own .ics reads back as the schedule it came from (issue #18 item 7): the demo, a
/// frab XML of two days with a session after midnight, a night congress, floating times; with
/// `--all` and with starred sessions only.
#[test]
fn own_exports_read_back_losslessly() {
    let fixture = |p: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(p);
        hallway::formats::load_file(&path, LoadOptions::default()).unwrap()
    };
    let schedules = [
        ("demo", hallway::demo::load().unwrap()),
        ("frab-xml/mini.xml", fixture("frab-xml/mini.xml")),
        (
            "real/congress-night.json",
            fixture("real/congress-night.json"),
        ),
        ("real/floating.xml", fixture("real/floating.xml")),
    ];
    for (name, sch) in &schedules {
        assert!(
            sch.days().len() > 1 || *name == "real/floating.xml",
            "{name}"
        );
        let all: Vec<&str> = sch.sessions().iter().map(|s| s.id.as_str()).collect();
        let back = exported_and_read_back(sch, true, &all);
        assert_eq!(back.days().len(), sch.days().len(), "{name}: no day added");
        assert_same_schedule(&back, sch, &all);
        // The starred ones only: every other one, the last one (after midnight in the night
        // schedules) included.
        let some: Vec<&str> = all.iter().rev().step_by(2).copied().collect();
        let back = exported_and_read_back(sch, false, &some);
        assert_same_schedule(&back, sch, &some);
    }
    assert!(schedules[3].1.floating);
    let night = &schedules[2].1;
    let (_, concert) = night.find("2").unwrap();
    assert_eq!(concert.day, NaiveDate::from_ymd_opt(2024, 12, 27).unwrap());
}

/// Through the command line: `convert` and `-s` on hallway's own export give back the ids, days
/// and rooms of the schedule it was exported from.
#[test]
fn own_export_through_convert_and_dash_s() {
    let dir = tempfile::tempdir().unwrap();
    let night =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/congress-night.json");
    let ics = dir.path().join("night.ics");
    hallway(dir.path(), &night)
        .args(["export", "--format", "ics", "--all", "-o"])
        .arg(&ics)
        .assert()
        .success();
    let list = |schedule: &Path| -> serde_json::Value {
        let out = stdout(hallway(dir.path(), schedule).args(["list", "--json"]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| {
                serde_json::json!([
                    s["id"],
                    s["day"],
                    s["room"],
                    s["start"],
                    s["end"],
                    s["speakers"]
                ])
            })
            .collect()
    };
    assert_eq!(list(&ics), list(&night));
    let converted = dir.path().join("night.json");
    hallway(dir.path(), &night)
        .arg("convert")
        .arg(&ics)
        .arg("-o")
        .arg(&converted)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&converted).unwrap()).unwrap();
    assert_eq!(v["conference"]["id"], "nightcon");
    let ids: Vec<&str> = v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(list(&converted), list(&night));
}

/// A conference in `zone` with the given venue, rooms and sessions (title, id suffix, minutes
/// after 2024-01-01T00:00Z, length in minutes, room index).
fn build(
    zone: Tz,
    venue: Option<String>,
    rooms: &[String],
    sessions: &[(String, String, i64, i64, Option<usize>)],
) -> Schedule {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut b = ScheduleBuilder::new(
        Conference {
            id: "prop-con".into(),
            title: "Prop, Con; \\ 2024".into(),
            timezone: zone,
            venue,
            start_date: date(2024, 1, 1),
            end_date: date(2025, 1, 1),
            day_change: NaiveTime::MIN,
            expected_attendance: None,
            url: None,
        },
        true,
    );
    let room_ids: Vec<_> = rooms.iter().map(|r| b.room_named(r)).collect();
    let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    for (i, (title, suffix, start, minutes, room)) in sessions.iter().enumerate() {
        let start = (base + Duration::minutes(*start)).with_timezone(&zone);
        let mut d = SessionDraft::new(
            format!("s{i}{suffix}"),
            title.clone(),
            start,
            start + Duration::minutes(*minutes),
        );
        d.room = room.map(|r| room_ids[r % room_ids.len()]);
        b.add_session(d);
    }
    b.build("hallway")
}

fn round_trip(sch: &Schedule, originals: &[(String, String, i64, i64, Option<usize>)]) {
    let now = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let ics = ics_out::write(
        sch,
        &Agenda::new(&sch.conference.id),
        &ics_out::Options {
            all: true,
            alarm_minutes: Some(15),
            now,
        },
    );
    assert_rfc_lines(&ics);
    let back = load_str("round-trip.ics", &ics, LoadOptions::default()).unwrap();
    assert_eq!(back.conference.title, sch.conference.title);
    assert_eq!(back.sessions().len(), sch.sessions().len());
    for (i, original) in originals.iter().enumerate() {
        let id = clean_line(&format!("s{i}{}", original.1));
        let (_, s) = sch.find(&id).unwrap();
        let (_, t) = back.find(&s.id).unwrap();
        assert_eq!(t.title, clean_line(&original.0));
        assert_eq!(t.start.to_utc(), s.start.to_utc());
        assert_eq!(t.end.to_utc(), s.end.to_utc());
        assert_eq!(back.room_name(t), sch.room_name(s));
    }
}

#[test]
fn hostile_and_long_titles_cannot_inject_and_fold_cleanly() {
    let evil = "Talk\r\nATTENDEE:mailto:x;x=1,y\\z\nEND:VEVENT".to_string();
    let long = "🦀🎉 Rust – ".repeat(30);
    let sessions = vec![
        (evil.clone(), String::new(), 600, 30, Some(0)),
        (long.clone(), ";x".into(), 700, 45, Some(1)),
    ];
    let rooms = vec!["Room\r\nX-INJECTED:1".to_string(), "東京 Hall".to_string()];
    let sch = build(
        chrono_tz::Europe::Paris,
        Some("Venue; Hall\nB, Paris".into()),
        &rooms,
        &sessions,
    );
    let ics = ics_out::write(
        &sch,
        &Agenda::new("prop-con"),
        &ics_out::Options {
            all: true,
            alarm_minutes: None,
            now: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        },
    );
    let lines = unfolded(&ics);
    for l in &lines {
        let name: String = l.chars().take_while(|c| *c != ':' && *c != ';').collect();
        assert!(
            [
                "BEGIN",
                "END",
                "VERSION",
                "PRODID",
                "METHOD",
                "CALSCALE",
                "X-WR-CALNAME",
                "X-WR-TIMEZONE",
                "UID",
                "DTSTAMP",
                "DTSTART",
                "DTEND",
                "SEQUENCE",
                "SUMMARY",
                "LOCATION",
                "X-HALLWAY-CONFERENCE",
                "X-HALLWAY-DAY-CHANGE",
                "X-HALLWAY-VENUE",
                "X-HALLWAY-ID",
                "X-HALLWAY-DAY",
                "X-HALLWAY-ROOM",
                "X-HALLWAY-KIND",
            ]
            .contains(&name.as_str()),
            "unexpected property {name}: {l}"
        );
    }
    assert!(
        lines.contains(&"SUMMARY:Talk ATTENDEE:mailto:x\\;x=1\\,y\\\\z END:VEVENT".to_string())
    );
    assert!(lines.contains(&"LOCATION:Room X-INJECTED:1\\, Venue\\; Hall B\\, Paris".to_string()));
    assert!(lines.contains(&"X-HALLWAY-ROOM:Room X-INJECTED:1".to_string()));
    assert!(lines.contains(&"X-HALLWAY-VENUE:Venue\\; Hall B\\, Paris".to_string()));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    assert!(
        ics.lines().count() > lines.len(),
        "the long title was folded"
    );
    round_trip(&sch, &sessions);
}

fn zones() -> impl Strategy<Value = Tz> {
    prop::sample::select(vec![
        chrono_tz::Europe::Paris,
        chrono_tz::America::New_York,
        chrono_tz::Asia::Kolkata,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::UTC,
    ])
}

fn titles() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~\r\n\t,;\\\\]{0,80}",
        "\\PC{0,120}",
        "(\u{1F980}|東京|é|&amp;|<b>|\\\\n| ){0,60}",
    ]
}

fn sessions(rooms: bool) -> impl Strategy<Value = Vec<(String, String, i64, i64, Option<usize>)>> {
    let room = if rooms {
        (0usize..4).prop_map(Some).boxed()
    } else {
        prop::option::of(0usize..4).boxed()
    };
    prop::collection::vec(
        (
            titles(),
            "[^\\s]{0,4}",
            0i64..(366 * 24 * 60),
            0i64..600,
            room,
        ),
        2..6,
    )
}

/// Room names without commas: the importer reads LOCATION as "room, venue" and strips the
/// venue the events share, so a comma inside a room name is not told apart from that separator.
fn room_names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[^,]{0,12}", 1..4).prop_map(|tails| {
        tails
            .into_iter()
            .enumerate()
            .map(|(i, t)| format!("R{i} {t}"))
            .collect()
    })
}

fn venues() -> impl Strategy<Value = String> {
    (
        "[A-Za-z][^,]{0,10}[A-Za-z]",
        prop::option::of("[A-Za-z][^,]{0,8}[A-Za-z]"),
    )
        .prop_map(|(a, b)| match b {
            Some(b) => format!("{a}, {b}"),
            None => a,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Export then import: titles (cleaned), instants and rooms come back, with a venue.
    #[test]
    fn round_trips_with_a_venue(
        zone in zones(),
        venue in venues(),
        rooms in room_names(),
        sessions in sessions(true),
    ) {
        let sch = build(zone, Some(venue), &rooms, &sessions);
        round_trip(&sch, &sessions);
    }

    /// The same without a venue, where sessions may have no room.
    #[test]
    fn round_trips_without_a_venue(
        zone in zones(),
        rooms in room_names(),
        sessions in sessions(false),
    ) {
        let sch = build(zone, None, &rooms, &sessions);
        round_trip(&sch, &sessions);
    }
}
