//! Where each region goes for a terminal size: computed the same way by `update` (for page sizes
//! and clicks) and by drawing.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the interface draws in; below it, a "too small" notice.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;
/// From this width the detail sits beside the list.
pub const WIDE: u16 = 120;
/// From this height (when narrow) the open detail sits below the list.
pub const TALL: u16 = 40;

/// The regions of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub too_small: bool,
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
    /// The list or grid, with its one-line column header.
    pub list: Rect,
    /// The detail pane, when shown.
    pub detail: Option<Rect>,
    beside: bool,
}

impl Areas {
    /// Regions for a terminal `size`. On wide terminals the detail stands beside the list unless
    /// `full_width` asks for the whole width (the grid, until the detail is opened).
    pub fn new(size: Rect, detail_open: bool, full_width: bool) -> Self {
        let too_small = size.width < MIN_WIDTH || size.height < MIN_HEIGHT;
        let [header, body, footer] = size.layout(&Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(0),
            Constraint::Length(1),
        ]));
        let (list, detail, beside) = if size.width >= WIDE && (detail_open || !full_width) {
            let [list, detail] = body.layout(&Layout::horizontal([
                Constraint::Percentage(60),
                Constraint::Percentage(40),
            ]));
            (list, Some(detail), true)
        } else if detail_open && size.height >= TALL {
            let [list, detail] = body.layout(&Layout::vertical([
                Constraint::Percentage(50),
                Constraint::Percentage(50),
            ]));
            (list, Some(detail), false)
        } else if detail_open {
            (body, Some(body), false)
        } else {
            (body, None, false)
        };
        Areas {
            too_small,
            header,
            body,
            footer,
            list,
            detail,
            beside,
        }
    }

    /// Rows of sessions the list shows (its header line excluded).
    pub fn list_rows(&self) -> u16 {
        self.list.height.saturating_sub(1)
    }

    /// The detail pane when it stands beside (not instead of) the list.
    pub fn detail_beside(&self) -> Option<Rect> {
        self.detail.filter(|_| self.beside)
    }

    /// Whether the open detail covers the list.
    pub fn detail_covers_list(&self) -> bool {
        self.detail.is_some_and(|d| d == self.list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_the_detail_beside() {
        let a = Areas::new(Rect::new(0, 0, 200, 60), false, false);
        assert!(
            Areas::new(Rect::new(0, 0, 200, 60), false, true)
                .detail
                .is_none()
        );
        assert!(
            Areas::new(Rect::new(0, 0, 200, 60), true, true)
                .detail_beside()
                .is_some()
        );
        assert!(a.detail_beside().is_some());
        assert_eq!(a.list.height, 57);
        assert_eq!(a.list_rows(), 56);
    }

    #[test]
    fn narrow_terminals_show_it_below_or_instead() {
        let tall = Areas::new(Rect::new(0, 0, 80, 48), true, false);
        assert!(
            tall.detail.is_some() && tall.detail_beside().is_none() && !tall.detail_covers_list()
        );
        let short = Areas::new(Rect::new(0, 0, 80, 24), true, false);
        assert!(short.detail_covers_list());
        let closed = Areas::new(Rect::new(0, 0, 80, 24), false, false);
        assert!(closed.detail.is_none());
    }

    #[test]
    fn tiny_sizes_are_flagged_not_broken() {
        for (w, h) in [(0, 0), (1, 1), (59, 40), (100, 19)] {
            let a = Areas::new(Rect::new(0, 0, w, h), true, false);
            assert!(a.too_small, "{w}x{h}");
        }
        assert!(!Areas::new(Rect::new(0, 0, 60, 20), false, false).too_small);
    }
}
