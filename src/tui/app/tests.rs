//! `update` driven with actions, no terminal: what the attendee sees change.

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

use super::*;
use crate::schedule::tests::{draft, fixture, fixture_with};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn app_at(now: &str) -> App {
    let schedule = fixture();
    let agenda = Agenda::new(&schedule.conference.id);
    let mut app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at(now),
        Rect::new(0, 0, 100, 30),
    );
    app.theme = Theme {
        color: false,
        ..Theme::default()
    };
    app
}

/// The changes of every save among `effects`.
fn saved(effects: Vec<Effect>) -> Vec<Change> {
    effects
        .into_iter()
        .flat_map(|e| match e {
            Effect::Save { changes, .. } => changes,
            Effect::Quit
            | Effect::Refresh
            | Effect::Bell
            | Effect::Open { .. }
            | Effect::Export(_)
            | Effect::Remember(_)
            | Effect::Notify(_) => Vec::new(),
        })
        .collect()
}

fn selected_id(app: &App) -> Option<&str> {
    app.selected().map(|i| app.schedule.session(i).id.as_str())
}

fn row_ids(app: &App) -> Vec<&str> {
    app.list
        .rows
        .iter()
        .map(|&i| app.schedule.session(i).id.as_str())
        .collect()
}

#[test]
fn opens_on_today_at_the_first_session_not_yet_over() {
    let app = app_at("2024-03-20T11:40:00+01:00");
    assert_eq!(app.day_date().unwrap().to_string(), "2024-03-20");
    assert_eq!(selected_id(&app), Some("rust"), "libc ended at 11:35");
    let before = app_at("2024-01-01T09:00:00+01:00");
    assert_eq!(before.day, 0);
    assert_eq!(selected_id(&before), Some("libc"));
    let day2 = app_at("2024-03-21T08:00:00+01:00");
    assert_eq!(day2.day_date().unwrap().to_string(), "2024-03-21");
}

#[test]
fn moving_stays_within_the_rows() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::Down);
    assert_eq!(selected_id(&app), Some("rust"));
    app.update(Action::Bottom);
    assert_eq!(selected_id(&app), Some("party"));
    app.update(Action::Down);
    assert_eq!(selected_id(&app), Some("party"));
    app.update(Action::Top);
    assert_eq!(selected_id(&app), Some("libc"));
    app.update(Action::Up);
    assert_eq!(selected_id(&app), Some("libc"));
    app.update(Action::PageDown);
    assert_eq!(selected_id(&app), Some("party"));
}

#[test]
fn days_change_with_brackets_and_arrows() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::NextDay);
    assert_eq!(row_ids(&app), ["day2"]);
    app.update(Action::NextDay);
    assert_eq!(app.day, 1, "no day after the last");
    app.update(Action::Left);
    assert_eq!(app.day, 0);
}

#[test]
fn starring_saves_and_fills_the_agenda_view() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    let changes = saved(app.update(Action::ToggleStar));
    assert_eq!(changes[0], Change::Star("libc".into()));
    assert!(app.plan.agenda.is_starred("libc"));
    app.update(Action::Bottom);
    app.update(Action::ToggleStar);
    app.update(Action::NextView);
    app.update(Action::NextView);
    assert_eq!(app.view, View::Agenda);
    assert_eq!(
        selected_id(&app),
        Some("party"),
        "the selection follows into the agenda"
    );
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let libc = app.schedule.find("libc").unwrap().0;
    let party = app.schedule.find("party").unwrap().0;
    assert_eq!(
        app.agenda_view.rows,
        [
            AgendaRow::Day(d("2024-03-20")),
            AgendaRow::Session(libc),
            AgendaRow::Gap(775),
            AgendaRow::Session(party)
        ]
    );
    let again = saved(app.update(Action::ToggleStar));
    assert_eq!(again, [Change::Unstar("party".into())]);
    assert!(!app.plan.agenda.is_starred("party"));
}

#[test]
fn overlapping_stars_show_in_the_agenda() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::ToggleStar);
    app.update(Action::Down);
    app.update(Action::ToggleStar);
    assert!(
        app.agenda_view.rows.contains(&AgendaRow::Overlap(20)),
        "{:?}",
        app.agenda_view.rows
    );
}

#[test]
fn search_narrows_live_and_enter_keeps_it() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::StartSearch);
    assert_eq!(app.key_mode(), KeyMode::Search);
    for c in "flyn".chars() {
        app.update(Action::SearchInput(c));
    }
    assert_eq!(row_ids(&app), ["rust"]);
    assert_eq!(app.search.day_matches, [1, 0]);
    app.update(Action::SearchAccept);
    assert_eq!(app.key_mode(), KeyMode::Normal);
    assert_eq!(selected_id(&app), Some("rust"));
    assert_eq!(row_ids(&app), ["rust"], "the filter is kept");
    app.update(Action::Close);
    assert_eq!(row_ids(&app), ["libc", "rust", "party"], "Esc clears it");
}

/// Idle time prepares the search (and then has nothing left to do); a search started before it
/// finished finds the same.
#[test]
fn idle_time_prepares_the_search() {
    let mut idle = app_at("2024-01-01T09:00:00Z");
    while idle.has_idle_work() {
        idle.update(Msg::Idle);
    }
    idle.update(Msg::Idle);
    assert!(!idle.has_idle_work(), "nothing left once done");
    let mut eager = app_at("2024-01-01T09:00:00Z");
    for app in [&mut idle, &mut eager] {
        app.update(Action::StartSearch);
        for c in "flyn".chars() {
            app.update(Action::SearchInput(c));
        }
    }
    assert_eq!(row_ids(&idle), ["rust"]);
    assert_eq!(row_ids(&idle), row_ids(&eager));
}

