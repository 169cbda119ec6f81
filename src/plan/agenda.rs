//! What the attendee decided: stars, hidden sessions and tracks, notes, ratings, attendance.
//!
//! An [`Agenda`] refers to sessions by their source id only, never by position, so it survives a
//! new version of the schedule; a star on a session the schedule no longer has is kept. Every
//! change is a [`Change`] value, so the store can re-apply it to a freshly read file under its
//! lock and two processes never undo each other's work.
//!
//! The agenda also remembers what the attendee last saw of the sessions they care about
//! ([`Seen`]) and which sessions the schedule held when they last acknowledged it
//! (`known_sessions`), so `plan::changes` can tell them what a new version of the schedule moved.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::merge::merge_note;

/// The agenda format version this build writes.
pub const VERSION: u32 = 1;

/// Every session id of a schedule, shared: the baseline for "new sessions" is as large as the
/// schedule, so it is shared between the agenda, its clones and the changes that set it, never
/// copied (a star at 100,000 sessions must not copy 100,000 ids).
pub type KnownIds = Arc<BTreeSet<String>>;

/// The attendee's own data for one conference.
///
/// Read by hand (see `read`): fields this build does not know are kept in `extra` and written
/// back, so an agenda touched by a later hallway of the same format version loses nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    /// Format version.
    pub hallway_agenda: u32,
    /// The conference id this agenda belongs to.
    pub conference: String,
    pub stars: BTreeSet<String>,
    pub hidden_sessions: BTreeSet<String>,
    /// Track names (names are what the attendee sees, and stay stable across versions).
    pub hidden_tracks: BTreeSet<String>,
    pub notes: BTreeMap<String, Note>,
    /// From 1 to 5 (checked on load).
    pub ratings: BTreeMap<String, u8>,
    pub attended: BTreeSet<String>,
    /// What each starred or noted session looked like when last seen (starred, noted or
    /// acknowledged), by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<String, Seen>,
    /// Every session id of the schedule as last acknowledged; `None` until the first star or
    /// acknowledgement. A session not in it is new. The store keeps it in a file of its own
    /// (`store::known`); serialized here only for the older format, where it was inline.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "shared_set")]
    pub known_sessions: Option<KnownIds>,
    /// Fields this build does not know, kept as they were.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A session as the attendee last saw it: the fields whose change they need to hear about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub title: String,
    /// With the conference's offset; compared as instants.
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub room: Option<String>,
    /// How many acknowledged changes this session has had: the base of its iCalendar SEQUENCE.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u32,
    /// Fields this build does not know, kept as they were.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[allow(clippy::ref_option)] // serde's serialize_with passes a reference
fn shared_set<S: serde::Serializer>(set: &Option<KnownIds>, s: S) -> Result<S::Ok, S::Error> {
    set.as_deref().serialize(s)
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Seen {
    /// Whether the fields that matter are the same (the revision aside).
    pub fn same_as(&self, other: &Seen) -> bool {
        self.title == other.title
            && self.start == other.start
            && self.end == other.end
            && self.room == other.room
    }
}

/// What `hallway changes --ack` accepts, applied field by field so that it merges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The current look of every starred or noted session the schedule has.
    pub seen: BTreeMap<String, Seen>,
    /// Starred or noted sessions the schedule no longer has: their snapshots are dropped, and
    /// their ids are no longer known (so they are not reported as cancelled again).
    pub gone: BTreeSet<String>,
    /// The session ids recorded as known from now on.
    pub known: Known,
}

/// The session ids an [`Acknowledgement`] records as known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// Every session id of the schedule now, replacing those recorded: everything accepted.
    All(KnownIds),
    /// Ids added to those recorded: new sessions accepted one at a time (nothing is added while
    /// none are recorded, since nothing is new then).
    Add(BTreeSet<String>),
}

/// A session's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub updated: DateTime<Utc>,
    /// Fields this build does not know, kept as they were.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One decision, applied to an agenda.
