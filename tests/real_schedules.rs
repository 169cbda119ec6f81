//! What real conferences publish, reproduced in small hand-written fixtures (tests/fixtures/real/):
//! one test per class of problem issue #12 lists, named after it.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hallway::formats::{self, LoadOptions};
use hallway::schedule::Schedule;
use hallway::schedule::zone::GivenZone;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name)
}

fn load(name: &str) -> Schedule {
    formats::load_file(&fixture(name), LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(data: &Path, args: &[&str]) -> String {
    let out = hallway(data).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(data: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(data, args)).unwrap()
}

/// (id, start as RFC 3339, day) of every session.
fn times(s: &Schedule) -> Vec<(String, String, String)> {
    s.sessions()
        .iter()
        .map(|x| (x.id.clone(), x.start.to_rfc3339(), x.day.to_string()))
        .collect()
}

#[test]
fn class_1_offsets_without_a_zone_name_show_as_printed() {
    for name in ["offsets-no-zone.xml", "offsets-no-zone.json"] {
        let s = load(name);
        assert!(!s.floating, "{name}");
        assert_eq!(
            times(&s),
            [
                (
                    "1".into(),
                    "2024-02-03T09:00:00+01:00".into(),
                    "2024-02-03".into()
                ),
                (
                    "2".into(),
                    "2024-02-03T16:05:00+01:00".into(),
                    "2024-02-03".into()
                ),
            ],
            "{name}"
        );
        // Shown in the venue's zone, not UTC: 16:05 on the clock, as the file prints it.
        let t = s.sessions()[1].start.with_timezone(&s.conference.timezone);
        assert_eq!(t.format("%H:%M").to_string(), "16:05", "{name}");
        assert!(
            s.warnings
                .iter()
                .any(|w| w.message.contains("offset its timestamps carry (+01:00)")),
            "{name}: {:?}",
            s.warnings
        );
    }
    // A named city whose zone keeps those offsets gives its IANA zone.
    let s = load("offsets-city.xml");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Berlin);

    let dir = tempfile::tempdir().unwrap();
    let path = fixture("offsets-no-zone.xml");
    let list = json(
        dir.path(),
        &["-s", path.to_str().unwrap(), "list", "--json"],
    );
    assert_eq!(list[1]["start"], "2024-02-03T16:05:00+01:00");
    let text = stdout(dir.path(), &["-s", path.to_str().unwrap(), "list"]);
    assert!(text.contains("16:05–16:30"), "{text}");
}

#[test]
fn class_2_no_zone_at_all_is_floating_everywhere() {
    let s = load("floating.xml");
    assert!(s.floating);
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("floating.xml");
    let p = path.to_str().unwrap();

    let check = json(dir.path(), &["-s", p, "check", "--json"]);
    assert_eq!(check["timezone"], Value::Null);
    let list = json(dir.path(), &["-s", p, "list", "--json"]);
    assert_eq!(list[0]["start"], "2021-02-06T09:00:00");
    assert_eq!(list[0]["end"], "2021-02-06T10:00:00");
    let show = json(dir.path(), &["-s", p, "show", "1", "--json"]);
    assert_eq!(show["start"], "2021-02-06T09:00:00");

    // Text output says it once, and shows the times as printed.
    let text = stdout(dir.path(), &["-s", p, "list"]);
    assert_eq!(
        text.matches("times as printed; zone unknown (--tz ZONE)")
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("09:00–10:00"), "{text}");
    let check = stdout(dir.path(), &["-s", p, "check"]);
    assert!(check.contains("zone unknown (--tz ZONE)"), "{check}");

    // The calendar export is floating too: the 09:00 talk stays at 09:00 on any phone.
    let out = dir.path().join("float.ics");
    hallway(dir.path())
        .args(["-s", p, "export", "--format", "ics", "--all", "-o"])
        .arg(&out)
        .assert()
        .success();
    let ics = std::fs::read_to_string(&out).unwrap();
    assert!(ics.contains("DTSTART:20210206T090000\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20210206T100000\r\n"), "{ics}");
    assert!(!ics.contains("X-WR-TIMEZONE"), "{ics}");
    assert!(!ics.contains("TZID"), "{ics}");
    // And reading that export back keeps the times floating and as printed.
    let back = formats::load_file(&out, LoadOptions::default()).unwrap();
    assert!(back.floating);
    assert_eq!(
        back.sessions()[0]
            .start
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        "2021-02-06 09:00"
    );

    // Converted to hallway's own format, the zone stays unknown ("timezone": null).
    let native = dir.path().join("float.json");
    hallway(dir.path())
        .args(["convert", p, "-o"])
        .arg(&native)
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&native).unwrap()).unwrap();
    assert_eq!(doc["conference"]["timezone"], Value::Null);
    let back = formats::load_file(&native, LoadOptions::default()).unwrap();
    assert!(back.floating);
    assert_eq!(times(&back), times(&s));

    // --tz names the zone: no longer floating, times placed in it.
    let check = json(
        dir.path(),
        &["-s", p, "--tz", "Europe/Paris", "check", "--json"],
    );
    assert_eq!(check["timezone"], "Europe/Paris");
    let list = json(
        dir.path(),
        &["-s", p, "--tz", "Europe/Paris", "list", "--json"],
    );
    assert_eq!(list[0]["start"], "2021-02-06T09:00:00+01:00");
}

