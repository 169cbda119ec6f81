//! Turning what an importer read into a [`Schedule`]: cleaning, ids, days, order, indexes, warnings.
//!
//! Every format goes through [`ScheduleBuilder`], so the rules (untrusted text is cleaned, a
//! duplicated id is a warning and not a lost session, days follow the venue's zone) hold for all.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use foldhash::fast::RandomState;

use super::links::web_url_owned;
use super::model::{
    Answer, Conference, Link, LinkKind, Location, Room, RoomId, Session, SessionKind, Speaker,
    Track, TrackId, Walk,
};
use super::time::conference_day;
use super::{Schedule, Warning, WarningKind};
use crate::text::{clean_line, clean_line_owned, clean_owned, is_clean_line};

/// A session as an importer read it, before the builder gives it a day and a room default.
#[derive(Debug, Clone)]
pub struct SessionDraft {
    pub id: String,
    pub guid: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: SessionKind,
    pub track: Option<TrackId>,
    pub room: Option<RoomId>,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
    /// The conference day, when the source states it; otherwise the day-change rule decides.
    pub day: Option<NaiveDate>,
    pub speakers: Vec<Speaker>,
    pub abstract_text: String,
    pub language: Option<String>,
    pub tags: Vec<String>,
    /// `None` takes the room's default.
    pub recorded: Option<bool>,
    /// The session's page; it becomes the first of its links.
    pub url: Option<String>,
    /// Every other link the file gives, as read (the builder cleans them).
    pub links: Vec<Link>,
    pub interest: Option<u32>,
    /// Free-text answers to the organiser's questions (the builder cleans them).
    pub answers: Vec<Answer>,
}

impl SessionDraft {
    /// A draft with the required fields and nothing else.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        start: DateTime<Tz>,
        end: DateTime<Tz>,
    ) -> Self {
        SessionDraft {
            id: id.into(),
            guid: None,
            title: title.into(),
            subtitle: None,
            kind: SessionKind::Talk,
            track: None,
            room: None,
            start,
            end,
            day: None,
            speakers: Vec::new(),
            abstract_text: String::new(),
            language: None,
            tags: Vec::new(),
            recorded: None,
            url: None,
            links: Vec::new(),
            interest: None,
            answers: Vec::new(),
        }
    }
}

/// Collects rooms, tracks and sessions, then builds the indexed [`Schedule`].
#[derive(Debug)]
pub struct ScheduleBuilder {
    conference: Conference,
    dates_known: bool,
    rooms: Vec<Room>,
    room_index: HashMap<String, RoomId, RandomState>,
    tracks: Vec<Track>,
    track_index: HashMap<String, TrackId, RandomState>,
    walking: Vec<Walk>,
    drafts: Vec<SessionDraft>,
    warnings: Vec<Warning>,
    floating: bool,
    zone_override: Option<String>,
    trust_day_labels: bool,
}

impl ScheduleBuilder {
    /// Starts a schedule. With `dates_known` false, the conference's first and last day are taken
    /// from the sessions.
    pub fn new(mut conference: Conference, dates_known: bool) -> Self {
        conference.title = clean_line(&conference.title);
        conference.venue = conference.venue.as_deref().map(clean_line);
        conference.url = conference.url.as_deref().map(clean_line);
        ScheduleBuilder {
            conference,
            dates_known,
            rooms: Vec::new(),
            room_index: HashMap::default(),
            tracks: Vec::new(),
            track_index: HashMap::default(),
            walking: Vec::new(),
            drafts: Vec::new(),
            warnings: Vec::new(),
            floating: false,
            zone_override: None,
            trust_day_labels: false,
        }
    }

    /// The conference's zone, for importers resolving local times.
    pub fn timezone(&self) -> Tz {
        self.conference.timezone
    }

    /// Applies the zone a reader chose (`schedule::zone`): its zone, the floating flag, and
    /// the warning that says how it was found (or that the zone given contradicts the file).
    pub fn set_zone(&mut self, choice: &super::zone::ZoneChoice) {
        self.conference.timezone = choice.zone;
        self.floating = choice.is_floating();
        self.zone_override = choice
            .overridden
            .as_ref()
            .map(super::zone::Overridden::note);
        if let Some(note) = choice.note() {
            self.warn(WarningKind::Assumption, note, Vec::new());
        }
    }

