//! The grid view's state: rooms as columns, time as rows, like the printed programme.
//!
//! Columns and their sessions are rebuilt when the day's rows change; drawing then looks up only
//! the sessions that overlap the visible window.

use chrono::{DateTime, Duration, Timelike};
use chrono_tz::Tz;
use ratatui::layout::Rect;

use crate::schedule::{RoomId, Schedule};

/// Minutes per grid line.
pub const STEP_MINUTES: i64 = 5;
/// Columns are at least this wide; the rest of the width is shared out among them.
const MIN_COL_WIDTH: u16 = 22;
/// Width of the time axis on the left.
pub const AXIS_WIDTH: u16 = 6;

#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The rooms shown, in schedule order; `None` holds sessions with no room.
    pub rooms: Vec<Option<RoomId>>,
    /// Session positions per column, by start.
    pub columns: Vec<Vec<usize>>,
    /// The top of the day: the first start, on the hour.
    pub start: Option<DateTime<Tz>>,
    /// Lines from `start` to the last end.
    pub lines: usize,
    pub selected: Option<usize>,
    pub col: usize,
    pub col_offset: usize,
    pub line_offset: usize,
}

impl Grid {
    /// Rebuilds the columns from the day's visible sessions (`rows`, in time order).
    pub fn rebuild(&mut self, schedule: &Schedule, rows: &[usize]) {
        let mut rooms: Vec<Option<RoomId>> =
            rows.iter().map(|&i| schedule.session(i).room).collect();
        rooms.sort_unstable_by_key(|r| r.map_or(u32::MAX, |r| r.0));
        rooms.dedup();
        let mut columns = vec![Vec::new(); rooms.len()];
        for &i in rows {
            let room = schedule.session(i).room;
            if let Ok(c) = rooms.binary_search_by_key(&room.map_or(u32::MAX, |r| r.0), |r| {
                r.map_or(u32::MAX, |r| r.0)
            }) {
                columns[c].push(i);
            }
        }
        for col in &mut columns {
            col.sort_by_key(|&i| (schedule.session(i).start, schedule.session(i).end));
        }
        self.start = rows
            .iter()
            .map(|&i| schedule.session(i).start)
            .min()
            .map(|t| {
                let t = t.with_minute(0).unwrap_or(t);
                t.with_second(0).unwrap_or(t)
            });
        self.lines = match (
            self.start,
            rows.iter().map(|&i| schedule.session(i).end).max(),
        ) {
            (Some(s), Some(e)) => ((e - s).num_minutes().max(0) / STEP_MINUTES + 1) as usize,
            _ => 0,
        };
        self.rooms = rooms;
        self.columns = columns;
        let keep = self.selected.filter(|i| rows.contains(i));
        if let Some(i) = keep {
            self.select(schedule, i);
        } else {
            self.col = self.col.min(self.columns.len().saturating_sub(1));
            self.selected = self.columns.get(self.col).and_then(|c| c.first().copied());
        }
    }

    /// The grid line of an instant.
    pub fn line_of(&self, t: DateTime<Tz>) -> usize {
        self.start.map_or(0, |s| {
            ((t - s).num_minutes().max(0) / STEP_MINUTES) as usize
        })
    }

    /// The instant at the top of a grid line.
    pub fn time_of(&self, line: usize) -> Option<DateTime<Tz>> {
        self.start
            .map(|s| s + Duration::minutes(line as i64 * STEP_MINUTES))
    }

    /// Selects a session and its column.
    pub fn select(&mut self, schedule: &Schedule, i: usize) {
        let room = schedule.session(i).room;
        if let Some(c) = self.rooms.iter().position(|&r| r == room)
            && self.columns[c].contains(&i)
        {
            self.col = c;
            self.selected = Some(i);
        }
    }

    /// Moves within the column by `delta` sessions.
    pub fn step_session(&mut self, _schedule: &Schedule, delta: isize) {
        let Some(column) = self.columns.get(self.col) else {
            return;
        };
        if column.is_empty() {
            return;
        }
        let at = self
            .selected
            .and_then(|i| column.iter().position(|&c| c == i))
            .unwrap_or(0);
        let to = at.saturating_add_signed(delta).min(column.len() - 1);
        self.selected = Some(column[to]);
    }