#[test]
fn class_3_sched_all_utc_takes_the_city_of_its_locations() {
    let s = load("sched-utc-amsterdam.ics");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Amsterdam);
    assert_eq!(
        times(&s),
        [
            (
                "cd-1".into(),
                "2026-03-23T09:00:00+01:00".into(),
                "2026-03-23".into()
            ),
            // 23:00 UTC is past midnight in Amsterdam: the next day there.
            (
                "cd-2".into(),
                "2026-03-24T00:00:00+01:00".into(),
                "2026-03-24".into()
            ),
            (
                "cd-3".into(),
                "2026-03-24T10:00:00+01:00".into(),
                "2026-03-24".into()
            ),
        ]
    );
    let rooms: Vec<&str> = s.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(rooms, ["Hall 12, RAI", "Foyer"]);
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("sched-utc-amsterdam.ics");
    let check = json(
        dir.path(),
        &["-s", path.to_str().unwrap(), "check", "--json"],
    );
    assert_eq!(check["timezone"], "Europe/Amsterdam");
}

#[test]
fn class_4_day_labels_in_utc_are_overruled_and_warned() {
    let s = load("wafer-utc-days.xml");
    assert_eq!(
        times(&s),
        [
            (
                "101".into(),
                "2023-09-10T10:00:00+05:30".into(),
                "2023-09-10".into()
            ),
            (
                "102".into(),
                "2023-09-11T14:00:00+05:30".into(),
                "2023-09-11".into()
            ),
        ]
    );
    assert_eq!(s.conference.end_date.to_string(), "2023-09-11");
    let warning = s
        .warnings
        .iter()
        .find(|w| w.message.contains("day labels"))
        .unwrap();
    assert!(
        warning.message.contains("listed under 2023-09-09"),
        "{warning:?}"
    );
    assert!(
        !s.warnings.iter().any(|w| w.message.contains("outside")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn class_5_the_night_belongs_to_the_day_that_runs_through_it() {
    let s = load("congress-night.json");
    assert_eq!(s.conference.day_change.to_string(), "06:00:00");
    let concert = s.find("2").unwrap().1;
    assert_eq!(concert.day.to_string(), "2024-12-27");
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().to_utc();
    // 01:30 on the 28th: the concert of day 1 is on, day 2 has not begun.
    assert_eq!(
        s.day_at(at("2024-12-28T01:30:00+01:00")).to_string(),
        "2024-12-27"
    );
    assert_eq!(
        s.day_at(at("2024-12-28T07:00:00+01:00")).to_string(),
        "2024-12-28"
    );
}

#[test]
fn class_6_a_fold_that_splits_a_character_and_a_stray_byte_still_load() {
    // `d\xe2` CRLF SPACE `\x80\x99exploitation`: valid once the bytes are unfolded.
    let s = load("folded-utf8.ics");
    assert_eq!(s.sessions()[0].title, "Retour d\u{2019}exploitation");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);

    // One Latin-1 byte in a frab title: U+FFFD and one warning naming the line.
    let s = load("latin1-byte.xml");
    assert_eq!(s.find("2").unwrap().1.title, "Caf\u{FFFD} talk");
    let w: Vec<_> = s
        .warnings
        .iter()
        .filter(|w| w.kind == hallway::schedule::WarningKind::Encoding)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", s.warnings);
    assert_eq!(
        w[0].message,
        "1 invalid UTF-8 sequence replaced with U+FFFD (the first on line 25)"
    );
    // The same for the published fixtures of the other readers.
    for rel in [
        "pretalx-json/invalid-utf8.json",
        "frab-xml/invalid-utf8.xml",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel);
        let s = formats::load_file(&path, LoadOptions::default()).unwrap();
        assert!(
            s.warnings
                .iter()
                .any(|w| w.message.starts_with("1 invalid UTF-8")),
            "{rel}"
        );
    }
}

#[test]
fn readers_bend_a_schedule_with_no_sessions_yet_loads_and_says_so() {
    let s = load("no-sessions-yet.json");
    assert!(s.sessions().is_empty());
    assert_eq!(s.conference.start_date.to_string(), "2026-05-01");
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("no-sessions-yet.json");
    let p = path.to_str().unwrap();
    let list = stdout(dir.path(), &["-s", p, "list"]);
    assert_eq!(list, "No sessions published yet.\n");
    let check = stdout(dir.path(), &["-s", p, "check"]);
    assert!(check.contains("no sessions published yet"), "{check}");
    let check = json(dir.path(), &["-s", p, "check", "--json"]);
    assert_eq!(check["sessions"], 0);
}

#[test]
fn class_10_unknown_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("unstated.xml");
    let p = path.to_str().unwrap();
    let list = json(dir.path(), &["-s", p, "list", "--json"]);
    for item in list.as_array().unwrap() {
        assert_eq!(item["recorded"], Value::Null, "{item}");
        assert_eq!(item["risk"]["level"], "unknown", "{item}");
        assert!(
            item["risk"]["reason"]
                .as_str()
                .unwrap()
                .contains("no attendance figure, room sizes"),
            "{item}"
        );
    }
    let show = stdout(dir.path(), &["-s", p, "show", "1"]);
    assert!(show.contains("not stated"), "{show}");
    assert!(show.contains("unknown:"), "{show}");

    // Two overlapping stars: the advice does not claim either is (or is not) recorded.
    for id in ["1", "2"] {
        hallway(dir.path())
            .args(["-s", p, "star", id])
            .assert()
            .success();
    }
    let conflicts = stdout(dir.path(), &["-s", p, "conflicts"]);
    assert!(conflicts.contains("First"), "{conflicts}");
    assert!(!conflicts.contains("not recorded"), "{conflicts}");
    assert!(!conflicts.contains("watch"), "{conflicts}");
}

