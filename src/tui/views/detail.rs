//! The detail pane: the selected session in full, its links' addresses as terminal hyperlinks.
//!
//! **Hyperlinks (OSC 8).** ratatui's buffer holds one symbol per cell and diffs cell by cell, so
//! an escape sequence that opened a link in one cell and closed it in another could be left
//! open when only part of the row is redrawn. Each cell of an address is therefore a whole
//! hyperlink of its own: `ESC ] 8 ; id=… ; URL ESC \`, the one character, `ESC ] 8 ; ; ESC \`,
//! with a forced width of one (ratatui's `CellDiffOption::ForcedWidth`, as its own tests for
//! links do). Terminals join the cells that share an id into one link, across a wrap too.
//! The URL comes from the model (http/https, printable ASCII, no ESC or BEL: see
//! `schedule::web_url`), never from the screen. It is done only when the runtime says stdout
//! is a terminal that takes it (`App::links.hyperlinks`), and only while no overlay covers the
//! pane.

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::paint;
use crate::schedule::Link;
use crate::tui::app::{App, Mode};
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
    if app.links.hyperlinks && matches!(app.mode, Mode::Normal | Mode::Search { .. }) {
        hyperlinks(buf, inner, &app.schedule.session(i).links);
    }
}

/// Turns the addresses painted in `area` (underlined cells, `Theme::link`) into OSC 8
/// hyperlinks to the link whose address they show.
///
/// A piece of an address is a run of underlined cells (continued on the next row when it
/// reached the right edge). The detail lists the links in order, each address cut into
/// consecutive pieces, so the pieces are matched in order too: each one goes on from where the
/// last left off, in the same address or at the start of a later one; only the first may start
/// inside an address (the pane scrolled past its beginning). A piece that does not match is left
/// as plain text.
pub fn hyperlinks(buf: &mut Buffer, area: Rect, links: &[Link]) {
    let area = area.intersection(buf.area);
    // Runs of underlined cells, each (cells, text), an address that wraps kept as one run.
    let mut runs: Vec<(Vec<(u16, u16)>, String)> = Vec::new();
    let mut open = false;
    for y in area.top()..area.bottom() {
        // A run open at the end of the row above goes on only from this row's first column.
        if !(open && is_address(buf, area.x, y)) {
            open = false;
        }
        for x in area.left()..area.right() {
            if !is_address(buf, x, y) {
                open = false;
                continue;
            }
            if !open {
                runs.push((Vec::new(), String::new()));
                open = true;
            }
            if let Some((cells, text)) = runs.last_mut() {
                cells.push((x, y));
                text.push_str(buf[(x, y)].symbol());
            }
        }
    }
    // Where the last piece ended: (link, byte offset in its address).
    let mut at: Option<(usize, usize)> = None;
    for (cells, text) in runs {
        let found = match at {
            Some((k, offset)) => links[k].url[offset..]
                .starts_with(text.as_str())
                .then_some((k, offset))
                .or_else(|| {
                    (k + 1..links.len())
                        .find_map(|j| links[j].url.starts_with(text.as_str()).then_some((j, 0)))
                }),
            None => links
                .iter()
                .enumerate()
                .find_map(|(j, l)| l.url.find(text.as_str()).map(|offset| (j, offset))),
        };
        let Some((k, offset)) = found else {
            continue;
        };
        at = Some((k, offset + text.len()));
        let link = &links[k];
        for (x, y) in cells {
            let cell = &mut buf[(x, y)];
            let symbol = format!(
                "\x1b]8;id=hallway-link-{k};{}\x1b\\{}\x1b]8;;\x1b\\",
                link.url,
                cell.symbol()
            );
            cell.set_symbol(&symbol)
                .set_diff_option(CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN));
        }
    }
}

/// An underlined cell holding one printable ASCII character: a piece of an address.
fn is_address(buf: &Buffer, x: u16, y: u16) -> bool {
    let cell = &buf[(x, y)];
    cell.modifier.contains(Modifier::UNDERLINED)
        && cell.symbol().len() == 1
        && cell.symbol().bytes().all(|b| b.is_ascii_graphic())
}
