//! `App::update`: every action's effect on the state, and the moves it is made of.

use super::{
    Action, AgendaRow, App, Change, Effect, Filters, Haystacks, NotesEditor, Overlay, Picker,
    PickerTab, Rect, RoomId, Scroll, SessionKind, TrackId, View, acknowledgement, detect, remember,
};

impl App {
    /// Applies an action; returns what the runtime must do (save, open notes).
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = self.apply_action(action);
        let list = self.areas().list;
        self.grid.follow(&self.schedule, list);
        effect
    }

    #[allow(clippy::needless_pass_by_value)] // Actions are small values; taking them whole reads best.
    fn apply_action(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => {
                self.quit = true;
                return self.flush_notes();
            }
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                let h = self.list_height();
                self.list.follow(self.rows.len(), h);
                self.follow_agenda();
            }
            Action::Tick => self.agenda_changed(),
            Action::Help => {
                self.overlay = Overlay::Help;
                self.help_scroll = 0;
            }
            Action::Up if self.overlay == Overlay::Help => {
                self.help_scroll = self.help_scroll.saturating_sub(1)
            }
            Action::Down if self.overlay == Overlay::Help => {
                // The help's lines: the keys, a blank line and a closing note.
                let max = (crate::tui::keymap::HELP.len() + 2)
                    .saturating_sub(usize::from(self.areas().body.height.saturating_sub(2)));
                self.help_scroll = (self.help_scroll + 1).min(max as u16);
            }
            Action::Close => {
                if self.overlay != Overlay::None {
                    self.overlay = Overlay::None;
                } else if self.detail {
                    self.detail = false;
                } else if self.search.matches().is_some() {
                    self.clear_search();
                } else {
                    self.status = None;
                }
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Left => match self.view {
                View::Grid => self.grid.step_room(&self.schedule, -1),
                _ => self.change_day(-1),
            },
            Action::Right => match self.view {
                View::Grid => self.grid.step_room(&self.schedule, 1),
                _ => self.change_day(1),
            },
            Action::PrevDay => self.change_day(-1),
            Action::NextDay => self.change_day(1),
            Action::NextView | Action::PrevView => {
                let at = View::ALL.iter().position(|&v| v == self.view).unwrap_or(0);
                let step = if action == Action::NextView {
                    1
                } else {
                    View::ALL.len() - 1
                };
                let selected = self.selected();
                self.view = View::ALL[(at + step) % View::ALL.len()];
                if let Some(i) = selected {
                    self.select_session(i);
                }
            }
            Action::ToggleDetail => {
                self.detail = !self.detail;
                self.detail_scroll = 0;
            }
            Action::ToggleStar => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                // Starring also remembers how the session looks now, so that a later version of
                // the schedule that moves it can say so.
                let mut changes = vec![Change::set_star(id.clone(), !self.agenda.is_starred(&id))];
                if !self.agenda.is_starred(&id) {
                    changes.extend(remember(&self.schedule, &self.agenda, [id.as_str()]));
                }
                for c in &changes {
                    self.agenda.apply(c);
                }
                self.analysis.set_starred(&self.schedule, &self.agenda, i);
                let starred = self.agenda.is_starred(&id);
                // A session no longer starred nor noted is no longer followed; one just starred
                // was remembered as it is now, so it has no change to report.
                if !starred && !self.agenda.notes.contains_key(&id) {
                    self.changes.changed.retain(|c| c.id != id);
                }
                self.status = Some(if starred { "★ starred" } else { "unstarred" }.into());
                self.agenda_changed();
                if self.filters.starred_only {
                    self.rebuild_rows();
                }
                return Some(Effect::Save(changes));
            }
            Action::ToggleHideSession => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                let hidden = self.agenda.hidden_sessions.contains(&id);
                let change = if hidden {
                    Change::Unhide(id)
                } else {
                    Change::Hide(id)
                };
                self.agenda.apply(&change);
                self.status = Some(
                    if hidden {
                        "shown again"
                    } else {
                        "hidden (H shows hidden sessions)"
                    }
                    .into(),
                );
                self.agenda_changed();
                self.rebuild_rows();
                return Some(Effect::Save(vec![change]));
            }
            Action::ToggleHideTrack => {
                let i = self.selected()?;
                let name = self
                    .schedule
                    .track_name(self.schedule.session(i))
                    .to_string();
                if name.is_empty() {
                    self.status = Some("this session has no track".into());
                    return None;
                }
                return Some(self.toggle_track(name));
            }
            Action::ToggleStarredOnly => {
                self.filters.starred_only = !self.filters.starred_only;
                self.rebuild_rows();
            }
            Action::ToggleShowHidden => {
                self.filters.show_hidden = !self.filters.show_hidden;
                self.rebuild_rows();
            }
            Action::ClearFilters => {
                self.filters = Filters::default();
                self.clear_search();
            }
            Action::OpenFilters => {
                self.overlay = Overlay::Picker(Picker {
                    tab: PickerTab::Tracks,
                    cursor: 0,
                });
            }
            Action::OpenNotes => {
                let i = self.selected()?;
                self.open_notes(i);
            }
            Action::OpenCurrentNotes => match self.current.as_slice() {
                [] => {
                    self.status = Some(
                        "no starred session is running now; n opens the selected one's notes"
                            .into(),
                    )
                }
                [one] => self.open_notes(*one),
                many => {
                    self.overlay = Overlay::ChooseNotes {
                        sessions: many.to_vec(),
                        cursor: 0,
                    };
                }
            },
            Action::NoteKey(key) => {
                let now = self.now;
                if let Some(n) = &mut self.notes {
                    n.key(key, now);
                }
            }
            Action::NotePaste(text) => {
                let now = self.now;
                if let Some(n) = &mut self.notes {
                    n.paste(&text, now);
                }
            }
            Action::NoteTimestamp => {
                let now = self.now;
                if let Some(n) = &mut self.notes {
                    n.insert_timestamp(&self.schedule, now);
                }
            }
            Action::CloseNotes => {
                let changes = self.flush_notes();
                self.notes = None;
                return changes;
            }
            Action::Rate(stars) => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                let change = Change::Rate { id, stars };
                self.agenda.apply(&change);
                self.status = Some(match stars {
                    Some(n) => format!(
                        "rated {}{}",
                        "★".repeat(usize::from(n)),
                        "☆".repeat(5 - usize::from(n))
                    ),
                    None => "rating cleared".into(),
                });
                return Some(Effect::Save(vec![change]));
            }
            Action::AcceptChanges => {
                if self.changes.is_empty() {
                    self.status = Some("no schedule changes to accept".into());
                    return None;
                }
                let change = acknowledgement(&self.schedule, &self.agenda);
                self.agenda.apply(&change);
                self.changes = detect(&self.schedule, &self.agenda);
                self.status = Some("schedule changes accepted".into());
                return Some(Effect::Save(vec![change]));
            }
            Action::ToggleAttended => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                let attended = !self.agenda.attended.contains(&id);
                let change = Change::Attended { id, attended };
                self.agenda.apply(&change);
                self.status = Some(
                    if attended {
                        "marked attended"
                    } else {
                        "no longer marked attended"
                    }
                    .into(),
                );
                return Some(Effect::Save(vec![change]));
            }
            Action::StartSearch => {
                self.searching = true;
                self.view = View::Schedule;
                self.search_input = self.search.query().to_string();
            }
            Action::SearchInput(c) => {
                self.search_input.push(c);
                self.run_search();
            }
            Action::SearchBackspace => {
                self.search_input.pop();
                let hay = self
                    .haystacks
                    .get_or_insert_with(|| Haystacks::empty(&self.schedule));
                hay.extend(&self.schedule, usize::MAX);
                self.search.pop_to(&self.search_input, hay);
                self.after_search();
            }
            Action::SearchAccept => {
                self.searching = false;
                if self.search.matches().is_some() {
                    // Jump to the first day with a match when this one has none.
                    if self.rows.is_empty()
                        && let Some(d) = self.day_matches.iter().position(|&n| n > 0)
                    {
                        self.day = d;
                        self.rebuild_rows();
                    }
                    self.list.cursor = 0;
                    self.list.offset = 0;
                    let h = self.list_height();
                    self.list.follow(self.rows.len(), h);
                }
            }
            Action::SearchCancel => {
                self.searching = false;
                self.clear_search();
            }
            Action::PickerUp | Action::PickerDown
                if matches!(self.overlay, Overlay::ChooseNotes { .. }) =>
            {
                if let Overlay::ChooseNotes { sessions, cursor } = &mut self.overlay {
                    *cursor = if action == Action::PickerUp {
                        cursor.saturating_sub(1)
                    } else {
                        (*cursor + 1).min(sessions.len().saturating_sub(1))
                    };
                }
            }
            Action::PickerSelect if matches!(self.overlay, Overlay::ChooseNotes { .. }) => {
                if let Overlay::ChooseNotes { sessions, cursor } =
                    std::mem::replace(&mut self.overlay, Overlay::None)
                    && let Some(&i) = sessions.get(cursor)
                {
                    self.open_notes(i);
                }
            }
            Action::PickerUp | Action::PickerDown => {
                let len = self.picker_len();
                if let Overlay::Picker(p) = &mut self.overlay {
                    p.cursor = if action == Action::PickerUp {
                        p.cursor.checked_sub(1).unwrap_or(len.saturating_sub(1))
                    } else if p.cursor + 1 >= len {
                        0
                    } else {
                        p.cursor + 1
                    };
                }
            }
            Action::PickerNextTab => {
                if let Overlay::Picker(p) = &mut self.overlay {
                    p.tab = match p.tab {
                        PickerTab::Tracks => PickerTab::Rooms,
                        PickerTab::Rooms => PickerTab::Kinds,
                        PickerTab::Kinds => PickerTab::Tracks,
                    };
                    p.cursor = 0;
                }
            }
            Action::PickerSelect => {
                if let Overlay::Picker(p) = self.overlay.clone() {
                    let pick = p.cursor.checked_sub(1);
                    match p.tab {
                        PickerTab::Tracks => self.filters.track = pick.map(|i| TrackId(i as u32)),
                        PickerTab::Rooms => self.filters.room = pick.map(|i| RoomId(i as u32)),
                        PickerTab::Kinds => self.filters.kind = pick.map(|i| SessionKind::ALL[i]),
                    }
                    self.overlay = Overlay::None;
                    self.rebuild_rows();
                }
            }
            Action::PickerToggleHide => {
                if let Overlay::Picker(Picker {
                    tab: PickerTab::Tracks,
                    cursor,
                }) = self.overlay
                    && let Some(t) = cursor.checked_sub(1)
                    && let Some(track) = self.schedule.tracks.get(t)
                {
                    let name = track.name.clone();
                    return Some(self.toggle_track(name));
                }
            }
            Action::FilterKind(kind) => {
                self.filters.kind = Some(kind);
                self.rebuild_rows();
            }
            Action::Scroll(lines) => {
                if self.detail && self.areas().detail_beside().is_none() {
                    self.detail_scroll = self
                        .detail_scroll
                        .saturating_add_signed(lines)
                        .min(crate::tui::views::detail::max_scroll(self));
                } else {
                    self.move_by(isize::from(lines));
                }
            }
            Action::Click { column, row } => self.click(column, row),
        }
        None
    }

    /// Opens the notes editor on a session.
    fn open_notes(&mut self, i: usize) {
        self.overlay = Overlay::None;
        self.status = None;
        self.notes = Some(NotesEditor::open(&self.schedule, &self.agenda, i));
    }

    fn toggle_track(&mut self, name: String) -> Effect {
        let hidden = self.agenda.hidden_tracks.contains(&name);
        self.status = Some(if hidden {
            format!("track \"{name}\" shown again")
        } else {
            format!("track \"{name}\" hidden (H shows hidden)")
        });
        let change = if hidden {
            Change::UnhideTrack(name)
        } else {
            Change::HideTrack(name)
        };
        self.agenda.apply(&change);
        self.agenda_changed();
        self.rebuild_rows();
        Effect::Save(vec![change])
    }

    fn page(&self) -> usize {
        self.list_height().saturating_sub(1).max(1)
    }

    fn move_by(&mut self, delta: isize) {
        let h = self.list_height();
        match self.view {
            View::Schedule => self.list.step(delta, self.rows.len(), h),
            View::Agenda => {
                let len = self.agenda_selectable.len();
                self.agenda_scroll.cursor = self
                    .agenda_scroll
                    .cursor
                    .saturating_add_signed(delta)
                    .min(len.saturating_sub(1));
                self.follow_agenda();
            }
            View::Grid => self
                .grid
                .step_session(&self.schedule, delta.clamp(-1000, 1000)),
        }
        self.detail_scroll = 0;
    }

    fn change_day(&mut self, delta: isize) {
        let days = self.schedule.days().len();
        if days == 0 {
            return;
        }
        let to = self.day.saturating_add_signed(delta).min(days - 1);
        if to == self.day {
            return;
        }
        self.day = to;
        self.list = Scroll::default();
        self.rebuild_rows();
        if self.day_date()
            == Some(
                self.now
                    .with_timezone(&self.schedule.conference.timezone)
                    .date_naive(),
            )
        {
            self.select_nearest_now();
        }
        if let Some(&first) = self.rows.get(self.list.cursor) {
            self.grid.select(&self.schedule, first);
        }
        if self.view == View::Agenda {
            // Jump to the first starred session of that day.
            let date = self.day_date();
            if let Some(k) = self.agenda_selectable.iter().position(|&r| {
                matches!(self.agenda_rows[r], AgendaRow::Session(i) if Some(self.schedule.session(i).day) == date)
            }) {
                self.agenda_scroll.cursor = k;
                self.follow_agenda();
            }
        }
    }

    /// Moves every view's cursor to a session, switching day if needed.
    fn select_session(&mut self, i: usize) {
        let day = self.schedule.session(i).day;
        if self.day_date() != Some(day)
            && let Some(d) = self.schedule.days().iter().position(|d| d.date == day)
        {
            self.day = d;
            self.rebuild_rows();
        }
        let h = self.list_height();
        if let Some(row) = self.rows.iter().position(|&r| r == i) {
            self.list.cursor = row;
            self.list.follow(self.rows.len(), h);
        }
        if self.rows.contains(&i) {
            self.grid.select(&self.schedule, i);
        }
        if let Some(k) = self
            .agenda_selectable
            .iter()
            .position(|&r| self.agenda_rows[r] == AgendaRow::Session(i))
        {
            self.agenda_scroll.cursor = k;
            self.follow_agenda();
        }
    }

    fn run_search(&mut self) {
        // What idle time has not prepared yet is prepared now.
        let hay = self
            .haystacks
            .get_or_insert_with(|| Haystacks::empty(&self.schedule));
        hay.extend(&self.schedule, usize::MAX);
        self.search.set(&self.search_input, hay);
        self.after_search();
    }

    fn after_search(&mut self) {
        self.day_matches = match self.search.matches() {
            Some(m) => self
                .schedule
                .days()
                .iter()
                .map(|d| {
                    m.partition_point(|&i| (i as usize) < d.range.end)
                        - m.partition_point(|&i| (i as usize) < d.range.start)
                })
                .collect(),
            None => Vec::new(),
        };
        self.list.cursor = 0;
        self.list.offset = 0;
        self.rebuild_rows();
    }

    fn clear_search(&mut self) {
        self.search.clear();
        self.search_input.clear();
        self.day_matches.clear();
        self.rebuild_rows();
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(d) = crate::tui::views::header::day_at(self, areas.header, column, row) {
            self.change_day(d as isize - self.day as isize);
            return;
        }
        let list = areas.list;
        if row < list.y + 1 || row >= list.bottom() || column < list.x || column >= list.right() {
            return;
        }
        let line = usize::from(row - list.y - 1);
        match self.view {
            View::Schedule => {
                let target = self.list.offset + line;
                if target < self.rows.len() {
                    self.list.cursor = target;
                }
            }
            View::Agenda => {
                let target = self.agenda_scroll.offset + line;
                if let Some(k) = self.agenda_selectable.iter().position(|&r| r == target) {
                    self.agenda_scroll.cursor = k;
                }
            }
            View::Grid => self.grid.click(&self.schedule, list, column, row),
        }
    }
}