#[test]
fn search_jumps_to_the_first_day_with_a_match() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::StartSearch);
    for c in "opener".chars() {
        app.update(Action::SearchInput(c));
    }
    assert!(app.list.rows.is_empty());
    app.update(Action::SearchAccept);
    assert_eq!(app.day, 1);
    assert_eq!(selected_id(&app), Some("day2"));
    app.update(Action::StartSearch);
    app.update(Action::SearchCancel);
    assert_eq!(row_ids(&app), ["day2"]);
    assert!(!app.search_active());
}

#[test]
fn backspace_widens_the_search() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::StartSearch);
    for c in "libcx".chars() {
        app.update(Action::SearchInput(c));
    }
    assert!(app.list.rows.is_empty());
    app.update(Action::SearchBackspace);
    assert_eq!(row_ids(&app), ["libc"]);
}

#[test]
fn hiding_sessions_and_tracks() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    let effect = saved(app.update(Action::ToggleHideSession));
    assert_eq!(effect, [Change::Hide("libc".into())]);
    assert_eq!(row_ids(&app), ["rust", "party"]);
    app.update(Action::ToggleShowHidden);
    assert_eq!(row_ids(&app), ["libc", "rust", "party"]);
    app.update(Action::ToggleShowHidden);
    // rust is now selected; hide its track.
    assert_eq!(selected_id(&app), Some("rust"));
    let effect = saved(app.update(Action::ToggleHideTrack));
    assert_eq!(effect, [Change::HideTrack("Rust".into())]);
    assert_eq!(row_ids(&app), ["party"]);
}

#[test]
fn the_filter_picker_narrows_by_track_room_and_kind() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::OpenFilters);
    assert_eq!(app.key_mode(), KeyMode::Picker);
    app.update(Action::PickerDown); // eBPF (the first track)
    app.update(Action::PickerSelect);
    assert_eq!(row_ids(&app), ["libc"]);
    app.update(Action::OpenFilters);
    app.update(Action::PickerNextTab);
    app.update(Action::PickerNextTab);
    app.update(Action::PickerSelect); // all kinds
    app.update(Action::OpenFilters);
    app.update(Action::PickerSelect); // all tracks
    assert_eq!(row_ids(&app), ["libc", "rust", "party"]);
    app.update(Action::OpenFilters);
    app.update(Action::PickerNextTab);
    app.update(Action::PickerNextTab);
    let social = SessionKind::ALL
        .iter()
        .position(|&k| k == SessionKind::Social)
        .unwrap();
    for _ in 0..=social {
        app.update(Action::PickerDown);
    }
    app.update(Action::PickerSelect);
    assert_eq!(row_ids(&app), ["party"]);
    app.update(Action::ClearFilters);
    assert_eq!(row_ids(&app), ["libc", "rust", "party"]);
    assert_eq!(
        selected_id(&app),
        Some("party"),
        "the selection survives the filters"
    );
    app.update(Action::ToggleStar);
    app.update(Action::ToggleStarredOnly);
    assert_eq!(row_ids(&app), ["party"]);
}

#[test]
fn the_grid_moves_between_rooms() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::NextView);
    assert_eq!(app.view, View::Grid);
    assert_eq!(selected_id(&app), Some("libc"));
    app.update(Action::Right);
    assert_eq!(selected_id(&app), Some("rust"));
    app.update(Action::Down);
    assert_eq!(selected_id(&app), Some("party"));
    app.update(Action::ToggleStar);
    assert!(app.plan.agenda.is_starred("party"));
}

#[test]
fn the_store_merge_replaces_the_agenda() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    let mut theirs = app.plan.agenda.clone();
    theirs.apply(&Change::Star("day2".into()));
    theirs.apply(&Change::Hide("rust".into()));
    app.update(Msg::Reloaded(Ok(theirs)));
    assert_eq!(
        row_ids(&app),
        ["libc", "party"],
        "a hide made elsewhere applies"
    );
    assert_eq!(app.agenda_view.selectable.len(), 1);
}

#[test]
fn clicks_select_rows_and_day_tabs() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    // Row 0 and 1 are the header; row 2 the list's column header; row 3 the first session.
    app.update(Action::Click { column: 10, row: 4 });
    assert_eq!(selected_id(&app), Some("rust"));
    // "Wed 20 · Thu 21": the second tab starts at column 9.
    app.update(Action::Click { column: 10, row: 1 });
    assert_eq!(app.day, 1, "the second tab");
    app.update(Action::Click { column: 2, row: 1 });
    assert_eq!(app.day, 0, "the first tab");
    app.update(Action::Click { column: 7, row: 1 });
    assert_eq!(app.day, 0, "the gap between tabs does nothing");
}

#[test]
fn small_windows_keep_the_cursor_visible() {
    let schedule = fixture_with(|b| {
        for k in 0..40 {
            b.add_session(draft(
                &format!("x{k:02}"),
                "Filler",
                "2024-03-20T13:00",
                "2024-03-20T13:30",
            ));
        }
    });
    let agenda = Agenda::new("testcon-2024");
    let mut app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-01-01T09:00:00Z"),
        Rect::new(0, 0, 80, 20),
    );
    app.update(Action::Bottom);
    let h = usize::from(app.areas().list_rows());
    assert!(
        app.list.scroll.cursor >= app.list.scroll.offset
            && app.list.scroll.cursor < app.list.scroll.offset + h
    );
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    let h = usize::from(app.areas().list_rows());
    assert!(app.list.scroll.cursor < app.list.scroll.offset + h);
    app.update(Action::Scroll(-3));
    assert_eq!(app.list.scroll.cursor, app.list.rows.len() - 4);
}

