//! hallway's own schedule format: versioned JSON with local times (docs/schedule-format.md).
//!
//! Reading is strict: unknown fields, unknown rooms and impossible times are errors that name the
//! line, column and JSON path. [`write`] produces the same format from any [`Schedule`], which is
//! how `hallway convert` works.

use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::json_locate::{Step, locate};
use super::{LoadError, LoadOptions};
use crate::schedule::time::{parse_local_or_offset, parse_zone};
use crate::schedule::zone::{self, ZoneClues};
use crate::schedule::{
    Conference, Link, LinkKind, Location, Room, Schedule, ScheduleBuilder, SessionDraft,
    SessionKind, Speaker, Track, Walk,
};

/// The newest format version this build reads and writes.
///
/// Version 2 added sessions' `links`. A schedule without them is still written as version 1,
/// so that an older hallway reads it; one with them is written as version 2, so that an older
/// hallway says "upgrade" instead of refusing an unknown field.
pub const VERSION: u32 = 2;

/// The version that has no `links`.
const VERSION_WITHOUT_LINKS: u32 = 1;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    hallway_schedule: u32,
    conference: ConferenceDoc,
    rooms: Vec<RoomDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tracks: Vec<TrackDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    walking: Vec<WalkDoc>,
    sessions: Vec<SessionDoc>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ConferenceDoc {
    id: String,
    title: String,
    /// `null`: floating times (wall-clock times of an unknown zone, kept as printed).
    timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    venue: Option<String>,
    start_date: NaiveDate,
    end_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day_change: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected_attendance: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RoomDoc {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    building: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    floor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zone: Option<String>,
    /// Absent: the default; `null`: not stated (serde's absent-or-null pattern).
    #[allow(clippy::option_option)]
    #[serde(
        default,
        deserialize_with = "stated",
        skip_serializing_if = "Option::is_none"
    )]
    recorded: Option<Option<bool>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TrackDoc {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WalkDoc {
    from: String,
    to: String,
    minutes: u32,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SpeakerDoc {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    company: Option<String>,
}

/// One of a session's links; the kind is guessed from the title and address when absent.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct LinkDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    url: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SessionDoc {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    guid: Option<String>,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    track: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    room: Option<String>,
    start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    speakers: Vec<SpeakerDoc>,
    #[serde(default, rename = "abstract", skip_serializing_if = "String::is_empty")]
    abstract_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    /// Absent: the default; `null`: not stated (serde's absent-or-null pattern).
    #[allow(clippy::option_option)]
    #[serde(
        default,
        deserialize_with = "stated",
        skip_serializing_if = "Option::is_none"
    )]
    recorded: Option<Option<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// Since version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    links: Vec<LinkDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    interest: Option<u32>,
}

/// Parses and validates a document in hallway's format.
pub fn read(name: &str, text: &str) -> Result<Schedule, LoadError> {
    read_with(name, text, LoadOptions::default())
}

/// Parses and validates a document in hallway's format, with a zone given.
///
/// A zone given (`--tz`) places floating times. hallway writes the zone it resolved, so times
/// in a file that names one are instants: a zone given against it keeps them, and days and the
/// times shown follow it (with the warning that names both).
pub fn read_with(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let doc: Doc = serde_path_to_error::deserialize(de).map_err(|e| super::json_error(name, e))?;
    Reader { name, text }.build(doc, options)
}

struct Reader<'a> {
    name: &'a str,
    text: &'a str,
}