#[test]
fn class_9_a_reused_id_is_keyed_by_guid_whatever_the_order() {
    let title_of = |s: &Schedule| {
        let mut ids: Vec<(String, String)> = s
            .sessions()
            .iter()
            .map(|x| (x.id.clone(), x.title.clone()))
            .collect();
        ids.sort();
        ids
    };
    let v1 = load("reused-ids-v1.json");
    let v2 = load("reused-ids-v2.json");
    let expected = [
        ("7~aaaa1111".to_string(), "Assembly tour".to_string()),
        ("7~bbbb2222".to_string(), "Badge hacking".to_string()),
    ];
    assert_eq!(title_of(&v1), expected);
    assert_eq!(
        title_of(&v2),
        expected,
        "the same ids when the file lists them the other way"
    );
    assert!(
        v1.warnings
            .iter()
            .any(|w| w.message.contains("different guids"))
    );

    // A star given on the first version stays on "Badge hacking" in the second.
    let dir = tempfile::tempdir().unwrap();
    let (p1, p2) = (fixture("reused-ids-v1.json"), fixture("reused-ids-v2.json"));
    hallway(dir.path())
        .args(["-s", p1.to_str().unwrap(), "star", "7~bbbb2222"])
        .assert()
        .success();
    let list = json(
        dir.path(),
        &["-s", p2.to_str().unwrap(), "list", "--json", "--starred"],
    );
    let starred: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert_eq!(starred, ["Badge hacking"]);
}

#[test]
fn class_7_c3voc_schedule_2_reads_events_rooms_and_speakers() {
    let s = load("c3voc2.json");
    assert_eq!(s.format, "c3voc-schedule2");
    assert_eq!(s.conference.timezone, chrono_tz::Europe::Berlin);
    assert_eq!(s.sessions().len(), 2);
    let (_, talk) = s.find("ABC123").unwrap();
    assert_eq!(talk.start.to_rfc3339(), "2024-12-27T11:00:00+01:00");
    assert_eq!(s.room_name(talk), "Saal 1");
    assert_eq!(s.track_name(talk), "Security");
    assert_eq!(
        talk.speaker_names(),
        "Alice",
        "speakers only, not the moderator"
    );
    assert_eq!(talk.abstract_text, "We break things.");
    assert_eq!(talk.recorded, Some(true));
    let (_, night) = s.find("DEF456").unwrap();
    assert_eq!(
        night.day.to_string(),
        "2024-12-27",
        "inside day 1, which runs to 05:00"
    );
    assert_eq!(night.recorded, Some(false), "do_not_record");
    assert_eq!(night.kind, hallway::schedule::SessionKind::Workshop);
    // Room capacity feeds the crowding model.
    let room = &s.rooms[night.room.unwrap().0 as usize];
    assert_eq!(room.capacity, Some(40));
    let risks = hallway::plan::crowding::assess(&s);
    assert!(risks.iter().all(|r| r.capacity.is_some()), "{risks:?}");
}

