//! The domain: a conference's programme, indexed once at load.
//!
//! A [`Schedule`] owns its sessions in one order (by conference day, then start, end and room)
//! and keeps indexes into it by id, day, room, track and start time. Nothing here knows where the
//! schedule came from (see `formats`) or what the attendee decided (see `plan`).

mod build;
mod links;
pub mod model;
pub mod search;
pub mod time;
pub mod zone;

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

pub use build::{ScheduleBuilder, SessionDraft, slug};
pub use links::web_url;
pub use model::{
    Answer, Conference, Link, LinkKind, Location, Room, RoomId, Session, SessionKind, Speaker,
    Track, TrackId, Walk,
};

/// A problem in the schedule's data that does not stop it loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
    /// The ids of the sessions concerned.
    pub sessions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// One room holds two sessions at the same time.
    RoomDoubleBooked,
    /// A session ends before it starts.
    EndBeforeStart,
    /// Two sessions share an id; the second was renamed.
    DuplicateId,
    /// A session's day is not one of the conference's days.
    OutsideConference,
    /// The file leaves something out that hallway had to assume (a time zone, say).
    Assumption,
    /// A walking-table entry names neither a room nor a zone, or gives one pair two times.
    Walking,
    /// Bytes that were not UTF-8 were replaced (U+FFFD).
    Encoding,
    /// Links that are not web addresses (`javascript:`, `file:`...) were dropped.
    Link,
}

impl WarningKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::RoomDoubleBooked => "room_double_booked",
            WarningKind::EndBeforeStart => "end_before_start",
            WarningKind::DuplicateId => "duplicate_id",
            WarningKind::OutsideConference => "outside_conference",
            WarningKind::Assumption => "assumption",
            WarningKind::Walking => "walking",
            WarningKind::Encoding => "encoding",
            WarningKind::Link => "link",
        }
    }
}

/// One conference day and where its sessions sit in [`Schedule::sessions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub range: Range<usize>,
}

/// A loaded, validated, indexed programme.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub conference: Conference,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub walking: Vec<Walk>,
    pub warnings: Vec<Warning>,
    /// The format it was read from ("hallway", "pretalx-json", "frab-xml", "ical").
    pub format: &'static str,
    /// The file gave no zone: times are wall-clock times of an unknown zone, kept as printed
    /// (the conference's zone is UTC then, so they show unchanged; see `schedule::zone`).
    pub floating: bool,
    /// The zone the attendee gave contradicts what the file tells: the warning naming both
    /// (also among `warnings`), for the shells to say when `--tz` is given.
    pub zone_override: Option<String>,
    sessions: Vec<Session>,
    by_id: HashMap<String, usize, foldhash::fast::RandomState>,
    days: Vec<Day>,
    by_room: Vec<Vec<usize>>,
    by_track: Vec<Vec<usize>>,
    by_start: Vec<usize>,
    /// Every session id, as the agenda's baseline for "new sessions" records them: built on
    /// first use (the interface does it in idle time), then shared.
    ids: std::sync::OnceLock<std::sync::Arc<std::collections::BTreeSet<String>>>,
}

