//! Tests of the crowding model: levels, the reason, and the demo's known cases.

use chrono_tz::Europe::Paris;

use crate::plan::crowding::{RiskLevel, about, assess};
use crate::plan::testing::{ROOMS, build};
use crate::schedule::SessionKind::{self, Break, Keynote, Talk, Workshop};

#[test]
fn levels_start_at_75_100_and_150_percent() {
    let cases = [
        (0.0, RiskLevel::Low),
        (0.749, RiskLevel::Low),
        (0.75, RiskLevel::Filling),
        (0.999, RiskLevel::Filling),
        (1.0, RiskLevel::Full),
        (1.499, RiskLevel::Full),
        (1.5, RiskLevel::Overflow),
        (9.0, RiskLevel::Overflow),
    ];
    for (ratio, level) in cases {
        assert_eq!(RiskLevel::from_ratio(ratio), level, "{ratio}");
    }
    assert_eq!(RiskLevel::Overflow.as_str(), "overflow");
}

#[test]
fn counts_of_people_coming_give_each_level() {
    // Nobody is expected by the model (an attendance of 0), so the sign-ups decide; room A has
    // 150 seats. (interest, level, start of the reason)
    let cases = [
        (
            50,
            RiskLevel::Low,
            "50 said they will come for 150 seats (0.3x)",
        ),
        (
            120,
            RiskLevel::Filling,
            "120 said they will come for 150 seats (0.8x)",
        ),
        (
            150,
            RiskLevel::Full,
            "150 said they will come for 150 seats (1.0x)",
        ),
        (
            224,
            RiskLevel::Full,
            "220 said they will come for 150 seats (1.4x)",
        ),
        (
            225,
            RiskLevel::Overflow,
            "230 said they will come for 150 seats (1.5x)",
        ),
    ];
    for (interest, level, reason) in cases {
        let mut sch = build(
            Paris,
            "00:00",
            Some(0),
            &ROOMS,
            &[("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk)],
        );
        let mut sessions = sch.sessions().to_vec();
        sessions[0].interest = Some(interest);
        sch = rebuild(&sch, sessions);
        let r = &assess(&sch)[0];
        assert_eq!(r.level, level, "{interest}");
        assert_eq!(r.expected, interest);
        assert_eq!(r.capacity, Some(150));
        assert!(r.reason.starts_with(reason), "{interest}: {}", r.reason);
        if level >= RiskLevel::Full {
            assert!(
                r.reason.contains("min early or watch the recording"),
                "{}",
                r.reason
            );
        }
    }
}

/// The same schedule with its sessions replaced (sign-up counts set by a test).
fn rebuild(
    sch: &crate::schedule::Schedule,
    sessions: Vec<crate::schedule::Session>,
) -> crate::schedule::Schedule {
    let mut b = crate::schedule::ScheduleBuilder::new(sch.conference.clone(), true);
    for r in &sch.rooms {
        b.add_room(r.clone());
    }
    for s in sessions {
        let mut d = crate::schedule::SessionDraft::new(s.id, s.title, s.start, s.end);
        d.kind = s.kind;
        d.room = s.room;
        d.interest = s.interest;
        d.tags = s.tags;
        b.add_session(d);
    }
    b.build("hallway")
}

#[test]
fn the_people_in_sessions_are_spread_over_what_runs() {
    // 1,000 attendees: 400 in sessions. Alone, a talk in A (150 seats) gets all 400.
    let one = build(
        Paris,
        "00:00",
        Some(1000),
        &ROOMS,
        &[("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk)],
    );
    let r = &assess(&one)[0];
    assert_eq!(r.expected, 400);
    assert_eq!(r.level, RiskLevel::Overflow);
    assert!(r.reason.contains("nothing else runs then"), "{}", r.reason);
    assert!(
        r.reason
            .ends_with("arrive 15 min early or watch the recording"),
        "{}",
        r.reason
    );

    // Two talks in equal rooms share alike; a workshop draws half as much as a talk.
    let rows: [(&str, &str, &str, &str, SessionKind); 3] = [
        ("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        ("b", "A2", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        ("w", "A3", "2024-05-01T10:00", "2024-05-01T11:00", Workshop),
    ];
    let rooms = [
        ("A", Some(150), "", "", "", true),
        ("A2", Some(150), "", "", "", true),
        ("A3", Some(150), "", "", "", true),
    ];
    let three = build(Paris, "00:00", Some(1000), &rooms, &rows);
    let risks = assess(&three);
    let by = |id: &str| &risks[three.find(id).unwrap().0];
    assert_eq!(by("a").expected, 160);
    assert_eq!(by("b").expected, 160);
    assert_eq!(by("w").expected, 80);
    assert!(
        by("a").reason.contains("3 sessions in parallel"),
        "{}",
        by("a").reason
    );
    assert!(by("w").reason.contains("a hands-on workshop draws fewer"));
}

#[test]
fn breaks_and_unknown_rooms_are_not_rated() {
    let rooms = [
        ("A", Some(150), "", "", "", true),
        ("Hall", None, "", "", "", true),
    ];
    let sch = build(
        Paris,
        "00:00",
        Some(1000),
        &rooms,
        &[
            ("lunch", "A", "2024-05-01T12:00", "2024-05-01T13:00", Break),
            ("t", "Hall", "2024-05-01T14:00", "2024-05-01T15:00", Talk),
        ],
    );
    let risks = assess(&sch);
    assert_eq!(risks[0].level, RiskLevel::Low);
    assert_eq!(risks[0].reason, "a break: no seats to run out of");
    assert_eq!(risks[1].capacity, None);
    assert_eq!(risks[1].ratio, None);
    assert!(
        risks[1].reason.contains("capacity is not known"),
        "{}",
        risks[1].reason
    );
}

#[test]
fn without_an_attendance_figure_the_busiest_seats_stand_in() {
    let sch = build(
        Paris,
        "00:00",
        None,
        &ROOMS,
        &[
            ("a", "A", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
            ("b", "B", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
            ("k", "B", "2024-05-01T09:00", "2024-05-01T10:00", Keynote),
        ],
    );
    // Busiest moment: 150 + 500 seats, half filled: 325 people in sessions.
    let risks = assess(&sch);
    let k = &risks[sch.find("k").unwrap().0];
    assert!(k.expected > 0 && k.expected <= 325, "{k:?}");
}

#[test]
fn counts_read_like_people_say_them() {
    let cases = [
        (0, "0"),
        (38, "38"),
        (99, "99"),
        (169, "170"),
        (994, "990"),
        (996, "1,000"),
        (4320, "4,300"),
        (12_000, "12,000"),
        (123_449, "123,400"),
        (1_000_000, "1,000,000"),
    ];
    for (n, text) in cases {
        assert_eq!(about(n), text);
    }
}

#[test]
fn the_demo_does_not_cry_wolf() {
    let sch = crate::demo::load().unwrap();
    let risks = assess(&sch);
    let find = |id: &str| sch.find(id).unwrap().0;

    // The Libc-hooking talk drew about 400 people to a 150-seat room.
    let libc = find("kc24-0137");
    assert!(
        sch.session(libc)
            .title
            .starts_with("When They Go High, We Go Low")
    );
    assert_eq!(sch.room_name(sch.session(libc)), "N04");
    let r = &risks[libc];
    assert!(r.level >= RiskLevel::Full, "{r:?}");
    assert!(r.reason.contains("only 38 signed up"), "{}", r.reason);

    // The keynotes are not full.
    for (i, s) in sch.sessions().iter().enumerate() {
        if s.kind == Keynote {
            assert!(
                risks[i].level < RiskLevel::Full,
                "{}: {:?}",
                s.title,
                risks[i]
            );
        }
    }
    // The parties that turned people away did overflow.
    assert_eq!(risks[find("kc24-0099")].level, RiskLevel::Overflow);
    assert_eq!(risks[find("kc24-0176")].level, RiskLevel::Overflow);

    // Most sessions are low or filling.
    let calm = risks
        .iter()
        .filter(|r| r.level <= RiskLevel::Filling)
        .count();
    assert!(calm * 4 >= risks.len() * 3, "{calm} of {}", risks.len());
}

#[test]
fn a_guess_without_an_attendance_figure_never_cries_overflow() {
    let tiny: [crate::plan::testing::RoomRow; 3] = [
        ("Hall", Some(3000), "Main", "1", "north", true),
        ("Corner", Some(5), "Main", "1", "south", true),
        ("Side", Some(100), "Main", "1", "north", true),
    ];
    let rows = [
        ("big", "Hall", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
        (
            "small",
            "Corner",
            "2024-05-01T10:00",
            "2024-05-01T11:00",
            Talk,
        ),
        ("side", "Side", "2024-05-01T10:00", "2024-05-01T11:00", Talk),
    ];
    let with_figure = assess(&build(Paris, "00:00", Some(6000), &tiny, &rows));
    let guessed = assess(&build(Paris, "00:00", None, &tiny, &rows));
    let sch = build(Paris, "00:00", None, &tiny, &rows);
    let small = sch.find("small").unwrap().0;
    // With an attendance figure the 5-seat corner overflows; guessed, it is only "filling".
    assert_eq!(
        with_figure[small].level,
        RiskLevel::Overflow,
        "{:?}",
        with_figure[small]
    );
    assert_eq!(
        guessed[small].level,
        RiskLevel::Filling,
        "{:?}",
        guessed[small]
    );
    assert!(
        guessed[small].reason.contains("a guess from room sizes"),
        "{}",
        guessed[small].reason
    );
    assert!(guessed.iter().all(|r| r.level <= RiskLevel::Filling));
}

#[test]
fn ratios_are_rounded_but_never_read_as_the_next_level() {
    use crate::plan::crowding::times;
    // 108 people for 100 seats was shown as "1.0x" (cut); it is 1.1 to the nearest tenth.
    assert_eq!(times(1.08), "1.1x");
    assert_eq!(times(2.66), "2.7x");
    assert_eq!(times(0.34), "0.3x");
    assert_eq!(times(1.0), "1.0x");
    // Just below a level: rounding up would name the next level's ratio beside this level.
    assert_eq!(times(0.96), "0.9x");
    assert_eq!(times(1.46), "1.4x");
    assert_eq!(times(1.5), "1.5x");
}
