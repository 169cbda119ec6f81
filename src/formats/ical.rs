//! iCalendar import (RFC 5545), as Sched, pretalx and calendar programs export a programme.
//!
//! A hand-written reader: lines are unfolded (CRLF or LF; a line starting with a space or tab
//! continues the one before), properties split into name, parameters and value, TEXT values
//! unescaped and any HTML entities in them decoded (Sched writes `&nbsp\;`). Each `VEVENT` is a
//! session: UID is its id, SUMMARY its title, CATEGORIES its track, LOCATION its room,
//! DESCRIPTION its abstract. Times may be UTC, floating, dates (all-day) or carry a `TZID`, which
//! is resolved as an IANA name, through the file's `VTIMEZONE` (`X-LIC-LOCATION`), or through a
//! table of Windows names and abbreviations; failing all that, UTC with a warning.
//!
//! The conference's zone is `X-WR-TIMEZONE`; when that is UTC or absent, `--tz` (the load
//! options' fallback zone) decides which day a session is on.
//!
//! A calendar hallway wrote itself (its `PRODID`, which comes before any event) holds plain text:
//! it is read literally, without the HTML decoding, so a title such as `<b> & </b>` round-trips,
//! and its `X-HALLWAY-*` properties give back what the standard ones cannot carry: the
//! conference id, day change and venue, and each session's id, conference day, room, kind,
//! speakers and tags (`convert` and `-s` on an export give the schedule it came from).

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::{LoadError, LoadOptions, html, ics_out};
use crate::schedule::time::{parse_zone, resolve_local, resolve_local_forward};
use crate::schedule::zone::{self, ZoneChoice, ZoneClues};
use crate::schedule::{
    Conference, Link, LinkKind, Schedule, ScheduleBuilder, SessionDraft, SessionKind, Speaker,
    WarningKind, slug,
};

/// The format's name in `Schedule::format`.
pub const NAME: &str = "ical";

/// Components nest no deeper than this in any real calendar (VCALENDAR > VEVENT > VALARM).
const MAX_DEPTH: usize = 8;

/// One logical (unfolded) content line and the physical line it began on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub text: Cow<'a, str>,
    pub line: usize,
}

/// Joins folded lines in raw bytes, before decoding: an exporter that folds at 75 octets may cut
/// a multi-byte character in two (`d\xe2` CRLF SPACE `\x80\x99`), which is valid UTF-8 only
/// once the fold is gone.
pub fn unfold_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\n' => 1,
            _ => 0,
        };
        if fold > 0 && matches!(bytes.get(i + fold), Some(b' ' | b'\t')) {
            i += fold + 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Joins folded lines: a line that begins with a space or tab continues the previous one, minus
/// that first character. Both CRLF and LF line ends are accepted; blank lines are dropped.
pub fn unfold(text: &str) -> Vec<Line<'_>> {
    // A folded line is joined once its last piece is known, into a string of its whole size.
    fn join<'t>(lines: &mut [Line<'t>], pieces: &mut Vec<&'t str>) {
        if let Some(last) = lines.last_mut()
            && !pieces.is_empty()
        {
            let mut joined = String::with_capacity(
                last.text.len() + pieces.iter().map(|p| p.len()).sum::<usize>(),
            );
            joined.push_str(&last.text);
            for p in pieces.drain(..) {
                joined.push_str(p);
            }
            last.text = Cow::Owned(joined);
        }
    }
    // About one property per 60 bytes: room for most files without growing.
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(text.len() / 60 + 1);
    let mut pieces: Vec<&str> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && !lines.is_empty()
        {
            pieces.push(rest);
            continue;
        }
        if raw.trim().is_empty() {
            continue;
        }
        join(&mut lines, &mut pieces);
        lines.push(Line {
            text: Cow::Borrowed(raw),
            line: i + 1,
        });
    }
    join(&mut lines, &mut pieces);
    lines
}

/// Undoes TEXT escaping: `\n` (or `\N`) is a newline, `\,` `\;` `\\` the character itself.
pub fn unescape_text(value: &str) -> Cow<'_, str> {
    if !value.contains('\\') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// Splits a TEXT list (CATEGORIES) on its unescaped commas, unescaping each item.
pub fn split_text_list(value: &str) -> Vec<String> {
    split_text(value, ',')
}

/// Splits a TEXT value on an unescaped `sep`, unescaping each part.
fn split_text(value: &str, sep: char) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => current.push('\n'),
                Some(other) => current.push(other),
                None => current.push('\\'),
            },
            c if c == sep => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
}

/// A property: `NAME;PARAM=value:VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Prop<'l> {
    name: &'l str,
    params: Vec<(&'l str, &'l str)>,
    value: &'l str,
    /// Byte offset of the value in the line, for error columns.
    value_at: usize,
}