impl Schedule {
    /// Builds the indexes over sessions already sorted by (day, start, end, room), and adds the
    /// warnings only the indexes can find (double-booked rooms).
    fn index(
        conference: Conference,
        rooms: Vec<Room>,
        tracks: Vec<Track>,
        walking: Vec<Walk>,
        sessions: Vec<Session>,
        mut warnings: Vec<Warning>,
        format: &'static str,
    ) -> Schedule {
        let by_id = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();

        let mut days: Vec<Day> = Vec::new();
        for (i, s) in sessions.iter().enumerate() {
            match days.last_mut() {
                Some(day) if day.date == s.day => day.range.end = i + 1,
                _ => days.push(Day {
                    date: s.day,
                    range: i..i + 1,
                }),
            }
        }

        let mut by_track = vec![Vec::new(); tracks.len()];
        for (i, s) in sessions.iter().enumerate() {
            if let Some(t) = s.track {
                by_track[t.0 as usize].push(i);
            }
        }
        // By (start, end) instant, ties in schedule order: sorted on a small key rather than
        // through the sessions, which are large and far apart in memory.
        let mut keys: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime, u32)> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.start.naive_utc(), s.end.naive_utc(), i as u32))
            .collect();
        keys.sort_unstable();
        let by_start: Vec<usize> = keys.iter().map(|k| k.2 as usize).collect();
        // Each room's sessions in the same order: taken from it rather than sorted again.
        let mut by_room = vec![Vec::new(); rooms.len()];
        for &i in &by_start {
            if let Some(r) = sessions[i].room {
                by_room[r.0 as usize].push(i);
            }
        }
        for (r, list) in by_room.iter().enumerate() {
            double_bookings(&rooms[r], list, &sessions, &mut warnings);
        }
        walking_problems(&rooms, &walking, &mut warnings);

        Schedule {
            conference,
            rooms,
            tracks,
            walking,
            warnings,
            format,
            floating: false,
            zone_override: None,
            sessions,
            by_id,
            days,
            by_room,
            by_track,
            by_start,
            ids: std::sync::OnceLock::new(),
        }
    }

    /// Whether [`Schedule::session_ids`] is built already.
    pub fn has_session_ids(&self) -> bool {
        self.ids.get().is_some()
    }

    /// Every session id, shared (built once, on first use): what an agenda records as the
    /// sessions it knows.
    pub fn session_ids(&self) -> std::sync::Arc<std::collections::BTreeSet<String>> {
        std::sync::Arc::clone(self.ids.get_or_init(|| {
            let mut ids: Vec<String> = self.sessions.iter().map(|s| s.id.clone()).collect();
            ids.sort_unstable();
            std::sync::Arc::new(ids.into_iter().collect())
        }))
    }

    /// Every session, by day then start time.
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// The session at a position in [`Self::sessions`].
    pub fn session(&self, index: usize) -> &Session {
        &self.sessions[index]
    }

    /// Looks a session up by its id; returns its position and the session.
    pub fn find(&self, id: &str) -> Option<(usize, &Session)> {
        self.by_id.get(id).map(|&i| (i, &self.sessions[i]))
    }

    /// The days that have sessions, in order.
    pub fn days(&self) -> &[Day] {
        &self.days
    }

    /// The conference day an instant falls in: the day whose span (by the venue's clock and the
    /// day change) contains it, so at 01:30 in a congress night it is still the evening's day.
    pub fn day_at(&self, now: DateTime<chrono::Utc>) -> NaiveDate {
        time::conference_day(
            &now.with_timezone(&self.conference.timezone),
            self.conference.day_change,
        )
    }

    /// The sessions of one day, in time order.
    pub fn day_sessions(&self, date: NaiveDate) -> &[Session] {
        self.days
            .iter()
            .find(|d| d.date == date)
            .map_or(&[], |d| &self.sessions[d.range.clone()])
    }

    /// Positions of a room's sessions, by start time.
    pub fn room_sessions(&self, room: RoomId) -> &[usize] {
        &self.by_room[room.0 as usize]
    }

    /// Positions of a track's sessions, in schedule order.
    pub fn track_sessions(&self, track: TrackId) -> &[usize] {
        &self.by_track[track.0 as usize]
    }

    /// Positions of all sessions ordered by start instant, across days.
    pub fn by_start(&self) -> &[usize] {
        &self.by_start
    }

    /// Positions of the sessions starting in `[from, to)`.
    pub fn starting_between(&self, from: DateTime<Tz>, to: DateTime<Tz>) -> &[usize] {
        let lo = self
            .by_start
            .partition_point(|&i| self.sessions[i].start < from);
        let hi = self
            .by_start
            .partition_point(|&i| self.sessions[i].start < to);
        &self.by_start[lo..hi.max(lo)]
    }

    pub fn room(&self, id: RoomId) -> &Room {
        &self.rooms[id.0 as usize]
    }

    pub fn track(&self, id: TrackId) -> &Track {
        &self.tracks[id.0 as usize]
    }

    /// The session's room name, or "" when it has none.
    pub fn room_name(&self, session: &Session) -> &str {
        session.room.map_or("", |r| self.room(r).name.as_str())
    }

    /// The session's track name, or "" when it has none.
    pub fn track_name(&self, session: &Session) -> &str {
        session.track.map_or("", |t| self.track(t).name.as_str())
    }

    pub fn find_room(&self, name: &str) -> Option<RoomId> {
        self.rooms
            .iter()
            .position(|r| r.name.eq_ignore_ascii_case(name))
            .map(|i| RoomId(i as u32))
    }

    pub fn find_track(&self, name: &str) -> Option<TrackId> {
        self.tracks
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(name))
            .map(|i| TrackId(i as u32))
    }

    /// Rooms and tracks that hold at least one session among `sessions`.
    pub fn count_rooms_and_tracks<'a>(
        &self,
        sessions: impl IntoIterator<Item = &'a Session>,
    ) -> (usize, usize) {
        let mut rooms = vec![false; self.rooms.len()];
        let mut tracks = vec![false; self.tracks.len()];
        for s in sessions {
            if let Some(r) = s.room {
                rooms[r.0 as usize] = true;
            }
            if let Some(t) = s.track {
                tracks[t.0 as usize] = true;
            }
        }
        (
            rooms.iter().filter(|&&b| b).count(),
            tracks.iter().filter(|&&b| b).count(),
        )
    }
}