fn type_note(app: &mut App, text: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        app.update(Action::NoteKey(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn notes_open_save_on_close_and_show_a_marker() {
    let mut app = app_at("2024-03-20T11:05:00+01:00");
    assert_eq!(selected_id(&app), Some("libc"));
    app.update(Action::OpenNotes);
    assert_eq!(app.key_mode(), KeyMode::Notes);
    type_note(&mut app, "great talk");
    app.update(Action::NoteTimestamp);
    let changes = saved(app.update(Action::CloseNotes));
    assert!(
        matches!(&changes[0], Change::SetNote { id, text, .. } if id == "libc" && text == "great talk [+05:00] ")
    );
    assert!(
        !changes.iter().any(|c| matches!(c, Change::Attended { .. })),
        "notes written during the talk never mark it attended"
    );
    assert!(!app.plan.agenda.attended.contains("libc"));
    assert_eq!(
        app.status.as_deref(),
        Some("notes saved · were you there? a marks it attended"),
        "it is suggested instead"
    );
    assert_eq!(selected_id(&app), Some("libc"));
    // One `a` marks it (it did not un-mark an attendance the notes had set).
    assert_eq!(
        saved(app.update(Action::ToggleAttended)),
        [Change::Attended {
            id: "libc".into(),
            attended: true
        }]
    );
    assert!(app.notes().is_none());
    assert_eq!(app.plan.agenda.note("libc"), Some("great talk [+05:00] "));
    assert!(
        app.update(Action::CloseNotes).is_empty(),
        "nothing more to save"
    );
}

#[test]
fn autosave_and_quit_flush_the_notes() {
    let mut app = app_at("2024-03-20T11:05:00+01:00");
    app.update(Action::OpenNotes);
    type_note(&mut app, "draft");
    assert!(app.update(Msg::Tick(app.now)).is_empty(), "not yet due");
    assert_eq!(
        app.next_timer(),
        Some(app.now + crate::tui::notes::AUTOSAVE),
        "the runtime is told when to tick"
    );
    let later = app.now + chrono::Duration::milliseconds(600);
    assert!(matches!(
        saved(app.update(Msg::Tick(later)))[0],
        Change::SetNote { .. }
    ));
    type_note(&mut app, " more");
    let effects = app.update(Action::Quit);
    assert!(app.quitting);
    assert_eq!(effects.last(), Some(&Effect::Quit));
    assert!(matches!(&saved(effects)[0], Change::SetNote { text, .. } if text == "draft more"));
}

#[test]
fn shift_n_opens_the_running_starred_session_or_asks() {
    let mut app = app_at("2024-03-20T11:20:00+01:00");
    app.update(Action::OpenCurrentNotes);
    assert!(app.notes().is_none());
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("no starred session is running")
    );
    app.update(Action::ToggleStar); // libc, 11:00-11:35
    app.update(Action::OpenCurrentNotes);
    assert_eq!(
        app.notes().map(|n| n.session),
        app.schedule.find("libc").map(|f| f.0)
    );
    app.update(Action::CloseNotes);
    app.update(Action::Down);
    app.update(Action::ToggleStar); // rust, 11:15-11:50: both running now
    app.update(Action::OpenCurrentNotes);
    assert!(matches!(app.mode, Mode::ChooseNotes { ref sessions, .. } if sessions.len() == 2));
    app.update(Action::PickerDown);
    app.update(Action::PickerSelect);
    assert_eq!(
        app.notes().map(|n| n.session),
        app.schedule.find("rust").map(|f| f.0)
    );
}

#[test]
fn ratings_and_attendance_are_saved() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    assert_eq!(
        saved(app.update(Action::Rate(Some(4)))),
        [Change::Rate {
            id: "libc".into(),
            stars: Some(4)
        }]
    );
    assert_eq!(app.plan.agenda.ratings.get("libc"), Some(&4));
    app.update(Action::Rate(None));
    assert!(app.plan.agenda.ratings.is_empty());
    app.update(Action::ToggleAttended);
    assert!(app.plan.agenda.attended.contains("libc"));
}

#[test]
fn long_sessions_that_began_long_ago_do_not_take_the_selection() {
    let schedule = fixture_with(|b| {
        b.add_session(draft(
            "workshop",
            "All-day workshop",
            "2024-03-20T09:00",
            "2024-03-20T16:00",
        ));
    });
    let agenda = Agenda::new("testcon-2024");
    let app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-03-20T11:20:00+01:00"),
        Rect::new(0, 0, 100, 30),
    );
    assert_eq!(
        selected_id(&app),
        Some("libc"),
        "the talk running since 11:00, not the 09:00 workshop"
    );
}

#[test]
fn stars_remember_the_session_and_moves_are_flagged_until_accepted() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    let changes = saved(app.update(Action::ToggleStar));
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Remember { id, .. } if id == "libc")),
        "{changes:?}"
    );
    assert!(app.plan.changes.is_empty());
    // As if the attendee had starred it when the schedule put it in Room B.
    let mut agenda = app.plan.agenda.clone();
    agenda.seen.get_mut("libc").unwrap().room = Some("Room B".into());
    let schedule = fixture_with(|b| {
        b.add_session(draft(
            "fresh",
            "Added Later",
            "2024-03-21T12:00",
            "2024-03-21T12:30",
        ))
    });
    let mut app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-01-01T09:00:00Z"),
        Rect::new(0, 0, 100, 30),
    );
    assert_eq!(app.plan.changes.changed_ids().collect::<Vec<_>>(), ["libc"]);
    assert_eq!(app.plan.changes.new, ["fresh"]);
    assert!(saved(app.update(Action::ReviewChanges)).is_empty());
    let ack = saved(app.update(Action::AcceptAllChanges));
    assert!(matches!(ack[0], Change::Acknowledge(_)));
    assert!(app.plan.changes.is_empty());
    assert!(app.update(Action::ReviewChanges).is_empty());
    assert!(matches!(app.mode, Mode::Normal), "nothing to review");
}

