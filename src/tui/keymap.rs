//! The one key table: every action's name, default keys, help text and footer label. The keymap,
//! the help overlay, the footer hints and the README's key table all come from [`TABLE`], and
//! [`Keymap::with_overrides`] rebinds keys by action name (for a config file's `[keys]`).
//!
//! Ctrl-C always quits, in every mode, and cannot be rebound. Typing in the search box and the
//! notes editor is text, not commands: only the keys in the table for those modes are taken.

use std::collections::HashMap;
use std::fmt::Write as _;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// What has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyMode {
    Normal,
    /// The detail has the keyboard: movement keys scroll it; other keys are the normal ones.
    Detail,
    Search,
    Help,
    Picker,
    Notes,
    Coverage,
    /// The schedule's changes to review.
    Review,
    /// Typing to narrow the filter picker's lines.
    PickerTyping,
    /// Typing the files to export to.
    Export,
}

impl KeyMode {
    /// How the mode is named in the help and the README.
    pub fn title(self) -> &'static str {
        match self {
            KeyMode::Normal => "Browsing",
            KeyMode::Detail => "In the detail (Enter or Tab gives it the keyboard)",
            KeyMode::Search => "Searching",
            KeyMode::Help => "In this help",
            KeyMode::Picker => "In the filter picker",
            KeyMode::Notes => "In the notes editor",
            KeyMode::Coverage => "In the team coverage",
            KeyMode::Review => "In the changes to review",
            KeyMode::PickerTyping => "Typing in the filter picker (after /)",
            KeyMode::Export => "In the export prompt (the files to write)",
        }
    }
}

impl KeyMode {
    /// The mode in one word, as the README's key table and errors name it.
    pub fn short_name(self) -> &'static str {
        match self {
            KeyMode::Normal => "browse",
            KeyMode::Detail => "detail",
            KeyMode::Search => "search",
            KeyMode::Help => "help",
            KeyMode::Picker => "filters",
            KeyMode::Notes => "notes",
            KeyMode::Coverage => "coverage",
            KeyMode::Review => "review",
            KeyMode::PickerTyping => "filter-typing",
            KeyMode::Export => "export",
        }
    }
}

/// One line of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The action's name, as a config file names it to rebind it.
    pub name: &'static str,
    pub mode: KeyMode,
    /// Default keys, as written in the help (`j`, `Down`, `Ctrl-d`, `Shift-Tab`, `PgDn`).
    pub keys: &'static [&'static str],
    pub action: Action,
    pub help: &'static str,
    /// The short label in the footer, when the action is worth showing there.
    pub footer: Option<&'static str>,
}

const fn bind(
    name: &'static str,
    mode: KeyMode,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        name,
        mode,
        keys,
        action,
        help,
        footer,
    }
}

use KeyMode::{
    Coverage, Detail, Export, Help, Normal, Notes, Picker, PickerTyping, Review, Search,
};

