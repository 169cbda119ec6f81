//! The interface drawn into a test terminal: snapshots of each view, tiny sizes, wide characters.
//!
//! Snapshots are of the demo on Wednesday 20 March 2024 at 11:10 Paris time, with a few stars.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use hallway::plan::{Agenda, Change};
use hallway::schedule::Schedule;
use hallway::tui::action::Action;
use hallway::tui::app::App;
use hallway::tui::msg::Msg;
use hallway::tui::theme::Theme;
use hallway::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const NOW: &str = "2024-03-20T11:10:00+01:00";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()
}

fn demo_app(width: u16, height: u16) -> App {
    let schedule = hallway::demo::load().unwrap();
    let mut agenda = Agenda::new(&schedule.conference.id);
    for title in [
        "When They Go High, We Go Low – Hooking Libc Calls to Debug Kubernetes Apps",
        "Keep Hackers Out of Your Cluster with These 5 Simple Tricks",
        "eBPF for the Rest of Us: Observability Without Code Changes",
    ] {
        let s = schedule
            .sessions()
            .iter()
            .find(|s| s.title == title)
            .unwrap();
        agenda.apply(&Change::Star(s.id.clone()));
    }
    app_for(schedule, agenda, width, height)
}

fn app_for(schedule: Schedule, agenda: Agenda, width: u16, height: u16) -> App {
    let tz = schedule.conference.timezone;
    let mut app = App::new(schedule, agenda, tz, now(), Rect::new(0, 0, width, height));
    app.theme = Theme {
        color: false,
        ..Theme::default()
    };
    app
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(
        app.screen.size.width,
        app.screen.size.height,
    ))
    .unwrap();
    terminal.draw(|f| views::draw(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn schedule_view_80x24() {
    let app = demo_app(80, 24);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn schedule_view_160x48() {
    let app = demo_app(160, 48);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn grid_view_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::NextView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn grid_view_160x48() {
    let mut app = demo_app(160, 48);
    // Wide: the first Tab gives the keyboard to the detail beside the list, the second moves on.
    app.update(Action::NextView);
    app.update(Action::NextView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn agenda_view_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn agenda_view_160x48() {
    let mut app = demo_app(160, 48);
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn detail_on_its_own_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::ToggleDetail);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn search_in_progress_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::StartSearch);
    for c in "ebpf".chars() {
        app.update(Action::SearchInput(c));
    }
    insta::assert_snapshot!(render(&app));
}

#[test]
fn help_overlay_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::Help);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn schedule_view_40x12() {
    let app = demo_app(40, 12);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn grid_view_40x12() {
    let mut app = demo_app(40, 12);
    app.update(Action::NextView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn agenda_view_40x12() {
    let mut app = demo_app(40, 12);
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn now_view_40x12() {
    let mut app = demo_app(40, 12);
    app.update(Action::PrevView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn detail_full_screen_40x12() {
    let mut app = demo_app(40, 12);
    app.update(Action::ToggleDetail);
    insta::assert_snapshot!(render(&app));
}

/// At 40x12 (a phone over ssh, a short tmux pane) the keys do what they do anywhere: move, star,
/// open and scroll the detail, change view and day (also by clicking the header's arrows),
/// search, quit.
#[test]
fn keys_work_in_the_compact_layout_40x12() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code| Msg::Key(KeyEvent::new(code, KeyModifiers::NONE));
    let ch = |c| key(KeyCode::Char(c));
    let mut app = demo_app(40, 12);
    assert!(app.areas().compact && !app.areas().too_small);
    let first = app.selected().unwrap();
    app.update(ch('j'));
    let second = app.selected().unwrap();
    assert_ne!(first, second, "j moves");
    let id = app.schedule.session(second).id.clone();
    assert!(!app.plan.agenda.is_starred(&id));
    let effects = app.update(ch('s'));
    assert!(app.plan.agenda.is_starred(&id), "s stars");
    assert!(!effects.is_empty(), "and saves");
    let row = render(&app)
        .lines()
        .find(|l| l.contains('★'))
        .map(str::to_string);
    assert!(
        row.is_some_and(|r| r.starts_with("11:")),
        "the star shows in its row"
    );

    app.update(key(KeyCode::Enter));
    let text = render(&app);
    assert!(
        text.contains("Session"),
        "Enter opens the detail over the list: {text}"
    );
    app.update(ch('j'));
    assert_eq!(app.detail.scroll, 1, "j scrolls the focused detail");
    assert_eq!(app.selected(), Some(second), "and does not move the cursor");
    app.update(key(KeyCode::Esc));
    assert!(!app.detail.open);

    app.update(key(KeyCode::Tab));
    assert_eq!(app.view, hallway::tui::app::View::Grid, "Tab changes view");
    app.update(key(KeyCode::BackTab));
    let day = app.day;
    app.update(ch(']'));
    assert_eq!(app.day, day + 1, "] goes to the next day");
    assert!(render(&app).starts_with("‹ Thu 21 ›"), "{}", render(&app));
    // A click on "‹" in the header goes back a day.
    app.update(Action::Click { column: 0, row: 0 });
    assert_eq!(app.day, day, "the header's ‹ goes back");

    app.update(ch('/'));
    for c in "ebpf".chars() {
        app.update(ch(c));
    }
    app.update(key(KeyCode::Enter));
    assert!(app.search_active());
    assert!(render(&app).contains("eBPF"));
    assert_eq!(app.update(ch('q')), [hallway::tui::msg::Effect::Quit]);
}

#[test]
fn tiny_sizes_never_panic() {
    let mut app = demo_app(80, 24);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 3),
        (39, 12),
        (40, 11),
        (40, 12),
        (59, 19),
        (59, 20),
        (60, 19),
        (60, 20),
        (61, 21),
        (119, 39),
        (120, 40),
        (300, 100),
    ] {
        app.update(Msg::Resize {
            width: w,
            height: h,
        });
        for action in [
            Action::NextView,
            Action::NextView,
            Action::NextView,
            Action::ToggleDetail,
            Action::Help,
        ] {
            let text = render(&app);
            if w < 40 || h < 12 {
                assert!(text.contains("small") || w < 20, "{w}x{h}: {text}");
            } else {
                assert!(!text.contains("too small"), "{w}x{h}: {text}");
            }
            app.update(action);
        }
        app.update(Action::Close);
        app.update(Action::Close);
    }
    // Rect::ZERO straight into the widgets.
    let mut terminal = Terminal::new(TestBackend::new(0, 0)).unwrap();
    terminal.draw(|f| views::draw(&app, f)).unwrap();
}

#[test]
fn wide_characters_align() {
    let text = r#"{"hallway_schedule": 1,
 "conference": {"id": "cjk", "title": "東京カンファレンス 2024 🎌", "timezone": "Asia/Tokyo", "start_date": "2024-03-20", "end_date": "2024-03-20"},
 "rooms": [{"name": "大ホール"}, {"name": "Room 🎉"}],
 "sessions": [
  {"id": "a", "title": "クラウドネイティブ入門：はじめての Kubernetes", "room": "大ホール", "track": "入門", "start": "2024-03-20T10:00", "end": "2024-03-20T10:30"},
  {"id": "b", "title": "🚀 Rockets and 🦀 crabs: emoji everywhere in a very long title that must be cut", "room": "Room 🎉", "track": "Fun 🎈", "start": "2024-03-20T10:00", "end": "2024-03-20T10:30"},
  {"id": "c", "title": "Plain ASCII title", "room": "大ホール", "start": "2024-03-20T10:30", "end": "2024-03-20T11:00"}
 ]}"#;
    let schedule =
        hallway::formats::load_str("cjk.json", text, hallway::formats::LoadOptions::default())
            .unwrap();
    let agenda = Agenda::new("cjk");
    let app = app_for(schedule, agenda, 100, 20);
    let screen = render(&app);
    // Every session row puts the title at the same display column.
    let columns: Vec<usize> = screen
        .lines()
        .filter(|l| l.contains("–10:30") || l.contains("–11:00"))
        .map(|l| {
            let title_start = ["クラウド", "🚀", "Plain"]
                .iter()
                .filter_map(|t| l.find(t))
                .min()
                .unwrap();
            unicode_width::UnicodeWidthStr::width(&l[..title_start])
        })
        .collect();
    assert_eq!(columns.len(), 3, "{screen}");
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "{columns:?}\n{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn notes_editor_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::OpenNotes);
    for c in "Liz: eBPF verifier limits".chars() {
        app.update(Action::NoteKey(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        )));
    }
    app.update(Action::NoteTimestamp);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn help_scrolls_to_the_last_key_at_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::Help);
    for _ in 0..200 {
        app.update(Action::Down);
    }
    let screen = render(&app);
    assert!(screen.contains("markers"), "{screen}");
    assert!(screen.contains("wheel scrolls"), "{screen}");
}

#[test]
fn a_moved_session_is_flagged_80x24() {
    let schedule = hallway::demo::load().unwrap();
    let mut agenda = Agenda::new(&schedule.conference.id);
    let libc = schedule
        .sessions()
        .iter()
        .find(|s| s.title.starts_with("When They Go High"))
        .unwrap()
        .id
        .clone();
    agenda.apply(&Change::Star(libc.clone()));
    for c in hallway::plan::changes::remember(&schedule, &agenda.clone(), [libc.as_str()]) {
        agenda.apply(&c);
    }
    // The version the attendee starred it in had it in the keynote room, an hour earlier.
    let seen = agenda.seen.get_mut(&libc).unwrap();
    seen.room = Some("Paris Keynote".into());
    seen.start -= chrono::Duration::hours(1);
    let mut app = app_for(schedule, agenda, 80, 24);
    app.update(Action::PrevView);
    app.update(Action::ToggleDetail);
    let screen = render(&app);
    assert!(screen.contains("U reviews"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The demo as if the attendee had starred three talks in an older version: the libc talk was
/// in the keynote room an hour earlier, the eBPF one had another title, a starred talk was
/// cancelled, and two sessions are new.
fn app_with_changes(width: u16, height: u16) -> App {
    let schedule = hallway::demo::load().unwrap();
    let mut agenda = Agenda::new(&schedule.conference.id);
    let id_of = |prefix: &str| {
        schedule
            .sessions()
            .iter()
            .find(|s| s.title.starts_with(prefix))
            .unwrap()
            .id
            .clone()
    };
    let (libc, ebpf) = (id_of("When They Go High"), id_of("eBPF for the Rest"));
    for id in [&libc, &ebpf] {
        agenda.apply(&Change::Star(id.clone()));
    }
    for c in
        hallway::plan::changes::remember(&schedule, &agenda.clone(), [libc.as_str(), ebpf.as_str()])
    {
        agenda.apply(&c);
    }
    let seen = agenda.seen.get_mut(&libc).unwrap();
    seen.room = Some("Paris Keynote".into());
    seen.start -= chrono::Duration::hours(1);
    seen.end -= chrono::Duration::hours(1);
    let mut gone = seen.clone();
    gone.title = "Service Mesh Without Sidecars: A Year Later".into();
    gone.room = Some("S03".into());
    gone.start += chrono::Duration::days(1);
    gone.end += chrono::Duration::days(1);
    agenda.seen.get_mut(&ebpf).unwrap().title = "eBPF for Everyone".into();
    agenda.apply(&Change::Star("kc24-gone".into()));
    agenda.seen.insert("kc24-gone".into(), gone);
    let new = [
        id_of("Custom Schedulers in the Kernel"),
        id_of("Confidential Computing for AI"),
    ];
    let mut known = std::collections::BTreeSet::new();
    for s in schedule.sessions() {
        if !new.contains(&s.id) {
            known.insert(s.id.clone());
        }
    }
    agenda.known_sessions = Some(std::sync::Arc::new(known));
    app_for(schedule, agenda, width, height)
}

#[test]
fn changes_to_review_80x24() {
    let mut app = app_with_changes(80, 24);
    let screen = render(&app);
    assert!(screen.contains("Δ 5 (U)"), "the header's flag: {screen}");
    assert!(screen.contains("U reviews"), "{screen}");
    app.update(Action::ReviewChanges);
    let screen = render(&app);
    assert!(screen.contains("Changes to review: 5 (1 of 5)"), "{screen}");
    assert!(screen.contains("room   Paris Keynote → N04"), "{screen}");
    assert!(
        screen.contains("time   Wed 13:30–14:05 → Wed 14:30–15:05"),
        "{screen}"
    );
    assert!(
        screen.contains("title  “eBPF for Everyone” → “eBPF for the Rest"),
        "{screen}"
    );
    assert!(screen.contains("a accept"), "the footer's keys: {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn changes_to_review_160x48() {
    let mut app = app_with_changes(160, 48);
    app.update(Action::ReviewChanges);
    app.update(Action::Down);
    app.update(Action::Down);
    let screen = render(&app);
    assert!(
        screen.contains("Cancelled (1): your stars and notes on them are kept"),
        "{screen}"
    );
    assert!(
        screen.contains("Thu 13:30–14:05  Service Mesh Without Sidecars"),
        "{screen}"
    );
    assert!(screen.contains("New (2)"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The demo with its three stars and a fourth on a session a new version of the schedule
/// cancelled: the agenda remembers it as "Lost Talk", Wednesday 12:00–12:30 in N04.
fn demo_with_a_cancelled_star(width: u16, height: u16) -> App {
    let app = demo_app(width, height);
    let schedule = hallway::demo::load().unwrap();
    let mut agenda = app.plan.agenda.clone();
    let start = DateTime::parse_from_rfc3339("2024-03-20T12:00:00+01:00").unwrap();
    agenda.apply(&Change::Star("gone".into()));
    agenda.apply(&Change::Remember {
        id: "gone".into(),
        seen: hallway::plan::agenda::Seen {
            title: "Lost Talk".into(),
            start,
            end: start + chrono::Duration::minutes(30),
            room: Some("N04".into()),
            revision: 0,
            extra: std::collections::BTreeMap::new(),
        },
    });
    let mut app = app_for(schedule, agenda, width, height);
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    app
}

/// A starred session the schedule cancelled stays in the agenda at its old time, struck
/// through and marked cancelled, until the changes are accepted; the cursor passes over it.
#[test]
fn cancelled_stars_stay_in_the_agenda_struck_through_80x24() {
    use ratatui::style::Modifier;
    let mut app = demo_with_a_cancelled_star(80, 24);
    let screen = render(&app);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("3 starred · 1 cancelled"), "{screen}");
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains("Lost Talk")).unwrap();
    assert!(lines[at].contains("12:00–12:30") && lines[at].contains("cancelled"));
    assert!(lines[at].contains("N04"), "its old room");
    // Between the 11:55 sessions and the 14:30 one, where it was.
    let before = lines
        .iter()
        .position(|l| l.contains("Keep Hackers"))
        .unwrap();
    let after = lines
        .iter()
        .position(|l| l.contains("When They Go High"))
        .unwrap();
    assert!(before < at && at < after, "{screen}");
    // The title is struck through.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| views::draw(&app, f)).unwrap();
    let buf = terminal.backend().buffer();
    let x = lines[at].find("Lost").unwrap();
    let x = u16::try_from(lines[at][..x].chars().count()).unwrap();
    let y = u16::try_from(at).unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
    // The cursor moves over the three sessions only.
    for _ in 0..5 {
        app.update(Action::Down);
        assert!(app.selected().is_some());
    }
    // Accepting the changes takes it out: the star is kept, counted as no longer there.
    app.update(Action::ReviewChanges);
    app.update(Action::AcceptAllChanges);
    let screen = render(&app);
    assert!(!screen.contains("Lost Talk"), "{screen}");
    assert!(screen.contains("(and 1 no longer"), "{screen}");
}

#[test]
fn cancelled_stars_in_the_compact_agenda_40x12() {
    let app = demo_with_a_cancelled_star(40, 12);
    let screen = render(&app);
    insta::assert_snapshot!(screen);
    let row = screen.lines().find(|l| l.contains("Lost")).unwrap();
    assert!(
        row.starts_with("12:00") && row.ends_with("cancelled"),
        "{row}"
    );
}

/// The rooms of `KubeCon` share "Hall 8 | ": the room column shows what tells them apart, sized to
/// the day's rooms; the detail names the room in full.
#[test]
fn the_room_column_elides_a_shared_prefix() {
    let text = r#"{"hallway_schedule": 1,
 "conference": {"id": "rooms", "title": "Rooms", "timezone": "Europe/Amsterdam", "start_date": "2026-03-24", "end_date": "2026-03-25"},
 "rooms": [{"name": "Hall 8 | Room A"}, {"name": "Hall 8 | Room B"}, {"name": "Auditorium"}, {"name": "Hall 1-5 | Tram Zone | Demo Theater"}],
 "sessions": [
  {"id": "a", "title": "In room A", "room": "Hall 8 | Room A", "start": "2026-03-24T10:00", "end": "2026-03-24T10:30"},
  {"id": "b", "title": "In room B", "room": "Hall 8 | Room B", "start": "2026-03-24T10:00", "end": "2026-03-24T10:30"},
  {"id": "c", "title": "Keynote", "room": "Auditorium", "start": "2026-03-24T11:00", "end": "2026-03-24T11:30"},
  {"id": "d", "title": "Alone in its hall", "room": "Hall 8 | Room A", "start": "2026-03-25T10:00", "end": "2026-03-25T10:30"},
  {"id": "e", "title": "Demo", "room": "Hall 1-5 | Tram Zone | Demo Theater", "start": "2026-03-25T11:00", "end": "2026-03-25T11:30"}
 ]}"#;
    let schedule =
        hallway::formats::load_str("rooms.json", text, hallway::formats::LoadOptions::default())
            .unwrap();
    let agenda = Agenda::new("rooms");
    let mut app = app_for(schedule, agenda, 80, 24);
    let screen = render(&app);
    let row = |screen: &str, title: &str| {
        screen
            .lines()
            .find(|l| l.contains(title))
            .unwrap()
            .to_string()
    };
    assert!(row(&screen, "In room A").contains("Room A "), "{screen}");
    assert!(row(&screen, "In room B").contains("Room B "), "{screen}");
    assert!(!screen.contains("Hall 8 | Ro…"), "{screen}");
    // The column is as wide as the day's labels ("Auditorium"), not the longest name.
    let a = row(&screen, "In room A");
    let title_at = a.find("In room A").unwrap();
    let room_at = a.find("Room A").unwrap();
    assert_eq!(title_at - room_at, "Auditorium".len() + 1, "{a}");
    app.update(Action::ToggleDetail);
    assert!(
        render(&app).contains("Hall 8 | Room A"),
        "the detail names it in full"
    );
    app.update(Action::Close);
    // On the second day no other room of Hall 8 is in use: its name stays whole (cut to fit).
    app.update(Action::NextDay);
    let screen = render(&app);
    assert!(
        row(&screen, "Alone in its hall").contains("Hall 8 | Ro"),
        "{screen}"
    );
    assert!(row(&screen, "Demo").contains("Hall 1-5 | …"), "{screen}");
}

/// The filter picker: two tracks marked, the tracks with nothing on Wednesday dim, and narrowed
/// by typing.
#[test]
fn filter_picker_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::OpenFilters);
    for _ in 0..2 {
        app.update(Action::PickerDown);
        app.update(Action::PickerMark);
    }
    let screen = render(&app);
    assert!(screen.contains("☑"), "{screen}");
    assert!(screen.contains("sessions on Wed / in all"), "{screen}");
    insta::assert_snapshot!(screen);
    app.update(Action::PickerType);
    for c in "OBSERV".chars() {
        app.update(Action::PickerTypeInput(c));
    }
    let narrowed = render(&app);
    assert!(narrowed.contains("Observability Day"), "{narrowed}");
    assert!(!narrowed.contains("ArgoCon"), "{narrowed}");
}

/// What styles say and the text does not: the selected session is one reversed bar across the
/// whole list, a hidden session (shown with "show hidden") is struck through, a star is yellow,
/// a session that has ended is dim, the column header is dim.
#[test]
fn rows_are_styled_by_what_they_mean() {
    use ratatui::style::{Color, Modifier};
    let mut app = demo_app(100, 30);
    app.theme = Theme {
        color: true,
        ..Theme::default()
    };
    // Hide the session below the cursor and show hidden sessions, so it is drawn struck out.
    app.update(Action::Down);
    app.update(Action::ToggleHideSession);
    app.update(Action::ToggleShowHidden);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| views::draw(&app, f)).unwrap();
    let buf = terminal.backend().buffer();
    let list = app.areas().list;
    // Where row `r` is drawn: the now line, when in view, takes a line of its own.
    let row_of = |r: usize| {
        let l = &app.list;
        let line = hallway::tui::app::now_line::lines(
            l.scroll.offset,
            usize::from(list.height - 1),
            l.rows.len(),
            l.now_at,
        )
        .position(|x| x == hallway::tui::app::now_line::ListLine::Row(r))
        .unwrap();
        list.y + 1 + u16::try_from(line).unwrap()
    };
    let cursor = row_of(app.list.scroll.cursor);
    let hidden = (0..app.list.rows.len())
        .find(|&r| app.plan.is_hidden(app.schedule.session(app.list.rows[r])))
        .map(row_of)
        .expect("the hidden session is listed");
    assert_ne!(hidden, cursor);
    for x in list.left()..list.right() {
        assert!(
            buf[(x, cursor)].modifier.contains(Modifier::REVERSED),
            "selection bar has a gap at column {x}"
        );
        assert!(!buf[(x, hidden)].modifier.contains(Modifier::REVERSED));
        assert!(
            buf[(x, hidden)].modifier.contains(Modifier::CROSSED_OUT),
            "hidden row not struck out at column {x}"
        );
        assert!(buf[(x, list.y)].modifier.contains(Modifier::DIM));
    }
    // A starred session's marker, wherever the list shows one.
    let star = (list.y..list.bottom())
        .map(|y| &buf[(list.x, y)])
        .find(|c| c.symbol() == "★")
        .expect("a starred session on screen");
    assert_eq!(star.fg, Color::Yellow);
    // Sessions that ended before 11:10 are dim; the rows are in time order, so the first is.
    let first = row_of(app.list.scroll.offset);
    if first != cursor {
        let s = app.schedule.session(app.list.rows[app.list.scroll.offset]);
        assert!(s.end < app.now);
        assert!(buf[(list.x + 20, first)].modifier.contains(Modifier::DIM));
    }
}

/// In the grid, the selected session's box is reversed from its border to its right edge, and a
/// starred session's border is yellow.
#[test]
fn grid_boxes_are_styled_by_what_they_mean() {
    use ratatui::style::{Color, Modifier};
    let mut app = demo_app(120, 40);
    app.theme = Theme {
        color: true,
        ..Theme::default()
    };
    app.update(Action::NextView);
    app.update(Action::NextView);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| views::draw(&app, f)).unwrap();
    let buf = terminal.backend().buffer();
    let area = buf.area;
    let reversed: Vec<(u16, u16)> = (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .filter(|&p| buf[p].modifier.contains(Modifier::REVERSED))
        .collect();
    // One rectangle (the header's active tab and view are reversed too: skip the top rows).
    let body: Vec<_> = reversed.into_iter().filter(|&(_, y)| y > 2).collect();
    assert!(!body.is_empty(), "no selected box drawn");
    let (x0, x1) = (
        body.iter().map(|p| p.0).min().unwrap(),
        body.iter().map(|p| p.0).max().unwrap(),
    );
    let (y0, y1) = (
        body.iter().map(|p| p.1).min().unwrap(),
        body.iter().map(|p| p.1).max().unwrap(),
    );
    assert_eq!(
        body.len(),
        usize::from(x1 - x0 + 1) * usize::from(y1 - y0 + 1),
        "the selection is one solid box"
    );
    assert_eq!(buf[(x0, y0)].symbol(), "│");
    // Some starred session of the day is in view with a yellow border.
    let starred_border = (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .any(|p| buf[p].symbol() == "│" && buf[p].fg == Color::Yellow);
    let any_star = (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .any(|p| buf[p].symbol() == "★");
    assert!(any_star, "a starred session is in view");
    assert!(starred_border);
}

/// The detail pane scrolls (mouse wheel) only until its last row is at the bottom: scrolling on
/// never leaves it blank.
#[test]
fn the_detail_pane_stops_scrolling_at_its_end() {
    let mut app = demo_app(80, 20);
    app.update(Action::ToggleDetail);
    let before = render(&app);
    for _ in 0..200 {
        app.update(Action::Scroll(3));
    }
    let max = hallway::tui::detail::max_scroll(&app);
    assert_eq!(app.detail.scroll, max);
    let after = render(&app);
    // Below the header, the pane still shows text (its last rows), not just its border.
    let shown: Vec<&str> = after
        .lines()
        .skip(3)
        .filter(|l| l.trim_start_matches('│').trim() != "")
        .collect();
    assert!(shown.len() > 3, "the pane went blank:\n{after}");
    assert!(max > 0, "this session's detail is longer than the pane");
    assert_ne!(before, after, "it did scroll");
    for _ in 0..200 {
        app.update(Action::Scroll(-3));
    }
    assert_eq!(app.detail.scroll, 0);
    assert_eq!(render(&app), before);
}

/// A teammate's share of the demo: stars by title, and a note with a rating on the first.
fn teammate(
    schedule: &Schedule,
    name: &str,
    titles: &[&str],
    note: Option<&str>,
) -> hallway::plan::team::Share {
    let sessions: Vec<serde_json::Value> = titles
        .iter()
        .enumerate()
        .map(|(k, title)| {
            let s = schedule
                .sessions()
                .iter()
                .find(|s| s.title == *title)
                .unwrap();
            let mut e = serde_json::json!({"id": s.id, "starred": true});
            if k == 0
                && let Some(note) = note
            {
                e["note"] = note.into();
                e["rating"] = 4.into();
            }
            e
        })
        .collect();
    let text = serde_json::json!({
        "hallway_share": 1,
        "conference": {"id": schedule.conference.id},
        "name": name,
        "sessions": sessions,
    });
    hallway::plan::team::share::parse(text.to_string().as_bytes(), name).unwrap()
}

#[test]
fn team_initials_in_rows_and_names_in_the_detail() {
    let mut app = demo_app(120, 30);
    let libc = "When They Go High, We Go Low – Hooking Libc Calls to Debug Kubernetes Apps";
    let shares = vec![
        teammate(
            &app.schedule,
            "bob",
            &[libc, "Autoscale on Tokens, Not CPU"],
            Some("Great demo.\nSlides are online."),
        ),
        teammate(&app.schedule, "carol", &[libc], None),
    ];
    app.update(Msg::Team {
        shares,
        problems: Vec::new(),
        me: None,
        interests: Vec::new(),
    });
    let (pos, _) = app
        .schedule
        .sessions()
        .iter()
        .enumerate()
        .find(|(_, s)| s.title == libc)
        .unwrap();
    assert_eq!(app.team.index.initials_at(pos), "B C");
    // Select the session so the detail shows it.
    let row = app.list.rows.iter().position(|&i| i == pos).unwrap();
    while app.list.scroll.cursor < row {
        app.update(Msg::Action(Action::Down));
    }
    while app.list.scroll.cursor > row {
        app.update(Msg::Action(Action::Up));
    }
    let screen = render(&app);
    assert!(screen.contains("B C"), "{screen}");
    assert!(screen.contains("team      bob, carol"), "{screen}");
    assert!(screen.contains("bob's notes"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// Countdowns round up as a wall clock reads, and a next session on another day says which.
#[test]
fn countdowns_round_up_and_name_the_day() {
    use hallway::tui::views::header::{minutes_up_to, starts_in};
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    assert_eq!(
        minutes_up_to(
            t("2024-03-20T14:40:30+01:00"),
            t("2024-03-20T15:05:00+01:00")
        ),
        25
    );
    assert_eq!(
        minutes_up_to(
            t("2024-03-20T14:40:00+01:00"),
            t("2024-03-20T15:05:00+01:00")
        ),
        25
    );
    let mut app = demo_app(80, 24);
    app.update(Msg::Tick(t("2024-03-20T23:50:00+01:00")));
    assert_eq!(
        starts_in(&app, t("2024-03-21T11:00:00+01:00")),
        "tomorrow 11:00"
    );
    assert_eq!(
        starts_in(&app, t("2024-03-22T11:00:00+01:00")),
        "Fri 22 11:00"
    );
    assert_eq!(starts_in(&app, t("2024-03-20T23:59:10+01:00")), "in 10 min");
}

/// Seen in tmux on real schedules at 40x12 to 200x60: a day-long session running is "until
/// 19:30", not "500 min left"; the notes say when tomorrow's session starts, not "starts in 1309
/// min"; footer hints are shown whole or not at all, the way out last to go; the empty agenda's
/// line ends in an ellipsis where it is cut.
#[test]
fn long_waits_read_as_times_and_narrow_lines_cut_cleanly() {
    use hallway::tui::views::header::time_left;
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    let mut app = demo_app(80, 24);
    app.update(Msg::Tick(t("2024-03-20T11:10:00+01:00")));
    assert_eq!(
        time_left(&app, t("2024-03-20T19:30:00+01:00")),
        "until 19:30"
    );
    assert_eq!(
        time_left(&app, t("2024-03-20T11:35:00+01:00")),
        "25 min left"
    );
    // Notes on a session of the next day.
    app.update(Action::NextDay);
    app.update(Action::Top);
    app.update(Action::OpenNotes);
    let notes = render(&app);
    assert!(notes.contains("starts tomorrow 09:00"), "{notes}");
    app.update(Action::CloseNotes);
    // 40x12: the picker's hints with a status before them.
    app.update(Msg::Resize {
        width: 40,
        height: 12,
    });
    app.update(Action::ToggleStar);
    app.update(Action::OpenFilters);
    let screen = render(&app);
    let footer = screen.lines().last().unwrap_or_default().trim_end();
    assert!(footer.ends_with("Esc close"), "{footer}");
    // An empty agenda at 40 columns.
    let schedule = hallway::demo::load().unwrap();
    let agenda = Agenda::new(&schedule.conference.id);
    let mut empty = app_for(schedule, agenda, 40, 12);
    empty.update(Action::NextView);
    empty.update(Action::NextView);
    let screen = render(&empty);
    let line = screen
        .lines()
        .find(|l| l.contains("Nothing starred yet"))
        .unwrap_or_default();
    assert!(line.trim_end().ends_with('…'), "{screen}");
}

/// A failed save is named in the footer until a save succeeds; active filters are named too.
#[test]
fn failed_saves_and_filters_are_in_the_footer() {
    let mut app = demo_app(120, 30);
    let effects = app.update(Action::ToggleStar);
    let job = effects
        .iter()
        .find_map(|e| match e {
            hallway::tui::msg::Effect::Save { job, .. } => Some(*job),
            _ => None,
        })
        .unwrap();
    app.update(Msg::Saved {
        job,
        result: Err("No space left on device".into()),
    });
    app.update(Action::ToggleStarredOnly);
    let screen = render(&app);
    let footer = screen.lines().last().unwrap();
    assert!(
        footer.contains("NOT SAVED (No space left on device)"),
        "{footer}"
    );
    assert!(footer.contains("starred only"), "{footer}");
}

#[test]
fn now_view_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::PrevView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn now_view_160x48() {
    let mut app = demo_app(160, 48);
    app.update(Action::PrevView);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn the_leave_now_banner_rings_once_80x24() {
    let mut app = demo_app(80, 24);
    // Two starred sessions start at 11:55; nothing starred before them that day, so the walk
    // is the default from an unknown place.
    let leave = app.at_now.leave.clone().unwrap();
    let s = app.schedule.session(leave.session);
    assert_eq!(s.start.format("%H:%M").to_string(), "11:55");
    let room = app.schedule.room_name(s).to_string();
    let title = s.title.clone();
    assert!(app.at_now.banner.is_none(), "not yet at 11:10");
    let due = leave.at - chrono::Duration::minutes(2);
    let effects = app.update(Msg::Tick(due));
    assert!(effects.contains(&hallway::tui::msg::Effect::Bell));
    let banner = app.at_now.banner.clone().unwrap();
    assert!(
        banner.starts_with(&format!(
            "leave now for {room} ({}-min walk): {title}",
            leave.walk
        )),
        "{banner}"
    );
    assert!(banner.contains(" at 11:55"), "{banner}");
    insta::assert_snapshot!(render(&app));
    // Once per session: the next minute neither rings nor shows it again once hidden.
    app.update(Action::Close);
    let effects = app.update(Msg::Tick(due + chrono::Duration::minutes(1)));
    assert!(!effects.contains(&hallway::tui::msg::Effect::Bell));
    assert!(app.at_now.banner.is_none());
}

#[test]
fn jump_to_now_comes_back_to_today() {
    let mut app = demo_app(80, 24);
    let before = app.selected();
    app.update(Action::NextDay);
    app.update(Action::NextDay);
    assert_ne!(app.selected(), before);
    app.update(Action::JumpNow);
    assert_eq!(app.selected(), before);
}
#[test]
fn team_coverage_overlay_shows_clashes_a_teammate_covers_and_interests_left() {
    let mut app = demo_app(120, 40);
    let libc = "When They Go High, We Go Low – Hooking Libc Calls to Debug Kubernetes Apps";
    let shares = vec![
        teammate(
            &app.schedule,
            "bob",
            &[
                libc,
                "Keep Hackers Out of Your Cluster with These 5 Simple Tricks",
            ],
            None,
        ),
        teammate(
            &app.schedule,
            "carol",
            &["Autoscale on Tokens, Not CPU"],
            None,
        ),
    ];
    app.update(Msg::Team {
        shares,
        problems: Vec::new(),
        me: Some("alice".into()),
        interests: vec!["wasm".into()],
    });
    // Nothing is worked out until the view is opened.
    assert!(app.team.coverage.is_none());
    let mode = app.key_mode();
    let t = app.keymap.action(
        mode,
        ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('T'),
            ratatui::crossterm::event::KeyModifiers::SHIFT,
        ),
    );
    assert_eq!(t, Some(Action::Coverage));
    app.update(Msg::Action(Action::Coverage));
    let cov = app.team.coverage.as_ref().expect("worked out when opened");
    assert!(!cov.clashes.is_empty(), "{cov:?}");
    let screen = render(&app);
    assert!(screen.contains("Team coverage"), "{screen}");
    assert!(
        screen.contains("Team: bob (B), carol (C); you are alice."),
        "{screen}"
    );
    assert!(screen.contains("bob is at"), "{screen}");
    assert!(screen.contains("wasm (topic, marked by alice)"), "{screen}");
    insta::assert_snapshot!(screen);
    // Stars changed elsewhere while it is open: worked out again.
    let conference = app.schedule.conference.id.clone();
    app.update(Msg::Reloaded(Ok(Agenda::new(&conference))));
    assert!(app.team.coverage.as_ref().unwrap().clashes.is_empty());
    // The team changing while it is open is worked out again; closing forgets it.
    app.update(Msg::Team {
        shares: Vec::new(),
        problems: Vec::new(),
        me: Some("alice".into()),
        interests: Vec::new(),
    });
    assert!(render(&app).contains("No teammates yet"));
    app.update(Msg::Action(Action::Close));
    assert_eq!(app.key_mode(), hallway::tui::keymap::KeyMode::Normal);
    assert!(app.team.coverage.is_none());
}

/// The coverage overlay shows the day it is opened on; the day keys switch it (and the day
/// beneath), as `team coverage --day` does in the CLI.
#[test]
fn team_coverage_shows_one_day_and_the_day_keys_switch_it() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = demo_app(120, 40);
    let shares = vec![teammate(
        &app.schedule,
        "carol",
        &[
            "Autoscale on Tokens, Not CPU",
            "Custom Schedulers in the Kernel with sched_ext",
        ],
        None,
    )];
    app.update(Msg::Team {
        shares,
        problems: Vec::new(),
        me: Some("alice".into()),
        interests: Vec::new(),
    });
    app.update(Action::Coverage);
    let key = |app: &mut App, code: KeyCode| {
        let mode = app.key_mode();
        let action = app
            .keymap
            .action(mode, KeyEvent::new(code, KeyModifiers::NONE))
            .unwrap();
        app.update(action);
    };
    let wednesday = render(&app);
    assert!(
        wednesday.contains("Team coverage · Wed 20 Mar"),
        "{wednesday}"
    );
    assert!(
        wednesday.contains("Who is where on Wednesday 20 March"),
        "{wednesday}"
    );
    assert!(wednesday.contains("Autoscale on Tokens"), "{wednesday}");
    assert!(!wednesday.contains("sched_ext"), "{wednesday}");
    assert!(
        wednesday.contains("[/] day"),
        "the footer names the keys: {wednesday}"
    );
    key(&mut app, KeyCode::Char(']'));
    let thursday = render(&app);
    assert!(
        thursday.contains("Who is where on Thursday 21 March"),
        "{thursday}"
    );
    assert!(thursday.contains("sched_ext"), "{thursday}");
    assert!(!thursday.contains("Autoscale on Tokens"), "{thursday}");
    assert_eq!(app.day_date().unwrap().to_string(), "2024-03-21");
    // Still open: the day keys do not close it, as other keys do.
    assert_eq!(app.key_mode(), hallway::tui::keymap::KeyMode::Coverage);
    key(&mut app, KeyCode::Left);
    assert!(render(&app).contains("Who is where on Wednesday 20 March"));
    // A day where nobody starred anything says so.
    key(&mut app, KeyCode::Char('['));
    let tuesday = render(&app);
    assert!(
        tuesday.contains("Nobody on the team has starred anything this day."),
        "{tuesday}"
    );
}

/// The coverage overlay's lines are laid out in `update` for the body's width and the day
/// (derived state), so its scrolling stops at the last line without asking the drawing code; a
/// resize lays them out again and keeps the scroll within them.
#[test]
fn team_coverage_scrolls_to_its_last_line_and_follows_resizes() {
    use hallway::tui::app::Mode;
    let mut app = demo_app(120, 30);
    let day = app.day_date().unwrap();
    // Two teammates each at every session of the day: more lines than the overlay shows.
    let titles: Vec<String> = app
        .schedule
        .sessions()
        .iter()
        .filter(|s| s.day == day)
        .map(|s| s.title.clone())
        .collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let shares = vec![
        teammate(&app.schedule, "bob", &titles, None),
        teammate(&app.schedule, "carol", &titles, None),
    ];
    app.update(Msg::Team {
        shares,
        problems: Vec::new(),
        me: Some("alice".into()),
        interests: Vec::new(),
    });
    assert!(
        app.team.text.lines.is_empty(),
        "nothing laid out while closed"
    );
    app.update(Action::Coverage);
    let lines = app.team.text.lines.len();
    let shown = usize::from(app.areas().body.height - 2);
    assert!(lines > shown, "{lines} lines, {shown} shown");
    let scroll = |app: &App| match app.mode {
        Mode::Coverage { scroll } => usize::from(scroll),
        _ => panic!("the overlay closed"),
    };
    for _ in 0..lines + 5 {
        app.update(Action::Down);
    }
    assert_eq!(scroll(&app), lines - shown, "stops at the last line");
    let last: String = app.team.text.lines[lines - 1]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    assert!(render(&app).contains(last.trim()), "{last}");
    // Taller: fewer lines to scroll, the scroll kept within them.
    app.update(Msg::Resize {
        width: 120,
        height: 60,
    });
    let shown = usize::from(app.areas().body.height - 2);
    assert_eq!(scroll(&app), lines.saturating_sub(shown));
    // Narrower: laid out again for the new width, still every session of the day.
    app.update(Msg::Resize {
        width: 60,
        height: 20,
    });
    assert_eq!(app.team.text.laid_out_for, Some((60, app.day)));
    let narrow = render(&app);
    assert!(narrow.contains("Team coverage"), "{narrow}");
    app.update(Action::Close);
    assert!(app.team.text.lines.is_empty() && app.team.coverage.is_none());
}

/// A published schedule with no sessions yet opens, says so, and survives every view and the
/// keys that act on a selection (it used to panic drawing the day tabs, then on every start,
/// since the schedule is remembered).
#[test]
fn a_schedule_with_no_sessions_never_panics() {
    let text = r#"{"schedule":{"version":"1","conference":{"acronym":"emptycon","title":"EmptyCon",
      "start":"2026-05-01","end":"2026-05-02","time_zone_name":"Europe/Berlin","days":[],"rooms":[]}}}"#;
    let schedule =
        hallway::formats::load_str("empty.json", text, hallway::formats::LoadOptions::default())
            .unwrap();
    assert!(schedule.sessions().is_empty());
    let mut app = app_for(schedule, Agenda::new("emptycon"), 80, 24);
    assert!(render(&app).contains("No sessions published yet"));
    for (w, h) in [(80, 24), (40, 12), (160, 48), (0, 0)] {
        app.update(Msg::Resize {
            width: w,
            height: h,
        });
        for action in [
            Action::Down,
            Action::Up,
            Action::PageDown,
            Action::Bottom,
            Action::Top,
            Action::NextDay,
            Action::PrevDay,
            Action::JumpNow,
            Action::ToggleStar,
            Action::ToggleHideSession,
            Action::ToggleHideTrack,
            Action::ToggleStarredOnly,
            Action::Rate(Some(4)),
            Action::ToggleAttended,
            Action::OpenFilters,
            Action::Close,
            Action::StartSearch,
            Action::SearchInput('a'),
            Action::SearchCancel,
            Action::ToggleDetail,
            Action::Close,
            Action::NextView,
            Action::NextView,
            Action::NextView,
            Action::NextView,
        ] {
            app.update(action);
            render(&app);
        }
    }
}

/// Moves the schedule view's cursor to the session titled `title`, with keys.
fn select_title(app: &mut App, title: &str) {
    app.update(Action::Top);
    let row = app
        .list
        .rows
        .iter()
        .position(|&i| app.schedule.session(i).title == title)
        .unwrap();
    for _ in 0..row {
        app.update(Action::Down);
    }
}

/// Your marks: `✓` and the rating at the end of the title (compact when narrow), both in the
/// detail; the marks filter is named in the footer.
#[test]
fn your_marks_in_rows_and_the_detail_80x24() {
    let mut app = demo_app(80, 24);
    select_title(&mut app, "eBPF's Abilities and Limitations: The Truth");
    app.update(Action::Rate(Some(4)));
    app.update(Action::ToggleAttended);
    app.update(Action::Down);
    app.update(Action::Rate(Some(2)));
    app.update(Action::Down);
    app.update(Action::ToggleAttended);
    app.update(Action::CycleMarksFilter);
    insta::assert_snapshot!("your_marks_rated_filter_80x24", render(&app));
    app.update(Action::CycleMarksFilter);
    app.update(Action::CycleMarksFilter);
    insta::assert_snapshot!("your_marks_not_yet_rated_80x24", render(&app));
    app.update(Action::CycleMarksFilter);
    select_title(&mut app, "eBPF's Abilities and Limitations: The Truth");
    app.update(Action::ToggleDetail);
    insta::assert_snapshot!("your_marks_in_the_detail_80x24", render(&app));
}

#[test]
fn your_marks_in_rows_160x48() {
    let mut app = demo_app(160, 48);
    select_title(&mut app, "eBPF's Abilities and Limitations: The Truth");
    app.update(Action::Rate(Some(5)));
    app.update(Action::ToggleAttended);
    app.update(Action::Down);
    app.update(Action::ToggleAttended);
    insta::assert_snapshot!(render(&app));
}
