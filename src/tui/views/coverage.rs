//! The team's coverage overlay (`hallway team coverage` in the interface), one conference day,
//! the interface's current day; the day keys switch it, as `hallway team coverage --day` does.
//!
//! The coverage is worked out in `update` (see [`App::refresh_coverage`]) and laid out as lines
//! there too (`tui::coverage`); this paints the lines in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::app::App;
use crate::tui::layout;

pub fn draw(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let lines = &app.team.text.lines;
    let rect = layout::coverage_rect(area, lines.len());
    let inner_w = usize::from(rect.width.saturating_sub(2));
    let inner_h = usize::from(rect.height.saturating_sub(2));
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(inner_h));
    let day = app
        .day_date()
        .map(|d| d.format(" · %a %-d %b").to_string())
        .unwrap_or_default();
    let title = if lines.len() > inner_h {
        format!(" Team coverage{day} (j/k scrolls) ")
    } else {
        format!(" Team coverage{day} ")
    };
    let shown: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(inner_h)
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            Line::styled(super::fit(&text, inner_w), l.style)
        })
        .collect();
    super::overlay(frame, rect, &title, app.theme.border(), &shown);
}
