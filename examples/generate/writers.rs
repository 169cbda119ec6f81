//! Writers for the published formats hallway reads, used only to make test files: c3voc/pretalx
//! JSON, frab/Pentabarf XML and iCalendar as Sched writes it (UTC times, a "Room, City, Country"
//! location, the track in CATEGORIES). hallway's own format has a real writer,
//! `hallway::formats::native::write`.
//!
//! Shared by `examples/generate` and the benchmarks (`#[path]`), so the files benchmarked are the
//! files the comparison script times.

#![allow(dead_code)]

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use hallway::schedule::{Schedule, Session};
use serde_json::{Map, Value, json};

/// The formats the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Native,
    PretalxJson,
    FrabXml,
    Ical,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Native, Kind::PretalxJson, Kind::FrabXml, Kind::Ical];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Native => "hallway",
            Kind::PretalxJson => "pretalx-json",
            Kind::FrabXml => "frab-xml",
            Kind::Ical => "ical",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Kind::Native | Kind::PretalxJson => "json",
            Kind::FrabXml => "xml",
            Kind::Ical => "ics",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The schedule written in one format.
pub fn write(schedule: &Schedule, kind: Kind) -> String {
    match kind {
        Kind::Native => hallway::formats::native::write(schedule),
        Kind::PretalxJson => pretalx_json(schedule),
        Kind::FrabXml => frab_xml(schedule),
        Kind::Ical => ical(schedule),
    }
}

/// A room's name and its sessions on one day.
type RoomSessions<'a> = (&'a str, Vec<&'a Session>);

/// Sessions grouped by conference day, then by room in room order (rooms with no session that
/// day left out), as frab lays them out.
fn by_day_and_room(schedule: &Schedule) -> Vec<(chrono::NaiveDate, Vec<RoomSessions<'_>>)> {
    schedule
        .days()
        .iter()
        .map(|day| {
            let mut rooms: Vec<Vec<&Session>> = vec![Vec::new(); schedule.rooms.len() + 1];
            for s in &schedule.sessions()[day.range.clone()] {
                rooms[s.room.map_or(schedule.rooms.len(), |r| r.0 as usize)].push(s);
            }
            let rooms = rooms
                .into_iter()
                .enumerate()
                .filter(|(_, list)| !list.is_empty())
                .map(|(r, list)| {
                    let name = schedule.rooms.get(r).map_or("", |room| room.name.as_str());
                    (name, list)
                })
                .collect();
            (day.date, rooms)
        })
        .collect()
}

fn frab_type(s: &Session) -> &'static str {
    use hallway::schedule::SessionKind as K;
    match s.kind {
        K::Keynote => "Keynote",
        K::Talk | K::Other => "Talk",
        K::Panel => "Panel",
        K::Workshop => "Workshop",
        K::Lightning => "Lightning Talk",
        K::Break => "Break",
        K::Social => "Party",
    }
}