    /// Takes the days sessions state as they are: hallway's own format says exactly what it
    /// means. Published formats' day labels are checked against the venue's clock.
    pub fn trust_day_labels(&mut self) {
        self.trust_day_labels = true;
    }

    /// Adds a room, or returns the one of the same name (filling in what it did not know).
    pub fn add_room(&mut self, mut room: Room) -> RoomId {
        room.name = clean_line(&room.name);
        for part in [
            &mut room.location.building,
            &mut room.location.floor,
            &mut room.location.zone,
        ] {
            *part = part.as_deref().map(clean_line).filter(|p| !p.is_empty());
        }
        if let Some(&id) = self.room_index.get(&room.name) {
            let existing = &mut self.rooms[id.0 as usize];
            existing.capacity = existing.capacity.or(room.capacity);
            if existing.location == Location::default() {
                existing.location = room.location;
            }
            return id;
        }
        let id = RoomId(self.rooms.len() as u32);
        self.room_index.insert(room.name.clone(), id);
        self.rooms.push(room);
        id
    }

    /// The room of that name, created (recording and capacity not stated) if new.
    pub fn room_named(&mut self, name: &str) -> RoomId {
        // Every session names its room: look a clean name up without copying it.
        if is_clean_line(name)
            && let Some(&id) = self.room_index.get(name)
        {
            return id;
        }
        let key = clean_line(name);
        if let Some(&id) = self.room_index.get(&key) {
            return id;
        }
        self.add_room(Room {
            name: key,
            capacity: None,
            location: Location::default(),
            recorded: None,
        })
    }

    /// Whether a room records its sessions, as far as the source said.
    pub fn room_recorded(&self, room: RoomId) -> Option<bool> {
        self.rooms.get(room.0 as usize).and_then(|r| r.recorded)
    }

    /// Looks a room up by name without creating it.
    pub fn find_room(&self, name: &str) -> Option<RoomId> {
        self.room_index.get(&clean_line(name)).copied()
    }

    /// Adds a track, or returns the one of the same name.
    pub fn add_track(&mut self, mut track: Track) -> TrackId {
        track.name = clean_line(&track.name);
        if let Some(&id) = self.track_index.get(&track.name) {
            let existing = &mut self.tracks[id.0 as usize];
            existing.color = existing.color.take().or(track.color);
            return id;
        }
        let id = TrackId(self.tracks.len() as u32);
        self.track_index.insert(track.name.clone(), id);
        self.tracks.push(track);
        id
    }

    /// The track of that name, created if new; `None` for a blank name.
    pub fn track_named(&mut self, name: &str) -> Option<TrackId> {
        if !name.is_empty()
            && is_clean_line(name)
            && let Some(&id) = self.track_index.get(name)
        {
            return Some(id);
        }
        let name = clean_line(name);
        if name.is_empty() {
            return None;
        }
        Some(self.add_track(Track { name, color: None }))
    }

    pub fn add_walk(&mut self, walk: &Walk) {
        self.walking.push(Walk {
            from: clean_line(&walk.from),
            to: clean_line(&walk.to),
            minutes: walk.minutes,
        });
    }

    /// Room for `additional` more sessions, when a reader knows how many it has: the drafts'
    /// vector is then not grown (and copied) by doubling.
    pub fn reserve_sessions(&mut self, additional: usize) {
        self.drafts.reserve_exact(additional);
    }

    pub fn add_session(&mut self, draft: SessionDraft) {
        self.drafts.push(draft);
    }

    /// Records a problem the importer found that does not stop loading. The message may quote
    /// the file (an unknown zone name): it is cleaned to one line here, like every other text.
    pub fn warn(&mut self, kind: WarningKind, message: impl Into<String>, sessions: Vec<String>) {
        self.warnings.push(Warning {
            kind,
            message: crate::text::for_message(&message.into()).into_owned(),
            sessions: sessions.into_iter().map(clean_line_owned).collect(),
        });
    }

