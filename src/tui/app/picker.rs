//! The filter picker's state: type-ahead narrowing (folded case and accents, like the search),
//! several tracks or rooms marked at once, and which values have no session on the current day.
//!
//! The lines and the day's counts are worked out here when the picker opens, its tab changes or
//! its query changes, never while drawing.
//!
//! The tracks and rooms chosen are remembered per conference (by name, `store::Remembered`) and
//! restored at the next start; a name the schedule no longer has is dropped and said, so that a
//! new version of the schedule never leaves a filter that hides everything.

use super::{App, Effect, Mode, Picker, PickerTab};
use crate::schedule::search::folded;
use crate::schedule::{RoomId, SessionKind, TrackId};

impl App {
    /// Opens the picker on the tracks, the current filter marked.
    pub(super) fn open_picker(&mut self) {
        let mut picker = Picker {
            tab: PickerTab::Tracks,
            cursor: 0,
            query: String::new(),
            typing: false,
            lines: Vec::new(),
            marked: Vec::new(),
            marking: false,
            on_day: Vec::new(),
        };
        self.picker_tab(&mut picker);
        self.mode = Mode::Picker(picker);
    }

    /// Fills the picker for its tab: the marks from the filter, the day's counts, the lines.
    fn picker_tab(&self, p: &mut Picker) {
        p.cursor = 0;
        p.marking = false;
        p.marked = match p.tab {
            PickerTab::Tracks => self.filters.tracks.iter().map(|t| t.0 as usize).collect(),
            PickerTab::Rooms => self.filters.rooms.iter().map(|r| r.0 as usize).collect(),
            PickerTab::Kinds => Vec::new(),
        };
        let len = self.picker_names(p.tab).len();
        p.on_day = vec![0; len];
        if let Some(day) = self.schedule.days().get(self.day) {
            for i in day.range.clone() {
                let s = self.schedule.session(i);
                let value = match p.tab {
                    PickerTab::Tracks => s.track.map(|t| t.0 as usize),
                    PickerTab::Rooms => s.room.map(|r| r.0 as usize),
                    PickerTab::Kinds => SessionKind::ALL.iter().position(|&k| k == s.kind),
                };
                if let Some(n) = value.and_then(|v| p.on_day.get_mut(v)) {
                    *n += 1;
                }
            }
        }
        self.picker_lines(p);
    }

    /// The names of a tab's values, in index order.
    fn picker_names(&self, tab: PickerTab) -> Vec<&str> {
        match tab {
            PickerTab::Tracks => self
                .schedule
                .tracks
                .iter()
                .map(|t| t.name.as_str())
                .collect(),
            PickerTab::Rooms => self
                .schedule
                .rooms
                .iter()
                .map(|r| r.name.as_str())
                .collect(),
            PickerTab::Kinds => SessionKind::ALL.iter().map(|k| k.as_str()).collect(),
        }
    }

    /// The lines matching the query: every word typed is in the name (folded); "all" only
    /// while nothing is typed.
    fn picker_lines(&self, p: &mut Picker) {
        let words: Vec<String> = folded(&p.query)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        p.lines.clear();
        if words.is_empty() {
            p.lines.push(None);
        }
        for (k, name) in self.picker_names(p.tab).into_iter().enumerate() {
            let name = folded(name);
            if words.iter().all(|w| name.contains(w.as_str())) {
                p.lines.push(Some(k));
            }
        }
        p.cursor = p.cursor.min(p.lines.len().saturating_sub(1));
    }

    /// Switches the picker to its next tab.
    pub(super) fn picker_next_tab(&mut self) {
        if let Mode::Picker(p) = &self.mode {
            let mut p = p.clone();
            p.tab = match p.tab {
                PickerTab::Tracks => PickerTab::Rooms,
                PickerTab::Rooms => PickerTab::Kinds,
                PickerTab::Kinds => PickerTab::Tracks,
            };
            self.picker_tab(&mut p);
            self.mode = Mode::Picker(p);
        }
    }

    /// The query changed: the lines again, the cursor on the first match.
    pub(super) fn picker_query(&mut self, edit: impl FnOnce(&mut String)) {
        if let Mode::Picker(p) = &self.mode {
            let mut p = p.clone();
            edit(&mut p.query);
            p.cursor = 0;
            self.picker_lines(&mut p);
            self.mode = Mode::Picker(p);
        }
    }

    /// Moves the picker's cursor by `delta` lines (clamped; one step wraps around).
    pub(super) fn picker_move(&mut self, delta: isize) {
        if let Mode::Picker(p) = &mut self.mode {
            let len = p.lines.len();
            if len == 0 {
                return;
            }
            p.cursor = match delta {
                -1 => p.cursor.checked_sub(1).unwrap_or(len - 1),
                1 if p.cursor + 1 >= len => 0,
                d => p.cursor.saturating_add_signed(d).min(len - 1),
            };
        }
    }

