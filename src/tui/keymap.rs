//! Keys to actions, per mode. Vim keys and arrows both work everywhere it makes sense.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// What has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    Normal,
    Search,
    Help,
    Picker,
    Notes,
}

/// The action for a key press in a mode, if any.
pub fn keymap(mode: KeyMode, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
        return Some(Action::Quit);
    }
    match mode {
        KeyMode::Search => search(key, ctrl),
        KeyMode::Help => Some(match key.code {
            KeyCode::Char('j' | ' ') | KeyCode::Down | KeyCode::PageDown => Action::Down,
            KeyCode::Char('k') | KeyCode::Up | KeyCode::PageUp => Action::Up,
            _ => Action::Close,
        }),
        KeyMode::Picker => picker(key),
        KeyMode::Notes => Some(notes(key, ctrl)),
        KeyMode::Normal => normal(key, ctrl),
    }
}

fn normal(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('d' | 'f') if ctrl => Action::PageDown,
        KeyCode::Char('u' | 'b') if ctrl => Action::PageUp,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('h') | KeyCode::Left => Action::Left,
        KeyCode::Char('l') | KeyCode::Right => Action::Right,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Char('[') => Action::PrevDay,
        KeyCode::Char(']') => Action::NextDay,
        KeyCode::Tab => Action::NextView,
        KeyCode::BackTab => Action::PrevView,
        KeyCode::Enter => Action::ToggleDetail,
        KeyCode::Char('s') => Action::ToggleStar,
        KeyCode::Char('x') => Action::ToggleHideSession,
        KeyCode::Char('X') => Action::ToggleHideTrack,
        KeyCode::Char('*') => Action::ToggleStarredOnly,
        KeyCode::Char('H') => Action::ToggleShowHidden,
        KeyCode::Char('c') => Action::ClearFilters,
        KeyCode::Char('f') => Action::OpenFilters,
        KeyCode::Char('n') => Action::OpenNotes,
        KeyCode::Char('N') => Action::OpenCurrentNotes,
        KeyCode::Char(c @ '1'..='5') => Action::Rate(Some(c as u8 - b'0')),
        KeyCode::Char('0') => Action::Rate(None),
        KeyCode::Char('a') => Action::ToggleAttended,
        KeyCode::Char('U') => Action::AcceptChanges,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('?') | KeyCode::F(1) => Action::Help,
        KeyCode::Esc => Action::Close,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

fn notes(key: KeyEvent, ctrl: bool) -> Action {
    match key.code {
        KeyCode::Esc => Action::CloseNotes,
        KeyCode::Char('t' | 'T') if ctrl => Action::NoteTimestamp,
        _ => Action::NoteKey(key),
    }
}

fn search(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Enter => Action::SearchAccept,
        KeyCode::Esc => Action::SearchCancel,
        KeyCode::Backspace => Action::SearchBackspace,
        KeyCode::Down => Action::Down,
        KeyCode::Up => Action::Up,
        KeyCode::Char('n') if ctrl => Action::Down,
        KeyCode::Char('p') if ctrl => Action::Up,
        KeyCode::Char(c) if !ctrl => Action::SearchInput(c),
        _ => return None,
    })
}

fn picker(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::PickerDown,
        KeyCode::Char('k') | KeyCode::Up => Action::PickerUp,
        KeyCode::Tab | KeyCode::Char('l') | KeyCode::Right => Action::PickerNextTab,
        KeyCode::Enter => Action::PickerSelect,
        KeyCode::Char('x') => Action::PickerToggleHide,
        KeyCode::Esc | KeyCode::Char('q' | 'f') => Action::Close,
        _ => return None,
    })
}

