//! The schedule view: the day's sessions in time order, grouped by time slot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{MARKERS_WIDTH, cell, markers};
use crate::tui::app::App;

/// Column widths for a list of `width` columns.
pub struct ListColumns {
    pub time: usize,
    pub room: usize,
    pub title: usize,
    pub track: usize,
}

impl ListColumns {
    /// Widths for `width` columns, the room column no wider than the longest room name.
    pub fn new(width: usize, longest_room: usize) -> Self {
        let time = 12;
        let room = longest_room.clamp(4, if width >= 90 { 18 } else { 12 });
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
            time,
            room,
            title,
            track,
        }
    }

    /// The header line's text, up to the title column.
    pub fn header(&self) -> String {
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
    let cols = ListColumns::new(width, app.longest_room);
    let mut lines: Vec<Line> = Vec::with_capacity(usize::from(area.height));
    // The session count stands right-aligned over the end of the title column.
    let count = match app.rows.len() {
        1 => "1 session".to_string(),
        n => format!("{n} sessions"),
    };
    let title_end = MARKERS_WIDTH + cols.time + cols.room + 1 + cols.title;
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
    lines.push(Line::styled(cell(&head, width), t.dim()));

    let height = usize::from(area.height.saturating_sub(1));
    if app.rows.is_empty() {
        let msg = if app.search_active() || !app.filters.is_default() {
            "  No session matches: Esc or c clears the search and filters."
        } else {
            "  No sessions on this day."
        };
        lines.push(Line::styled(msg, t.dim()));
    }
    let end = (app.list.offset + height).min(app.rows.len());
    for r in app.list.offset..end {
        let i = app.rows[r];
        let s = app.schedule.session(i);
        let first_of_slot =
            r == app.list.offset || app.schedule.session(app.rows[r - 1]).start != s.start;
        let time = if first_of_slot {
            format!(
                "{}–{}",
                s.start.with_timezone(&app.tz).format("%H:%M"),
                s.end.with_timezone(&app.tz).format("%H:%M")
            )
        } else {
            format!("   –{}", s.end.with_timezone(&app.tz).format("%H:%M"))
        };
        let time_style = if first_of_slot { t.slot() } else { t.dim() };
        let spans = session_spans(
            app,
            i,
            &cols,
            Span::styled(cell(&time, cols.time), time_style),
        );
        let mut line = Line::from(spans);
        if r == app.list.cursor {
            line = line.style(t.selected());
        } else if app.is_hidden(s) {
            line = line.style(t.hidden());
        } else if s.end < app.now {
            line = line.style(t.dim());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A session's row after its time cell: markers, time, room, title and (when it fits) track.
pub fn session_spans(
    app: &App,
    i: usize,
    cols: &ListColumns,
    time: Span<'static>,
) -> Vec<Span<'static>> {
    let t = app.theme;
    let s = app.schedule.session(i);
    let mut spans = markers(app, i);
    spans.push(Span::raw(
        " ".repeat(MARKERS_WIDTH.saturating_sub(spans.len())),
    ));
    spans.push(time);
    spans.push(Span::raw(cell(app.schedule.room_name(s), cols.room)));
    spans.push(Span::raw(" "));
    spans.push(Span::raw(cell(&s.title, cols.title)));
    if cols.track > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            cell(app.schedule.track_name(s), cols.track),
            t.dim(),
        ));
    }
    spans
}