impl Prop<'_> {
    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim_matches('"'))
    }
}

/// Splits a content line; `None` when it has no `:` outside quotes.
fn parse_prop(line: &str) -> Option<Prop<'_>> {
    let bytes = line.as_bytes();
    let name_end = bytes.iter().position(|&c| c == b';' || c == b':')?;
    let mut params = Vec::new();
    let mut at = name_end;
    while bytes.get(at) == Some(&b';') {
        let start = at + 1;
        let mut quoted = false;
        let mut end = start;
        while end < bytes.len() {
            match bytes[end] {
                b'"' => quoted = !quoted,
                b';' | b':' if !quoted => break,
                _ => {}
            }
            end += 1;
        }
        let param = &line[start..end];
        params.push(param.split_once('=').unwrap_or((param, "")));
        at = end;
    }
    if bytes.get(at) != Some(&b':') {
        return None;
    }
    Some(Prop {
        name: &line[..name_end],
        params,
        value: &line[at + 1..],
        value_at: at + 1,
    })
}

/// A date or date-time property as written.
#[derive(Debug, Clone)]
struct When {
    value: String,
    tzid: Option<String>,
    date_only: bool,
    line: usize,
    column: usize,
}

#[derive(Debug, Default)]
struct EventDoc {
    line: usize,
    uid: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    location: Option<String>,
    categories: Vec<String>,
    url: Option<String>,
    /// ATTACH properties given by address (binary ones are not links).
    attachments: Vec<Link>,
    start: Option<When>,
    end: Option<When>,
    duration: Option<When>,
    /// What hallway's own exports add (X-HALLWAY-*), read only from them.
    own: OwnEvent,
}

/// A session as hallway wrote it into its own export, beside the standard properties.
#[derive(Debug, Default)]
struct OwnEvent {
    id: Option<String>,
    day: Option<NaiveDate>,
    room: Option<String>,
    kind: Option<SessionKind>,
    speakers: Vec<Speaker>,
    tags: Vec<String>,
}

impl EventDoc {
    fn label(&self) -> String {
        match &self.uid {
            Some(uid) => format!("VEVENT {uid}"),
            None => format!("VEVENT at line {}", self.line),
        }
    }
}

#[derive(Debug, Default)]
struct CalendarDoc {
    name: Option<String>,
    /// The product that wrote the file, from PRODID (`-//Sched.com KubeCon …//EN`).
    product: Option<String>,
    description: Option<String>,
    timezone: Option<(String, usize)>,
    /// TZID → X-LIC-LOCATION from the file's VTIMEZONEs.
    zone_locations: HashMap<String, String>,
    events: Vec<EventDoc>,
    /// Written by hallway: text is plain, not HTML, and X-HALLWAY-* properties are read.
    plain_text: bool,
    /// X-HALLWAY-CONFERENCE, X-HALLWAY-DAY-CHANGE, X-HALLWAY-VENUE of hallway's own exports.
    own_id: Option<String>,
    own_day_change: Option<NaiveTime>,
    own_venue: Option<String>,
}

/// Reads an iCalendar document.
pub fn read(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    let cal = parse(name, text)?;
    build(name, cal, options)
}

