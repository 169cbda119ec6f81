//! The detail pane: the selected session in full.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::paint;
use crate::tui::app::App;
use crate::tui::detail::content;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let Some(i) = app.selected() else {
        let buf = frame.buffer_mut();
        let inner = paint::left_top_border(buf, area, t.border(), " Session ", t.dim());
        if inner.height > 0 {
            paint::put(
                buf,
                inner.x,
                inner.y,
                "Nothing selected.",
                inner.width,
                t.dim(),
            );
        }
        return;
    };
    let lines = content(app, i);
    let buf = frame.buffer_mut();
    let border = if app.detail_has_focus() {
        t.accent()
    } else {
        t.border()
    };
    let title = if app.detail_has_focus() {
        " Session (j/k scroll, Esc back) "
    } else {
        " Session "
    };
    let inner = paint::left_top_border(buf, area, border, title, t.dim());
    paint::wrapped(buf, inner, &lines, app.detail.scroll);
}