impl Reader<'_> {
    /// An error at a JSON path, with the line and column where that path stands.
    fn error(&self, path: &[Step<'_>], message: impl Into<String>) -> LoadError {
        let mut err = LoadError::new(self.name, message).field(path_string(path));
        if let Some((line, col)) = locate(self.text, path) {
            err = err.at(line, col);
        }
        err
    }

    fn build(&self, doc: Doc, options: LoadOptions) -> Result<Schedule, LoadError> {
        if doc.hallway_schedule > VERSION {
            return Err(self.error(
                &[Step::Key("hallway_schedule")],
                format!(
                    "format version {} is newer than this hallway reads ({VERSION}); upgrade hallway",
                    doc.hallway_schedule
                ),
            ));
        }
        if doc.hallway_schedule == 0 {
            return Err(self.error(
                &[Step::Key("hallway_schedule")],
                "format version must be 1 or more",
            ));
        }
        let c = &doc.conference;
        let conf_path = |field| [Step::Key("conference"), Step::Key(field)];
        let named = match &c.timezone {
            Some(name) => Some(
                parse_zone(name).map_err(|e| self.error(&conf_path("timezone"), e.to_string()))?,
            ),
            None => None,
        };
        // Times are read in the zone the file names; the venue's zone is the one given first.
        let timezone = named.unwrap_or(chrono_tz::Tz::UTC);
        let choice = zone::choose(&ZoneClues {
            given: options.tz,
            named,
            clock_times: named.is_none(),
            instants: named.is_some(),
            ..ZoneClues::default()
        });
        let venue_zone = choice.zone;
        let timezone = if named.is_some() {
            timezone
        } else {
            venue_zone
        };
        if c.id.is_empty()
            || !c
                .id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch))
        {
            return Err(self.error(
                &conf_path("id"),
                "must be lower-case letters, digits, '.', '_' or '-'",
            ));
        }
        if c.end_date < c.start_date {
            return Err(self.error(&conf_path("end_date"), "is before start_date"));
        }
        let day_change = match &c.day_change {
            None => NaiveTime::MIN,
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| {
                self.error(&conf_path("day_change"), format!("\"{t}\" is not HH:MM"))
            })?,
        };
        let mut b = ScheduleBuilder::new(
            Conference {
                id: c.id.clone(),
                title: c.title.clone(),
                timezone: venue_zone,
                venue: c.venue.clone(),
                start_date: c.start_date,
                end_date: c.end_date,
                day_change,
                expected_attendance: c.expected_attendance,
                url: c.url.clone(),
            },
            true,
        );
        b.trust_day_labels();
        b.set_zone(&choice);

        for (i, r) in doc.rooms.iter().enumerate() {
            if b.find_room(&r.name).is_some() {
                return Err(self.error(
                    &[Step::Key("rooms"), Step::Index(i), Step::Key("name")],
                    format!("room \"{}\" is listed twice", r.name),
                ));
            }
            b.add_room(Room {
                name: r.name.clone(),
                capacity: r.capacity,
                location: Location {
                    building: r.building.clone(),
                    floor: r.floor.clone(),
                    zone: r.zone.clone(),
                },
                recorded: r.recorded.unwrap_or(Some(true)),
            });
        }
        for t in &doc.tracks {
            b.add_track(Track {
                name: t.name.clone(),
                color: t.color.clone(),
            });
        }
        for w in &doc.walking {
            b.add_walk(&Walk {
                from: w.from.clone(),
                to: w.to.clone(),
                minutes: w.minutes,
            });
        }

        for (i, s) in doc.sessions.into_iter().enumerate() {
            let at = |field| [Step::Key("sessions"), Step::Index(i), Step::Key(field)];
            let time = |field, value: &str| {
                parse_local_or_offset(value, timezone)
                    .map(|t| {
                        if timezone == venue_zone {
                            t
                        } else {
                            t.with_timezone(&venue_zone)
                        }
                    })
                    .map_err(|e| self.error(&at(field), e.to_string()))
            };
            let start = time("start", &s.start)?;
            let end = match (&s.end, s.duration) {
                (Some(end), _) => time("end", end)?,
                (None, Some(minutes)) => start
                    .checked_add_signed(chrono::Duration::minutes(i64::from(minutes)))
                    .ok_or_else(|| {
                        self.error(
                            &at("duration"),
                            "ends after the last date hallway can represent",
                        )
                    })?,
                (None, None) => {
                    return Err(self.error(
                        &[Step::Key("sessions"), Step::Index(i)],
                        "needs \"end\" or \"duration\"",
                    ));
                }
            };
            let kind = match &s.kind {
                None => SessionKind::Talk,
                Some(k) => SessionKind::parse(k).ok_or_else(|| {
                    self.error(&at("kind"), format!("unknown kind \"{k}\" (expected one of: keynote, talk, panel, workshop, lightning, break, social, other)"))
                })?,
            };
            let room = match &s.room {
                None => None,
                Some(name) => Some(b.find_room(name).ok_or_else(|| {
                    self.error(
                        &at("room"),
                        format!("unknown room \"{name}\" (add it to \"rooms\")"),
                    )
                })?),
            };
            let track = s.track.as_deref().and_then(|t| b.track_named(t));
            let mut links = Vec::with_capacity(s.links.len());
            for (k, l) in s.links.into_iter().enumerate() {
                let title = l.title.unwrap_or_default();
                links.push(match &l.kind {
                    None => Link::guessed(title, l.url, LinkKind::Other),
                    Some(name) => {
                        let kind = LinkKind::parse(name).ok_or_else(|| {
                            self.error(
                                &[
                                    Step::Key("sessions"),
                                    Step::Index(i),
                                    Step::Key("links"),
                                    Step::Index(k),
                                    Step::Key("kind"),
                                ],
                                format!(
                                    "unknown link kind \"{name}\" (expected one of: {})",
                                    LinkKind::ALL.map(LinkKind::as_str).join(", ")
                                ),
                            )
                        })?;
                        Link::new(kind, title, l.url)
                    }
                });
            }
            b.add_session(SessionDraft {
                id: s.id,
                guid: s.guid,
                title: s.title,
                subtitle: s.subtitle,
                kind,
                track,
                room,
                start,
                end,
                day: s.day,
                speakers: s
                    .speakers
                    .into_iter()
                    .map(|p| Speaker {
                        name: p.name,
                        company: p.company,
                    })
                    .collect(),
                abstract_text: s.abstract_text,
                language: s.language,
                tags: s.tags,
                // Absent: the room's default, and without a room the format's (recorded).
                recorded: match s.recorded {
                    Some(stated) => stated,
                    None if room.is_none() => Some(true),
                    None => None,
                },
                url: s.url,
                links,
                interest: s.interest,
                answers: Vec::new(),
            });
        }
        Ok(b.build("hallway"))
    }
}

