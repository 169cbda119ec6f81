//! The conference as published: conference, rooms, tracks, sessions and speakers.
//!
//! These are plain data. Everything derived from them (days, indexes, warnings) lives in
//! [`super::Schedule`], which is built once at load.

use chrono::{DateTime, NaiveDate, NaiveTime};
use chrono_tz::Tz;

pub use super::links::{Link, LinkKind};

/// The event as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Conference {
    /// Stable id; the agenda file is keyed by it.
    pub id: String,
    pub title: String,
    /// The venue's zone: it decides which day a session belongs to.
    pub timezone: Tz,
    pub venue: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// A session starting before this local time belongs to the previous day.
    pub day_change: NaiveTime,
    pub expected_attendance: Option<u32>,
    pub url: Option<String>,
}

/// Where a room is, for walking times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub building: Option<String>,
    pub floor: Option<String>,
    pub zone: Option<String>,
}

impl Location {
    /// "Pavilion 7, Level 7.3, north": the parts that are known, joined.
    pub fn describe(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.building, &self.floor, &self.zone]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A room sessions take place in.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    pub name: String,
    pub capacity: Option<u32>,
    pub location: Location,
    /// Whether sessions here are recorded unless they say otherwise; `None`: not stated.
    pub recorded: Option<bool>,
}

/// A named track (topic or co-located event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub name: String,
    pub color: Option<String>,
}

/// A person on stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub company: Option<String>,
}

/// An answer the organiser published to one of its call for papers' questions (Sessionize's
/// `questionAnswers`): shown as "Question: answer" in the detail and `show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The question as the organiser worded it (one line).
    pub question: String,
    /// The answer (free text; may run to several paragraphs).
    pub answer: String,
}

impl Answer {
    /// The question as it leads its answer: "Session language:", but "Why?" as it is.
    pub fn prompt(&self) -> String {
        if self.question.ends_with(['?', ':', '!']) {
            self.question.clone()
        } else {
            format!("{}:", self.question)
        }
    }
}

/// What sort of session it is; it weighs on the crowding estimate and on display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum SessionKind {
    Keynote,
    #[default]
    Talk,
    Panel,
    Workshop,
    Lightning,
    Break,
    Social,
    Other,
}

impl SessionKind {
    pub const ALL: [SessionKind; 8] = [
        SessionKind::Keynote,
        SessionKind::Talk,
        SessionKind::Panel,
        SessionKind::Workshop,
        SessionKind::Lightning,
        SessionKind::Break,
        SessionKind::Social,
        SessionKind::Other,
    ];

    /// The lower-case name used in files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Keynote => "keynote",
            SessionKind::Talk => "talk",
            SessionKind::Panel => "panel",
            SessionKind::Workshop => "workshop",
            SessionKind::Lightning => "lightning",
            SessionKind::Break => "break",
            SessionKind::Social => "social",
            SessionKind::Other => "other",
        }
    }

    /// Parses a kind name exactly as [`Self::as_str`] writes it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Guesses the kind from a free-form type label ("Lecture", "Lightning Talk", "Tutorial"...).
    pub fn guess(label: &str) -> Self {
        let l = label.to_lowercase();
        let has = |w: &str| l.contains(w);
        if has("keynote") {
            SessionKind::Keynote
        } else if has("lightning") {
            SessionKind::Lightning
        } else if has("panel") {
            SessionKind::Panel
        } else if has("workshop") || has("tutorial") || has("hands-on") || has("lab") {
            SessionKind::Workshop
        } else if has("break") || has("lunch") || has("coffee") || has("registration") {
            SessionKind::Break
        } else if has("party") || has("social") || has("reception") || has("happy hour") {
            SessionKind::Social
        } else if l.is_empty()
            || has("talk")
            || has("lecture")
            || has("presentation")
            || has("session")
        {
            SessionKind::Talk
        } else {
            SessionKind::Other
        }
    }
}

/// Index of a room in [`super::Schedule::rooms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoomId(pub u32);

/// Index of a track in [`super::Schedule::tracks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackId(pub u32);

/// One entry of the programme.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The source's own id, stable across versions of the same file.
    pub id: String,
    pub guid: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: SessionKind,
    pub track: Option<TrackId>,
    pub room: Option<RoomId>,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
    /// The conference day it belongs to (a late-night session may belong to the day before).
    pub day: NaiveDate,
    pub speakers: Vec<Speaker>,
    pub abstract_text: String,
    pub language: Option<String>,
    pub tags: Vec<String>,
    /// Whether it is recorded; `None` when the source does not say ("not stated").
    pub recorded: Option<bool>,
    /// Every link the file gives: the session page first when there is one, then the others
    /// in the file's order; web addresses only, one link per address.
    pub links: Vec<Link>,
    /// People who said they will come, where the source counts them.
    pub interest: Option<u32>,
    /// Free-text answers to the organiser's questions, in the organiser's order (Sessionize);
    /// answers to choice questions are tags instead.
    pub answers: Vec<Answer>,
}

impl Session {
    /// Length in whole minutes; zero for a session that ends before it starts.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes().max(0)
    }

    /// Whether `now` falls within the session, give or take `grace`.
    pub fn is_on_at(&self, now: chrono::DateTime<chrono::Utc>, grace: chrono::Duration) -> bool {
        self.start.with_timezone(&chrono::Utc) - grace <= now
            && now <= self.end.with_timezone(&chrono::Utc) + grace
    }

    /// Known to be recorded: a recording to watch later can be counted on.
    pub fn is_recorded(&self) -> bool {
        self.recorded == Some(true)
    }

    /// Known not to be recorded: see it in person or miss it.
    pub fn is_unrecorded(&self) -> bool {
        self.recorded == Some(false)
    }

    /// "yes", "no" or "not stated".
    pub fn recorded_text(&self) -> &'static str {
        match self.recorded {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not stated",
        }
    }

    /// The session's page: the address of its first [`LinkKind::Page`] link.
    pub fn url(&self) -> Option<&str> {
        self.link(LinkKind::Page).map(|l| l.url.as_str())
    }

    /// The first link of that kind.
    pub fn link(&self, kind: LinkKind) -> Option<&Link> {
        self.links.iter().find(|l| l.kind == kind)
    }

    /// Speaker names joined with commas.
    pub fn speaker_names(&self) -> String {
        self.speakers
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Walking minutes between two rooms or zones, as the schedule gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    pub from: String,
    pub to: String,
    pub minutes: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(SessionKind::parse("Talk"), None);
    }

    #[test]
    fn kind_guesses_from_labels() {
        let cases = [
            ("Lecture", SessionKind::Talk),
            ("Lightning Talk", SessionKind::Lightning),
            ("Keynote Session", SessionKind::Keynote),
            ("Tutorial", SessionKind::Workshop),
            ("Panel Discussion", SessionKind::Panel),
            ("Lunch Break", SessionKind::Break),
            ("Evening Party", SessionKind::Social),
            ("", SessionKind::Talk),
            ("Meetup", SessionKind::Other),
        ];
        for (label, kind) in cases {
            assert_eq!(SessionKind::guess(label), kind, "{label}");
        }
    }

    #[test]
    fn location_describes_known_parts() {
        let loc = Location {
            building: Some("Pavilion 7".into()),
            floor: None,
            zone: Some("north".into()),
        };
        assert_eq!(loc.describe().as_deref(), Some("Pavilion 7, north"));
        assert_eq!(Location::default().describe(), None);
    }
}
