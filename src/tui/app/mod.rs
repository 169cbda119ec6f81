//! The interface's state and its one way of changing: `update(msg) -> effects`.
//!
//! Everything a frame shows is derived here, when its inputs change (day, filters, search,
//! stars), never while drawing: the rows of the current day, the agenda's rows, the grid's
//! columns. Drawing then reads only the rows that fit on screen.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use ratatui::layout::Rect;

use super::action::Action;
use super::grid::Grid;
use super::keymap::{KeyMode, Keymap};
use super::layout::{Areas, DayTabs};
pub use super::msg::{Effect, Msg};
use super::notes::NotesEditor;
use super::rooms::RoomColumn;
use super::theme::Theme;
use crate::plan::changes::{acknowledgement, detect, remember};
use crate::plan::{Agenda, Change};
use crate::schedule::search::{Haystacks, Search};
use crate::schedule::{RoomId, Schedule, Session, SessionKind, TrackId};

/// The ways to look at the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Schedule,
    Grid,
    Agenda,
    /// What runs now and what comes next in every room.
    Now,
}

impl View {
    pub const ALL: [View; 4] = [View::Schedule, View::Grid, View::Agenda, View::Now];

    pub fn name(self) -> &'static str {
        match self {
            View::Schedule => "Schedule",
            View::Grid => "Grid",
            View::Agenda => "Agenda",
            View::Now => "Now",
        }
    }
}

/// What the attendee narrowed the schedule to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only these tracks (none: every track), in id order.
    pub tracks: Vec<TrackId>,
    /// Only these rooms (none: every room), in id order.
    pub rooms: Vec<RoomId>,
    pub kind: Option<SessionKind>,
    pub starred_only: bool,
    pub show_hidden: bool,
    /// Only sessions with one of your marks.
    pub marks: Option<MarksFilter>,
}

impl Filters {
    pub fn is_default(&self) -> bool {
        *self == Filters::default()
    }
}

/// The marks filter: sessions by what you marked on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarksFilter {
    /// Sessions you rated.
    Rated,
    /// Sessions you marked attended.
    Attended,
    /// Sessions you attended or starred that have begun and that you have not rated: what is
    /// left to rate for the trip report.
    NotYetRated,
}

impl MarksFilter {
    /// How the footer names it.
    pub fn name(self) -> &'static str {
        match self {
            MarksFilter::Rated => "rated",
            MarksFilter::Attended => "attended",
            MarksFilter::NotYetRated => "not yet rated",
        }
    }

    /// The next in the cycle the key steps through (`None`: the filter is off).
    pub fn next(current: Option<Self>) -> Option<Self> {
        match current {
            None => Some(MarksFilter::Rated),
            Some(MarksFilter::Rated) => Some(MarksFilter::Attended),
            Some(MarksFilter::Attended) => Some(MarksFilter::NotYetRated),
            Some(MarksFilter::NotYetRated) => None,
        }
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
    /// Highlighted line, an index into `lines`.
    pub cursor: usize,
    /// What is typed to narrow the lines (folded case and accents, like the search).
    pub query: String,
    /// Whether keys type into `query` (after `/`).
    pub typing: bool,
    /// The lines shown: `None` is "all", `Some(k)` the tab's k-th track, room or kind; only
    /// those matching `query`.
    pub lines: Vec<Option<usize>>,
    /// Tracks or rooms marked with Space, in index order.
    pub marked: Vec<usize>,
    /// Whether Space was used since the tab was shown: Enter then applies the marks rather
    /// than the highlighted line.
    pub marking: bool,
    /// Sessions of the current day for each of the tab's values (none that day: dimmed).
    pub on_day: Vec<u32>,
}

/// What has the keyboard, and what lies over the main view: one value, so that two modes can
/// never be on at once.
pub enum Mode {
    /// Browsing the schedule, grid or agenda (the detail may be open and focused).
    Normal,
    /// Typing a search query.
    Search { input: String },
    /// The help overlay, scrolled this many lines.
    Help { scroll: u16 },
    /// The team's coverage overlay, scrolled this many lines.
    Coverage { scroll: u16 },
    /// The filter picker.
    Picker(Picker),
    /// Which of several running starred sessions to take notes in.
    ChooseNotes { sessions: Vec<usize>, cursor: usize },
    /// The notes editor.
    Notes(Box<NotesEditor>),
    /// The schedule's changes to review, accept one by one or all.
    Review(review::Review),
    /// The files to export the calendar and the trip report to.
    Export(Box<ExportPrompt>),
}