fn parse(name: &str, text: &str) -> Result<CalendarDoc, LoadError> {
    let mut cal = CalendarDoc::default();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut event: Option<EventDoc> = None;
    let mut tz_id: Option<String> = None;
    let mut tz_location: Option<String> = None;
    for line in unfold(text) {
        let Some(prop) = parse_prop(&line.text) else {
            return Err(LoadError::new(
                name,
                "not an iCalendar content line (expected NAME:VALUE)",
            )
            .at(line.line, 1));
        };
        let value = prop.value.trim();
        if prop.is("BEGIN") {
            if stack.len() >= MAX_DEPTH {
                return Err(LoadError::new(
                    name,
                    format!("components are nested more than {MAX_DEPTH} deep"),
                )
                .at(line.line, 1));
            }
            if stack.is_empty() && !value.eq_ignore_ascii_case("VCALENDAR") {
                return Err(
                    LoadError::new(name, "the file must start with BEGIN:VCALENDAR")
                        .at(line.line, 1),
                );
            }
            let component = value.to_ascii_uppercase();
            if component == "VEVENT" && stack.len() == 1 {
                event = Some(EventDoc {
                    line: line.line,
                    ..EventDoc::default()
                });
            }
            stack.push((component, line.line));
            continue;
        }
        if prop.is("END") {
            let Some((open, open_line)) = stack.pop() else {
                return Err(LoadError::new(
                    name,
                    format!("END:{} closes nothing", crate::text::quote(value)),
                )
                .at(line.line, 1));
            };
            if !open.eq_ignore_ascii_case(value) {
                return Err(LoadError::new(
                    name,
                    format!(
                        "END:{} does not close BEGIN:{open} (line {open_line})",
                        crate::text::quote(value)
                    ),
                )
                .at(line.line, 1));
            }
            match open.as_str() {
                "VEVENT" if stack.len() == 1 => {
                    if let Some(e) = event.take() {
                        cal.events.push(e);
                    }
                }
                "VTIMEZONE" => {
                    if let (Some(id), Some(loc)) = (tz_id.take(), tz_location.take()) {
                        cal.zone_locations.insert(id, loc);
                    }
                }
                _ => {}
            }
            if stack.is_empty() {
                // Anything after END:VCALENDAR is not part of the calendar.
                break;
            }
            continue;
        }
        let here = stack.last().map(|(c, _)| c.as_str());
        match (stack.len(), here) {
            (1, _) => {
                let text = || as_text(value, cal.plain_text);
                if prop.is("PRODID") {
                    cal.plain_text = value == ics_out::PRODID;
                    cal.product = product_name(value);
                } else if prop.is("X-WR-CALNAME") || (prop.is("NAME") && cal.name.is_none()) {
                    cal.name = Some(text());
                } else if prop.is("X-WR-CALDESC") {
                    cal.description = Some(text());
                } else if prop.is("X-WR-TIMEZONE") {
                    cal.timezone = Some((value.to_string(), line.line));
                } else if cal.plain_text && prop.is("X-HALLWAY-CONFERENCE") {
                    cal.own_id = Some(text());
                } else if cal.plain_text && prop.is("X-HALLWAY-DAY-CHANGE") {
                    cal.own_day_change = NaiveTime::parse_from_str(value, "%H:%M").ok();
                } else if cal.plain_text && prop.is("X-HALLWAY-VENUE") {
                    cal.own_venue = Some(text());
                }
            }
            (2, Some("VEVENT")) => {
                if let Some(e) = event.as_mut() {
                    event_prop(e, &prop, line.line, cal.plain_text);
                }
            }
            (2, Some("VTIMEZONE")) => {
                if prop.is("TZID") {
                    tz_id = Some(value.to_string());
                } else if prop.is("X-LIC-LOCATION") {
                    tz_location = Some(value.to_string());
                }
            }
            _ => {}
        }
    }
    if let Some((open, open_line)) = stack.last() {
        let lines = text.lines().count().max(1);
        return Err(LoadError::new(
            name,
            format!("the file ends inside BEGIN:{open} (line {open_line}); is it truncated?"),
        )
        .at(lines, 1));
    }
    Ok(cal)
}

/// A TEXT value unescaped, and turned from HTML into plain text unless the file is plain.
fn as_text(value: &str, plain: bool) -> String {
    let text = unescape_text(value);
    if plain {
        return text.into_owned();
    }
    // Text with neither markup nor entities (most of it) is not copied again.
    let converted = match html::to_plain_cow(&text) {
        Cow::Owned(converted) => Some(converted),
        Cow::Borrowed(_) => None,
    };
    converted.unwrap_or_else(|| text.into_owned())
}

/// Records one property of a VEVENT.
fn event_prop(e: &mut EventDoc, prop: &Prop<'_>, line: usize, plain: bool) {
    let value = prop.value.trim();
    let text = || as_text(value, plain);
    let when = || When {
        value: value.to_string(),
        tzid: prop.param("TZID").map(ToString::to_string),
        date_only: prop
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE")),
        line,
        column: prop.value_at + 1,
    };
    // Names are upper case in nearly every file: copied only when they are not.
    let name = if prop.name.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(prop.name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(prop.name)
    };
    match &*name {
        "UID" => e.uid = Some(unescape_text(value).into_owned()),
        "SUMMARY" => e.summary = Some(text()),
        "DESCRIPTION" => e.description = Some(text()),
        "LOCATION" => e.location = Some(text()),
        "URL" => e.url = Some(value.to_string()),
        // A binary attachment is not a link.
        "ATTACH"
            if !prop
                .param("VALUE")
                .is_some_and(|v| v.eq_ignore_ascii_case("BINARY")) =>
        {
            e.attachments.push(attachment(prop, value));
        }
        "CATEGORIES" => e.categories.extend(
            split_text_list(value)
                .into_iter()
                .map(|c| {
                    if plain {
                        c.trim().to_string()
                    } else {
                        html::decode_entities(c.trim()).into_owned()
                    }
                })
                .filter(|c| !c.is_empty()),
        ),
        "X-HALLWAY-ID" if plain => e.own.id = Some(text()),
        "X-HALLWAY-DAY" if plain => e.own.day = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
        "X-HALLWAY-ROOM" if plain => e.own.room = Some(text()),
        "X-HALLWAY-KIND" if plain => e.own.kind = SessionKind::parse(value),
        "X-HALLWAY-SPEAKER" if plain => {
            let mut parts = split_text(value, ';').into_iter();
            if let Some(name) = parts.next().filter(|n| !n.trim().is_empty()) {
                let company = parts.next().filter(|c| !c.trim().is_empty());
                e.own.speakers.push(Speaker { name, company });
            }
        }
        "X-HALLWAY-TAGS" if plain => e
            .own
            .tags
            .extend(split_text_list(value).into_iter().filter(|t| !t.is_empty())),
        "DTSTART" => e.start = Some(when()),
        "DTEND" => e.end = Some(when()),
        "DURATION" => e.duration = Some(when()),
        _ => {}
    }
}

