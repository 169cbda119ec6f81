//! The share file: what one attendee tells their team (docs/share-format.md).
//!
//! A [`Share`] names its conference, its author and the sessions they starred, each keyed as
//! stably as the schedule allows (guid, id, and title with start as a fallback), and, only when
//! the author asks for it, their notes and ratings. Share files travel through shared folders
//! and chat messages, so reading one is strict: a size limit, no unknown fields, a version
//! check, limits on every list and string, text cleaned like schedule text, and an author name
//! that can be neither a path nor an escape sequence.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::plan::Agenda;
use crate::schedule::{Conference, Schedule};
use crate::text::{clean, clean_line};

/// The share format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The largest share file read.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most sessions one share may list.
pub const MAX_SESSIONS: usize = 20_000;
/// The most interests one share may list.
pub const MAX_INTERESTS: usize = 100;
/// The longest id, guid, title, URL or interest kept (in bytes).
pub const MAX_FIELD_BYTES: usize = 2_000;
/// The longest note kept (in bytes).
pub const MAX_NOTE_BYTES: usize = 100_000;
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// What a share file of a teammate is called in a team folder: `NAME` + this.
pub const FILE_SUFFIX: &str = ".hallway-share.json";

/// One attendee's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// Format version.
    pub hallway_share: u32,
    pub conference: ConferenceRef,
    /// Who shares: a teammate's name (see [`check_name`]).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_at: Option<DateTime<Utc>>,
    /// Tracks or topics the author finds interesting (for `team coverage`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interests: Vec<String>,
    #[serde(default)]
    pub sessions: Vec<Entry>,
}

/// Which conference a share is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceRef {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Where the schedule was fetched from, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl fmt::Display for ConferenceRef {
    /// "Title" (id "x"), or just the id when there is no title.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.title.is_empty() {
            write!(f, "\"{}\"", self.id)
        } else {
            write!(f, "\"{}\" (id \"{}\")", self.title, self.id)
        }
    }
}

impl ConferenceRef {
    /// The identity of a loaded schedule.
    pub fn of(schedule: &Schedule, url: Option<String>) -> Self {
        Self::of_conference(&schedule.conference, url)
    }

    /// The identity of a conference.
    pub fn of_conference(c: &Conference, url: Option<String>) -> Self {
        ConferenceRef {
            id: c.id.clone(),
            title: c.title.clone(),
            start_date: Some(c.start_date),
            end_date: Some(c.end_date),
            url: url.or_else(|| c.url.clone()),
        }
    }
}

/// One session in a share: its keys, and what the author did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// With the conference's offset; compared as an instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub starred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
}

impl Entry {
    /// How the entry is named in messages: its title, else its id.
    pub fn label(&self) -> &str {
        if self.title.is_empty() {
            &self.id
        } else {
            &self.title
        }
    }
}

/// Why a share (file or link) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error(
        "{origin}: the share was written by a newer hallway (format {version}, this one reads {VERSION}): upgrade hallway"
    )]
    Newer { origin: String, version: u32 },
    #[error(
        "{origin}: this share is for conference {found}, but the schedule open is {expected}; open that conference's schedule to use it"
    )]
    OtherConference {
        origin: String,
        found: String,
        expected: String,
    },
}

fn invalid(origin: &str, message: impl Into<String>) -> ShareError {
    ShareError::Invalid {
        origin: origin.to_string(),
        message: message.into(),
    }
}

/// A name that cannot be a teammate's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{shown}\" cannot be a name: use 1 to {MAX_NAME_CHARS} letters, digits, spaces, '-', '_' or '.', starting with a letter or digit"
)]
pub struct BadName {
    /// The name with anything unprintable shown escaped.
    pub shown: String,
}

