//! c3voc schedule 2.0 JSON, as the CCC hub publishes it: a flat `schedule.events[]`, rooms with
//! `capacity` in `conference.rooms[]`, `participants` with roles, track objects, links, and
//! `do_not_record` per event. Recognised by content: a `"schedule"` object with an `"events"`
//! array (schedule 1.0 nests its events in days and rooms).

use chrono::NaiveDate;
use serde_json::Value;

use super::{LoadError, LoadOptions, frab};
use crate::schedule::time::{parse_local_or_offset, parse_with_offset};
use crate::schedule::zone::{self, ZoneClues};
use crate::schedule::{
    Conference, Link, LinkKind, Location, Room, Schedule, ScheduleBuilder, SessionDraft,
    SessionKind, Speaker, Track, slug,
};

/// The format's name in `Schedule::format`.
pub const NAME: &str = "c3voc-schedule2";

/// Whether a `"schedule"` JSON document is schedule 2.0: it has a key `"events"` (1.0 has none).
pub fn looks_like(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"\"events\"")
        .any(|at| at == 0 || text.as_bytes()[at - 1] != b'\\')
}

/// An event's links besides its page: `feedback_url`, `origin_url` (its page where it was
/// submitted), `links` and `attachments` (relative addresses against the schedule's base).
fn event_links(e: &Value, base: Option<&str>) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    if let Some(url) = s(&e["feedback_url"]) {
        out.push(Link::new(LinkKind::Feedback, "", url));
    }
    if let Some(url) = s(&e["origin_url"]) {
        out.push(Link::new(LinkKind::Page, "Origin page", url));
    }
    out.extend(super::links::references(&e["links"], LinkKind::Other, base));
    out.extend(super::links::references(
        &e["attachments"],
        LinkKind::Attachment,
        base,
    ));
    out
}

/// A non-blank string value, trimmed.
fn s(v: &Value) -> Option<&str> {
    v.as_str().map(str::trim).filter(|t| !t.is_empty())
}

