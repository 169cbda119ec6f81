//! The "now" line drawn in the schedule and agenda views on today's day: between the sessions
//! that began before now and those that begin after.
//!
//! Where it falls is worked out in `update` (when the rows change and when the minute does) by
//! a binary search over rows sorted by start; drawing and clicks only read the position kept
//! here. Each view keeps one line of its height for it, so the cursor never hides under it.

use chrono::Utc;

use super::agenda::{AgendaRow, AgendaView};
use super::{App, Scroll};
use crate::schedule::Schedule;

/// What one screen line of a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    /// The row at this index.
    Row(usize),
    /// The now line.
    Now,
}

/// The screen lines of a list of `len` rows scrolled to `offset`, `height` lines tall, with the
/// now line before row `now_at` (or after the last row when `now_at == len`) when it falls in
/// view: what is drawn, and what a click on a line means.
pub fn lines(
    offset: usize,
    height: usize,
    len: usize,
    now_at: Option<usize>,
) -> impl Iterator<Item = ListLine> {
    let now_at = now_at.filter(|&p| p >= offset && p < offset + height && p <= len);
    let rows = (offset..len).map(ListLine::Row);
    let mut rows = rows.peekable();
    let mut now_pending = now_at.is_some();
    std::iter::from_fn(move || {
        if now_pending
            && rows
                .peek()
                .is_none_or(|l| matches!(l, ListLine::Row(r) if Some(*r) == now_at))
        {
            now_pending = false;
            return Some(ListLine::Now);
        }
        rows.next()
    })
    .take(height)
}

/// The row a click on screen line `line` of a list lands on, if any.
pub fn row_at(
    scroll: &Scroll,
    height: usize,
    len: usize,
    now_at: Option<usize>,
    line: usize,
) -> Option<usize> {
    match lines(scroll.offset, height, len, now_at).nth(line)? {
        ListLine::Row(r) => Some(r),
        ListLine::Now => None,
    }
}

/// Where the now line falls in the schedule view's `rows` (positions sorted by start): before
/// the first session that begins after `now`.
pub fn in_rows(schedule: &Schedule, rows: &[usize], now: chrono::DateTime<Utc>) -> usize {
    rows.partition_point(|&i| schedule.session(i).start <= now)
}

/// Where the now line falls in the agenda's rows: within today's day, before the first starred
/// session that begins after `now` (and the gap, overlap or walk leading into it), else after
/// today's last row. `None` when the agenda has nothing today.
pub fn in_agenda(
    schedule: &Schedule,
    view: &AgendaView,
    today: chrono::NaiveDate,
    now: chrono::DateTime<Utc>,
) -> Option<usize> {
    let rows = &view.rows;
    // The day headers are few: a linear look for today's is proportional to the days.
    let head = rows.iter().position(|r| *r == AgendaRow::Day(today))?;
    let end = rows[head + 1..]
        .iter()
        .position(|r| matches!(r, AgendaRow::Day(_)))
        .map_or(rows.len(), |k| head + 1 + k);
    // Today's session rows, in start order: a binary search over the selectable rows.
    let sel = &view.selectable;
    let lo = sel.partition_point(|&r| r < head);
    let hi = sel.partition_point(|&r| r < end);
    let k = lo
        + sel[lo..hi].partition_point(|&r| match rows[r] {
            AgendaRow::Session(i) => schedule.session(i).start <= now,
            _ => true,
        });
    let Some(&first_after) = sel.get(k).filter(|_| k < hi) else {
        return Some(end);
    };
    let mut at = first_after;
    while at > head + 1
        && matches!(
            rows[at - 1],
            AgendaRow::Gap(_) | AgendaRow::Overlap(_) | AgendaRow::Walk(..)
        )
    {
        at -= 1;
    }
    Some(at)
}

impl App {
    /// Whether the day shown is today (the conference day `now` belongs to).
    pub fn showing_today(&self) -> bool {
        self.day_date() == Some(self.schedule.day_at(self.now))
    }

    /// Places the now line in the schedule view's rows (on today only).
    pub(super) fn place_list_now_line(&mut self) {
        self.list.now_at = self
            .showing_today()
            .then(|| in_rows(&self.schedule, &self.list.rows, self.now));
    }

    /// Places the now line in the agenda's rows (within today's starred sessions).
    pub(super) fn place_agenda_now_line(&mut self) {
        let today = self.schedule.day_at(self.now);
        self.agenda_view.now_at = in_agenda(&self.schedule, &self.agenda_view, today, self.now);
    }

    /// Lines of the schedule view's rows on screen: its height less the now line's, when the
    /// day has one.
    pub(super) fn list_rows_height(&self) -> usize {
        self.list_height()
            .saturating_sub(usize::from(self.list.now_at.is_some()))
    }

    /// The same for the agenda view.
    pub(super) fn agenda_rows_height(&self) -> usize {
        self.list_height()
            .saturating_sub(usize::from(self.agenda_view.now_at.is_some()))
    }

    /// At a new minute: the now lines move past what has begun, and the views keep their
    /// cursors in sight.
    pub(super) fn move_now_lines(&mut self) {
        let list = self.list.now_at;
        self.place_list_now_line();
        if list != self.list.now_at {
            let h = self.list_rows_height();
            self.list.scroll.follow(self.list.rows.len(), h);
        }
        let agenda = self.agenda_view.now_at;
        self.place_agenda_now_line();
        if agenda != self.agenda_view.now_at {
            self.follow_agenda();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(offset: usize, height: usize, len: usize, now_at: Option<usize>) -> Vec<ListLine> {
        lines(offset, height, len, now_at).collect()
    }

    use ListLine::{Now, Row};

    #[test]
    fn the_now_line_takes_a_line_where_it_falls_in_view() {
        assert_eq!(shown(0, 4, 5, Some(2)), [Row(0), Row(1), Now, Row(2)]);
        assert_eq!(shown(0, 4, 5, Some(0)), [Now, Row(0), Row(1), Row(2)]);
        // Just below the window: not shown, every line a row.
        assert_eq!(shown(0, 4, 5, Some(4)), [Row(0), Row(1), Row(2), Row(3)]);
        assert_eq!(shown(0, 4, 5, Some(3)), [Row(0), Row(1), Row(2), Now]);
        // Above the window: not shown.
        assert_eq!(shown(2, 3, 5, Some(1)), [Row(2), Row(3), Row(4)]);
        // After the last row (everything today has begun).
        assert_eq!(shown(3, 4, 5, Some(5)), [Row(3), Row(4), Now]);
        assert_eq!(shown(0, 3, 0, Some(0)), [Now]);
        assert_eq!(shown(0, 3, 2, None), [Row(0), Row(1)]);
    }

    #[test]
    fn clicks_below_the_now_line_land_on_the_row_drawn_there() {
        let scroll = Scroll {
            cursor: 0,
            offset: 0,
        };
        assert_eq!(row_at(&scroll, 4, 5, Some(2), 1), Some(1));
        assert_eq!(row_at(&scroll, 4, 5, Some(2), 2), None);
        assert_eq!(row_at(&scroll, 4, 5, Some(2), 3), Some(2));
        assert_eq!(row_at(&scroll, 4, 5, None, 3), Some(3));
    }
}
