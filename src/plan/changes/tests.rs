use super::*;
use crate::plan::testing::paris;
use crate::schedule::SessionKind::Talk;

fn v1() -> Schedule {
    paris(&[
        (
            "moved-room",
            "A",
            "2024-03-20T11:00",
            "2024-03-20T11:30",
            Talk,
        ),
        (
            "moved-time",
            "B",
            "2024-03-20T11:00",
            "2024-03-20T11:30",
            Talk,
        ),
        ("renamed", "C", "2024-03-20T12:00", "2024-03-20T12:30", Talk),
        ("dropped", "A", "2024-03-20T14:00", "2024-03-20T14:30", Talk),
        ("steady", "B", "2024-03-21T09:00", "2024-03-21T09:30", Talk),
        (
            "unstarred",
            "C",
            "2024-03-21T09:00",
            "2024-03-21T09:30",
            Talk,
        ),
    ])
}

fn v2() -> Schedule {
    paris(&[
        (
            "moved-room",
            "Far",
            "2024-03-20T11:00",
            "2024-03-20T11:30",
            Talk,
        ),
        (
            "moved-time",
            "B",
            "2024-03-20T15:00",
            "2024-03-20T15:45",
            Talk,
        ),
        ("renamed", "C", "2024-03-20T12:00", "2024-03-20T12:30", Talk),
        ("steady", "B", "2024-03-21T09:00", "2024-03-21T09:30", Talk),
        (
            "unstarred",
            "C",
            "2024-03-21T10:00",
            "2024-03-21T10:30",
            Talk,
        ),
        ("added", "A", "2024-03-21T11:00", "2024-03-21T11:30", Talk),
    ])
}

/// An agenda that starred everything but "unstarred" on v1, as the CLI does.
fn starred_on_v1() -> Agenda {
    let v1 = v1();
    let mut agenda = Agenda::new("plan-test");
    let ids = ["moved-room", "moved-time", "renamed", "dropped", "steady"];
    for id in ids {
        agenda.apply(&Change::Star(id.into()));
    }
    for c in remember(&v1, &agenda.clone(), ids) {
        agenda.apply(&c);
    }
    // The organisers renamed the talk after it was starred: simulate the older title.
    if let Some(seen) = agenda.seen.get_mut("renamed") {
        seen.title = "Old title".into();
    }
    agenda
}

fn fields(c: &SessionChange) -> Vec<&'static str> {
    c.fields.iter().map(|f| f.as_str()).collect()
}

#[test]
fn nothing_changed_on_the_same_version_except_a_rename() {
    let d = detect(&v1(), &starred_on_v1());
    assert!(d.has_baseline);
    assert!(d.new.is_empty() && d.cancelled.is_empty());
    assert_eq!(d.changed_ids().collect::<Vec<_>>(), ["renamed"]);
}

#[test]
fn moved_room_moved_time_renamed_cancelled_and_new() {
    let v2 = v2();
    let d = detect(&v2, &starred_on_v1());
    assert!(!d.is_empty());
    assert_eq!(d.new, ["added"]);
    assert_eq!(d.cancelled, ["dropped"]);
    assert_eq!(
        d.changed_ids().collect::<Vec<_>>(),
        ["moved-room", "renamed", "moved-time"],
        "schedule order"
    );
    let room = d.change_of("moved-room").unwrap();
    assert_eq!(fields(room), ["room"]);
    assert_eq!(room.before.room.as_deref(), Some("A"));
    assert_eq!(room.after.room.as_deref(), Some("Far"));
    let time = d.change_of("moved-time").unwrap();
    assert_eq!(fields(time), ["end", "start"]);
    assert_eq!(time.before.start.to_rfc3339(), "2024-03-20T11:00:00+01:00");
    assert_eq!(time.after.end.to_rfc3339(), "2024-03-20T15:45:00+01:00");
    let renamed = d.change_of("renamed").unwrap();
    assert_eq!(fields(renamed), ["title"]);
    assert_eq!(renamed.after.title, "Session renamed");
    assert!(
        d.change_of("unstarred").is_none(),
        "only starred or noted sessions are followed"
    );
}

