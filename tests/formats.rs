//! Format tests on hand-written fixtures (tests/fixtures/<format>/), and `hallway convert`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hallway::formats::{self, Format, LoadOptions};
use hallway::schedule::zone::GivenZone;
use hallway::schedule::{Schedule, SessionKind, WarningKind};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn load(rel: &str) -> Schedule {
    load_with(rel, LoadOptions::default())
}

fn load_with(rel: &str, options: LoadOptions) -> Schedule {
    formats::load_file(&fixture(rel), options).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The error, with the fixture directory cut so that messages read `name:line:col: ...`.
fn error(rel: &str) -> String {
    let err = formats::load_file(&fixture(rel), LoadOptions::default())
        .err()
        .unwrap_or_else(|| panic!("{rel} should not load"));
    let dir = fixture("").display().to_string();
    err.to_string().replace(&dir, "")
}

/// (id, title, room, track, start, end, day, recorded, speakers, kind) for every session.
type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<bool>,
    String,
    SessionKind,
);

fn rows(s: &Schedule) -> Vec<Row> {
    let mut rows: Vec<Row> = s
        .sessions()
        .iter()
        .map(|x| {
            (
                x.id.clone(),
                x.title.clone(),
                s.room_name(x).to_string(),
                s.track_name(x).to_string(),
                x.start.to_rfc3339(),
                x.end.to_rfc3339(),
                x.day.to_string(),
                x.recorded,
                x.speaker_names(),
                x.kind,
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn detection_is_by_content() {
    let text = |rel: &str| std::fs::read_to_string(fixture(rel)).unwrap();
    assert_eq!(
        formats::detect(&text("pretalx-json/mini.json")),
        Some(Format::PretalxJson)
    );
    assert_eq!(
        formats::detect(&text("frab-xml/mini.xml")),
        Some(Format::FrabXml)
    );
    assert_eq!(formats::detect(&text("ical/mini.ics")), Some(Format::Ical));
    assert_eq!(formats::detect("<html><body/></html>"), None);
    assert_eq!(formats::detect("{\"other\": 1}"), None);
}

#[test]
fn pretalx_json_reads_sessions_rooms_tracks_and_days() {
    let s = load("pretalx-json/mini.json");
    assert_eq!(s.format, "pretalx-json");
    assert_eq!(s.conference.id, "minicon-2026");
    assert_eq!(s.conference.title, "Mini Con 2026");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Brussels);
    assert_eq!(s.conference.start_date.to_string(), "2026-01-31");
    assert_eq!(s.conference.end_date.to_string(), "2026-02-01");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.sessions().len(), 4);

    let hall = &s.rooms[s.find_room("Hall A").unwrap().0 as usize];
    assert_eq!(hall.capacity, Some(300));
    assert_eq!(hall.recorded, Some(true));
    assert_eq!(
        s.tracks
            .iter()
            .map(|t| (t.name.as_str(), t.color.as_deref()))
            .collect::<Vec<_>>(),
        [("Community", Some("#a4a300")), ("Rust", Some("#dea584"))]
    );

    let (_, opening) = s.find("101").unwrap();
    assert_eq!(
        opening.guid.as_deref(),
        Some("10000000-0000-4000-8000-000000000101")
    );
    assert_eq!(opening.kind, SessionKind::Keynote);
    assert_eq!(opening.start.to_rfc3339(), "2026-01-31T10:00:00+01:00");
    assert_eq!(opening.minutes(), 30);
    assert_eq!(
        opening.abstract_text,
        "Welcome & intro.\n\nSecond paragraph."
    );
    assert_eq!(opening.language.as_deref(), Some("en"));
    assert_eq!(opening.url(), Some("https://minicon.example/talk/101"));

    // Both person shapes, and the organisation when there is one.
    let (_, borrow) = s.find("102").unwrap();
    assert_eq!(borrow.speaker_names(), "Grace Hopper, Linus");
    assert_eq!(borrow.speakers[0].company.as_deref(), Some("Navy"));
    assert_eq!(borrow.subtitle.as_deref(), Some("A friendly guide"));
    assert_eq!(borrow.recorded, Some(false), "do_not_record");

    // 00:30 on 1 February, listed under 31 January: it belongs to the evening before.
    let (_, late) = s.find("103").unwrap();
    assert_eq!(late.start.to_rfc3339(), "2026-02-01T00:30:00+01:00");
    assert_eq!(late.day.to_string(), "2026-01-31");
    assert_eq!(late.kind, SessionKind::Social);

    // A string id, and a title with escapes (not borrowable) read intact.
    let (_, lifetimes) = s.find("104").unwrap();
    assert_eq!(lifetimes.title, "Lifetimes \"explained\"");
    assert_eq!(lifetimes.kind, SessionKind::Workshop);
}

#[test]
fn frab_xml_reads_sessions_html_and_recording_opt_out() {
    let s = load("frab-xml/mini.xml");
    assert_eq!(s.format, "frab-xml");
    assert_eq!(s.conference.id, "minicon-2026");
    assert_eq!(s.conference.venue.as_deref(), Some("Main Campus, Brussels"));
    assert_eq!(s.conference.day_change.to_string(), "06:00:00");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);

    let (_, opening) = s.find("101").unwrap();
    // Escaped HTML and a CDATA section, both turned into blank-line separated paragraphs.
    assert_eq!(
        opening.abstract_text,
        "Welcome & intro.\n\nSecond paragraph."
    );
    assert_eq!(opening.start.to_rfc3339(), "2026-01-31T10:00:00+01:00");

    let (_, borrow) = s.find("102").unwrap();
    assert_eq!(borrow.recorded, Some(false), "<recording><optout>true");
    let (_, late) = s.find("103").unwrap();
    assert_eq!(late.day.to_string(), "2026-01-31");
    let (_, lifetimes) = s.find("104").unwrap();
    assert_eq!(lifetimes.title, "Lifetimes \"explained\"");
}

#[test]
fn the_same_schedule_as_pretalx_json_and_frab_xml_loads_the_same() {
    let json = load("pretalx-json/mini.json");
    let xml = load("frab-xml/mini.xml");
    // Recording is the one difference: the JSON states it for every session (the room's
    // `record_by_default`, `do_not_record`), the XML only where <recording><optout> says.
    let unstated = |s: &Schedule| {
        let mut r = rows(s);
        for row in &mut r {
            row.7 = None;
        }
        r
    };
    assert_eq!(unstated(&json), unstated(&xml));
    let recorded = |s: &Schedule| rows(s).into_iter().map(|r| r.7).collect::<Vec<_>>();
    assert_eq!(recorded(&json), [Some(true), Some(false), Some(true), None]);
    assert_eq!(recorded(&xml), [None, Some(false), None, None]);
    let names = |s: &Schedule| s.rooms.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&json), names(&xml));
    assert_eq!(json.tracks, xml.tracks);
    assert_eq!(json.conference.start_date, xml.conference.start_date);
    assert_eq!(json.conference.timezone, xml.conference.timezone);
    for (a, b) in json.sessions().iter().zip(xml.sessions()) {
        assert_eq!(a.abstract_text, b.abstract_text, "{}", a.id);
    }
}