    /// Moves to the next or previous room, onto the session nearest in time.
    pub fn step_room(&mut self, schedule: &Schedule, delta: isize) {
        if self.columns.is_empty() {
            return;
        }
        let to = self
            .col
            .saturating_add_signed(delta)
            .min(self.columns.len() - 1);
        let at = self.selected.map(|i| schedule.session(i).start);
        self.col = to;
        let column = &self.columns[to];
        self.selected = match at {
            Some(t) => column
                .iter()
                .copied()
                .find(|&i| schedule.session(i).end > t)
                .or_else(|| column.last().copied()),
            None => column.first().copied(),
        };
    }

    /// Column width for a grid area.
    pub fn col_width(area: Rect) -> u16 {
        let avail = area.width.saturating_sub(AXIS_WIDTH);
        let n = (avail / MIN_COL_WIDTH).max(1);
        (avail / n.max(1)).max(1)
    }

    /// How many columns fit in a grid area.
    pub fn visible_cols(area: Rect) -> usize {
        let w = Self::col_width(area);
        usize::from(area.width.saturating_sub(AXIS_WIDTH) / w.max(1))
    }

    /// Scrolls so the selected session is on screen.
    pub fn follow(&mut self, schedule: &Schedule, area: Rect) {
        let vis = Self::visible_cols(area).max(1);
        if self.col < self.col_offset {
            self.col_offset = self.col;
        } else if self.col >= self.col_offset + vis {
            self.col_offset = self.col + 1 - vis;
        }
        self.col_offset = self.col_offset.min(self.columns.len().saturating_sub(vis));
        let height = usize::from(area.height.saturating_sub(1)).max(1);
        if let Some(i) = self.selected {
            let s = schedule.session(i);
            let top = self.line_of(s.start);
            let bottom = self.line_of(s.end).max(top + 1);
            // Off screen: bring it a quarter of the way down, so what comes before shows too.
            if top < self.line_offset || bottom > self.line_offset + height {
                self.line_offset = top.saturating_sub(height / 4);
            }
        }
        self.line_offset = self.line_offset.min(self.lines.saturating_sub(height));
    }

    /// Selects the session under a click in the grid area.
    pub fn click(&mut self, schedule: &Schedule, area: Rect, column: u16, row: u16) {
        if column < area.x + AXIS_WIDTH || row <= area.y {
            return;
        }
        let w = Self::col_width(area);
        let c = self.col_offset + usize::from((column - area.x - AXIS_WIDTH) / w.max(1));
        let line = self.line_offset + usize::from(row - area.y - 1);
        let Some(t) = self.time_of(line) else {
            return;
        };
        if let Some(col) = self.columns.get(c)
            && let Some(&i) = col.iter().find(|&&i| {
                let s = schedule.session(i);
                s.start <= t && t < s.end.max(s.start + Duration::minutes(STEP_MINUTES))
            })
        {
            self.col = c;
            self.selected = Some(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::fixture;

    #[test]
    fn columns_are_rooms_and_moves_follow_time() {
        let s = fixture();
        let day: Vec<usize> = s.days()[0].range.clone().collect();
        let mut g = Grid::default();
        g.rebuild(&s, &day);
        assert_eq!(g.rooms.len(), 2);
        assert_eq!(g.start.unwrap().format("%H:%M").to_string(), "11:00");
        let libc = s.find("libc").unwrap().0;
        let rust = s.find("rust").unwrap().0;
        let party = s.find("party").unwrap().0;
        g.select(&s, libc);
        g.step_room(&s, 1);
        assert_eq!(
            g.selected,
            Some(rust),
            "the Room B session running at the same time"
        );
        g.step_session(&s, 1);
        assert_eq!(g.selected, Some(party));
        g.step_session(&s, 5);
        assert_eq!(g.selected, Some(party), "stays on the last");
        g.step_room(&s, -1);
        assert_eq!(
            g.selected,
            Some(libc),
            "nothing later in Room A: its last session"
        );
    }

    #[test]
    fn following_scrolls_to_the_selection() {
        let s = fixture();
        let day: Vec<usize> = s.days()[0].range.clone().collect();
        let mut g = Grid::default();
        g.rebuild(&s, &day);
        let party = s.find("party").unwrap().0;
        g.select(&s, party);
        g.follow(&s, Rect::new(0, 0, 60, 10));
        // The party is at 00:30, 162 lines of 5 minutes after 11:00.
        assert!(g.line_offset > 100, "{}", g.line_offset);
        assert!(g.line_offset <= g.line_of(s.session(party).start));
    }
}
