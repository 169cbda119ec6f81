//! c3voc/pretalx/frab schedule JSON, as the Chaos Communication Congress, pretalx and frab publish
//! it (the c3voc `schedule.schema.json`).
//!
//! Events are nested in days and rooms: `schedule.conference.days[i].rooms{"Room": [event]}`. The
//! day an event is listed under is its conference day, so a 00:20 set belongs to the evening
//! before. Parsing is typed and borrows strings from the text where they have no escapes; unknown
//! fields are skipped. A document that does not parse is read a second time with path tracking,
//! so the happy path pays nothing for error messages that name the JSON path.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::json_locate::{Step, locate};
use super::{LoadError, LoadOptions, frab};
use crate::schedule::time::{parse_local_or_offset, parse_with_offset, resolve_local};
use crate::schedule::zone::{self, ZoneClues};
use crate::schedule::{
    Conference, Link, LinkKind, Location, Room, Schedule, ScheduleBuilder, SessionDraft, Speaker,
    Track, WarningKind, slug,
};

/// The format's name in `Schedule::format`.
pub const NAME: &str = "pretalx-json";

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    schedule: ScheduleDoc<'a>,
}

#[derive(Deserialize)]
struct ScheduleDoc<'a> {
    /// The base of relative addresses (attachments' `/media/...`).
    #[serde(borrow)]
    base_url: Option<Text<'a>>,
    #[serde(borrow)]
    conference: ConferenceDoc<'a>,
}

#[derive(Deserialize)]
struct ConferenceDoc<'a> {
    #[serde(borrow)]
    acronym: Option<Text<'a>>,
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(borrow)]
    start: Option<Text<'a>>,
    #[serde(borrow)]
    end: Option<Text<'a>>,
    #[serde(borrow)]
    time_zone_name: Option<Text<'a>>,
    #[serde(borrow)]
    url: Option<Text<'a>>,
    #[serde(borrow, default)]
    tracks: Vec<TrackDoc<'a>>,
    #[serde(borrow, default)]
    rooms: Vec<RoomDoc<'a>>,
    #[serde(borrow)]
    days: Vec<DayDoc<'a>>,
}

#[derive(Deserialize)]
struct TrackDoc<'a> {
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(borrow)]
    color: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct RoomDoc<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    capacity: Option<f64>,
    #[serde(borrow)]
    features: Option<FeaturesDoc<'a>>,
}

#[derive(Deserialize)]
struct FeaturesDoc<'a> {
    #[serde(borrow)]
    recording: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct DayDoc<'a> {
    #[serde(borrow)]
    date: Text<'a>,
    #[serde(borrow)]
    day_start: Option<Text<'a>>,
    #[serde(borrow)]
    day_end: Option<Text<'a>>,
    #[serde(borrow)]
    rooms: RoomEvents<'a>,
}

#[derive(Deserialize)]
struct EventDoc<'a> {
    #[serde(borrow)]
    id: Option<Id<'a>>,
    #[serde(borrow)]
    code: Option<Text<'a>>,
    #[serde(borrow)]
    guid: Option<Text<'a>>,
    #[serde(borrow)]
    date: Option<Text<'a>>,
    #[serde(borrow)]
    start: Option<Text<'a>>,
    #[serde(borrow)]
    end: Option<Text<'a>>,
    #[serde(borrow)]
    duration: Option<Text<'a>>,
    #[serde(borrow)]
    room: Option<Text<'a>>,
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(borrow)]
    subtitle: Option<Text<'a>>,
    #[serde(borrow)]
    track: Option<Text<'a>>,
    #[serde(borrow, rename = "type")]
    kind: Option<Text<'a>>,
    #[serde(borrow)]
    language: Option<Text<'a>>,
    #[serde(borrow, rename = "abstract")]
    abstract_part: Option<Text<'a>>,
    #[serde(borrow)]
    description: Option<Text<'a>>,
    #[serde(borrow)]
    url: Option<Text<'a>>,
    #[serde(borrow)]
    feedback_url: Option<Text<'a>>,
    #[serde(borrow)]
    origin_url: Option<Text<'a>>,
    /// Links and attachments are read leniently (objects or strings, anything else skipped).
    #[serde(default)]
    links: serde_json::Value,
    #[serde(default)]
    attachments: serde_json::Value,
    do_not_record: Option<bool>,
    #[serde(borrow, default)]
    persons: Vec<PersonDoc<'a>>,
}

#[derive(Deserialize)]
struct PersonDoc<'a> {
    #[serde(borrow)]
    public_name: Option<Text<'a>>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(borrow, alias = "organization", alias = "company")]
    organisation: Option<Text<'a>>,
}