/// A later version of the fixture than the attendee saw: libc (starred) was in Room B an hour
/// earlier, rust (starred) was called "Rust Before", "gone-talk" (starred) was cancelled, and
/// "fresh" was added.
fn app_with_changes() -> App {
    let v1 = fixture();
    let mut agenda = Agenda::new(&v1.conference.id);
    for id in ["libc", "rust"] {
        agenda.apply(&Change::Star(id.into()));
    }
    for c in remember(&v1, &agenda.clone(), ["libc", "rust"]) {
        agenda.apply(&c);
    }
    let libc = agenda.seen.get_mut("libc").unwrap();
    libc.room = Some("Room B".into());
    libc.start -= chrono::Duration::hours(1);
    libc.end -= chrono::Duration::hours(1);
    let mut gone = libc.clone();
    gone.title = "A Cancelled Talk".into();
    agenda.seen.get_mut("rust").unwrap().title = "Rust Before".into();
    agenda.apply(&Change::Star("gone-talk".into()));
    agenda.seen.insert("gone-talk".into(), gone);
    let v2 = fixture_with(|b| {
        b.add_session(draft(
            "fresh",
            "Added Later",
            "2024-03-21T12:00",
            "2024-03-21T12:30",
        ))
    });
    let mut app = App::new(
        v2,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-01-01T09:00:00Z"),
        Rect::new(0, 0, 100, 30),
    );
    app.theme = Theme {
        color: false,
        ..Theme::default()
    };
    app
}

fn review_ids(app: &App) -> Vec<&str> {
    app.review()
        .map(|r| r.items.iter().map(|i| i.id.as_str()).collect())
        .unwrap_or_default()
}

fn reviewed(app: &App) -> Option<&str> {
    app.review()
        .and_then(review::Review::selected)
        .map(|i| i.id.as_str())
}

#[test]
fn u_opens_the_changes_to_review_and_accepts_nothing() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_with_changes();
    let before = app.plan.changes.clone();
    assert_eq!(before.changed_ids().collect::<Vec<_>>(), ["libc", "rust"]);
    assert_eq!(before.cancelled, ["gone-talk"]);
    assert_eq!(before.new, ["fresh"]);
    let effects = app.update(Action::ReviewChanges);
    assert!(saved(effects).is_empty(), "opening accepts nothing");
    assert_eq!(app.key_mode(), KeyMode::Review);
    assert_eq!(review_ids(&app), ["libc", "rust", "gone-talk", "fresh"]);
    assert_eq!(reviewed(&app), Some("libc"));
    // Moving, then closing: still nothing accepted, still flagged.
    app.update(Action::Down);
    assert_eq!(reviewed(&app), Some("rust"));
    app.update(Action::Bottom);
    assert_eq!(reviewed(&app), Some("fresh"));
    app.update(Action::Down);
    assert_eq!(reviewed(&app), Some("fresh"));
    app.update(Action::Top);
    assert_eq!(reviewed(&app), Some("libc"));
    app.update(Action::PageDown);
    assert_ne!(reviewed(&app), Some("libc"));
    app.update(Action::Close);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.plan.changes, before);
    // The keys: U opens, a accepts one, A all, Enter goes to the session.
    let k = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(
        app.keymap.action(KeyMode::Normal, k('U')),
        Some(Action::ReviewChanges)
    );
    assert_eq!(
        app.keymap.action(KeyMode::Review, k('a')),
        Some(Action::AcceptChange)
    );
    assert_eq!(
        app.keymap.action(KeyMode::Review, k('A')),
        Some(Action::AcceptAllChanges)
    );
    assert_eq!(
        app.keymap.action(
            KeyMode::Review,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        ),
        Some(Action::GoToChange)
    );
    assert_eq!(
        app.keymap.action(KeyMode::Review, k('s')),
        None,
        "other keys do nothing"
    );
}

/// The review's height comes from the layout (no call into drawing code): in a short terminal
/// it scrolls to keep the selected change in view, and a resize lays it out again.
#[test]
fn the_review_keeps_the_selected_change_in_view_at_any_size() {
    let mut app = app_with_changes();
    app.update(Msg::Resize {
        width: 40,
        height: 12,
    });
    app.update(Action::ReviewChanges);
    let height = crate::tui::layout::review_rows(app.areas().body);
    assert_eq!(
        height, 5,
        "ten lines of body, less the border, margins and explanation"
    );
    app.update(Action::Bottom);
    let r = app.review().unwrap();
    assert_eq!(r.selected().map(|i| i.id.as_str()), Some("fresh"));
    let (first, end) = r.rows_of(r.cursor);
    assert!(r.offset > 0, "scrolled");
    assert!(
        r.offset < first && end <= r.offset + height,
        "with its heading"
    );
    app.update(Msg::Resize {
        width: 100,
        height: 30,
    });
    assert_eq!(app.review().unwrap().offset, 0, "everything fits again");
}

#[test]
fn accepting_one_change_saves_it_and_keeps_the_rest_to_review() {
    let mut app = app_with_changes();
    app.update(Action::ReviewChanges);
    app.update(Action::Down);
    let changes = saved(app.update(Action::AcceptChange));
    let [Change::Acknowledge(ack)] = &changes[..] else {
        panic!("one acknowledgement: {changes:?}")
    };
    assert_eq!(ack.seen.keys().collect::<Vec<_>>(), ["rust"]);
    assert!(ack.gone.is_empty());
    assert_eq!(review_ids(&app), ["libc", "gone-talk", "fresh"]);
    assert_eq!(
        reviewed(&app),
        Some("gone-talk"),
        "the next one, in its place"
    );
    assert_eq!(app.status.as_deref(), Some("accepted: The Rustvolution"));
    assert!(app.plan.changes.change_of("rust").is_none());
    assert_eq!(app.plan.agenda.seen["rust"].title, "The Rustvolution");
    // The cancelled one: its star is kept.
    app.update(Action::AcceptChange);
    assert_eq!(review_ids(&app), ["libc", "fresh"]);
    assert!(app.plan.agenda.is_starred("gone-talk"));
    assert!(app.plan.changes.cancelled.is_empty());
    // Enter goes to the session and closes.
    app.update(Action::GoToChange);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(selected_id(&app), Some("fresh"));
    assert_eq!(
        app.plan.changes.new,
        ["fresh"],
        "going to it accepts nothing"
    );
    // The last ones: the review closes when nothing is left.
    app.update(Action::ReviewChanges);
    app.update(Action::AcceptChange);
    app.update(Action::AcceptChange);
    assert!(app.plan.changes.is_empty());
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn accepting_all_accepts_what_is_listed_and_closes() {
    let mut app = app_with_changes();
    assert!(
        saved(app.update(Action::AcceptAllChanges)).is_empty(),
        "nothing is accepted unseen"
    );
    app.update(Action::ReviewChanges);
    let changes = saved(app.update(Action::AcceptAllChanges));
    assert!(
        matches!(changes[..], [Change::Acknowledge(_)]),
        "{changes:?}"
    );
    assert!(app.plan.changes.is_empty(), "{:?}", app.plan.changes);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.status.as_deref(), Some("4 schedule changes accepted"));
    assert!(app.plan.agenda.is_starred("gone-talk"));
    // The store's version (with the change applied) agrees.
    let mut stored = app.plan.agenda.clone();
    for c in &changes {
        stored.apply(c);
    }
    assert!(detect(&app.schedule, &stored).is_empty());
}

