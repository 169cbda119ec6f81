//! The agenda view: your starred sessions by day, with the free time between them.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::list::{ListColumns, session_row};
use super::{HhMm, MARKERS_WIDTH, cell, fit, paint};
use crate::tui::app::now_line::{self, ListLine};
use crate::tui::app::{AgendaRow, App, Cancelled};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let width = usize::from(area.width);
    let cols = ListColumns::new(width, &app.agenda_view.rooms);
    let mut lines: Vec<Line> = Vec::with_capacity(usize::from(area.height));
    let starred = app.agenda_view.selectable.len();
    let conflicts = app.plan.analysis.conflicts();
    // A chain of three or more overlapping sessions is one clash, as `hallway conflicts` shows it.
    let overlaps =
        conflicts.groups().count() + conflicts.overlaps().filter(|o| o.group.is_none()).count();
    let walks = conflicts.transfers().filter(|tr| tr.tight).count();
    let cancelled = app.agenda_view.cancelled.len();
    let mut head = format!("  Your agenda: {starred} starred");
    if cancelled > 0 {
        let _ = write!(head, " · {cancelled} cancelled");
    }
    let _ = write!(
        head,
        " · {overlaps} clash{} · {walks} tight walk{}",
        if overlaps == 1 { "" } else { "es" },
        if walks == 1 { "" } else { "s" }
    );
    // Stars on sessions gone without a record of them (accepted, or from before records).
    let unknown = app.plan.orphan_stars.saturating_sub(cancelled);
    if unknown > 0 {
        let _ = write!(head, " (and {unknown} no longer in this schedule)");
    }
    lines.push(Line::styled(cell(&head, width), t.dim()));
    if app.agenda_view.rows.is_empty() {
        lines.push(Line::raw(""));
        let star = app.keymap.keys_of("star");
        let star = star
            .split(' ')
            .next()
            .filter(|k| !k.is_empty())
            .unwrap_or("s");
        lines.push(Line::styled(
            fit(
                &format!("  Nothing starred yet: press {star} on a session to add it here."),
                width,
            ),
            t.dim(),
        ));
    }
    let height = usize::from(area.height.saturating_sub(1));
    let selected_row = app
        .agenda_view
        .selectable
        .get(app.agenda_view.scroll.cursor)
        .copied();
    let buf = frame.buffer_mut();
    let top = area.y + u16::try_from(lines.len()).unwrap_or(area.height);
    paint::lines(buf, area, &lines);
    // Notes between sessions start under the title; compact rows say them shorter.
    let indent = " ".repeat(if cols.compact { 3 } else { MARKERS_WIDTH });
    let view = &app.agenda_view;
    let shown = now_line::lines(view.scroll.offset, height, view.rows.len(), view.now_at);
    for (line, y) in shown.zip(top..area.bottom()) {
        let r = match line {
            ListLine::Row(r) => r,
            ListLine::Now => {
                super::now_line(app, buf, area, y);
                continue;
            }
        };
        let (text, style) = match app.agenda_view.rows[r] {
            AgendaRow::Day(date) => (date.format("%A %-d %B").to_string(), t.title()),
            AgendaRow::Gap(m) => (format!("{indent}  · {} free", duration(m)), t.dim()),
            AgendaRow::Walk(gap, walk) if cols.compact => (
                format!("{indent}» {walk} min walk, {gap} min gap"),
                t.caution(),
            ),
            AgendaRow::Walk(gap, walk) => (
                format!("{indent}» {walk} min walk in a {gap} min gap: leave early or arrive late"),
                t.caution(),
            ),
            AgendaRow::Lunch(day) => {
                let msg = app
                    .plan
                    .analysis
                    .conflicts()
                    .lunch()
                    .find(|l| l.day == day)
                    .map_or("", |l| l.message.as_str());
                (format!("{indent}{msg}"), t.caution())
            }
            AgendaRow::Overlap(m) if cols.compact => {
                (format!("{indent}  ! {m} min overlap"), t.warning())
            }
            AgendaRow::Overlap(m) => (
                format!("{indent}  ! overlaps the previous by {m} min"),
                t.warning(),
            ),
            AgendaRow::Cancelled(k) => {
                let mut painter = paint::Row::new(buf, area, y, Style::new());
                cancelled_row(app, &mut painter, &app.agenda_view.cancelled[k], &cols);
                continue;
            }
            AgendaRow::Session(i) => {
                let s = app.schedule.session(i);
                let time = format!(
                    "{}–{}",
                    HhMm::of(&s.start.with_timezone(&app.tz)),
                    HhMm::of(&s.end.with_timezone(&app.tz))
                );
                let row = if Some(r) == selected_row {
                    t.selected()
                } else {
                    Style::new()
                };
                let mut painter = paint::Row::new(buf, area, y, row);
                session_row(app, &mut painter, i, &cols, &time, t.slot());
                continue;
            }
        };
        paint::fitted(buf, area.x, y, &text, area.width, style);
    }
}

/// A cancelled starred session: its star, old time and room, its title struck through, and
/// "cancelled".
fn cancelled_row(app: &App, row: &mut paint::Row, c: &Cancelled, cols: &ListColumns) {
    const LABEL: &str = "cancelled";
    let t = app.theme;
    let start = HhMm::of(&c.seen.start.with_timezone(&app.tz));
    let title_w = cols.title.saturating_sub(LABEL.len() + 1);
    if cols.compact {
        row.cell(&start.to_string(), cols.time, t.dim());
        row.skip(1);
        row.cell("★", 1, t.star());
        row.cell("✕", 1, t.warning());
        row.skip(1);
    } else {
        row.cell("★", 1, t.star());
        row.cell("✕", 1, t.warning());
        row.skip(MARKERS_WIDTH - 2);
        let time = format!("{start}–{}", HhMm::of(&c.seen.end.with_timezone(&app.tz)));
        row.cell(&time, cols.time, t.hidden());
        let room = c.seen.room.as_deref().unwrap_or("");
        let label = app
            .schedule
            .find_room(room)
            .map_or(room, |r| cols.rooms.label(&app.schedule, Some(r)));
        row.cell(label, cols.room, t.hidden());
        row.skip(1);
    }
    row.cell(&c.seen.title, title_w, t.hidden());
    row.skip(1);
    row.cell(LABEL, LABEL.len(), t.warning());
}

/// "1 h 15 min", "40 min".
pub fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