/// Every key, for the help overlay: (keys, what they do).
pub const HELP: &[(&str, &str)] = &[
    ("j k ↓ ↑", "move down / up"),
    ("PgDn PgUp Space", "a page down / up (also Ctrl-d / Ctrl-u)"),
    ("g G Home End", "first / last"),
    ("[ ]", "previous / next day"),
    (
        "h l ← →",
        "grid: previous / next room; list: previous / next day",
    ),
    (
        "Tab Shift-Tab",
        "next / previous view: schedule, grid, agenda",
    ),
    ("Enter", "open / close the session's detail"),
    ("/", "search (type to narrow; Enter keeps, Esc clears)"),
    ("s", "star / unstar the session"),
    ("x", "hide the session (not interested) / show it again"),
    ("X", "hide the session's track / show it again"),
    (
        "f",
        "filters: track, room, kind (x in tracks hides a track)",
    ),
    ("*", "only starred sessions"),
    ("H", "show hidden tracks and sessions"),
    ("c", "clear filters and search"),
    ("n", "notes for the session (Esc closes; saved as you type)"),
    ("N", "notes for the starred session running now"),
    (
        "Ctrl-T",
        "in notes: insert the time into the talk, [+12:30]",
    ),
    ("Ctrl-U Ctrl-R", "in notes: undo / redo"),
    ("1-5 0", "rate the session / clear the rating"),
    ("a", "mark the session attended / not"),
    (
        "U",
        "accept the schedule's changes (moved, cancelled, new sessions)",
    ),
    ("?", "this help"),
    ("Esc", "close / go back"),
    ("q Ctrl-C", "quit (everything is already saved)"),
    ("mouse", "wheel scrolls, click selects"),
    (
        "markers",
        "★ starred  ✎ notes  Δ changed  ! overlap  » tight walk  ◐ filling  ● full  ▲ overflow",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        let pairs = [
            (KeyCode::Char('j'), KeyCode::Down),
            (KeyCode::Char('k'), KeyCode::Up),
            (KeyCode::Char('g'), KeyCode::Home),
            (KeyCode::Char('G'), KeyCode::End),
        ];
        for (vim, arrow) in pairs {
            assert_eq!(
                keymap(KeyMode::Normal, key(vim)),
                keymap(KeyMode::Normal, key(arrow))
            );
            assert!(keymap(KeyMode::Normal, key(vim)).is_some());
        }
    }

    #[test]
    fn ctrl_c_quits_in_every_mode() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            KeyMode::Normal,
            KeyMode::Search,
            KeyMode::Help,
            KeyMode::Notes,
            KeyMode::Picker,
        ] {
            assert_eq!(keymap(mode, ctrl_c), Some(Action::Quit));
        }
    }

    #[test]
    fn typing_in_search_is_text_not_commands() {
        assert_eq!(
            keymap(KeyMode::Search, key(KeyCode::Char('q'))),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            keymap(KeyMode::Search, key(KeyCode::Char('s'))),
            Some(Action::SearchInput('s'))
        );
        assert_eq!(
            keymap(KeyMode::Search, key(KeyCode::Enter)),
            Some(Action::SearchAccept)
        );
        assert_eq!(
            keymap(KeyMode::Search, key(KeyCode::Esc)),
            Some(Action::SearchCancel)
        );
        assert_eq!(
            keymap(KeyMode::Normal, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
    }

    #[test]
    fn notes_take_every_key_but_escape_and_the_timestamp() {
        assert_eq!(
            keymap(KeyMode::Notes, key(KeyCode::Char('q'))),
            Some(Action::NoteKey(key(KeyCode::Char('q'))))
        );
        assert_eq!(
            keymap(KeyMode::Notes, key(KeyCode::Esc)),
            Some(Action::CloseNotes)
        );
        let ctrl_t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL);
        assert_eq!(keymap(KeyMode::Notes, ctrl_t), Some(Action::NoteTimestamp));
        assert_eq!(
            keymap(KeyMode::Normal, key(KeyCode::Char('4'))),
            Some(Action::Rate(Some(4)))
        );
        assert_eq!(
            keymap(KeyMode::Normal, key(KeyCode::Char('N'))),
            Some(Action::OpenCurrentNotes)
        );
    }

    #[test]
    fn the_issue_keys_are_bound() {
        let expect = [
            ('/', Action::StartSearch),
            ('s', Action::ToggleStar),
            ('[', Action::PrevDay),
            (']', Action::NextDay),
            ('n', Action::OpenNotes),
            ('?', Action::Help),
        ];
        for (c, action) in expect {
            assert_eq!(keymap(KeyMode::Normal, key(KeyCode::Char(c))), Some(action));
        }
        assert_eq!(
            keymap(KeyMode::Normal, key(KeyCode::Tab)),
            Some(Action::NextView)
        );
        assert_eq!(
            keymap(KeyMode::Normal, key(KeyCode::Enter)),
            Some(Action::ToggleDetail)
        );
        let release = KeyEvent {
            kind: KeyEventKind::Release,
            ..key(KeyCode::Char('j'))
        };
        // The keymap maps codes; the event loop drops releases before it gets here.
        assert_eq!(keymap(KeyMode::Normal, release), Some(Action::Down));
    }
}
