//! The filter picker: tracks or rooms (several at once) or a kind to narrow to, narrowed by
//! typing; values with no session on the current day are dim; tracks can be hidden from here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{cell, centered};
use crate::schedule::{RoomId, SessionKind, TrackId};
use crate::tui::app::{App, Picker, PickerTab};

pub fn draw(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let sch = &app.schedule;
    let multi = picker.tab != PickerTab::Kinds;
    let rect = centered(area, 60, area.height.saturating_sub(2));
    let width = usize::from(rect.width.saturating_sub(2));
    // The tabs, the narrowing line, then the lines.
    let inner_h = usize::from(rect.height.saturating_sub(4));
    let offset = picker.cursor.saturating_sub(inner_h.saturating_sub(1));
    let mut lines = vec![Line::from(
        [PickerTab::Tracks, PickerTab::Rooms, PickerTab::Kinds]
            .iter()
            .map(|&tab| {
                let name = match tab {
                    PickerTab::Tracks => " Tracks ",
                    PickerTab::Rooms => " Rooms ",
                    PickerTab::Kinds => " Kinds ",
                };
                Span::styled(
                    name,
                    if tab == picker.tab {
                        t.tab_active()
                    } else {
                        t.dim()
                    },
                )
            })
            .collect::<Vec<_>>(),
    )];
    let day = app
        .day_date()
        .map(|d| d.format("%a").to_string())
        .unwrap_or_default();
    let narrowing = if picker.typing {
        Line::from(vec![
            Span::styled("/", t.key()),
            Span::raw(super::fit(&picker.query, width.saturating_sub(2))),
            Span::styled("▏", t.accent()),
        ])
    } else if picker.query.is_empty() {
        Line::styled(
            super::fit(&format!("sessions on {day} / in all · / narrows"), width),
            t.dim(),
        )
    } else {
        Line::styled(
            super::fit(
                &format!("/{} ({} match)", picker.query, picker.lines.len()),
                width,
            ),
            t.accent(),
        )
    };
    lines.push(narrowing);
    for (k, line) in picker.lines.iter().enumerate().skip(offset).take(inner_h) {
        let (label, count, active, hidden, on_day) = match (picker.tab, *line) {
            (PickerTab::Tracks, None) => (
                "all tracks".to_string(),
                String::new(),
                app.filters.tracks.is_empty(),
                false,
                1,
            ),
            (PickerTab::Rooms, None) => (
                "all rooms".to_string(),
                String::new(),
                app.filters.rooms.is_empty(),
                false,
                1,
            ),
            (PickerTab::Kinds, None) => (
                "all kinds".to_string(),
                String::new(),
                app.filters.kind.is_none(),
                false,
                1,
            ),
            (PickerTab::Tracks, Some(v)) => {
                let tr = &sch.tracks[v];
                let n = sch.track_sessions(TrackId(v as u32)).len();
                (
                    tr.name.clone(),
                    format!("{} / {n}", picker.on_day.get(v).copied().unwrap_or(0)),
                    app.filters.tracks.contains(&TrackId(v as u32)),
                    app.plan.agenda.hidden_tracks.contains(&tr.name),
                    picker.on_day.get(v).copied().unwrap_or(0),
                )
            }
            (PickerTab::Rooms, Some(v)) => {
                let r = &sch.rooms[v];
                let n = sch.room_sessions(RoomId(v as u32)).len();
                let cap = r
                    .capacity
                    .map(|c| format!(", {c} seats"))
                    .unwrap_or_default();
                (
                    format!("{}{cap}", r.name),
                    format!("{} / {n}", picker.on_day.get(v).copied().unwrap_or(0)),
                    app.filters.rooms.contains(&RoomId(v as u32)),
                    false,
                    picker.on_day.get(v).copied().unwrap_or(0),
                )
            }
            (PickerTab::Kinds, Some(v)) => {
                let kind = SessionKind::ALL[v];
                (
                    kind.as_str().to_string(),
                    String::new(),
                    app.filters.kind == Some(kind),
                    false,
                    picker.on_day.get(v).copied().unwrap_or(0),
                )
            }
        };
        // Marked (several at once) shows a box; the filter in force a dot.
        let mark = match line {
            Some(v) if multi && (picker.marking || !picker.marked.is_empty()) => {
                if picker.marked.binary_search(v).is_ok() {
                    "☑ "
                } else {
                    "☐ "
                }
            }
            _ if active => "● ",
            _ if hidden => "✗ ",
            _ => "  ",
        };
        let left = format!("{mark}{label}{}", if hidden { "  hidden" } else { "" });
        let count_w = unicode_width::UnicodeWidthStr::width(count.as_str());
        let text = format!(
            "{}{count}",
            cell(&left, width.saturating_sub(count_w + 1)) + " "
        );
        let style = if k == picker.cursor {
            t.selected()
        } else if hidden {
            t.hidden()
        } else if on_day == 0 {
            // Nothing of it on the day shown.
            t.dim()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(cell(&text, width), style));
    }
    if picker.lines.is_empty() {
        lines.push(Line::styled("  nothing matches", t.dim()));
    }
    super::overlay(frame, rect, " Filter ", t.border(), &lines);
}

/// Asks which of several running starred sessions to take notes in.
pub fn draw_choice(app: &App, sessions: &[usize], cursor: usize, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let rect = centered(area, 70, sessions.len() as u16 + 4);
    let width = usize::from(rect.width.saturating_sub(2));
    let mut lines = vec![Line::styled(
        "Several starred sessions are running. Notes for which?",
        t.dim(),
    )];
    for (k, &i) in sessions.iter().enumerate() {
        let s = app.schedule.session(i);
        let text = cell(
            &format!("{}  {}", app.schedule.room_name(s), s.title),
            width,
        );
        lines.push(Line::styled(
            text,
            if k == cursor {
                t.selected()
            } else {
                ratatui::style::Style::new()
            },
        ));
    }
    super::overlay(frame, rect, " Notes ", t.border(), &lines);
}