/// Checks a teammate's name: it names a file in a team folder and is shown in every list, so it
/// holds only letters, digits, single spaces, `-`, `_`, `.` and `'`, starts with a letter or
/// digit, and is at most [`MAX_NAME_CHARS`] long. No path separator, no `..`, no control
/// character or escape sequence can pass.
pub fn check_name(name: &str) -> Result<(), BadName> {
    let bad = || BadName {
        shown: name
            .chars()
            .take(60)
            .flat_map(char::escape_default)
            .collect(),
    };
    let count = name.chars().count();
    let first_ok = name.chars().next().is_some_and(char::is_alphanumeric);
    let last_ok = name
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    let chars_ok = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\''));
    if count == 0
        || count > MAX_NAME_CHARS
        || !first_ok
        || !last_ok
        || !chars_ok
        || name.contains("  ")
        || name.contains("..")
    {
        return Err(bad());
    }
    Ok(())
}

impl Share {
    /// The share of an agenda: starred sessions, and with `notes` also noted and rated ones with
    /// their notes and ratings. Stars on sessions the schedule no longer has keep their id.
    pub fn of(schedule: &Schedule, agenda: &Agenda, name: &str, options: ShareOptions) -> Share {
        let ShareOptions {
            notes,
            url,
            interests,
            at,
        } = options;
        let mut ids: Vec<&String> = agenda.stars.iter().collect();
        if notes {
            ids.extend(agenda.notes.keys());
            ids.extend(agenda.ratings.keys());
            ids.sort_unstable();
            ids.dedup();
        }
        let mut entries: Vec<(Option<usize>, Entry)> = ids
            .into_iter()
            .map(|id| {
                let found = schedule.find(id);
                let mut entry = Entry {
                    id: id.clone(),
                    guid: None,
                    title: String::new(),
                    start: None,
                    starred: agenda.is_starred(id),
                    note: None,
                    rating: None,
                };
                if let Some((_, s)) = found {
                    entry.guid.clone_from(&s.guid);
                    entry.title.clone_from(&s.title);
                    entry.start = Some(s.start.fixed_offset());
                } else if let Some(seen) = agenda.seen.get(id) {
                    entry.title.clone_from(&seen.title);
                    entry.start = Some(seen.start);
                }
                if notes {
                    entry.note = agenda.note(id).map(str::to_string);
                    entry.rating = agenda.ratings.get(id).copied();
                }
                (found.map(|(i, _)| i), entry)
            })
            .collect();
        // Schedule order reads best; sessions the schedule lost go last, by id.
        entries.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.1.id.cmp(&b.1.id),
        });
        Share {
            hallway_share: VERSION,
            conference: ConferenceRef::of(schedule, url),
            name: name.to_string(),
            shared_at: Some(at),
            interests,
            sessions: entries.into_iter().map(|(_, e)| e).collect(),
        }
    }

    /// The share as pretty JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Refuses a share of another conference than the one open.
    pub fn check_conference(
        &self,
        conference: &Conference,
        origin: &str,
    ) -> Result<(), ShareError> {
        if self.conference.id == conference.id {
            return Ok(());
        }
        Err(ShareError::OtherConference {
            origin: origin.to_string(),
            found: self.conference.to_string(),
            expected: ConferenceRef::of_conference(conference, None).to_string(),
        })
    }

    /// The starred entries.
    pub fn stars(&self) -> impl Iterator<Item = &Entry> {
        self.sessions.iter().filter(|e| e.starred)
    }
}

/// What `Share::of` puts in besides the stars.
#[derive(Debug, Clone)]
pub struct ShareOptions {
    /// Notes and ratings too.
    pub notes: bool,
    /// The URL the schedule was fetched from.
    pub url: Option<String>,
    pub interests: Vec<String>,
    /// When the share is written.
    pub at: DateTime<Utc>,
}