/// Reads a schedule 2.0 document.
pub fn read(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    let doc: Value = super::parse_json_value(name, text)?;
    let err =
        |field: String, message: String| super::json_locate::error_at(name, text, field, message);
    let sch = &doc["schedule"];
    let c = &sch["conference"];

    let named = match s(&c["time_zone_name"]) {
        Some(z) => Some(frab::zone(z).ok_or_else(|| {
            err(
                "schedule.conference.time_zone_name".into(),
                format!("unknown time zone \"{z}\" (expected an IANA name such as Europe/Berlin)"),
            )
        })?),
        None => None,
    };
    let events = sch["events"].as_array().map_or(&[][..], Vec::as_slice);
    let samples = events
        .iter()
        .take(8)
        .map(|e| s(&e["start"]).and_then(parse_with_offset));
    let choice = zone::choose(&ZoneClues {
        given: options.tz,
        named,
        places: Vec::new(),
        clock_times: samples.clone().any(|t| t.is_none()),
        offsets: samples.flatten().collect(),
        ..ZoneClues::default()
    });
    let timezone = choice.zone;
    let date = |v: &Value| {
        s(v).and_then(|t| t.get(..10))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let days = c["days"].as_array().map_or(&[][..], Vec::as_slice);
    let spans = days.iter().map(|d| {
        let local = |v: &Value| {
            s(v).and_then(|t| parse_local_or_offset(t, timezone).ok())
                .map(|t| t.naive_local())
        };
        (local(&d["start"]), local(&d["end"]))
    });
    let day_change = frab::day_change_from_spans(spans);
    let start_date = days
        .iter()
        .filter_map(|d| date(&d["date"]))
        .min()
        .or_else(|| date(&c["start"]));
    let end_date = days
        .iter()
        .filter_map(|d| date(&d["date"]))
        .max()
        .or_else(|| date(&c["end"]));
    let acronym = s(&c["acronym"]).unwrap_or("");
    let mut b = ScheduleBuilder::new(
        Conference {
            id: if acronym.is_empty() {
                String::new()
            } else {
                slug(acronym)
            },
            title: s(&c["title"]).unwrap_or(acronym).to_string(),
            timezone,
            venue: None,
            start_date: start_date.unwrap_or_default(),
            end_date: end_date.or(start_date).unwrap_or_default(),
            day_change,
            expected_attendance: None,
            url: s(&c["url"]).map(ToString::to_string),
        },
        start_date.is_some(),
    );
    b.set_zone(&choice);
    // Tracks are referenced by slug; rooms by guid (or name).
    let mut track_names: Vec<(String, String)> = Vec::new();
    for t in c["tracks"].as_array().map_or(&[][..], Vec::as_slice) {
        if let Some(name) = s(&t["name"]) {
            b.add_track(Track {
                name: name.to_string(),
                color: s(&t["color"]).map(ToString::to_string),
            });
            let key = s(&t["slug"]).unwrap_or(name);
            track_names.push((key.to_string(), name.to_string()));
        }
    }
    let mut room_keys: Vec<(String, crate::schedule::RoomId)> = Vec::new();
    for r in c["rooms"].as_array().map_or(&[][..], Vec::as_slice) {
        let Some(room_name) = s(&r["name"]) else {
            continue;
        };
        let recorded = s(&r["features"]["recording"]).and_then(|f| match f {
            "not_recorded_by_default" | "recording_forbidden" | "recording_not_possible" => {
                Some(false)
            }
            "record_by_default" => Some(true),
            _ => None,
        });
        let id = b.add_room(Room {
            name: room_name.to_string(),
            capacity: r["capacity"]
                .as_f64()
                .filter(|c| c.is_finite() && *c >= 1.0 && *c < f64::from(u32::MAX))
                .map(|c| c as u32),
            location: Location::default(),
            recorded,
        });
        for key in [s(&r["guid"]), s(&r["slug"]), Some(room_name)]
            .into_iter()
            .flatten()
        {
            room_keys.push((key.to_string(), id));
        }
    }
    for (i, e) in events.iter().enumerate() {
        let field = |f: &str| format!("schedule.events[{i}].{f}");
        let title = s(&e["title"]).unwrap_or("").to_string();
        let id = s(&e["code"])
            .or(s(&e["guid"]))
            .map(ToString::to_string)
            .or_else(|| e["id"].as_u64().map(|n| n.to_string()))
            .ok_or_else(|| err(field("guid"), "the event has no guid or code".into()))?;
        let time = |f: &str| {
            let t = s(&e[f]).ok_or_else(|| err(field(f), format!("the event has no {f}")))?;
            parse_local_or_offset(t, timezone).map_err(|x| err(field(f), x.to_string()))
        };
        let start = time("start")?;
        let end = if s(&e["end"]).is_some() {
            time("end")?
        } else {
            let d = s(&e["duration"])
                .ok_or_else(|| err(field("end"), "the event has no end or duration".into()))?;
            frab::parse_duration(d)
                .and_then(|d| start.checked_add_signed(d))
                .ok_or_else(|| err(field("duration"), format!("\"{d}\" is not a duration")))?
        };
        let room_ref = &e["room"];
        let room = [
            s(&room_ref["guid"]),
            s(&room_ref["slug"]),
            s(&room_ref["name"]),
            s(room_ref),
        ]
        .into_iter()
        .flatten()
        .find_map(|k| {
            room_keys
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, id)| *id)
        })
        .or_else(|| {
            s(&room_ref["name"])
                .or(s(room_ref))
                .map(|n| b.room_named(n))
        });
        let track_ref = s(&e["track"]["slug"])
            .or(s(&e["track"]["name"]))
            .or(s(&e["track"]));
        let track = track_ref.and_then(|t| {
            let name = track_names
                .iter()
                .find(|(k, _)| k == t)
                .map_or(t, |(_, n)| n.as_str());
            b.track_named(name)
        });
        let kind_label = s(&e["type"]).unwrap_or("");
        let mut draft = SessionDraft::new(id, title, start, end);
        draft.guid = s(&e["guid"]).map(ToString::to_string);
        draft.subtitle = s(&e["subtitle"]).map(ToString::to_string);
        draft.kind = match kind_label {
            "BREAK" => SessionKind::Break,
            "META" => SessionKind::Other,
            "LIGHTNING_TALK" => SessionKind::Lightning,
            "WORKSHOP" | "HANDS-ON" => SessionKind::Workshop,
            "TALK" => SessionKind::Talk,
            "DISCUSSION" => SessionKind::Panel,
            "CONCERT" | "PERFORMANCE" | "GAME" => SessionKind::Social,
            other => frab::kind_of(other),
        };
        draft.track = track;
        draft.room = room;
        // Speakers only: moderators, hosts and guests are not who the session is by.
        draft.speakers = e["participants"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|p| s(&p["role"]).is_none_or(|r| r.eq_ignore_ascii_case("SPEAKER")))
            .filter_map(|p| s(&p["name"]).or(s(&p["public_name"])))
            .map(|n| Speaker {
                name: n.to_string(),
                company: None,
            })
            .collect();
        let text = |v: &Value| -> Option<String> {
            s(v).map(ToString::to_string).or_else(|| {
                // A localised map: English, else the first language.
                let map = v.as_object()?;
                map.get("en")
                    .or_else(|| map.values().next())
                    .and_then(Value::as_str)
                    .map(ToString::to_string)
            })
        };
        draft.abstract_text = frab::abstract_text(
            text(&e["abstract"]).as_deref(),
            text(&e["description"]).as_deref(),
        );
        draft.language = s(&e["language"]).map(ToString::to_string);
        draft.url = s(&e["url"]).map(ToString::to_string);
        draft.links = event_links(e, s(&sch["base_url"]));
        draft.recorded = match e["do_not_record"].as_bool() {
            Some(true) => Some(false),
            Some(false) => Some(room.and_then(|r| b.room_recorded(r)).unwrap_or(true)),
            None => None,
        };
        b.add_session(draft);
    }
    Ok(b.build(NAME))
}