#[test]
fn instants_are_compared_not_offsets() {
    let mut agenda = starred_on_v1();
    let seen = agenda.seen.get_mut("steady").unwrap();
    seen.start = seen.start.with_timezone(&chrono::Utc).fixed_offset();
    seen.end = seen.end.with_timezone(&chrono::Utc).fixed_offset();
    assert!(detect(&v1(), &agenda).change_of("steady").is_none());
}

#[test]
fn acknowledging_clears_and_keeps_stars() {
    let v2 = v2();
    let mut agenda = starred_on_v1();
    assert!(agenda.apply(&acknowledgement(&v2, &agenda)));
    let d = detect(&v2, &agenda);
    assert!(d.is_empty(), "{d:?}");
    assert!(
        agenda.is_starred("dropped"),
        "the star on a cancelled session is kept"
    );
    assert!(!agenda.seen.contains_key("dropped"));
    assert!(
        !agenda.apply(&acknowledgement(&v2, &agenda)),
        "acknowledging twice changes nothing"
    );
    // Going back to v1 is a change too: the cancelled talk is back (as new) and things moved back.
    let back = detect(&v1(), &agenda);
    assert_eq!(back.new, ["dropped"]);
    assert_eq!(
        back.changed_ids().collect::<Vec<_>>(),
        ["moved-room", "moved-time"]
    );
}

#[test]
fn sequences_grow_with_each_change_and_never_fall_back() {
    let (v1, v2) = (v1(), v2());
    let mut agenda = starred_on_v1();
    let seq = |sch: &Schedule, a: &Agenda, id: &str| sequence(sch, a, sch.find(id).unwrap().1);
    assert_eq!(seq(&v1, &agenda, "steady"), 0);
    assert_eq!(seq(&v1, &agenda, "unstarred"), 0);
    assert_eq!(seq(&v2, &agenda, "moved-room"), 1, "pending change");
    agenda.apply(&acknowledgement(&v2, &agenda));
    assert_eq!(seq(&v2, &agenda, "moved-room"), 1, "acknowledged");
    assert_eq!(seq(&v2, &agenda, "steady"), 0);
    assert_eq!(seq(&v1, &agenda, "moved-room"), 2, "moved back");
    agenda.apply(&acknowledgement(&v1, &agenda));
    assert_eq!(seq(&v1, &agenda, "moved-room"), 2);
}

#[test]
fn no_baseline_means_nothing_is_new_and_stars_without_snapshots_are_not_changes() {
    let mut agenda = Agenda::new("plan-test");
    agenda.apply(&Change::Star("moved-room".into()));
    agenda.apply(&Change::Star("dropped".into()));
    let d = detect(&v2(), &agenda);
    assert!(d.is_empty(), "{d:?}");
    assert!(!d.has_baseline);
}

#[test]
fn starring_again_keeps_the_older_snapshot_and_unstarring_forgets_it() {
    let v2 = v2();
    let mut agenda = starred_on_v1();
    for c in remember(&v2, &agenda.clone(), ["moved-room"]) {
        agenda.apply(&c);
    }
    assert_eq!(agenda.seen["moved-room"].room.as_deref(), Some("A"));
    agenda.apply(&Change::Unstar("moved-room".into()));
    assert!(!agenda.seen.contains_key("moved-room"));
    agenda.apply(&Change::SetNote {
        id: "steady".into(),
        base: String::new(),
        text: "bring questions".into(),
        at: chrono::Utc::now(),
    });
    agenda.apply(&Change::Unstar("steady".into()));
    assert!(
        agenda.seen.contains_key("steady"),
        "a noted session is still followed"
    );
}

