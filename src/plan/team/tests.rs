use chrono::{DateTime, Utc};

use super::coverage::coverage;
use super::share::{self, Share, ShareOptions};
use super::*;
use crate::formats::{LoadOptions, load_str};
use crate::plan::{Agenda, Change};

/// Two days; a Rust track; rooms A and B (B not recorded); guids on s1 to s4.
const SCHEDULE: &str = r#"{
  "hallway_schedule": 1,
  "conference": {"id": "tc", "title": "Team Con", "timezone": "Europe/Paris",
                 "start_date": "2024-03-20", "end_date": "2024-03-21"},
  "rooms": [{"name": "A"}, {"name": "B", "recorded": false}, {"name": "C"}],
  "tracks": [{"name": "Rust"}, {"name": "Go"}],
  "sessions": [
    {"id": "s1", "guid": "g-1", "title": "Borrowing", "track": "Rust", "room": "A",
     "start": "2024-03-20T10:00", "end": "2024-03-20T10:45"},
    {"id": "s2", "guid": "g-2", "title": "Goroutines", "track": "Go", "room": "B",
     "start": "2024-03-20T10:00", "end": "2024-03-20T10:45"},
    {"id": "s3", "guid": "g-3", "title": "Async Rust", "track": "Rust", "room": "C",
     "start": "2024-03-20T10:15", "end": "2024-03-20T11:00"},
    {"id": "s4", "guid": "g-4", "title": "Lunch", "kind": "break", "room": "A",
     "start": "2024-03-20T12:00", "end": "2024-03-20T13:00"},
    {"id": "s5", "title": "Unsafe Rust", "track": "Rust", "room": "A",
     "start": "2024-03-21T09:00", "end": "2024-03-21T09:30", "tags": ["memory"]},
    {"id": "s6", "title": "Memory models", "room": "B",
     "start": "2024-03-21T09:00", "end": "2024-03-21T09:30"}
  ]
}"#;

fn schedule() -> Schedule {
    load_str("t.json", SCHEDULE, LoadOptions::default()).unwrap()
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-03-19T12:00:00Z")
        .unwrap()
        .to_utc()
}

fn share_of(sch: &Schedule, name: &str, stars: &[&str]) -> Share {
    let mut a = Agenda::new("tc");
    for id in stars {
        a.apply(&Change::Star((*id).into()));
    }
    Share::of(
        sch,
        &a,
        name,
        ShareOptions {
            notes: false,
            url: None,
            interests: Vec::new(),
            at: at(),
        },
    )
}

fn pos(sch: &Schedule, id: &str) -> usize {
    sch.find(id).unwrap().0
}

#[test]
fn a_share_keys_stars_and_leaves_notes_out_unless_asked() {
    let sch = schedule();
    let mut a = Agenda::new("tc");
    a.apply(&Change::Star("s3".into()));
    a.apply(&Change::Star("gone".into()));
    a.apply(&Change::SetNote {
        id: "s1".into(),
        base: String::new(),
        text: "private thoughts".into(),
        at: at(),
    });
    a.apply(&Change::Rate {
        id: "s1".into(),
        stars: Some(4),
    });
    let options = |notes| ShareOptions {
        notes,
        url: Some("https://example.org/s.json".into()),
        interests: vec!["Rust".into()],
        at: at(),
    };
    let plain = Share::of(&sch, &a, "ann", options(false));
    let text = plain.to_json();
    assert!(!text.contains("private"), "{text}");
    assert!(!text.contains("rating"), "{text}");
    let ids: Vec<&str> = plain.sessions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["s3", "gone"]);
    let s3 = &plain.sessions[0];
    assert_eq!(s3.guid.as_deref(), Some("g-3"));
    assert_eq!(s3.title, "Async Rust");
    assert_eq!(s3.start.unwrap().to_rfc3339(), "2024-03-20T10:15:00+01:00");
    assert_eq!(
        plain.conference.url.as_deref(),
        Some("https://example.org/s.json")
    );
    assert_eq!(
        plain.conference.start_date.unwrap().to_string(),
        "2024-03-20"
    );

    let full = Share::of(&sch, &a, "ann", options(true));
    let s1 = full.sessions.iter().find(|e| e.id == "s1").unwrap();
    assert!(!s1.starred);
    assert_eq!(s1.note.as_deref(), Some("private thoughts"));
    assert_eq!(s1.rating, Some(4));
    // What is written reads back the same.
    assert_eq!(share::parse(full.to_json().as_bytes(), "x").unwrap(), full);
}

#[test]
fn matching_is_by_guid_then_id_then_title_and_start_and_keeps_the_unmatched() {
    let sch = schedule();
    let text = r#"{"hallway_share": 1, "conference": {"id": "tc"}, "name": "bob", "sessions": [
        {"id": "old-id", "guid": "g-2", "starred": true},
        {"id": "s1", "starred": true},
        {"id": "renamed", "title": "unsafe rust", "start": "2024-03-21T09:00:00+01:00", "starred": true},
        {"id": "s3", "guid": "g-other", "title": "Reused id", "starred": true},
        {"id": "vanished", "title": "Gone Talk", "start": "2024-03-21T15:00:00+01:00", "starred": true}
    ]}"#;
    let bob = share::parse(text.as_bytes(), "bob").unwrap();
    let team = TeamIndex::new(&sch, vec![bob]);
    let m = &team.members[0];
    let mut starred: Vec<&str> = m
        .starred
        .iter()
        .map(|&p| sch.session(p).id.as_str())
        .collect();
    starred.sort_unstable();
    assert_eq!(starred, ["s1", "s2", "s5"]);
    assert_eq!(m.rematched, 2);
    let lost: Vec<&str> = m.unmatched_entries().map(Entry::label).collect();
    assert_eq!(lost, ["Reused id", "Gone Talk"]);
    assert_eq!(team.names_at(pos(&sch, "s2")), ["bob"]);
    assert!(team.at(pos(&sch, "s3")).is_empty());
}