/// Errors found after parsing say `file:line:col` and the field, like the other readers.
#[test]
fn class_7_c3voc_schedule_2_errors_name_the_line_and_the_field() {
    let text = std::fs::read_to_string(fixture("c3voc2.json")).unwrap();
    // Where a piece of the text stands, as line:column.
    let at = |text: &str, needle: &str| {
        let offset = text.find(needle).unwrap();
        let line = text[..offset].matches('\n').count() + 1;
        let col = offset - text[..offset].rfind('\n').map_or(0, |p| p + 1) + 1;
        format!("{line}:{col}")
    };
    let bad = text.replace("\"2024-12-28T03:00:00+01:00\"", "\"soon\"");
    let e = formats::load_str("hub.json", &bad, LoadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "hub.json:{}: schedule.events[1].end: \"soon\" is not a date-time (expected YYYY-MM-DDTHH:MM, optionally with seconds and an offset)",
            at(&bad, "\"soon\"")
        )
    );
    let bad = text.replace(
        "\"time_zone_name\": \"Europe/Berlin\"",
        "\"time_zone_name\": \"Mars/Base\"",
    );
    let e = formats::load_str("hub.json", &bad, LoadOptions::default()).unwrap_err();
    assert_eq!(
        (e.line, e.column, e.field.as_deref()),
        (
            Some(10),
            Some(25),
            Some("schedule.conference.time_zone_name")
        ),
        "{e}"
    );
    // A field that is missing: the event that lacks it.
    let bad = text.replacen("\"start\": \"2024-12-28T01:00:00+01:00\", ", "", 1);
    let e = formats::load_str("hub.json", &bad, LoadOptions::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("schedule.events[1].start"), "{e}");
    assert_eq!(
        format!("{}:{}", e.line.unwrap(), e.column.unwrap()),
        at(&bad, "{\"guid\": \"e2000000")
    );
}

#[test]
fn class_8_sessionize_all_reads_rooms_speakers_categories_and_skips_unscheduled() {
    let s = load("sessionize_all.json");
    assert_eq!(s.format, "sessionize");
    assert!(
        s.floating,
        "Sessionize names no zone: floating without --tz"
    );
    assert_eq!(s.sessions().len(), 2, "the unscheduled session is left out");
    assert!(
        s.warnings
            .iter()
            .any(|w| w.message.contains("without a start") && w.sessions == ["103"]),
        "{:?}",
        s.warnings
    );
    let (_, talk) = s.find("101").unwrap();
    assert_eq!(
        talk.start.format("%Y-%m-%d %H:%M").to_string(),
        "2025-06-12 10:00"
    );
    assert_eq!(s.room_name(talk), "Hall A");
    assert_eq!(s.track_name(talk), "Systems", "the category titled Track");
    assert_eq!(talk.tags, ["Beginner"], "other categories are tags");
    assert_eq!(talk.speaker_names(), "Ada Quill");
    // Sessionize gives no session page: the recording is a link of its own.
    assert_eq!(talk.url(), None);
    let recording = talk.link(hallway::schedule::LinkKind::Recording).unwrap();
    assert_eq!(recording.url, "https://video.example.org/101");
    assert_eq!(talk.recorded, Some(true));
    let (_, lunch) = s.find("sz-lunch").unwrap();
    assert_eq!(lunch.kind, hallway::schedule::SessionKind::Break);
    assert_eq!(s.room_name(lunch), "Foyer");

    // With --tz the same local times are placed in that zone.
    let zoned = hallway::formats::load_file(
        &fixture("sessionize_all.json"),
        hallway::formats::LoadOptions {
            tz: Some(GivenZone::now(chrono_tz::Europe::Oslo)),
        },
    )
    .unwrap();
    let (_, talk) = zoned.find("101").unwrap();
    assert_eq!(talk.start.to_rfc3339(), "2025-06-12T10:00:00+02:00");
    assert!(!zoned.floating);

    // Errors name the field.
    let bad = std::fs::read_to_string(fixture("sessionize_all.json"))
        .unwrap()
        .replace("\"roomId\": 12", "\"roomId\": 99");
    let e = hallway::formats::load_str("x.json", &bad, LoadOptions::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("sessions[1].roomId"), "{e}");
    let bad = std::fs::read_to_string(fixture("sessionize_all.json"))
        .unwrap()
        .replace("2025-06-12T10:45:00", "soon");
    let e = hallway::formats::load_str("x.json", &bad, LoadOptions::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("sessions[0].endsAt"), "{e}");
}

