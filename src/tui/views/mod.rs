//! Drawing: one module per screen region. Drawing reads the state and never changes it; it
//! builds only the rows that fit on screen.

pub mod agenda;
pub mod coverage;
pub mod detail;
pub mod export;
pub mod footer;
pub mod grid;
pub mod header;
pub mod help;
pub mod list;
pub mod notes;
pub mod now;
pub mod paint;
pub mod picker;
pub mod review;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Mode, View};
use crate::plan::RiskLevel;

/// Draws the whole frame.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = app.areas();
    if areas.too_small {
        let text = format!(
            "terminal too small: {}x{}, hallway needs {}x{}",
            area.width,
            area.height,
            super::layout::MIN_WIDTH,
            super::layout::MIN_HEIGHT
        );
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    header::draw(app, frame, areas.header);
    if let Some(editor) = app.notes() {
        notes::draw(app, editor, frame, areas.body);
        footer::draw(app, frame, areas.footer);
        return;
    }
    let covered = areas.detail_covers_list();
    if !covered {
        match app.view {
            View::Schedule => list::draw(app, frame, areas.list),
            View::Grid => grid::draw(app, frame, areas.list),
            View::Agenda => agenda::draw(app, frame, areas.list),
            View::Now => now::draw(app, frame, areas.list),
        }
    }
    if let Some(d) = areas.detail {
        detail::draw(app, frame, d);
    }
    footer::draw(app, frame, areas.footer);
    if let Some(banner) = &app.at_now.banner {
        let f = areas.footer;
        let text = format!("⏰ {banner}  · Esc hides");
        paint::put(
            frame.buffer_mut(),
            f.x,
            f.y,
            &cell(&text, usize::from(f.width)),
            f.width,
            app.theme.warning(),
        );
    }
    match &app.mode {
        Mode::Help { scroll } => help::draw(app, *scroll, frame, areas.body),
        Mode::Coverage { scroll } => coverage::draw(app, *scroll, frame, areas.body),
        Mode::Picker(p) => picker::draw(app, p, frame, areas.body),
        Mode::Review(r) => review::draw(app, r, frame, areas.body),
        Mode::ChooseNotes { sessions, cursor } => {
            picker::draw_choice(app, sessions, *cursor, frame, areas.body)
        }
        Mode::Export(p) => export::draw(app, p, frame, areas.body),
        Mode::Normal | Mode::Search { .. } | Mode::Notes(_) => {}
    }
}

pub use super::layout::centered;
pub use crate::text::fit;

/// `text` fitted and padded with spaces to exactly `width` columns.
pub fn cell(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(width + 4);
    let used = crate::text::fit_into(&mut out, text, width);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// A time of day as "09:30", written without chrono's format-string parser (lists show two
/// per row, every frame).
pub struct HhMm(u32, u32);

impl HhMm {
    pub fn of(t: &impl chrono::Timelike) -> Self {
        HhMm(t.hour(), t.minute())
    }
}

impl std::fmt::Display for HhMm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        for d in [self.0 / 10, self.0 % 10] {
            f.write_char(char::from_digit(d, 10).unwrap_or('?'))?;
        }
        f.write_char(':')?;
        for d in [self.1 / 10, self.1 % 10] {
            f.write_char(char::from_digit(d, 10).unwrap_or('?'))?;
        }
        Ok(())
    }
}

/// The marker column of a session row: star, note, schedule change, clash, crowding.
///
/// `Δ` changed since you starred it; `!` overlaps another starred session, `»` the walk in is
/// longer than the gap; `◐` filling, `●` full, `▲` likely to overflow.
pub fn markers(app: &App, i: usize) -> [(&'static str, Style); MARKERS] {
    let s = app.schedule.session(i);
    let t = app.theme;
    let flags = app.plan.analysis.flags(i);
    let blank = (" ", Style::new());
    let star = if app.plan.agenda.is_starred(&s.id) {
        ("★", t.star())
    } else {
        blank
    };
    let note = if app.plan.agenda.notes.contains_key(&s.id) {
        ("✎", t.accent())
    } else {
        blank
    };
    let clash = if flags.overlap {
        ("!", t.warning())
    } else if flags.tight {
        ("»", t.caution())
    } else {
        blank
    };
    let crowd = match flags.risk {
        RiskLevel::Unknown | RiskLevel::Low => blank,
        RiskLevel::Filling => ("◐", t.dim()),
        RiskLevel::Full => ("●", t.caution()),
        RiskLevel::Overflow => ("▲", t.warning()),
    };
    let changed = if app.plan.changes.change_of(&s.id).is_some() {
        ("Δ", t.caution())
    } else {
        blank
    };
    [star, note, changed, clash, crowd]
}

/// The now line at `y` across `area`: `──── now 11:10 ─────…`, between what began before now
/// and what begins after.
pub fn now_line(app: &App, buf: &mut ratatui::buffer::Buffer, area: Rect, y: u16) {
    use std::fmt::Write as _;
    let width = usize::from(area.width);
    let mut text = String::with_capacity(width * 3);
    text.push_str("─────");
    let _ = write!(text, " now {} ", HhMm::of(&app.now.with_timezone(&app.tz)));
    let used = text.width();
    text.extend(std::iter::repeat_n('─', width.saturating_sub(used)));
    paint::put(buf, area.x, y, &text, area.width, app.theme.now_line());
}

/// Markers a row carries, one column each.
pub const MARKERS: usize = 5;
/// Width of the marker column.
pub const MARKERS_WIDTH: usize = 6;

/// A line of `width` columns: `left` then `right` flush right (right wins when space is short).
pub fn spread<'a>(left: Vec<Span<'a>>, right: Vec<Span<'a>>, width: usize) -> Line<'a> {
    let lw: usize = left.iter().map(|s| s.content.width()).sum();
    let rw: usize = right.iter().map(|s| s.content.width()).sum();
    let mut spans = left;
    if lw + rw < width {
        spans.push(Span::raw(" ".repeat(width - lw - rw)));
        spans.extend(right);
    }
    Line::from(spans)
}

/// An overlay: `rect` cleared, bordered all round with `title`, `lines` painted inside.
pub fn overlay(frame: &mut Frame, rect: Rect, title: &str, border: Style, lines: &[Line]) {
    let block = ratatui::widgets::Block::bordered()
        .border_style(border)
        .title(title);
    let inner = block.inner(rect);
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(block, rect);
    paint::lines(frame.buffer_mut(), inner, lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_read_as_chrono_writes_them() {
        use chrono::NaiveTime;
        for (h, m) in [(0, 0), (9, 5), (10, 30), (23, 59)] {
            let t = NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
            assert_eq!(HhMm::of(&t).to_string(), t.format("%H:%M").to_string());
        }
    }

    #[test]
    fn cells_are_exact_widths_even_with_wide_characters() {
        assert_eq!(cell("東京 talk", 6).width(), 6);
        assert_eq!(cell("東京東京", 5), "東京…");
        assert_eq!(cell("🎉 party", 4).width(), 4);
        assert_eq!(cell("ab", 0), "");
        assert_eq!(cell("ab", 5), "ab   ");
        // Cut inside a joined emoji sequence: still exactly six columns.
        assert_eq!(cell("👍🏽 great talk", 6).width(), 6);
    }
}
