//! Tests of overlaps, transfers and lunch, table-driven over the edge cases.

use chrono_tz::Europe::Paris;

use crate::plan::agenda::Agenda;
use crate::plan::analysis::Analysis;
use crate::plan::testing::{ROOMS, SessionRow, build, paris};
use crate::schedule::{Schedule, SessionKind};

use SessionKind::{Break, Talk};

fn all_starred(sch: &Schedule) -> Agenda {
    let mut agenda = Agenda::new(sch.conference.id.clone());
    for s in sch.sessions() {
        agenda.stars.insert(s.id.clone());
    }
    agenda
}

fn id(sch: &Schedule, i: usize) -> &str {
    &sch.session(i).id
}

/// Overlapping pairs as (id, id, minutes), in the order found.
fn pairs(sch: &Schedule) -> Vec<(String, String, u32)> {
    let analysis = Analysis::new(sch, &all_starred(sch));
    analysis
        .conflicts()
        .overlaps()
        .map(|o| {
            (
                id(sch, o.sessions[0]).to_string(),
                id(sch, o.sessions[1]).to_string(),
                o.minutes,
            )
        })
        .collect()
}

/// A session's local start and end.
type Span = (&'static str, &'static str);

/// (case, day change, first session, second session, minutes of overlap)
type OverlapCase = (&'static str, &'static str, Span, Span, Option<u32>);

/// (case, sessions, warning expected)
type LunchCase = (&'static str, &'static [Span], bool);

#[test]
fn overlaps_of_two_sessions() {
    let cases: [OverlapCase; 11] = [
        (
            "touching",
            "00:00",
            ("2024-05-01T10:00", "2024-05-01T11:00"),
            ("2024-05-01T11:00", "2024-05-01T12:00"),
            None,
        ),
        (
            "apart",
            "00:00",
            ("2024-05-01T10:00", "2024-05-01T11:00"),
            ("2024-05-01T11:05", "2024-05-01T12:00"),
            None,
        ),
        (
            "partial",
            "00:00",
            ("2024-05-01T10:00", "2024-05-01T11:00"),
            ("2024-05-01T10:30", "2024-05-01T11:30"),
            Some(30),
        ),
        (
            "nested",
            "00:00",
            ("2024-05-01T10:00", "2024-05-01T12:00"),
            ("2024-05-01T10:30", "2024-05-01T11:00"),
            Some(30),
        ),
        (
            "identical",
            "00:00",
            ("2024-05-01T10:00", "2024-05-01T11:00"),
            ("2024-05-01T10:00", "2024-05-01T11:00"),
            Some(60),
        ),
        (
            "one minute",
            "00:00",
            ("2024-05-01T10:00", "2024-05-01T11:01"),
            ("2024-05-01T11:00", "2024-05-01T12:00"),
            Some(1),
        ),
        (
            "across midnight, one conference day",
            "04:00",
            ("2024-05-01T23:30", "2024-05-02T00:30"),
            ("2024-05-02T00:00", "2024-05-02T01:00"),
            Some(30),
        ),
        (
            "across midnight, two conference days",
            "00:00",
            ("2024-05-01T23:30", "2024-05-02T00:30"),
            ("2024-05-02T00:00", "2024-05-02T01:00"),
            Some(30),
        ),
        (
            // 31 March 2024: 02:00 does not exist in Paris; 01:30–03:30 lasts one hour.
            "spring forward",
            "04:00",
            ("2024-03-31T01:30", "2024-03-31T03:30"),
            ("2024-03-31T01:45", "2024-03-31T03:15"),
            Some(30),
        ),
        (
            // 27 October 2024: 02:00–03:00 happens twice. The first 01:30 to the second 02:30
            // is two hours; the second 02:15 to 03:00 overlaps its last 15 minutes.
            "fall back, overlapping",
            "04:00",
            ("2024-10-27T01:30", "2024-10-27T02:30+01:00"),
            ("2024-10-27T02:15+01:00", "2024-10-27T03:00"),
            Some(15),
        ),
        (
            // The same wall-clock times, an hour apart in fact.
            "fall back, apart",
            "04:00",
            ("2024-10-27T02:00", "2024-10-27T02:40"),
            ("2024-10-27T02:10+01:00", "2024-10-27T02:50+01:00"),
            None,
        ),
    ];
    for (case, day_change, a, b, want) in cases {
        let sessions: [SessionRow; 2] = [("a", "A", a.0, a.1, Talk), ("b", "B", b.0, b.1, Talk)];
        let sch = build(Paris, day_change, Some(1000), &ROOMS, &sessions);
        let got = pairs(&sch);
        let want: Vec<(String, String, u32)> = want
            .map(|m| vec![("a".to_string(), "b".to_string(), m)])
            .unwrap_or_default();
        assert_eq!(got, want, "{case}");
    }
}

