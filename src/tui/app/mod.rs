//! The interface's state and its one way of changing: `update(action) -> effect`.
//!
//! Everything a frame shows is derived here, when its inputs change (day, filters, search,
//! stars), never while drawing: the rows of the current day, the agenda's rows, the grid's
//! columns. Drawing then reads only the rows that fit on screen.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use ratatui::layout::Rect;

use super::action::Action;
use super::grid::Grid;
use super::keymap::KeyMode;
use super::layout::Areas;
use super::notes::NotesEditor;
use super::search::{Haystacks, Search};
use super::theme::Theme;
use crate::plan::changes::{ScheduleChanges, acknowledgement, detect, remember};
use crate::plan::{Agenda, Analysis, Change};
use crate::schedule::{RoomId, Schedule, Session, SessionKind, TrackId};

/// The three ways to look at a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Schedule,
    Grid,
    Agenda,
}

impl View {
    pub const ALL: [View; 3] = [View::Schedule, View::Grid, View::Agenda];

    pub fn name(self) -> &'static str {
        match self {
            View::Schedule => "Schedule",
            View::Grid => "Grid",
            View::Agenda => "Agenda",
        }
    }
}

/// What the attendee narrowed the schedule to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub track: Option<TrackId>,
    pub room: Option<RoomId>,
    pub kind: Option<SessionKind>,
    pub starred_only: bool,
    pub show_hidden: bool,
}

impl Filters {
    pub fn is_default(&self) -> bool {
        *self == Filters::default()
    }
}

/// The filter picker's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerTab {
    Tracks,
    Rooms,
    Kinds,
}

/// The filter picker overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub tab: PickerTab,
    /// Highlighted line; line 0 is "all".
    pub cursor: usize,
}

/// What lies over the main view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Picker(Picker),
    /// Which of several running starred sessions to take notes in.
    ChooseNotes {
        sessions: Vec<usize>,
        cursor: usize,
    },
}

/// A line of the agenda view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaRow {
    Day(NaiveDate),
    Session(usize),
    /// Free time between two starred sessions, in minutes.
    Gap(i64),
    /// Two consecutive starred sessions overlap by this many minutes.
    Overlap(i64),
    /// The walk into the next session is longer than the gap: (gap, walk) in minutes.
    Walk(u32, u32),
    /// A day with no time for lunch: the message.
    Lunch(NaiveDate),
}

/// A scrolling list: rows, the selected row and the first row on screen.
#[derive(Debug, Clone, Default)]
pub struct Scroll {
    pub cursor: usize,
    pub offset: usize,
}

impl Scroll {
    /// Moves the cursor by `delta` within `len` rows and keeps it on screen.
    fn step(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            self.cursor = 0;
            self.offset = 0;
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(delta).min(len - 1);
        self.follow(len, height);
    }

    /// Keeps the cursor within the `height` rows shown.
    pub fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height.min(len)));
    }
}

/// Something `update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save these changes through the store; the store's agenda then replaces ours.
    Save(Vec<Change>),
}

/// The whole interface state.
pub struct App {
    pub theme: Theme,
    /// Crowding risks and conflicts among the stars, kept up to date on every star change.
    pub analysis: Analysis,
    /// What the schedule changed for the attendee since they last accepted it.
    pub changes: ScheduleChanges,
    /// The notes editor, when open.
    pub notes: Option<NotesEditor>,
    /// Display width of the longest room name, for the room column.
    pub longest_room: usize,
    pub schedule: Schedule,
    pub agenda: Agenda,
    /// The zone times are shown in.
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub view: View,
    pub overlay: Overlay,
    /// Typing a search query.
    pub searching: bool,
    pub search_input: String,
    pub filters: Filters,
    /// Index into `schedule.days()`.
    pub day: usize,
    /// Schedule view: positions of the current day's visible sessions.
    pub rows: Vec<usize>,
    pub list: Scroll,
    pub grid: Grid,
    pub agenda_rows: Vec<AgendaRow>,
    /// Indexes into `agenda_rows` of the session rows (what the cursor moves over).
    pub agenda_selectable: Vec<usize>,
    pub agenda_scroll: Scroll,
    /// Stars on ids this schedule does not have.
    pub orphan_stars: usize,
    /// The detail is open (full screen when narrow, focused beside the list when wide).
    pub detail: bool,
    pub detail_scroll: u16,
    /// First line of the help overlay shown.
    pub help_scroll: u16,
    pub status: Option<String>,
    pub size: Rect,
    pub quit: bool,
    /// The next starred session after `now`.
    pub next_up: Option<usize>,
    /// Starred sessions running at `now`, the one ending first first.
    pub current: Vec<usize>,
    /// Hidden tracks by id (derived from the agenda's names).
    hidden_tracks: Vec<bool>,
    search: Search,
    haystacks: Option<Haystacks>,
    /// Search matches per day, shown in the day tabs.
    pub day_matches: Vec<usize>,
}

