//! The schedule view: the day's sessions in time order, grouped by time slot.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use super::{HhMm, MARKERS, MARKERS_WIDTH, cell, markers, paint};
use crate::tui::app::App;
use crate::tui::app::now_line::{self, ListLine};
use crate::tui::layout::COMPACT_WIDTH;
use crate::tui::rooms::RoomColumn;

/// Column widths for a list of `width` columns, and the room labels.
pub struct ListColumns<'a> {
    /// One column: start time, two markers, title (below [`COMPACT_WIDTH`] columns).
    pub compact: bool,
    pub time: usize,
    pub room: usize,
    pub title: usize,
    pub track: usize,
    /// The room column's labels (shared prefixes elided).
    pub rooms: &'a RoomColumn,
}

/// The compact row's markers: the star (or note), then the most pressing of change, clash and
/// crowding.
const COMPACT_MARKERS: usize = 2;

impl<'a> ListColumns<'a> {
    /// Widths for `width` columns, the room column no wider than the widest room label.
    pub fn new(width: usize, rooms: &'a RoomColumn) -> Self {
        if width < usize::from(COMPACT_WIDTH) {
            let time = 5;
            return ListColumns {
                compact: true,
                time,
                room: 0,
                title: width.saturating_sub(time + 1 + COMPACT_MARKERS + 1),
                track: 0,
                rooms,
            };
        }
        let time = 12;
        let room = rooms.width.clamp(4, if width >= 90 { 18 } else { 12 });
        let track = if width >= 110 {
            20
        } else if width >= 90 {
            14
        } else {
            0
        };
        let title = width
            .saturating_sub(MARKERS_WIDTH + time + room + track + if track > 0 { 2 } else { 1 });
        ListColumns {
            compact: false,
            time,
            room,
            title,
            track,
            rooms,
        }
    }

    /// Where the title column ends.
    pub fn title_end(&self) -> usize {
        if self.compact {
            self.time + 1 + COMPACT_MARKERS + 1 + self.title
        } else {
            MARKERS_WIDTH + self.time + self.room + 1 + self.title
        }
    }