#[test]
fn class_8_sessionize_questions_free_text_as_answers_choices_as_tags() {
    let s = load("sessionize_questions.json");
    let (_, talk) = s.find("201").unwrap();
    let answers: Vec<(&str, &str)> = talk
        .answers
        .iter()
        .map(|a| (a.question.as_str(), a.answer.as_str()))
        .collect();
    // In the organiser's order (`sort`); the yes/no of a checkbox stays with its question.
    assert_eq!(
        answers,
        [
            (
                "What will attendees take away?",
                "Attendees leave able to size a queue from two measurements they can take on \
                 Monday morning, and to tell when a queue only hides an overloaded consumer.\n\
                 No prior queueing theory is needed."
            ),
            ("Live demo", "yes"),
            ("Social handle", "@queue_person"),
        ]
    );
    // A choice (Dropdown) and a short text that names categories (few values, one repeated)
    // are tags, after the categories'; an answer to an unlisted question is left out.
    assert_eq!(s.track_name(talk), "Backend");
    assert_eq!(talk.tags, ["English", "Intermediate"]);

    let (_, other) = s.find("202").unwrap();
    assert_eq!(other.tags, ["Deutsch"]);
    // Cleaned like all untrusted text: no escape sequence, no bidi override.
    let takeaway = &other.answers[0].answer;
    assert!(takeaway.contains("never"), "{takeaway}");
    assert!(
        !takeaway.contains('\u{1b}') && !takeaway.contains('\u{202e}'),
        "{takeaway:?}"
    );
    assert_eq!(other.answers[1].answer, "no");
    // An empty answer is no answer; speakers' answers (a T-shirt size) are not the session's.
    let (_, hall) = s.find("203").unwrap();
    assert_eq!(hall.tags, ["English"]);
    assert!(hall.answers.is_empty());
    assert!(s.sessions().iter().all(|x| !x.tags.contains(&"XL".into())));

    // `show` prints "Question: answer"; `show --json` gives them as {question, answer}, and the
    // list's objects keep their fields (no answers there).
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("sessionize_questions.json");
    let p = path.to_str().unwrap();
    let text = stdout(dir.path(), &["-s", p, "show", "201"]);
    assert!(
        text.contains("What will attendees take away? Attendees leave able"),
        "{text}"
    );
    assert!(text.contains("Live demo: yes"), "{text}");
    assert!(text.contains("tags       English, Intermediate"), "{text}");
    let show = json(dir.path(), &["-s", p, "show", "201", "--json"]);
    assert_eq!(show["answers"].as_array().unwrap().len(), 3);
    assert_eq!(show["answers"][1]["question"], "Live demo");
    assert_eq!(show["answers"][1]["answer"], "yes");
    assert_eq!(show["tags"], serde_json::json!(["English", "Intermediate"]));
    assert_eq!(show["title"], "Queues without fear");
    assert_eq!(show["start"], "2025-09-18T09:30:00");
    let list = json(dir.path(), &["-s", p, "list", "--json"]);
    assert!(list[0].get("answers").is_none(), "{}", list[0]);
    // A file without questions gives an empty list, never a missing key.
    let plain = fixture("sessionize_all.json");
    let show = json(
        dir.path(),
        &["-s", plain.to_str().unwrap(), "show", "101", "--json"],
    );
    assert_eq!(show["answers"], serde_json::json!([]));
}

// --tz before the file (issue #12, "What to build" 1): what a zone given does to each kind of
// source. Clock times are read in it; instants never move; days follow it; a contradiction
// with what the file tells is said once, naming both.