/// An ATTACH by address: titled by its file name or label parameter; a video or audio
/// FMTTYPE makes it a recording, else its title and address decide (an attachment).
fn attachment(prop: &Prop<'_>, value: &str) -> Link {
    let title = ["FILENAME", "X-FILENAME", "LABEL", "X-LABEL"]
        .iter()
        .find_map(|p| prop.param(p))
        .map(|t| unescape_text(t).into_owned())
        .unwrap_or_default();
    let media = prop.param("FMTTYPE").unwrap_or("").to_ascii_lowercase();
    if media.starts_with("video/") || media.starts_with("audio/") {
        Link::new(LinkKind::Recording, title, value)
    } else {
        Link::guessed(title, value, LinkKind::Attachment)
    }
}

/// Turns TZIDs into zones, remembering which ones it had to guess.
struct Zones<'c> {
    locations: &'c HashMap<String, String>,
    unknown: Vec<String>,
    /// Local times in a daylight-saving gap, moved forward (RFC 5545): what to warn about.
    moved: Vec<String>,
}

impl Zones<'_> {
    fn resolve(&mut self, tzid: &str) -> Tz {
        if let Some(tz) = resolve_tzid(tzid, self.locations) {
            return tz;
        }
        if !self.unknown.iter().any(|u| u == tzid) {
            self.unknown.push(tzid.to_string());
        }
        Tz::UTC
    }
}

/// An IANA zone for a TZID: the name itself (Mozilla-style `/prefix/Europe/Berlin` too), the
/// VTIMEZONE's `X-LIC-LOCATION`, or a well-known Windows name or abbreviation.
fn resolve_tzid(tzid: &str, locations: &HashMap<String, String>) -> Option<Tz> {
    let id = tzid.trim().trim_matches('"');
    if let Ok(tz) = parse_zone(id) {
        return Some(tz);
    }
    // "/citadel.org/20190914_1/Europe/Berlin" and similar: try the last two path parts.
    let parts: Vec<&str> = id.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() > 2
        && let Ok(tz) = parse_zone(&parts[parts.len() - 2..].join("/"))
    {
        return Some(tz);
    }
    if let Some(tz) = locations.get(tzid).and_then(|l| parse_zone(l).ok()) {
        return Some(tz);
    }
    let iana = match id {
        "W. Europe Standard Time" | "CEST" | "MEZ" | "MESZ" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "GMT Standard Time" | "BST" => "Europe/London",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" | "EEST" => "Europe/Helsinki",
        "GTB Standard Time" => "Europe/Bucharest",
        "Russian Standard Time" | "MSK" => "Europe/Moscow",
        "Eastern Standard Time" | "EDT" => "America/New_York",
        "Central Standard Time" | "CDT" => "America/Chicago",
        "Mountain Standard Time" | "MDT" => "America/Denver",
        "US Mountain Standard Time" => "America/Phoenix",
        "Pacific Standard Time" | "PST" | "PDT" => "America/Los_Angeles",
        "Atlantic Standard Time" => "America/Halifax",
        "E. South America Standard Time" => "America/Sao_Paulo",
        "Tokyo Standard Time" | "JST" => "Asia/Tokyo",
        "Korea Standard Time" | "KST" => "Asia/Seoul",
        "China Standard Time" => "Asia/Shanghai",
        "Singapore Standard Time" => "Asia/Singapore",
        "India Standard Time" | "IST" => "Asia/Kolkata",
        "AUS Eastern Standard Time" | "AEST" | "AEDT" => "Australia/Sydney",
        "New Zealand Standard Time" | "NZST" | "NZDT" => "Pacific/Auckland",
        "UTC" | "Coordinated Universal Time" | "Z" | "GMT" => "UTC",
        _ => return None,
    };
    parse_zone(iana).ok()
}

