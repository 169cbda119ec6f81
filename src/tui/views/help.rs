//! The help overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{cell, centered};
use crate::tui::app::App;
use crate::tui::keymap::HELP;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let key_w = HELP
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(*k))
        .max()
        .unwrap_or(8);
    let rect = centered(area, 78, HELP.len() as u16 + 4);
    let mut lines: Vec<Line> = HELP
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(cell(k, key_w + 2), t.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Stars, hides and notes are saved as you make them.",
        t.dim(),
    ));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(t.border())
                .title(" Keys "),
        ),
        rect,
    );
}