fn load_tz(name: &str, zone: chrono_tz::Tz) -> Schedule {
    formats::load_file(
        &fixture(name),
        LoadOptions {
            tz: Some(GivenZone::now(zone)),
        },
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The warning a zone given against the file gives, if any.
fn override_note(s: &Schedule) -> Option<&str> {
    let note = s.zone_override.as_deref()?;
    assert!(
        s.warnings.iter().any(|w| w.message == note),
        "check lists it: {:?}",
        s.warnings
    );
    Some(note)
}

#[test]
fn tz_places_clock_times_even_against_the_zone_the_file_names() {
    let berlin = load("named-zone-clock.xml");
    assert_eq!(
        berlin.find("1").unwrap().1.start.to_rfc3339(),
        "2025-03-14T09:00:00+01:00"
    );
    assert_eq!(override_note(&berlin), None);

    let tokyo = load_tz("named-zone-clock.xml", chrono_tz::Asia::Tokyo);
    assert_eq!(tokyo.conference.timezone, chrono_tz::Asia::Tokyo);
    assert_eq!(
        times(&tokyo),
        [
            (
                "1".into(),
                "2025-03-14T09:00:00+09:00".into(),
                "2025-03-14".into()
            ),
            (
                "2".into(),
                "2025-03-14T16:30:00+09:00".into(),
                "2025-03-14".into()
            ),
        ],
        "the clock times the file prints, in the zone given"
    );
    assert_eq!(
        override_note(&tokyo),
        Some(
            "--tz Asia/Tokyo contradicts the zone the file names (Europe/Berlin): its clock \
             times are read as Asia/Tokyo times; days and times shown follow Asia/Tokyo"
        )
    );
    // The same zone, or another name for the same clocks, is no contradiction.
    for zone in [chrono_tz::Europe::Berlin, chrono_tz::Europe::Amsterdam] {
        let s = load_tz("named-zone-clock.xml", zone);
        assert_eq!(override_note(&s), None);
        assert_eq!(
            s.find("1").unwrap().1.start.to_rfc3339(),
            "2025-03-14T09:00:00+01:00"
        );
    }
}

#[test]
fn tz_places_floating_times_quietly() {
    for (name, id, start) in [
        ("floating.xml", "1", "2021-02-06T09:00:00+01:00"),
        ("sessionize_all.json", "101", "2025-06-12T10:00:00+02:00"),
    ] {
        let s = load_tz(name, chrono_tz::Europe::Paris);
        assert!(!s.floating, "{name}");
        assert_eq!(s.find(id).unwrap().1.start.to_rfc3339(), start, "{name}");
        assert_eq!(override_note(&s), None, "{name}: nothing to contradict");
    }
}

#[test]
fn tz_keeps_the_instants_a_file_gives_and_takes_days_and_display() {
    // A zone named and offsets (c3voc 2.0, Europe/Berlin): the instants stay.
    let berlin = load("c3voc2.json");
    let ny = load_tz("c3voc2.json", chrono_tz::America::New_York);
    assert_eq!(ny.conference.timezone, chrono_tz::America::New_York);
    for (a, b) in berlin.sessions().iter().zip(ny.sessions()) {
        assert_eq!(a.start, b.start, "{}: the same instant", a.id);
    }
    let (_, night) = ny.find("DEF456").unwrap();
    assert_eq!(night.start.to_rfc3339(), "2024-12-27T19:00:00-05:00");
    assert_eq!(night.day.to_string(), "2024-12-27", "New York's day");
    let note = override_note(&ny).unwrap();
    assert!(
        note.starts_with("--tz America/New_York contradicts the zone the file names (Europe/Berlin): its times stay the instants it gives"),
        "{note}"
    );
    assert_eq!(
        ny.warnings.len(),
        berlin.warnings.len() + 1,
        "one warning, not one per session or day label: {:?}",
        ny.warnings
    );

    // Offsets and no zone name (pretalx JSON, frab XML): the instants stay; a zone that does
    // not keep the offsets is named against them.
    for name in ["offsets-no-zone.json", "offsets-no-zone.xml"] {
        let printed = load(name);
        let tokyo = load_tz(name, chrono_tz::Asia::Tokyo);
        for (a, b) in printed.sessions().iter().zip(tokyo.sessions()) {
            assert_eq!(a.start, b.start, "{name}");
        }
        let note = override_note(&tokyo).unwrap_or_default();
        assert!(
            note.contains("contradicts the offset the file's times carry (+01:00)"),
            "{name}: {note}"
        );
        let paris = load_tz(name, chrono_tz::Europe::Paris);
        assert_eq!(override_note(&paris), None, "{name}: Paris keeps +01:00");
        assert_eq!(paris.conference.timezone, chrono_tz::Europe::Paris);
    }

    // Sched: UTC instants and a place (Amsterdam) in the locations.
    let london = load_tz("sched-utc-amsterdam.ics", chrono_tz::Europe::London);
    let (_, party) = london.find("cd-2").unwrap();
    assert_eq!(party.start.to_rfc3339(), "2026-03-23T23:00:00+00:00");
    assert_eq!(party.day.to_string(), "2026-03-23", "London's day");
    let note = override_note(&london).unwrap_or_default();
    assert!(
        note.contains("the place the file names (\"Amsterdam, Netherlands\", Europe/Amsterdam): its times stay the instants it gives"),
        "{note}"
    );
    let amsterdam = load_tz("sched-utc-amsterdam.ics", chrono_tz::Europe::Amsterdam);
    assert_eq!(override_note(&amsterdam), None);
    assert_eq!(
        amsterdam.find("cd-2").unwrap().1.day.to_string(),
        "2026-03-24"
    );
}

#[test]
fn tz_in_hallways_own_format_keeps_its_instants() {
    let dir = tempfile::tempdir().unwrap();
    let paris = dir.path().join("paris.json");
    let converted = Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path())
        .args(["convert"])
        .arg(fixture("named-zone-clock.xml"))
        .arg("-o")
        .arg(&paris)
        .assert()
        .success();
    drop(converted);
    let tokyo = load_tz(paris.to_str().unwrap(), chrono_tz::Asia::Tokyo);
    let (_, opening) = tokyo.find("1").unwrap();
    assert_eq!(
        opening.start.to_rfc3339(),
        "2025-03-14T17:00:00+09:00",
        "hallway writes the zone it resolved: its times are instants"
    );
    assert!(
        override_note(&tokyo)
            .unwrap()
            .contains("its times stay the instants it gives")
    );

    // A floating file in hallway's format takes the zone given as its own.
    let floating = dir.path().join("floating.json");
    Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path())
        .args(["convert"])
        .arg(fixture("floating.xml"))
        .arg("-o")
        .arg(&floating)
        .assert()
        .success();
    let oslo = load_tz(floating.to_str().unwrap(), chrono_tz::Europe::Oslo);
    assert!(!oslo.floating);
    assert_eq!(
        oslo.find("1").unwrap().1.start.to_rfc3339(),
        "2021-02-06T09:00:00+01:00"
    );
}