    /// Cleans, orders and indexes everything; finds the data problems a reader should know of.
    pub fn build(self, format: &'static str) -> Schedule {
        let ScheduleBuilder {
            mut conference,
            dates_known,
            rooms,
            tracks,
            walking,
            drafts,
            mut warnings,
            floating,
            zone_override,
            trust_day_labels,
            ..
        } = self;

        let mut sessions: Vec<Session> = Vec::with_capacity(drafts.len());
        let mut mislabelled = DayLabels::default();
        let mut dropped = DroppedLinks::default();
        for d in drafts {
            let day = match d.day {
                // Labels in another zone than the one given are not the given zone's days.
                Some(day) if trust_day_labels && zone_override.is_none() => day,
                _ => mislabelled.day(&d, conference.day_change),
            };
            let recorded = d
                .recorded
                .or_else(|| d.room.and_then(|r| rooms[r.0 as usize].recorded));
            let links = links(d.url, d.links, &d.id, &mut dropped);
            // The draft's strings are moved, not copied: cleaning returns a clean string as it is.
            sessions.push(Session {
                id: clean_line_owned(d.id),
                guid: d.guid.map(clean_line_owned).filter(|g| !g.is_empty()),
                title: clean_line_owned(d.title),
                subtitle: d.subtitle.map(clean_line_owned).filter(|s| !s.is_empty()),
                kind: d.kind,
                track: d.track,
                room: d.room,
                start: d.start,
                end: d.end,
                day,
                speakers: d
                    .speakers
                    .into_iter()
                    .map(|s| Speaker {
                        name: clean_line_owned(s.name),
                        company: s.company.map(clean_line_owned).filter(|c| !c.is_empty()),
                    })
                    .filter(|s| !s.name.is_empty())
                    .collect(),
                abstract_text: clean_owned(trimmed(d.abstract_text)),
                language: d.language.map(clean_line_owned).filter(|l| !l.is_empty()),
                tags: d
                    .tags
                    .into_iter()
                    .map(clean_line_owned)
                    .filter(|t| !t.is_empty())
                    .collect(),
                recorded,
                links,
                interest: d.interest,
                answers: d
                    .answers
                    .into_iter()
                    .map(|a| Answer {
                        question: clean_line_owned(a.question),
                        answer: clean_owned(trimmed(a.answer)),
                    })
                    .filter(|a| !a.question.is_empty() && !a.answer.is_empty())
                    .collect(),
            });
        }
        warnings.extend(dropped.warning());
        rename_duplicates(&mut sessions, &mut warnings);
        if let Some(warning) = mislabelled.warning() {
            // A zone given against the file's own moves days off its labels; its note says so.
            if zone_override.is_none() {
                warnings.push(warning);
            }
            // The labels gave the conference's dates too: take them from the sessions.
            if let (Some(first), Some(last)) = (
                sessions.iter().map(|s| s.day).min(),
                sessions.iter().map(|s| s.day).max(),
            ) {
                conference.start_date = conference.start_date.min(first);
                conference.end_date = conference.end_date.max(last);
            }
        }

        if !dates_known
            && let (Some(first), Some(last)) = (
                sessions.iter().map(|s| s.day).min(),
                sessions.iter().map(|s| s.day).max(),
            )
        {
            conference.start_date = first;
            conference.end_date = last;
        }

        if conference.id.trim().is_empty() {
            let year = conference.start_date.format("%Y").to_string();
            let id = if conference.title.contains(&year) {
                slug(&conference.title)
            } else {
                slug(&format!("{} {year}", conference.title))
            };
            conference.id = id;
        }

        let sessions = sorted(sessions);

        for s in &sessions {
            if s.end < s.start {
                warnings.push(Warning {
                    kind: WarningKind::EndBeforeStart,
                    message: format!(
                        "\"{}\" ends ({}) before it starts ({})",
                        s.title,
                        s.end.format("%a %H:%M"),
                        s.start.format("%a %H:%M")
                    ),
                    sessions: vec![s.id.clone()],
                });
            }
            if s.day < conference.start_date || s.day > conference.end_date {
                warnings.push(Warning {
                    kind: WarningKind::OutsideConference,
                    message: format!(
                        "\"{}\" is on {}, outside the conference's days ({} to {})",
                        s.title, s.day, conference.start_date, conference.end_date
                    ),
                    sessions: vec![s.id.clone()],
                });
            }
        }

        let mut schedule = Schedule::index(
            conference, rooms, tracks, walking, sessions, warnings, format,
        );
        schedule.floating = floating;
        schedule.zone_override = zone_override;
        schedule
    }
}

