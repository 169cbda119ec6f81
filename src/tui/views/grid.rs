//! The grid view: rooms as columns, time running down, each session a block of its length.

use chrono::{Duration, Timelike};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::cell;
use crate::tui::app::App;
use crate::tui::grid::{AXIS_WIDTH, Grid, STEP_MINUTES};

#[allow(clippy::many_single_char_names)] // t(heme), g(rid), w(idth), x, k, c: a drawing routine's short names.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let g = &app.grid;
    if g.columns.is_empty() || area.height < 2 {
        super::paint::lines(
            frame.buffer_mut(),
            area,
            &[Line::styled("  No sessions to show on this day.", t.dim())],
        );
        return;
    }
    let w = Grid::col_width(area);
    let vis = Grid::visible_cols(area);
    let height = usize::from(area.height - 1);

    // Room names; the axis corner says which rooms of how many are in view, `‹ ›` that more lie
    // to either side.
    let shown_to = (g.col_offset + vis).min(g.columns.len());
    let corner = if g.col_offset > 0 || shown_to < g.columns.len() {
        format!("{shown_to}/{}", g.columns.len())
    } else {
        String::new()
    };
    let mut head = vec![Span::styled(
        cell(&corner, usize::from(AXIS_WIDTH)),
        t.dim(),
    )];
    for c in g.col_offset..shown_to {
        let name = g.rooms[c].map_or("(no room)", |r| app.schedule.room(r).name.as_str());
        let style = if c == g.col { t.title() } else { t.dim() };
        let mut label = name.to_string();
        if c == g.col_offset && g.col_offset > 0 {
            label.insert_str(0, "‹ ");
        }
        if c + 1 == shown_to && shown_to < g.columns.len() {
            let room = usize::from(w).saturating_sub(3);
            label = format!("{} ›", super::fit(&label, room));
        }
        // A column's name leaves its last cell blank, so that cut names do not run together.
        let mut name = cell(&label, usize::from(w).saturating_sub(1));
        name.push(' ');
        head.push(Span::styled(name, style));
    }
    super::paint::lines(frame.buffer_mut(), area, &[Line::from(head)]);

    // Time axis: a label on the hour and half hour.
    let mut axis: Vec<Line> = Vec::with_capacity(height);
    for l in g.line_offset..g.line_offset + height {
        let label = g
            .time_of(l)
            .map(|t| t.with_timezone(&app.tz))
            .filter(|t| t.minute() % 30 == 0)
            .map(|t| super::HhMm::of(&t).to_string())
            .unwrap_or_default();
        axis.push(Line::styled(label, t.dim()));
    }
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    super::paint::lines(
        frame.buffer_mut(),
        Rect {
            width: AXIS_WIDTH.min(body.width),
            ..body
        },
        &axis,
    );

    let (Some(top), Some(bottom)) = (g.time_of(g.line_offset), g.time_of(g.line_offset + height))
    else {
        return;
    };
    // The now line goes under the boxes (they clear their cells), then marks their borders.
    let now_y = now_row(app, body, top, bottom);
    if let Some(y) = now_y {
        now_rule(app, frame.buffer_mut(), body, y);
    }
    for (k, c) in (g.col_offset..(g.col_offset + vis).min(g.columns.len())).enumerate() {
        let column = &g.columns[c];
        let first = column
            .partition_point(|&i| app.schedule.session(i).start < top)
            .saturating_sub(3);
        let x = body.x + AXIS_WIDTH + k as u16 * w;
        for &i in &column[first..] {
            let s = app.schedule.session(i);
            if s.start >= bottom {
                break;
            }
            let end = s.end.max(s.start + Duration::minutes(STEP_MINUTES));
            if end <= top {
                continue;
            }
            let l0 = g.line_of(s.start).max(g.line_offset);
            let l1 = g
                .line_of(end)
                .max(g.line_of(s.start) + 1)
                .min(g.line_offset + height);
            if l1 <= l0 {
                continue;
            }
            let rect = Rect::new(
                x,
                body.y + (l0 - g.line_offset) as u16,
                w.saturating_sub(1).max(1),
                (l1 - l0) as u16,
            );
            let starred = app.plan.agenda.is_starred(&s.id);
            let border = if starred { t.star() } else { t.border() };
            let lines = [
                Line::from(vec![
                    Span::styled(
                        super::HhMm::of(&s.start.with_timezone(&app.tz)).to_string(),
                        t.slot(),
                    ),
                    Span::styled(if starred { " ★" } else { "" }, t.star()),
                ]),
                Line::raw(crate::text::for_display(
                    &s.title,
                    crate::text::DISPLAY_LINE,
                )),
            ];
            let rect = rect.intersection(body);
            let style = if g.selected == Some(i) {
                t.selected()
            } else if app.plan.is_hidden(s) {
                t.hidden()
            } else {
                Style::new()
            };
            session_box(frame.buffer_mut(), rect, style, border, &lines);
        }
    }
    if let Some(y) = now_y {
        now_on_borders(app, frame.buffer_mut(), body, y);
    }
}

