//! iCalendar export (RFC 5545): the attendee's sessions for a phone or desktop calendar.
//!
//! A hand-written writer, small enough to check line by line against the RFC: CRLF line ends,
//! lines folded at 75 octets without ever splitting a UTF-8 character, TEXT values escaped
//! (`\\`, `\;`, `\,`, `\n`), and every value stripped of control characters as a last defence,
//! so that no title can start a property of its own (text is already cleaned at import).
//!
//! Instants are written in UTC (`...Z`), so no VTIMEZONE is needed and every client agrees on
//! them; `X-WR-TIMEZONE` names the venue's zone for clients (and hallway's importer) that want
//! it. Each session's UID is derived from its id and the conference id, so a re-export updates
//! the events imported before; SEQUENCE grows when the schedule changed a session the attendee
//! follows (see `plan::changes::sequence`). `X-HALLWAY-*` properties, which clients ignore,
//! carry what hallway's importer needs to read the export back as the schedule it came from.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::plan::Agenda;
use crate::plan::changes::sequence;
use crate::schedule::{Schedule, Session};
use crate::text::clean;

/// How hallway names itself in `PRODID`; its importer reads text from such files literally.
pub const PRODID: &str = "-//hallway//hallway conference planner//EN";

/// The longest content line, in octets, before folding (RFC 5545 §3.1).
const FOLD_AT: usize = 75;

/// What to export and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Every session of the schedule, rather than the starred ones.
    pub all: bool,
    /// A reminder this many minutes before each session.
    pub alarm_minutes: Option<u32>,
    /// When the calendar is written (DTSTAMP); injected so output is reproducible.
    pub now: DateTime<Utc>,
}