impl App {
    /// A new interface on a schedule and agenda, selecting the day and row nearest `now`.
    pub fn new(schedule: Schedule, agenda: Agenda, tz: Tz, now: DateTime<Utc>, size: Rect) -> Self {
        let longest_room = schedule
            .rooms
            .iter()
            .map(|r| unicode_width::UnicodeWidthStr::width(r.name.as_str()))
            .max()
            .unwrap_or(0);
        let analysis = Analysis::new(&schedule, &agenda);
        let changes = detect(&schedule, &agenda);
        let mut app = App {
            theme: Theme::from_env(),
            analysis,
            changes,
            notes: None,
            longest_room,
            schedule,
            agenda,
            tz,
            now,
            view: View::Schedule,
            overlay: Overlay::None,
            searching: false,
            search_input: String::new(),
            filters: Filters::default(),
            day: 0,
            rows: Vec::new(),
            list: Scroll::default(),
            grid: Grid::default(),
            agenda_rows: Vec::new(),
            agenda_selectable: Vec::new(),
            agenda_scroll: Scroll::default(),
            orphan_stars: 0,
            detail: false,
            detail_scroll: 0,
            help_scroll: 0,
            status: None,
            size,
            quit: false,
            next_up: None,
            current: Vec::new(),
            hidden_tracks: Vec::new(),
            search: Search::default(),
            haystacks: None,
            day_matches: Vec::new(),
        };
        app.day = app.day_nearest_now();
        app.agenda_changed();
        app.rebuild_rows();
        app.select_nearest_now();
        app
    }

    /// The conference day to open on: today if the conference is on, else the first day.
    fn day_nearest_now(&self) -> usize {
        let today = self
            .now
            .with_timezone(&self.schedule.conference.timezone)
            .date_naive();
        let days = self.schedule.days();
        days.iter()
            .position(|d| d.date == today)
            .or_else(|| {
                days.iter()
                    .position(|d| d.date > today)
                    .filter(|_| today >= self.schedule.conference.start_date)
            })
            .unwrap_or(0)
    }

    /// Selects what is on now: the first session not over yet, passing over long ones (more
    /// than 90 minutes) that began over a quarter of an hour ago: a workshop running since 9:00
    /// is not what someone looking at 14:10 wants first.
    fn select_nearest_now(&mut self) {
        let now = self.now;
        let recent = now - Duration::minutes(15);
        let current = |i: usize| {
            let s = self.schedule.session(i);
            s.end > now && (s.start >= recent || s.minutes() <= 90)
        };
        let found = self.rows.iter().position(|&i| current(i)).or_else(|| {
            self.rows
                .iter()
                .position(|&i| self.schedule.session(i).end > now)
        });
        if let Some(row) = found {
            self.list.cursor = row;
            let h = self.list_height();
            // Show a little of what came before.
            self.list.offset = row.saturating_sub(h / 3);
            self.list.follow(self.rows.len(), h);
            if let Some(&i) = self.rows.get(row) {
                self.grid.select(&self.schedule, i);
            }
        }
    }

