//! Schedule fixtures shared by the core's unit tests, and the tests of building and indexing.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Europe::Paris;

use super::time::parse_local_or_offset;
use super::*;

/// A small Paris conference: two days, two rooms, one session past midnight.
pub(crate) fn fixture() -> Schedule {
    fixture_with(|_| {})
}

/// The fixture with extra sessions added by `extra`.
pub(crate) fn fixture_with(extra: impl FnOnce(&mut ScheduleBuilder)) -> Schedule {
    let mut b = ScheduleBuilder::new(
        Conference {
            id: "testcon-2024".into(),
            title: "TestCon 2024".into(),
            timezone: Paris,
            venue: Some("Hall 1".into()),
            start_date: date("2024-03-20"),
            end_date: date("2024-03-21"),
            day_change: NaiveTime::from_hms_opt(4, 0, 0).unwrap(),
            expected_attendance: Some(1000),
            url: None,
        },
        true,
    );
    let a = b.add_room(Room {
        name: "Room A".into(),
        capacity: Some(150),
        location: Location {
            building: Some("Main".into()),
            floor: Some("1".into()),
            zone: Some("north".into()),
        },
        recorded: Some(true),
    });
    let bb = b.add_room(Room {
        name: "Room B".into(),
        capacity: Some(500),
        location: Location {
            building: Some("Main".into()),
            floor: Some("1".into()),
            zone: Some("south".into()),
        },
        recorded: Some(false),
    });
    let ebpf = b.track_named("eBPF");
    let rust = b.track_named("Rust");
    let mut s = draft(
        "libc",
        "Hooking Libc Calls",
        "2024-03-20T11:00",
        "2024-03-20T11:35",
    );
    s.room = Some(a);
    s.track = ebpf;
    s.speakers = vec![Speaker {
        name: "Tal Zwick".into(),
        company: Some("MetalBear".into()),
    }];
    b.add_session(s);
    let mut s = draft(
        "rust",
        "The Rustvolution",
        "2024-03-20T11:15",
        "2024-03-20T11:50",
    );
    s.room = Some(bb);
    s.track = rust;
    s.speakers = vec![Speaker {
        name: "Flynn".into(),
        company: Some("Buoyant".into()),
    }];
    b.add_session(s);
    let mut s = draft(
        "party",
        "Late Party",
        "2024-03-21T00:30",
        "2024-03-21T02:00",
    );
    s.room = Some(bb);
    s.kind = SessionKind::Social;
    b.add_session(s);
    let mut s = draft(
        "day2",
        "Day Two Opener",
        "2024-03-21T09:00",
        "2024-03-21T09:30",
    );
    s.room = Some(a);
    b.add_session(s);
    extra(&mut b);
    b.build("hallway")
}

pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn draft(id: &str, title: &str, start: &str, end: &str) -> SessionDraft {
    SessionDraft::new(
        id,
        title,
        parse_local_or_offset(start, Paris).unwrap(),
        parse_local_or_offset(end, Paris).unwrap(),
    )
}

#[test]
fn sessions_are_ordered_and_indexed_by_day() {
    let s = fixture();
    let ids: Vec<&str> = s.sessions().iter().map(|x| x.id.as_str()).collect();
    // The 00:30 party belongs to the 20th (day change at 04:00), after its talks.
    assert_eq!(ids, ["libc", "rust", "party", "day2"]);
    let days: Vec<(String, usize)> = s
        .days()
        .iter()
        .map(|d| (d.date.to_string(), d.range.len()))
        .collect();
    assert_eq!(
        days,
        [("2024-03-20".to_string(), 3), ("2024-03-21".to_string(), 1)]
    );
    assert_eq!(s.day_sessions(date("2024-03-21"))[0].id, "day2");
    assert!(s.day_sessions(date("2024-03-25")).is_empty());
}

#[test]
fn lookups_by_id_room_track_and_time() {
    let s = fixture();
    let (i, libc) = s.find("libc").unwrap();
    assert_eq!(s.session(i).title, "Hooking Libc Calls");
    assert_eq!(s.room_name(libc), "Room A");
    assert_eq!(s.track_name(libc), "eBPF");
    let room_b = s.find_room("room b").unwrap();
    let in_b: Vec<&str> = s
        .room_sessions(room_b)
        .iter()
        .map(|&i| s.session(i).id.as_str())
        .collect();
    assert_eq!(in_b, ["rust", "party"]);
    let rust = s.find_track("Rust").unwrap();
    assert_eq!(s.track_sessions(rust).len(), 1);
    let from = parse_local_or_offset("2024-03-20T11:10", Paris).unwrap();
    let to = parse_local_or_offset("2024-03-21T01:00", Paris).unwrap();
    let starting: Vec<&str> = s
        .starting_between(from, to)
        .iter()
        .map(|&i| s.session(i).id.as_str())
        .collect();
    assert_eq!(starting, ["rust", "party"]);
}

#[test]
fn recorded_defaults_to_the_room() {
    let s = fixture();
    assert_eq!(s.find("libc").unwrap().1.recorded, Some(true));
    assert_eq!(s.find("rust").unwrap().1.recorded, Some(false));
}

#[test]
fn a_clean_fixture_has_no_warnings() {
    assert_eq!(fixture().warnings, []);
}

