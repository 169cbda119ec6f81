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

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// The agenda format version this build writes.
pub const VERSION: u32 = 1;

/// The attendee's own data for one conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    /// Format version.
    pub hallway_agenda: u32,
    /// The conference id this agenda belongs to.
    pub conference: String,
    #[serde(default, deserialize_with = "sorted_set::plain")]
    pub stars: BTreeSet<String>,
    #[serde(default)]
    pub hidden_sessions: BTreeSet<String>,
    /// Track names (names are what the attendee sees, and stay stable across versions).
    #[serde(default)]
    pub hidden_tracks: BTreeSet<String>,
    #[serde(default)]
    pub notes: BTreeMap<String, Note>,
    #[serde(default)]
    pub ratings: BTreeMap<String, u8>,
    #[serde(default)]
    pub attended: BTreeSet<String>,
    /// What each starred or noted session looked like when last seen (starred, noted or
    /// acknowledged), by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<String, Seen>,
    /// Every session id of the schedule as last acknowledged; `None` until the first star or
    /// acknowledgement. A session not in it is new.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "sorted_set::optional"
    )]
    pub known_sessions: Option<BTreeSet<String>>,
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
    /// Starred or noted sessions the schedule no longer has: their snapshots are dropped.
    pub gone: BTreeSet<String>,
    /// Every session id of the schedule now.
    pub known: BTreeSet<String>,
}

/// A session's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub updated: DateTime<Utc>,
}

/// One decision, applied to an agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Star(String),
    Unstar(String),
    /// Stars when unstarred and the reverse.
    ToggleStar(String),
    Hide(String),
    Unhide(String),
    HideTrack(String),
    UnhideTrack(String),
    /// Replaces a note; an empty text removes it.
    SetNote {
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
    KnowSessions(BTreeSet<String>),
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
            Change::ToggleStar(id) => {
                if self.stars.remove(id) {
                    let _ = self.forget_unless_kept(id);
                } else {
                    self.stars.insert(id.clone());
                }
                true
            }
            Change::Hide(id) => self.hidden_sessions.insert(id.clone()),
            Change::Unhide(id) => self.hidden_sessions.remove(id),
            Change::HideTrack(name) => self.hidden_tracks.insert(name.clone()),
            Change::UnhideTrack(name) => self.hidden_tracks.remove(name),
            Change::SetNote { id, text, at } => {
                if text.trim().is_empty() {
                    let changed = self.notes.remove(id).is_some();
                    self.forget_unless_kept(id) || changed
                } else if self.note(id) == Some(text.as_str()) {
                    false
                } else {
                    self.notes.insert(
                        id.clone(),
                        Note {
                            text: text.clone(),
                            updated: *at,
                        },
                    );
                    true
                }
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
                    self.known_sessions = Some(ids.clone());
                    true
                }
            }
            Change::Acknowledge(ack) => self.acknowledge(ack),
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
                    *before = Seen {
                        revision,
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
        if self.known_sessions.as_ref() != Some(&ack.known) {
            self.known_sessions = Some(ack.known.clone());
            changed = true;
        }
        changed
    }
}

/// Sets read as a list and built in one go: an agenda file lists them in order, and building a
/// `BTreeSet` from a sorted list is linear, where inserting the strings one by one (serde's
/// way) compares each with its neighbours. A schedule's every session id (`known_sessions`) is
/// read on every save, so this is most of a save's work on a large schedule.
mod sorted_set {
    use std::collections::BTreeSet;

    use serde::{Deserialize, Deserializer};

    pub fn plain<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeSet<String>, D::Error> {
        Vec::<String>::deserialize(d).map(BTreeSet::from_iter)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeSet<String>>, D::Error> {
        Option::<Vec<String>>::deserialize(d).map(|v| v.map(BTreeSet::from_iter))
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
        assert!(a.apply(&Change::ToggleStar("x".into())));
        assert!(!a.is_starred("x"));
        assert!(a.apply(&Change::ToggleStar("x".into())));
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
        let note = |text: &str| Change::SetNote {
            id: "x".into(),
            text: text.into(),
            at: at(),
        };
        assert!(a.apply(&note("first line")));
        assert!(!a.apply(&note("first line")));
        assert_eq!(a.note("x"), Some("first line"));
        assert!(a.apply(&note("  ")));
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
}