    pub fn key_mode(&self) -> KeyMode {
        if self.notes.is_some() {
            KeyMode::Notes
        } else if self.searching {
            KeyMode::Search
        } else {
            match self.overlay {
                Overlay::Help => KeyMode::Help,
                Overlay::Picker(_) | Overlay::ChooseNotes { .. } => KeyMode::Picker,
                Overlay::None => KeyMode::Normal,
            }
        }
    }

    pub fn areas(&self) -> Areas {
        Areas::new(self.size, self.detail, self.view == View::Grid)
    }

    fn list_height(&self) -> usize {
        usize::from(self.areas().list_rows())
    }

    /// The current conference day's date.
    pub fn day_date(&self) -> Option<NaiveDate> {
        self.schedule.days().get(self.day).map(|d| d.date)
    }

    /// The session the cursor is on in the current view.
    pub fn selected(&self) -> Option<usize> {
        match self.view {
            View::Schedule => self.rows.get(self.list.cursor).copied(),
            View::Grid => self.grid.selected,
            View::Agenda => self
                .agenda_selectable
                .get(self.agenda_scroll.cursor)
                .and_then(|&r| match self.agenda_rows[r] {
                    AgendaRow::Session(i) => Some(i),
                    _ => None,
                }),
        }
    }

    pub fn is_track_hidden(&self, session: &Session) -> bool {
        session.track.is_some_and(|t| {
            self.hidden_tracks
                .get(t.0 as usize)
                .copied()
                .unwrap_or(false)
        })
    }

    pub fn is_hidden(&self, session: &Session) -> bool {
        self.agenda.hidden_sessions.contains(&session.id) || self.is_track_hidden(session)
    }

    /// Whether a session passes the filters (not the search).
    pub fn passes_filters(&self, s: &Session) -> bool {
        let f = &self.filters;
        (f.show_hidden || !self.is_hidden(s))
            && f.track.is_none_or(|t| s.track == Some(t))
            && f.room.is_none_or(|r| s.room == Some(r))
            && f.kind.is_none_or(|k| s.kind == k)
            && (!f.starred_only || self.agenda.is_starred(&s.id))
    }

    /// Recomputes the current day's rows (schedule and grid) after a change of day, filter,
    /// search or hidden set; keeps the selected session selected when it is still shown.
    pub fn rebuild_rows(&mut self) {
        let keep = self.rows.get(self.list.cursor).copied();
        self.rows.clear();
        if let Some(day) = self.schedule.days().get(self.day).cloned() {
            match self.search.matches() {
                Some(matches) => {
                    let lo = matches.partition_point(|&i| (i as usize) < day.range.start);
                    let hi = matches.partition_point(|&i| (i as usize) < day.range.end);
                    for &i in &matches[lo..hi] {
                        if self.passes_filters(self.schedule.session(i as usize)) {
                            self.rows.push(i as usize);
                        }
                    }
                }
                None => {
                    for i in day.range.clone() {
                        if self.passes_filters(self.schedule.session(i)) {
                            self.rows.push(i);
                        }
                    }
                }
            }
        }
        if let Some(keep) = keep
            && let Some(row) = self.rows.iter().position(|&i| i == keep)
        {
            self.list.cursor = row;
        }
        let h = self.list_height();
        self.list.follow(self.rows.len(), h);
        self.grid.rebuild(&self.schedule, &self.rows);
    }

