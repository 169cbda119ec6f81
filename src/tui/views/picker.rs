//! The filter picker: a track, room or kind to narrow to; tracks can be hidden from here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{cell, centered};
use crate::schedule::{RoomId, SessionKind, TrackId};
use crate::tui::app::{App, Picker, PickerTab};

pub fn draw(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let sch = &app.schedule;
    let mut items: Vec<(String, bool, bool)> = vec![]; // (label, active filter, hidden)
    match picker.tab {
        PickerTab::Tracks => {
            items.push(("all tracks".into(), app.filters.track.is_none(), false));
            for (k, tr) in sch.tracks.iter().enumerate() {
                let n = sch.track_sessions(TrackId(k as u32)).len();
                let hidden = app.plan.agenda.hidden_tracks.contains(&tr.name);
                items.push((
                    format!("{} ({n})", tr.name),
                    app.filters.track == Some(TrackId(k as u32)),
                    hidden,
                ));
            }
        }
        PickerTab::Rooms => {
            items.push(("all rooms".into(), app.filters.room.is_none(), false));
            for (k, r) in sch.rooms.iter().enumerate() {
                let cap = r
                    .capacity
                    .map(|c| format!(", {c} seats"))
                    .unwrap_or_default();
                let n = sch.room_sessions(RoomId(k as u32)).len();
                items.push((
                    format!("{} ({n}{cap})", r.name),
                    app.filters.room == Some(RoomId(k as u32)),
                    false,
                ));
            }
        }
        PickerTab::Kinds => {
            items.push(("all kinds".into(), app.filters.kind.is_none(), false));
            for k in SessionKind::ALL {
                items.push((k.as_str().into(), app.filters.kind == Some(k), false));
            }
        }
    }
    let rect = centered(area, 56, area.height.saturating_sub(2));
    let inner_h = usize::from(rect.height.saturating_sub(3));
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
    let width = usize::from(rect.width.saturating_sub(2));
    for (k, (label, active, hidden)) in items.iter().enumerate().skip(offset).take(inner_h) {
        let mark = if *active {
            "● "
        } else if *hidden {
            "✗ "
        } else {
            "  "
        };
        let text = cell(
            &format!("{mark}{label}{}", if *hidden { "  hidden" } else { "" }),
            width,
        );
        let style = if k == picker.cursor {
            t.selected()
        } else if *hidden {
            t.hidden()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(text, style));
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