/// Every key. Order is the help's and the footer's.
pub static TABLE: &[Binding] = &[
    bind(
        "move_down",
        Normal,
        &["j", "Down"],
        Action::Down,
        "move down",
        Some("move"),
    ),
    bind("move_up", Normal, &["k", "Up"], Action::Up, "move up", None),
    bind(
        "page_down",
        Normal,
        &["PgDn", "Space", "Ctrl-d", "Ctrl-f"],
        Action::PageDown,
        "a page down",
        None,
    ),
    bind(
        "page_up",
        Normal,
        &["PgUp", "Ctrl-u", "Ctrl-b"],
        Action::PageUp,
        "a page up",
        None,
    ),
    bind(
        "first",
        Normal,
        &["g", "Home"],
        Action::Top,
        "first session",
        None,
    ),
    bind(
        "last",
        Normal,
        &["G", "End"],
        Action::Bottom,
        "last session",
        None,
    ),
    bind(
        "previous_day",
        Normal,
        &["["],
        Action::PrevDay,
        "previous day",
        Some("day"),
    ),
    bind(
        "next_day",
        Normal,
        &["]"],
        Action::NextDay,
        "next day",
        None,
    ),
    bind(
        "left",
        Normal,
        &["h", "Left"],
        Action::Left,
        "grid: the room to the left; list: previous day",
        None,
    ),
    bind(
        "right",
        Normal,
        &["l", "Right"],
        Action::Right,
        "grid: the room to the right; list: next day",
        None,
    ),
    bind(
        "jump_now",
        Normal,
        &["."],
        Action::JumpNow,
        "jump to now: today, on your running or next starred session",
        None,
    ),
    bind(
        "next_view",
        Normal,
        &["Tab"],
        Action::NextView,
        "next view: schedule, grid, agenda, now (on wide screens, first the detail beside)",
        Some("view"),
    ),
    bind(
        "previous_view",
        Normal,
        &["Shift-Tab"],
        Action::PrevView,
        "previous view",
        None,
    ),
    bind(
        "detail",
        Normal,
        &["Enter"],
        Action::ToggleDetail,
        "the session in full, with the keyboard (again: back)",
        Some("detail"),
    ),
    bind(
        "search",
        Normal,
        &["/"],
        Action::StartSearch,
        "search as you type (Enter keeps, Esc clears)",
        Some("search"),
    ),
    bind(
        "star",
        Normal,
        &["s"],
        Action::ToggleStar,
        "star / unstar the session",
        Some("star"),
    ),
    bind(
        "hide_session",
        Normal,
        &["x"],
        Action::ToggleHideSession,
        "hide the session (not interested) / show it again",
        None,
    ),
    bind(
        "hide_track",
        Normal,
        &["X"],
        Action::ToggleHideTrack,
        "hide the session's track / show it again",
        None,
    ),
    bind(
        "filters",
        Normal,
        &["f"],
        Action::OpenFilters,
        "filter by track, room or kind",
        Some("filter"),
    ),
    bind(
        "starred_only",
        Normal,
        &["*"],
        Action::ToggleStarredOnly,
        "only starred sessions",
        None,
    ),
    bind(
        "show_hidden",
        Normal,
        &["H"],
        Action::ToggleShowHidden,
        "show hidden tracks and sessions",
        None,
    ),
    bind(
        "marks_filter",
        Normal,
        &["m"],
        Action::CycleMarksFilter,
        "only your marks: rated, then attended, then not yet rated, then all",
        None,
    ),
    bind(
        "clear_filters",
        Normal,
        &["c"],
        Action::ClearFilters,
        "clear filters and search",
        None,
    ),
    bind(
        "notes",
        Normal,
        &["n"],
        Action::OpenNotes,
        "notes for the session (saved as you type)",
        Some("notes"),
    ),
    bind(
        "notes_now",
        Normal,
        &["N"],
        Action::OpenCurrentNotes,
        "notes for the starred session running now",
        None,
    ),
    bind(
        "rate_1",
        Normal,
        &["1"],
        Action::Rate(Some(1)),
        "rate the session ★☆☆☆☆",
        None,
    ),
    bind(
        "rate_2",
        Normal,
        &["2"],
        Action::Rate(Some(2)),
        "rate it ★★☆☆☆",
        None,
    ),
    bind(
        "rate_3",
        Normal,
        &["3"],
        Action::Rate(Some(3)),
        "rate it ★★★☆☆",
        None,
    ),
    bind(
        "rate_4",
        Normal,
        &["4"],
        Action::Rate(Some(4)),
        "rate it ★★★★☆",
        None,
    ),
    bind(
        "rate_5",
        Normal,
        &["5"],
        Action::Rate(Some(5)),
        "rate it ★★★★★",
        None,
    ),
    bind(
        "clear_rating",
        Normal,
        &["0"],
        Action::Rate(None),
        "clear the rating",
        None,
    ),
    bind(
        "attended",
        Normal,
        &["a"],
        Action::ToggleAttended,
        "mark the session attended / not",
        None,
    ),
    bind(
        "review_changes",
        Normal,
        &["U"],
        Action::ReviewChanges,
        "review the schedule's changes (moved, retimed, retitled, cancelled, new) and accept them",
        None,
    ),
    bind(
        "refresh",
        Normal,
        &["R"],
        Action::Refresh,
        "fetch the schedule again now (a schedule opened from a URL)",
        None,
    ),
    bind(
        "open_link",
        Normal,
        &["o"],
        Action::OpenLink,
        "open the session's page (or the link O chose) in the browser",
        None,
    ),
    bind(
        "next_link",
        Normal,
        &["O"],
        Action::NextLink,
        "choose the session's next link (recording, chat, slides...) for o",
        None,
    ),
    bind(
        "export",
        Normal,
        &["e"],
        Action::Export,
        "export the calendar (.ics) and the trip report (.md) to the files last used (the first time, asks)",
        None,
    ),
    bind(
        "export_to",
        Normal,
        &["E"],
        Action::ExportAsk,
        "export, asking for the files (the last ones filled in)",
        None,
    ),
    bind(
        "team_coverage",
        Normal,
        &["T"],
        Action::Coverage,
        "the team's coverage: who is where, your clashes a teammate covers, interests nobody covers",
        None,
    ),
    bind(
        "help",
        Normal,
        &["?", "F1"],
        Action::Help,
        "every key (this help)",
        Some("help"),
    ),
    bind(
        "back",
        Normal,
        &["Esc"],
        Action::Close,
        "close / go back / clear the search",
        None,
    ),
    bind(
        "quit",
        Normal,
        &["q"],
        Action::Quit,
        "quit (Ctrl-C too, everywhere); everything is saved",
        Some("quit"),
    ),
    bind(
        "detail_down",
        Detail,
        &["j", "Down"],
        Action::Down,
        "scroll down",
        Some("scroll"),
    ),
    bind(
        "detail_up",
        Detail,
        &["k", "Up"],
        Action::Up,
        "scroll up",
        None,
    ),
    bind(
        "detail_page_down",
        Detail,
        &["PgDn", "Space", "Ctrl-d", "Ctrl-f"],
        Action::PageDown,
        "a page down",
        None,
    ),
    bind(
        "detail_page_up",
        Detail,
        &["PgUp", "Ctrl-u", "Ctrl-b"],
        Action::PageUp,
        "a page up",
        None,
    ),
    bind(
        "detail_top",
        Detail,
        &["g", "Home"],
        Action::Top,
        "to the top",
        None,
    ),
    bind(
        "detail_bottom",
        Detail,
        &["G", "End"],
        Action::Bottom,
        "to the end",
        None,
    ),
    bind(
        "detail_back",
        Detail,
        &["Esc", "Enter"],
        Action::Close,
        "back to the list",
        Some("back"),
    ),
    bind(
        "search_keep",
        Search,
        &["Enter"],
        Action::SearchAccept,
        "keep the search as a filter",
        Some("keep"),
    ),
    bind(
        "search_clear",
        Search,
        &["Esc"],
        Action::SearchCancel,
        "clear the search",
        Some("clear"),
    ),
    bind(
        "search_delete",
        Search,
        &["Backspace"],
        Action::SearchBackspace,
        "delete a character",
        None,
    ),
    bind(
        "search_down",
        Search,
        &["Down", "Ctrl-n"],
        Action::Down,
        "move down the matches",
        None,
    ),
    bind(
        "search_up",
        Search,
        &["Up", "Ctrl-p"],
        Action::Up,
        "move up the matches",
        None,
    ),
    bind(
        "help_down",
        Help,
        &["j", "Down", "Space", "PgDn"],
        Action::Down,
        "scroll the help down",
        Some("scroll"),
    ),
    bind(
        "help_up",
        Help,
        &["k", "Up", "PgUp"],
        Action::Up,
        "scroll the help up",
        None,
    ),
    bind(
        "help_close",
        Help,
        &["Esc", "q", "?"],
        Action::Close,
        "close the help (any other key too)",
        Some("close"),
    ),
    bind(
        "coverage_down",
        Coverage,
        &["j", "Down", "Space", "PgDn"],
        Action::Down,
        "scroll the team coverage down",
        Some("scroll"),
    ),
    bind(
        "coverage_up",
        Coverage,
        &["k", "Up", "PgUp"],
        Action::Up,
        "scroll the team coverage up",
        None,
    ),
    bind(
        "coverage_previous_day",
        Coverage,
        &["[", "h", "Left"],
        Action::PrevDay,
        "the team coverage of the previous day",
        Some("day"),
    ),
    bind(
        "coverage_next_day",
        Coverage,
        &["]", "l", "Right"],
        Action::NextDay,
        "the team coverage of the next day",
        None,
    ),
    bind(
        "coverage_close",
        Coverage,
        &["Esc", "q", "T"],
        Action::Close,
        "close the team coverage (any other key too)",
        Some("close"),
    ),
    bind(
        "picker_down",
        Picker,
        &["j", "Down"],
        Action::PickerDown,
        "next line",
        Some("move"),
    ),
    bind(
        "picker_up",
        Picker,
        &["k", "Up"],
        Action::PickerUp,
        "previous line",
        None,
    ),
    bind(
        "picker_page_down",
        Picker,
        &["PgDn", "Ctrl-d"],
        Action::PageDown,
        "a page down",
        None,
    ),
    bind(
        "picker_page_up",
        Picker,
        &["PgUp", "Ctrl-u"],
        Action::PageUp,
        "a page up",
        None,
    ),
    bind(
        "picker_first",
        Picker,
        &["g", "Home"],
        Action::Top,
        "first line",
        None,
    ),
    bind(
        "picker_last",
        Picker,
        &["G", "End"],
        Action::Bottom,
        "last line",
        None,
    ),
    bind(
        "picker_type",
        Picker,
        &["/"],
        Action::PickerType,
        "type to narrow the lines (case and accents ignored)",
        Some("type"),
    ),
    bind(
        "picker_mark",
        Picker,
        &["Space"],
        Action::PickerMark,
        "mark / unmark a track or room (several at once; Enter applies the marks)",
        Some("mark"),
    ),
    bind(
        "picker_tab",
        Picker,
        &["Tab", "l", "Right"],
        Action::PickerNextTab,
        "tracks, rooms, kinds",
        Some("tab"),
    ),
    bind(
        "picker_select",
        Picker,
        &["Enter"],
        Action::PickerSelect,
        "apply the marked tracks or rooms, else the highlighted line",
        Some("apply"),
    ),
    bind(
        "picker_hide_track",
        Picker,
        &["x"],
        Action::PickerToggleHide,
        "hide / show the highlighted track",
        Some("hide track"),
    ),
    bind(
        "picker_close",
        Picker,
        &["Esc", "q", "f"],
        Action::Close,
        "close",
        Some("close"),
    ),
    bind(
        "review_down",
        Review,
        &["j", "Down"],
        Action::Down,
        "next change",
        Some("move"),
    ),
    bind(
        "review_up",
        Review,
        &["k", "Up"],
        Action::Up,
        "previous change",
        None,
    ),
    bind(
        "review_page_down",
        Review,
        &["PgDn", "Ctrl-d"],
        Action::PageDown,
        "a page of changes down",
        None,
    ),
    bind(
        "review_page_up",
        Review,
        &["PgUp", "Ctrl-u"],
        Action::PageUp,
        "a page of changes up",
        None,
    ),
    bind(
        "review_first",
        Review,
        &["g", "Home"],
        Action::Top,
        "first change",
        None,
    ),
    bind(
        "review_last",
        Review,
        &["G", "End"],
        Action::Bottom,
        "last change",
        None,
    ),
    bind(
        "review_accept",
        Review,
        &["a"],
        Action::AcceptChange,
        "accept the selected change",
        Some("accept"),
    ),
    bind(
        "review_accept_all",
        Review,
        &["A"],
        Action::AcceptAllChanges,
        "accept every change listed",
        Some("accept all"),
    ),
    bind(
        "review_go",
        Review,
        &["Enter"],
        Action::GoToChange,
        "close and go to the session",
        Some("go to"),
    ),
    bind(
        "review_close",
        Review,
        &["Esc", "q", "U"],
        Action::Close,
        "close (the changes stay to review; Δ marks them)",
        Some("close"),
    ),
    bind(
        "picker_typing_done",
        PickerTyping,
        &["Enter"],
        Action::PickerTypeDone,
        "stop typing, keep the narrowing",
        Some("done"),
    ),
    bind(
        "picker_typing_clear",
        PickerTyping,
        &["Esc"],
        Action::PickerTypeClear,
        "stop typing, clear the narrowing",
        Some("clear"),
    ),
    bind(
        "picker_typing_delete",
        PickerTyping,
        &["Backspace"],
        Action::PickerTypeBackspace,
        "delete a character",
        None,
    ),
    bind(
        "picker_typing_down",
        PickerTyping,
        &["Down"],
        Action::PickerDown,
        "next line",
        None,
    ),
    bind(
        "picker_typing_up",
        PickerTyping,
        &["Up"],
        Action::PickerUp,
        "previous line",
        None,
    ),
    bind(
        "export_write",
        Export,
        &["Enter"],
        Action::ExportWrite,
        "write both files",
        Some("write"),
    ),
    bind(
        "export_other_file",
        Export,
        &["Tab", "Down", "Up", "Shift-Tab"],
        Action::ExportNextField,
        "the other file (the calendar, the trip report)",
        Some("other file"),
    ),
    bind(
        "export_cancel",
        Export,
        &["Esc"],
        Action::Close,
        "cancel: nothing is written",
        Some("cancel"),
    ),
    bind(
        "notes_close",
        Notes,
        &["Esc"],
        Action::CloseNotes,
        "close the notes (saved)",
        Some("close (saved)"),
    ),
    bind(
        "notes_timestamp",
        Notes,
        &["Ctrl-t"],
        Action::NoteTimestamp,
        "insert the time into the talk, [+12:30]",
        Some("timestamp"),
    ),
];