/// The session detail: open or not, whether it has the keyboard, how far it is scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// Opened with Enter (full screen when narrow; on wide terminals it is always beside).
    pub open: bool,
    /// j/k/PgUp/PgDn/g/G scroll the detail rather than move the cursor.
    pub focused: bool,
    pub scroll: u16,
}

/// Saves handed to the runtime and not yet confirmed, and those that failed.
///
/// The agenda shown is always the last one stored with these changes applied on top, so that
/// nothing typed disappears while a save waits for a lock or fails.
#[derive(Debug, Default)]
pub struct Saves {
    next_job: u64,
    in_flight: Vec<(u64, Vec<Change>)>,
    /// Changes whose save failed; retried until they succeed.
    failed: Vec<Change>,
    /// Why the last save failed (shown until a save succeeds).
    pub error: Option<String>,
    retry_at: Option<DateTime<Utc>>,
}

impl Saves {
    /// Whether everything asked for is stored.
    pub fn settled(&self) -> bool {
        self.in_flight.is_empty() && self.failed.is_empty()
    }

    /// Whether some changes are neither stored nor being stored.
    pub fn failing(&self) -> bool {
        !self.failed.is_empty()
    }

    /// Where the note of session `id` stands once the editor handed it over: `None` when
    /// stored, `Some(false)` while its save runs, `Some(true)` when it failed and waits to be
    /// retried. The notes editor shows this rather than "saved" before the store says so.
    pub fn note_pending(&self, id: &str) -> Option<bool> {
        let of = |c: &Change| matches!(c, Change::SetNote { id: n, .. } if n == id);
        if self.failed.iter().any(of) {
            Some(true)
        } else if self.in_flight.iter().any(|(_, c)| c.iter().any(of)) {
            Some(false)
        } else {
            None
        }
    }

    /// Every change not yet stored, oldest first.
    pub fn unsaved(&self) -> impl Iterator<Item = &Change> {
        self.failed
            .iter()
            .chain(self.in_flight.iter().flat_map(|(_, c)| c.iter()))
    }
}

/// How long a failed save waits before it is tried again.
pub const RETRY: Duration = Duration::seconds(2);

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

/// The schedule view's state: the current day's visible sessions and the scroll over them.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    /// Positions of the current day's sessions that pass the filters and the search.
    pub rows: Vec<usize>,
    pub scroll: Scroll,
    /// The room column's labels for the day's rooms, and which day they are for.
    pub rooms: RoomColumn,
    rooms_day: Option<usize>,
    /// On today's day, where the now line falls: before this row (`rows.len()`: after the last).
    pub now_at: Option<usize>,
}

impl ListView {
    /// The session under the cursor.
    pub fn selected(&self) -> Option<usize> {
        self.rows.get(self.scroll.cursor).copied()
    }
}

/// The search: the query kept, its text prepared for matching, and matches per day.
#[derive(Default)]
pub struct SearchState {
    engine: Search,
    /// The search's text, prepared in idle time or at the first search.
    haystacks: Option<Haystacks>,
    /// Search matches per day, shown in the day tabs.
    pub day_matches: Vec<usize>,
}

/// The team: teammates' shares matched to the schedule, and the coverage overlay's inputs.
pub struct Team {
    /// Teammates' shares, matched to the schedule and indexed by session once per change of
    /// their files (rows and the detail look sessions up in it).
    pub index: crate::plan::team::TeamIndex,
    /// How the attendee is named in the coverage, and the tracks or topics they marked.
    pub me: String,
    pub interests: Vec<String>,
    /// The team's coverage, worked out in `update` while its overlay is open (when it opens and
    /// whenever the stars or the team change), never per frame.
    pub coverage: Option<crate::plan::team::coverage::Coverage>,
    /// The coverage overlay's lines, laid out in `update` for the body's width and the day.
    pub text: crate::tui::coverage::CoverageText,
}

