//! The agenda view's state: the starred sessions by day with what lies between them (free time,
//! overlaps, tight walks, no lunch), rebuilt when the plan changes.

use chrono::NaiveDate;

use super::Scroll;
use super::plan::Plan;
use crate::schedule::{Schedule, Session};

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
}

/// The agenda view: its rows, the session rows the cursor moves over, and the scroll.
#[derive(Debug, Clone, Default)]
pub struct AgendaView {
    pub rows: Vec<AgendaRow>,
    /// Indexes into `rows` of the session rows (what the cursor moves over).
    pub selectable: Vec<usize>,
    /// The cursor counts selectable rows; the offset counts rows, headers and gaps included.
    pub scroll: Scroll,
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
        let mut prev: Option<&Session> = None;
        let conflicts = plan.analysis.conflicts();
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
            if prev.is_none_or(|p| p.day != s.day) {
                self.rows.push(AgendaRow::Day(s.day));
                if conflicts.lunch().any(|l| l.day == s.day) {
                    self.rows.push(AgendaRow::Lunch(s.day));
                }
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
