//! Where each region goes for a terminal size: computed the same way by `update` (for page sizes
//! and clicks) and by drawing.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

/// The smallest terminal the interface draws in; below it, a "too small" notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// Below this width or height the compact layout is used: a one-line header and footer, lists
/// of one column (time, marker, title), the detail over the list. A phone over ssh, a short
/// tmux pane.
pub const COMPACT_WIDTH: u16 = 60;
pub const COMPACT_HEIGHT: u16 = 20;
/// From this width the detail sits beside the list.
pub const WIDE: u16 = 120;
/// From this height (when narrow) the open detail sits below the list.
pub const TALL: u16 = 40;

/// The regions of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub too_small: bool,
    /// The compact layout (see [`COMPACT_WIDTH`]).
    pub compact: bool,
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
        let compact = size.width < COMPACT_WIDTH || size.height < COMPACT_HEIGHT;
        let [header, body, footer] = size.layout(&Layout::vertical([
            Constraint::Length(if compact { 1 } else { 2 }),
            Constraint::Min(0),
            Constraint::Length(1),
        ]));
        let (list, detail, beside) = if compact {
            // The detail, when open, takes the whole body.
            (body, detail_open.then_some(body), false)
        } else if size.width >= WIDE && (detail_open || !full_width) {
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
            compact,
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

/// Overlays (coverage, changes to review) are centred in the body and at most this wide.
pub const OVERLAY_WIDTH: u16 = 100;

/// The rectangle of `width` x `height` centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The coverage overlay in `body` for `lines` lines of text (inside its border).
pub fn coverage_rect(body: Rect, lines: usize) -> Rect {
    let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    centered(body, OVERLAY_WIDTH, wanted)
}

/// Lines of text the coverage overlay shows at most in `body`.
pub fn coverage_rows(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(2))
}

/// Lines above the review's list inside its border (the explanation).
pub const REVIEW_TOP: u16 = 1;

/// The review overlay in `body` for a list of `rows` lines (a line kept free above and below).
pub fn review_rect(body: Rect, rows: usize) -> Rect {
    let wanted = u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_add(REVIEW_TOP + 2);
    centered(
        body,
        OVERLAY_WIDTH,
        wanted.min(body.height.saturating_sub(2)),
    )
}

/// Lines of the review's list that fit in `body` at most.
pub fn review_rows(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(2).saturating_sub(REVIEW_TOP + 2))
}

/// Between two day tabs.
pub const TAB_GAP: &str = " · ";

/// The day tabs as laid out on the header's line: where each shown tab is, so that drawing
/// paints them there and a click finds its day without asking the drawing code.
///
/// Worked out when the terminal's width, the day or the search's counts change (in `update`),
/// never per frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayTabs {
    /// The screen row the tabs are on.
    pub row: u16,
    /// Tabs before the first shown are left out ("‹ " marks them).
    pub more_left: bool,
    /// Tabs after the last shown are left out (" ›" marks them).
    pub more_right: bool,
    /// Each shown tab: its day, label and first column.
    pub tabs: Vec<Tab>,
}

/// One day tab on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    pub day: usize,
    pub label: String,
    pub x: u16,
}

impl DayTabs {
    /// The tabs for `labels` (one per day) on `row`, from column `x`, in `width` columns,
    /// scrolled so that the `current` day's tab is shown.
    pub fn new(labels: Vec<String>, current: usize, x: u16, row: u16, width: usize) -> Self {
        let gap = TAB_GAP.width();
        let mut first = 0;
        while first < current.min(labels.len().saturating_sub(1)) {
            let used: usize = labels[first..=current.min(labels.len() - 1)]
                .iter()
                .map(|l| l.width() + gap)
                .sum();
            if used <= width {
                break;
            }
            first += 1;
        }
        let more_left = first > 0;
        let mut at = usize::from(x) + if more_left { 2 } else { 0 };
        // What lies right of the tabs (the view names) is not covered: tabs that would reach
        // it are left out, " ›" saying so.
        let end = usize::from(x) + width;
        let mut tabs = Vec::new();
        let mut more_right = false;
        for (day, label) in labels.into_iter().enumerate().skip(first) {
            let start = if day > first { at + gap } else { at };
            if day > current && start + label.width() + 2 > end {
                more_right = true;
                break;
            }
            at = start;
            let Ok(tab_x) = u16::try_from(at) else { break };
            at += label.width();
            tabs.push(Tab {
                day,
                label,
                x: tab_x,
            });
        }
        DayTabs {
            row,
            more_left,
            more_right,
            tabs,
        }
    }

