//! The analysis a shell keeps beside a schedule and an agenda: every session's crowding risk,
//! and the conflicts among the starred sessions, kept up to date one star toggle at a time.
//!
//! Risks depend on the schedule only and are worked out once ([`super::crowding::assess`]).
//! Conflicts are worked out per conference day; a toggle re-works the toggled session's day, and
//! a later day only when the session runs on into it (past a day change). Row markers
//! ([`Analysis::flags`]) are kept in per-session counters, so reading them is O(1).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::agenda::Agenda;
use super::conflicts::{Conflicts, DayConflicts, DayInput, analyse_day};
use super::crowding::{Risk, RiskLevel, assess};
use super::walking::WalkTable;
use crate::schedule::Schedule;

/// What a row marker needs to know about one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub starred: bool,
    /// Starred and overlapping another starred session.
    pub overlap: bool,
    /// Starred, and the walk into it from the previous starred session is longer than the gap.
    pub tight: bool,
    pub risk: RiskLevel,
}

/// One day's starred sessions.
#[derive(Debug, Clone, Default)]
struct DayStars {
    /// Positions, by (start, end, position).
    members: Vec<usize>,
}

/// Risks for every session and conflicts among the starred ones.
#[derive(Debug, Clone)]
pub struct Analysis {
    risks: Vec<Risk>,
    walks: WalkTable,
    starred: Vec<bool>,
    days: BTreeMap<NaiveDate, DayStars>,
    conflicts: Conflicts,
    overlap_count: Vec<u16>,
    tight_count: Vec<u16>,
}

impl Analysis {
    /// Works out risks for the schedule and conflicts for the agenda's stars. Stars on ids the
    /// schedule does not have are ignored.
    pub fn new(schedule: &Schedule, agenda: &Agenda) -> Analysis {
        let n = schedule.sessions().len();
        let mut analysis = Analysis {
            risks: assess(schedule),
            walks: WalkTable::new(schedule),
            starred: vec![false; n],
            days: BTreeMap::new(),
            conflicts: Conflicts::default(),
            overlap_count: vec![0; n],
            tight_count: vec![0; n],
        };
        let mut positions: Vec<usize> = agenda
            .stars
            .iter()
            .filter_map(|id| schedule.find(id).map(|(i, _)| i))
            .collect();
        positions.sort_unstable_by_key(|&i| key(schedule, i));
        positions.dedup();
        for i in positions {
            analysis.starred[i] = true;
            analysis
                .days
                .entry(schedule.session(i).day)
                .or_default()
                .members
                .push(i);
        }
        let dates: Vec<NaiveDate> = analysis.days.keys().copied().collect();
        for date in dates {
            analysis.rework(schedule, date);
        }
        analysis
    }

    /// Brings the analysis up to date after the star of the session at `index` (a position in
    /// [`Schedule::sessions`]) changed in `agenda`. Does nothing when it did not change, or when
    /// `index` is out of range.
    pub fn set_starred(&mut self, schedule: &Schedule, agenda: &Agenda, index: usize) {
        if index >= self.starred.len() {
            return;
        }
        let now = agenda.is_starred(&schedule.session(index).id);
        if now == self.starred[index] {
            return;
        }
        self.starred[index] = now;
        let s = schedule.session(index);
        let stars = self.days.entry(s.day).or_default();
        let k = key(schedule, index);
        match stars
            .members
            .binary_search_by(|&m| key(schedule, m).cmp(&k))
        {
            Ok(at) if !now => {
                stars.members.remove(at);
            }
            Err(at) if now => stars.members.insert(at, index),
            _ => {}
        }
        let mut affected = vec![s.day];
        // Later days this session runs into (it may overlap their first sessions).
        let end = s.end.max(s.start);
        for (&date, later) in self.days.range(s.day..).skip(1) {
            match later.members.first() {
                Some(&first) if schedule.session(first).start < end => affected.push(date),
                Some(_) => break,
                None => {}
            }
        }
        for date in affected {
            self.rework(schedule, date);
        }
    }

