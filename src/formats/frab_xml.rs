//! frab/Pentabarf schedule XML, as FOSDEM, frab and pretalx publish it
//! (frab's `schedule.xml.xsd`).
//!
//! `<schedule>` holds a `<conference>`, optional `<tracks>`, and `<day>` elements that group
//! `<room>`s of `<event>`s. The day an event is listed under is its conference day. Abstracts are
//! HTML and become plain text. The reader streams with quick-xml and never expands DTD entities: a
//! document that declares any is refused before anything else is read (no "billion laughs").

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use quick_xml::Reader;
use quick_xml::escape::{EscapeError, resolve_xml_entity, unescape_with};
use quick_xml::events::{BytesStart, Event};

use super::json_locate::line_col;
use super::{LoadError, LoadOptions, frab};
use crate::schedule::time::{parse_local_or_offset, parse_with_offset, resolve_local};
use crate::schedule::zone::{self, ZoneClues};
use crate::schedule::{
    Conference, Link, LinkKind, Schedule, ScheduleBuilder, SessionDraft, Speaker, Track, slug,
};

/// The format's name in `Schedule::format`.
pub const NAME: &str = "frab-xml";

/// A text value and the byte offset of the element it came from.
#[derive(Debug, Clone)]
struct Field<'a> {
    text: Cow<'a, str>,
    pos: usize,
}

impl Field<'_> {
    fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

#[derive(Default)]
struct ConferenceDoc<'a> {
    title: Option<Field<'a>>,
    acronym: Option<Field<'a>>,
    start: Option<Field<'a>>,
    end: Option<Field<'a>>,
    time_zone_name: Option<Field<'a>>,
    day_change: Option<Field<'a>>,
    venue: Option<Field<'a>>,
    city: Option<Field<'a>>,
    url: Option<Field<'a>>,
}

struct DayDoc<'a> {
    date: Option<Field<'a>>,
    start: Option<Field<'a>>,
    end: Option<Field<'a>>,
}

#[derive(Default)]
struct EventDoc<'a> {
    pos: usize,
    day: usize,
    group_room: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    guid: Option<Cow<'a, str>>,
    code: Option<Cow<'a, str>>,
    date: Option<Field<'a>>,
    start: Option<Field<'a>>,
    duration: Option<Field<'a>>,
    room: Option<Field<'a>>,
    title: Option<Field<'a>>,
    subtitle: Option<Field<'a>>,
    track: Option<Field<'a>>,
    kind: Option<Field<'a>>,
    language: Option<Field<'a>>,
    abstract_part: Option<Field<'a>>,
    description: Option<Field<'a>>,
    url: Option<Field<'a>>,
    /// `<feedback_url>`, `<video_download_url>`, `<links>` and `<attachments>`, in file order.
    links: Vec<Link>,
    persons: Vec<Cow<'a, str>>,
    optout: Option<bool>,
}

impl EventDoc<'_> {
    /// `<event id="12">`, as errors name it.
    fn label(&self) -> String {
        match (&self.id, &self.guid) {
            (Some(id), _) => format!("<event id=\"{id}\">"),
            (None, Some(guid)) => format!("<event guid=\"{guid}\">"),
            (None, None) => "<event>".to_string(),
        }
    }
}

#[derive(Default)]
struct Doc<'a> {
    conference: ConferenceDoc<'a>,
    /// Track names and colours, from `<tracks>` or `<conference><track>`.
    tracks: Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>,
    /// Room names in the order the days list them.
    rooms: Vec<Cow<'a, str>>,
    days: Vec<DayDoc<'a>>,
    events: Vec<EventDoc<'a>>,
}

/// Reads a frab/Pentabarf schedule XML document.
pub fn read(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    let mut parser = Parser {
        name,
        text,
        reader: Reader::from_str(text),
        pos: 0,
        doc: Doc::default(),
    };
    parser.document()?;
    let doc = parser.doc;
    Builder {
        name,
        text,
        kinds: std::cell::RefCell::default(),
    }
    .build(&doc, options)
}