fn build(name: &str, cal: CalendarDoc, options: LoadOptions) -> Result<Schedule, LoadError> {
    let mut zones = Zones {
        locations: &cal.zone_locations,
        unknown: Vec::new(),
        moved: Vec::new(),
    };
    let mut notes: Vec<String> = Vec::new();
    // The venue's zone (schedule::zone): --tz, else X-WR-TIMEZONE when it names a zone other
    // than UTC (Sched writes UTC there whatever the venue), else a place the calendar names
    // (Sched's ", Amsterdam, Netherlands" location suffix, or a city in X-WR-TIMEZONE), else the
    // first TZID; UTC when every time is UTC, floating when the times name no zone at all.
    // A given zone places floating times; UTC and TZID times are instants and never move.
    let suffix = common_suffix(cal.events.iter().filter_map(|e| e.location.as_deref()));
    let declared_name = cal.timezone.as_ref().map(|(z, _)| z.as_str());
    let declared = declared_name.and_then(|z| resolve_tzid(z, &cal.zone_locations));
    let places: Vec<&str> = suffix
        .as_deref()
        .into_iter()
        .chain(declared_name.filter(|_| declared.is_none()))
        .collect();
    let first_tzid = cal
        .events
        .iter()
        .find_map(|e| e.start.as_ref().and_then(|s| s.tzid.clone()));
    let starts = || cal.events.iter().filter_map(|e| e.start.as_ref());
    let floating_time = |s: &When| s.tzid.is_none() && !s.value.trim().ends_with(['Z', 'z']);
    let all_floating = starts().all(|s| floating_time(s) && !s.date_only);
    let mut choice: Option<ZoneChoice> = None;
    let timezone = match (declared, options.tz) {
        (_, Some(given)) => {
            // What the calendar tells, for a given zone to be checked against: its zone name
            // (else the first TZID) and the places it names. Its UTC and TZID times are
            // instants, but say nothing of the venue's zone.
            let named = declared
                .filter(|z| *z != Tz::UTC)
                .or_else(|| {
                    first_tzid
                        .as_deref()
                        .and_then(|t| resolve_tzid(t, &cal.zone_locations))
                })
                .filter(|z| *z != Tz::UTC);
            let given = zone::choose(&ZoneClues {
                given: Some(given),
                named,
                places,
                clock_times: starts().any(floating_time),
                instants: starts().any(|s| !floating_time(s)),
                ..ZoneClues::default()
            });
            let zone = given.zone;
            choice = Some(given);
            zone
        }
        (Some(tz), None) if tz != Tz::UTC => tz,
        _ => {
            let found = zone::choose(&ZoneClues {
                places,
                ..ZoneClues::default()
            });
            if !found.is_floating() {
                let zone = found.zone;
                choice = Some(found);
                zone
            } else if declared == Some(Tz::UTC) {
                notes.push(
                    "the calendar's time zone is UTC (X-WR-TIMEZONE); days are counted in UTC: pass --tz to use the venue's zone".to_string(),
                );
                Tz::UTC
            } else if let Some(name) = declared_name {
                // Not a zone hallway knows: resolve() notes it.
                zones.resolve(name)
            } else if let Some(tzid) = first_tzid {
                zones.resolve(&tzid)
            } else if all_floating && !cal.events.is_empty() {
                choice = Some(found);
                Tz::UTC
            } else {
                notes.push(
                    "the calendar names no time zone; days are counted in UTC: pass --tz to use the venue's zone".to_string(),
                );
                Tz::UTC
            }
        }
    };

    // Sched names its calendars with a slug ("kccnceu2026") and the event in PRODID
    // ("-//Sched.com KubeCon + CloudNativeCon Europe 2026//EN"): prefer the readable one.
    let slug_name = cal
        .name
        .as_deref()
        .is_some_and(|n| !n.trim().contains(char::is_whitespace));
    let title = cal
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .filter(|_| !slug_name || cal.product.is_none())
        .or_else(|| cal.product.clone())
        .or_else(|| cal.description.clone().filter(|d| !d.trim().is_empty()))
        .unwrap_or_else(|| "Calendar".to_string());
    let mut b = ScheduleBuilder::new(
        Conference {
            id: cal.own_id.clone().unwrap_or_default(),
            title,
            timezone,
            venue: cal.own_venue.clone(),
            start_date: NaiveDate::default(),
            end_date: NaiveDate::default(),
            day_change: cal.own_day_change.unwrap_or(NaiveTime::MIN),
            expected_attendance: None,
            url: None,
        },
        false,
    );
    if let Some(choice) = &choice {
        b.set_zone(choice);
    }
    if cal.own_day_change.is_some() {
        // hallway worked the days out itself when it wrote the file (X-HALLWAY-DAY).
        b.trust_day_labels();
    }
    for e in cal.events {
        let label = e.label();
        let err = |w: &When, field: &str, message: String| {
            LoadError::new(name, message)
                .at(w.line, w.column)
                .field(format!("{label}/{field}"))
        };
        let Some(start_w) = &e.start else {
            return Err(LoadError::new(name, "the event has no DTSTART")
                .at(e.line, 1)
                .field(label));
        };
        let start =
            instant(start_w, timezone, &mut zones).map_err(|m| err(start_w, "DTSTART", m))?;
        let end = match (&e.end, &e.duration) {
            (Some(w), _) => instant(w, timezone, &mut zones).map_err(|m| err(w, "DTEND", m))?,
            (None, Some(w)) => parse_duration(&w.value)
                .and_then(|d| start.checked_add_signed(d))
                .ok_or_else(|| {
                    err(
                        w,
                        "DURATION",
                        format!(
                            "\"{}\" is not a duration of at most a year (such as PT45M)",
                            w.value
                        ),
                    )
                })?,
            (None, None) if start_w.date_only => {
                start.checked_add_signed(Duration::days(1)).unwrap_or(start)
            }
            (None, None) => start,
        };
        let title = e.summary.clone().unwrap_or_default();
        let id = e
            .own
            .id
            .clone()
            .or_else(|| e.uid.clone())
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("{}-{}", start.format("%Y%m%dT%H%M"), slug(&title)));
        let room = e
            .own
            .room
            .clone()
            .or_else(|| {
                e.location
                    .as_deref()
                    .map(|l| strip_suffix(l, suffix.as_deref()))
            })
            .filter(|l| !l.trim().is_empty())
            .map(|l| b.room_named(&l));
        let mut categories = e.categories.into_iter();
        let track_name = categories.next();
        let mut draft = SessionDraft::new(id, title, start, end);
        draft.kind = kind_of(track_name.as_deref().unwrap_or(""), &draft.title);
        draft.track = track_name.as_deref().and_then(|t| b.track_named(t));
        draft.tags = categories.collect();
        draft.room = room;
        if let Some(kind) = e.own.kind {
            draft.kind = kind;
        }
        if !e.own.tags.is_empty() {
            draft.tags = e.own.tags;
        }
        draft.speakers = e.own.speakers;
        draft.day = e.own.day;
        draft.abstract_text = e.description.unwrap_or_default();
        draft.url = e.url;
        draft.links = e.attachments;
        b.add_session(draft);
    }
    notes.append(&mut zones.moved);
    for tzid in &zones.unknown {
        notes.push(format!(
            "unknown time zone {} (not an IANA name, and the file's VTIMEZONE does not say); its times are taken as UTC",
            crate::text::quote(tzid)
        ));
    }
    for note in notes {
        b.warn(WarningKind::Assumption, note, Vec::new());
    }
    Ok(b.build(NAME))
}