///
/// Each says what the attendee wants the agenda to hold, never "the opposite of what it holds":
/// applied to a file that another process changed meanwhile, it still means what was shown. There
/// is no toggle for that reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Star(String),
    Unstar(String),
    Hide(String),
    Unhide(String),
    HideTrack(String),
    UnhideTrack(String),
    /// Sets a note to `text`, edited from `base` (the note as this editor last loaded or saved
    /// it). When the note is no longer `base` (saved elsewhere meanwhile), the two are merged
    /// line by line, both sides kept where they conflict (`plan::merge`). A note that ends up
    /// blank is removed. Control characters are dropped (`text::clean`).
    SetNote {
        id: String,
        base: String,
        text: String,
        at: DateTime<Utc>,
    },
    /// Adds a line at the end of a note as it is when applied (under the store's lock, so
    /// appends made at once all stay).
    AppendNote {
        id: String,
        text: String,
        at: DateTime<Utc>,
    },
    /// Sets a rating from 1 to 5; `None` clears it.
    Rate {
        id: String,
        stars: Option<u8>,
    },
    Attended {
        id: String,
        attended: bool,
    },
    /// Records how a session looks, unless a snapshot is already recorded (starring again
    /// must not hide a change the attendee has not acknowledged).
    Remember {
        id: String,
        seen: Seen,
    },
    /// Records the schedule's session ids, unless some are already recorded: the baseline
    /// against which later versions' new sessions are found.
    KnowSessions(KnownIds),
    /// Accepts a schedule's changes: snapshots replaced (a changed one's revision goes up),
    /// those of cancelled sessions dropped, the known ids replaced.
    Acknowledge(Box<Acknowledgement>),
}

/// A rating outside 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a rating is a whole number from 1 to 5, not {0}")]
pub struct BadRating(pub i64);

/// Checks a rating given by a person.
pub fn rating(value: i64) -> Result<u8, BadRating> {
    u8::try_from(value)
        .ok()
        .filter(|v| (1..=5).contains(v))
        .ok_or(BadRating(value))
}

impl Change {
    /// Star or unstar: the value the attendee chose, as a change.
    pub fn set_star(id: impl Into<String>, starred: bool) -> Change {
        if starred {
            Change::Star(id.into())
        } else {
            Change::Unstar(id.into())
        }
    }
}

impl Agenda {
    /// An empty agenda for a conference.
    pub fn new(conference: impl Into<String>) -> Self {
        Agenda {
            hallway_agenda: VERSION,
            conference: conference.into(),
            stars: BTreeSet::new(),
            hidden_sessions: BTreeSet::new(),
            hidden_tracks: BTreeSet::new(),
            notes: BTreeMap::new(),
            ratings: BTreeMap::new(),
            attended: BTreeSet::new(),
            seen: BTreeMap::new(),
            known_sessions: None,
            extra: BTreeMap::new(),
        }
    }

    pub fn is_starred(&self, id: &str) -> bool {
        self.stars.contains(id)
    }

    pub fn note(&self, id: &str) -> Option<&str> {
        self.notes.get(id).map(|n| n.text.as_str())
    }

    /// Applies a change; returns whether anything changed.
    pub fn apply(&mut self, change: &Change) -> bool {
        match change {
            Change::Star(id) => self.stars.insert(id.clone()),
            Change::Unstar(id) => {
                let changed = self.stars.remove(id);
                self.forget_unless_kept(id) || changed
            }
            Change::Hide(id) => self.hidden_sessions.insert(id.clone()),
            Change::Unhide(id) => self.hidden_sessions.remove(id),
            Change::HideTrack(name) => self.hidden_tracks.insert(name.clone()),
            Change::UnhideTrack(name) => self.hidden_tracks.remove(name),
            Change::SetNote { id, base, text, at } => {
                let mut text = crate::text::clean(text);
                if text.trim().is_empty() {
                    text.clear();
                }
                let merged = merge_note(
                    &crate::text::clean(base),
                    self.note(id).unwrap_or(""),
                    &text,
                );
                self.set_note(id, merged, *at)
            }
            Change::AppendNote { id, text, at } => {
                let line = crate::text::clean(text);
                let line = line.trim_end_matches('\n');
                if line.trim().is_empty() {
                    return false;
                }
                let text = match self.note(id) {
                    Some(before) if !before.trim().is_empty() => {
                        format!("{}\n{line}", before.trim_end_matches('\n'))
                    }
                    _ => line.to_string(),
                };
                self.set_note(id, text, *at)
            }
            Change::Rate { id, stars } => match stars {
                Some(n) => self.ratings.insert(id.clone(), *n) != Some(*n),
                None => self.ratings.remove(id).is_some(),
            },
            Change::Attended { id, attended } => {
                if *attended {
                    self.attended.insert(id.clone())
                } else {
                    self.attended.remove(id)
                }
            }
            Change::Remember { id, seen } => {
                if self.seen.contains_key(id) {
                    false
                } else {
                    self.seen.insert(id.clone(), seen.clone());
                    true
                }
            }
            Change::KnowSessions(ids) => {
                if self.known_sessions.is_some() {
                    false
                } else {
                    self.known_sessions = Some(Arc::clone(ids));
                    true
                }
            }
            Change::Acknowledge(ack) => self.acknowledge(ack),
        }
    }

