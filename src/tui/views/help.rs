//! The help overlay: every key, scrolling when the terminal is short.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{cell, centered};
use crate::tui::app::App;

pub fn draw(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let help = app.keymap.help();
    let key_w = help
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(8);
    // As wide as the longest line (and the borders), when the terminal allows; lines cut to
    // fit end with "…".
    let what_w = help
        .iter()
        .map(|(_, what)| unicode_width::UnicodeWidthStr::width(what.as_str()))
        .max()
        .unwrap_or(0);
    let box_w = (key_w + 2 + what_w + 2).min(usize::from(area.width));
    let room = box_w.saturating_sub(key_w + 2 + 2);
    let mut lines: Vec<Line> = help
        .iter()
        .map(|(k, what)| {
            if k.is_empty() {
                // A mode's title.
                Line::styled(super::fit(what, key_w + 2 + room), t.title())
            } else {
                Line::from(vec![
                    Span::styled(cell(k, key_w + 2), t.key()),
                    Span::raw(super::fit(what, room)),
                ])
            }
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Stars, hides, ratings and notes are saved as you make them.",
        t.dim(),
    ));
    let rect = centered(
        area,
        u16::try_from(box_w).unwrap_or(area.width),
        lines.len() as u16 + 2,
    );
    let inner_h = usize::from(rect.height.saturating_sub(2));
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(inner_h));
    let title = if lines.len() > inner_h {
        " Keys (j/k scrolls) "
    } else {
        " Keys "
    };
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(inner_h).collect();
    super::overlay(frame, rect, title, t.border(), &shown);
}