#[test]
fn noted_sessions_are_followed_like_starred_ones() {
    let mut agenda = Agenda::new("plan-test");
    agenda.apply(&Change::SetNote {
        id: "moved-time".into(),
        base: String::new(),
        text: "ask about eBPF".into(),
        at: chrono::Utc::now(),
    });
    for c in remember(&v1(), &agenda.clone(), ["moved-time"]) {
        agenda.apply(&c);
    }
    assert_eq!(
        detect(&v2(), &agenda).changed_ids().collect::<Vec<_>>(),
        ["moved-time"]
    );
}

#[test]
fn the_snapshot_survives_a_save() {
    let agenda = starred_on_v1();
    let text = serde_json::to_string(&agenda).unwrap();
    assert!(
        text.contains("\"start\":\"2024-03-20T11:00:00+01:00\""),
        "{text}"
    );
    let back: Agenda = serde_json::from_str(&text).unwrap();
    assert_eq!(back, agenda);
    let old: Agenda =
        serde_json::from_str(r#"{"hallway_agenda": 1, "conference": "c", "stars": ["a"]}"#)
            .unwrap();
    assert!(old.seen.is_empty() && old.known_sessions.is_none());
}

#[test]
fn an_acknowledgement_does_not_bring_back_what_another_process_unstarred() {
    let v2 = v2();
    let mut agenda = starred_on_v1();
    let ack = acknowledgement(&v2, &agenda);
    // Meanwhile, another process unstars a session; the acknowledgement is applied after.
    agenda.apply(&Change::Unstar("steady".into()));
    agenda.apply(&ack);
    assert!(!agenda.seen.contains_key("steady"));
    assert!(detect(&v2, &agenda).is_empty());
}

#[test]
fn accepting_one_change_at_a_time_leaves_the_others_reported() {
    let v2 = v2();
    let mut agenda = starred_on_v1();
    let d = detect(&v2, &agenda);
    // The room move alone.
    assert!(agenda.apply(&acknowledgement_of(&d, ["moved-room"])));
    let d = detect(&v2, &agenda);
    assert_eq!(
        d.changed_ids().collect::<Vec<_>>(),
        ["renamed", "moved-time"]
    );
    assert_eq!(d.cancelled, ["dropped"]);
    assert_eq!(d.new, ["added"]);
    assert_eq!(agenda.seen["moved-room"].room.as_deref(), Some("Far"));
    assert_eq!(
        agenda.seen["moved-room"].revision, 1,
        "a revision, as for all"
    );
    // The cancelled one: its snapshot and its known id go, its star stays.
    agenda.apply(&acknowledgement_of(&d, ["dropped"]));
    let d = detect(&v2, &agenda);
    assert!(d.cancelled.is_empty(), "{d:?}");
    assert!(agenda.is_starred("dropped"));
    assert_eq!(d.new, ["added"]);
    // The new one, then the rest together: nothing is left, as after accepting all.
    agenda.apply(&acknowledgement_of(&d, ["added"]));
    let d = detect(&v2, &agenda);
    assert!(d.new.is_empty(), "{d:?}");
    agenda.apply(&acknowledgement_of(&d, ["renamed", "moved-time"]));
    assert!(detect(&v2, &agenda).is_empty());
    assert!(
        !agenda.apply(&acknowledgement_of(&d, ["renamed", "moved-time"])),
        "accepting again changes nothing"
    );
}

#[test]
fn accepting_one_never_accepts_what_was_not_named() {
    let v2 = v2();
    let mut agenda = starred_on_v1();
    let d = detect(&v2, &agenda);
    assert!(!agenda.apply(&acknowledgement_of(&d, ["steady", "nowhere"])));
    assert_eq!(detect(&v2, &agenda), d);
    // Without a baseline, a new id is not recorded (nothing is new then).
    let mut fresh = Agenda::new("plan-test");
    fresh.apply(&acknowledgement_of(&d, ["added"]));
    assert!(fresh.known_sessions.is_none());
}