/// The instant a DTSTART/DTEND names, shown in the conference's zone.
fn instant(w: &When, zone: Tz, zones: &mut Zones<'_>) -> Result<DateTime<Tz>, String> {
    let v = w.value.trim();
    if w.date_only || (v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit())) {
        let date = NaiveDate::parse_from_str(v, "%Y%m%d")
            .map_err(|_| format!("\"{v}\" is not a date (YYYYMMDD)"))?;
        return resolve_local(date.and_time(NaiveTime::MIN), zone).map_err(|e| e.to_string());
    }
    let (local, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (v, false),
    };
    let naive = basic_date_time(local)
        .map_or_else(|| NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S"), Ok)
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M"))
        .map_err(|_| format!("\"{v}\" is not a date-time (YYYYMMDDTHHMMSS, Z for UTC)"))?;
    if utc {
        return Ok(Utc.from_utc_datetime(&naive).with_timezone(&zone));
    }
    let source = w.tzid.as_deref().map_or(zone, |id| zones.resolve(id));
    let (t, moved) = resolve_local_forward(naive, source).map_err(|e| e.to_string())?;
    if let Some(minutes) = moved {
        zones.moved.push(format!(
            "line {}: {} does not exist in {} (the clocks skip it for daylight saving); read as {} (RFC 5545 moves it forward by the {minutes}-minute gap)",
            w.line,
            naive.format("%Y-%m-%d %H:%M"),
            source.name(),
            t.format("%Y-%m-%d %H:%M")
        ));
    }
    Ok(t.with_timezone(&zone))
}

/// `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMM` read digit by digit: what nearly every DTSTART holds,
/// without interpreting a format string twice per event. Anything else (and any value out of
/// range) is `None`, left to chrono's parser.
fn basic_date_time(v: &str) -> Option<NaiveDateTime> {
    let b = v.as_bytes();
    if !(b.len() == 15 || b.len() == 13) || b[8] != b'T' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(4..6)?, num(6..8)?)?;
    let seconds = if b.len() == 15 { num(13..15)? } else { 0 };
    let time = NaiveTime::from_hms_opt(num(9..11)?, num(11..13)?, seconds)?;
    Some(date.and_time(time))
}