#[test]
fn frab_xml_without_zone_or_dates_uses_tz_else_its_city() {
    // No <time_zone_name>, but <city>Brussels</city>: the venue's zone, said in a warning.
    let s = load("frab-xml/no-zone.xml");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Brussels);
    assert!(!s.floating);
    assert!(s.warnings.iter().any(|w| w.kind == WarningKind::Assumption
        && w.message.contains("Europe/Brussels")
        && w.message.contains("--tz")));
    let (_, opening) = s.find("101").unwrap();
    assert_eq!(opening.start.to_rfc3339(), "2026-01-31T10:00:00+01:00");

    let s = load_with(
        "frab-xml/no-zone.xml",
        LoadOptions {
            tz: Some(GivenZone::now(chrono_tz::Europe::Brussels)),
        },
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let (_, opening) = s.find("101").unwrap();
    assert_eq!(opening.start.to_rfc3339(), "2026-01-31T10:00:00+01:00");
    // Without <date>, 00:30 is before the 06:00 day change: the calendar day after the <day>.
    let (_, late) = s.find("103").unwrap();
    assert_eq!(late.start.to_rfc3339(), "2026-02-01T00:30:00+01:00");
    assert_eq!(late.day.to_string(), "2026-01-31");
}

#[test]
fn ical_reads_sched_style_text_zones_and_locations() {
    let s = load("ical/mini.ics");
    assert_eq!(s.format, "ical");
    assert_eq!(s.conference.title, "Mini Con 2026");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Brussels);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.sessions().len(), 5);

    let (_, opening) = s.find("ev-101").unwrap();
    // A folded SUMMARY, a UTC instant shown in the conference's zone.
    assert_eq!(
        opening.title,
        "Keynote: Opening - Ada Lovelace, Analytical Engines"
    );
    assert_eq!(opening.kind, SessionKind::Keynote);
    assert_eq!(opening.start.to_rfc3339(), "2026-01-31T10:00:00+01:00");
    // "Hall A\, Brussels\, Belgium": the suffix most locations share is dropped.
    assert_eq!(s.room_name(opening), "Hall A");
    assert_eq!(s.track_name(opening), "COMMUNITY");
    assert_eq!(
        opening.abstract_text,
        "Welcome & intro. Really.\n\nSecond paragraph; with a, comma."
    );
    assert_eq!(opening.url(), Some("https://minicon.example/event/101"));

    let (_, borrow) = s.find("ev-102").unwrap();
    assert_eq!(borrow.start.to_rfc3339(), "2026-01-31T11:00:00+01:00");
    assert_eq!(borrow.minutes(), 45);
    assert_eq!(s.track_name(borrow), "RUST");
    assert_eq!(borrow.tags, ["ADVANCED"]);

    // A TZID known only through its VTIMEZONE's X-LIC-LOCATION, and DURATION.
    let (_, late) = s.find("ev-103").unwrap();
    assert_eq!(late.start.to_rfc3339(), "2026-02-01T00:30:00+01:00");
    assert_eq!(late.minutes(), 60);
    assert_eq!(late.kind, SessionKind::Social);

    // A Windows zone name; a location without the shared suffix stays whole.
    let (_, lifetimes) = s.find("ev-104").unwrap();
    assert_eq!(lifetimes.start.to_rfc3339(), "2026-02-01T09:30:00+01:00");
    assert_eq!(s.room_name(lifetimes), "Strandzuid, Europaplein 22");
    assert_eq!(lifetimes.kind, SessionKind::Workshop);

    // An all-day event.
    let (_, all_day) = s.find("ev-105").unwrap();
    assert_eq!(all_day.start.to_rfc3339(), "2026-02-01T00:00:00+01:00");
    assert_eq!(all_day.end.to_rfc3339(), "2026-02-02T00:00:00+01:00");
    assert_eq!(all_day.day.to_string(), "2026-02-01");
}