/// Finds sessions that share a room at the same time; `list` is sorted by start. A room gets
/// one warning listing every clash in it.
///
/// Breaks and socials are skipped: a lunch "in" a hall next to the talks is how many programmes
/// mark the hall, not a double booking. So are rooms that host many things at once by design
/// (expo halls, booth floors, a "Solutions Showcase", a project pavilion, poster sessions).
fn double_bookings(room: &Room, list: &[usize], sessions: &[Session], warnings: &mut Vec<Warning>) {
    if hosts_parallel_items(&room.name) {
        return;
    }
    let mut latest: Option<usize> = None;
    let mut clashes: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for &i in list {
        let s = &sessions[i];
        if matches!(s.kind, SessionKind::Break | SessionKind::Social) || s.end <= s.start {
            continue;
        }
        if let Some(p) = latest {
            let prev = &sessions[p];
            if s.start < prev.end {
                clashes.push(format!(
                    "{} at {}: \"{}\" and \"{}\"",
                    s.start.format("%a %d %b"),
                    s.start.format("%H:%M"),
                    prev.title,
                    s.title
                ));
                for id in [&prev.id, &s.id] {
                    if !ids.contains(id) {
                        ids.push(id.clone());
                    }
                }
            }
            if s.end > prev.end {
                latest = Some(i);
            }
        } else {
            latest = Some(i);
        }
    }
    let message = match clashes.as_slice() {
        [] => return,
        [one] => format!("{} is booked twice on {one}", room.name),
        [first, ..] => format!(
            "{} is double-booked {} times, first on {first}",
            room.name,
            clashes.len(),
        ),
    };
    warnings.push(Warning {
        kind: WarningKind::RoomDoubleBooked,
        message,
        sessions: ids,
    });
}

/// Whether a room's name says it hosts many items at once: an expo hall, a booth floor, a
/// showcase, a pavilion of project booths, a poster session.
fn hosts_parallel_items(name: &str) -> bool {
    const BY_DESIGN: [&str; 7] = [
        "expo", "exhibit", "booth", "showcase", "pavilion", "poster", "sponsor",
    ];
    let lower = name.to_lowercase();
    BY_DESIGN.iter().any(|word| lower.contains(word))
}

/// Finds walking-table entries that cannot be used: a name that is neither a room nor a zone
/// (a typo silently falls back to the default walk), or the same pair given two different times.
fn walking_problems(rooms: &[Room], walking: &[Walk], warnings: &mut Vec<Warning>) {
    let known = |name: &str| {
        rooms.iter().any(|r| {
            r.name.eq_ignore_ascii_case(name)
                || r.location
                    .zone
                    .as_deref()
                    .is_some_and(|z| z.eq_ignore_ascii_case(name))
        })
    };
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for w in walking {
        for name in [&w.from, &w.to] {
            if !known(name) {
                warnings.push(Warning {
                    kind: WarningKind::Walking,
                    message: format!(
                        "the walking table names \"{name}\", which is neither a room nor a zone; the walk {} to {} is ignored",
                        w.from, w.to
                    ),
                    sessions: Vec::new(),
                });
            }
        }
        let (a, b) = (w.from.to_lowercase(), w.to.to_lowercase());
        let key = if a <= b { (a, b) } else { (b, a) };
        match seen.get(&key) {
            Some(&m) if m != w.minutes => warnings.push(Warning {
                kind: WarningKind::Walking,
                message: format!(
                    "the walking table gives {} to {} twice, as {m} and {} minutes; the first is used",
                    w.from, w.to, w.minutes
                ),
                sessions: Vec::new(),
            }),
            Some(_) => {}
            None => {
                seen.insert(key, w.minutes);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