/// Reads a share file's bytes strictly; `origin` names it in errors (a path, or "link").
pub fn parse(bytes: &[u8], origin: &str) -> Result<Share, ShareError> {
    /// The version alone, read when the whole does not: a newer file is named as such.
    #[derive(Deserialize)]
    struct Version {
        hallway_share: u32,
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(invalid(
            origin,
            // Only the limit and a byte more are read: the file's own size is not known here.
            format!(
                "the file is over the {} MB limit for a share",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        invalid(
            origin,
            format!("not UTF-8 text (byte {} is not)", e.valid_up_to()),
        )
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    let read = serde_path_to_error::deserialize::<_, Share>(&mut de)
        .map_err(|e| (e.path().to_string(), e.into_inner()))
        .and_then(|share| de.end().map(|()| share).map_err(|e| (String::new(), e)));
    let share = match read {
        Ok(share) => share,
        Err((path, inner)) => {
            if let Ok(v) = serde_json::from_str::<Version>(text)
                && v.hallway_share > VERSION
            {
                return Err(ShareError::Newer {
                    origin: origin.to_string(),
                    version: v.hallway_share,
                });
            }
            let message = strip_position(&inner.to_string());
            let place = if path.is_empty() || path == "." {
                String::new()
            } else {
                format!(" at {path}")
            };
            return Err(invalid(
                origin,
                format!(
                    "line {}, column {}: not a hallway share{place}: {message}",
                    inner.line(),
                    inner.column()
                ),
            ));
        }
    };
    if share.hallway_share > VERSION {
        return Err(ShareError::Newer {
            origin: origin.to_string(),
            version: share.hallway_share,
        });
    }
    if share.hallway_share == 0 {
        return Err(invalid(origin, "hallway_share: version 0 does not exist"));
    }
    sanitize(share, origin)
}

fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_string()
}

/// Checks limits and the name, and cleans every text field like schedule text.
pub(super) fn sanitize(mut share: Share, origin: &str) -> Result<Share, ShareError> {
    check_name(&share.name).map_err(|e| invalid(origin, format!("name: {e}")))?;
    if share.sessions.len() > MAX_SESSIONS {
        return Err(invalid(
            origin,
            format!(
                "sessions: {} entries, over the limit of {MAX_SESSIONS}",
                share.sessions.len()
            ),
        ));
    }
    if share.interests.len() > MAX_INTERESTS {
        return Err(invalid(
            origin,
            format!(
                "interests: {} entries, over the limit of {MAX_INTERESTS}",
                share.interests.len()
            ),
        ));
    }
    let field = |where_: &str, text: &str| -> Result<String, ShareError> {
        if text.len() > MAX_FIELD_BYTES {
            return Err(invalid(
                origin,
                format!(
                    "{where_}: {} bytes, over the limit of {MAX_FIELD_BYTES}",
                    text.len()
                ),
            ));
        }
        Ok(clean_line(text))
    };
    let c = &mut share.conference;
    c.id = field("conference.id", &c.id)?;
    if c.id.is_empty() {
        return Err(invalid(origin, "conference.id: empty"));
    }
    c.title = field("conference.title", &c.title)?;
    if let Some(url) = c.url.take() {
        let url = field("conference.url", &url)?;
        // Only a web address is kept: anything else is not a source to follow.
        if url.starts_with("https://") || url.starts_with("http://") {
            c.url = Some(url);
        }
    }
    for interest in &mut share.interests {
        *interest = field("interests", interest)?;
    }
    share.interests.retain(|i| !i.is_empty());
    for (k, e) in share.sessions.iter_mut().enumerate() {
        let at = |f: &str| format!("sessions[{k}].{f}");
        e.id = field(&at("id"), &e.id)?;
        if e.id.is_empty() {
            return Err(invalid(origin, format!("{}: empty", at("id"))));
        }
        if let Some(g) = e.guid.take() {
            let g = field(&at("guid"), &g)?;
            e.guid = (!g.is_empty()).then_some(g);
        }
        e.title = field(&at("title"), &e.title)?;
        if let Some(note) = e.note.take() {
            if note.len() > MAX_NOTE_BYTES {
                return Err(invalid(
                    origin,
                    format!(
                        "{}: {} bytes, over the limit of {MAX_NOTE_BYTES}",
                        at("note"),
                        note.len()
                    ),
                ));
            }
            let note = clean(&note);
            e.note = (!note.trim().is_empty()).then_some(note);
        }
        if let Some(r) = e.rating
            && !(1..=5).contains(&r)
        {
            return Err(invalid(
                origin,
                format!("{}: a rating is from 1 to 5, not {r}", at("rating")),
            ));
        }
    }
    Ok(share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_cannot_be_paths_or_escapes() {
        for good in [
            "alice",
            "Bob S",
            "J.R. Smith",
            "jean-luc",
            "李雷",
            "o'brien",
            "x_1",
            "A",
        ] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "../etc",
            "a/b",
            "a\\b",
            ".hidden",
            "a..b",
            "\u{1b}[2Jx",
            "x\u{202e}y",
            "x\ny",
            "trailing ",
            " leading",
            "two  spaces",
            "dot.",
            "tab\tx",
            &"n".repeat(41),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        let err = check_name("\u{1b}]52;c;x").unwrap_err();
        assert!(!err.to_string().contains('\u{1b}'), "{err}");
    }

    fn share_json(extra: &str) -> String {
        format!(
            r#"{{"hallway_share": 1, "conference": {{"id": "c", "title": "C"}}, "name": "ann"{extra}}}"#
        )
    }

    #[test]
    fn a_minimal_share_reads() {
        let s = parse(share_json("").as_bytes(), "f").unwrap();
        assert_eq!(s.name, "ann");
        assert!(s.sessions.is_empty());
    }

    #[test]
    fn bad_shares_are_refused_with_where_and_what() {
        let cases: Vec<(String, &str)> = vec![
            (share_json(r#", "extra": 1"#), "unknown field `extra`"),
            (
                share_json(r#", "sessions": [{"id": "a", "rating": 9}]"#),
                "sessions[0].rating: a rating is from 1 to 5, not 9",
            ),
            (
                share_json(r#", "sessions": [{"id": 3}]"#),
                "at sessions[0].id: invalid type",
            ),
            (
                r#"{"hallway_share": 1, "conference": {"id": "c"}, "name": "../x"}"#.into(),
                "name: \"../x\" cannot be a name",
            ),
            (
                r#"{"hallway_share": 7, "conference": {"id": "c"}, "name": "x", "new": []}"#.into(),
                "newer hallway (format 7",
            ),
            ("[1, 2]".into(), "not a hallway share"),
            (share_json("").replace("ann", ""), "cannot be a name"),
            (
                share_json(&format!(r#", "interests": ["{}"]"#, "x".repeat(3000))),
                "interests: 3000 bytes, over the limit",
            ),
        ];
        for (text, want) in cases {
            let err = parse(text.as_bytes(), "t.json").unwrap_err().to_string();
            assert!(err.starts_with("t.json: "), "{err}");
            assert!(err.contains(want), "{err} (wanted {want})");
        }
        let err = parse(b"\xff", "t").unwrap_err().to_string();
        assert!(err.contains("not UTF-8"), "{err}");
        let big = vec![b' '; MAX_FILE_BYTES + 1];
        let err = parse(&big, "t").unwrap_err().to_string();
        assert!(err.contains("over the 4 MB limit"), "{err}");
    }

    #[test]
    fn text_is_cleaned_like_schedule_text() {
        let text = share_json(
            r#", "sessions": [{"id": "a\u001b[2J", "title": "T\u001b]52;c;eA==\u0007itle", "note": "ok\u001b[31m red\nline 2", "starred": true}], "interests": ["  "]"#,
        );
        let s = parse(text.as_bytes(), "t").unwrap();
        let e = &s.sessions[0];
        assert_eq!(e.id, "a");
        assert_eq!(e.title, "Title");
        assert_eq!(e.note.as_deref(), Some("ok red\nline 2"));
        assert!(s.interests.is_empty());
    }

    #[test]
    fn only_web_urls_are_kept() {
        let text = r#"{"hallway_share": 1, "conference": {"id": "c", "url": "file:///etc/passwd"}, "name": "a"}"#;
        assert_eq!(parse(text.as_bytes(), "t").unwrap().conference.url, None);
    }
}
