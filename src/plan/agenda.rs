//! What the attendee decided: stars, hidden sessions and tracks, notes, ratings, attendance.
//!
//! An [`Agenda`] refers to sessions by their source id only, never by position, so it survives a
//! new version of the schedule; a star on a session the schedule no longer has is kept. Every
//! change is a [`Change`] value, so the store can re-apply it to a freshly read file under its
//! lock and two processes never undo each other's work.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
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
    #[serde(default)]
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
            Change::Unstar(id) => self.stars.remove(id),
            Change::ToggleStar(id) => {
                if !self.stars.remove(id) {
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
                    self.notes.remove(id).is_some()
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