#[test]
fn the_review_follows_changes_saved_elsewhere() {
    let mut app = app_with_changes();
    app.update(Action::ReviewChanges);
    app.update(Action::Down);
    assert_eq!(reviewed(&app), Some("rust"));
    // Another hallway accepted libc's move and starred "party" when it was somewhere else.
    let mut elsewhere = app.plan.agenda.clone();
    let libc_now = detect(&app.schedule, &elsewhere)
        .change_of("libc")
        .unwrap()
        .after
        .clone();
    elsewhere.seen.insert("libc".into(), libc_now);
    elsewhere.stars.insert("party".into());
    let mut party = crate::plan::changes::snapshot(&app.schedule, "party").unwrap();
    party.room = Some("Room A".into());
    elsewhere.seen.insert("party".into(), party);
    app.update(Msg::Reloaded(Ok(elsewhere)));
    assert_eq!(review_ids(&app), ["rust", "party", "gone-talk", "fresh"]);
    assert_eq!(
        reviewed(&app),
        Some("rust"),
        "the cursor stays on its session"
    );
    assert_eq!(app.key_mode(), KeyMode::Review);
    // Everything accepted elsewhere: the review closes.
    let mut all = app.plan.agenda.clone();
    all.apply(&acknowledgement(&app.schedule, &all.clone()));
    app.update(Msg::Reloaded(Ok(all)));
    assert!(matches!(app.mode, Mode::Normal));
}

/// The job numbers of the saves among `effects`.
fn jobs(effects: &[Effect]) -> Vec<u64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Save { job, .. } => Some(*job),
            Effect::Quit
            | Effect::Refresh
            | Effect::Bell
            | Effect::Open { .. }
            | Effect::Export(_)
            | Effect::Remember(_)
            | Effect::Notify(_) => None,
        })
        .collect()
}

#[test]
fn a_failed_save_stays_visible_and_is_retried_until_it_succeeds() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    let effects = app.update(Action::ToggleStar);
    let [job] = jobs(&effects)[..] else {
        panic!("one save: {effects:?}")
    };
    app.update(Msg::Saved {
        job,
        result: Err("disk full".into()),
    });
    assert!(
        app.plan.agenda.is_starred("libc"),
        "the star stays on screen"
    );
    assert!(app.saves.failing());
    assert_eq!(app.saves.error.as_deref(), Some("disk full"));
    assert!(
        app.update(Msg::Tick(app.now)).is_empty(),
        "not retried at once"
    );
    assert_eq!(app.next_timer(), Some(app.now + RETRY));
    let retry = app.update(Msg::Tick(app.now + RETRY));
    assert_eq!(saved(retry.clone())[0], Change::Star("libc".into()));
    // Meanwhile a reload from disk (without the star) keeps what is unsaved on top.
    app.update(Msg::Reloaded(Ok(Agenda::new("testcon-2024"))));
    assert!(app.plan.agenda.is_starred("libc"));
    let mut stored = Agenda::new("testcon-2024");
    stored.apply(&Change::Star("libc".into()));
    app.update(Msg::Saved {
        job: jobs(&retry)[0],
        result: Ok(stored),
    });
    assert!(app.saves.settled());
    assert_eq!(app.saves.error, None);
    assert_eq!(app.status.as_deref(), Some("saved"));
}

#[test]
fn quitting_and_signals_save_the_notes_then_stop() {
    let mut app = app_at("2024-03-20T11:05:00+01:00");
    app.update(Action::OpenNotes);
    type_note(&mut app, "unsaved words");
    let effects = app.update(Msg::Terminate);
    assert!(
        matches!(&saved(effects.clone())[0], Change::SetNote { text, .. } if text == "unsaved words")
    );
    assert_eq!(effects.last(), Some(&Effect::Quit));
    assert!(!app.saves.settled(), "the runtime waits for this save");
    assert!(
        app.update(Action::ToggleStar).is_empty(),
        "nothing more is taken once quitting"
    );
}

#[test]
fn keys_are_ignored_while_the_terminal_is_too_small_but_quit_works() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Msg::Resize {
        width: 20,
        height: 5,
    });
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    assert!(app.update(key('s')).is_empty());
    assert!(!app.plan.agenda.is_starred("libc"), "s did nothing unseen");
    app.update(key('j'));
    assert_eq!(selected_id(&app), Some("libc"));
    assert_eq!(app.update(key('q')), [Effect::Quit]);
}