#[test]
fn initials_are_short_and_unique() {
    assert_eq!(initials(&["alice", "bob", "carol"]), ["A", "B", "C"]);
    assert_eq!(initials(&["anna", "alex", "bob"]), ["An", "Al", "B"]);
    assert_eq!(initials(&["al", "alice"]), ["Al", "Ali"]);
    assert_eq!(initials(&["李雷", "韩梅梅"]), ["李", "韩"]);
}

#[test]
fn a_clash_a_teammate_covers_says_take_the_other() {
    let sch = schedule();
    // I star s1, s2 and s3 (one chain of overlaps); Bob covers s1, Carol covers s3.
    let team = TeamIndex::new(
        &sch,
        vec![
            share_of(&sch, "bob", &["s1"]),
            share_of(&sch, "carol", &["s3", "s5"]),
        ],
    );
    let mine = [pos(&sch, "s1"), pos(&sch, "s2"), pos(&sch, "s3")];
    let cov = coverage(&sch, &team, &mine, &[], "you");
    assert_eq!(cov.clashes.len(), 1);
    let c = &cov.clashes[0];
    assert_eq!(c.take, pos(&sch, "s2"));
    assert_eq!(
        c.suggestion,
        "bob is at \"Borrowing\", carol is at \"Async Rust\": take \"Goroutines\""
    );
    // The slots: 10:00 (s1 by me and bob, s2 by me), 10:15, then day 2 at 09:00.
    let first = &cov.slots[0];
    assert_eq!(first.sessions.len(), 2);
    assert!(first.sessions.iter().all(|c| c.you));
    assert_eq!(cov.slots.len(), 3);
    assert_eq!(cov.slots[2].sessions[0].members, [1]);
}

#[test]
fn a_clash_nobody_covers_gets_a_suggestion() {
    let sch = schedule();
    let team = TeamIndex::new(
        &sch,
        vec![
            share_of(&sch, "bob", &["s5"]),
            share_of(&sch, "dan", &["s3"]),
        ],
    );
    // s1 (recorded) and s2 (room B: not recorded) clash; dan is busy then (s3), bob is free.
    let mine = [pos(&sch, "s1"), pos(&sch, "s2")];
    let cov = coverage(&sch, &team, &mine, &[], "you");
    let c = &cov.clashes[0];
    assert_eq!(c.take, pos(&sch, "s2"));
    assert_eq!(c.free, [0]);
    assert_eq!(
        c.suggestion,
        "nobody on the team is at \"Borrowing\" or \"Goroutines\": take \"Goroutines\"; ask bob (free then) to take \"Borrowing\""
    );
    // Nobody free: the recorded one is watched later.
    let busy = TeamIndex::new(&sch, vec![share_of(&sch, "dan", &["s3"])]);
    let c = &coverage(&sch, &busy, &mine, &[], "you").clashes[0];
    assert!(
        c.suggestion
            .ends_with("; \"Borrowing\" is recorded: watch it later"),
        "{}",
        c.suggestion
    );
}

#[test]
fn interests_nobody_covers_are_listed_by_track_or_topic() {
    let sch = schedule();
    let mut bob = share_of(&sch, "bob", &["s1"]);
    bob.interests = vec!["rust".into(), "memory".into()];
    let team = TeamIndex::new(&sch, vec![bob]);
    let mine = [pos(&sch, "s3")];
    let cov = coverage(&sch, &team, &mine, &["Rust".into(), "Go".into()], "you");
    let gap = |name: &str| {
        cov.gaps
            .iter()
            .find(|g| g.interest.eq_ignore_ascii_case(name))
    };
    let rust = gap("rust").unwrap();
    assert!(rust.track);
    assert_eq!(rust.marked_by, ["you", "bob"]);
    assert_eq!(rust.total, 3);
    assert_eq!(rust.uncovered, [pos(&sch, "s5")]);
    let go = gap("go").unwrap();
    assert_eq!(go.uncovered, [pos(&sch, "s2")]);
    let memory = gap("memory").unwrap();
    assert!(!memory.track);
    // "Memory models" by title, "Unsafe Rust" by its tag.
    assert_eq!(memory.uncovered, [pos(&sch, "s5"), pos(&sch, "s6")]);
}

#[test]
fn a_topic_is_found_as_whole_words_only() {
    let sch = schedule();
    let mut bob = share_of(&sch, "bob", &[]);
    // Not tracks: "Borrow" is in no title as a word ("Borrowing" is another word), "models"
    // is one in "Memory models", and "ory" is inside a word only.
    bob.interests = vec!["borrow".into(), "models".into(), "ory".into()];
    let team = TeamIndex::new(&sch, vec![bob]);
    let cov = coverage(&sch, &team, &[], &[], "you");
    let gap = |name: &str| cov.gaps.iter().find(|g| g.interest == name).unwrap();
    assert_eq!(gap("borrow").total, 0);
    assert_eq!(gap("ory").total, 0);
    assert_eq!(gap("models").uncovered, [pos(&sch, "s6")]);
}