/// Actions shown in the footer with their opposite: (shown, opposite).
const FOOTER_PAIRS: &[(&str, &str)] = &[
    ("move_down", "move_up"),
    ("previous_day", "next_day"),
    ("detail_down", "detail_up"),
    ("help_down", "help_up"),
    ("picker_down", "picker_up"),
    ("review_down", "review_up"),
    ("coverage_down", "coverage_up"),
    ("coverage_previous_day", "coverage_next_day"),
];

/// Lines of the help that are not bindings of the table (the editor's own keys, the mouse, the
/// markers): (keys, what they do).
pub const HELP_EXTRA: &[(&str, &str)] = &[
    ("Ctrl-u Ctrl-r", "in notes: undo / redo"),
    ("Alt-f Alt-b", "in notes: a word forward / back"),
    (
        "Ctrl-u",
        "in the export prompt: clear the file name before the cursor",
    ),
    ("mouse", "wheel scrolls, click selects"),
    (
        "markers",
        "★ starred  ✎ notes  Δ changed  ✗ cancelled  ! overlap  » tight walk  ◐ filling  ● full  ▲ overflow",
    ),
];

/// A key as the table writes it: a code and its modifiers (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// The key a terminal event is, normalized the way [`parse_key`] writes keys.
    pub fn of(event: KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            other => other,
        };
        Key { code, modifiers }
    }
}

