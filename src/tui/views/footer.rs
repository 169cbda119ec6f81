//! The footer: the few keys that matter in the current mode, or the last status message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use super::fit;
use crate::tui::app::{App, Mode};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let width = usize::from(area.width);
    if matches!(app.mode, Mode::Search { .. }) {
        let query = app.search_query();
        let count: usize = app.search.day_matches.iter().sum();
        let hint = if app.search_active() {
            format!("  {count} matches · Enter keep · Esc clear")
        } else {
            "  type to search titles, speakers, abstracts, tracks, rooms · Esc cancel".to_string()
        };
        let line = Line::from(vec![
            Span::styled("/", t.key()),
            Span::raw(fit(query, width.saturating_sub(2))),
            Span::styled("▏", t.accent()),
            Span::styled(fit(&hint, width.saturating_sub(query.len() + 2)), t.dim()),
        ]);
        super::paint::lines(frame.buffer_mut(), area, &[line]);
        return;
    }
    let keys = app.keymap.footer(app.key_mode());
    let mut spans: Vec<Span> = Vec::new();
    let mut filters = Vec::new();
    if app.search_active() {
        filters.push(format!("search \"{}\"", app.search_query()));
    }
    match app.filters.tracks.as_slice() {
        [] => {}
        [one] => filters.push(format!("track {}", app.schedule.track(*one).name)),
        many => filters.push(format!("{} tracks", many.len())),
    }
    match app.filters.rooms.as_slice() {
        [] => {}
        [one] => filters.push(format!("room {}", app.schedule.room(*one).name)),
        many => filters.push(format!("{} rooms", many.len())),
    }
    if let Some(k) = app.filters.kind {
        filters.push(format!("kind {}", k.as_str()));
    }
    if app.filters.starred_only {
        filters.push("starred only".into());
    }
    if let Some(m) = app.filters.marks {
        filters.push(m.name().into());
    }
    if app.filters.show_hidden {
        filters.push("showing hidden".into());
    }
    let c = &app.plan.changes;
    // A save that failed stays in view until one succeeds.
    if let Some(error) = app.saves.error.as_deref().filter(|_| app.saves.failing()) {
        spans.push(Span::styled(
            format!("NOT SAVED ({error}), retrying  "),
            t.warning(),
        ));
    }
    if let Some(status) = &app.status {
        spans.push(Span::styled(format!("{status}  "), t.star()));
    } else if !c.is_empty() && !matches!(app.mode, Mode::Review(_)) {
        let mut parts = Vec::new();
        if !c.changed.is_empty() {
            parts.push(format!("{} changed", c.changed.len()));
        }
        if !c.cancelled.is_empty() {
            parts.push(format!("{} cancelled", c.cancelled.len()));
        }
        if !c.new.is_empty() {
            parts.push(format!("{} new", c.new.len()));
        }
        let key = app.keymap.keys_of("review_changes");
        let key = key.split(' ').next().unwrap_or_default();
        let text = if width < usize::from(crate::tui::layout::COMPACT_WIDTH) {
            format!("{} · {key} reviews  ", parts.join(", "))
        } else {
            format!(
                "Schedule updated: {} (Δ in lists) · {key} reviews  ",
                parts.join(", ")
            )
        };
        spans.push(Span::styled(text, t.warning()));
    }
    // Active filters are always named: a list that looks short must say why.
    if !filters.is_empty() {
        let clears = app
            .keymap
            .key_of("clear_filters")
            .map(|k| format!(" {k} clears"))
            .unwrap_or_default();
        spans.push(Span::styled(
            format!("[{}]{clears}  ", filters.join(", ")),
            t.caution(),
        ));
    }
    // Keys that do not fit are left out from the middle: the first (moving) and the last two
    // (help, quit; or close) matter most, and the last (how to get out) most of all. A hint is
    // shown whole or not at all (the last one's trailing gap may fall off the edge).
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let entry_w = |(k, what): &(String, &str)| k.width() + what.width() + 3;
    let mut shown: Vec<&(String, &str)> = keys.iter().collect();
    while shown.len() > 1 && used + shown.iter().map(|e| entry_w(e)).sum::<usize>() > width + 2 {
        shown.remove(shown.len().saturating_sub(3));
    }
    for (k, what) in shown {
        spans.push(Span::styled(k.as_str(), t.key()));
        spans.push(Span::styled(format!(" {what}  "), t.dim()));
    }
    super::paint::lines(frame.buffer_mut(), area, &[Line::from(spans)]);
}
