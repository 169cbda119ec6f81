//! The interface at 1,000, 10,000 and 100,000 sessions: building the day's rows, drawing a
//! 200x60 frame (list and detail beside it), and keystrokes (update and draw), with 100 sessions
//! starred. Also the demo's startup to its first frame, without the terminal.
//!
//! With a team of 20 (200 stars each) on 10,000 sessions, `j`/`k` and a search character again,
//! the rows showing teammates' initials (`*_team_of_20`).
//!
//! Run with `cargo bench --bench tui`. Targets: a keystroke (update + draw at 200x60) at most
//! 1 ms median at 10,000 sessions, and at 100,000 at most 1.5x the figure at 1,000; the demo's
//! first frame under 50 ms (with the process's own startup, see `benches/compare.sh`).

use chrono::{DateTime, Utc};
use divan::Bencher;
use hallway::plan::synthetic;
use hallway::tui::action::Action;
use hallway::tui::app::App;
use hallway::tui::msg::Msg;
use hallway::tui::theme::Theme;
use hallway::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// The second conference day at 11:10 local time.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2030-01-08T11:10:00+01:00")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn app(sessions: usize) -> App {
    let schedule = synthetic::schedule(sessions, 1);
    let agenda = synthetic::agenda(&schedule, 100, 2);
    let tz = schedule.conference.timezone;
    let mut app = App::new(schedule, agenda, tz, now(), Rect::new(0, 0, WIDTH, HEIGHT));
    app.theme = Theme {
        color: true,
        ..Theme::default()
    };
    app
}

fn terminal() -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(WIDTH, HEIGHT)) {
        Ok(t) => t,
        Err(e) => panic!("test terminal: {e}"),
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    if let Err(e) = terminal.draw(|f| views::draw(app, f)) {
        panic!("draw: {e}");
    }
}

/// The current day's visible rows rebuilt (what a day, filter or search change does).
#[divan::bench(args = SIZES)]
fn rows(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    bencher.bench_local(|| app.rebuild_rows());
}

/// One frame drawn, with nothing changed.
#[divan::bench(args = SIZES)]
fn render(bencher: Bencher, sessions: usize) {
    let app = app(sessions);
    let mut terminal = terminal();
    bencher.bench_local(|| draw(&mut terminal, &app));
}