/// A session's links, cleaned: the page first, web addresses only (others counted in
/// `dropped`), one link per address (a later copy can only name a vaguer link: "other" takes
/// the kind of a copy that says more), and every link titled.
fn links(
    page: Option<String>,
    others: Vec<Link>,
    session: &str,
    dropped: &mut DroppedLinks,
) -> Vec<Link> {
    let page = page.map(|url| Link::new(LinkKind::Page, "", url));
    let mut out: Vec<Link> = Vec::with_capacity(others.len() + 1);
    for link in page.into_iter().chain(others) {
        let raw = clean_line_owned(link.url);
        if raw.is_empty() {
            continue;
        }
        let url = match web_url_owned(raw) {
            Ok(url) => url,
            Err(raw) => {
                dropped.note(&raw, session);
                continue;
            }
        };
        let title = clean_line_owned(link.title);
        if let Some(same) = out.iter_mut().find(|l| l.url == url) {
            if same.kind == LinkKind::Other {
                same.kind = link.kind;
            }
            if same.title.is_empty() {
                same.title = title;
            }
            continue;
        }
        out.push(Link {
            kind: link.kind,
            title,
            url,
        });
    }
    for link in &mut out {
        if link.title.is_empty() {
            link.title = link.kind.default_title().to_string();
        }
    }
    out
}

/// Links that were not web addresses: counted, for one warning naming the first.
#[derive(Default)]
struct DroppedLinks {
    count: usize,
    first: Option<String>,
    sessions: Vec<String>,
}

impl DroppedLinks {
    fn note(&mut self, url: &str, session: &str) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(crate::text::quote(url));
        }
        // A few ids are enough to find them; the count says how many there are.
        if self.sessions.len() < 20 && !self.sessions.iter().any(|s| s == session) {
            self.sessions.push(clean_line(session));
        }
    }

    fn warning(self) -> Option<Warning> {
        let first = self.first?;
        let others = match self.count {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        Some(Warning {
            kind: WarningKind::Link,
            message: format!(
                "links that are not web addresses were dropped: {first}{others}; hallway keeps http and https links only"
            ),
            sessions: self.sessions,
        })
    }
}

/// Days by the venue's clock, checked against the day a file lists a session under.
///
/// A session's day is the venue-local date of its start, the day before when it starts before
/// the day change. A file's label is trusted when it agrees, or when it names the evening before
/// for a session in the small hours (before 06:00) of a file that gives no day spans; a label
/// that says otherwise (wafer labels days with their UTC date) is overruled and counted.
#[derive(Default)]
struct DayLabels {
    count: usize,
    first: Option<(String, String, NaiveDate, NaiveDate)>,
}

impl DayLabels {
    fn day(&mut self, d: &SessionDraft, day_change: chrono::NaiveTime) -> NaiveDate {
        let rule = conference_day(&d.start, day_change);
        let Some(label) = d.day else {
            return rule;
        };
        let night = chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap_or(chrono::NaiveTime::MIN);
        if label == rule || (label.succ_opt() == Some(rule) && d.start.naive_local().time() < night)
        {
            return label;
        }
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((
                d.title.clone(),
                d.start.format("%a %-d %b %H:%M").to_string(),
                label,
                rule,
            ));
        }
        rule
    }

    fn warning(&self) -> Option<Warning> {
        let (title, start, label, rule) = self.first.as_ref()?;
        let others = match self.count {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        Some(Warning {
            kind: WarningKind::Assumption,
            message: format!(
                "the file's day labels contradict the venue's clock: \"{}\" starts {start} but is listed under {label}{others}; days follow the venue's clock ({rule})",
                clean_line(title)
            ),
            sessions: Vec::new(),
        })
    }
}

