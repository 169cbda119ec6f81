//! The Now view: what runs now and the next session in every room, with the usual markers
//! (stars, clashes, crowding). The rows are kept by the app and recomputed each minute.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::list::{ListColumns, session_row};
use super::{HhMm, cell, paint};
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let width = usize::from(area.width);
    let cols = ListColumns::new(width, &app.at_now.rooms);
    let buf = frame.buffer_mut();
    if area.height == 0 {
        return;
    }
    let local = app.now.with_timezone(&app.tz);
    let head = format!(
        "  {} · {} running · next in {} rooms",
        local.format("%a %-d %b %H:%M"),
        app.at_now.running,
        app.at_now.rows.len() - app.at_now.running
    );
    paint::put(
        buf,
        area.x,
        area.y,
        &cell(&head, width),
        area.width,
        t.dim(),
    );
    let rows = &app.at_now.rows;
    if rows.is_empty() {
        if area.height > 1 {
            let msg = "  Nothing runs now and nothing more is scheduled.";
            paint::put(buf, area.x, area.y + 1, msg, area.width, t.dim());
        }
        return;
    }
    let running = app.at_now.running;
    let offset = app.at_now.scroll.offset;
    let mut y = area.y + 1;
    let heading = |y: &mut u16, text: &str, buf: &mut ratatui::buffer::Buffer| {
        if *y < area.bottom() {
            paint::put(buf, area.x, *y, &cell(text, width), area.width, t.title());
            *y += 1;
        }
    };
    for (r, &i) in rows.iter().enumerate().skip(offset) {
        if r == offset && r < running {
            heading(&mut y, "Now", buf);
        }
        if r == running {
            let next = if running == 0 {
                "Next"
            } else {
                "Next in each room"
            };
            heading(&mut y, next, buf);
        }
        if y >= area.bottom() {
            break;
        }
        let s = app.schedule.session(i);
        let time = format!(
            "{}–{}",
            HhMm::of(&s.start.with_timezone(&app.tz)),
            HhMm::of(&s.end.with_timezone(&app.tz))
        );
        let style = if r == app.at_now.scroll.cursor {
            t.selected()
        } else {
            Style::new()
        };
        let mut painter = paint::Row::new(buf, area, y, style);
        session_row(app, &mut painter, i, &cols, &time, t.slot());
        y += 1;
    }
}