#[test]
fn ical_in_utc_takes_the_venue_zone_from_its_locations_or_tz() {
    // Sched's X-WR-TIMEZONE:UTC, but every LOCATION ends ", Brussels, Belgium".
    let s = load("ical/utc-sched.ics");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Brussels);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.message.contains("Brussels, Belgium"))
    );
    let (_, late) = s.find("ev-103").unwrap();
    assert_eq!(
        late.day.to_string(),
        "2026-02-01",
        "23:30 UTC is 00:30 in Brussels"
    );

    let s = load_with(
        "ical/utc-sched.ics",
        LoadOptions {
            tz: Some(GivenZone::now(chrono_tz::Europe::Brussels)),
        },
    );
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Brussels);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let (_, late) = s.find("ev-103").unwrap();
    assert_eq!(late.day.to_string(), "2026-02-01");
}

#[test]
fn ical_unknown_tzid_is_a_warning_and_utc() {
    let s = load("ical/unknown-tzid.ics");
    let w = s
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Assumption)
        .unwrap();
    assert!(
        w.message
            .contains("unknown time zone \"Mars/Olympus_Mons\""),
        "{}",
        w.message
    );
    let (_, borrow) = s.find("ev-102").unwrap();
    assert_eq!(borrow.start.to_rfc3339(), "2026-01-31T12:00:00+01:00");
}

#[test]
fn malformed_files_name_file_line_column_field() {
    let cases = [
        (
            "pretalx-json/wrong-type.json",
            "pretalx-json/wrong-type.json:52:84: schedule.conference.days[0].rooms.Room B[0].duration: invalid type: integer `45`, expected a string",
        ),
        (
            "pretalx-json/bad-duration.json",
            "pretalx-json/bad-duration.json:70:83: schedule.conference.days[1].rooms.Room B[0].duration: \"fifty\" is not a duration (HH:MM, H:MM:SS, D:HH:MM, minutes or ISO 8601)",
        ),
        (
            "pretalx-json/unknown-zone.json",
            "pretalx-json/unknown-zone.json:14:25: schedule.conference.time_zone_name: unknown time zone \"Mars/Olympus_Mons\" (expected an IANA name such as Europe/Berlin)",
        ),
        (
            "pretalx-json/truncated.json",
            "pretalx-json/truncated.json:51:18: schedule.conference.days[0].rooms.Room B[0]: EOF while parsing a string",
        ),
        (
            "frab-xml/truncated.xml",
            "frab-xml/truncated.xml:70:9: <event id=\"102\">/<title>: the file ends inside <event id=\"102\">/<title> (is it truncated?)",
        ),
        (
            "frab-xml/bad-duration.xml",
            "frab-xml/bad-duration.xml:68:9: <event id=\"102\">/<duration>: \"45 minutes\" is not a duration (HH:MM, H:MM:SS, D:HH:MM, minutes or ISO 8601)",
        ),
        (
            "frab-xml/unknown-zone.xml",
            "frab-xml/unknown-zone.xml:16:5: <conference>/<time_zone_name>: unknown time zone \"Mars/Olympus_Mons\" (expected an IANA name such as Europe/Brussels)",
        ),
        (
            "frab-xml/billion-laughs.xml",
            "frab-xml/billion-laughs.xml:2:1: <!DOCTYPE>: the document declares DTD entities; hallway refuses them (they can expand without bound)",
        ),
        (
            "frab-xml/undeclared-entity.xml",
            "frab-xml/undeclared-entity.xml:4:5: <conference>/<title>: unknown entity &lol9; (hallway does not expand DTD entities)",
        ),
        (
            "ical/truncated.ics",
            "ical/truncated.ics:40:1: the file ends inside BEGIN:VEVENT (line 29); is it truncated?",
        ),
        (
            "ical/bad-date.ics",
            "ical/bad-date.ics:31:28: VEVENT ev-102/DTEND: \"2026-01-31 11:45\" is not a date-time (YYYYMMDDTHHMMSS, Z for UTC)",
        ),
        (
            "ical/not-a-line.ics",
            "ical/not-a-line.ics:36:1: not an iCalendar content line (expected NAME:VALUE)",
        ),
    ];
    for (rel, want) in cases {
        assert_eq!(error(rel), want, "{rel}");
    }
}

