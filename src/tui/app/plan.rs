//! The attendee's plan as the interface holds it: the agenda (the one copy), its analysis
//! (crowding, clashes, walks), what a new version of the schedule changed in it, and what follows
//! from it at the current minute (the starred session running now, the next one).
//!
//! Everything here changes together when a star, a hide or the clock's minute changes; the
//! views read it and never recompute it.

use chrono::{DateTime, Utc};

use crate::plan::changes::{ScheduleChanges, detect};
use crate::plan::{Agenda, Analysis};
use crate::schedule::{Schedule, Session};

/// The agenda and everything derived from it.
pub struct Plan {
    /// Stars, hides, notes, ratings, as stored with what is not yet stored applied on top.
    pub agenda: Agenda,
    /// Crowding risks and conflicts among the stars, kept up to date on every star change.
    pub analysis: Analysis,
    /// What the schedule changed for the attendee since they last accepted it.
    pub changes: ScheduleChanges,
    /// Starred sessions this schedule has, by position.
    pub starred: Vec<usize>,
    /// Stars on ids this schedule does not have.
    pub orphan_stars: usize,
    /// The next starred session after now.
    pub next_up: Option<usize>,
    /// Starred sessions running now, the one ending first first.
    pub current: Vec<usize>,
    /// Hidden tracks by id (derived from the agenda's names).
    hidden_tracks: Vec<bool>,
}

impl Plan {
    /// The plan of `agenda` over `schedule` at `now`.
    pub fn new(schedule: &Schedule, agenda: Agenda, now: DateTime<Utc>) -> Self {
        let analysis = Analysis::new(schedule, &agenda);
        let changes = detect(schedule, &agenda);
        let mut plan = Plan {
            agenda,
            analysis,
            changes,
            starred: Vec::new(),
            orphan_stars: 0,
            next_up: None,
            current: Vec::new(),
            hidden_tracks: Vec::new(),
        };
        plan.derive(schedule, now);
        plan
    }

    /// Re-derives the starred positions, hidden tracks, and running and next sessions from the
    /// agenda (after any edit of it, and each minute).
    pub fn derive(&mut self, schedule: &Schedule, now: DateTime<Utc>) {
        self.hidden_tracks = schedule
            .tracks
            .iter()
            .map(|t| self.agenda.hidden_tracks.contains(&t.name))
            .collect();
        self.starred.clear();
        self.orphan_stars = 0;
        for id in &self.agenda.stars {
            match schedule.find(id) {
                Some((i, _)) => self.starred.push(i),
                None => self.orphan_stars += 1,
            }
        }
        self.starred.sort_unstable();
        self.at_minute(schedule, now);
    }

    /// The starred sessions running at `now` and the next one.
    pub fn at_minute(&mut self, schedule: &Schedule, now: DateTime<Utc>) {
        self.current = self
            .starred
            .iter()
            .copied()
            .filter(|&i| {
                let s = schedule.session(i);
                s.start <= now && now < s.end
            })
            .collect();
        self.current.sort_by_key(|&i| schedule.session(i).end);
        self.next_up = self
            .starred
            .iter()
            .copied()
            .filter(|&i| schedule.session(i).start > now)
            .min_by_key(|&i| schedule.session(i).start);
    }

    /// Whether a session is starred.
    pub fn is_starred(&self, session: &Session) -> bool {
        self.agenda.is_starred(&session.id)
    }

    pub fn is_track_hidden(&self, session: &Session) -> bool {
        session.track.is_some_and(|t| {
            self.hidden_tracks
                .get(t.0 as usize)
                .copied()
                .unwrap_or(false)
        })
    }

    /// Whether the session is hidden: hidden itself, or in a hidden track and not starred (a
    /// starred session stays in view when its track is hidden).
    pub fn is_hidden(&self, session: &Session) -> bool {
        self.agenda.hidden_sessions.contains(&session.id)
            || (self.is_track_hidden(session) && !self.is_starred(session))
    }

    /// The starred session running now that ends first, if any.
    pub fn current_starred(&self) -> Option<usize> {
        self.current.first().copied()
    }
}