#[test]
fn tz_against_the_file_is_said_once_on_the_command_and_listed_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clock.xml");
    std::fs::copy(fixture("named-zone-clock.xml"), &file).unwrap();
    let file = file.to_str().unwrap();
    let out = hallway(dir.path())
        .args(["-s", file, "--tz", "Asia/Tokyo", "list"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr
            .matches("contradicts the zone the file names (Europe/Berlin)")
            .count(),
        1,
        "{stderr}"
    );
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("09:00"), "{stdout}");
    // Remembered for the file: the next command keeps the zone, quietly; check lists why.
    let out = hallway(dir.path())
        .args(["-s", file, "list"])
        .assert()
        .success();
    assert!(out.get_output().stderr.is_empty());
    let check = stdout_of(
        &hallway(dir.path())
            .args(["-s", file, "check"])
            .assert()
            .success(),
    );
    assert!(
        check.contains("the zone remembered from an earlier --tz (Asia/Tokyo) contradicts"),
        "{check}"
    );
    let j = json(dir.path(), &["-s", file, "check", "--json"]);
    assert_eq!(j["timezone"], "Asia/Tokyo");
}

fn stdout_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn a_named_zone_that_every_offset_contradicts_gives_way_to_the_offsets() {
    // pretalx's demo: the file says UTC but prints every time at +01:00, and its `start`
    // says 09:00 too. The venue's clocks are what the file prints.
    let s = load("named-zone-against-offsets.json");
    assert!(!s.floating);
    assert_eq!(s.conference.timezone.name(), "Etc/GMT-1");
    assert_eq!(
        times(&s),
        [
            (
                "11".into(),
                "2021-03-06T09:00:00+01:00".into(),
                "2021-03-06".into()
            ),
            (
                "13".into(),
                "2021-03-06T14:00:00+01:00".into(),
                "2021-03-06".into()
            ),
            // 00:30 inside a day that runs to 03:59 stays on that day.
            (
                "12".into(),
                "2021-03-07T00:30:00+01:00".into(),
                "2021-03-06".into()
            ),
            (
                "21".into(),
                "2021-03-07T17:00:00+01:00".into(),
                "2021-03-07".into()
            ),
        ]
    );
    let note =
        "the file names the time zone UTC, but every time it gives carries the offset +01:00";
    assert_eq!(
        s.warnings
            .iter()
            .filter(|w| w.message.contains(note))
            .count(),
        1,
        "{:?}",
        s.warnings
    );
    // `check` says so; the times shown and exported are the printed ones.
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("named-zone-against-offsets.json");
    let p = path.to_str().unwrap();
    let check = stdout(dir.path(), &["-s", p, "check"]);
    assert!(check.contains(note), "{check}");
    let list = json(dir.path(), &["-s", p, "list", "--json"]);
    assert_eq!(list[0]["start"], "2021-03-06T09:00:00+01:00");
    let text = stdout(dir.path(), &["-s", p, "list"]);
    assert!(text.contains("09:00–09:30"), "{text}");
    assert!(text.contains("00:30–01:30"), "{text}");

    // A named zone that agrees with some of the offsets stays, and the others are instants
    // (the file's zone is kept; one warning names the offset that disagrees).
    let mixed = std::fs::read_to_string(&path).unwrap().replacen(
        "2021-03-06T09:00:00+01:00",
        "2021-03-06T08:00:00+00:00",
        1,
    );
    let m = formats::load_str("mixed.json", &mixed, LoadOptions::default()).unwrap();
    assert_eq!(m.conference.timezone, chrono_tz::Tz::UTC);
    assert!(
        m.warnings.iter().any(|w| w
            .message
            .contains("carry the offset +01:00 but its time zone UTC")),
        "{:?}",
        m.warnings
    );
    // The same contradiction in frab XML gives way in the same way.
    let xml = std::fs::read_to_string(fixture("offsets-no-zone.xml"))
        .unwrap()
        .replacen(
            "<conference>",
            "<conference><time_zone_name>UTC</time_zone_name>",
            1,
        );
    let x = formats::load_str("x.xml", &xml, LoadOptions::default()).unwrap();
    assert_eq!(
        x.conference.timezone.name(),
        "Etc/GMT-1",
        "{:?}",
        x.warnings
    );
    // --tz still comes first: the instants stay, shown in the zone given.
    let given = load_tz("named-zone-against-offsets.json", chrono_tz::Europe::Paris);
    assert_eq!(given.conference.timezone, chrono_tz::Europe::Paris);
    assert_eq!(
        given.sessions()[0].start.to_rfc3339(),
        "2021-03-06T09:00:00+01:00"
    );
}