    /// The compact header's tabs on `row` from column `x`: the current day's label between
    /// "‹" and "›", which go to the day before and after (left out on the first and last day).
    pub fn compact(labels: Vec<String>, current: usize, x: u16, row: u16) -> Self {
        let days = labels.len();
        let mut tabs = Vec::new();
        let mut at = x;
        let mut push = |day: usize, label: String| {
            let w = u16::try_from(label.width()).unwrap_or(u16::MAX);
            tabs.push(Tab { day, label, x: at });
            at = at.saturating_add(w + 1);
        };
        if current > 0 {
            push(current - 1, "‹".into());
        }
        if let Some(label) = labels.into_iter().nth(current) {
            push(current, label);
        }
        if current + 1 < days {
            push(current + 1, "›".into());
        }
        DayTabs {
            row,
            more_left: false,
            more_right: false,
            tabs,
        }
    }

    /// The day whose tab is at a cell, if any.
    pub fn day_at(&self, column: u16, row: u16) -> Option<usize> {
        if row != self.row {
            return None;
        }
        self.tabs
            .iter()
            .find(|t| column >= t.x && usize::from(column - t.x) < t.label.width())
            .map(|t| t.day)
    }
}

/// The day tabs' labels: "Wed 20", with the number of search matches (`matches`, one per day)
/// while searching.
pub fn day_labels(schedule: &crate::schedule::Schedule, matches: &[usize]) -> Vec<String> {
    schedule
        .days()
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let base = day.date.format("%a %-d").to_string();
            match matches.get(d) {
                Some(n) => format!("{base} ({n})"),
                None => base,
            }
        })
        .collect()
}

/// Width the header's second line keeps for the view names.
pub fn views_width() -> usize {
    crate::tui::app::View::ALL
        .iter()
        .map(|v| v.name().width() + 2)
        .sum::<usize>()
        + 1
}

/// The terminal's size and the geometry `update` and drawing share, derived from it and the
/// state when one of them changes (see `App::sync_screen`).
#[derive(Debug, Clone, Default)]
pub struct Screen {
    pub size: Rect,
    pub tabs: DayTabs,
    /// What `tabs` was laid out for: size, day, search counts.
    laid_out_for: Option<(Rect, usize, Vec<usize>)>,
}

impl Screen {
    pub fn new(size: Rect) -> Self {
        Screen {
            size,
            ..Screen::default()
        }
    }

    /// Whether the tabs were laid out for these inputs; if not, remembers them as laid out.
    pub fn stale(&mut self, day: usize, matches: &[usize]) -> bool {
        if let Some((size, d, m)) = &self.laid_out_for
            && (*size, *d) == (self.size, day)
            && m == matches
        {
            return false;
        }
        self.laid_out_for = Some((self.size, day, matches.to_vec()));
        true
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
        for (w, h) in [(0, 0), (1, 1), (39, 40), (100, 11)] {
            let a = Areas::new(Rect::new(0, 0, w, h), true, false);
            assert!(a.too_small, "{w}x{h}");
        }
        assert!(!Areas::new(Rect::new(0, 0, 40, 12), false, false).too_small);
    }

    #[test]
    fn small_terminals_get_the_compact_layout() {
        for (w, h) in [(40, 12), (59, 40), (100, 19)] {
            let closed = Areas::new(Rect::new(0, 0, w, h), false, false);
            assert!(closed.compact && !closed.too_small, "{w}x{h}");
            assert_eq!((closed.header.height, closed.footer.height), (1, 1));
            assert_eq!(closed.list.height, h - 2, "{w}x{h}");
            assert!(closed.detail.is_none());
            let open = Areas::new(Rect::new(0, 0, w, h), true, false);
            assert!(
                open.detail_covers_list(),
                "{w}x{h}: the detail takes the body"
            );
        }
        let normal = Areas::new(Rect::new(0, 0, 60, 20), false, false);
        assert!(!normal.compact);
        assert_eq!(normal.header.height, 2);
    }

    #[test]
    fn day_tabs_scroll_to_the_current_day_and_find_clicked_days() {
        let labels: Vec<String> = (1..=5).map(|d| format!("Day {d}")).collect();
        // Each label is 5 wide and each gap 3: all five need 37 columns, two 16.
        let all = DayTabs::new(labels.clone(), 0, 0, 1, 40);
        assert!(!all.more_left);
        assert_eq!(all.tabs.len(), 5);
        assert_eq!(all.day_at(0, 1), Some(0));
        assert_eq!(all.day_at(5, 1), None, "the gap");
        assert_eq!(all.day_at(8, 1), Some(1));
        assert_eq!(all.day_at(8, 0), None, "another row");
        let narrow = DayTabs::new(labels, 4, 0, 1, 20);
        assert!(narrow.more_left);
        assert_eq!(narrow.tabs.first().map(|t| t.day), Some(3));
        assert_eq!(narrow.day_at(2, 1), Some(3), "after the ‹ mark");
        assert_eq!(narrow.day_at(0, 1), None);
        // The first day of five in 20 columns: two tabs, the rest marked, never past the width.
        let start = DayTabs::new((1..=5).map(|d| format!("Day {d}")).collect(), 0, 0, 1, 20);
        assert!(start.more_right && !start.more_left);
        assert_eq!(start.tabs.len(), 2);
        let last = start.tabs.last().unwrap();
        assert!(usize::from(last.x) + last.label.width() + 2 <= 20);
    }
}