/// Makes ids unique, so that stars and notes stay on their session.
///
/// When the sessions sharing an id all carry different guids (congress files reuse one id for
/// two events), every one of them is keyed by its guid: `"{id}~{first 8 of guid}"`, the same
/// whatever the order the next version of the file lists them in. Otherwise every copy after the
/// first gets `"{id}~{n}"`, n counting from 2. Either way a warning says so.
fn rename_duplicates(sessions: &mut [Session], warnings: &mut Vec<Warning>) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    {
        let mut seen: HashMap<&str, usize, RandomState> =
            HashMap::with_capacity_and_hasher(sessions.len(), RandomState::default());
        let mut first: HashMap<&str, usize, RandomState> = HashMap::default();
        for (i, s) in sessions.iter().enumerate() {
            match seen.get(s.id.as_str()) {
                None => {
                    seen.insert(s.id.as_str(), i);
                }
                Some(&at) => {
                    let g = *first.entry(s.id.as_str()).or_insert_with(|| {
                        groups.push(vec![at]);
                        groups.len() - 1
                    });
                    groups[g].push(i);
                }
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    let taken: std::collections::HashSet<String, RandomState> =
        sessions.iter().map(|s| s.id.clone()).collect();
    for group in groups {
        let original = sessions[group[0]].id.clone();
        let guids: Vec<Option<&str>> = group.iter().map(|&i| sessions[i].guid.as_deref()).collect();
        let distinct = guids.iter().all(Option::is_some)
            && guids
                .iter()
                .enumerate()
                .all(|(k, g)| !guids[..k].contains(g));
        let by_guid: Option<Vec<String>> = distinct
            .then(|| {
                let short = |g: &str, n: usize| -> String {
                    let keep: String = g
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .take(n)
                        .collect();
                    format!("{original}~{}", keep.to_ascii_lowercase())
                };
                [8, usize::MAX].into_iter().find_map(|n| {
                    let ids: Vec<String> =
                        guids.iter().map(|g| short(g.unwrap_or(""), n)).collect();
                    let unique = ids
                        .iter()
                        .enumerate()
                        .all(|(k, id)| !ids[..k].contains(id) && !taken.contains(id));
                    unique.then_some(ids)
                })
            })
            .flatten();
        match by_guid {
            Some(ids) => {
                for (&i, id) in group.iter().zip(&ids) {
                    sessions[i].id.clone_from(id);
                }
                warnings.push(Warning {
                    kind: WarningKind::DuplicateId,
                    message: format!(
                        "session id \"{original}\" is used by {} events with different guids; each is kept under its guid ({}), whatever the file's order",
                        group.len(),
                        ids.iter().map(|id| format!("\"{id}\"")).collect::<Vec<_>>().join(", ")
                    ),
                    sessions: ids,
                });
            }
            None => {
                for (n, &i) in group.iter().enumerate().skip(1) {
                    let s = &mut sessions[i];
                    s.id = format!("{original}~{}", n + 1);
                    warnings.push(Warning {
                        kind: WarningKind::DuplicateId,
                        message: format!(
                            "session id \"{original}\" is used more than once; the copy titled \"{}\" is kept as \"{}\"",
                            s.title, s.id
                        ),
                        sessions: vec![original.clone(), s.id.clone()],
                    });
                }
            }
        }
    }
}

/// Sessions in schedule order: by (day, start, end, room, title, id), ties kept in the order
/// read. The order is found on a small key per session, and each session is moved once.
fn sorted(sessions: Vec<Session>) -> Vec<Session> {
    let mut order: Vec<(NaiveDate, NaiveDateTime, NaiveDateTime, Option<RoomId>, u32)> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.day,
                s.start.naive_utc(),
                s.end.naive_utc(),
                s.room,
                i as u32,
            )
        })
        .collect();
    // Files list sessions mostly in order; a strictly increasing key needs no sort.
    if order.is_sorted_by(|a, b| (a.0, a.1, a.2, a.3) < (b.0, b.1, b.2, b.3)) {
        return sessions;
    }
    order.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2, a.3)
            .cmp(&(b.0, b.1, b.2, b.3))
            .then_with(|| {
                let (x, y) = (&sessions[a.4 as usize], &sessions[b.4 as usize]);
                (&x.title, &x.id, a.4).cmp(&(&y.title, &y.id, b.4))
            })
    });
    // Each session moved into its place by following the permutation's cycles: no second
    // vector of sessions (the schedule's largest), so no more memory at the peak.
    let mut sessions = sessions;
    let mut from: Vec<u32> = order.iter().map(|k| k.4).collect();
    for start in 0..from.len() {
        let mut at = start;
        loop {
            let src = from[at] as usize;
            from[at] = at as u32;
            if src == start || src == at {
                break;
            }
            sessions.swap(at, src);
            at = src;
        }
    }
    sessions
}

/// The string without white space at either end, moved when there is none.
fn trimmed(text: String) -> String {
    let t = text.trim();
    if t.len() == text.len() {
        text
    } else {
        t.to_string()
    }
}

/// A lower-case id made of letters, digits and dashes: "`KubeCon` EU 2024" → "kubecon-eu-2024".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "conference".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_ids() {
        assert_eq!(
            slug("KubeCon + CloudNativeCon Europe 2024"),
            "kubecon-cloudnativecon-europe-2024"
        );
        assert_eq!(slug("  39C3: Power Cycles "), "39c3-power-cycles");
        assert_eq!(slug("東京"), "conference");
    }
}