    /// Re-derives everything that depends on the agenda (hidden tracks, agenda rows, next up).
    pub fn agenda_changed(&mut self) {
        self.hidden_tracks = self
            .schedule
            .tracks
            .iter()
            .map(|t| self.agenda.hidden_tracks.contains(&t.name))
            .collect();
        let mut starred: Vec<usize> = Vec::with_capacity(self.agenda.stars.len());
        self.orphan_stars = 0;
        for id in &self.agenda.stars {
            match self.schedule.find(id) {
                Some((i, _)) => starred.push(i),
                None => self.orphan_stars += 1,
            }
        }
        starred.sort_unstable();
        let keep = self.selected_agenda_session();
        self.agenda_rows.clear();
        self.agenda_selectable.clear();
        let mut prev: Option<&Session> = None;
        let conflicts = self.analysis.conflicts();
        // The first tight walk into each starred session, looked up once per row below.
        let mut walks_in: Vec<(usize, u32, u32)> = conflicts
            .transfers()
            .filter(|t| t.tight)
            .map(|t| (t.to, t.gap_minutes, t.walk_minutes))
            .collect();
        // Stable: of several walks into one session, the first listed stays.
        walks_in.sort_by_key(|w| w.0);
        walks_in.dedup_by_key(|w| w.0);
        for &i in &starred {
            let s = self.schedule.session(i);
            if prev.is_none_or(|p| p.day != s.day) {
                self.agenda_rows.push(AgendaRow::Day(s.day));
                if conflicts.lunch().any(|l| l.day == s.day) {
                    self.agenda_rows.push(AgendaRow::Lunch(s.day));
                }
                prev = None;
            }
            if let Ok(w) = walks_in.binary_search_by_key(&i, |w| w.0) {
                let (_, gap, walk) = walks_in[w];
                self.agenda_rows.push(AgendaRow::Walk(gap, walk));
            }
            if let Some(p) = prev {
                let gap = (s.start - p.end).num_minutes();
                if gap > 0 {
                    self.agenda_rows.push(AgendaRow::Gap(gap));
                } else if gap < 0 {
                    self.agenda_rows.push(AgendaRow::Overlap(-gap));
                }
            }
            self.agenda_selectable.push(self.agenda_rows.len());
            self.agenda_rows.push(AgendaRow::Session(i));
            if prev.is_none_or(|p| s.end > p.end) {
                prev = Some(s);
            }
        }
        if let Some(keep) = keep
            && let Some(k) = self
                .agenda_selectable
                .iter()
                .position(|&r| self.agenda_rows[r] == AgendaRow::Session(keep))
        {
            self.agenda_scroll.cursor = k;
        }
        self.follow_agenda();
        let now = self.now;
        self.current = starred
            .iter()
            .copied()
            .filter(|&i| {
                let s = self.schedule.session(i);
                s.start <= now && now < s.end
            })
            .collect();
        self.current.sort_by_key(|&i| self.schedule.session(i).end);
        self.next_up = starred
            .iter()
            .copied()
            .filter(|&i| self.schedule.session(i).start > self.now)
            .min_by_key(|&i| self.schedule.session(i).start);
    }

    fn selected_agenda_session(&self) -> Option<usize> {
        let row = *self.agenda_selectable.get(self.agenda_scroll.cursor)?;
        match self.agenda_rows.get(row)? {
            AgendaRow::Session(i) => Some(*i),
            _ => None,
        }
    }

    /// Replaces the agenda with what the store saved (ours merged with other processes').
    pub fn set_agenda(&mut self, agenda: Agenda) {
        let filters_depend = self.filters.starred_only || !self.filters.show_hidden;
        let hidden_changed = agenda.hidden_sessions != self.agenda.hidden_sessions
            || agenda.hidden_tracks != self.agenda.hidden_tracks;
        // Only the stars that differ are re-analysed: usually none (the store merged nothing
        // new) or the one just toggled.
        let toggled: Vec<usize> = agenda
            .stars
            .symmetric_difference(&self.agenda.stars)
            .filter_map(|id| self.schedule.find(id).map(|(i, _)| i))
            .collect();
        let stars_changed = agenda.stars != self.agenda.stars;
        let memory_changed = agenda.seen != self.agenda.seen
            || agenda.known_sessions != self.agenda.known_sessions
            || agenda.notes.len() != self.agenda.notes.len();
        self.agenda = agenda;
        // Differences from what this process already applied locally: saves made elsewhere.
        if stars_changed || memory_changed {
            self.changes = detect(&self.schedule, &self.agenda);
        }
        for i in toggled {
            self.analysis.set_starred(&self.schedule, &self.agenda, i);
        }
        self.agenda_changed();
        if filters_depend && (hidden_changed || (stars_changed && self.filters.starred_only)) {
            self.rebuild_rows();
        }
    }

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
                let max = (super::keymap::HELP.len() + 2)
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
                let mut changes = vec![Change::ToggleStar(id.clone())];
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
                    .get_or_insert_with(|| Haystacks::build(&self.schedule));
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
                    self.detail_scroll = self.detail_scroll.saturating_add_signed(lines);
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