impl Default for Team {
    fn default() -> Self {
        Team {
            index: crate::plan::team::TeamIndex::default(),
            me: "you".into(),
            interests: Vec::new(),
            coverage: None,
            text: crate::tui::coverage::CoverageText::default(),
        }
    }
}

/// The whole interface state.
pub struct App {
    pub theme: Theme,
    /// Keys to actions (the key table, with the attendee's rebindings).
    pub keymap: Keymap,
    pub schedule: Schedule,
    /// The attendee's plan: the agenda, its analysis and changes, who runs now and next.
    pub plan: Plan,
    /// The zone times are shown in.
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub view: View,
    /// What has the keyboard.
    pub mode: Mode,
    pub filters: Filters,
    /// Index into `schedule.days()`.
    pub day: usize,
    /// The schedule view.
    pub list: ListView,
    /// The grid view.
    pub grid: Grid,
    /// The agenda view.
    pub agenda_view: AgendaView,
    /// The Now view, and the leave-now reminders.
    pub at_now: AtNow,
    pub detail: Detail,
    pub search: SearchState,
    pub team: Team,
    /// The terminal's size and the geometry derived from it (day tabs, room column).
    pub screen: Screen,
    pub status: Option<String>,
    /// Quitting: no more input is taken; the runtime waits for the saves.
    pub quitting: bool,
    pub saves: Saves,
    /// The schedule's origin on the web, when it came from a URL (refreshes, the header's age).
    pub web: Option<web::Web>,
    /// The selected session's highlighted link (what `o` opens).
    pub links: Links,
    /// What is remembered for this conference (export files, the picker's tracks and rooms),
    /// as read at start and changed since; the runtime writes it when `update` asks.
    pub remembered: crate::store::Remembered,
    /// Where exports go by default and how typed paths are read.
    pub export_place: ExportPlace,
}

impl App {
    /// A new interface on a schedule and agenda, selecting the day and row nearest `now`.
    pub fn new(schedule: Schedule, agenda: Agenda, tz: Tz, now: DateTime<Utc>, size: Rect) -> Self {
        let plan = Plan::new(&schedule, agenda, now);
        let screen = Screen::new(size);
        let mut app = App {
            theme: Theme::from_env(),
            keymap: Keymap::default(),
            schedule,
            plan,
            tz,
            now,
            view: View::Schedule,
            mode: Mode::Normal,
            filters: Filters::default(),
            day: 0,
            list: ListView::default(),
            grid: Grid::default(),
            agenda_view: AgendaView::default(),
            at_now: AtNow::default(),
            detail: Detail::default(),
            search: SearchState::default(),
            team: Team::default(),
            screen,
            status: None,
            quitting: false,
            saves: Saves::default(),
            web: None,
            links: Links::default(),
            remembered: crate::store::Remembered::default(),
            export_place: ExportPlace::default(),
        };
        app.day = app.day_nearest_now();
        app.agenda_changed();
        app.rebuild_rows();
        app.select_nearest_now();
        app.at_now.index = Some(crate::plan::now::NowIndex::new(&app.schedule));
        app.at_now.rooms = RoomColumn::new(
            &app.schedule,
            (0..app.schedule.rooms.len()).map(|r| crate::schedule::RoomId(r as u32)),
        );
        app.update_at_now();
        app.select_own_session();
        app.sync_screen();
        app
    }

    /// Says in the status line what opening the conference found worth a warning (a `--tz`
    /// that contradicts the file, the demo opened in place of a schedule that cannot be read),
    /// before whatever the status said.
    pub fn warn_at_start(&mut self, warnings: &[String]) {
        if warnings.is_empty() {
            return;
        }
        let mut text = warnings
            .iter()
            .map(|w| format!("⚠ {}", crate::text::for_message(w)))
            .collect::<Vec<_>>()
            .join(" · ");
        if let Some(before) = self.status.take() {
            text = format!("{text} · {before}");
        }
        self.status = Some(text);
    }