/// A key name the table cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "unknown key {0:?} (write keys like \"j\", \"G\", \"Ctrl-d\", \"Shift-Tab\", \"PgDn\", \"F1\")"
    )]
    BadKey(String),
    #[error("unknown action {0:?} (the actions are named in the README's key table)")]
    UnknownAction(String),
    #[error("{key:?} is bound twice in {mode} mode: to {first} and to {second}")]
    BoundTwice {
        key: String,
        mode: &'static str,
        first: String,
        second: String,
    },
    #[error("{0:?}: Ctrl-C always quits and cannot be bound")]
    Reserved(String),
}

/// Reads a key as the table writes it.
pub fn parse_key(text: &str) -> Result<Key, KeyError> {
    let bad = || KeyError::BadKey(text.to_string());
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        if let Some(r) = rest.strip_prefix("Ctrl-").filter(|r| !r.is_empty()) {
            modifiers |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Alt-").filter(|r| !r.is_empty()) {
            modifiers |= KeyModifiers::ALT;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Shift-").filter(|r| !r.is_empty()) {
            modifiers |= KeyModifiers::SHIFT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Backspace" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().map_err(|_| bad())?),
        c => {
            let mut chars = c.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => KeyCode::Char(if modifiers.contains(KeyModifiers::CONTROL) {
                    ch.to_ascii_lowercase()
                } else {
                    ch
                }),
                _ => return Err(bad()),
            }
        }
    };
    // Shift is written into characters ("G"), so it only counts for keys that are not one.
    if matches!(code, KeyCode::Char(_)) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    Ok(Key { code, modifiers })
}

