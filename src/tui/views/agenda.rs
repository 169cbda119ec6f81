//! The agenda view: your starred sessions by day, with the free time between them.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::list::{ListColumns, session_spans};
use super::{MARKERS_WIDTH, cell};
use crate::tui::app::{AgendaRow, App};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let width = usize::from(area.width);
    let cols = ListColumns::new(width, app.longest_room);
    let mut lines: Vec<Line> = Vec::with_capacity(usize::from(area.height));
    let starred = app.agenda_selectable.len();
    let c = app.analysis.conflicts();
    // A chain of three or more overlapping sessions is one clash, as `hallway conflicts` shows it.
    let overlaps = c.groups().count() + c.overlaps().filter(|o| o.group.is_none()).count();
    let walks = c.transfers().filter(|tr| tr.tight).count();
    let mut head = format!(
        "  Your agenda: {starred} starred · {overlaps} clash{} · {walks} tight walk{}",
        if overlaps == 1 { "" } else { "es" },
        if walks == 1 { "" } else { "s" }
    );
    if app.orphan_stars > 0 {
        let _ = write!(
            head,
            " (and {} no longer in this schedule)",
            app.orphan_stars
        );
    }
    lines.push(Line::styled(cell(&head, width), t.dim()));
    if app.agenda_rows.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "  Nothing starred yet: press s on a session to add it here.",
            t.dim(),
        ));
    }
    let height = usize::from(area.height.saturating_sub(1));
    let selected_row = app.agenda_selectable.get(app.agenda_scroll.cursor).copied();
    let end = (app.agenda_scroll.offset + height).min(app.agenda_rows.len());
    for r in app.agenda_scroll.offset..end {
        let line = match app.agenda_rows[r] {
            AgendaRow::Day(date) => Line::styled(date.format("%A %-d %B").to_string(), t.title()),
            AgendaRow::Gap(m) => Line::styled(
                format!("{}  · {} free", " ".repeat(MARKERS_WIDTH), duration(m)),
                t.dim(),
            ),
            AgendaRow::Walk(gap, walk) => Line::styled(
                format!(
                    "{}» {walk} min walk in a {gap} min gap: leave early or arrive late",
                    " ".repeat(MARKERS_WIDTH)
                ),
                t.caution(),
            ),
            AgendaRow::Lunch(day) => {
                let msg = app
                    .analysis
                    .conflicts()
                    .lunch()
                    .find(|l| l.day == day)
                    .map_or(String::new(), |l| l.message.clone());
                Line::styled(format!("{}{msg}", " ".repeat(MARKERS_WIDTH)), t.caution())
            }
            AgendaRow::Overlap(m) => Line::styled(
                format!(
                    "{}  ! overlaps the previous by {m} min",
                    " ".repeat(MARKERS_WIDTH)
                ),
                t.warning(),
            ),
            AgendaRow::Session(i) => {
                let s = app.schedule.session(i);
                let time = format!(
                    "{}–{}",
                    s.start.with_timezone(&app.tz).format("%H:%M"),
                    s.end.with_timezone(&app.tz).format("%H:%M")
                );
                let spans = session_spans(
                    app,
                    i,
                    &cols,
                    Span::styled(cell(&time, cols.time), t.slot()),
                );
                let line = Line::from(spans);
                if Some(r) == selected_row {
                    line.style(t.selected())
                } else {
                    line
                }
            }
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// "1 h 15 min", "40 min".
pub fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