fn duration(s: &Session) -> String {
    let m = s.minutes();
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn rfc3339(t: &DateTime<Tz>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// c3voc schedule JSON as pretalx publishes it (`schedule.json`).
pub fn pretalx_json(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let days: Vec<Value> = by_day_and_room(schedule)
        .into_iter()
        .enumerate()
        .map(|(d, (date, rooms))| {
            let mut room_map = Map::new();
            for (name, list) in rooms {
                let events: Vec<Value> = list
                    .into_iter()
                    .map(|s| {
                        let persons: Vec<Value> = s
                            .speakers
                            .iter()
                            .enumerate()
                            .map(|(k, p)| {
                                json!({
                                    "code": format!("P{k:04}"),
                                    "name": p.name,
                                    "public_name": p.name,
                                    "organisation": p.company,
                                    "biography": null,
                                })
                            })
                            .collect();
                        let id = s.id.trim_start_matches('s').parse::<u64>().ok();
                        json!({
                            "guid": s.guid,
                            "code": s.id.to_uppercase(),
                            "id": id.map_or(Value::String(s.id.clone()), Value::from),
                            "logo": null,
                            "date": rfc3339(&s.start),
                            "start": s.start.format("%H:%M").to_string(),
                            "duration": duration(s),
                            "room": name,
                            "slug": format!("{}-{}", c.id, s.id),
                            "url": s.url(),
                            "title": s.title,
                            "subtitle": s.subtitle.clone().unwrap_or_default(),
                            "track": s.track.map(|t| schedule.track(t).name.as_str()),
                            "type": frab_type(s),
                            "language": s.language,
                            "abstract": s.abstract_text,
                            "description": "",
                            "recording_license": "",
                            "do_not_record": s.is_unrecorded(),
                            "persons": persons,
                            "links": [],
                            "attachments": [],
                            "answers": [],
                        })
                    })
                    .collect();
                room_map.insert(name.to_string(), Value::Array(events));
            }
            json!({
                "index": d + 1,
                "date": date.format("%Y-%m-%d").to_string(),
                "day_start": format!("{}T04:00:00{}", date, offset_of(schedule, date)),
                "day_end": format!("{}T03:59:00{}", date.succ_opt().unwrap_or(date), offset_of(schedule, date)),
                "rooms": room_map,
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "hallway examples/generate"},
        "schedule": {
            "url": "https://synthetic.example/schedule/",
            "version": "1.0",
            "base_url": "https://synthetic.example/",
            "conference": {
                "acronym": c.id,
                "title": c.title,
                "start": c.start_date.format("%Y-%m-%d").to_string(),
                "end": c.end_date.format("%Y-%m-%d").to_string(),
                "daysCount": schedule.days().len(),
                "timeslot_duration": "00:05",
                "time_zone_name": c.timezone.name(),
                "colors": {"primary": "#3aa57c"},
                "rooms": schedule.rooms.iter().map(|r| json!({
                    "name": r.name,
                    "guid": null,
                    "description": null,
                    "capacity": r.capacity,
                    "features": {"recording": if r.recorded == Some(false) { "not_recorded_by_default" } else { "record_by_default" }},
                })).collect::<Vec<_>>(),
                "tracks": schedule.tracks.iter().map(|t| json!({
                    "name": t.name,
                    "slug": t.name.to_lowercase().replace(' ', "-"),
                    "color": t.color.clone().unwrap_or_else(|| "#000000".into()),
                })).collect::<Vec<_>>(),
                "days": days,
            }
        }
    });
    let mut out = serde_json::to_string(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// The UTC offset of the conference's zone at noon on a date, as `+01:00`.
fn offset_of(schedule: &Schedule, date: chrono::NaiveDate) -> String {
    use chrono::TimeZone as _;
    let zone = schedule.conference.timezone;
    date.and_hms_opt(12, 0, 0)
        .and_then(|t| zone.from_local_datetime(&t).earliest())
        .map_or_else(|| "+00:00".to_string(), |t| t.format("%:z").to_string())
}

/// XML text with the five special characters escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// frab/Pentabarf schedule XML as FOSDEM publishes it (`schedule.xml`).
pub fn frab_xml(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let mut out = String::with_capacity(schedule.sessions().len() * 1600);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n  <generator name=\"hallway examples/generate\"/>\n  <version>1.0</version>\n  <conference>\n    <acronym>{}</acronym>\n    <title>{}</title>\n    <subtitle/>\n    <venue>Synthetic Convention Centre</venue>\n    <city>Paris</city>\n    <start>{}</start>\n    <end>{}</end>\n    <days>{}</days>\n    <day_change>04:00:00</day_change>\n    <timeslot_duration>00:05:00</timeslot_duration>\n    <time_zone_name>{}</time_zone_name>\n  </conference>\n  <tracks>\n",
        xml(&c.id),
        xml(&c.title),
        c.start_date,
        c.end_date,
        schedule.days().len(),
        c.timezone.name()
    );
    for t in &schedule.tracks {
        let _ = writeln!(out, "    <track>{}</track>", xml(&t.name));
    }
    out.push_str("  </tracks>\n");
    for (d, (date, rooms)) in by_day_and_room(schedule).into_iter().enumerate() {
        let _ = writeln!(
            out,
            "  <day index=\"{}\" date=\"{date}\" start=\"{date}T04:00:00{off}\" end=\"{next}T03:59:00{off}\">",
            d + 1,
            off = offset_of(schedule, date),
            next = date.succ_opt().unwrap_or(date)
        );
        for (room, list) in rooms {
            let _ = writeln!(out, "    <room name=\"{}\">", xml(room));
            for s in list {
                let id = s.id.trim_start_matches('s');
                let _ = write!(
                    out,
                    "      <event guid=\"{}\" id=\"{}\">\n        <date>{}</date>\n        <start>{}</start>\n        <duration>{}</duration>\n        <room>{}</room>\n        <slug>{}-{}</slug>\n        <url>{}</url>\n        <title>{}</title>\n        <subtitle>{}</subtitle>\n        <track>{}</track>\n        <type>{}</type>\n        <language>{}</language>\n        <abstract>{}</abstract>\n        <description></description>\n        <feedback_url/>\n        <persons>\n",
                    xml(s.guid.as_deref().unwrap_or("")),
                    xml(id),
                    rfc3339(&s.start),
                    s.start.format("%H:%M"),
                    duration(s),
                    xml(room),
                    xml(&c.id),
                    xml(&s.id),
                    xml(s.url().unwrap_or("")),
                    xml(&s.title),
                    xml(s.subtitle.as_deref().unwrap_or("")),
                    xml(s.track.map_or("", |t| schedule.track(t).name.as_str())),
                    frab_type(s),
                    xml(s.language.as_deref().unwrap_or("")),
                    // Abstracts are HTML in frab: a paragraph, escaped once more as XML text.
                    xml(&format!("<p>{}</p>", xml(&s.abstract_text))),
                );
                for (k, p) in s.speakers.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "          <person id=\"{k}\">{}</person>",
                        xml(&p.name)
                    );
                }
                out.push_str("        </persons>\n        <links/>\n        <attachments/>\n");
                if s.is_unrecorded() {
                    out.push_str(
                        "        <recording><license/><optout>true</optout></recording>\n",
                    );
                }
                out.push_str("      </event>\n");
            }
            out.push_str("    </room>\n");
        }
        out.push_str("  </day>\n");
    }
    out.push_str("</schedule>\n");
    out
}

/// An iCalendar TEXT value escaped (RFC 5545 3.3.11).
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (never inside a character), with CRLF.
fn ics_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(t: &DateTime<Tz>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// iCalendar as Sched exports a programme: UTC times, `X-WR-TIMEZONE:UTC`, the venue's city
/// and country after every room name, the track in CATEGORIES.
pub fn ical(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let mut out = String::with_capacity(schedule.sessions().len() * 1000);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hallway//examples/generate//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        ics_line(&mut out, line);
    }
    ics_line(&mut out, &format!("X-WR-CALNAME:{}", ics_text(&c.title)));
    ics_line(&mut out, "X-WR-CALDESC:Event Calendar");
    ics_line(&mut out, "X-WR-TIMEZONE:UTC");
    for s in schedule.sessions() {
        ics_line(&mut out, "BEGIN:VEVENT");
        ics_line(&mut out, &format!("DTSTAMP:{}", utc(&s.start)));
        ics_line(&mut out, &format!("DTSTART:{}", utc(&s.start)));
        ics_line(&mut out, &format!("DTEND:{}", utc(&s.end)));
        let mut summary = s.title.clone();
        if !s.speakers.is_empty() {
            let _ = write!(summary, " - {}", s.speaker_names());
        }
        ics_line(&mut out, &format!("SUMMARY:{}", ics_text(&summary)));
        ics_line(
            &mut out,
            &format!("DESCRIPTION:{}", ics_text(&s.abstract_text)),
        );
        if let Some(t) = s.track {
            ics_line(
                &mut out,
                &format!("CATEGORIES:{}", ics_text(&schedule.track(t).name)),
            );
        }
        if let Some(r) = s.room {
            ics_line(
                &mut out,
                &format!(
                    "LOCATION:{}",
                    ics_text(&format!("{}, Paris, France", schedule.room(r).name))
                ),
            );
        }
        ics_line(&mut out, &format!("UID:{}", ics_text(&s.id)));
        if let Some(url) = s.url() {
            ics_line(&mut out, &format!("URL:{url}"));
        }
        ics_line(&mut out, "END:VEVENT");
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}