    /// Re-reads every star of the agenda (after it was reloaded or merged from disk).
    pub fn set_agenda(&mut self, schedule: &Schedule, agenda: &Agenda) {
        for index in 0..self.starred.len() {
            self.set_starred(schedule, agenda, index);
        }
    }

    /// The crowding risk of the session at a position.
    ///
    /// # Panics
    /// When `index` is not a position in the schedule the analysis was built for.
    pub fn risk(&self, index: usize) -> &Risk {
        &self.risks[index]
    }

    /// Every session's risk, by position.
    pub fn risks(&self) -> &[Risk] {
        &self.risks
    }

    /// Row markers for the session at a position; all clear when out of range.
    pub fn flags(&self, index: usize) -> Flags {
        if index >= self.starred.len() {
            return Flags::default();
        }
        Flags {
            starred: self.starred[index],
            overlap: self.overlap_count[index] > 0,
            tight: self.tight_count[index] > 0,
            risk: self.risks[index].level,
        }
    }

    /// Conflicts among the starred sessions, by day.
    pub fn conflicts(&self) -> &Conflicts {
        &self.conflicts
    }

    /// The walks between rooms, worked out once.
    pub fn walks(&self) -> &WalkTable {
        &self.walks
    }

    /// Works one day out again and replaces its conflicts and their markers.
    fn rework(&mut self, schedule: &Schedule, date: NaiveDate) {
        let members: &[usize] = self.days.get(&date).map_or(&[], |d| &d.members);
        let guests = self.guests(schedule, date, members);
        let fresh = (!members.is_empty()).then(|| {
            analyse_day(&DayInput {
                schedule,
                risks: &self.risks,
                walks: &self.walks,
                date,
                members,
                guests: &guests,
            })
        });
        if members.is_empty() {
            self.days.remove(&date);
        }
        let at = self.conflicts.days.binary_search_by_key(&date, |d| d.date);
        if let Ok(at) = at {
            let old = self.conflicts.days.remove(at);
            self.mark(&old, false);
        }
        if let Some(day) = fresh.filter(|d| !d.is_empty()) {
            self.mark(&day, true);
            let at = self
                .conflicts
                .days
                .binary_search_by_key(&date, |d| d.date)
                .unwrap_or_else(|e| e);
            self.conflicts.days.insert(at, day);
        }
    }

    /// Starred sessions of earlier days still running when `date`'s first starred one starts.
    fn guests(&self, schedule: &Schedule, date: NaiveDate, members: &[usize]) -> Vec<usize> {
        let Some(&first) = members.first() else {
            return Vec::new();
        };
        let from = schedule.session(first).start;
        let mut guests = Vec::new();
        for stars in self.days.range(..date).rev().map(|(_, d)| d) {
            let before = guests.len();
            guests.extend(
                stars
                    .members
                    .iter()
                    .copied()
                    .filter(|&i| schedule.session(i).end > from),
            );
            // A day none of whose sessions reach `from` ends the search: earlier days would need
            // a session longer than a whole day to reach it.
            if guests.len() == before {
                break;
            }
        }
        guests
    }

    /// Adds (or removes) a day's conflicts to the per-session markers.
    fn mark(&mut self, day: &DayConflicts, add: bool) {
        let bump = |c: &mut u16| {
            *c = if add {
                c.saturating_add(1)
            } else {
                c.saturating_sub(1)
            };
        };
        for o in &day.overlaps {
            for &i in &o.sessions {
                bump(&mut self.overlap_count[i]);
            }
        }
        for t in day.transfers.iter().filter(|t| t.tight) {
            bump(&mut self.tight_count[t.to]);
        }
    }
}

/// The order of a day's starred sessions.
fn key(
    schedule: &Schedule,
    i: usize,
) -> (
    chrono::DateTime<chrono_tz::Tz>,
    chrono::DateTime<chrono_tz::Tz>,
    usize,
) {
    let s = schedule.session(i);
    (s.start, s.end.max(s.start), i)
}

#[cfg(test)]
mod tests;
