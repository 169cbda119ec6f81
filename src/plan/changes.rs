//! What a new version of the schedule changed for the attendee.
//!
//! Organisers re-publish schedules: a talk moves room, a speaker cancels, a slot is added. The
//! agenda remembers how each starred or noted session looked when the attendee last saw it
//! ([`Seen`]: starred it, noted it, or acknowledged the changes) and which session ids the
//! schedule held then (`known_sessions`). [`detect`] compares the schedule opened now with that
//! memory:
//!
//! - **new**: sessions whose id was not in the schedule last acknowledged (nothing is new before
//!   the first acknowledgement: there is nothing to compare with);
//! - **cancelled**: starred or noted ids the schedule no longer has, which the attendee saw
//!   (a snapshot or a known id); their stars and notes are kept;
//! - **changed**: starred or noted sessions whose title, start, end or room differ from the
//!   snapshot, with the fields that changed.
//!
//! [`acknowledgement`] turns the current state into a [`Change`], applied under the store's lock
//! like every other edit, after which `detect` reports nothing until the schedule moves again.

use std::collections::BTreeSet;

use crate::plan::agenda::{Acknowledgement, Agenda, Change, Known, Seen};
use crate::schedule::{Schedule, Session};

/// A field of a session whose change the attendee hears about.
///
/// The order (alphabetical) is the order fields are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    End,
    Room,
    Start,
    Title,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::End, Field::Room, Field::Start, Field::Title];

    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::End => "end",
            Field::Room => "room",
            Field::Start => "start",
            Field::Title => "title",
        }
    }

    fn differs(self, a: &Seen, b: &Seen) -> bool {
        match self {
            Field::End => a.end != b.end,
            Field::Room => a.room != b.room,
            Field::Start => a.start != b.start,
            Field::Title => a.title != b.title,
        }
    }
}

/// One starred or noted session that the schedule changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionChange {
    pub id: String,
    /// What changed, in [`Field`] order; never empty.
    pub fields: Vec<Field>,
    /// As the attendee last saw it.
    pub before: Seen,
    /// As the schedule has it now.
    pub after: Seen,
}

/// Everything a schedule changed since the agenda last acknowledged it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleChanges {
    /// Sessions added since the last acknowledgement, in schedule order.
    pub new: Vec<String>,
    /// Starred or noted sessions the schedule dropped, by when they were to start.
    pub cancelled: Vec<String>,
    /// Starred or noted sessions that moved or were renamed, in schedule order.
    pub changed: Vec<SessionChange>,
    /// Whether the agenda had recorded a version of the schedule to compare with.
    pub has_baseline: bool,
}

impl ScheduleChanges {
    /// Nothing to report.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.cancelled.is_empty() && self.changed.is_empty()
    }

    /// The ids of the changed sessions, in schedule order.
    pub fn changed_ids(&self) -> impl Iterator<Item = &str> {
        self.changed.iter().map(|c| c.id.as_str())
    }

    /// The change of one session, if it changed.
    pub fn change_of(&self, id: &str) -> Option<&SessionChange> {
        self.changed.iter().find(|c| c.id == id)
    }
}

/// How a session looks now, as the agenda would remember it.
pub fn seen_of(schedule: &Schedule, session: &Session) -> Seen {
    Seen {
        title: session.title.clone(),
        start: session.start.fixed_offset(),
        end: session.end.fixed_offset(),
        room: session.room.map(|r| schedule.room(r).name.clone()),
        revision: 0,
        extra: std::collections::BTreeMap::new(),
    }
}

/// The snapshot of a session by id; `None` when the schedule has no such session.
pub fn snapshot(schedule: &Schedule, id: &str) -> Option<Seen> {
    schedule.find(id).map(|(_, s)| seen_of(schedule, s))
}

/// The changes that go with starring (or noting) sessions: a snapshot of each one the schedule
/// has, and the schedule's ids as the baseline for "new" when the agenda has none yet.
///
/// Apply them with the star itself; a session already remembered keeps its older snapshot, so
/// starring it again does not hide an unacknowledged change.
pub fn remember<'a>(
    schedule: &Schedule,
    agenda: &Agenda,
    ids: impl IntoIterator<Item = &'a str>,
) -> Vec<Change> {
    let mut changes: Vec<Change> = ids
        .into_iter()
        .filter(|id| !agenda.seen.contains_key(*id))
        .filter_map(|id| {
            snapshot(schedule, id).map(|seen| Change::Remember {
                id: id.to_string(),
                seen,
            })
        })
        .collect();
    if agenda.known_sessions.is_none() {
        changes.push(Change::KnowSessions(schedule.session_ids()));
    }
    changes
}