    fn set_note(&mut self, id: &str, text: String, at: DateTime<Utc>) -> bool {
        if text.trim().is_empty() {
            let changed = self.notes.remove(id).is_some();
            self.forget_unless_kept(id) || changed
        } else if self.note(id) == Some(text.as_str()) {
            false
        } else {
            let extra = self.notes.remove(id).map(|n| n.extra).unwrap_or_default();
            self.notes.insert(
                id.to_string(),
                Note {
                    text,
                    updated: at,
                    extra,
                },
            );
            true
        }
    }

    /// Drops the snapshot of a session that is neither starred nor noted any more: starring it
    /// again later starts from what it looks like then.
    fn forget_unless_kept(&mut self, id: &str) -> bool {
        !self.stars.contains(id) && !self.notes.contains_key(id) && self.seen.remove(id).is_some()
    }

    fn acknowledge(&mut self, ack: &Acknowledgement) -> bool {
        let mut changed = false;
        for (id, now) in &ack.seen {
            // Another process may have unstarred it since the acknowledgement was computed.
            if !self.stars.contains(id) && !self.notes.contains_key(id) {
                continue;
            }
            match self.seen.get_mut(id) {
                Some(before) if before.same_as(now) => {}
                Some(before) => {
                    let revision = before.revision.saturating_add(1);
                    let extra = std::mem::take(&mut before.extra);
                    *before = Seen {
                        revision,
                        extra,
                        ..now.clone()
                    };
                    changed = true;
                }
                None => {
                    self.seen.insert(
                        id.clone(),
                        Seen {
                            revision: 0,
                            ..now.clone()
                        },
                    );
                    changed = true;
                }
            }
        }
        for id in &ack.gone {
            changed |= self.seen.remove(id).is_some();
        }
        match &ack.known {
            Known::All(known) => {
                if self.known_sessions.as_ref() != Some(known) {
                    self.known_sessions = Some(Arc::clone(known));
                    changed = true;
                }
            }
            Known::Add(ids) => {
                if let Some(known) = &mut self.known_sessions {
                    let adds = ack.gone.iter().any(|id| known.contains(id))
                        || ids.iter().any(|id| !known.contains(id));
                    // Copied only when it changes (the copy is shared otherwise).
                    if adds {
                        let known = Arc::make_mut(known);
                        for id in &ack.gone {
                            known.remove(id);
                        }
                        for id in ids {
                            known.insert(id.clone());
                        }
                        changed = true;
                    }
                }
            }
        }
        changed
    }
}

/// Reading an agenda: every known field checked (ratings 1 to 5, a known format version),
/// unknown fields kept in `extra`.
mod read {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

    use super::{Agenda, Arc, Note, Seen};