#[test]
fn the_focused_detail_scrolls_with_the_movement_keys() {
    let schedule = fixture_with(|b| {
        let mut long = draft(
            "long",
            "A Long Abstract",
            "2024-03-20T09:00",
            "2024-03-20T09:30",
        );
        long.abstract_text = (0..80)
            .map(|k| format!("Paragraph {k} of a long abstract."))
            .collect::<Vec<_>>()
            .join("\n");
        b.add_session(long);
    });
    let mut app = App::new(
        schedule,
        Agenda::new("testcon-2024"),
        chrono_tz::Europe::Paris,
        at("2024-01-01T09:00:00Z"),
        Rect::new(0, 0, 80, 24),
    );
    assert_eq!(selected_id(&app), Some("long"));
    app.update(Action::ToggleDetail);
    assert!(app.detail_has_focus());
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.detail.scroll, 2);
    assert_eq!(selected_id(&app), Some("long"), "j scrolls, not moves");
    app.update(Action::PageDown);
    assert!(app.detail.scroll > 10);
    app.update(Action::Bottom);
    let max = crate::tui::detail::max_scroll(&app);
    assert_eq!(app.detail.scroll, max);
    app.update(Action::Top);
    assert_eq!(app.detail.scroll, 0);
    app.update(Action::Close);
    app.update(Action::Down);
    assert_ne!(selected_id(&app), Some("long"), "back in the list j moves");
    // Wide: the detail is beside the list; Tab gives it the keyboard.
    app.update(Msg::Resize {
        width: 160,
        height: 40,
    });
    app.update(Action::Up);
    app.update(Action::NextView);
    assert!(app.detail_has_focus());
    app.update(Action::Down);
    assert_eq!(app.detail.scroll, 1);
    assert_eq!(app.view, View::Schedule);
}

/// Tab over a detail that covers the list shows the next view: it does not leave the detail
/// there unfocused, its keys moving a selection out of sight.
#[test]
fn tab_over_a_full_screen_detail_shows_the_next_view() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    app.update(Action::ToggleDetail);
    assert!(app.areas().detail_covers_list() && app.detail_has_focus());
    app.update(Action::NextView);
    assert_eq!(app.view, View::Grid);
    assert!(
        !app.detail.open && app.areas().detail.is_none(),
        "the grid is shown"
    );
    app.update(Action::ToggleDetail);
    app.update(Action::PrevView);
    assert_eq!(app.view, View::Schedule);
    assert!(!app.detail.open);
}

#[test]
fn idle_and_mouse_and_paste_messages() {
    use ratatui::crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(selected_id(&app), Some("rust"));
    app.update(Msg::Paste("ignored outside notes".into()));
    app.update(Action::OpenNotes);
    app.update(Msg::Paste("pasted".into()));
    assert_eq!(
        app.notes().map(NotesEditor::text).as_deref(),
        Some("pasted")
    );
    assert!(app.has_idle_work());
    app.update(Msg::Idle);
}

#[test]
fn the_open_notes_show_a_note_merged_with_one_saved_elsewhere() {
    let mut app = app_at("2024-03-20T11:05:00+01:00");
    app.update(Action::OpenNotes);
    type_note(&mut app, "mine");
    let effects = app.update(Action::CloseNotes);
    let job = jobs(&effects)[0];
    app.update(Action::OpenNotes);
    type_note(&mut app, " again");
    // The store merged our "mine" with a line appended by the CLI meanwhile.
    let mut stored = Agenda::new("testcon-2024");
    stored.apply(&Change::SetNote {
        id: "libc".into(),
        base: String::new(),
        text: "mine\nfrom the cli".into(),
        at: app.now,
    });
    app.update(Msg::Saved {
        job,
        result: Ok(stored),
    });
    let text = app.notes().map(NotesEditor::text).unwrap();
    assert!(text.contains("from the cli"), "{text}");
    assert!(text.contains("again"), "{text}");
}

#[test]
fn overlaps_in_the_agenda_are_clamped_to_the_shorter_session() {
    let schedule = fixture_with(|b| {
        b.add_session(draft(
            "long",
            "Long",
            "2024-03-21T14:00",
            "2024-03-21T14:35",
        ));
        b.add_session(draft(
            "short",
            "Short",
            "2024-03-21T14:10",
            "2024-03-21T14:20",
        ));
    });
    let mut agenda = Agenda::new("testcon-2024");
    agenda.apply(&Change::Star("long".into()));
    agenda.apply(&Change::Star("short".into()));
    let app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-01-01T09:00:00Z"),
        Rect::new(0, 0, 100, 30),
    );
    assert!(
        app.agenda_view.rows.contains(&AgendaRow::Overlap(10)),
        "{:?}",
        app.agenda_view.rows
    );
}

#[test]
fn starred_sessions_stay_visible_in_a_hidden_track() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    app.update(Action::Down); // rust
    app.update(Action::ToggleStar);
    app.update(Action::ToggleHideTrack);
    assert_eq!(row_ids(&app), ["libc", "rust", "party"], "rust is starred");
    app.update(Action::ToggleStar);
    assert_eq!(
        row_ids(&app),
        ["libc", "party"],
        "unstarred, it hides with its track"
    );
}

#[test]
fn the_cursor_stays_near_when_a_filter_hides_its_session() {
    let mut app = app_at("2024-01-01T09:00:00Z");
    assert_eq!(selected_id(&app), Some("libc"));
    // The Rust track: libc (eBPF) goes; the cursor goes to the next session, not the last.
    app.update(Action::OpenFilters);
    let rust = app
        .schedule
        .tracks
        .iter()
        .position(|t| t.name == "Rust")
        .unwrap();
    for _ in 0..=rust {
        app.update(Action::PickerDown);
    }
    app.update(Action::PickerSelect);
    assert_eq!(row_ids(&app), ["rust"]);
    assert_eq!(selected_id(&app), Some("rust"));
}

#[test]
fn the_marks_filter_cycles_rated_attended_and_not_yet_rated() {
    // Wednesday 12:00: libc (11:00) and rust (11:15) have begun.
    let mut app = app_at("2024-03-20T12:00:00+01:00");
    app.update(Action::Top);
    assert_eq!(selected_id(&app), Some("libc"));
    app.update(Action::Rate(Some(4)));
    app.update(Action::Down);
    assert_eq!(selected_id(&app), Some("rust"));
    app.update(Action::ToggleAttended);
    let all = app.list.rows.len();
    app.update(Action::CycleMarksFilter);
    assert_eq!(app.filters.marks, Some(MarksFilter::Rated));
    assert_eq!(row_ids(&app), ["libc"]);
    app.update(Action::CycleMarksFilter);
    assert_eq!(app.filters.marks, Some(MarksFilter::Attended));
    assert_eq!(row_ids(&app), ["rust"]);
    app.update(Action::CycleMarksFilter);
    assert_eq!(app.filters.marks, Some(MarksFilter::NotYetRated));
    assert_eq!(row_ids(&app), ["rust"], "attended, begun, unrated");
    // Rating it takes it off the list at once: what is left to rate shrinks.
    app.update(Action::Rate(Some(3)));
    assert!(row_ids(&app).is_empty());
    app.update(Action::CycleMarksFilter);
    assert_eq!(app.filters.marks, None);
    assert_eq!(app.list.rows.len(), all);
}