#[test]
fn data_problems_become_warnings_and_no_session_is_lost() {
    let s = fixture_with(|b| {
        let a = b.find_room("Room A").unwrap();
        let mut dup = draft(
            "libc",
            "Second Libc",
            "2024-03-21T10:00",
            "2024-03-21T10:30",
        );
        dup.room = Some(a);
        b.add_session(dup);
        let mut clash = draft("clash", "Clash", "2024-03-20T11:30", "2024-03-20T12:00");
        clash.room = Some(a);
        b.add_session(clash);
        b.add_session(draft(
            "backwards",
            "Backwards",
            "2024-03-21T12:00",
            "2024-03-21T11:00",
        ));
        b.add_session(draft(
            "early",
            "Too Early",
            "2024-03-19T12:00",
            "2024-03-19T13:00",
        ));
    });
    assert_eq!(s.sessions().len(), 8);
    let kinds: Vec<(&str, Vec<&str>)> = s
        .warnings
        .iter()
        .map(|w| {
            (
                w.kind.as_str(),
                w.sessions.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("duplicate_id", vec!["libc", "libc~2"])),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("room_double_booked", vec!["libc", "clash"])),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("end_before_start", vec!["backwards"])),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("outside_conference", vec!["early"])),
        "{kinds:?}"
    );
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(s.find("libc~2").unwrap().1.title, "Second Libc");
}

#[test]
fn untrusted_text_is_cleaned_at_build() {
    let s = fixture_with(|b| {
        let mut evil = draft(
            "evil\u{1b}[2J",
            "Title\u{1b}]52;c;aGk=\u{7} here",
            "2024-03-20T15:00",
            "2024-03-20T15:30",
        );
        evil.abstract_text = "Line one\r\n\u{202e}Line two".into();
        evil.speakers = vec![Speaker {
            name: "\u{9b}31mMallory".into(),
            company: None,
        }];
        b.add_session(evil);
    });
    let (_, evil) = s.find("evil").unwrap();
    assert_eq!(evil.title, "Title here");
    assert_eq!(evil.abstract_text, "Line one\nLine two");
    assert_eq!(evil.speakers[0].name, "Mallory");
}

#[test]
fn dates_can_come_from_the_sessions() {
    let mut b = ScheduleBuilder::new(
        Conference {
            id: String::new(),
            title: "Unknown Dates".into(),
            timezone: Paris,
            venue: None,
            start_date: NaiveDate::MIN,
            end_date: NaiveDate::MIN,
            day_change: NaiveTime::MIN,
            expected_attendance: None,
            url: None,
        },
        false,
    );
    b.add_session(draft("a", "A", "2024-02-01T10:00", "2024-02-01T11:00"));
    b.add_session(draft("b", "B", "2024-02-02T10:00", "2024-02-02T11:00"));
    let s = b.build("test");
    assert_eq!(s.conference.start_date, date("2024-02-01"));
    assert_eq!(s.conference.end_date, date("2024-02-02"));
    assert!(s.warnings.is_empty());
    assert_eq!(s.conference.id, "unknown-dates-2024");
}

#[test]
fn a_showcase_hosting_many_items_is_not_double_booked_and_a_room_gets_one_line() {
    let s = fixture_with(|b| {
        let hall = b.room_named("Hall 1-5 | Solutions Showcase");
        let pavilion = b.room_named("Project Pavilion");
        let a = b.find_room("Room A").unwrap();
        for (k, room) in [hall, hall, hall, pavilion, pavilion, a, a, a]
            .into_iter()
            .enumerate()
        {
            let mut d = draft(
                &format!("p{k}"),
                &format!("Parallel {k}"),
                "2024-03-21T14:00",
                "2024-03-21T15:00",
            );
            d.room = Some(room);
            b.add_session(d);
        }
    });
    let double: Vec<&Warning> = s
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::RoomDoubleBooked)
        .collect();
    assert_eq!(double.len(), 1, "{double:?}");
    assert!(
        double[0]
            .message
            .starts_with("Room A is double-booked 2 times, first on Thu 21 Mar at 14:00: "),
        "{}",
        double[0].message
    );
    assert_eq!(double[0].sessions, ["p5", "p6", "p7"]);
}

#[test]
fn links_are_cleaned_deduplicated_and_titled() {
    use super::{Link, LinkKind};
    let s = fixture_with(|b| {
        let mut d = draft("linked", "Linked", "2024-03-20T15:00", "2024-03-20T15:30");
        d.url = Some(" https://ex.example/talk \u{1b}]8;;https://evil.example\u{7}".into());
        d.links = vec![
            // The page again, under a title of its own: one link, that title.
            Link::new(LinkKind::Other, "Talk page", "https://ex.example/talk"),
            Link::new(LinkKind::Other, "Talk", "https://ex.example/v.webm"),
            Link::new(
                LinkKind::Recording,
                "Video \u{202e}4pm.exe",
                "https://ex.example/v.webm",
            ),
            Link::new(LinkKind::Chat, "", "JAVASCRIPT:alert(1)"),
            Link::new(LinkKind::Slides, "Deck", "   "),
        ];
        b.add_session(d);
    });
    let (_, linked) = s.find("linked").unwrap();
    let got: Vec<(LinkKind, &str, &str)> = linked
        .links
        .iter()
        .map(|l| (l.kind, l.title.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (LinkKind::Page, "Talk page", "https://ex.example/talk"),
            // "other" takes the kind of a later copy that says more; the first title stays.
            (LinkKind::Recording, "Talk", "https://ex.example/v.webm"),
        ]
    );
    assert_eq!(linked.url(), Some("https://ex.example/talk"));
    let dropped: Vec<&Warning> = s
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Link)
        .collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].sessions, ["linked"]);
    assert!(dropped[0].message.contains("\"JAVASCRIPT:alert(1)\""));
}
