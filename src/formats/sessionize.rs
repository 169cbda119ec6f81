//! Sessionize "All" JSON (`/api/v2/<id>/view/All`): top-level `sessions`, `speakers`,
//! `categories`, `rooms` and `questions`. Sessions name their room by `roomId` and speakers by
//! id; each category is a group the organiser titles ("Track", "Format", "Level"...) whose
//! items sessions reference in `categoryItems`: the group titled like "Track" gives the track,
//! the others tags. `questions` are the organiser's questions and each session's
//! `questionAnswers` its answers: free text becomes "Question: answer" lines
//! ([`crate::schedule::Answer`]), choices (and short answers that name a category) tags. Times are local wall-clock times and Sessionize names no zone, so the
//! zone rules apply (`schedule::zone`: floating unless `--tz`). Recognised by content: a
//! `"sessions"` key with a session's `"startsAt"` or `"roomId"` near the top.

use chrono::NaiveDate;
use serde_json::Value;

use super::{LoadError, LoadOptions};
use crate::schedule::time::{parse_local_or_offset, parse_with_offset};
use crate::schedule::zone::{self, ZoneClues};
use crate::schedule::{
    Answer, Conference, Link, LinkKind, Location, Room, RoomId, Schedule, ScheduleBuilder,
    SessionDraft, SessionKind, Speaker, WarningKind,
};

/// The format's name in `Schedule::format`.
pub const NAME: &str = "sessionize";

/// Whether the head of a JSON document looks like a Sessionize "All" export.
pub fn looks_like(head: &str) -> bool {
    head.contains("\"sessions\"") && (head.contains("\"startsAt\"") || head.contains("\"roomId\""))
}

/// A non-blank string value, trimmed.
fn s(v: &Value) -> Option<&str> {
    v.as_str().map(str::trim).filter(|t| !t.is_empty())
}

/// An id Sessionize writes as a number or a string.
fn key(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[][..], Vec::as_slice)
}