struct Parser<'a> {
    name: &'a str,
    text: &'a str,
    reader: Reader<&'a [u8]>,
    /// Byte offset where the last event read began.
    pos: usize,
    doc: Doc<'a>,
}

impl<'a> Parser<'a> {
    fn error(&self, pos: usize, element: &str, message: impl Into<String>) -> LoadError {
        let (line, col) = line_col(self.text, pos);
        let mut err = LoadError::new(self.name, message).at(line, col);
        if !element.is_empty() {
            err = err.field(element);
        }
        err
    }

    fn next(&mut self, element: &str) -> Result<Event<'a>, LoadError> {
        self.pos = self.reader.buffer_position() as usize;
        match self.reader.read_event() {
            Ok(Event::Eof) if !element.is_empty() => Err(self.error(
                self.text.len(),
                element,
                format!("the file ends inside {element} (is it truncated?)"),
            )),
            Ok(Event::DocType(dtd)) if dtd.contains("<!ENTITY") => Err(self.error(
                self.pos,
                "<!DOCTYPE>",
                "the document declares DTD entities; hallway refuses them (they can expand without bound)",
            )),
            Ok(event) => Ok(event),
            Err(e) => {
                let pos = self.reader.error_position() as usize;
                Err(self.error(pos, element, format!("malformed XML: {e}")))
            }
        }
    }

    /// The text of the element just started, entities decoded; CDATA kept as written.
    fn leaf(&mut self, start: &BytesStart<'a>, element: &str) -> Result<Field<'a>, LoadError> {
        let pos = self.pos;
        let raw = self.reader.read_text(start.name()).map_err(|e| {
            let at = (self.reader.error_position() as usize).max(pos);
            if matches!(e, quick_xml::Error::Syntax(_))
                || self.reader.buffer_position() as usize >= self.text.len()
            {
                self.error(
                    at,
                    element,
                    format!("the file ends inside {element} (is it truncated?)"),
                )
            } else {
                self.error(at, element, format!("malformed XML: {e}"))
            }
        })?;
        let text = unescape(raw.into_inner()).map_err(|m| self.error(pos, element, m))?;
        Ok(Field { text, pos })
    }

    /// Skips the element just started, whatever it holds.
    fn skip(&mut self, start: &BytesStart<'a>, element: &str) -> Result<(), LoadError> {
        self.reader
            .read_to_end(start.name())
            .map(|_| ())
            .map_err(|e| {
                let pos = self.reader.error_position() as usize;
                self.error(pos, element, format!("malformed XML: {e}"))
            })
    }

    fn attr(
        &self,
        start: &BytesStart<'a>,
        key: &str,
        element: &str,
    ) -> Result<Option<Cow<'a, str>>, LoadError> {
        for attr in start.attributes() {
            let attr = attr
                .map_err(|e| self.error(self.pos, element, format!("malformed attribute: {e}")))?;
            if attr.key.0 == key {
                // Attribute values borrow from the tag, which may not outlive it: own them.
                return unescape(attr.value)
                    .map(|v| Some(Cow::Owned(v.into_owned())))
                    .map_err(|m| self.error(self.pos, element, m));
            }
        }
        Ok(None)
    }

    fn document(&mut self) -> Result<(), LoadError> {
        loop {
            match self.next("")? {
                Event::Start(e) if e.name().0 == "schedule" => return self.schedule(),
                Event::Start(e) | Event::Empty(e) => {
                    return Err(self.error(
                        self.pos,
                        &format!("<{}>", e.name().0),
                        "the root element must be <schedule> (a frab/Pentabarf schedule)",
                    ));
                }
                Event::Eof => {
                    return Err(self.error(self.text.len(), "", "no <schedule> element"));
                }
                _ => {}
            }
        }
    }

    fn schedule(&mut self) -> Result<(), LoadError> {
        loop {
            match self.next("<schedule>")? {
                Event::Start(e) => match e.name().0 {
                    "conference" => self.conference()?,
                    "tracks" => self.tracks()?,
                    "day" => self.day(&e)?,
                    _ => self.skip(&e, "<schedule>")?,
                },
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }

    fn conference(&mut self) -> Result<(), LoadError> {
        loop {
            match self.next("<conference>")? {
                Event::Start(e) => {
                    let name = e.name().0;
                    let element = format!("<conference>/<{name}>");
                    match name {
                        "title" | "acronym" | "start" | "end" | "time_zone_name" | "day_change"
                        | "venue" | "city" | "url" => {
                            let field = Some(self.leaf(&e, &element)?);
                            let c = &mut self.doc.conference;
                            *match name {
                                "title" => &mut c.title,
                                "acronym" => &mut c.acronym,
                                "start" => &mut c.start,
                                "end" => &mut c.end,
                                "time_zone_name" => &mut c.time_zone_name,
                                "day_change" => &mut c.day_change,
                                "venue" => &mut c.venue,
                                "city" => &mut c.city,
                                _ => &mut c.url,
                            } = field;
                        }
                        "track" => {
                            let track_name = self.attr(&e, "name", &element)?;
                            let color = self.attr(&e, "color", &element)?;
                            let text = self.leaf(&e, &element)?;
                            self.doc
                                .tracks
                                .push((track_name.unwrap_or(text.text), color));
                        }
                        _ => self.skip(&e, &element)?,
                    }
                }
                Event::Empty(e) if e.name().0 == "track" => {
                    let element = "<conference>/<track>";
                    if let Some(name) = self.attr(&e, "name", element)? {
                        let color = self.attr(&e, "color", element)?;
                        self.doc.tracks.push((name, color));
                    }
                }
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }

    fn tracks(&mut self) -> Result<(), LoadError> {
        loop {
            match self.next("<tracks>")? {
                Event::Start(e) if e.name().0 == "track" => {
                    let element = "<tracks>/<track>";
                    let color = self.attr(&e, "color", element)?;
                    let name = self.attr(&e, "name", element)?;
                    let text = self.leaf(&e, element)?;
                    self.doc.tracks.push((name.unwrap_or(text.text), color));
                }
                Event::Start(e) => self.skip(&e, "<tracks>")?,
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }

    fn day(&mut self, start: &BytesStart<'a>) -> Result<(), LoadError> {
        let pos = self.pos;
        let date = self.attr(start, "date", "<day>")?;
        let label = match &date {
            Some(d) => format!("<day date=\"{d}\">"),
            None => "<day>".to_string(),
        };
        let day_start = self.attr(start, "start", &label)?;
        let day_end = self.attr(start, "end", &label)?;
        let index = self.doc.days.len();
        self.doc.days.push(DayDoc {
            date: date.map(|text| Field { text, pos }),
            start: day_start.map(|text| Field { text, pos }),
            end: day_end.map(|text| Field { text, pos }),
        });
        loop {
            match self.next(&label)? {
                Event::Start(e) if e.name().0 == "room" => {
                    let room = self.attr(&e, "name", &label)?;
                    if let Some(r) = &room
                        && !self.doc.rooms.contains(r)
                    {
                        self.doc.rooms.push(r.clone());
                    }
                    self.room(index, room.as_ref())?;
                }
                Event::Start(e) if e.name().0 == "event" => self.event(&e, index, None)?,
                Event::Start(e) => self.skip(&e, &label)?,
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }

    fn room(&mut self, day: usize, room: Option<&Cow<'a, str>>) -> Result<(), LoadError> {
        let label = match room {
            Some(r) => format!("<room name=\"{r}\">"),
            None => "<room>".to_string(),
        };
        loop {
            match self.next(&label)? {
                Event::Start(e) if e.name().0 == "event" => self.event(&e, day, room.cloned())?,
                Event::Start(e) => self.skip(&e, &label)?,
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }

    fn event(
        &mut self,
        start: &BytesStart<'a>,
        day: usize,
        group_room: Option<Cow<'a, str>>,
    ) -> Result<(), LoadError> {
        let mut ev = EventDoc {
            pos: self.pos,
            day,
            group_room,
            ..EventDoc::default()
        };
        ev.id = self.attr(start, "id", "<event>")?;
        ev.guid = self.attr(start, "guid", "<event>")?;
        ev.code = self.attr(start, "code", "<event>")?;
        let label = ev.label();
        loop {
            match self.next(&label)? {
                Event::Start(e) => {
                    let name = e.name().0;
                    let element = format!("{label}/<{name}>");
                    match name {
                        "persons" => self.persons(&mut ev, &element)?,
                        "links" => self.links(&mut ev, &element, LinkKind::Other)?,
                        "attachments" => self.links(&mut ev, &element, LinkKind::Attachment)?,
                        "feedback_url" | "video_download_url" => {
                            let url = self.leaf(&e, &element)?;
                            let kind = if name == "feedback_url" {
                                LinkKind::Feedback
                            } else {
                                LinkKind::Recording
                            };
                            ev.links.push(Link::new(kind, "", url.text.into_owned()));
                        }
                        "recording" => self.recording(&mut ev, &element)?,
                        "date" | "start" | "duration" | "room" | "title" | "subtitle" | "track"
                        | "type" | "language" | "abstract" | "description" | "url" => {
                            let field = Some(self.leaf(&e, &element)?);
                            *match name {
                                "date" => &mut ev.date,
                                "start" => &mut ev.start,
                                "duration" => &mut ev.duration,
                                "room" => &mut ev.room,
                                "title" => &mut ev.title,
                                "subtitle" => &mut ev.subtitle,
                                "track" => &mut ev.track,
                                "type" => &mut ev.kind,
                                "language" => &mut ev.language,
                                "abstract" => &mut ev.abstract_part,
                                "description" => &mut ev.description,
                                _ => &mut ev.url,
                            } = field;
                        }
                        _ => self.skip(&e, &element)?,
                    }
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        self.doc.events.push(ev);
        Ok(())
    }

    fn persons(&mut self, ev: &mut EventDoc<'a>, element: &str) -> Result<(), LoadError> {
        loop {
            match self.next(element)? {
                Event::Start(e) if e.name().0 == "person" => {
                    let person = self.leaf(&e, element)?;
                    if !person.trimmed().is_empty() {
                        ev.persons.push(person.text);
                    }
                }
                Event::Start(e) => self.skip(&e, element)?,
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }

    /// `<links>` or `<attachments>`: `<link href="..." type="...">title</link>` (or
    /// `<attachment ...>`), the kind from `type`, else from the title and address, else
    /// `fallback`. An element without `href` is skipped.
    fn links(
        &mut self,
        ev: &mut EventDoc<'a>,
        element: &str,
        fallback: LinkKind,
    ) -> Result<(), LoadError> {
        loop {
            let (e, has_text) = match self.next(element)? {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) => return Ok(()),
                _ => continue,
            };
            let href = self.attr(&e, "href", element)?;
            let label = self.attr(&e, "type", element)?;
            let title = if has_text {
                self.leaf(&e, element)?.text.into_owned()
            } else {
                String::new()
            };
            let Some(href) = href else {
                continue;
            };
            let href = href.into_owned();
            ev.links
                .push(match label.as_deref().and_then(LinkKind::from_label) {
                    Some(kind) => Link::new(kind, title, href),
                    None => Link::guessed(title, href, fallback),
                });
        }
    }

    fn recording(&mut self, ev: &mut EventDoc<'a>, element: &str) -> Result<(), LoadError> {
        loop {
            match self.next(element)? {
                Event::Start(e) if e.name().0 == "optout" => {
                    let optout = self.leaf(&e, element)?;
                    ev.optout = Some(matches!(optout.trimmed(), "true" | "1"));
                }
                Event::Start(e) => self.skip(&e, element)?,
                Event::End(_) => return Ok(()),
                _ => {}
            }
        }
    }
}

/// Decodes XML's predefined entities and character references (quick-xml's `unescape_with`
/// with the five XML names only); CDATA sections are kept as written. Any other entity is
/// refused: hallway expands no DTD entity.
fn unescape(raw: Cow<'_, str>) -> Result<Cow<'_, str>, String> {
    if !raw.contains('&') && !raw.contains("<![CDATA[") {
        return Ok(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest: &str = &raw;
    while !rest.is_empty() {
        let (text, cdata) = match rest.find("<![CDATA[") {
            Some(at) => (&rest[..at], Some(&rest[at + 9..])),
            None => (rest, None),
        };
        out.push_str(&unescape_with(text, resolve_xml_entity).map_err(|e| entity_error(text, &e))?);
        rest = match cdata {
            Some(after) => {
                let end = after.find("]]>").unwrap_or(after.len());
                out.push_str(&after[..end]);
                after.get(end + 3..).unwrap_or("")
            }
            None => "",
        };
    }
    Ok(Cow::Owned(out))
}

/// What is wrong with an entity, in the words of the old messages (`text` is what was decoded).
fn entity_error(text: &str, e: &EscapeError) -> String {
    match e {
        EscapeError::UnrecognizedEntity(_, name) => {
            format!("unknown entity &{name}; (hallway does not expand DTD entities)")
        }
        EscapeError::UnterminatedEntity(at) => {
            let tail: String = text[at.clone()].chars().take(12).collect();
            format!("an '&' that starts no entity at {tail:?} (write &amp;)")
        }
        EscapeError::InvalidCharRef(why) => format!("invalid character reference: {why}"),
        EscapeError::TooManyNestedEntities => e.to_string(),
    }
}

struct Builder<'t> {
    name: &'t str,
    text: &'t str,
    kinds: std::cell::RefCell<frab::Kinds>,
}

impl Builder<'_> {
    fn error(&self, pos: usize, element: &str, message: impl Into<String>) -> LoadError {
        let (line, col) = line_col(self.text, pos);
        LoadError::new(self.name, message)
            .at(line, col)
            .field(element)
    }

    fn build(&self, doc: &Doc<'_>, options: LoadOptions) -> Result<Schedule, LoadError> {
        let c = &doc.conference;
        let named = match &c.time_zone_name {
            Some(z) if !z.trimmed().is_empty() => {
                Some(frab::zone(z.trimmed()).ok_or_else(|| {
                    self.error(
                    z.pos,
                    "<conference>/<time_zone_name>",
                    format!(
                        "unknown time zone \"{}\" (expected an IANA name such as Europe/Brussels)",
                        z.trimmed()
                    ),
                )
                })?)
            }
            _ => None,
        };
        // The first and last few events: instants (`<date>` with an offset) or clock times.
        let samples = doc
            .events
            .iter()
            .take(4)
            .chain(doc.events.iter().rev().take(4));
        let mut clock_times = false;
        let mut offsets = Vec::new();
        for e in samples {
            match e.date.as_ref().and_then(|d| parse_with_offset(d.trimmed())) {
                Some(t) => offsets.push(t),
                None => clock_times = true,
            }
        }
        let zone_choice = zone::choose(&ZoneClues {
            given: options.tz,
            named,
            places: [&c.city, &c.venue]
                .into_iter()
                .flatten()
                .map(Field::trimmed)
                .collect(),
            offsets,
            clock_times,
            ..ZoneClues::default()
        });
        let timezone = zone_choice.zone;
        let mut dates = Vec::with_capacity(doc.days.len());
        for d in &doc.days {
            let date = match &d.date {
                Some(f) => Some(NaiveDate::parse_from_str(f.trimmed(), "%Y-%m-%d").map_err(
                    |_| {
                        self.error(
                            f.pos,
                            "<day>",
                            format!("date \"{}\" is not YYYY-MM-DD", f.trimmed()),
                        )
                    },
                )?),
                None => None,
            };
            dates.push(date);
        }
        let day_change = match &c.day_change {
            Some(f) => frab::parse_clock(f.trimmed()).ok_or_else(|| {
                self.error(
                    f.pos,
                    "<conference>/<day_change>",
                    format!("\"{}\" is not HH:MM", f.trimmed()),
                )
            })?,
            None => day_change_from_days(&doc.days, timezone),
        };
        let conf_date = |f: &Option<Field<'_>>| {
            f.as_ref()
                .and_then(|f| f.trimmed().get(..10))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        let start_date = dates
            .iter()
            .flatten()
            .min()
            .copied()
            .or_else(|| conf_date(&c.start));
        let end_date = dates
            .iter()
            .flatten()
            .max()
            .copied()
            .or_else(|| conf_date(&c.end))
            .or(start_date);
        let venue = match (&c.venue, &c.city) {
            (Some(v), Some(city)) if !v.trimmed().is_empty() && !city.trimmed().is_empty() => {
                Some(format!("{}, {}", v.trimmed(), city.trimmed()))
            }
            (Some(v), _) if !v.trimmed().is_empty() => Some(v.trimmed().to_string()),
            (_, Some(city)) if !city.trimmed().is_empty() => Some(city.trimmed().to_string()),
            _ => None,
        };
        let acronym = c.acronym.as_ref().map_or("", Field::trimmed);
        let title = c
            .title
            .as_ref()
            .map(|t| t.trimmed().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| acronym.to_string());
        let mut b = ScheduleBuilder::new(
            Conference {
                id: if acronym.is_empty() {
                    String::new()
                } else {
                    slug(acronym)
                },
                title,
                timezone,
                venue,
                start_date: start_date.unwrap_or_default(),
                end_date: end_date.unwrap_or_default(),
                day_change,
                expected_attendance: None,
                url: c.url.as_ref().map(|u| u.trimmed().to_string()),
            },
            start_date.is_some(),
        );
        b.set_zone(&zone_choice);
        for (name, color) in &doc.tracks {
            if !name.trim().is_empty() {
                b.add_track(Track {
                    name: name.to_string(),
                    color: color.as_ref().map(ToString::to_string),
                });
            }
        }
        for room in &doc.rooms {
            if !room.trim().is_empty() {
                b.room_named(room);
            }
        }
        let parts: Vec<_> = doc
            .events
            .iter()
            .map(|ev| {
                (
                    ev.abstract_part.as_ref().map(|f| f.text.as_ref()),
                    ev.description.as_ref().map(|f| f.text.as_ref()),
                )
            })
            .collect();
        let abstracts = frab::abstract_texts(&parts);
        for (ev, abstract_text) in doc.events.iter().zip(abstracts) {
            let mut draft = self.event(&mut b, ev, &doc.days, &dates, day_change, timezone)?;
            draft.abstract_text = abstract_text;
            b.add_session(draft);
        }
        Ok(b.build(NAME))
    }

    fn event(
        &self,
        b: &mut ScheduleBuilder,
        ev: &EventDoc<'_>,
        days: &[DayDoc<'_>],
        dates: &[Option<NaiveDate>],
        day_change: NaiveTime,
        zone: Tz,
    ) -> Result<SessionDraft, LoadError> {
        let label = ev.label();
        let child = |name: &str| format!("{label}/<{name}>");
        let id = ev
            .id
            .as_deref()
            .or(ev.code.as_deref())
            .or(ev.guid.as_deref())
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| self.error(ev.pos, "<event>", "the event has no id, code or guid"))?
            .to_string();
        let day = dates.get(ev.day).copied().flatten();
        let start = match (&ev.date, &ev.start) {
            (Some(d), _) if !d.trimmed().is_empty() => parse_local_or_offset(d.trimmed(), zone)
                .map_err(|e| self.error(d.pos, &child("date"), e.to_string()))?,
            (_, Some(s)) => {
                let clock = frab::parse_clock(s.trimmed()).ok_or_else(|| {
                    self.error(
                        s.pos,
                        &child("start"),
                        format!("\"{}\" is not HH:MM", s.trimmed()),
                    )
                })?;
                let Some(date) = day else {
                    let pos = days.get(ev.day).map_or(ev.pos, |_| s.pos);
                    return Err(self.error(
                        pos,
                        &child("start"),
                        "the event has no <date> and its <day> no date attribute",
                    ));
                };
                let on = if clock < day_change {
                    date.succ_opt().unwrap_or(date)
                } else {
                    date
                };
                resolve_local(on.and_time(clock), zone)
                    .map_err(|e| self.error(s.pos, &child("start"), e.to_string()))?
            }
            _ => {
                return Err(self.error(ev.pos, &label, "the event has no <date> or <start>"));
            }
        };
        let duration = ev
            .duration
            .as_ref()
            .ok_or_else(|| self.error(ev.pos, &label, "the event has no <duration>"))?;
        let end = frab::parse_duration(duration.trimmed())
            .and_then(|d| start.checked_add_signed(d))
            .ok_or_else(|| {
                self.error(
                    duration.pos,
                    &child("duration"),
                    format!(
                        "\"{}\" is not a duration (HH:MM, H:MM:SS, D:HH:MM, minutes or ISO 8601)",
                        duration.trimmed()
                    ),
                )
            })?;
        let title = ev
            .title
            .as_ref()
            .map(|t| t.text.to_string())
            .unwrap_or_default();
        let room_name = ev
            .room
            .as_ref()
            .map(Field::trimmed)
            .filter(|r| !r.is_empty())
            .or(ev.group_room.as_deref().map(str::trim))
            .filter(|r| !r.is_empty());
        let text = |f: &Option<Field<'_>>| f.as_ref().map(|f| f.text.to_string());
        let mut draft = SessionDraft::new(id, title, start, end);
        draft.guid = ev.guid.as_deref().map(ToString::to_string);
        draft.subtitle = text(&ev.subtitle);
        draft.kind = self
            .kinds
            .borrow_mut()
            .of(ev.kind.as_ref().map_or("", Field::trimmed));
        draft.track = ev.track.as_ref().and_then(|t| b.track_named(&t.text));
        draft.room = room_name.map(|r| b.room_named(r));
        draft.day = day;
        draft.speakers = ev
            .persons
            .iter()
            .map(|p| Speaker {
                name: p.to_string(),
                company: None,
            })
            .collect();
        // The abstract is worked out for all events at once (frab::abstract_texts).
        draft.language = text(&ev.language);
        draft.recorded = ev.optout.map(|out| !out);
        draft.url = text(&ev.url);
        draft.links.clone_from(&ev.links);
        Ok(draft)
    }
}

/// The day change from the `<day start end>` spans (`frab::day_change_from_spans`).
fn day_change_from_days(days: &[DayDoc<'_>], zone: Tz) -> NaiveTime {
    let local = |f: &Option<Field<'_>>| {
        f.as_ref()
            .and_then(|f| parse_local_or_offset(f.trimmed(), zone).ok())
            .map(|t| t.naive_local())
    };
    frab::day_change_from_spans(days.iter().map(|d| (local(&d.start), local(&d.end))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_predefined_entities_and_cdata() {
        let u = |s: &str| unescape(Cow::Borrowed(s)).map(Cow::into_owned);
        assert_eq!(u("a &amp; b &lt;p&gt;").unwrap(), "a & b <p>");
        assert_eq!(u("&#233;&#xE9;").unwrap(), "éé");
        assert_eq!(u("<![CDATA[<b>&amp;</b>]]> x").unwrap(), "<b>&amp;</b> x");
        assert!(u("&lol9;").unwrap_err().contains("unknown entity &lol9;"));
        // HTML names are not XML: FOSDEM escapes its HTML (`&amp;nbsp;`), so a bare one is refused.
        assert!(u("a&nbsp;b").unwrap_err().contains("unknown entity &nbsp;"));
        assert!(u("Q & A").unwrap_err().contains("(write &amp;)"));
        assert!(
            u("&#0;")
                .unwrap_err()
                .contains("invalid character reference")
        );
        assert!(
            u("&#x110000;")
                .unwrap_err()
                .contains("invalid character reference")
        );
        assert_eq!(
            u("a<![CDATA[&]]>b &amp; <![CDATA[x]]>&#x41;<![CDATA[open").unwrap(),
            "a&b & xAopen"
        );
        assert!(matches!(
            unescape(Cow::Borrowed("plain")),
            Ok(Cow::Borrowed(_))
        ));
    }
}
