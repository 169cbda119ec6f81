//! The notes editor: the session's title, room and time into the talk above the text.

use chrono::Utc;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::fit;
use crate::tui::app::App;
use crate::tui::notes::NotesEditor;

pub fn draw(app: &App, editor: &NotesEditor, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let s = app.schedule.session(editor.session);
    let [top, body] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
    ]));
    let start = s.start.with_timezone(&Utc);
    let elapsed = (app.now - start).num_minutes();
    let length = s.minutes();
    let when = if app.now < start {
        format!("starts {}", super::header::starts_in(app, start))
    } else if elapsed <= length {
        format!("{elapsed} of {length} min")
    } else {
        format!(
            "{} {}–{}",
            s.start.with_timezone(&app.tz).format("%a %-d %b"),
            s.start.with_timezone(&app.tz).format("%H:%M"),
            s.end.with_timezone(&app.tz).format("%H:%M")
        )
    };
    let room = app.schedule.room_name(s);
    let width = usize::from(area.width);
    let info = format!("{room} · {when}");
    let title_w = width.saturating_sub(8);
    // "saved" only once the store confirmed it: a save waiting for a lock or failing says so.
    let (saved, style) = if editor.dirty() {
        ("editing", t.dim())
    } else {
        match app.saves.note_pending(&s.id) {
            None => ("saved", t.dim()),
            Some(false) => ("saving…", t.dim()),
            Some(true) => ("NOT SAVED, retrying", t.warning()),
        }
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("Notes: ", t.dim()),
            Span::styled(fit(&s.title, title_w.max(10)), t.title()),
        ]),
        Line::from(vec![
            Span::styled(info, t.accent()),
            Span::styled(format!("  ({saved})"), style),
        ]),
    ];
    super::paint::lines(frame.buffer_mut(), top, &lines);
    let block = Block::new().borders(Borders::TOP).border_style(t.border());
    let inner = block.inner(body);
    frame.render_widget(block, body);
    frame.render_widget(&editor.textarea, inner);
}