/// Writes the calendar.
pub fn write(schedule: &Schedule, agenda: &Agenda, options: &Options) -> String {
    let c = &schedule.conference;
    let mut w = Writer::default();
    w.raw("BEGIN", "VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw("PRODID", PRODID);
    w.raw("METHOD", "PUBLISH");
    w.raw("CALSCALE", "GREGORIAN");
    w.text("X-WR-CALNAME", &c.title);
    // Floating times (no zone known) go out floating: no X-WR-TIMEZONE, no Z, no TZID, so a
    // calendar shows them as printed instead of moving them by the phone's offset.
    if !schedule.floating {
        w.raw("X-WR-TIMEZONE", c.timezone.name());
    }
    // What hallway's own importer needs to read the file back as it was (clients ignore X-
    // properties, RFC 5545 §3.8.8.2): the conference id, when its days change, the venue.
    w.text("X-HALLWAY-CONFERENCE", &c.id);
    w.raw(
        "X-HALLWAY-DAY-CHANGE",
        &c.day_change.format("%H:%M").to_string(),
    );
    if let Some(venue) = c.venue.as_deref().filter(|v| !v.is_empty()) {
        w.text("X-HALLWAY-VENUE", venue);
    }
    let stamp = utc(options.now);
    for s in schedule.sessions() {
        if options.all || agenda.is_starred(&s.id) {
            event(&mut w, schedule, agenda, s, &stamp, options.alarm_minutes);
        }
    }
    // A starred session the schedule dropped goes out as cancelled, from how it was last seen,
    // so a calendar that imported it before removes it on the next import.
    for (id, seen) in &agenda.seen {
        if agenda.is_starred(id) && schedule.find(id).is_none() {
            cancelled(&mut w, &c.id, id, seen, &stamp);
        }
    }
    w.raw("END", "VCALENDAR");
    w.out
}

/// How many sessions [`write`] exports with these options.
pub fn count(schedule: &Schedule, agenda: &Agenda, all: bool) -> usize {
    schedule
        .sessions()
        .iter()
        .filter(|s| all || agenda.is_starred(&s.id))
        .count()
}

fn event(
    w: &mut Writer,
    schedule: &Schedule,
    agenda: &Agenda,
    s: &Session,
    stamp: &str,
    alarm: Option<u32>,
) {
    let c = &schedule.conference;
    w.raw("BEGIN", "VEVENT");
    w.raw("UID", &uid(&s.id, &c.id));
    w.raw("DTSTAMP", stamp);
    let at = |t: &DateTime<chrono_tz::Tz>| {
        if schedule.floating {
            t.format("%Y%m%dT%H%M%S").to_string()
        } else {
            utc(t.to_utc())
        }
    };
    w.raw("DTSTART", &at(&s.start));
    // DTEND must be later than DTSTART (RFC 5545 §3.8.2.2); without it a date-time event ends
    // when it starts (§3.6.1). So a session of no length (or one that ends before it starts, a
    // data error warned about at load) is written without DTEND rather than as an invalid event.
    if s.end > s.start {
        w.raw("DTEND", &at(&s.end));
    }
    w.raw("SEQUENCE", &sequence(schedule, agenda, s).to_string());
    w.text("SUMMARY", &s.title);
    let location: Vec<&str> = [schedule.room_name(s), c.venue.as_deref().unwrap_or("")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if !location.is_empty() {
        w.text("LOCATION", &location.join(", "));
    }
    let description = description(s, agenda.note(&s.id));
    if !description.is_empty() {
        w.text("DESCRIPTION", &description);
    }
    let track = schedule.track_name(s);
    if !track.is_empty() {
        w.text("CATEGORIES", track);
    }
    if let Some(url) = s.url().filter(|u| is_web_url(u)) {
        w.raw("URL", url);
    }
    // The session as hallway holds it, for reading the export back losslessly: the id (the
    // UID is percent-encoded and carries the conference), the conference day (a night session
    // belongs to the day before), the room alone (LOCATION adds the venue), kind and speakers.
    w.text("X-HALLWAY-ID", &s.id);
    w.raw("X-HALLWAY-DAY", &s.day.format("%Y-%m-%d").to_string());
    let room = schedule.room_name(s);
    if !room.is_empty() {
        w.text("X-HALLWAY-ROOM", room);
    }
    w.raw("X-HALLWAY-KIND", s.kind.as_str());
    for p in &s.speakers {
        // Name and company as a structured TEXT value: escaped parts joined by a bare ';'.
        let mut value = escape_text(&p.name);
        if let Some(company) = &p.company {
            value.push(';');
            value.push_str(&escape_text(company));
        }
        w.raw("X-HALLWAY-SPEAKER", &value);
    }
    if !s.tags.is_empty() {
        let tags: Vec<String> = s.tags.iter().map(|t| escape_text(t)).collect();
        w.raw("X-HALLWAY-TAGS", &tags.join(","));
    }
    if let Some(minutes) = alarm {
        w.raw("BEGIN", "VALARM");
        w.raw("ACTION", "DISPLAY");
        w.text("DESCRIPTION", &s.title);
        w.raw("TRIGGER", &format!("-PT{minutes}M"));
        w.raw("END", "VALARM");
    }
    w.raw("END", "VEVENT");
}

/// A VEVENT with STATUS:CANCELLED for a starred session no longer in the schedule; its SEQUENCE
/// is one past the last one exported, so clients take it as the newer version.
fn cancelled(
    w: &mut Writer,
    conference_id: &str,
    id: &str,
    seen: &crate::plan::agenda::Seen,
    stamp: &str,
) {
    w.raw("BEGIN", "VEVENT");
    w.raw("UID", &uid(id, conference_id));
    w.raw("DTSTAMP", stamp);
    w.raw("DTSTART", &utc(seen.start.to_utc()));
    if seen.end > seen.start {
        w.raw("DTEND", &utc(seen.end.to_utc()));
    }
    w.raw("SEQUENCE", &(seen.revision + 1).to_string());
    w.raw("STATUS", "CANCELLED");
    w.text("SUMMARY", &format!("Cancelled: {}", seen.title));
    if let Some(room) = &seen.room {
        w.text("LOCATION", room);
    }
    w.raw("END", "VEVENT");
}

/// Speakers (with companies), subtitle, abstract, link and the attendee's note, as paragraphs.
fn description(s: &Session, note: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(subtitle) = &s.subtitle {
        parts.push(subtitle.clone());
    }
    if !s.speakers.is_empty() {
        let names: Vec<String> = s
            .speakers
            .iter()
            .map(|p| match &p.company {
                Some(company) => format!("{} ({company})", p.name),
                None => p.name.clone(),
            })
            .collect();
        parts.push(format!("Speakers: {}", names.join(", ")));
    }
    if !s.abstract_text.is_empty() {
        parts.push(s.abstract_text.clone());
    }
    if let Some(url) = s.url() {
        parts.push(url.to_string());
    }
    if let Some(note) = note.map(|n| clean(n.trim())).filter(|n| !n.is_empty()) {
        parts.push(format!("My notes:\n{note}"));
    }
    parts.join("\n\n")
}

/// A UID stable across exports: `<session-id>@<conference-id>.hallway`, each part
/// percent-encoded outside letters, digits and `-._~`, so any id gives a valid, unique UID.
pub fn uid(session_id: &str, conference_id: &str) -> String {
    format!(
        "{}@{}.hallway",
        percent_encode(session_id),
        percent_encode(conference_id)
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Whether a link can be a URI value as it is (http or https, nothing that needs quoting).
fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
}

/// `20240320T100000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11); control characters other than newline and tab are
/// dropped, a CR included, so a value can never end its line.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded: at most 75 octets per line, continuation lines starting with
/// a space, never inside a UTF-8 character.
pub fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = FOLD_AT;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts towards the 75.
        room = FOLD_AT - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// A property whose value is not TEXT (dates, numbers, UIDs, URIs): controls are dropped.
    fn raw(&mut self, name: &str, value: &str) {
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        push_folded(&mut self.out, &format!("{name}:{value}"));
    }

    /// A TEXT property.
    fn text(&mut self, name: &str, value: &str) {
        push_folded(&mut self.out, &format!("{name}:{}", escape_text(value)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        push_folded(&mut out, line);
        out
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("SUMMARY:hi"), "SUMMARY:hi\r\n");
        let exact = format!("SUMMARY:{}", "x".repeat(75 - 8));
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let cases = [
            format!("SUMMARY:{}", "a".repeat(300)),
            format!("SUMMARY:{}", "é".repeat(100)),
            format!("SUMMARY:{}", "🦀".repeat(60)),
            format!("SUMMARY:x{}", "東京".repeat(50)),
        ];
        for line in cases {
            let out = folded(&line);
            assert!(out.ends_with("\r\n"));
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(physical.len() > 1);
            for (i, p) in physical.iter().enumerate() {
                assert!(p.len() <= 75, "line {i} is {} octets", p.len());
                assert_eq!(i > 0, p.starts_with(' '));
            }
            let unfolded: String = physical
                .iter()
                .enumerate()
                .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
                .collect();
            assert_eq!(unfolded, line);
        }
    }

    #[test]
    fn text_is_escaped_and_cannot_break_its_line() {
        let cases = [
            ("a, b; c", "a\\, b\\; c"),
            ("back\\slash", "back\\\\slash"),
            ("two\nlines", "two\\nlines"),
            ("evil\r\nATTENDEE:mailto:x", "evil\\nATTENDEE:mailto:x"),
            ("bell\u{7}\u{1b}[2J", "bell[2J"),
            ("tab\there", "tab\there"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_text(input), want, "{input:?}");
        }
    }

    #[test]
    fn uids_are_stable_and_safe() {
        assert_eq!(
            uid("kc24-0137", "kubecon-eu-2024"),
            "kc24-0137@kubecon-eu-2024.hallway"
        );
        assert_eq!(uid("a b@c;d", "x/y"), "a%20b%40c%3Bd@x%2Fy.hallway");
        assert_eq!(uid("é", "c"), "%C3%A9@c.hallway");
    }

    #[test]
    fn sessions_of_no_length_have_no_dtend() {
        use crate::schedule::{Conference, ScheduleBuilder, SessionDraft};
        use chrono::{NaiveDate, NaiveTime, TimeZone};
        let tz = chrono_tz::Europe::Paris;
        let mut b = ScheduleBuilder::new(
            Conference {
                id: "c".into(),
                title: "C".into(),
                timezone: tz,
                venue: None,
                start_date: NaiveDate::default(),
                end_date: NaiveDate::default(),
                day_change: NaiveTime::MIN,
                expected_attendance: None,
                url: None,
            },
            false,
        );
        let at = |h| tz.with_ymd_and_hms(2024, 3, 20, h, 0, 0).unwrap();
        b.add_session(SessionDraft::new("zero", "Zero", at(10), at(10)));
        b.add_session(SessionDraft::new("backwards", "Backwards", at(12), at(11)));
        b.add_session(SessionDraft::new("hour", "Hour", at(13), at(14)));
        let sch = b.build("hallway");
        let ics = write(
            &sch,
            &Agenda::new("c"),
            &Options {
                all: true,
                alarm_minutes: None,
                now: at(9).to_utc(),
            },
        );
        assert_eq!(ics.matches("DTSTART:").count(), 3);
        assert_eq!(ics.matches("DTEND:").count(), 1);
        assert!(ics.contains("DTSTART:20240320T120000Z\r\nDTEND:20240320T130000Z\r\n"));
    }

    #[test]
    fn only_plain_web_links_are_urls() {
        assert!(is_web_url("https://example.org/a?b=c"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://example.org/a b"));
    }
}