/// No session lasts longer than a year; a longer DURATION is a broken file, not a session.
const MAX_DURATION_SECONDS: i64 = 366 * 86_400;

/// Parses an RFC 5545 duration: `PT1H30M`, `P1D`, `P2W`, `-PT5M`.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.strip_prefix(['P', 'p'])?;
    let mut seconds: i64 = 0;
    let mut number = String::new();
    let mut any = false;
    for c in t.chars() {
        match c.to_ascii_uppercase() {
            d if d.is_ascii_digit() => number.push(d),
            'T' if number.is_empty() => {}
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let unit_seconds = match unit {
                    'W' => 7 * 86_400,
                    'D' => 86_400,
                    'H' => 3_600,
                    'M' => 60,
                    'S' => 1,
                    _ => return None,
                };
                // Checked: a file may say `P999999999999999D` (found by fuzzing).
                seconds = seconds.checked_add(n.checked_mul(unit_seconds)?)?;
            }
        }
    }
    if !any || !number.is_empty() || seconds > MAX_DURATION_SECONDS {
        return None;
    }
    Some(Duration::seconds(if negative { -seconds } else { seconds }))
}

/// The kind from the first category, with Sched's "Keynote:" title prefix winning.
fn kind_of(category: &str, title: &str) -> SessionKind {
    let keynote = if title.is_ascii() {
        // The same test without lower-casing a copy of every title.
        let starts = |p: &str| {
            title
                .get(..p.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(p))
        };
        starts("keynote") || starts("sponsored keynote")
    } else {
        let lower = title.to_lowercase();
        lower.starts_with("keynote") || lower.starts_with("sponsored keynote")
    };
    if keynote {
        return SessionKind::Keynote;
    }
    match SessionKind::guess(category) {
        SessionKind::Other => SessionKind::Talk,
        kind => kind,
    }
}

/// The ", City, Country" that most locations end with (Sched appends the venue's address), if
/// more than half share one.
/// The event name in a Sched-style PRODID: `-//Sched.com NAME//EN` → `NAME`.
fn product_name(prodid: &str) -> Option<String> {
    let body = prodid.trim().strip_prefix("-//")?;
    let mut parts = body.split("//");
    let owner = parts.next()?;
    let name = owner.strip_prefix("Sched.com ")?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn common_suffix<'a>(locations: impl Iterator<Item = &'a str>) -> Option<String> {
    let parts: Vec<Vec<&str>> = locations
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    let total = parts
        .iter()
        .filter(|p| p.iter().any(|s| !s.is_empty()))
        .count();
    for k in [2, 1] {
        // Counted by the parts themselves (no part holds a comma, so two suffixes are the same
        // parts exactly when they are the same text): joined only to break a tie.
        let mut counts: HashMap<&[&str], usize> = HashMap::new();
        for p in parts.iter().filter(|p| p.len() > k) {
            *counts.entry(&p[p.len() - k..]).or_default() += 1;
        }
        if let Some((suffix, n)) = counts.into_iter().max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| b.0.join(", ").cmp(&a.0.join(", ")))
        }) && n >= 2
            && n * 2 > total
        {
            return Some(suffix.join(", "));
        }
    }
    None
}