#[test]
fn chains_of_three_or_more_are_one_group() {
    let sch = paris(&[
        ("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        ("b", "B", "2024-05-01T10:45", "2024-05-01T11:45", Talk),
        ("c", "C", "2024-05-01T11:30", "2024-05-01T12:30", Talk),
        // A separate pair later on: not part of the group.
        ("d", "A", "2024-05-01T15:00", "2024-05-01T16:00", Talk),
        ("e", "B", "2024-05-01T15:30", "2024-05-01T16:30", Talk),
        // Touching the chain's end: not part of it.
        ("f", "A", "2024-05-01T12:30", "2024-05-01T13:00", Talk),
    ]);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    let c = analysis.conflicts();
    let groups: Vec<Vec<&str>> = c
        .groups()
        .map(|g| g.sessions.iter().map(|&i| id(&sch, i)).collect())
        .collect();
    assert_eq!(groups, vec![vec!["a", "b", "c"]]);
    let g = c.groups().next().unwrap();
    // 10:45–11:00 and 11:30–11:45.
    assert_eq!(g.minutes, 30);
    // Room B is not recorded: see it in person.
    assert_eq!(id(&sch, g.attend), "b");
    assert!(g.suggestion.contains("not recorded"), "{}", g.suggestion);
    let found: Vec<(&str, &str, Option<usize>)> = c
        .overlaps()
        .map(|o| (id(&sch, o.sessions[0]), id(&sch, o.sessions[1]), o.group))
        .collect();
    assert_eq!(
        found,
        vec![("a", "b", Some(0)), ("b", "c", Some(0)), ("d", "e", None)]
    );
}

#[test]
fn breaks_do_not_conflict_and_zero_length_sessions_overlap_nothing() {
    let sch = paris(&[
        ("lunch", "B", "2024-05-01T12:00", "2024-05-01T13:30", Break),
        ("talk", "A", "2024-05-01T12:30", "2024-05-01T13:00", Talk),
        ("zero", "C", "2024-05-01T12:40", "2024-05-01T12:40", Talk),
    ]);
    assert!(pairs(&sch).is_empty());
}

#[test]
fn suggestions_prefer_the_unrecorded_then_the_fuller() {
    // B is not recorded.
    let sch = paris(&[
        ("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        ("b", "B", "2024-05-01T10:30", "2024-05-01T11:30", Talk),
    ]);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    let o = analysis.conflicts().overlaps().next().unwrap();
    assert_eq!(id(&sch, o.attend), "b");
    assert_eq!(o.watch_later.map(|i| id(&sch, i)), Some("a"));
    assert!(
        o.suggestion
            .starts_with("see “Session b” in person (it is not recorded)")
    );

    // Both recorded: the smaller room (150 seats against 300) is likelier to fill.
    let sch = paris(&[
        ("a", "C", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        ("b", "A", "2024-05-01T10:30", "2024-05-01T11:30", Talk),
    ]);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    let o = analysis.conflicts().overlaps().next().unwrap();
    assert_eq!(id(&sch, o.attend), "b", "{}", o.suggestion);
    assert_eq!(o.watch_later.map(|i| id(&sch, i)), Some("a"));
}

#[test]
fn room_changes_against_the_walk() {
    // (case, next room, gap in minutes, walk, tight); the first session is in A until 11:00.
    let cases = [
        ("same zone, no gap", "C", 0, 2, true),
        ("same zone, enough", "C", 5, 2, false),
        ("other zone, short", "B", 3, 4, true),
        ("other zone, exact", "B", 4, 4, false),
        ("other building", "Far", 5, 10, true),
    ];
    for (case, room, gap, walk, tight) in cases {
        let start = format!("2024-05-01T11:{gap:02}");
        let start: &'static str = Box::leak(start.into_boxed_str());
        let sch = paris(&[
            ("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
            ("b", room, start, "2024-05-01T12:00", Talk),
        ]);
        let analysis = Analysis::new(&sch, &all_starred(&sch));
        let t: Vec<_> = analysis.conflicts().transfers().collect();
        assert_eq!(t.len(), 1, "{case}");
        assert_eq!(
            (t[0].gap_minutes, t[0].walk_minutes, t[0].tight),
            (gap, walk, tight),
            "{case}"
        );
        let b = sch.find("b").unwrap().0;
        assert_eq!(analysis.flags(b).tight, tight, "{case}");
    }
    // The same room: no transfer at all.
    let sch = paris(&[
        ("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        ("b", "A", "2024-05-01T11:00", "2024-05-01T12:00", Talk),
    ]);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    assert_eq!(analysis.conflicts().transfers().count(), 0);
}

#[test]
fn transfers_start_from_the_session_that_ends_last() {
    // A long workshop and a short talk inside it, then a talk elsewhere: the walk is from the
    // workshop, which ends later.
    let sch = paris(&[
        ("long", "A", "2024-05-01T09:00", "2024-05-01T11:00", Talk),
        ("short", "C", "2024-05-01T09:30", "2024-05-01T10:00", Talk),
        ("next", "Far", "2024-05-01T11:05", "2024-05-01T12:00", Talk),
    ]);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    let t: Vec<(&str, &str)> = analysis
        .conflicts()
        .transfers()
        .map(|t| (id(&sch, t.from), id(&sch, t.to)))
        .collect();
    assert_eq!(t, vec![("long", "next")]);
}

#[test]
fn lunch_needs_thirty_free_minutes_between_half_past_eleven_and_two() {
    // Sessions as (start, end) on 1 May.
    let cases: [LunchCase; 5] = [
        ("free", &[("09:00", "11:00")], false),
        ("full", &[("11:00", "14:30")], true),
        (
            "a 25-min gap",
            &[("11:30", "12:30"), ("12:55", "14:00")],
            true,
        ),
        (
            "a 30-min gap",
            &[("11:30", "12:30"), ("13:00", "14:00")],
            false,
        ),
        ("gap at the window's edge", &[("11:00", "13:30")], false),
    ];
    for (case, times, warn) in cases {
        let rows: Vec<SessionRow> = times
            .iter()
            .enumerate()
            .map(|(k, (a, b))| {
                let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
                (
                    leak(format!("s{k}")),
                    "A",
                    leak(format!("2024-05-01T{a}")),
                    leak(format!("2024-05-01T{b}")),
                    Talk,
                )
            })
            .collect();
        let sch = paris(&rows);
        let analysis = Analysis::new(&sch, &all_starred(&sch));
        let lunch: Vec<_> = analysis.conflicts().lunch().collect();
        assert_eq!(lunch.len(), usize::from(warn), "{case}");
        if let Some(l) = lunch.first() {
            assert_eq!(l.day.to_string(), "2024-05-01");
            assert!(
                l.message.contains("between 11:30 and 14:00"),
                "{}",
                l.message
            );
        }
    }
}

#[test]
fn a_starred_lunch_break_does_not_block_lunch() {
    let sch = paris(&[
        ("am", "A", "2024-05-01T11:00", "2024-05-01T12:30", Talk),
        ("lunch", "B", "2024-05-01T12:30", "2024-05-01T13:15", Break),
        ("pm", "A", "2024-05-01T13:15", "2024-05-01T14:30", Talk),
    ]);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    assert_eq!(analysis.conflicts().lunch().count(), 0);
}

#[test]
fn a_group_lists_each_session_against_the_earlier_one_ending_last() {
    let sch = paris(&[
        ("a", "A", "2024-05-01T10:00", "2024-05-01T12:00", Talk),
        ("b", "C", "2024-05-01T10:30", "2024-05-01T11:30", Talk),
        ("c", "Far", "2024-05-01T11:00", "2024-05-01T11:45", Talk),
    ]);
    // All three overlap one another; the pairs are b and c each against a, not b–c as well.
    assert_eq!(
        pairs(&sch),
        vec![("a".into(), "b".into(), 60), ("a".into(), "c".into(), 45)]
    );
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    assert_eq!(analysis.conflicts().groups().count(), 1);
    for i in 0..3 {
        assert!(analysis.flags(i).overlap, "every member is marked");
    }
}

#[test]
fn three_thousand_sessions_at_once_are_one_group_and_linear_pairs() {
    let rows: Vec<SessionRow> = (0..3000)
        .map(|n| {
            let id: &'static str = Box::leak(format!("s{n}").into_boxed_str());
            let start: &'static str =
                Box::leak(format!("2024-05-01T10:{:02}", n % 60).into_boxed_str());
            (id, ROOMS[n % 4].0, start, "2024-05-01T12:00", Talk)
        })
        .collect();
    let sch = paris(&rows);
    let analysis = Analysis::new(&sch, &all_starred(&sch));
    let c = analysis.conflicts();
    assert_eq!(c.groups().count(), 1);
    assert_eq!(c.groups().next().unwrap().sessions.len(), 3000);
    assert_eq!(c.overlaps().count(), 2999, "n - 1 pairs, not n²/2");
    assert!(
        c.groups().next().unwrap().suggestion.len() < 1000,
        "the advice names a few, not thousands"
    );
    assert!((0..3000).all(|i| analysis.flags(i).overlap));
}
