//! What a key or mouse event asks the app to do.
//!
//! Actions are plain values: the keymap produces them, `App::update` consumes them, and tests can
//! drive the app with them directly, without a terminal.

use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// In the grid: the room to the left / right.
    Left,
    Right,
    PrevDay,
    NextDay,
    /// Today, the cursor on what runs now (your own starred session first).
    JumpNow,
    NextView,
    PrevView,
    /// Opens the detail of the selected session and gives it the keyboard (or gives it back).
    ToggleDetail,
    ToggleStar,
    /// Hides the selected session ("not interested"), or shows it again.
    ToggleHideSession,
    /// Hides the selected session's track, or shows it again.
    ToggleHideTrack,
    ToggleStarredOnly,
    ToggleShowHidden,
    /// Cycles the marks filter: rated, attended, not yet rated, off.
    CycleMarksFilter,
    ClearFilters,
    OpenFilters,
    OpenNotes,
    StartSearch,
    SearchInput(char),
    SearchBackspace,
    /// Keeps the search filter and returns to the list.
    SearchAccept,
    /// Clears the search.
    SearchCancel,
    PickerUp,
    PickerDown,
    /// Switches the picker between tracks, rooms and kinds.
    PickerNextTab,
    /// Applies the highlighted filter value.
    PickerSelect,
    /// Hides or shows the highlighted track (tracks tab).
    PickerToggleHide,
    /// Marks or unmarks the highlighted track or room (several at once).
    PickerMark,
    /// Starts typing to narrow the picker's lines.
    PickerType,
    /// A character typed into the picker's narrowing.
    PickerTypeInput(char),
    PickerTypeBackspace,
    /// Stops typing, keeping what is typed.
    PickerTypeDone,
    /// Stops typing and clears what is typed.
    PickerTypeClear,
    Help,
    /// Opens the team's coverage: who covers what, clashes a teammate covers, interests left.
    Coverage,
    /// Closes whatever overlay is open (help, picker, detail, message).
    Close,
    /// A mouse wheel step: positive scrolls down.
    Scroll(i16),
    /// A click at a terminal cell.
    Click {
        column: u16,
        row: u16,
    },
    /// Opens the notes of the starred session running now (asks which when several are).
    OpenCurrentNotes,
    /// A key for the notes editor.
    NoteKey(KeyEvent),
    /// Text pasted into the notes editor.
    NotePaste(String),
    /// Inserts the time into the talk, `[+12:30]`.
    NoteTimestamp,
    /// Closes the notes editor (saving).
    CloseNotes,
    /// Rates the selected session 1 to 5; `None` clears the rating.
    Rate(Option<u8>),
    ToggleAttended,
    /// Opens the list of the schedule's changes since they were last accepted, to review.
    ReviewChanges,
    /// In the review: accepts the selected change.
    AcceptChange,
    /// In the review: accepts every change listed.
    AcceptAllChanges,
    /// In the review: closes it and selects the reviewed session.
    GoToChange,
    /// Asks the server for the schedule now (a schedule opened from a URL).
    Refresh,
    /// Opens the selected session's highlighted link (its page unless `NextLink` moved on) in
    /// the browser.
    OpenLink,
    /// Highlights the selected session's next link in the detail (round to the first).
    NextLink,
    /// Writes the calendar and the trip report to the files last used (asks the first time).
    Export,
    /// Asks for the files to export to (the last ones filled in).
    ExportAsk,
    /// In the export prompt: writes to the files typed.
    ExportWrite,
    /// In the export prompt: the other file.
    ExportNextField,
    /// A key for the export prompt's field being edited.
    ExportKey(KeyEvent),
    Quit,
}