/// The location without the shared suffix, when it has it and something before it.
fn strip_suffix(location: &str, suffix: Option<&str>) -> String {
    let parts: Vec<&str> = location.split(',').map(str::trim).collect();
    if let Some(suffix) = suffix {
        let k = suffix.split(", ").count();
        if parts.len() > k && parts[parts.len() - k..].join(", ") == suffix {
            return parts[..parts.len() - k].join(", ");
        }
    }
    location.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digit-by-digit reading agrees with chrono's format parser where it answers, and
    /// leaves to it everything else.
    #[test]
    fn basic_date_times_read_as_chrono_reads_them() {
        let chrono = |v: &str| {
            NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
                .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M"))
                .ok()
        };
        for v in [
            "20300107T090000",
            "20300107T0900",
            "20241231T235959",
            "20240229T120000",
            "20230229T120000",
            "20300107T240000",
            "20300107T235960",
            "20300107 090000",
            "2030010T7090000",
            "2030-01-07T09:00",
            "20300107T09000",
            "+2030107T090000",
        ] {
            if let Some(fast) = basic_date_time(v) {
                assert_eq!(Some(fast), chrono(v), "{v}");
            }
        }
        assert!(basic_date_time("20300107T090000").is_some());
        assert!(basic_date_time("20300107T0900").is_some());
    }

    #[test]
    fn unfolds_crlf_and_lf_with_space_or_tab() {
        let text =
            "BEGIN:VEVENT\r\nSUMMARY:A long\r\n  title\r\nDESCRIPTION:one\n\ttwo\nEND:VEVENT\n";
        let lines = unfold(text);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_ref()).collect();
        assert_eq!(
            texts,
            [
                "BEGIN:VEVENT",
                "SUMMARY:A long title",
                "DESCRIPTION:onetwo",
                "END:VEVENT"
            ]
        );
        assert_eq!(lines[2].line, 4);
        assert!(matches!(lines[0].text, Cow::Borrowed(_)));
    }

    #[test]
    fn sched_titles_come_from_prodid_when_the_calendar_name_is_a_slug() {
        assert_eq!(
            product_name("-//Sched.com KubeCon + CloudNativeCon Europe 2026//EN").as_deref(),
            Some("KubeCon + CloudNativeCon Europe 2026")
        );
        assert_eq!(
            product_name("-//Google Inc//Google Calendar 70.9054//EN"),
            None
        );
        let cal = |name: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sched.com Big Conf 2026//EN\r\nX-WR-CALNAME:{name}\r\n\
                 BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260322T070000Z\r\nDTEND:20260322T080000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
        };
        let slug = read("s.ics", &cal("bigconf2026"), LoadOptions::default()).unwrap();
        assert_eq!(slug.conference.title, "Big Conf 2026");
        let named = read("s.ics", &cal("Big Conference"), LoadOptions::default()).unwrap();
        assert_eq!(named.conference.title, "Big Conference");
    }

    #[test]
    fn unescapes_text() {
        let cases = [
            (r"a\, b\; c", "a, b; c"),
            (r"line\nnext\Nthird", "line\nnext\nthird"),
            (r"back\\slash", r"back\slash"),
            (r"trailing\", r"trailing\"),
            ("plain", "plain"),
        ];
        for (input, want) in cases {
            assert_eq!(unescape_text(input), want, "{input}");
        }
        assert_eq!(split_text_list(r"A\, B,C"), ["A, B", "C"]);
    }

    #[test]
    fn properties_with_parameters() {
        let p =
            parse_prop("DTSTART;TZID=\"Europe/Berlin\";VALUE=DATE-TIME:20260101T100000").unwrap();
        assert_eq!(p.name, "DTSTART");
        assert_eq!(p.param("tzid"), Some("Europe/Berlin"));
        assert_eq!(p.value, "20260101T100000");
        let p = parse_prop("X-ALT;FMTTYPE=\"text/html;x=1:2\":<p>hi</p>").unwrap();
        assert_eq!(p.value, "<p>hi</p>");
        assert!(parse_prop("no colon here").is_none());
    }

    #[test]
    fn durations_and_zones() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        // Found by fuzzing: an overflowing multiplication, and absurd lengths.
        assert_eq!(parse_duration("PT1H999999999999999D"), None);
        assert_eq!(parse_duration("P9223372036854775807W"), None);
        assert_eq!(parse_duration("P400D"), None);
        assert_eq!(parse_duration("P366D"), Some(Duration::days(366)));
        assert_eq!(parse_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(parse_duration("P1W"), Some(Duration::days(7)));
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("1H"), None);
        let none = HashMap::new();
        let mut locs = HashMap::new();
        locs.insert("Custom".to_string(), "Europe/Paris".to_string());
        let z = |id: &str, l: &HashMap<String, String>| resolve_tzid(id, l).map(Tz::name);
        assert_eq!(z("Europe/Berlin", &none), Some("Europe/Berlin"));
        assert_eq!(z("W. Europe Standard Time", &none), Some("Europe/Berlin"));
        assert_eq!(
            z("/mozilla.org/20050126_1/America/New_York", &none),
            Some("America/New_York")
        );
        assert_eq!(z("Custom", &locs), Some("Europe/Paris"));
        assert_eq!(z("Mars/Olympus", &none), None);
    }

    #[test]
    fn shared_location_suffixes_are_stripped() {
        let locations = [
            "Entrance C, Amsterdam, Netherlands",
            "Hall 12, Amsterdam, Netherlands",
            "Forum, Amsterdam, Netherlands",
            "Strandzuid, Europaplein 22 | 1078 GZ Amsterdam",
        ];
        let suffix = common_suffix(locations.iter().copied());
        assert_eq!(suffix.as_deref(), Some("Amsterdam, Netherlands"));
        assert_eq!(strip_suffix(locations[0], suffix.as_deref()), "Entrance C");
        assert_eq!(strip_suffix(locations[3], suffix.as_deref()), locations[3]);
        assert_eq!(common_suffix(["Room A", "Room B"].into_iter()), None);
    }
}