    /// The header line's text, up to the title column.
    pub fn header(&self) -> String {
        if self.compact {
            return format!(
                "{}{}",
                cell("Time", self.time + 1 + COMPACT_MARKERS + 1),
                cell("Title", self.title)
            );
        }
        format!(
            "{}{}{} {}",
            " ".repeat(MARKERS_WIDTH),
            cell("Time", self.time),
            cell("Room", self.room),
            cell("Title", self.title)
        )
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let width = usize::from(area.width);
    let cols = ListColumns::new(width, &app.list.rooms);
    let buf = frame.buffer_mut();
    // The session count stands right-aligned over the end of the title column.
    let count = match app.list.rows.len() {
        1 => "1 session".to_string(),
        n => format!("{n} sessions"),
    };
    let title_end = cols.title_end();
    let mut head = format!(
        "{} {count}",
        cell(
            cols.header().trim_end(),
            title_end.saturating_sub(count.width() + 1)
        )
    );
    if cols.track > 0 {
        head.push(' ');
        head.push_str(&cell("Track", cols.track));
    }
    if area.height == 0 {
        return;
    }
    paint::put(
        buf,
        area.x,
        area.y,
        &cell(&head, width),
        area.width,
        t.dim(),
    );

    let height = usize::from(area.height.saturating_sub(1));
    if app.list.rows.is_empty() && area.height > 1 {
        let msg = if app.search_active() || !app.filters.is_default() {
            "  No session matches: Esc or c clears the search and filters."
        } else if app.schedule.sessions().is_empty() {
            "  No sessions published yet."
        } else {
            "  No sessions on this day."
        };
        paint::put(buf, area.x, area.y + 1, msg, area.width, t.dim());
    }
    let mut time = String::with_capacity(16);
    let list = &app.list;
    let shown = now_line::lines(list.scroll.offset, height, list.rows.len(), list.now_at);
    for (line, y) in shown.zip(area.y + 1..) {
        let r = match line {
            ListLine::Row(r) => r,
            ListLine::Now => {
                super::now_line(app, buf, area, y);
                continue;
            }
        };
        let i = app.list.rows[r];
        let s = app.schedule.session(i);
        let first_of_slot = r == app.list.scroll.offset
            || app.schedule.session(app.list.rows[r - 1]).start != s.start;
        time.clear();
        let end = HhMm::of(&s.end.with_timezone(&app.tz));
        let _ = if first_of_slot {
            write!(time, "{}–{end}", HhMm::of(&s.start.with_timezone(&app.tz)))
        } else {
            write!(time, "   –{end}")
        };
        let time_style = if first_of_slot { t.slot() } else { t.dim() };
        let row = if r == app.list.scroll.cursor {
            t.selected()
        } else if app.plan.is_hidden(s) {
            t.hidden()
        } else if s.end < app.now {
            t.dim()
        } else {
            Style::new()
        };
        let mut painter = paint::Row::new(buf, area, y, row);
        session_row(app, &mut painter, i, &cols, &time, time_style);
    }
}

/// Paints a session's row: markers, then `time`, room, title and (when it fits) track.
pub fn session_row(
    app: &App,
    row: &mut paint::Row,
    i: usize,
    cols: &ListColumns,
    time: &str,
    time_style: Style,
) {
    let t = app.theme;
    let s = app.schedule.session(i);
    if cols.compact {
        let start = HhMm::of(&s.start.with_timezone(&app.tz)).to_string();
        row.cell(&start, cols.time, time_style);
        row.skip(1);
        let [star, note, changed, clash, crowd] = markers(app, i);
        let first = if star.0 == " " { note } else { star };
        let second = [changed, clash, crowd]
            .into_iter()
            .find(|m| m.0 != " ")
            .unwrap_or(changed);
        for (symbol, style) in [first, second] {
            row.cell(symbol, 1, style);
        }
        row.skip(1);
        row.cell(&s.title, cols.title, Style::new());
        return;
    }
    for (symbol, style) in markers(app, i) {
        row.cell(symbol, 1, style);
    }
    row.skip(MARKERS_WIDTH - MARKERS);
    row.cell(time, cols.time, time_style);
    row.cell(
        cols.rooms.label(&app.schedule, s.room),
        cols.room,
        Style::new(),
    );
    row.skip(1);
    // At the end of the title column: your marks (attended, rating), then who on the team
    // goes (their initials); what does not fit beside a readable title is left out, the team
    // first.
    let (attended, rating) = own_marks(app, i, cols.title);
    let marks_w =
        attended.width() + rating.width() + usize::from(!attended.is_empty() && !rating.is_empty());
    let team = app.team.index.initials_at(i);
    let fits = |w: usize| w == 0 || cols.title > w + 8;
    let marks_w = if fits(marks_w) { marks_w } else { 0 };
    let team_w = team.width();
    let team_w = if team_w > 0 && fits(marks_w + usize::from(marks_w > 0) + team_w) {
        team_w
    } else {
        0
    };
    let suffix = marks_w + team_w + usize::from(marks_w > 0 && team_w > 0);
    if suffix == 0 {
        row.cell(&s.title, cols.title, Style::new());
    } else {
        row.cell(&s.title, cols.title - suffix - 1, Style::new());
        row.skip(1);
        if marks_w > 0 {
            if !attended.is_empty() {
                row.cell(attended, attended.width(), t.accent());
                if !rating.is_empty() {
                    row.skip(1);
                }
            }
            row.cell(rating, rating.width(), t.star());
            if team_w > 0 {
                row.skip(1);
            }
        }
        if team_w > 0 {
            row.cell(&team, team_w, t.dim());
        }
    }
    if cols.track > 0 {
        row.skip(1);
        row.cell(app.schedule.track_name(s), cols.track, t.dim());
    }
}

/// Your marks on session `i` for a row whose title column is `title` wide: `✓` when you marked
/// it attended, and its rating (`★★★★☆`, or `4★` when the column is narrow). Two map lookups:
/// nothing proportional to the schedule.
pub fn own_marks(app: &App, i: usize, title: usize) -> (&'static str, &'static str) {
    const FULL: [&str; 6] = ["", "★☆☆☆☆", "★★☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"];
    const COMPACT: [&str; 6] = ["", "1★", "2★", "3★", "4★", "5★"];
    let id = &app.schedule.session(i).id;
    let attended = if app.plan.agenda.attended.contains(id) {
        "✓"
    } else {
        ""
    };
    let stars = app
        .plan
        .agenda
        .ratings
        .get(id)
        .map_or(0, |&r| usize::from(r.min(5)));
    let rating = if title >= 40 {
        FULL[stars]
    } else {
        COMPACT[stars]
    };
    (attended, rating)
}