#[test]
fn not_yet_rated_takes_starred_sessions_as_they_begin() {
    let mut app = app_at("2024-03-20T10:00:00+01:00");
    app.update(Action::Top);
    app.update(Action::ToggleStar); // libc, 11:00
    app.update(Action::CycleMarksFilter);
    app.update(Action::CycleMarksFilter);
    app.update(Action::CycleMarksFilter);
    assert_eq!(app.filters.marks, Some(MarksFilter::NotYetRated));
    assert!(row_ids(&app).is_empty(), "not begun yet");
    app.update(Msg::Tick(at("2024-03-20T11:01:00+01:00")));
    assert_eq!(row_ids(&app), ["libc"]);
    app.update(Action::ClearFilters);
    assert_eq!(app.filters.marks, None);
}

/// The screen as text, drawn at the app's size.
fn screen_text(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| crate::tui::views::draw(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(usize::from(buffer.area.width))
        .map(|row| {
            row.iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The notes editor's line under the title: room, time into the talk, and the save state.
fn notes_state_line(app: &App) -> String {
    let text = screen_text(app);
    let mut lines = text.lines().skip_while(|l| !l.contains("Notes:"));
    lines.nth(1).unwrap_or_default().trim_end().to_string()
}

#[test]
fn the_notes_say_saved_only_once_the_store_did() {
    let mut app = app_at("2024-03-20T11:05:00+01:00");
    app.update(Action::OpenNotes);
    type_note(&mut app, "words");
    assert!(notes_state_line(&app).ends_with("(editing)"));
    let later = app.now + chrono::Duration::milliseconds(600);
    let effects = app.update(Msg::Tick(later));
    let [job] = jobs(&effects)[..] else {
        panic!("one save: {effects:?}")
    };
    assert!(
        notes_state_line(&app).ends_with("(saving…)"),
        "{}",
        screen_text(&app)
    );
    // The store could not take it (a held lock): the editor says so, never "saved".
    app.update(Msg::Saved {
        job,
        result: Err("another hallway is saving this agenda".into()),
    });
    let line = notes_state_line(&app);
    assert!(line.ends_with("(NOT SAVED, retrying)"), "{line}");
    // Retried and stored: now it is saved.
    let retry = app.update(Msg::Tick(app.now + RETRY));
    let [job] = jobs(&retry)[..] else {
        panic!("one retry: {retry:?}")
    };
    assert!(notes_state_line(&app).ends_with("(saving…)"));
    let mut stored = app.plan.agenda.clone();
    for c in saved(retry) {
        stored.apply(&c);
    }
    app.update(Msg::Saved {
        job,
        result: Ok(stored),
    });
    assert!(app.saves.settled());
    assert!(
        notes_state_line(&app).ends_with("(saved)"),
        "{}",
        screen_text(&app)
    );
}

#[test]
fn the_now_line_falls_between_what_began_and_what_has_not_on_today_only() {
    // Wednesday 11:10: libc (11:00) began, rust (11:15) and party (00:30) have not.
    let mut app = app_at("2024-03-20T11:10:00+01:00");
    assert_eq!(row_ids(&app), ["libc", "rust", "party"]);
    assert_eq!(app.list.now_at, Some(1));
    app.update(Msg::Tick(at("2024-03-20T11:16:00+01:00")));
    assert_eq!(app.list.now_at, Some(2), "moved at the new minute");
    app.update(Action::NextDay);
    assert_eq!(app.list.now_at, None, "another day has none");
    app.update(Action::PrevDay);
    assert_eq!(app.list.now_at, Some(2));
    // The agenda: within today's starred sessions, before the first not begun.
    app.update(Action::Top);
    app.update(Action::ToggleStar); // libc
    app.update(Action::Down);
    app.update(Action::ToggleStar); // rust, 11:15: begun at 11:16
    app.update(Action::Down);
    app.update(Action::ToggleStar); // party
    let rows = &app.agenda_view.rows;
    let at = app.agenda_view.now_at.unwrap();
    assert_eq!(
        rows[at - 1],
        AgendaRow::Session(app.schedule.find("rust").unwrap().0)
    );
    assert!(
        rows[at..]
            .iter()
            .take_while(|r| !matches!(r, AgendaRow::Session(_)))
            .all(|r| matches!(
                r,
                AgendaRow::Gap(_) | AgendaRow::Overlap(_) | AgendaRow::Walk(..)
            )),
        "the gap into the next session stays below the line: {rows:?}"
    );
    // Before today: no line in the agenda nor the list.
    let before = app_at("2024-03-19T10:00:00+01:00");
    assert_eq!(before.list.now_at, None);
    assert_eq!(before.agenda_view.now_at, None);
}

#[test]
fn the_cursor_never_hides_under_the_now_line_and_clicks_skip_it() {
    let schedule = fixture_with(|b| {
        for k in 0..40 {
            let start = format!("2024-03-20T{:02}:{:02}", 8 + k / 6, (k % 6) * 10);
            let end = format!("2024-03-20T{:02}:{:02}", 8 + k / 6, (k % 6) * 10 + 5);
            let id = format!("s{k:02}");
            b.add_session(draft(&id, &id, &start, &end));
        }
    });
    let agenda = Agenda::new(&schedule.conference.id);
    let mut app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-03-20T10:05:00+01:00"),
        Rect::new(0, 0, 100, 30),
    );
    let h = usize::from(app.areas().list_rows());
    let len = app.list.rows.len();
    assert!(len > h, "more rows than fit");
    let now_at = app.list.now_at.unwrap();
    // Walking down the whole list, the cursor's row is always among those drawn.
    app.update(Action::Top);
    for _ in 0..len {
        let shown: Vec<_> =
            now_line::lines(app.list.scroll.offset, h, len, app.list.now_at).collect();
        assert!(
            shown.contains(&now_line::ListLine::Row(app.list.scroll.cursor)),
            "cursor {} off screen: {shown:?}",
            app.list.scroll.cursor
        );
        app.update(Action::Down);
    }
    // A click on the line below the now line selects the row drawn there.
    app.update(Action::Top);
    let list_y = app.areas().list.y;
    let line = now_at - app.list.scroll.offset;
    app.update(Action::Click {
        column: 20,
        row: list_y + 1 + u16::try_from(line).unwrap(),
    });
    assert_eq!(
        app.list.scroll.cursor, 0,
        "a click on the now line selects nothing"
    );
    app.update(Action::Click {
        column: 20,
        row: list_y + 2 + u16::try_from(line).unwrap(),
    });
    assert_eq!(app.list.scroll.cursor, now_at);
}

/// The fixture with a third track, accented, whose only session is on the second day.
fn app_with_three_tracks() -> App {
    let schedule = fixture_with(|b| {
        let t = b.track_named("Événements Spéciaux");
        let mut s = draft("gala", "Gala", "2024-03-21T19:00", "2024-03-21T22:00");
        s.track = t;
        b.add_session(s);
    });
    let agenda = Agenda::new(&schedule.conference.id);
    let mut app = App::new(
        schedule,
        agenda,
        chrono_tz::Europe::Paris,
        at("2024-03-20T09:00:00+01:00"),
        Rect::new(0, 0, 100, 30),
    );
    app.theme = Theme {
        color: false,
        ..Theme::default()
    };
    app
}

fn picker(app: &App) -> &Picker {
    match &app.mode {
        Mode::Picker(p) => p,
        _ => panic!("the picker is not open"),
    }
}

#[test]
fn the_picker_narrows_as_you_type_ignoring_case_and_accents() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_with_three_tracks();
    app.update(Action::OpenFilters);
    assert_eq!(picker(&app).lines, [None, Some(0), Some(1), Some(2)]);
    // `/` starts typing; letters bound in the picker (k, g) are text then.
    let key = |app: &mut App, code: KeyCode| {
        let mode = app.key_mode();
        if let Some(a) = app
            .keymap
            .action(mode, KeyEvent::new(code, KeyModifiers::NONE))
        {
            app.update(a);
        }
    };
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.key_mode(), KeyMode::PickerTyping);
    for c in "EVENE".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(picker(&app).lines, [Some(2)], "folded: É matches e");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Char('x'));
    assert!(picker(&app).lines.is_empty());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.key_mode(), KeyMode::Picker);
    assert_eq!(picker(&app).lines.len(), 4, "Esc clears the narrowing");
    key(&mut app, KeyCode::Char('/'));
    for c in "ru".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(picker(&app).query, "ru", "Enter keeps it");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filters.tracks, [TrackId(1)]);
    assert_eq!(row_ids(&app), ["rust"]);
}

