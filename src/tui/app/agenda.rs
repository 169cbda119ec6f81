//! The agenda view's state: the starred sessions by day with what lies between them (free time,
//! overlaps, tight walks, no lunch), rebuilt when the plan changes.

use chrono::NaiveDate;

use super::Scroll;
use super::plan::Plan;
use crate::plan::agenda::Seen;
use crate::schedule::{Schedule, Session};
use crate::tui::rooms::RoomColumn;

/// A line of the agenda view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaRow {
    Day(NaiveDate),
    Session(usize),
    /// Free time between two starred sessions, in minutes.
    Gap(i64),
    /// Two consecutive starred sessions overlap by this many minutes.
    Overlap(i64),
    /// The walk into the next session is longer than the gap: (gap, walk) in minutes.
    Walk(u32, u32),
    /// A day with no time for lunch: the message.
    Lunch(NaiveDate),
    /// A starred session the schedule cancelled: an index into [`AgendaView::cancelled`].
    Cancelled(usize),
}

/// A starred session a new version of the schedule no longer has, as the attendee last saw it
/// (the agenda's `seen` record): shown struck through at its old time until the changes are
/// accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub id: String,
    pub seen: Seen,
    /// The conference day it was on.
    pub day: NaiveDate,
}

/// The agenda view: its rows, the session rows the cursor moves over, and the scroll.
#[derive(Debug, Clone, Default)]
pub struct AgendaView {
    pub rows: Vec<AgendaRow>,
    /// Indexes into `rows` of the session rows (what the cursor moves over).
    pub selectable: Vec<usize>,
    /// The cancelled starred sessions shown, by their old start.
    pub cancelled: Vec<Cancelled>,
    /// The room column's labels for the starred sessions' rooms.
    pub rooms: RoomColumn,
    /// The cursor counts selectable rows; the offset counts rows, headers and gaps included.
    pub scroll: Scroll,
    /// Where the now line falls within today's rows (before this row), when the agenda has
    /// something today.
    pub now_at: Option<usize>,
}

impl AgendaView {
    /// The session under the cursor.
    pub fn selected(&self) -> Option<usize> {
        let row = *self.selectable.get(self.scroll.cursor)?;
        match self.rows.get(row)? {
            AgendaRow::Session(i) => Some(*i),
            _ => None,
        }
    }

    /// Puts the cursor on session `i` if the agenda shows it; whether it does.
    pub fn select(&mut self, i: usize) -> bool {
        let rows = &self.rows;
        match self
            .selectable
            .iter()
            .position(|&r| rows[r] == AgendaRow::Session(i))
        {
            Some(k) => {
                self.scroll.cursor = k;
                true
            }
            None => false,
        }
    }

    /// Rebuilds the rows from the plan, keeping the selected session selected.
    pub fn rebuild(&mut self, schedule: &Schedule, plan: &Plan) {
        let keep = self.selected();
        self.rows.clear();
        self.selectable.clear();
        self.cancelled = cancelled(schedule, plan);
        self.rooms = RoomColumn::new(
            schedule,
            plan.starred
                .iter()
                .filter_map(|&i| schedule.session(i).room),
        );
        let mut next_cancelled = 0;
        let mut prev: Option<&Session> = None;
        let mut shown_day: Option<NaiveDate> = None;
        let conflicts = plan.analysis.conflicts();
        let mut open_day = |rows: &mut Vec<AgendaRow>, day: NaiveDate| {
            if shown_day == Some(day) {
                return false;
            }
            shown_day = Some(day);
            rows.push(AgendaRow::Day(day));
            if conflicts.lunch().any(|l| l.day == day) {
                rows.push(AgendaRow::Lunch(day));
            }
            true
        };
        // The first tight walk into each starred session, looked up once per row below.
        let mut walks_in: Vec<(usize, u32, u32)> = conflicts
            .transfers()
            .filter(|t| t.tight)
            .map(|t| (t.to, t.gap_minutes, t.walk_minutes))
            .collect();
        // Stable: of several walks into one session, the first listed stays.
        walks_in.sort_by_key(|w| w.0);
        walks_in.dedup_by_key(|w| w.0);
        for &i in &plan.starred {
            let s = schedule.session(i);
            // The cancelled sessions that were to start before this one, where they were.
            while let Some(c) = self.cancelled.get(next_cancelled)
                && (c.day, c.seen.start.to_utc()) < (s.day, s.start.to_utc())
            {
                if open_day(&mut self.rows, c.day) {
                    prev = None;
                }
                self.rows.push(AgendaRow::Cancelled(next_cancelled));
                next_cancelled += 1;
            }
            if open_day(&mut self.rows, s.day) {
                prev = None;
            }
            if let Ok(w) = walks_in.binary_search_by_key(&i, |w| w.0) {
                let (_, gap, walk) = walks_in[w];
                self.rows.push(AgendaRow::Walk(gap, walk));
            }
            if let Some(p) = prev {
                let gap = (s.start - p.end).num_minutes();
                if gap > 0 {
                    self.rows.push(AgendaRow::Gap(gap));
                } else if gap < 0 {
                    // Clamped to the shorter session: a 10-minute talk inside a 35-minute one
                    // overlaps it by 10 minutes, as `hallway conflicts` says.
                    let overlap = (p.end.min(s.end) - s.start).num_minutes();
                    self.rows.push(AgendaRow::Overlap(overlap));
                }
            }
            self.selectable.push(self.rows.len());
            self.rows.push(AgendaRow::Session(i));
            if prev.is_none_or(|p| s.end > p.end) {
                prev = Some(s);
            }
        }
        for (k, c) in self.cancelled.iter().enumerate().skip(next_cancelled) {
            open_day(&mut self.rows, c.day);
            self.rows.push(AgendaRow::Cancelled(k));
        }
        if let Some(keep) = keep {
            self.select(keep);
        }
    }

    /// Keeps the selected row on screen in `height` rows (with its day header when it fits).
    pub fn follow(&mut self, height: usize) {
        let h = height.max(1);
        let len = self.selectable.len();
        self.scroll.cursor = self.scroll.cursor.min(len.saturating_sub(1));
        let Some(&row) = self.selectable.get(self.scroll.cursor) else {
            self.scroll.offset = 0;
            return;
        };
        let top = if row > 0 && matches!(self.rows[row - 1], AgendaRow::Day(_)) {
            row - 1
        } else {
            row
        };
        if top < self.scroll.offset {
            self.scroll.offset = top;
        } else if row >= self.scroll.offset + h {
            self.scroll.offset = row + 1 - h;
        }
        let max = self.rows.len().saturating_sub(h);
        self.scroll.offset = self.scroll.offset.min(max);
    }
}

/// The starred sessions the schedule cancelled that the agenda remembers, by old start.
fn cancelled(schedule: &Schedule, plan: &Plan) -> Vec<Cancelled> {
    let mut out: Vec<Cancelled> = plan
        .changes
        .cancelled
        .iter()
        .filter(|id| plan.agenda.is_starred(id))
        .filter_map(|id| {
            let seen = plan.agenda.seen.get(id)?;
            Some(Cancelled {
                id: id.clone(),
                day: schedule.day_at(seen.start.to_utc()),
                seen: seen.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.day, a.seen.start, &a.id).cmp(&(b.day, b.seen.start, &b.id)));
    out
}