    /// The conference day to open on: the one whose span holds now, else the next, else the first.
    fn day_nearest_now(&self) -> usize {
        let today = self.schedule.day_at(self.now);
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
        let rows = &self.list.rows;
        let found = rows.iter().position(|&i| current(i)).or_else(|| {
            rows.iter()
                .position(|&i| self.schedule.session(i).end > now)
        });
        if let Some(row) = found {
            let h = self.list_rows_height();
            let list = &mut self.list;
            list.scroll.cursor = row;
            // Show a little of what came before.
            list.scroll.offset = row.saturating_sub(h / 3);
            list.scroll.follow(list.rows.len(), h);
            if let Some(&i) = list.rows.get(row) {
                self.grid.select(&self.schedule, i);
            }
        }
    }

    pub fn key_mode(&self) -> KeyMode {
        match self.mode {
            Mode::Notes(_) => KeyMode::Notes,
            Mode::Search { .. } => KeyMode::Search,
            Mode::Help { .. } => KeyMode::Help,
            Mode::Coverage { .. } => KeyMode::Coverage,
            Mode::Review(_) => KeyMode::Review,
            Mode::Export(_) => KeyMode::Export,
            Mode::Picker(Picker { typing: true, .. }) => KeyMode::PickerTyping,
            Mode::Picker(_) | Mode::ChooseNotes { .. } => KeyMode::Picker,
            Mode::Normal if self.detail_has_focus() => KeyMode::Detail,
            Mode::Normal => KeyMode::Normal,
        }
    }

    /// The notes editor, when open.
    pub fn notes(&self) -> Option<&NotesEditor> {
        match &self.mode {
            Mode::Notes(n) => Some(n),
            _ => None,
        }
    }

    fn notes_mut(&mut self) -> Option<&mut NotesEditor> {
        match &mut self.mode {
            Mode::Notes(n) => Some(n),
            _ => None,
        }
    }

    /// Whether the detail is shown and has the keyboard.
    pub fn detail_has_focus(&self) -> bool {
        self.detail.focused && self.areas().detail.is_some()
    }