#[test]
fn the_picker_takes_several_tracks_or_rooms_at_once() {
    let mut app = app_with_three_tracks();
    app.update(Action::OpenFilters);
    app.update(Action::PickerDown);
    app.update(Action::PickerMark);
    app.update(Action::PickerDown);
    app.update(Action::PickerMark);
    assert_eq!(picker(&app).marked, [0, 1]);
    app.update(Action::PickerDown);
    app.update(Action::PickerMark);
    app.update(Action::PickerMark);
    assert_eq!(picker(&app).marked, [0, 1], "Space again unmarks");
    app.update(Action::PickerSelect);
    assert_eq!(app.filters.tracks, [TrackId(0), TrackId(1)]);
    assert_eq!(row_ids(&app), ["libc", "rust"], "the party has no track");
    // Opened again, the marks are the filter; Enter without Space picks the line alone.
    app.update(Action::OpenFilters);
    assert_eq!(picker(&app).marked, [0, 1]);
    app.update(Action::PickerDown);
    app.update(Action::PickerSelect);
    assert_eq!(app.filters.tracks, [TrackId(0)]);
    // Rooms too; "all" clears.
    app.update(Action::OpenFilters);
    app.update(Action::PickerNextTab);
    app.update(Action::PickerDown);
    app.update(Action::PickerMark);
    app.update(Action::PickerDown);
    app.update(Action::PickerMark);
    app.update(Action::PickerSelect);
    assert_eq!(
        app.filters.rooms,
        [crate::schedule::RoomId(0), crate::schedule::RoomId(1)]
    );
    app.update(Action::OpenFilters);
    app.update(Action::PickerSelect);
    assert!(app.filters.tracks.is_empty());
}

#[test]
fn the_picker_pages_and_knows_what_the_day_has() {
    let mut app = app_with_three_tracks();
    app.update(Action::OpenFilters);
    app.update(Action::Bottom);
    assert_eq!(picker(&app).cursor, 3);
    app.update(Action::Top);
    assert_eq!(picker(&app).cursor, 0);
    app.update(Action::PageDown);
    assert_eq!(picker(&app).cursor, 3, "a page is more than the four lines");
    app.update(Action::PageUp);
    assert_eq!(picker(&app).cursor, 0);
    // Wednesday: eBPF and Rust have sessions, the gala's track none (drawn dim).
    assert_eq!(picker(&app).on_day, [1, 1, 0]);
    app.update(Action::Close);
    app.update(Action::NextDay);
    app.update(Action::OpenFilters);
    assert_eq!(picker(&app).on_day, [0, 0, 1]);
    app.update(Action::PickerNextTab);
    assert_eq!(picker(&app).on_day, [1, 0], "Thursday: Room A only");
}