/// Keys to actions, per mode, built from [`TABLE`] and any overrides.
#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<(KeyMode, Key), Action>,
    /// The keys of each action, as shown in the help and footer.
    keys: HashMap<&'static str, Vec<String>>,
}

impl Default for Keymap {
    fn default() -> Self {
        match Keymap::with_overrides(&[]) {
            Ok(k) => k,
            // The table's own keys are checked by a test.
            Err(_) => Keymap {
                map: HashMap::new(),
                keys: HashMap::new(),
            },
        }
    }
}

impl Keymap {
    /// The table's keys, with the keys of some actions replaced: `(action name, keys)`, as a
    /// config file's `[keys]` section gives them. A key taken by an override is freed from the
    /// action that had it by default in the same mode.
    pub fn with_overrides(overrides: &[(&str, Vec<String>)]) -> Result<Keymap, KeyError> {
        let mut keys: HashMap<&'static str, Vec<String>> = TABLE
            .iter()
            .map(|b| (b.name, b.keys.iter().map(|k| (*k).to_string()).collect()))
            .collect();
        // Which override took each key, per mode: one key given to two actions is an error.
        let mut taken: HashMap<(KeyMode, Key), (&str, &str)> = HashMap::new();
        for (name, new) in overrides {
            let binding = TABLE
                .iter()
                .find(|b| b.name == *name)
                .ok_or_else(|| KeyError::UnknownAction((*name).to_string()))?;
            let parsed: Vec<Key> = new.iter().map(|k| parse_key(k)).collect::<Result<_, _>>()?;
            for (key, text) in parsed.iter().zip(new) {
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
                    return Err(KeyError::Reserved(text.clone()));
                }
                match taken.insert((binding.mode, *key), (binding.name, text)) {
                    Some((first, _)) if first != binding.name => {
                        return Err(KeyError::BoundTwice {
                            key: text.clone(),
                            mode: binding.mode.short_name(),
                            first: first.to_string(),
                            second: binding.name.to_string(),
                        });
                    }
                    _ => {}
                }
            }
            for other in TABLE
                .iter()
                .filter(|b| b.mode == binding.mode && b.name != *name)
            {
                if let Some(list) = keys.get_mut(other.name) {
                    list.retain(|k| parse_key(k).map_or(true, |k| !parsed.contains(&k)));
                }
            }
            keys.insert(binding.name, new.clone());
        }
        let mut map = HashMap::new();
        for b in TABLE {
            for k in keys.get(b.name).into_iter().flatten() {
                map.insert((b.mode, parse_key(k)?), b.action.clone());
            }
        }
        Ok(Keymap { map, keys })
    }

    /// The action for a key press in a mode, if any.
    pub fn action(&self, mode: KeyMode, event: KeyEvent) -> Option<Action> {
        let key = Key::of(event);
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        if let Some(a) = self.map.get(&(mode, key)) {
            return Some(a.clone());
        }
        match mode {
            KeyMode::Detail => self.map.get(&(KeyMode::Normal, key)).cloned(),
            // Any other key closes the help.
            KeyMode::Help | KeyMode::Coverage => Some(Action::Close),
            KeyMode::Search => match event.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::SearchInput(c))
                }
                _ => None,
            },
            KeyMode::Notes => Some(Action::NoteKey(event)),
            KeyMode::Export => Some(Action::ExportKey(event)),
            KeyMode::PickerTyping => match event.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::PickerTypeInput(c))
                }
                _ => None,
            },
            KeyMode::Normal | KeyMode::Picker | KeyMode::Review => None,
        }
    }

    /// The actions left without a key (their keys given to others, or `[]`), in table order.
    pub fn unbound(&self) -> Vec<&'static str> {
        TABLE
            .iter()
            .filter(|b| self.keys.get(b.name).is_none_or(Vec::is_empty))
            .map(|b| b.name)
            .collect()
    }

    /// The keys bound to an action, as written ("j Down").
    pub fn keys_of(&self, name: &str) -> String {
        self.keys.get(name).map(|k| k.join(" ")).unwrap_or_default()
    }

    /// The first key bound to an action, as a hint names it ("o"); `None` when the config
    /// left the action without a key, so that no hint names a key that does nothing.
    pub fn key_of(&self, name: &str) -> Option<&str> {
        self.keys.get(name)?.first().map(String::as_str)
    }

    /// The footer's hints for a mode: (keys, label), in table order.
    pub fn footer(&self, mode: KeyMode) -> Vec<(String, &'static str)> {
        // The focused detail takes the browsing keys too: its own hints come first.
        let modes: &[KeyMode] = if mode == KeyMode::Detail {
            &[KeyMode::Detail, KeyMode::Normal]
        } else {
            std::slice::from_ref(&mode)
        };
        modes
            .iter()
            .flat_map(|m| TABLE.iter().filter(move |b| b.mode == *m))
            .filter_map(|b| {
                let label = b.footer?;
                let mut keys = self.keys.get(b.name)?.first()?.clone();
                // A browsing key the detail takes for itself is not hinted twice.
                if mode == KeyMode::Detail
                    && b.mode == KeyMode::Normal
                    && parse_key(&keys).is_ok_and(|k| self.map.contains_key(&(KeyMode::Detail, k)))
                {
                    return None;
                }
                // A pair reads as one hint: "j/k move", "[/] day".
                if let Some((_, partner)) = FOOTER_PAIRS.iter().find(|(a, _)| *a == b.name)
                    && let Some(other) = self.keys.get(partner).and_then(|k| k.first())
                {
                    keys = format!("{keys}/{other}");
                }
                Some((keys, label))
            })
            .collect()
    }

    /// The help's lines: (mode title or empty, keys, what they do), every binding, then
    /// [`HELP_EXTRA`].
    pub fn help(&self) -> Vec<(String, String)> {
        let mut lines = Vec::new();
        let mut mode = None;
        for b in TABLE {
            if mode != Some(b.mode) {
                if mode.is_some() {
                    lines.push((String::new(), String::new()));
                }
                lines.push((String::new(), b.mode.title().to_string()));
                mode = Some(b.mode);
            }
            lines.push((self.keys_of(b.name), b.help.to_string()));
        }
        lines.push((String::new(), String::new()));
        for (k, what) in HELP_EXTRA {
            lines.push(((*k).to_string(), (*what).to_string()));
        }
        lines
    }
}

/// The README's key table (Markdown), from the default keys.
pub fn readme_table() -> String {
    let keymap = Keymap::default();
    let mut out = String::from("| mode | keys | does | action |\n|---|---|---|---|\n");
    for b in TABLE {
        let keys: Vec<String> = keymap
            .keys
            .get(b.name)
            .into_iter()
            .flatten()
            .map(|k| format!("`{}`", k.replace('|', "\\|")))
            .collect();
        let mode = b.mode.short_name();
        let _ = writeln!(
            out,
            "| {mode} | {} | {} | `{}` |",
            keys.join(" "),
            b.help.replace('|', "\\|"),
            b.name
        );
    }
    out
}

#[cfg(test)]
mod tests;