/// A field that may be absent (the outer `None`, by `default`) or `null` (`Some(None)`).
#[allow(clippy::option_option)]
fn stated<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<bool>>, D::Error> {
    Option::<bool>::deserialize(d).map(Some)
}

/// Writes any schedule in hallway's format (pretty-printed, local times).
pub fn write(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let local = |t: &chrono::DateTime<chrono_tz::Tz>| {
        // An ambiguous wall time needs its offset to mean the right instant.
        let naive = t.naive_local();
        // Seconds only when there are some (a programme says "10:30"; an iCal end may say
        // 10:30:02, and converting must not lose them: found by fuzzing).
        let clock = match (naive.second(), naive.nanosecond()) {
            (0, 0) => "%Y-%m-%dT%H:%M",
            (_, 0) => "%Y-%m-%dT%H:%M:%S",
            _ => "%Y-%m-%dT%H:%M:%S%.f",
        };
        if crate::schedule::time::resolve_local(naive, c.timezone)
            .ok()
            .as_ref()
            == Some(t)
        {
            naive.format(clock).to_string()
        } else {
            t.format(&format!("{clock}%:z")).to_string()
        }
    };
    let mut doc = Doc {
        hallway_schedule: VERSION,
        conference: ConferenceDoc {
            id: c.id.clone(),
            title: c.title.clone(),
            timezone: (!schedule.floating).then(|| c.timezone.name().to_string()),
            venue: c.venue.clone(),
            start_date: c.start_date,
            end_date: c.end_date,
            day_change: (c.day_change != NaiveTime::MIN)
                .then(|| c.day_change.format("%H:%M").to_string()),
            expected_attendance: c.expected_attendance,
            url: c.url.clone(),
        },
        rooms: schedule
            .rooms
            .iter()
            .map(|r| RoomDoc {
                name: r.name.clone(),
                capacity: r.capacity,
                building: r.location.building.clone(),
                floor: r.location.floor.clone(),
                zone: r.location.zone.clone(),
                recorded: (r.recorded != Some(true)).then_some(r.recorded),
            })
            .collect(),
        tracks: schedule
            .tracks
            .iter()
            .map(|t| TrackDoc {
                name: t.name.clone(),
                color: t.color.clone(),
            })
            .collect(),
        walking: schedule
            .walking
            .iter()
            .map(|w| WalkDoc {
                from: w.from.clone(),
                to: w.to.clone(),
                minutes: w.minutes,
            })
            .collect(),
        sessions: schedule
            .sessions()
            .iter()
            .map(|s| {
                let room_default = s.room.map_or(Some(true), |r| schedule.room(r).recorded);
                let derived_day = crate::schedule::time::conference_day(&s.start, c.day_change);
                SessionDoc {
                    id: s.id.clone(),
                    guid: s.guid.clone(),
                    title: s.title.clone(),
                    subtitle: s.subtitle.clone(),
                    kind: (s.kind != SessionKind::Talk).then(|| s.kind.as_str().to_string()),
                    track: s.track.map(|t| schedule.track(t).name.clone()),
                    room: s.room.map(|r| schedule.room(r).name.clone()),
                    start: local(&s.start),
                    end: Some(local(&s.end)),
                    duration: None,
                    day: (s.day != derived_day).then_some(s.day),
                    speakers: s
                        .speakers
                        .iter()
                        .map(|p| SpeakerDoc {
                            name: p.name.clone(),
                            company: p.company.clone(),
                        })
                        .collect(),
                    abstract_text: s.abstract_text.clone(),
                    language: s.language.clone(),
                    tags: s.tags.clone(),
                    recorded: (s.recorded != room_default).then_some(s.recorded),
                    url: s.url().map(ToString::to_string),
                    // The page is `url`; the other links follow it, in order (the page too
                    // when it has a title of its own, which reading gives back to it).
                    links: s
                        .links
                        .iter()
                        .filter(|l| {
                            Some(l.url.as_str()) != s.url()
                                || l.title != LinkKind::Page.default_title()
                        })
                        .map(|l| LinkDoc {
                            kind: Some(l.kind.as_str().to_string()),
                            title: Some(l.title.clone()),
                            url: l.url.clone(),
                        })
                        .collect(),
                    interest: s.interest,
                }
            })
            .collect(),
    };
    if doc.sessions.iter().all(|s| s.links.is_empty()) {
        doc.hallway_schedule = VERSION_WITHOUT_LINKS;
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// `sessions[3].room` from path steps.
fn path_string(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