// The interface reads the same rules: the day it opens on, the header of floating times, the
// day tabs against the detail.

fn tui(name: &str, now: &str, width: u16) -> hallway::tui::app::App {
    let schedule = load(name);
    let agenda = hallway::plan::Agenda::new(&schedule.conference.id);
    let tz = schedule.conference.timezone;
    let now = chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc();
    let mut app = hallway::tui::app::App::new(
        schedule,
        agenda,
        tz,
        now,
        ratatui::layout::Rect::new(0, 0, width, 30),
    );
    app.theme = hallway::tui::theme::Theme {
        color: false,
        ..hallway::tui::theme::Theme::default()
    };
    app
}

/// The screen's text, a line a row (wide characters counted once).
fn screen(app: &hallway::tui::app::App) -> String {
    let size = app.screen.size;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.width, size.height))
            .unwrap();
    terminal
        .draw(|f| hallway::tui::views::draw(app, f))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn class_5_the_interface_opens_at_01_30_on_the_day_that_runs_through_it() {
    let app = tui("congress-night.json", "2024-12-28T01:30:00+01:00", 100);
    assert_eq!(app.day_date().unwrap().to_string(), "2024-12-27");
    let selected = app.selected().map(|i| app.schedule.session(i).id.clone());
    assert_eq!(selected.as_deref(), Some("2"), "the concert running now");
    let morning = tui("congress-night.json", "2024-12-28T07:00:00+01:00", 100);
    assert_eq!(morning.day_date().unwrap().to_string(), "2024-12-28");
}

#[test]
fn class_2_the_interface_says_the_zone_is_unknown_once() {
    let wide = screen(&tui("floating.xml", "2021-02-06T08:00:00Z", 120));
    assert_eq!(
        wide.matches("times as printed; zone unknown (--tz ZONE)")
            .count(),
        1,
        "{wide}"
    );
    assert!(wide.contains("09:00"), "{wide}");
    assert!(
        !wide.contains("UTC"),
        "no clock of a zone nobody named: {wide}"
    );
}

#[test]
fn class_4_the_interface_tab_and_detail_name_the_same_day() {
    let mut app = tui("wafer-utc-days.xml", "2023-09-10T09:00:00+05:30", 120);
    app.update(hallway::tui::action::Action::ToggleDetail);
    let text = screen(&app);
    assert!(text.contains("Sun 10"), "the tab: {text}");
    assert!(text.contains("Sun 10 Sep"), "the detail: {text}");
    assert!(!text.contains("Sat 9"), "{text}");
}