    impl<'de> Deserialize<'de> for Agenda {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(AgendaVisitor)
        }
    }

    struct AgendaVisitor;

    /// Sets read as a list and built in one go: an agenda file lists them in order, and
    /// building a `BTreeSet` from a sorted list is linear, where inserting the strings one by one
    /// (serde's way) compares each with its neighbours. A schedule's every session id
    /// (`known_sessions`) is read on every save, so this is most of a save's work on a large
    /// schedule.
    struct SortedSet(BTreeSet<String>);

    impl<'de> Deserialize<'de> for SortedSet {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Vec::<String>::deserialize(d).map(|v| SortedSet(BTreeSet::from_iter(v)))
        }
    }

    fn once<T>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), String> {
        if slot.is_some() {
            return Err(format!("duplicate field `{name}`"));
        }
        *slot = Some(value);
        Ok(())
    }

    impl<'de> Visitor<'de> for AgendaVisitor {
        type Value = Agenda;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a hallway agenda (a JSON object)")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Agenda, A::Error> {
            let mut version = None;
            let mut conference = None;
            let mut stars = None;
            let mut hidden_sessions = None;
            let mut hidden_tracks = None;
            let mut notes = None;
            let mut ratings = None;
            let mut attended = None;
            let mut seen = None;
            let mut known_sessions = None;
            let mut extra = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                let done = match key.as_str() {
                    "hallway_agenda" => {
                        let v: u32 = map.next_value()?;
                        // A newer format is refused by the store with its own message.
                        if v == 0 {
                            return Err(de::Error::custom(
                                "unknown agenda format 0 (hallway writes 1 and up)",
                            ));
                        }
                        once(&mut version, "hallway_agenda", v)
                    }
                    "conference" => once(&mut conference, "conference", map.next_value()?),
                    "stars" => once(&mut stars, "stars", map.next_value::<SortedSet>()?.0),
                    "hidden_sessions" => once(
                        &mut hidden_sessions,
                        "hidden_sessions",
                        map.next_value::<SortedSet>()?.0,
                    ),
                    "hidden_tracks" => once(
                        &mut hidden_tracks,
                        "hidden_tracks",
                        map.next_value::<SortedSet>()?.0,
                    ),
                    "notes" => once(
                        &mut notes,
                        "notes",
                        map.next_value::<BTreeMap<String, Note>>()?,
                    ),
                    "ratings" => {
                        let r: BTreeMap<String, u8> = map.next_value()?;
                        if let Some((id, n)) = r.iter().find(|(_, n)| !(1..=5).contains(*n)) {
                            return Err(de::Error::custom(format!(
                                "the rating of {} is {n}; a rating is 1 to 5",
                                crate::text::quote(id)
                            )));
                        }
                        once(&mut ratings, "ratings", r)
                    }
                    "attended" => once(&mut attended, "attended", map.next_value::<SortedSet>()?.0),
                    "seen" => once(
                        &mut seen,
                        "seen",
                        map.next_value::<BTreeMap<String, Seen>>()?,
                    ),
                    "known_sessions" => once(
                        &mut known_sessions,
                        "known_sessions",
                        map.next_value::<Option<SortedSet>>()?
                            .map(|s| Arc::new(s.0)),
                    ),
                    _ => {
                        use std::collections::btree_map::Entry;
                        match extra.entry(key) {
                            Entry::Vacant(slot) => {
                                slot.insert(map.next_value()?);
                                Ok(())
                            }
                            Entry::Occupied(slot) => {
                                let _: IgnoredAny = map.next_value()?;
                                Err(format!(
                                    "duplicate field {}",
                                    crate::text::quote(slot.key())
                                ))
                            }
                        }
                    }
                };
                done.map_err(de::Error::custom)?;
            }
            let hallway_agenda =
                version.ok_or_else(|| de::Error::missing_field("hallway_agenda"))?;
            let conference = conference.ok_or_else(|| de::Error::missing_field("conference"))?;
            Ok(Agenda {
                hallway_agenda,
                conference,
                stars: stars.unwrap_or_default(),
                hidden_sessions: hidden_sessions.unwrap_or_default(),
                hidden_tracks: hidden_tracks.unwrap_or_default(),
                notes: notes.unwrap_or_default(),
                ratings: ratings.unwrap_or_default(),
                attended: attended.unwrap_or_default(),
                seen: seen.unwrap_or_default(),
                known_sessions: known_sessions.flatten(),
                extra,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2024-03-20T10:00:00Z")
            .unwrap()
            .to_utc()
    }

    #[test]
    fn changes_report_whether_they_changed_anything() {
        let mut a = Agenda::new("c");
        assert!(a.apply(&Change::Star("x".into())));
        assert!(!a.apply(&Change::Star("x".into())));
        assert!(a.apply(&Change::set_star("x", false)));
        assert!(!a.is_starred("x"));
        assert!(a.apply(&Change::set_star("x", true)));
        assert!(a.is_starred("x"));
        assert!(a.apply(&Change::Unstar("x".into())));
        assert!(!a.apply(&Change::Unstar("x".into())));
        assert!(a.apply(&Change::HideTrack("Security".into())));
        assert!(a.apply(&Change::Hide("y".into())));
        assert!(a.apply(&Change::Unhide("y".into())));
        assert!(a.hidden_sessions.is_empty());
    }

    #[test]
    fn notes_and_ratings() {
        let mut a = Agenda::new("c");
        let note = |base: &str, text: &str| Change::SetNote {
            id: "x".into(),
            base: base.into(),
            text: text.into(),
            at: at(),
        };
        assert!(a.apply(&note("", "first line")));
        assert!(!a.apply(&note("first line", "first line")));
        assert_eq!(a.note("x"), Some("first line"));
        assert!(a.apply(&note("first line", "  ")));
        assert_eq!(a.note("x"), None);
        assert!(a.apply(&Change::Rate {
            id: "x".into(),
            stars: Some(4)
        }));
        assert!(!a.apply(&Change::Rate {
            id: "x".into(),
            stars: Some(4)
        }));
        assert!(a.apply(&Change::Rate {
            id: "x".into(),
            stars: None
        }));
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(rating(1), Ok(1));
        assert_eq!(rating(5), Ok(5));
        for bad in [0, 6, -1, 256, i64::MAX] {
            assert_eq!(rating(bad), Err(BadRating(bad)));
        }
    }

    #[test]
    fn appends_add_a_line_to_the_note_as_it_is() {
        let mut a = Agenda::new("c");
        let append = |text: &str| Change::AppendNote {
            id: "x".into(),
            text: text.into(),
            at: at(),
        };
        assert!(a.apply(&append("one")));
        assert!(a.apply(&append("two\n")));
        assert!(!a.apply(&append("   ")), "a blank line appends nothing");
        assert_eq!(a.note("x"), Some("one\ntwo"));
    }

    #[test]
    fn a_note_edited_from_an_old_base_is_merged_with_what_was_saved_since() {
        let mut a = Agenda::new("c");
        a.apply(&Change::AppendNote {
            id: "x".into(),
            text: "intro".into(),
            at: at(),
        });
        // The editor opened on "intro"; meanwhile another process appended a line.
        a.apply(&Change::AppendNote {
            id: "x".into(),
            text: "from the CLI".into(),
            at: at(),
        });
        assert!(a.apply(&Change::SetNote {
            id: "x".into(),
            base: "intro".into(),
            text: "intro\ntyped in the editor".into(),
            at: at(),
        }));
        assert_eq!(
            a.note("x"),
            Some("intro\nfrom the CLI\ntyped in the editor")
        );
    }

    #[test]
    fn notes_lose_escape_sequences_on_the_way_in() {
        let mut a = Agenda::new("c");
        a.apply(&Change::AppendNote {
            id: "x".into(),
            text: "\u{1b}]0;pwned\u{7}ok\u{9b}2J".into(),
            at: at(),
        });
        a.apply(&Change::SetNote {
            id: "y".into(),
            base: String::new(),
            text: "\u{1b}[200~pasted\u{1b}[201~".into(),
            at: at(),
        });
        assert_eq!(a.note("x"), Some("ok"));
        assert_eq!(a.note("y"), Some("pasted"));
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let text = r#"{"hallway_agenda":1,"conference":"c","stars":["b","a"],"future":{"k":[1,2]},
            "notes":{"x":{"text":"hi","updated":"2024-03-20T10:00:00Z","mood":"good"}}}"#;
        let a: Agenda = serde_json::from_str(text).unwrap();
        assert_eq!(a.extra["future"], serde_json::json!({"k": [1, 2]}));
        let back = serde_json::to_value(&a).unwrap();
        assert_eq!(back["future"], serde_json::json!({"k": [1, 2]}));
        assert_eq!(back["notes"]["x"]["mood"], "good");
        assert_eq!(back["stars"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn loading_checks_ratings_and_the_version() {
        let cases = [
            (
                r#"{"hallway_agenda":1,"conference":"c","ratings":{"x":7}}"#,
                "is 7; a rating is 1 to 5",
            ),
            (
                r#"{"hallway_agenda":1,"conference":"c","ratings":{"x":0}}"#,
                "is 0",
            ),
            (
                r#"{"hallway_agenda":0,"conference":"c"}"#,
                "unknown agenda format 0",
            ),
            (r#"{"conference":"c"}"#, "missing field `hallway_agenda`"),
            (r#"{"hallway_agenda":1}"#, "missing field `conference`"),
            (
                r#"{"hallway_agenda":1,"conference":"c","stars":[],"stars":[]}"#,
                "duplicate field `stars`",
            ),
            (
                r#"{"hallway_agenda":1,"conference":"c","x":1,"x":2}"#,
                "duplicate field \"x\"",
            ),
            ("[1]", "a hallway agenda"),
        ];
        for (text, expect) in cases {
            let err = serde_json::from_str::<Agenda>(text)
                .unwrap_err()
                .to_string();
            assert!(err.contains(expect), "{text}: {err}");
        }
    }

    #[test]
    fn unknown_numbers_read_back_as_they_were_saved() {
        // Found by fuzzing: a huge integer in an unknown field read back as a different float.
        let text = format!(
            r#"{{"hallway_agenda": 1, "conference": "fuzz", "notngs": {{"a": 4{}}}}}"#,
            "6".repeat(153)
        );
        let a: Agenda = serde_json::from_str(&text).unwrap();
        let again: Agenda = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(again, a);
    }
}
