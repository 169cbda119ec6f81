//! `App::update`: every message's effect on the state, and the moves it is made of.

use ratatui::crossterm::event::{MouseButton, MouseEventKind};

use super::{
    Action, Agenda, AgendaRow, App, Change, Effect, Filters, Haystacks, Mode, Msg, NotesEditor,
    Picker, PickerTab, RETRY, Rect, Scroll, View, remember,
};

impl App {
    /// Applies one message; returns what the runtime must do (saves, quitting). This is the
    /// only way the state changes.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        let mut effects = Vec::new();
        match msg.into() {
            Msg::Tick(now) => {
                self.set_now(now);
                effects.extend(self.refresh_if_due());
            }
            Msg::Key(key) => {
                if let Some(action) = self.keymap.action(self.key_mode(), key) {
                    effects.extend(self.act(action));
                }
            }
            Msg::Mouse(m) => {
                let action = match m.kind {
                    MouseEventKind::ScrollDown => Some(Action::Scroll(1)),
                    MouseEventKind::ScrollUp => Some(Action::Scroll(-1)),
                    MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                        column: m.column,
                        row: m.row,
                    }),
                    _ => None,
                };
                if let Some(action) = action {
                    effects.extend(self.act(action));
                }
            }
            Msg::Paste(text) => {
                if self.notes().is_some() {
                    effects.extend(self.act(Action::NotePaste(text)));
                } else if matches!(self.mode, Mode::Export(_)) {
                    self.export_paste(&text);
                }
            }
            Msg::Resize { width, height } => {
                self.screen.size = Rect::new(0, 0, width, height);
                let h = self.list_rows_height();
                self.list.scroll.follow(self.list.rows.len(), h);
                self.follow_agenda();
                self.follow_review();
            }
            Msg::Reloaded(Ok(agenda)) => {
                self.set_agenda(agenda);
                self.status = Some("updated with changes saved elsewhere".into());
            }
            Msg::Reloaded(Err(e)) => self.status = Some(format!("cannot read the agenda: {e}")),
            Msg::Team {
                shares,
                problems,
                me,
                interests,
            } => {
                // Matched once per change of the files, not per frame.
                self.team.index = crate::plan::team::TeamIndex::new(&self.schedule, shares);
                self.team.me = me.unwrap_or_else(|| "you".into());
                self.team.interests = interests;
                self.refresh_coverage();
                if let Some(first) = problems.first() {
                    self.status = Some(match problems.len() {
                        1 => format!("team: {first}"),
                        n => format!("team: {first} (and {} more)", n - 1),
                    });
                }
            }
            Msg::Saved { job, result } => self.saved(job, result),
            Msg::Idle => {
                self.idle_work();
            }
            Msg::Terminate => effects.extend(self.quit()),
            Msg::Action(action) => effects.extend(self.act(action)),
            Msg::Fetched(fetched) => self.fetched(*fetched),
            Msg::Opened { url, outcome } => self.opened(&url, &outcome),
            Msg::Exported(exported) => effects.extend(self.exported(exported)),
            Msg::NotRemembered(why) => {
                self.status = Some(format!(
                    "could not remember your choice for next time: {}",
                    crate::text::for_message(&why)
                ));
            }
            Msg::Notified(result) => self.notified(result),
        }
        // A new version of the schedule waits for the keyboard to be free.
        if self.web.as_ref().is_some_and(super::web::Web::has_pending) {
            self.apply_pending_schedule();
            // A track or room the new version lost was dropped from the filter.
            effects.extend(self.remember_filters());
        }
        // The review follows the changes (a save made elsewhere, a new version).
        self.sync_review();
        effects.extend(self.autosave());
        if std::mem::take(&mut self.at_now.ring) {
            effects.push(Effect::Bell);
        }
        effects.extend(self.at_now.notification.take().map(Effect::Notify));
        if self.saves.failing() && self.saves.retry_at.is_none_or(|at| at <= self.now) {
            self.saves.retry_at = None;
            let changes = std::mem::take(&mut self.saves.failed);
            effects.push(self.save(changes));
        }
        let list = self.areas().list;
        self.grid.follow(&self.schedule, list);
        self.sync_screen();
        self.sync_coverage();
        self.links_follow_selection();
        effects
    }

    /// An action from a key, the mouse or a test. While the terminal is too small to show what
    /// a key would change, and once quitting, only quitting is taken.
    fn act(&mut self, action: Action) -> Vec<Effect> {
        if self.quitting {
            return Vec::new();
        }
        if action == Action::Quit {
            return self.quit();
        }
        if self.areas().too_small {
            return Vec::new();
        }
        self.apply_action(action).into_iter().collect()
    }

    /// Starts quitting: the notes being typed are saved, and the runtime is asked to stop once
    /// every save is done.
    fn quit(&mut self) -> Vec<Effect> {
        let mut effects: Vec<Effect> = self.flush_notes().into_iter().collect();
        self.quitting = true;
        effects.push(Effect::Quit);
        effects
    }

    /// A save came back: the stored agenda replaces ours (with what is still unsaved on top),
    /// or its changes wait to be tried again.
    fn saved(&mut self, job: u64, result: Result<Agenda, String>) {
        let Some(at) = self.saves.in_flight.iter().position(|(j, _)| *j == job) else {
            return;
        };
        let (_, changes) = self.saves.in_flight.remove(at);
        match result {
            Ok(agenda) => {
                self.set_agenda(agenda);
                if self.saves.failed.is_empty() && self.saves.error.take().is_some() {
                    self.status = Some("saved".into());
                }
            }
            Err(e) => {
                // Older failures first, so the changes are re-applied in the order made.
                let mut failed = changes;
                failed.append(&mut self.saves.failed);
                self.saves.failed = failed;
                self.saves.error = Some(e);
                self.saves.retry_at = Some(self.now + RETRY);
            }
        }
    }

    #[allow(clippy::needless_pass_by_value)] // Actions are small values; taking them whole reads best.
    fn apply_action(&mut self, action: Action) -> Option<Effect> {
        match action {
            // Taken by `act`.
            Action::Quit => {}
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Coverage => {
                self.mode = Mode::Coverage { scroll: 0 };
                self.refresh_coverage();
            }
            Action::Up if matches!(self.mode, Mode::Coverage { .. }) => {
                if let Mode::Coverage { scroll } = &mut self.mode {
                    *scroll = scroll.saturating_sub(1);
                }
            }
            Action::Down if matches!(self.mode, Mode::Coverage { .. }) => {
                let max = self.coverage_max_scroll();
                if let Mode::Coverage { scroll } = &mut self.mode {
                    *scroll = (*scroll + 1).min(max);
                }
            }
            Action::PrevDay | Action::NextDay if matches!(self.mode, Mode::Coverage { .. }) => {
                // The overlay shows the current day: switching it switches the day beneath too.
                self.change_day(if action == Action::PrevDay { -1 } else { 1 });
                if let Mode::Coverage { scroll } = &mut self.mode {
                    *scroll = 0;
                }
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
                if matches!(self.mode, Mode::Review(_)) =>
            {
                let page = self.review_height().saturating_sub(1).max(1) as isize;
                self.move_review(match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    // Items are one to four lines: a page of lines is at least that many items
                    // less a few, which is what a page should feel like.
                    Action::PageUp => -(page / 2).max(1),
                    Action::PageDown => (page / 2).max(1),
                    Action::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                });
            }
            Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
                if matches!(self.mode, Mode::Picker(_)) =>
            {
                let page = self.picker_page().saturating_sub(1).max(1) as isize;
                self.picker_move(match action {
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                });
            }
            Action::Up if matches!(self.mode, Mode::Help { .. }) => {
                if let Mode::Help { scroll } = &mut self.mode {
                    *scroll = scroll.saturating_sub(1);
                }
            }
            Action::Down if matches!(self.mode, Mode::Help { .. }) => {
                // The help's lines: the keys, a blank line and a closing note.
                let max = (self.keymap.help().len() + 2)
                    .saturating_sub(usize::from(self.areas().body.height.saturating_sub(2)));
                if let Mode::Help { scroll } = &mut self.mode {
                    *scroll = (*scroll + 1).min(max as u16);
                }
            }
            Action::Close => {
                if !matches!(self.mode, Mode::Normal) {
                    self.mode = Mode::Normal;
                } else if self.detail.open || self.detail.focused {
                    self.detail = super::Detail::default();
                } else if self.search.engine.matches().is_some() {
                    self.clear_search();
                } else if self.at_now.banner.is_some() {
                    self.at_now.banner = None;
                } else {
                    self.status = None;
                }
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
                if self.detail_has_focus() =>
            {
                let page = self
                    .areas()
                    .detail
                    .map_or(1, |d| (d.height.saturating_sub(2) as isize).max(1));
                self.scroll_detail(match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                });
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
            Action::JumpNow => self.jump_now(),
            Action::NextView if !self.detail.focused && self.areas().detail_beside().is_some() => {
                self.detail.focused = true;
            }
            Action::NextView | Action::PrevView => {
                // A detail over the whole list would stay over the next view too, no longer
                // focused, its keys moving a selection out of sight: the view asked for is shown.
                if self.areas().detail_covers_list() {
                    self.detail = super::Detail::default();
                }
                self.detail.focused = false;
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
                if self.detail.focused {
                    self.detail = super::Detail::default();
                } else {
                    self.detail = super::Detail {
                        open: true,
                        focused: true,
                        scroll: 0,
                    };
                }
            }
            Action::ToggleStar => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                // Starring also remembers how the session looks now, so that a later version of
                // the schedule that moves it can say so.
                // What the screen shows, set: never a toggle, which a star made elsewhere and
                // not yet seen here would turn into its opposite.
                let star = !self.plan.agenda.is_starred(&id);
                let mut changes = vec![if star {
                    Change::Star(id.clone())
                } else {
                    Change::Unstar(id.clone())
                }];
                if star {
                    changes.extend(remember(&self.schedule, &self.plan.agenda, [id.as_str()]));
                }
                for c in &changes {
                    self.plan.agenda.apply(c);
                }
                self.plan
                    .analysis
                    .set_starred(&self.schedule, &self.plan.agenda, i);
                let starred = self.plan.agenda.is_starred(&id);
                // A session no longer starred nor noted is no longer followed; one just starred
                // was remembered as it is now, so it has no change to report.
                if !starred && !self.plan.agenda.notes.contains_key(&id) {
                    self.plan.changes.changed.retain(|c| c.id != id);
                }
                self.status = Some(if starred { "★ starred" } else { "unstarred" }.into());
                self.agenda_changed();
                // Stars decide what starred-only and "not yet rated" show, and what a hidden
                // track still shows.
                if self.filters.starred_only
                    || self.filters.marks == Some(super::MarksFilter::NotYetRated)
                    || (!self.filters.show_hidden && !self.plan.agenda.hidden_tracks.is_empty())
                {
                    self.rebuild_rows();
                }
                return Some(self.save(changes));
            }
            Action::ToggleHideSession => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                let hidden = self.plan.agenda.hidden_sessions.contains(&id);
                let change = if hidden {
                    Change::Unhide(id)
                } else {
                    Change::Hide(id)
                };
                self.plan.agenda.apply(&change);
                self.status = Some(if hidden {
                    "shown again".into()
                } else {
                    format!(
                        "hidden{}",
                        self.hint("show_hidden", "shows hidden sessions")
                    )
                });
                self.agenda_changed();
                self.rebuild_rows();
                return Some(self.save(vec![change]));
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
            Action::CycleMarksFilter => {
                self.filters.marks = super::MarksFilter::next(self.filters.marks);
                self.rebuild_rows();
                if self.view != View::Schedule {
                    self.status = Some("the marks filter narrows the schedule view".into());
                }
            }
            Action::ClearFilters => {
                self.filters = Filters::default();
                self.clear_search();
                return self.remember_filters();
            }
            Action::OpenFilters => self.open_picker(),
            Action::OpenNotes => {
                let i = self.selected()?;
                self.open_notes(i);
            }
            Action::OpenCurrentNotes => match self.plan.current.as_slice() {
                [] => {
                    self.status = Some(format!(
                        "no starred session is running now{}",
                        self.hint("notes", "opens the selected one's notes")
                    ));
                }
                [one] => self.open_notes(*one),
                many => {
                    self.mode = Mode::ChooseNotes {
                        sessions: many.to_vec(),
                        cursor: 0,
                    };
                }
            },
            Action::NoteKey(key) => {
                let now = self.now;
                if let Some(n) = self.notes_mut() {
                    n.key(key, now);
                }
            }
            Action::NotePaste(text) => {
                let now = self.now;
                if let Some(n) = self.notes_mut() {
                    n.paste(&text, now);
                }
            }
            Action::NoteTimestamp => {
                let now = self.now;
                if let Mode::Notes(n) = &mut self.mode {
                    n.insert_timestamp(&self.schedule, now);
                }
            }
            Action::CloseNotes => {
                let noted = self.notes().map(|n| n.session);
                let changes = self.flush_notes();
                self.mode = Mode::Normal;
                if let Some(i) = noted {
                    self.suggest_attended(i);
                }
                return changes;
            }
            Action::Rate(stars) => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                let change = Change::Rate { id, stars };
                self.plan.agenda.apply(&change);
                self.status = Some(match stars {
                    Some(n) => format!(
                        "rated {}{}",
                        "★".repeat(usize::from(n)),
                        "☆".repeat(5 - usize::from(n))
                    ),
                    None => "rating cleared".into(),
                });
                if self.filters.marks.is_some() {
                    self.rebuild_rows();
                }
                return Some(self.save(vec![change]));
            }
            Action::Refresh => return self.refresh_now(),
            Action::ReviewChanges => self.open_review(),
            Action::AcceptChange => return self.accept_reviewed(false),
            Action::AcceptAllChanges => return self.accept_reviewed(true),
            Action::GoToChange => self.go_to_reviewed(),
            Action::OpenLink => return self.open_link(),
            Action::Export => return self.export(),
            Action::ExportAsk => self.export_prompt(),
            Action::ExportWrite => return self.export_confirm(),
            Action::ExportNextField => self.export_next_field(),
            Action::ExportKey(key) => self.export_key(key),
            Action::NextLink => self.next_link(),
            Action::ToggleAttended => {
                let i = self.selected()?;
                let id = self.schedule.session(i).id.clone();
                let attended = !self.plan.agenda.attended.contains(&id);
                let change = Change::Attended { id, attended };
                self.plan.agenda.apply(&change);
                self.status = Some(
                    if attended {
                        "marked attended"
                    } else {
                        "no longer marked attended"
                    }
                    .into(),
                );
                if self.filters.marks.is_some() {
                    self.rebuild_rows();
                }
                return Some(self.save(vec![change]));
            }
            Action::StartSearch => {
                self.view = View::Schedule;
                self.mode = Mode::Search {
                    input: self.search.engine.query().to_string(),
                };
            }
            Action::SearchInput(c) => {
                if let Mode::Search { input } = &mut self.mode {
                    input.push(c);
                    self.run_search();
                }
            }
            Action::SearchBackspace => {
                let Mode::Search { input } = &mut self.mode else {
                    return None;
                };
                input.pop();
                let hay = self
                    .search
                    .haystacks
                    .get_or_insert_with(|| Haystacks::empty(&self.schedule));
                hay.extend(&self.schedule, usize::MAX);
                self.search.engine.pop_to(input, hay);
                self.after_search();
            }
            Action::SearchAccept => {
                self.mode = Mode::Normal;
                if self.search.engine.matches().is_some() {
                    // Jump to the first day with a match when this one has none.
                    if self.list.rows.is_empty()
                        && let Some(d) = self.search.day_matches.iter().position(|&n| n > 0)
                    {
                        self.day = d;
                        self.rebuild_rows();
                    }
                    self.list.scroll.cursor = 0;
                    self.list.scroll.offset = 0;
                    let h = self.list_rows_height();
                    self.list.scroll.follow(self.list.rows.len(), h);
                }
            }
            Action::SearchCancel => {
                self.mode = Mode::Normal;
                self.clear_search();
            }
            Action::PickerUp | Action::PickerDown
                if matches!(self.mode, Mode::ChooseNotes { .. }) =>
            {
                if let Mode::ChooseNotes { sessions, cursor } = &mut self.mode {
                    *cursor = if action == Action::PickerUp {
                        cursor.saturating_sub(1)
                    } else {
                        (*cursor + 1).min(sessions.len().saturating_sub(1))
                    };
                }
            }
            Action::PickerSelect if matches!(self.mode, Mode::ChooseNotes { .. }) => {
                if let Mode::ChooseNotes { sessions, cursor } =
                    std::mem::replace(&mut self.mode, Mode::Normal)
                    && let Some(&i) = sessions.get(cursor)
                {
                    self.open_notes(i);
                }
            }
            Action::PickerUp => self.picker_move(-1),
            Action::PickerDown => self.picker_move(1),
            Action::PickerNextTab => self.picker_next_tab(),
            Action::PickerSelect => return self.picker_apply(),
            Action::PickerMark => self.picker_mark(),
            Action::PickerType => {
                if let Mode::Picker(p) = &mut self.mode {
                    p.typing = true;
                }
            }
            Action::PickerTypeInput(c) => self.picker_query(|q| q.push(c)),
            Action::PickerTypeBackspace => self.picker_query(|q| {
                q.pop();
            }),
            Action::PickerTypeDone | Action::PickerTypeClear => {
                if action == Action::PickerTypeClear {
                    self.picker_query(String::clear);
                }
                if let Mode::Picker(p) = &mut self.mode {
                    p.typing = false;
                }
            }
            Action::PickerToggleHide => {
                if let Mode::Picker(Picker {
                    tab: PickerTab::Tracks,
                    cursor,
                    lines,
                    ..
                }) = &self.mode
                    && let Some(Some(t)) = lines.get(*cursor).copied()
                    && let Some(track) = self.schedule.tracks.get(t)
                {
                    let name = track.name.clone();
                    return Some(self.toggle_track(name));
                }
            }
            Action::Scroll(lines) => {
                if self.detail_has_focus() || self.areas().detail_covers_list() {
                    self.scroll_detail(isize::from(lines));
                } else {
                    self.move_by(isize::from(lines));
                }
            }
            Action::Click { column, row } => self.click(column, row),
        }
        None
    }

    /// After notes were written during a session not marked attended: the session is selected
    /// and the status asks whether to mark it (notes never mark it themselves).
    fn suggest_attended(&mut self, i: usize) {
        let s = self.schedule.session(i);
        if self.plan.agenda.attended.contains(&s.id)
            || self
                .plan
                .agenda
                .note(&s.id)
                .is_none_or(|n| n.trim().is_empty())
            || !crate::tui::notes::during(s, self.now)
        {
            return;
        }
        self.select_session(i);
        self.status = Some(format!(
            "notes saved · were you there? {} marks it attended",
            self.keymap.keys_of("attended")
        ));
    }

    /// " (KEY what)" naming the key bound to `action` (as the config rebound it), or nothing
    /// when the action has no key.
    pub(super) fn hint(&self, action: &str, what: &str) -> String {
        self.keymap
            .key_of(action)
            .map(|k| format!(" ({k} {what})"))
            .unwrap_or_default()
    }

    /// Opens the notes editor on a session.
    fn open_notes(&mut self, i: usize) {
        self.status = None;
        self.mode = Mode::Notes(Box::new(NotesEditor::open(
            &self.schedule,
            &self.plan.agenda,
            i,
        )));
    }

    fn toggle_track(&mut self, name: String) -> Effect {
        let hidden = self.plan.agenda.hidden_tracks.contains(&name);
        self.status = Some(if hidden {
            format!("track \"{name}\" shown again")
        } else {
            format!(
                "track \"{name}\" hidden{}",
                self.hint("show_hidden", "shows hidden")
            )
        });
        let change = if hidden {
            Change::UnhideTrack(name)
        } else {
            Change::HideTrack(name)
        };
        self.plan.agenda.apply(&change);
        self.agenda_changed();
        self.rebuild_rows();
        self.save(vec![change])
    }

    fn page(&self) -> usize {
        self.list_height().saturating_sub(1).max(1)
    }

    fn move_by(&mut self, delta: isize) {
        let h = self.list_rows_height();
        match self.view {
            View::Schedule => self.list.scroll.step(delta, self.list.rows.len(), h),
            View::Agenda => {
                let len = self.agenda_view.selectable.len();
                self.agenda_view.scroll.cursor = self
                    .agenda_view
                    .scroll
                    .cursor
                    .saturating_add_signed(delta)
                    .min(len.saturating_sub(1));
                self.follow_agenda();
            }
            View::Grid => self
                .grid
                .step_session(&self.schedule, delta.clamp(-1000, 1000)),
            View::Now => self.move_now(delta),
        }
        self.detail.scroll = 0;
    }

    /// Scrolls the detail by `lines`, within its text.
    fn scroll_detail(&mut self, lines: isize) {
        let max = crate::tui::detail::max_scroll(self);
        let to = (self.detail.scroll as isize)
            .saturating_add(lines)
            .clamp(0, max as isize);
        self.detail.scroll = u16::try_from(to).unwrap_or(max);
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
        self.list.scroll = Scroll::default();
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
        if let Some(&first) = self.list.rows.get(self.list.scroll.cursor) {
            self.grid.select(&self.schedule, first);
        }
        if self.view == View::Agenda {
            // Jump to the first starred session of that day.
            let date = self.day_date();
            if let Some(k) = self.agenda_view.selectable.iter().position(|&r| {
                matches!(self.agenda_view.rows[r], AgendaRow::Session(i) if Some(self.schedule.session(i).day) == date)
            }) {
                self.agenda_view.scroll.cursor = k;
                self.follow_agenda();
            }
        }
    }

    /// Moves every view's cursor to a session, switching day if needed.
    pub(super) fn select_session(&mut self, i: usize) {
        let day = self.schedule.session(i).day;
        if self.day_date() != Some(day)
            && let Some(d) = self.schedule.days().iter().position(|d| d.date == day)
        {
            self.day = d;
            self.rebuild_rows();
        }
        let h = self.list_rows_height();
        if let Some(row) = self.list.rows.iter().position(|&r| r == i) {
            self.list.scroll.cursor = row;
            self.list.scroll.follow(self.list.rows.len(), h);
        }
        if self.list.rows.contains(&i) {
            self.grid.select(&self.schedule, i);
        }
        if let Some(k) = self
            .agenda_view
            .selectable
            .iter()
            .position(|&r| self.agenda_view.rows[r] == AgendaRow::Session(i))
        {
            self.agenda_view.scroll.cursor = k;
            self.follow_agenda();
        }
    }

    fn run_search(&mut self) {
        // What idle time has not prepared yet is prepared now.
        let hay = self
            .search
            .haystacks
            .get_or_insert_with(|| Haystacks::empty(&self.schedule));
        hay.extend(&self.schedule, usize::MAX);
        if let Mode::Search { input } = &self.mode {
            self.search.engine.set(input, hay);
        }
        self.after_search();
    }

    fn after_search(&mut self) {
        self.search.day_matches = match self.search.engine.matches() {
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
        self.list.scroll.cursor = 0;
        self.list.scroll.offset = 0;
        self.rebuild_rows();
    }

    fn clear_search(&mut self) {
        self.search.engine.clear();
        self.search.day_matches.clear();
        self.rebuild_rows();
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(d) = self.screen.tabs.day_at(column, row) {
            self.change_day(d as isize - self.day as isize);
            return;
        }
        let list = areas.list;
        if row < list.y + 1 || row >= list.bottom() || column < list.x || column >= list.right() {
            return;
        }
        let line = usize::from(row - list.y - 1);
        let height = self.list_height();
        match self.view {
            View::Schedule => {
                let l = &self.list;
                if let Some(target) =
                    super::now_line::row_at(&l.scroll, height, l.rows.len(), l.now_at, line)
                {
                    self.list.scroll.cursor = target;
                }
            }
            View::Agenda => {
                let a = &self.agenda_view;
                let Some(target) =
                    super::now_line::row_at(&a.scroll, height, a.rows.len(), a.now_at, line)
                else {
                    return;
                };
                if let Some(k) = self
                    .agenda_view
                    .selectable
                    .iter()
                    .position(|&r| r == target)
                {
                    self.agenda_view.scroll.cursor = k;
                }
            }
            View::Grid => self.grid.click(&self.schedule, list, column, row),
            View::Now => {}
        }
    }
}