/// `j` then `k`: two keystrokes, each updated and drawn.
#[divan::bench(args = SIZES)]
fn keys_down_up(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for action in [Action::Down, Action::Up] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// `l` then `h` in the grid view (rooms across, 5-minute lines down): two keystrokes, each
/// updated and drawn.
#[divan::bench(args = SIZES)]
fn keys_grid_right_left(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    app.update(Action::NextView);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for action in [Action::Right, Action::Left] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// `j` then `k` in the agenda view (the 100 starred sessions by day), each drawn.
#[divan::bench(args = SIZES)]
fn keys_agenda_down_up(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    app.update(Action::PrevView);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for action in [Action::Down, Action::Up] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// `s` twice: star and unstar the selected session (analysis, agenda rows), each drawn. The save
/// the keystroke asks for is measured by `benches/store.rs`.
#[divan::bench(args = SIZES)]
fn keys_star_unstar(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for _ in 0..2 {
            app.update(Action::ToggleStar);
            draw(&mut terminal, &app);
        }
    });
}

/// `]` then `[`: to the next day and back, each drawn. A day change rebuilds the day's rows, so
/// it grows with the sessions in a day (210 at 1,000 sessions, 1,200 at 100,000).
#[divan::bench(args = SIZES)]
fn keys_next_prev_day(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for action in [Action::NextDay, Action::PrevDay] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// The first character of a search: every session is matched once (fuzzy over titles, speakers,
/// rooms, tracks; words in abstracts), then the day's rows are rebuilt and drawn. Backspace,
/// which returns to the full list, is part of each iteration.
#[divan::bench(args = SIZES, sample_count = 20)]
fn keys_search_first_char(bencher: Bencher, sessions: usize) {
    let mut app = searching(sessions);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for action in [Action::SearchInput('k'), Action::SearchBackspace] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// A later character of a search: only the sessions still matching are checked again. The query
/// is "kernel" (a word in 63% of the synthetic abstracts) and the character typed (then
/// deleted) is its last.
#[divan::bench(args = SIZES)]
fn keys_search_next_char(bencher: Bencher, sessions: usize) {
    search_next_char(bencher, sessions, "kernel");
}

/// Typing a whole word ("kernel"), each character updated and drawn, then clearing it: the
/// cost of a search as a person types it, divided by the six characters it takes.
#[divan::bench(args = SIZES, sample_count = 50)]
fn keys_search_typing_a_word(bencher: Bencher, sessions: usize) {
    search_typing(bencher, sessions, "kernel");
}

/// A later character of a word few sessions match (a speaker's name, "liskov", about one
/// session in ten, found in the fields rather than the abstracts).
#[divan::bench(args = SIZES)]
fn keys_search_few_next_char(bencher: Bencher, sessions: usize) {
    search_next_char(bencher, sessions, "liskov");
}

/// Typing "liskov" (a word few sessions match), each character drawn: divide by six.
#[divan::bench(args = SIZES, sample_count = 50)]
fn keys_search_typing_few(bencher: Bencher, sessions: usize) {
    search_typing(bencher, sessions, "liskov");
}

/// An interface at `sessions` with its idle work done (the search's text and word index), in
/// search mode.
fn searching(sessions: usize) -> App {
    let mut app = app(sessions);
    // The interface prepares the search while nobody types, right after it starts.
    while app.has_idle_work() {
        app.update(Msg::Idle);
    }
    app.update(Action::StartSearch);
    app
}

/// `word` but its last character typed, then the last character and Backspace, each drawn.
fn search_next_char(bencher: Bencher, sessions: usize, word: &str) {
    let mut app = searching(sessions);
    let mut terminal = terminal();
    let mut chars: Vec<char> = word.chars().collect();
    let last = chars.pop().unwrap_or('x');
    for c in chars {
        app.update(Action::SearchInput(c));
    }
    bencher.bench_local(|| {
        for action in [Action::SearchInput(last), Action::SearchBackspace] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// `word` typed a character at a time, each drawn, then cleared (Backspaces not drawn).
fn search_typing(bencher: Bencher, sessions: usize, word: &str) {
    let mut app = searching(sessions);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for c in word.chars() {
            app.update(Action::SearchInput(c));
            draw(&mut terminal, &app);
        }
        for _ in word.chars() {
            app.update(Action::SearchBackspace);
        }
    });
}

/// Preparing the search's text for every session. The interface does it in idle time, 1,000
/// sessions a slice, so a key pressed meanwhile waits at most about the 1,000-session figure;
/// it used to be done on the first character typed.
#[divan::bench(args = SIZES, sample_count = 20)]
fn search_preparation(bencher: Bencher, sessions: usize) {
    let schedule = synthetic::schedule(sessions, 1);
    bencher.bench_local(|| hallway::schedule::search::Haystacks::build(&schedule));
}

/// The demo from its bundled text to the first frame: load, analysis, rows, one draw.
#[divan::bench(sample_count = 30)]
fn startup_demo_first_frame(bencher: Bencher) {
    bencher.bench_local(|| {
        let schedule = match hallway::demo::load() {
            Ok(s) => s,
            Err(e) => panic!("demo: {e}"),
        };
        let agenda = hallway::plan::Agenda::new(schedule.conference.id.clone());
        let tz = schedule.conference.timezone;
        let app = App::new(schedule, agenda, tz, now(), Rect::new(0, 0, WIDTH, HEIGHT));
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        app
    });
}

/// The floor: a 200x60 frame where nothing is drawn, so only ratatui's own work per frame
/// (resetting and comparing 12,000 cells) is left.
#[divan::bench]
fn render_nothing(bencher: Bencher) {
    let mut terminal = terminal();
    bencher.bench_local(|| {
        if let Err(e) = terminal.draw(|_| {}) {
            panic!("draw: {e}");
        }
    });
}

/// A frame with the now line and your marks on every row: every session of the schedule rated
/// and every other one marked attended, so a per-frame cost proportional to the schedule (or
/// to the marks) would show against `render`.
#[divan::bench(args = SIZES)]
fn render_now_line_and_marks(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    let ids: Vec<String> = app
        .schedule
        .sessions()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    for (k, id) in ids.into_iter().enumerate() {
        app.plan
            .agenda
            .ratings
            .insert(id.clone(), (k % 5 + 1) as u8);
        if k % 2 == 0 {
            app.plan.agenda.attended.insert(id);
        }
    }
    assert!(app.list.now_at.is_some(), "the bench's day is today");
    let mut terminal = terminal();
    bencher.bench_local(|| draw(&mut terminal, &app));
}

/// A new minute: the now lines placed again (binary searches), the Now view's rows and the
/// leave-now reminder worked out, and the frame drawn.
#[divan::bench(args = SIZES)]
fn minute_tick(bencher: Bencher, sessions: usize) {
    let mut app = app(sessions);
    let mut terminal = terminal();
    let mut minute = 0;
    bencher.bench_local(|| {
        minute = (minute + 1) % 50;
        app.update(Msg::Tick(now() + chrono::Duration::minutes(minute)));
        draw(&mut terminal, &app);
    });
}

/// A team of 20 with 200 stars each (notes on a tenth; the teammates of `benches/team.rs`) on
/// 10,000 sessions, matched once as the interface does when the team's files load: the rows show
/// teammates' initials, the detail beside them their names and notes.
fn team_app() -> App {
    let mut app = app(10_000);
    let shares = (0..20)
        .map(|k| synthetic::team_share(&app.schedule, k, 200, now()))
        .collect();
    app.update(Msg::Team {
        shares,
        problems: Vec::new(),
        me: Some("me".into()),
        interests: Vec::new(),
    });
    app
}

/// `j` then `k` with the team's initials in the rows: two keystrokes, each updated and drawn.
#[divan::bench]
fn keys_down_up_team_of_20(bencher: Bencher) {
    let mut app = team_app();
    let mut terminal = terminal();
    bencher.bench_local(|| {
        for action in [Action::Down, Action::Up] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// A search character (the last of "kernel", typed then deleted) with the team's initials in
/// the rows, each updated and drawn.
#[divan::bench]
fn keys_search_next_char_team_of_20(bencher: Bencher) {
    let mut app = team_app();
    while app.has_idle_work() {
        app.update(Msg::Idle);
    }
    let mut terminal = terminal();
    app.update(Action::StartSearch);
    for c in "kerne".chars() {
        app.update(Action::SearchInput(c));
    }
    bencher.bench_local(|| {
        for action in [Action::SearchInput('l'), Action::SearchBackspace] {
            app.update(action);
            draw(&mut terminal, &app);
        }
    });
}

/// The index of the abstracts' words, built in idle time after the text is prepared
/// (`search_preparation`), a thousand sessions a slice.
#[divan::bench(args = SIZES, sample_count = 10)]
fn search_index(bencher: Bencher, sessions: usize) {
    let schedule = synthetic::schedule(sessions, 1);
    bencher
        .with_inputs(|| hallway::schedule::search::Haystacks::build(&schedule))
        .bench_local_values(|mut hay| {
            hay.index_more(usize::MAX);
            hay
        });
}