#[test]
fn an_entity_bomb_is_refused_quickly() {
    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [\n");
    bomb.push_str("<!ENTITY a0 \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n");
    for i in 1..40 {
        let refs = format!("&a{};", i - 1).repeat(16);
        writeln!(bomb, "<!ENTITY a{i} \"{refs}\">").unwrap();
    }
    bomb.push_str("]>\n<schedule><conference><title>&a39;</title></conference></schedule>\n");
    let started = std::time::Instant::now();
    let err = formats::load_str("bomb.xml", &bomb, LoadOptions::default()).unwrap_err();
    assert!(err.message.contains("DTD entities"), "{err}");
    assert!(started.elapsed().as_millis() < 500);
}

#[test]
fn duplicated_ids_are_renamed_with_a_warning_not_lost() {
    let text = std::fs::read_to_string(fixture("pretalx-json/mini.json"))
        .unwrap()
        .replace("\"id\": 103", "\"id\": 101");
    let s = formats::load_str("dup.json", &text, LoadOptions::default()).unwrap();
    assert_eq!(s.sessions().len(), 4);
    // Different guids: both are keyed by guid (the first 8 characters are the same here, so
    // the whole guid), not by file order.
    assert!(s.find("101").is_none());
    assert!(s.find("101~10000000000040008000000000000101").is_some());
    assert!(s.find("101~10000000000040008000000000000103").is_some());
    assert!(
        s.warnings
            .iter()
            .any(|w| w.kind == WarningKind::DuplicateId)
    );
}

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").expect("the hallway binary is built");
    cmd.env("HALLWAY_DATA_DIR", data)
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn convert_writes_hallway_json_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, sessions) in [
        ("frab-xml/mini.xml", 4),
        ("pretalx-json/mini.json", 4),
        ("ical/mini.ics", 5),
    ] {
        let out = dir.path().join("out.json");
        hallway(dir.path())
            .arg("convert")
            .arg(fixture(rel))
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
            .stderr(predicates::str::contains(format!(
                "converted {sessions} sessions"
            )));
        let back = formats::load_file(&out, LoadOptions::default()).unwrap();
        assert_eq!(back.format, "hallway");
        assert_eq!(back.sessions().len(), sessions, "{rel}");
        let original = load(rel);
        assert_eq!(rows(&back), rows(&original), "{rel}");
        let links = |s: &Schedule| -> Vec<Vec<hallway::schedule::Link>> {
            s.sessions().iter().map(|x| x.links.clone()).collect()
        };
        assert_eq!(links(&back), links(&original), "{rel}: links");

        let check = hallway(dir.path())
            .args(["check", "--json", "-s"])
            .arg(&out)
            .assert()
            .success();
        let doc: serde_json::Value = serde_json::from_slice(&check.get_output().stdout).unwrap();
        assert_eq!(doc["sessions"], sessions);
    }
}

#[test]
fn convert_to_stdout_and_bad_input_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path())
        .arg("convert")
        .arg(fixture("frab-xml/mini.xml"))
        .args(["-o", "-"])
        .assert()
        .success()
        // The file has links besides the pages: version 2, the one that has them.
        .stdout(predicates::str::contains("\"hallway_schedule\": 2"))
        .stdout(predicates::str::contains("\"kind\": \"chat\""))
        .stdout(predicates::str::contains("\"Late night hacking\""));
    hallway(dir.path())
        .arg("convert")
        .arg(fixture("frab-xml/billion-laughs.xml"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "billion-laughs.xml:2:1: <!DOCTYPE>: the document declares DTD entities",
        ));
    hallway(dir.path())
        .arg("convert")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("name the schedule to convert"));
}