    /// Lines the picker shows at once (its page).
    pub fn picker_page(&self) -> usize {
        usize::from(self.areas().body.height.saturating_sub(2).saturating_sub(4)).max(1)
    }

    /// Marks or unmarks the highlighted track or room (Space); on "all", clears the marks.
    pub(super) fn picker_mark(&mut self) {
        if let Mode::Picker(p) = &mut self.mode {
            if p.tab == PickerTab::Kinds {
                self.status = Some("one kind at a time: Enter picks it".into());
                return;
            }
            match p.lines.get(p.cursor).copied() {
                Some(Some(k)) => match p.marked.binary_search(&k) {
                    Ok(at) => {
                        p.marked.remove(at);
                    }
                    Err(at) => p.marked.insert(at, k),
                },
                Some(None) => p.marked.clear(),
                None => return,
            }
            p.marking = true;
        }
    }

    /// Enter: the marks when Space was used, else the highlighted line alone ("all" clears);
    /// the tracks and rooms chosen are remembered for the next start.
    pub(super) fn picker_apply(&mut self) -> Option<Effect> {
        let Mode::Picker(p) = &self.mode else {
            return None;
        };
        let chosen: Vec<usize> = if p.marking {
            p.marked.clone()
        } else {
            match p.lines.get(p.cursor) {
                Some(Some(k)) => vec![*k],
                Some(None) => Vec::new(),
                None => return None,
            }
        };
        match p.tab {
            PickerTab::Tracks => {
                self.filters.tracks = chosen.iter().map(|&k| TrackId(k as u32)).collect();
            }
            PickerTab::Rooms => {
                self.filters.rooms = chosen.iter().map(|&k| RoomId(k as u32)).collect();
            }
            PickerTab::Kinds => self.filters.kind = chosen.first().map(|&k| SessionKind::ALL[k]),
        }
        self.mode = Mode::Normal;
        self.rebuild_rows();
        self.remember_filters()
    }

    /// Takes in what is remembered for this conference (at start): the export files, and the
    /// tracks and rooms the picker was left on. Names the schedule no longer has are dropped,
    /// said in the status line and forgotten (the effect returned).
    pub fn restore(&mut self, remembered: crate::store::Remembered) -> Vec<Effect> {
        self.remembered = remembered;
        let (tracks, rooms) = (
            self.remembered.tracks.clone(),
            self.remembered.rooms.clone(),
        );
        let missing = self.filter_by_names(&tracks, &rooms);
        if !tracks.is_empty() || !rooms.is_empty() {
            self.rebuild_rows();
        }
        if let Some(said) = dropped(&missing) {
            self.status = Some(said);
        }
        self.remember_filters().into_iter().collect()
    }

    /// Filters on the tracks and rooms of these names (a schedule's own, or remembered ones);
    /// returns those the schedule does not have (`track "X"`, `room "Y"`), which are left out.
    pub(super) fn filter_by_names(&mut self, tracks: &[String], rooms: &[String]) -> Vec<String> {
        let mut missing = Vec::new();
        let mut t: Vec<TrackId> = Vec::new();
        for name in tracks {
            match self.schedule.find_track(name) {
                Some(id) => t.push(id),
                None => missing.push(format!("track {}", crate::text::quote(name))),
            }
        }
        let mut r: Vec<RoomId> = Vec::new();
        for name in rooms {
            match self.schedule.find_room(name) {
                Some(id) => r.push(id),
                None => missing.push(format!("room {}", crate::text::quote(name))),
            }
        }
        t.sort_unstable();
        t.dedup();
        r.sort_unstable();
        r.dedup();
        self.filters.tracks = t;
        self.filters.rooms = r;
        missing
    }

    /// The names of the tracks and of the rooms filtered on.
    pub(super) fn filter_names(&self) -> (Vec<String>, Vec<String>) {
        let f = &self.filters;
        (
            f.tracks
                .iter()
                .map(|&t| self.schedule.track(t).name.clone())
                .collect(),
            f.rooms
                .iter()
                .map(|&r| self.schedule.room(r).name.clone())
                .collect(),
        )
    }

    /// Remembers the tracks and rooms filtered on, when they differ from what is remembered.
    pub(super) fn remember_filters(&mut self) -> Option<Effect> {
        let (tracks, rooms) = self.filter_names();
        if tracks == self.remembered.tracks && rooms == self.remembered.rooms {
            return None;
        }
        self.remembered.tracks = tracks;
        self.remembered.rooms = rooms;
        Some(Effect::Remember(Box::new(self.remembered.clone())))
    }
}

/// What the status line says of filter names a schedule no longer has, if any.
pub(super) fn dropped(missing: &[String]) -> Option<String> {
    (!missing.is_empty()).then(|| {
        format!(
            "filter: {} no longer in the schedule, dropped",
            crate::text::for_message(&missing.join(", "))
        )
    })
}
