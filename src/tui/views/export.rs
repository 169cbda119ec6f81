//! The export prompt: the calendar's and the trip report's files, one being edited.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{centered, fit};
use crate::tui::app::{App, ExportPrompt};

pub fn draw(app: &App, prompt: &ExportPrompt, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let rect = centered(area, 76, 9);
    let width = usize::from(rect.width.saturating_sub(2));
    let starred = app.plan.starred.len();
    let folder = app.export_place.folder.display().to_string();
    let lines = vec![
        Line::styled(
            fit(
                &format!("Calendar (.ics) of your {starred} starred sessions:"),
                width,
            ),
            t.dim(),
        ),
        Line::raw(""),
        Line::styled(
            fit("Trip report (Markdown): notes, ratings, attended", width),
            t.dim(),
        ),
        Line::raw(""),
        Line::raw(""),
        Line::styled(
            fit(
                &format!("Remembered for this conference; relative to {folder}"),
                width,
            ),
            t.dim(),
        ),
    ];
    super::overlay(frame, rect, " Export ", t.border(), &lines);
    let inner = Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    );
    for (k, field) in prompt.fields.iter().enumerate() {
        let y = inner.y + 1 + 2 * k as u16;
        if y >= inner.bottom() || inner.width < 3 {
            continue;
        }
        let marker = if k == prompt.focus { "› " } else { "  " };
        super::paint::put(frame.buffer_mut(), inner.x, y, marker, 2, t.accent());
        frame.render_widget(
            field,
            Rect::new(inner.x + 2, y, inner.width.saturating_sub(2), 1),
        );
    }
}