/// The change that accepts the schedule as it is now.
pub fn acknowledgement(schedule: &Schedule, agenda: &Agenda) -> Change {
    let mut ack = Acknowledgement {
        seen: std::collections::BTreeMap::new(),
        gone: BTreeSet::new(),
        known: Known::All(schedule.session_ids()),
    };
    for id in cared(agenda) {
        match snapshot(schedule, id) {
            Some(seen) => {
                ack.seen.insert(id.to_string(), seen);
            }
            None => {
                ack.gone.insert(id.to_string());
            }
        }
    }
    Change::Acknowledge(Box::new(ack))
}

/// The change that accepts only some of `changes`: those of the sessions `ids` (changed,
/// cancelled or new), as the interface's review accepts them one at a time. The rest stay
/// reported.
pub fn acknowledgement_of<'a>(
    changes: &ScheduleChanges,
    ids: impl IntoIterator<Item = &'a str>,
) -> Change {
    let mut ack = Acknowledgement {
        seen: std::collections::BTreeMap::new(),
        gone: BTreeSet::new(),
        known: Known::Add(BTreeSet::new()),
    };
    let wanted: BTreeSet<&str> = ids.into_iter().collect();
    for c in changes
        .changed
        .iter()
        .filter(|c| wanted.contains(c.id.as_str()))
    {
        ack.seen.insert(c.id.clone(), c.after.clone());
    }
    for id in changes
        .cancelled
        .iter()
        .filter(|id| wanted.contains(id.as_str()))
    {
        ack.gone.insert(id.clone());
    }
    ack.known = Known::Add(
        changes
            .new
            .iter()
            .filter(|id| wanted.contains(id.as_str()))
            .cloned()
            .collect(),
    );
    Change::Acknowledge(Box::new(ack))
}

/// Compares the schedule with what the agenda remembers.
pub fn detect(schedule: &Schedule, agenda: &Agenda) -> ScheduleChanges {
    let known = agenda.known_sessions.as_ref();
    let new = match known {
        Some(known) => schedule
            .sessions()
            .iter()
            .filter(|s| !known.contains(&s.id))
            .map(|s| s.id.clone())
            .collect(),
        None => Vec::new(),
    };

    let mut cancelled: Vec<(Option<&Seen>, &str)> = Vec::new();
    let mut changed: Vec<(usize, SessionChange)> = Vec::new();
    for id in cared(agenda) {
        let before = agenda.seen.get(id);
        match schedule.find(id) {
            None => {
                if before.is_some() || known.is_some_and(|k| k.contains(id)) {
                    cancelled.push((before, id));
                }
            }
            Some((position, session)) => {
                let Some(before) = before else { continue };
                let after = seen_of(schedule, session);
                let fields: Vec<Field> = Field::ALL
                    .into_iter()
                    .filter(|f| f.differs(before, &after))
                    .collect();
                if !fields.is_empty() {
                    changed.push((
                        position,
                        SessionChange {
                            id: id.to_string(),
                            fields,
                            before: before.clone(),
                            after,
                        },
                    ));
                }
            }
        }
    }
    cancelled.sort_by(|a, b| (a.0.map(|s| s.start), a.1).cmp(&(b.0.map(|s| s.start), b.1)));
    changed.sort_by_key(|(position, _)| *position);

    ScheduleChanges {
        new,
        cancelled: cancelled
            .into_iter()
            .map(|(_, id)| id.to_string())
            .collect(),
        changed: changed.into_iter().map(|(_, c)| c).collect(),
        has_baseline: known.is_some(),
    }
}

/// The iCalendar SEQUENCE of a session: the acknowledged revisions, plus one while a change is
/// not yet acknowledged. It only ever grows, so calendar programs take a re-export as an update.
pub fn sequence(schedule: &Schedule, agenda: &Agenda, session: &Session) -> u32 {
    agenda.seen.get(&session.id).map_or(0, |before| {
        let pending = !before.same_as(&seen_of(schedule, session));
        before.revision.saturating_add(u32::from(pending))
    })
}

/// Starred and noted ids, each once, in id order.
fn cared(agenda: &Agenda) -> BTreeSet<&str> {
    agenda
        .stars
        .iter()
        .chain(agenda.notes.keys())
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests;
