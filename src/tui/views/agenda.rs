//! The agenda view: your starred sessions by day, with the free time between them.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::list::{ListColumns, session_row};
use super::{HhMm, MARKERS_WIDTH, cell, paint};
use crate::tui::app::{AgendaRow, App};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let width = usize::from(area.width);
    let cols = ListColumns::new(width, app.screen.longest_room);
    let mut lines: Vec<Line> = Vec::with_capacity(usize::from(area.height));
    let starred = app.agenda_view.selectable.len();
    let c = app.plan.analysis.conflicts();
    // A chain of three or more overlapping sessions is one clash, as `hallway conflicts` shows it.
    let overlaps = c.groups().count() + c.overlaps().filter(|o| o.group.is_none()).count();
    let walks = c.transfers().filter(|tr| tr.tight).count();
    let mut head = format!(
        "  Your agenda: {starred} starred · {overlaps} clash{} · {walks} tight walk{}",
        if overlaps == 1 { "" } else { "es" },
        if walks == 1 { "" } else { "s" }
    );
    if app.plan.orphan_stars > 0 {
        let _ = write!(
            head,
            " (and {} no longer in this schedule)",
            app.plan.orphan_stars
        );
    }
    lines.push(Line::styled(cell(&head, width), t.dim()));
    if app.agenda_view.rows.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "  Nothing starred yet: press s on a session to add it here.",
            t.dim(),
        ));
    }
    let height = usize::from(area.height.saturating_sub(1));
    let selected_row = app
        .agenda_view
        .selectable
        .get(app.agenda_view.scroll.cursor)
        .copied();
    let end = (app.agenda_view.scroll.offset + height).min(app.agenda_view.rows.len());
    let buf = frame.buffer_mut();
    let top = area.y + u16::try_from(lines.len()).unwrap_or(area.height);
    paint::lines(buf, area, &lines);
    // Notes between sessions start under the title; compact rows say them shorter.
    let indent = " ".repeat(if cols.compact { 3 } else { MARKERS_WIDTH });
    for (r, y) in (app.agenda_view.scroll.offset..end).zip(top..area.bottom()) {
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

/// "1 h 15 min", "40 min".
pub fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