/// Reads a Sessionize "All" document.
pub fn read(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    let doc: Value = super::parse_json_value(name, text)?;
    let err =
        |field: String, message: String| super::json_locate::error_at(name, text, field, message);
    if !doc["sessions"].is_array() {
        return Err(err("sessions".into(), "expected a list of sessions".into()));
    }
    let sessions = list(&doc["sessions"]);
    let samples = (sessions.iter())
        .filter_map(|e| s(&e["startsAt"]))
        .take(8)
        .map(parse_with_offset);
    let choice = zone::choose(&ZoneClues {
        given: options.tz,
        named: None,
        places: Vec::new(),
        clock_times: samples.clone().any(|t| t.is_none()),
        offsets: samples.flatten().collect(),
        ..ZoneClues::default()
    });
    let timezone = choice.zone;
    let mut b = ScheduleBuilder::new(
        Conference {
            id: String::new(),
            title: String::new(),
            timezone,
            venue: None,
            start_date: NaiveDate::default(),
            end_date: NaiveDate::default(),
            day_change: chrono::NaiveTime::MIN,
            expected_attendance: None,
            url: None,
        },
        false,
    );
    b.set_zone(&choice);

    let mut rooms: Vec<(String, RoomId)> = Vec::new();
    for (i, r) in list(&doc["rooms"]).iter().enumerate() {
        let Some(room_name) = s(&r["name"]) else {
            continue;
        };
        let id = key(&r["id"])
            .ok_or_else(|| err(format!("rooms[{i}].id"), "the room has no id".into()))?;
        let room = b.add_room(Room {
            name: room_name.to_string(),
            capacity: None,
            location: Location::default(),
            recorded: None,
        });
        rooms.push((id, room));
    }
    let mut speakers: Vec<(String, String)> = Vec::new();
    for sp in list(&doc["speakers"]) {
        let full = s(&sp["fullName"]).map(ToString::to_string).or_else(|| {
            let parts: Vec<&str> = [s(&sp["firstName"]), s(&sp["lastName"])]
                .into_iter()
                .flatten()
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        if let (Some(id), Some(full)) = (key(&sp["id"]), full) {
            speakers.push((id, full));
        }
    }
    // Category item id -> (is the track group, item name).
    let mut items: Vec<(String, bool, String)> = Vec::new();
    for c in list(&doc["categories"]) {
        let track = s(&c["title"]).is_some_and(|t| t.to_lowercase().contains("track"));
        for it in list(&c["items"]) {
            if let (Some(id), Some(n)) = (key(&it["id"]), s(&it["name"])) {
                items.push((id, track, n.to_string()));
            }
        }
    }

    let questions = Questions::read(&doc);

    let mut unscheduled: Vec<String> = Vec::new();
    for (i, e) in sessions.iter().enumerate() {
        let field = |f: &str| format!("sessions[{i}].{f}");
        let id = key(&e["id"]).ok_or_else(|| err(field("id"), "the session has no id".into()))?;
        let title = s(&e["title"]).unwrap_or("").to_string();
        let Some(start_text) = s(&e["startsAt"]) else {
            unscheduled.push(id);
            continue;
        };
        let start = parse_local_or_offset(start_text, timezone)
            .map_err(|x| err(field("startsAt"), x.to_string()))?;
        let end_text = s(&e["endsAt"])
            .ok_or_else(|| err(field("endsAt"), "the session has a start but no end".into()))?;
        let end = parse_local_or_offset(end_text, timezone)
            .map_err(|x| err(field("endsAt"), x.to_string()))?;
        let room = match key(&e["roomId"]) {
            Some(r) => Some(
                rooms
                    .iter()
                    .find(|(k, _)| *k == r)
                    .map(|(_, id)| *id)
                    .or_else(|| s(&e["room"]).map(|n| b.room_named(n)))
                    .ok_or_else(|| {
                        err(
                            field("roomId"),
                            format!("no room has the id {r} in \"rooms\""),
                        )
                    })?,
            ),
            None => s(&e["room"]).map(|n| b.room_named(n)),
        };
        let mut draft = SessionDraft::new(id, title, start, end);
        draft.room = room;
        if e["isServiceSession"].as_bool() == Some(true) {
            draft.kind = SessionKind::Break;
        }
        draft.abstract_text = s(&e["description"]).unwrap_or("").to_string();
        for sp in list(&e["speakers"]) {
            // Either an id (the "All" view) or an object with id and name (other views).
            let name = key(sp)
                .and_then(|k| speakers.iter().find(|(id, _)| *id == k))
                .map(|(_, n)| n.clone())
                .or_else(|| s(&sp["name"]).map(ToString::to_string));
            if let Some(name) = name {
                draft.speakers.push(Speaker {
                    name,
                    company: None,
                });
            }
        }
        for it in list(&e["categoryItems"]) {
            let Some(k) = key(it) else { continue };
            if let Some((_, track, n)) = items.iter().find(|(id, _, _)| *id == k) {
                if *track && draft.track.is_none() {
                    draft.track = b.track_named(n);
                } else {
                    draft.tags.push(n.clone());
                }
            }
        }
        questions.answer(&e["questionAnswers"], &mut draft);
        // Sessionize's API gives no session page; an export that adds one names it `url`.
        draft.url = s(&e["url"])
            .or(s(&e["sessionUrl"]))
            .map(ToString::to_string);
        let recording = s(&e["recordingUrl"]);
        if let Some(url) = recording {
            draft.links.push(Link::new(LinkKind::Recording, "", url));
            draft.recorded = Some(true);
        }
        if let Some(url) = s(&e["liveUrl"]) {
            draft.links.push(Link::new(LinkKind::Stream, "", url));
        }
        b.add_session(draft);
    }
    if !unscheduled.is_empty() {
        b.warn(
            WarningKind::Assumption,
            format!(
                "{} session{} without a start (not scheduled yet) left out",
                unscheduled.len(),
                if unscheduled.len() == 1 { "" } else { "s" }
            ),
            unscheduled,
        );
    }
    Ok(b.build(NAME))
}

/// How a question's answers are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// "Question: answer" lines.
    Text,
    /// The answer as a tag.
    Tag,
}

/// The organiser's questions (`questions[]`), in their order, with how each one's answers show.
struct Questions {
    /// (id, question, how shown), sorted by `sort`.
    list: Vec<(String, String, Shown)>,
}

/// At most this many characters (on one line) make an answer short enough to be a tag.
const SHORT_ANSWER: usize = 32;
/// A text question with at most this many different answers, one given twice or more, names
/// categories ("Language": "English", "German").
const CATEGORIES: usize = 8;

impl Questions {
    fn read(doc: &Value) -> Self {
        let mut found: Vec<(i64, usize, String, String, Shown)> = Vec::new();
        for (i, q) in list(&doc["questions"]).iter().enumerate() {
            let (Some(id), Some(text)) = (key(&q["id"]), s(&q["question"])) else {
                continue;
            };
            let kind = s(&q["questionType"]).unwrap_or("").to_ascii_lowercase();
            let choice = ["choice", "dropdown", "select", "radio", "option", "multi"]
                .iter()
                .any(|w| kind.contains(w));
            let shown = if choice || categorical(doc, &id) {
                Shown::Tag
            } else {
                Shown::Text
            };
            let sort = q["sort"].as_i64().unwrap_or(i64::MAX);
            found.push((sort, i, id, text.to_string(), shown));
        }
        found.sort_by_key(|q| (q.0, q.1));
        Questions {
            list: found
                .into_iter()
                .map(|(_, _, id, text, shown)| (id, text, shown))
                .collect(),
        }
    }

    /// A session's `questionAnswers` into its answers and tags, in the questions' order.
    /// Answers to questions the file does not list are left out (the "All" export lists the
    /// public ones). A yes/no answer is shown with its question, never as a bare tag.
    fn answer(&self, answers: &Value, draft: &mut SessionDraft) {
        let answers = list(answers);
        if answers.is_empty() {
            return;
        }
        for (id, question, shown) in &self.list {
            let Some(value) = answers
                .iter()
                .find(|a| key(&a["questionId"]).as_deref() == Some(id.as_str()))
                .and_then(|a| answer_text(&a["answerValue"]))
            else {
                continue;
            };
            let yes_no = yes_no(&value);
            if *shown == Shown::Tag && yes_no.is_none() {
                if !draft.tags.contains(&value) {
                    draft.tags.push(value);
                }
            } else {
                draft.answers.push(Answer {
                    question: question.trim_end_matches([':', ' ']).to_string(),
                    answer: yes_no.map_or(value, ToString::to_string),
                });
            }
        }
    }
}

/// An answer as text: Sessionize writes strings; numbers and booleans are taken too.
fn answer_text(v: &Value) -> Option<String> {
    match v {
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        _ => None,
    }
}

/// "yes" or "no" for an answer that says only that (a checkbox's "true").
fn yes_no(value: &str) -> Option<&'static str> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" => Some("yes"),
        "false" | "no" => Some("no"),
        _ => None,
    }
}

/// Whether the sessions' answers to a text question name categories: every one short and on
/// one line, few different ones, and one given more than once.
fn categorical(doc: &Value, id: &str) -> bool {
    let mut seen: Vec<String> = Vec::new();
    let mut repeated = false;
    for e in list(&doc["sessions"]) {
        for a in list(&e["questionAnswers"]) {
            if key(&a["questionId"]).as_deref() != Some(id) {
                continue;
            }
            let Some(value) = answer_text(&a["answerValue"]) else {
                continue;
            };
            if value.chars().count() > SHORT_ANSWER || value.contains('\n') {
                return false;
            }
            let folded = value.to_lowercase();
            if seen.contains(&folded) {
                repeated = true;
            } else if seen.len() == CATEGORIES {
                return false;
            } else {
                seen.push(folded);
            }
        }
    }
    repeated
}
