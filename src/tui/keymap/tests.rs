use super::*;
use ratatui::crossterm::event::KeyEventKind;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn keymap(mode: KeyMode, k: KeyEvent) -> Option<Action> {
    Keymap::default().action(mode, k)
}

#[test]
fn every_key_in_the_table_reads_and_no_key_is_bound_twice_in_a_mode() {
    let mut seen: HashMap<(KeyMode, Key), &str> = HashMap::new();
    let mut names = std::collections::HashSet::new();
    for b in TABLE {
        assert!(names.insert(b.name), "{} named twice", b.name);
        assert!(!b.keys.is_empty(), "{} has no key", b.name);
        for k in b.keys {
            let parsed = parse_key(k).unwrap_or_else(|e| panic!("{}: {e}", b.name));
            if let Some(other) = seen.insert((b.mode, parsed), b.name) {
                panic!("{k} is bound to both {other} and {}", b.name);
            }
        }
    }
}

#[test]
fn every_bound_key_is_in_the_help() {
    let help = Keymap::default().help();
    for b in TABLE {
        let line = help
            .iter()
            .find(|(_, what)| what == b.help)
            .unwrap_or_else(|| panic!("{} is not in the help", b.name));
        for k in b.keys {
            assert!(
                line.0.split(' ').any(|h| h == *k),
                "{k} of {} missing",
                b.name
            );
        }
    }
}

#[test]
fn the_readme_key_table_is_the_tables() {
    let readme = include_str!("../../../README.md");
    let start = "<!-- keys: generated from src/tui/keymap.rs, kept in step by a test -->\n";
    let from = readme
        .find(start)
        .expect("the README has the key table marker")
        + start.len();
    let to = from
        + readme[from..]
            .find("<!-- /keys -->")
            .expect("an end marker");
    assert_eq!(
        &readme[from..to],
        readme_table(),
        "README.md's key table differs from the key table; paste readme_table()'s output"
    );
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
    // A shifted letter arrives with SHIFT set: still G.
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(keymap(KeyMode::Normal, shifted), Some(Action::Bottom));
    let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(keymap(KeyMode::Normal, back_tab), Some(Action::PrevView));
    let ctrl_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(keymap(KeyMode::Normal, ctrl_f), Some(Action::PageDown));
    assert_eq!(
        keymap(KeyMode::Normal, key(KeyCode::F(1))),
        Some(Action::Help)
    );
}

#[test]
fn ctrl_c_quits_in_every_mode() {
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for mode in [
        KeyMode::Normal,
        KeyMode::Detail,
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
}

#[test]
fn the_detail_scrolls_with_movement_keys_and_keeps_the_others() {
    assert_eq!(
        keymap(KeyMode::Detail, key(KeyCode::Char('s'))),
        Some(Action::ToggleStar)
    );
    assert_eq!(
        keymap(KeyMode::Detail, key(KeyCode::Enter)),
        Some(Action::Close)
    );
    assert_eq!(
        keymap(KeyMode::Detail, key(KeyCode::PageDown)),
        Some(Action::PageDown)
    );
}

#[test]
fn keys_are_rebound_by_action_name() {
    let map = Keymap::with_overrides(&[("star", vec!["S".into(), "Ctrl-s".into()])]).unwrap();
    assert_eq!(
        map.action(KeyMode::Normal, key(KeyCode::Char('S'))),
        Some(Action::ToggleStar)
    );
    assert_eq!(map.action(KeyMode::Normal, key(KeyCode::Char('s'))), None);
    assert_eq!(map.keys_of("star"), "S Ctrl-s");
    // Taking a key another action had frees it from that action.
    let map = Keymap::with_overrides(&[("star", vec!["j".into()])]).unwrap();
    assert_eq!(
        map.action(KeyMode::Normal, key(KeyCode::Char('j'))),
        Some(Action::ToggleStar)
    );
    assert_eq!(map.keys_of("move_down"), "Down");
    assert_eq!(
        Keymap::with_overrides(&[("fly", vec!["j".into()])]).unwrap_err(),
        KeyError::UnknownAction("fly".into())
    );
    assert!(matches!(
        Keymap::with_overrides(&[("star", vec!["Hyper-x".into()])]),
        Err(KeyError::BadKey(_))
    ));
}

#[test]
fn releases_are_dropped_before_the_keymap() {
    let release = KeyEvent {
        kind: KeyEventKind::Release,
        ..key(KeyCode::Char('j'))
    };
    // The keymap maps codes; the runtime drops releases before they become messages.
    assert_eq!(keymap(KeyMode::Normal, release), Some(Action::Down));
}

#[test]
fn a_key_given_to_two_actions_of_one_mode_is_refused() {
    let err = Keymap::with_overrides(&[
        ("star", vec!["S".into()]),
        ("hide_session", vec!["x".into(), "S".into()]),
    ])
    .unwrap_err();
    assert_eq!(
        err,
        KeyError::BoundTwice {
            key: "S".into(),
            mode: "browse",
            first: "star".into(),
            second: "hide_session".into()
        }
    );
    // Ctrl-C is never rebound.
    assert!(matches!(
        Keymap::with_overrides(&[("quit", vec!["Ctrl-c".into()])]),
        Err(KeyError::Reserved(_))
    ));
    // Two modes may share a key; one action may list it twice.
    let map = Keymap::with_overrides(&[
        ("star", vec!["S".into(), "S".into()]),
        ("help_close", vec!["S".into()]),
    ])
    .unwrap();
    assert_eq!(
        map.action(KeyMode::Help, key(KeyCode::Char('S'))),
        Some(Action::Close)
    );
    // An action whose only key went elsewhere is left without one, and said to be.
    let map = Keymap::with_overrides(&[("star", vec!["x".into()])]).unwrap();
    assert_eq!(map.unbound(), ["hide_session"]);
    assert!(Keymap::default().unbound().is_empty());
}