/// A string that borrows from the document unless it had escapes.
///
/// serde borrows a `Cow<str>` only as a direct field; this newtype borrows inside `Option` and
/// `Vec` too.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// An event id: an integer in frab and pretalx, sometimes a string.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Id<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Id<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Id(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Id(Cow::Owned(v.to_string())))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Id(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Id(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// The `rooms` object of a day, in document order: room name → its events.
struct RoomEvents<'a>(Vec<(Text<'a>, Vec<EventDoc<'a>>)>);

impl<'de: 'a, 'a> Deserialize<'de> for RoomEvents<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RoomEvents<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping room names to lists of events")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut rooms = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    rooms.push(entry);
                }
                Ok(RoomEvents(rooms))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads a c3voc/pretalx/frab schedule JSON document.
pub fn read(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    let root: Root<'_> = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(_) => return Err(syntax_error(name, text)),
    };
    let base = root.schedule.base_url.map(|b| b.0.into_owned());
    Reader {
        name,
        text,
        base,
        kinds: std::cell::RefCell::default(),
    }
    .build(root.schedule.conference, options)
}

/// Parses again with path tracking to say where the document went wrong.
fn syntax_error(name: &str, text: &str) -> LoadError {
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Root<'_>>(de) {
        Ok(_) => LoadError::new(name, "the document could not be read"),
        Err(e) => super::json_error(name, e),
    }
}

struct Reader<'t> {
    name: &'t str,
    text: &'t str,
    base: Option<String>,
    kinds: std::cell::RefCell<frab::Kinds>,
}

/// Where an event sits in the document, for error messages.
#[derive(Clone, Copy)]
struct EventAt<'p> {
    day: usize,
    room: &'p str,
    index: usize,
}