/// The screen row of the now line on today's grid, when now is in view.
fn now_row(
    app: &App,
    body: Rect,
    top: chrono::DateTime<chrono_tz::Tz>,
    bottom: chrono::DateTime<chrono_tz::Tz>,
) -> Option<u16> {
    let g = &app.grid;
    let now = app.now.with_timezone(&app.tz);
    if !app.showing_today() || now < top || now >= bottom {
        return None;
    }
    let line = g.line_of(now).checked_sub(g.line_offset)?;
    let y = body.y.checked_add(u16::try_from(line).ok()?)?;
    (y < body.bottom()).then_some(y)
}

/// The now line on today's grid: the time on the axis and a rule across (the boxes drawn after
/// it cover it). Proportional to the width only.
fn now_rule(app: &App, buf: &mut Buffer, body: Rect, y: u16) {
    let style = app.theme.now_line();
    let now = super::HhMm::of(&app.now.with_timezone(&app.tz)).to_string();
    let axis = AXIS_WIDTH.min(body.width);
    super::paint::put(buf, body.x, y, &cell(&now, usize::from(axis)), axis, style);
    for x in body.x + axis..body.right() {
        buf[(x, y)].set_symbol("─").set_style(style);
    }
}

/// Where the now line meets a box, its border shows it (`├`); the box's text is left alone.
fn now_on_borders(app: &App, buf: &mut Buffer, body: Rect, y: u16) {
    let style = app.theme.now_line();
    for x in body.x + AXIS_WIDTH.min(body.width)..body.right() {
        let c = &mut buf[(x, y)];
        if c.symbol() == "│" {
            c.set_symbol("├").set_style(style);
        }
    }
}

/// A session's box: a border on its left, its lines wrapped inside, the whole box in `style`
/// (selection, strike-through) with the border's colour over it.
fn session_box(buf: &mut Buffer, rect: Rect, style: Style, border: Style, lines: &[Line]) {
    if rect.is_empty() {
        return;
    }
    // Sessions in one room can overlap: the later box is drawn over the earlier one, cleared
    // first so that no letter of the earlier shows through.
    for y in rect.top()..rect.bottom() {
        for x in rect.left()..rect.right() {
            buf[(x, y)].reset();
        }
    }
    if style != Style::new() {
        buf.set_style(rect, style);
    }
    for y in rect.top()..rect.bottom() {
        super::paint::put(buf, rect.x, y, "│", 1, style.patch(border));
    }
    let inner = Rect {
        x: rect.x + 1,
        width: rect.width - 1,
        ..rect
    };
    // The cells already carry `style`; each span's style is patched over it.
    super::paint::wrapped(buf, inner, lines, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A box drawn over an overlapping one shows none of the earlier box's letters.
    #[test]
    fn a_later_box_hides_the_one_it_overlaps() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 4));
        let border = Style::new();
        session_box(
            &mut buf,
            Rect::new(0, 0, 20, 4),
            Style::new(),
            border,
            &[Line::raw("09:45"), Line::raw("Solutions Showcase and more")],
        );
        session_box(
            &mut buf,
            Rect::new(0, 1, 20, 2),
            Style::new(),
            border,
            &[Line::raw("09:50"), Line::raw("Demo")],
        );
        let row = |y: u16| -> String { (0..20).map(|x| buf[(x, y)].symbol()).collect() };
        assert_eq!(row(1).trim_end(), "│09:50");
        assert_eq!(row(2).trim_end(), "│Demo");
    }
}