    pub fn areas(&self) -> Areas {
        Areas::new(self.screen.size, self.detail.open, self.view == View::Grid)
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
            View::Schedule => self.list.selected(),
            View::Grid => self.grid.selected,
            View::Agenda => self.agenda_view.selected(),
            View::Now => self.at_now.rows.get(self.at_now.scroll.cursor).copied(),
        }
    }

    /// Whether a session passes the filters (not the search).
    pub fn passes_filters(&self, s: &Session) -> bool {
        let f = &self.filters;
        (f.show_hidden || !self.plan.is_hidden(s))
            && (f.tracks.is_empty() || s.track.is_some_and(|t| f.tracks.binary_search(&t).is_ok()))
            && (f.rooms.is_empty() || s.room.is_some_and(|r| f.rooms.binary_search(&r).is_ok()))
            && f.kind.is_none_or(|k| s.kind == k)
            && (!f.starred_only || self.plan.is_starred(s))
            && f.marks.is_none_or(|m| self.has_mark(s, m))
    }

    /// Whether a session passes the marks filter `m`.
    fn has_mark(&self, s: &Session, m: MarksFilter) -> bool {
        let a = &self.plan.agenda;
        match m {
            MarksFilter::Rated => a.ratings.contains_key(&s.id),
            MarksFilter::Attended => a.attended.contains(&s.id),
            MarksFilter::NotYetRated => {
                !a.ratings.contains_key(&s.id)
                    && s.start <= self.now
                    && (a.attended.contains(&s.id) || a.is_starred(&s.id))
            }
        }
    }

    /// Whether idle time has something to prepare (the runtime sends [`Msg::Idle`] while so).
    pub fn has_idle_work(&self) -> bool {
        self.search
            .haystacks
            .as_ref()
            .is_none_or(|h| !h.indexed(&self.schedule))
            || !self.schedule.has_session_ids()
    }

    /// Work done while nobody types, a slice at a time: the search's text, so that the first
    /// character typed into a search on a large schedule does not wait for it; then the index
    /// of the abstracts' words, with which a search costs what it finds rather than what the
    /// schedule holds (searches meanwhile read the text); then the schedule's ids, which the
    /// first star records as the baseline for "new sessions" (a quarter of a second at 100,000
    /// sessions). Returns whether some is left.
    fn idle_work(&mut self) -> bool {
        let hay = self
            .search
            .haystacks
            .get_or_insert_with(|| Haystacks::empty(&self.schedule));
        if !hay.complete(&self.schedule) {
            hay.extend(&self.schedule, IDLE_SLICE);
        } else if !hay.indexed(&self.schedule) {
            hay.index_more(IDLE_SLICE);
        } else {
            self.schedule.session_ids();
            return false;
        }
        true
    }

    /// Recomputes the current day's rows (schedule and grid) after a change of day, filter,
    /// search or hidden set; keeps the selected session selected when it is still shown.
    pub fn rebuild_rows(&mut self) {
        let keep = self.list.selected();
        let mut rows = std::mem::take(&mut self.list.rows);
        rows.clear();
        if let Some(day) = self.schedule.days().get(self.day).cloned() {
            match self.search.engine.matches() {
                Some(matches) => {
                    let lo = matches.partition_point(|&i| (i as usize) < day.range.start);
                    let hi = matches.partition_point(|&i| (i as usize) < day.range.end);
                    for &i in &matches[lo..hi] {
                        if self.passes_filters(self.schedule.session(i as usize)) {
                            rows.push(i as usize);
                        }
                    }
                }
                None => {
                    for i in day.range.clone() {
                        if self.passes_filters(self.schedule.session(i)) {
                            rows.push(i);
                        }
                    }
                }
            }
        }
        self.list.rows = rows;
        if self.list.rooms_day != Some(self.day) {
            // The day's rooms, filtered or not, so the column does not jump with a filter.
            let range = self.schedule.days().get(self.day).map(|d| d.range.clone());
            let schedule = &self.schedule;
            self.list.rooms = RoomColumn::new(
                schedule,
                range
                    .into_iter()
                    .flatten()
                    .filter_map(|i| schedule.session(i).room),
            );
            self.list.rooms_day = Some(self.day);
        }
        self.place_list_now_line();
        let list = &mut self.list;
        if let Some(keep) = keep {
            // The same session when still shown, else the first one starting at or after it
            // (the last row when none does): the cursor stays near where it was.
            list.scroll.cursor = if let Some(row) = list.rows.iter().position(|&i| i == keep) {
                row
            } else {
                let start = self.schedule.session(keep).start;
                list.rows
                    .iter()
                    .position(|&i| self.schedule.session(i).start >= start)
                    .unwrap_or(list.rows.len().saturating_sub(1))
            };
        }
        let h = self.list_rows_height();
        let list = &mut self.list;
        list.scroll.follow(list.rows.len(), h);
        self.grid.rebuild(&self.schedule, &list.rows);
        if let Some(i) = list.selected()
            && self.grid.selected.is_none_or(|g| !list.rows.contains(&g))
        {
            self.grid.select(&self.schedule, i);
        }
    }

    /// Works the coverage out again while its overlay is open; otherwise forgets it (it is
    /// worked out when the overlay opens).
    pub fn refresh_coverage(&mut self) {
        // Laid out again at the end of the update (`sync_coverage`).
        self.team.text.laid_out_for = None;
        if !matches!(self.mode, Mode::Coverage { .. }) {
            self.team.coverage = None;
            return;
        }
        self.team.coverage = Some(crate::plan::team::coverage::coverage(
            &self.schedule,
            &self.team.index,
            &self.plan.starred,
            &self.team.interests,
            &self.team.me,
        ));
    }

    /// Lays the coverage overlay's lines out again when the coverage, the day or the width
    /// changed since the last time (derived state: scrolling reads it, drawing paints it), and
    /// keeps its scroll within them; forgets them once it is closed.
    pub fn sync_coverage(&mut self) {
        let Mode::Coverage { scroll } = self.mode else {
            if self.team.coverage.is_some() || !self.team.text.lines.is_empty() {
                self.team.coverage = None;
                self.team.text = crate::tui::coverage::CoverageText::default();
            }
            return;
        };
        let body = self.areas().body;
        let key = Some((body.width, self.day));
        if self.team.text.laid_out_for != key {
            self.team.text.lines = crate::tui::coverage::lines(self, body.width);
            self.team.text.laid_out_for = key;
        }
        let max = self.coverage_max_scroll();
        self.mode = Mode::Coverage {
            scroll: scroll.min(max),
        };
    }

    /// How far the coverage overlay scrolls: until its last line is at the bottom.
    pub fn coverage_max_scroll(&self) -> u16 {
        let shown = super::layout::coverage_rows(self.areas().body);
        u16::try_from(self.team.text.lines.len().saturating_sub(shown)).unwrap_or(u16::MAX)
    }

    /// Re-derives everything that depends on the agenda (hidden tracks, agenda rows, next up,
    /// the coverage while it is open).
    pub fn agenda_changed(&mut self) {
        self.plan.derive(&self.schedule, self.now);
        self.refresh_coverage();
        self.agenda_view.rebuild(&self.schedule, &self.plan);
        self.place_agenda_now_line();
        self.follow_agenda();
    }

    /// Replaces the agenda with what the store holds (ours merged with other processes'),
    /// with the changes not yet stored applied on top.
    fn set_agenda(&mut self, mut agenda: Agenda) {
        for c in self.saves.unsaved() {
            agenda.apply(c);
        }
        let filters_depend = self.filters.starred_only || !self.filters.show_hidden;
        let hidden_changed = agenda.hidden_sessions != self.plan.agenda.hidden_sessions
            || agenda.hidden_tracks != self.plan.agenda.hidden_tracks;
        let marks_changed = self.filters.marks.is_some()
            && (agenda.ratings != self.plan.agenda.ratings
                || agenda.attended != self.plan.agenda.attended
                || agenda.stars != self.plan.agenda.stars);
        // Only the stars that differ are re-analysed: usually none (the store merged nothing
        // new) or the one just toggled.
        let toggled: Vec<usize> = agenda
            .stars
            .symmetric_difference(&self.plan.agenda.stars)
            .filter_map(|id| self.schedule.find(id).map(|(i, _)| i))
            .collect();
        let stars_changed = agenda.stars != self.plan.agenda.stars;
        let memory_changed = agenda.seen != self.plan.agenda.seen
            || agenda.known_sessions != self.plan.agenda.known_sessions
            || agenda.notes != self.plan.agenda.notes;
        self.plan.agenda = agenda;
        // The notes being edited take in what was stored meanwhile (a three-way merge when
        // both sides changed), so the editor shows the text as saved.
        if let Mode::Notes(editor) = &mut self.mode {
            let id = &self.schedule.session(editor.session).id;
            editor.stored(self.plan.agenda.note(id).unwrap_or(""));
        }
        // Differences from what this process already applied locally: saves made elsewhere.
        if stars_changed || memory_changed {
            self.plan.changes = detect(&self.schedule, &self.plan.agenda);
        }
        for i in toggled {
            self.plan
                .analysis
                .set_starred(&self.schedule, &self.plan.agenda, i);
        }
        self.agenda_changed();
        let stars_matter = self.filters.starred_only
            || (!self.filters.show_hidden && !self.plan.agenda.hidden_tracks.is_empty());
        if marks_changed || (filters_depend && (hidden_changed || (stars_changed && stars_matter)))
        {
            self.rebuild_rows();
        }
    }

    /// Saves the notes being edited when they are due.
    fn autosave(&mut self) -> Option<Effect> {
        if self.notes().is_some_and(|n| n.save_due(self.now)) {
            return self.flush_notes();
        }
        None
    }

    /// When the runtime must send a [`Msg::Tick`] at the latest: the next autosave or save
    /// retry (the clock's minute is the runtime's own).
    pub fn next_timer(&self) -> Option<DateTime<Utc>> {
        let autosave = self.notes().and_then(NotesEditor::save_due_at);
        let refresh = self.web.as_ref().and_then(|w| w.next_at(self.now));
        [autosave, self.saves.retry_at, refresh]
            .into_iter()
            .flatten()
            .min()
    }

    /// A save of `changes` (already applied to our agenda), to hand to the runtime.
    fn save(&mut self, changes: Vec<Change>) -> Effect {
        self.saves.next_job += 1;
        let job = self.saves.next_job;
        self.saves.in_flight.push((job, changes.clone()));
        Effect::Save { job, changes }
    }

    /// The changes that save the open notes now, applied to our agenda too.
    fn flush_notes(&mut self) -> Option<Effect> {
        let now = self.now;
        let schedule = &self.schedule;
        let mut changes = match &mut self.mode {
            Mode::Notes(n) => n.take_changes(schedule, now),
            _ => return None,
        };
        if changes.is_empty() {
            return None;
        }
        // A noted session is followed like a starred one.
        if let Some(Change::SetNote { id, .. }) = changes.first() {
            let id = id.clone();
            changes.extend(remember(&self.schedule, &self.plan.agenda, [id.as_str()]));
        }
        for c in &changes {
            self.plan.agenda.apply(c);
        }
        Some(self.save(changes))
    }

    /// Lines in the picker's current tab as narrowed, "all" included.
    pub fn picker_len(&self) -> usize {
        match &self.mode {
            Mode::Picker(p) => p.lines.len(),
            _ => 0,
        }
    }

    /// The query being typed or kept.
    pub fn search_query(&self) -> &str {
        match &self.mode {
            Mode::Search { input } => input,
            _ => self.search.engine.query(),
        }
    }

    pub fn search_active(&self) -> bool {
        self.search.engine.matches().is_some()
    }

    /// Keeps the agenda's selected row on screen (with its day header when it fits).
    fn follow_agenda(&mut self) {
        let h = self.agenda_rows_height();
        self.agenda_view.follow(h);
    }

    /// The starred session running now that ends first, if any.
    pub fn current_starred(&self) -> Option<usize> {
        self.plan.current_starred()
    }

    /// Lays out again what depends on the terminal's size, the day and the search's counts
    /// (the day tabs), when one of them changed since the last time.
    pub fn sync_screen(&mut self) {
        let matches: &[usize] = if self.search_active() {
            &self.search.day_matches
        } else {
            &[]
        };
        if !self.screen.stale(self.day, matches) {
            return;
        }
        let labels = super::layout::day_labels(&self.schedule, matches);
        let areas = self.areas();
        let header = areas.header;
        self.screen.tabs = if areas.compact {
            DayTabs::compact(labels, self.day, header.x, header.y)
        } else {
            let width = usize::from(header.width).saturating_sub(super::layout::views_width());
            DayTabs::new(labels, self.day, header.x, header.y + 1, width)
        };
    }

    /// Minutes from now until a session starts (negative once started).
    pub fn minutes_until(&self, i: usize) -> i64 {
        (self.schedule.session(i).start.with_timezone(&Utc) - self.now).num_minutes()
    }

    /// Advances the clock.
    fn set_now(&mut self, now: DateTime<Utc>) {
        let minute_changed = (now - self.now).abs() >= Duration::seconds(1)
            && now.timestamp() / 60 != self.now.timestamp() / 60;
        self.now = now;
        if minute_changed {
            self.plan.at_minute(&self.schedule, now);
            self.update_at_now();
            self.move_now_lines();
            // What "not yet rated" holds grows as sessions begin.
            if self.filters.marks == Some(MarksFilter::NotYetRated) {
                self.rebuild_rows();
            }
        }
    }
}

mod agenda;
pub mod export;
mod links;
mod now;
pub mod now_line;
mod picker;
mod plan;
pub mod review;
mod update;
pub mod web;

pub use super::layout::Screen;
pub use agenda::{AgendaRow, AgendaView, Cancelled};
pub use export::{ExportPlace, ExportPrompt};
pub use links::Links;
pub use now::{AtNow, DEFAULT_LEAD, Reminders};
pub use plan::Plan;

#[cfg(test)]
mod tests;

/// Sessions prepared for search in one slice of idle time: a few milliseconds at most, so a key
/// pressed meanwhile waits no longer than that.
const IDLE_SLICE: usize = 1_000;