impl Reader<'_> {
    fn error(&self, path: &[Step<'_>], message: impl Into<String>) -> LoadError {
        let mut field = String::new();
        for step in path {
            match step {
                Step::Key(k) if field.is_empty() => field.push_str(k),
                Step::Key(k) => {
                    field.push('.');
                    field.push_str(k);
                }
                Step::Index(i) => {
                    let _ = write!(field, "[{i}]");
                }
            }
        }
        let mut err = LoadError::new(self.name, message).field(field);
        if let Some((line, col)) = locate(self.text, path) {
            err = err.at(line, col);
        }
        err
    }

    fn event_error(&self, at: EventAt<'_>, field: &str, message: impl Into<String>) -> LoadError {
        self.error(
            &[
                Step::Key("schedule"),
                Step::Key("conference"),
                Step::Key("days"),
                Step::Index(at.day),
                Step::Key("rooms"),
                Step::Key(at.room),
                Step::Index(at.index),
                Step::Key(field),
            ],
            message,
        )
    }

    fn build(&self, c: ConferenceDoc<'_>, options: LoadOptions) -> Result<Schedule, LoadError> {
        let conf_path = |f| [Step::Key("schedule"), Step::Key("conference"), Step::Key(f)];
        let named = match c.time_zone_name.as_ref().map(Text::as_str) {
            Some(zone) if !zone.trim().is_empty() => Some(frab::zone(zone).ok_or_else(|| {
                self.error(
                    &conf_path("time_zone_name"),
                    format!(
                        "unknown time zone \"{zone}\" (expected an IANA name such as Europe/Berlin)"
                    ),
                )
            })?),
            _ => None,
        };
        // A few events tell whether the file prints instants (`date` with an offset) or clock
        // times (`start` on the day).
        let mut clock_times = false;
        let mut offsets = Vec::new();
        for e in c
            .days
            .iter()
            .flat_map(|d| d.rooms.0.iter().flat_map(|(_, evs)| evs.iter()))
            .take(8)
        {
            match e.date.as_ref().map(|d| parse_with_offset(d.as_str())) {
                Some(Some(t)) => offsets.push(t),
                _ => clock_times = true,
            }
        }
        let zone_choice = zone::choose(&ZoneClues {
            given: options.tz,
            named,
            places: Vec::new(),
            offsets,
            clock_times,
            ..ZoneClues::default()
        });
        let timezone = zone_choice.zone;
        // The offsets are checked against a zone the file names (or one given that agrees with
        // it); a zone found from them is theirs, and one given that contradicts it says so.
        let check_offsets = named.is_some()
            && zone_choice.overridden.is_none()
            && zone_choice.named_contradicted.is_none();

        let mut days = Vec::with_capacity(c.days.len());
        for (i, d) in c.days.iter().enumerate() {
            let path = [
                Step::Key("schedule"),
                Step::Key("conference"),
                Step::Key("days"),
                Step::Index(i),
                Step::Key("date"),
            ];
            let date =
                NaiveDate::parse_from_str(d.date.as_str().trim(), "%Y-%m-%d").map_err(|_| {
                    self.error(
                        &path,
                        format!("\"{}\" is not a date (YYYY-MM-DD)", d.date.as_str()),
                    )
                })?;
            days.push(date);
        }
        let day_change = day_change(&c.days, timezone);
        let first = days.iter().min().copied();
        let last = days.iter().max().copied();
        let conf_date = |t: &Option<Text<'_>>| {
            t.as_ref()
                .and_then(|t| t.as_str().get(..10))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        let start_date = first.or_else(|| conf_date(&c.start));
        let end_date = last.or_else(|| conf_date(&c.end)).or(start_date);
        let dates_known = start_date.is_some();
        let placeholder = NaiveDate::default();

        let acronym = c.acronym.as_ref().map_or("", Text::as_str);
        let mut b = ScheduleBuilder::new(
            Conference {
                id: if acronym.trim().is_empty() {
                    String::new()
                } else {
                    slug(acronym)
                },
                title: c.title.as_str().to_string(),
                timezone,
                venue: None,
                start_date: start_date.unwrap_or(placeholder),
                end_date: end_date.unwrap_or(placeholder),
                day_change,
                expected_attendance: None,
                url: c.url.as_ref().map(|u| u.as_str().to_string()),
            },
            dates_known,
        );
        b.set_zone(&zone_choice);
        for t in &c.tracks {
            if let Some(name) = &t.name {
                b.add_track(Track {
                    name: name.as_str().to_string(),
                    color: t.color.as_ref().map(|c| c.as_str().to_string()),
                });
            }
        }
        for r in &c.rooms {
            if r.name.as_str().trim().is_empty() {
                continue;
            }
            let recording = r.features.as_ref().and_then(|f| f.recording.as_ref());
            b.add_room(Room {
                name: r.name.as_str().to_string(),
                capacity: r
                    .capacity
                    .filter(|c| c.is_finite() && *c >= 1.0 && *c < f64::from(u32::MAX))
                    .map(|c| c as u32),
                location: Location::default(),
                recorded: recording.and_then(|r| match r.as_str() {
                    "not_recorded_by_default"
                    | "recording_forbidden"
                    | "recording_not_possible" => Some(false),
                    "record_by_default" => Some(true),
                    _ => None,
                }),
            });
        }

        b.reserve_sessions(
            c.days
                .iter()
                .flat_map(|d| d.rooms.0.iter().map(|(_, events)| events.len()))
                .sum(),
        );
        // With no zone named, the offsets are the only clue: one warning says it all.
        let mut offset_warned = !check_offsets;
        let parts: Vec<_> = c
            .days
            .iter()
            .flat_map(|d| d.rooms.0.iter().flat_map(|(_, events)| events))
            .map(|e| {
                (
                    e.abstract_part.as_ref().map(Text::as_str),
                    e.description.as_ref().map(Text::as_str),
                )
            })
            .collect();
        let abstracts = frab::abstract_texts(&parts);
        drop(parts);
        let mut abstracts = abstracts.into_iter();
        for (di, day) in c.days.into_iter().enumerate() {
            let date = days[di];
            for (room_key, events) in day.rooms.0 {
                for (ei, e) in events.into_iter().enumerate() {
                    let at = EventAt {
                        day: di,
                        room: room_key.as_str(),
                        index: ei,
                    };
                    let (mut draft, offset) =
                        self.event(&mut b, e, at, date, day_change, timezone)?;
                    draft.abstract_text = abstracts.next().unwrap_or_default();
                    if let Some(offset) = offset
                        && !offset_warned
                        && offset != draft.start.offset().fix()
                    {
                        offset_warned = true;
                        b.warn(
                            WarningKind::Assumption,
                            format!(
                                "times in the file carry the offset {offset} but its time zone {} is {} then; instants follow the offsets, days follow {}",
                                timezone.name(),
                                draft.start.offset().fix(),
                                timezone.name()
                            ),
                            vec![draft.id.clone()],
                        );
                    }
                    b.add_session(draft);
                }
            }
        }
        Ok(b.build(NAME))
    }

    /// One event as a draft, with the offset its `date` carried (to check the file's zone).
    fn event(
        &self,
        b: &mut ScheduleBuilder,
        e: EventDoc<'_>,
        at: EventAt<'_>,
        date: NaiveDate,
        day_change: NaiveTime,
        zone: Tz,
    ) -> Result<(SessionDraft, Option<FixedOffset>), LoadError> {
        let id = match (&e.id, &e.code, &e.guid) {
            (Some(id), _, _) => id.0.to_string(),
            (None, Some(code), _) => code.as_str().to_string(),
            (None, None, Some(guid)) => guid.as_str().to_string(),
            (None, None, None) => {
                return Err(self.event_error(at, "id", "the event has no id, code or guid"));
            }
        };
        let mut offset = None;
        let start = match (&e.date, &e.start) {
            (Some(d), _) => match DateTime::parse_from_rfc3339(d.as_str().trim()) {
                // Parsed once: the instant and the offset it was printed with.
                Ok(t) => {
                    offset = Some(*t.offset());
                    t.with_timezone(&zone)
                }
                Err(_) => parse_local_or_offset(d.as_str(), zone)
                    .map_err(|err| self.event_error(at, "date", err.to_string()))?,
            },
            (None, Some(s)) => {
                let clock = frab::parse_clock(s.as_str()).ok_or_else(|| {
                    self.event_error(at, "start", format!("\"{}\" is not HH:MM", s.as_str()))
                })?;
                // Before the day change, a start time belongs to the calendar day after.
                let on = if clock < day_change {
                    date.succ_opt().unwrap_or(date)
                } else {
                    date
                };
                resolve_local(on.and_time(clock), zone)
                    .map_err(|err| self.event_error(at, "start", err.to_string()))?
            }
            (None, None) => {
                return Err(self.event_error(at, "date", "the event has no date or start"));
            }
        };
        let end = match (&e.end, &e.duration) {
            (Some(end), _) => parse_local_or_offset(end.as_str(), zone)
                .map_err(|err| self.event_error(at, "end", err.to_string()))?,
            (None, Some(d)) => frab::parse_duration(d.as_str())
                .and_then(|dur| start.checked_add_signed(dur))
                .ok_or_else(|| {
                    self.event_error(
                        at,
                        "duration",
                        format!("\"{}\" is not a duration (HH:MM, H:MM:SS, D:HH:MM, minutes or ISO 8601)", d.as_str()),
                    )
                })?,
            (None, None) => {
                return Err(self.event_error(at, "duration", "the event has no duration or end"));
            }
        };
        let room_name = e.room.as_ref().map_or(at.room, Text::as_str);
        let room = (!room_name.trim().is_empty()).then(|| b.room_named(room_name));
        let track = e.track.as_ref().and_then(|t| b.track_named(t.as_str()));
        let mut draft = SessionDraft::new(id, e.title.0, start, end);
        draft.guid = e.guid.map(|g| g.0.into_owned());
        draft.subtitle = e.subtitle.map(|s| s.0.into_owned());
        draft.kind = self
            .kinds
            .borrow_mut()
            .of(e.kind.as_ref().map_or("", Text::as_str));
        draft.track = track;
        draft.room = room;
        draft.day = Some(date);
        draft.speakers = e
            .persons
            .into_iter()
            .filter_map(|p| {
                let name = p.public_name.or(p.name)?;
                Some(Speaker {
                    name: name.0.into_owned(),
                    company: p.organisation.map(|o| o.0.into_owned()),
                })
            })
            .collect();
        // The abstract is worked out for all events at once (frab::abstract_texts).
        draft.language = e.language.map(|l| l.0.into_owned());
        // `do_not_record: false` says the event may be recorded: it is, unless its room says not.
        draft.recorded = match e.do_not_record {
            Some(true) => Some(false),
            Some(false) => Some(room.and_then(|r| b.room_recorded(r)).unwrap_or(true)),
            None => None,
        };
        draft.url = e.url.map(|u| u.0.into_owned());
        draft.links = self.links(e.feedback_url, e.origin_url, &e.links, &e.attachments);
        Ok((draft, offset))
    }

    /// An event's links besides its page: feedback, its page at the origin (pretalx), `links`
    /// and `attachments`.
    fn links(
        &self,
        feedback: Option<Text<'_>>,
        origin: Option<Text<'_>>,
        links: &serde_json::Value,
        attachments: &serde_json::Value,
    ) -> Vec<Link> {
        let base = self.base.as_deref();
        let mut out: Vec<Link> = feedback
            .map(|u| Link::new(LinkKind::Feedback, "", u.0.into_owned()))
            .into_iter()
            .chain(origin.map(|u| Link::new(LinkKind::Page, "Origin page", u.0.into_owned())))
            .collect();
        out.extend(super::links::references(links, LinkKind::Other, base));
        out.extend(super::links::references(
            attachments,
            LinkKind::Attachment,
            base,
        ));
        out
    }
}

/// The day change from the days' `day_start`/`day_end` spans (`frab::day_change_from_spans`).
fn day_change(docs: &[DayDoc<'_>], zone: Tz) -> NaiveTime {
    let local = |t: &Option<Text<'_>>| {
        t.as_ref()
            .and_then(|t| parse_local_or_offset(t.as_str(), zone).ok())
            .map(|t| t.naive_local())
    };
    frab::day_change_from_spans(
        docs.iter()
            .map(|d| (local(&d.day_start), local(&d.day_end))),
    )
}