    /// Saves the notes being edited when they are due (the loop calls this every turn).
    pub fn autosave(&mut self) -> Option<Effect> {
        if self.notes.as_ref().is_some_and(|n| n.save_due(self.now)) {
            return self.flush_notes();
        }
        None
    }

    /// The changes that save the open notes now, applied to our agenda too.
    pub fn flush_notes(&mut self) -> Option<Effect> {
        let now = self.now;
        let mut changes = self.notes.as_mut()?.take_changes(&self.schedule, now);
        if changes.is_empty() {
            return None;
        }
        // A noted session is followed like a starred one.
        if let Some(Change::SetNote { id, .. }) = changes.first() {
            let id = id.clone();
            changes.extend(remember(&self.schedule, &self.agenda, [id.as_str()]));
        }
        for c in &changes {
            self.agenda.apply(c);
        }
        Some(Effect::Save(changes))
    }

    /// Lines in the picker's current tab, "all" included.
    pub fn picker_len(&self) -> usize {
        match &self.overlay {
            Overlay::Picker(p) => {
                1 + match p.tab {
                    PickerTab::Tracks => self.schedule.tracks.len(),
                    PickerTab::Rooms => self.schedule.rooms.len(),
                    PickerTab::Kinds => SessionKind::ALL.len(),
                }
            }
            _ => 0,
        }
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
        let hay = self
            .haystacks
            .get_or_insert_with(|| Haystacks::build(&self.schedule));
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

    /// The query being typed or kept.
    pub fn search_query(&self) -> &str {
        if self.searching {
            &self.search_input
        } else {
            self.search.query()
        }
    }

    pub fn search_active(&self) -> bool {
        self.search.matches().is_some()
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(d) = super::views::header::day_at(self, areas.header, column, row) {
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

    /// Keeps the agenda's selected row on screen (with its day header when it fits); the
    /// agenda's offset counts rows, headers and gaps included.
    fn follow_agenda(&mut self) {
        let h = self.list_height().max(1);
        let len = self.agenda_selectable.len();
        self.agenda_scroll.cursor = self.agenda_scroll.cursor.min(len.saturating_sub(1));
        let Some(&row) = self.agenda_selectable.get(self.agenda_scroll.cursor) else {
            self.agenda_scroll.offset = 0;
            return;
        };
        let top = if row > 0 && matches!(self.agenda_rows[row - 1], AgendaRow::Day(_)) {
            row - 1
        } else {
            row
        };
        if top < self.agenda_scroll.offset {
            self.agenda_scroll.offset = top;
        } else if row >= self.agenda_scroll.offset + h {
            self.agenda_scroll.offset = row + 1 - h;
        }
        let max = self.agenda_rows.len().saturating_sub(h);
        self.agenda_scroll.offset = self.agenda_scroll.offset.min(max);
    }

    /// The starred session running now that ends first, if any.
    pub fn current_starred(&self) -> Option<usize> {
        self.current.first().copied()
    }

    /// Minutes from now until a session starts (negative once started).
    pub fn minutes_until(&self, i: usize) -> i64 {
        (self.schedule.session(i).start.with_timezone(&Utc) - self.now).num_minutes()
    }

    /// Advances the clock.
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        let minute_changed = (now - self.now).abs() >= Duration::seconds(1)
            && now.timestamp() / 60 != self.now.timestamp() / 60;
        self.now = now;
        if minute_changed {
            self.agenda_changed();
        }
    }
}

#[cfg(test)]
mod tests;
