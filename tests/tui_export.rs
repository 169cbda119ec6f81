//! Exporting from the interface and what it remembers per conference: `e` asks for the files
//! the first time and writes to them afterwards (an effect the runtime carries out), `E` asks
//! again; the files and the picker's tracks and rooms are remembered in the data directory and
//! restored at the next start; a remembered track a new version lost is dropped, never a filter
//! that hides everything.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use hallway::plan::{Agenda, Change};
use hallway::store::{DataDir, ExportPaths, Remembered, agenda_key};
use hallway::tui::app::export::{ExportJob, Exported, Written};
use hallway::tui::app::{App, ExportPlace, Mode};
use hallway::tui::keymap::KeyMode;
use hallway::tui::msg::{Effect, Msg};
use hallway::tui::theme::Theme;
use hallway::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const STARRED: [&str; 2] = [
    "Keep Hackers Out of Your Cluster with These 5 Simple Tricks",
    "eBPF for the Rest of Us: Observability Without Code Changes",
];

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-03-20T11:10:00+01:00")
        .unwrap()
        .to_utc()
}

/// The demo with two stars and a note on a past session, exports defaulting to `folder`.
fn app(folder: &Path) -> App {
    let schedule = hallway::demo::load().unwrap();
    let mut agenda = Agenda::new(&schedule.conference.id);
    for title in STARRED {
        let s = schedule
            .sessions()
            .iter()
            .find(|s| s.title == title)
            .unwrap();
        agenda.apply(&Change::Star(s.id.clone()));
    }
    // The trip report holds what has begun.
    let noted = schedule
        .sessions()
        .iter()
        .find(|s| s.start < now())
        .unwrap();
    agenda.apply(&Change::SetNote {
        id: noted.id.clone(),
        base: String::new(),
        text: "RBAC audit first".into(),
        at: now(),
    });
    let tz = schedule.conference.timezone;
    let mut app = App::new(schedule, agenda, tz, now(), Rect::new(0, 0, 100, 30));
    app.theme = Theme {
        color: false,
        ..Theme::default()
    };
    app.export_place = ExportPlace::new(folder.to_path_buf(), Some(PathBuf::from("/home/ada")));
    app
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(key(c));
    }
}

fn screen(app: &App) -> String {
    let size = app.screen.size;
    let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    terminal.draw(|f| views::draw(app, f)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn the_job(effects: &[Effect]) -> ExportJob {
    match effects {
        [Effect::Export(job)] => (**job).clone(),
        other => panic!("expected one export, got {other:?}"),
    }
}

/// What the runtime answers when it wrote every file of `job`.
fn written(job: &ExportJob) -> Msg {
    Msg::Exported(Exported {
        paths: job.paths.clone(),
        files: job
            .files
            .iter()
            .map(|f| Written {
                path: f.path.clone(),
                events: f.events,
                result: Ok(()),
            })
            .collect(),
    })
}

fn remembered(effects: &[Effect]) -> Remembered {
    match effects {
        [Effect::Remember(state)] => (**state).clone(),
        other => panic!("expected one thing to remember, got {other:?}"),
    }
}

#[test]
fn e_asks_for_the_files_the_first_time_then_writes_to_them_without_asking() {
    let folder = Path::new("/talks");
    let mut app = app(folder);
    // The first time: a prompt, nothing written yet.
    assert!(app.update(key('e')).is_empty());
    assert_eq!(app.key_mode(), KeyMode::Export);
    let shown = screen(&app);
    assert!(shown.contains("/talks/kubecon-eu-2024.ics"), "{shown}");
    assert!(
        shown.contains("/talks/kubecon-eu-2024-trip-report.md"),
        "{shown}"
    );
    assert!(shown.contains("Enter write"), "the footer hints: {shown}");

    // Enter writes both, with the CLI's writers: the starred sessions, the notes.
    let job = the_job(&app.update(code(KeyCode::Enter)));
    assert!(matches!(app.mode, Mode::Normal));
    let expected = ExportPaths {
        calendar: folder.join("kubecon-eu-2024.ics"),
        report: folder.join("kubecon-eu-2024-trip-report.md"),
    };
    assert_eq!(job.paths, expected);
    let [calendar, report] = job.files.as_slice() else {
        panic!("two files: {job:?}");
    };
    assert_eq!(calendar.path, expected.calendar);
    assert_eq!(calendar.events, Some(2));
    assert!(calendar.text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(calendar.text.matches("BEGIN:VEVENT").count(), 2);
    assert!(calendar.text.contains("Keep Hackers Out of Your Cluster"));
    assert_eq!(report.events, None);
    assert!(report.text.contains("RBAC audit first"), "{}", report.text);

    // Written: said where, and the files are remembered for the conference.
    let state = remembered(&app.update(written(&job)));
    assert_eq!(state.export, Some(expected.clone()));
    assert_eq!(
        app.status.as_deref(),
        Some("wrote kubecon-eu-2024.ics (2 events) · wrote kubecon-eu-2024-trip-report.md")
    );

    // From then on, e writes to them at once; E asks again, the files filled in.
    let again = the_job(&app.update(key('e')));
    assert_eq!(again.paths, expected);
    assert!(
        app.update(written(&again)).is_empty(),
        "nothing new to remember"
    );
    assert!(app.update(key('E')).is_empty());
    assert!(screen(&app).contains("/talks/kubecon-eu-2024.ics"));
    app.update(code(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Normal), "Esc cancels");
}

#[test]
fn the_prompt_edits_either_file_and_reads_home_and_relative_paths() {
    let mut app = app(Path::new("/talks"));
    app.update(key('E'));
    // Ctrl-u clears the calendar's name as in a shell; Tab goes to the report's.
    app.update(ctrl('u'));
    typed(&mut app, "~/cal/paris.ics");
    app.update(code(KeyCode::Tab));
    app.update(ctrl('u'));
    typed(&mut app, "notes/report.md");
    let shown = screen(&app);
    assert!(shown.contains("~/cal/paris.ics"), "{shown}");
    let job = the_job(&app.update(code(KeyCode::Enter)));
    assert_eq!(
        job.paths,
        ExportPaths {
            calendar: PathBuf::from("/home/ada/cal/paris.ics"),
            report: PathBuf::from("/talks/notes/report.md"),
        }
    );

    // An empty name writes nothing and keeps the prompt.
    app.update(key('E'));
    app.update(ctrl('u'));
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert_eq!(app.key_mode(), KeyMode::Export);
    assert!(app.status.as_deref().unwrap().contains("name a file"));
    // A pasted path is one line.
    app.update(Msg::Paste("/tmp/x.ics\nrm -rf /".into()));
    let job = the_job(&app.update(code(KeyCode::Enter)));
    assert_eq!(job.paths.calendar, PathBuf::from("/tmp/x.ics"));
}

#[test]
fn a_failed_write_says_why_remembers_nothing_and_asks_again_with_what_was_typed() {
    let mut app = app(Path::new("/talks"));
    app.update(key('e'));
    let job = the_job(&app.update(code(KeyCode::Enter)));
    let mut files: Vec<Written> = job
        .files
        .iter()
        .map(|f| Written {
            path: f.path.clone(),
            events: f.events,
            result: Ok(()),
        })
        .collect();
    files[1].result = Err(
        "cannot write /talks/kubecon-eu-2024-trip-report.md: the folder /talks does not exist"
            .into(),
    );
    let effects = app.update(Msg::Exported(Exported {
        paths: job.paths.clone(),
        files,
    }));
    assert!(effects.is_empty(), "nothing remembered: {effects:?}");
    let status = app.status.clone().unwrap();
    assert!(
        status.contains("wrote kubecon-eu-2024.ics (2 events)"),
        "{status}"
    );
    assert!(
        status.contains("NOT written: cannot write /talks/kubecon-eu-2024-trip-report.md"),
        "{status}"
    );
    assert!(status.contains("(e asks for other files)"), "{status}");
    // e asks again, with the files as typed, to correct them.
    assert!(app.update(key('e')).is_empty());
    assert_eq!(app.key_mode(), KeyMode::Export);
    // The stars are untouched.
    assert_eq!(app.plan.agenda.stars.len(), 2);
}

#[test]
fn export_files_and_the_pickers_tracks_are_remembered_across_a_restart() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(data_dir.path());
    let folder = data_dir.path().join("out");
    let mut first = app(&folder);
    let key_of_conference = agenda_key(&first.schedule);
    // The runtime writes what update asks to remember.
    let remember = |effects: Vec<Effect>| {
        for e in effects {
            if let Effect::Remember(state) = e {
                data.remember(&key_of_conference, &state).unwrap();
            }
        }
    };
    first.update(key('e'));
    let job = the_job(&first.update(code(KeyCode::Enter)));
    remember(first.update(written(&job)));
    // Two tracks marked in the picker.
    first.update(key('f'));
    first.update(key('/'));
    typed(&mut first, "argo");
    first.update(code(KeyCode::Enter));
    first.update(key(' '));
    first.update(key('/'));
    for _ in 0..4 {
        first.update(code(KeyCode::Backspace));
    }
    typed(&mut first, "opentofu");
    first.update(code(KeyCode::Enter));
    first.update(key(' '));
    remember(first.update(code(KeyCode::Enter)));
    assert_eq!(first.filters.tracks.len(), 2, "{:?}", first.status);

    // A new start reads them back: the filter in force and named, e writes without asking.
    let mut second = app(&folder);
    let effects = second.restore(DataDir::new(data_dir.path()).remembered(&key_of_conference));
    assert!(effects.is_empty(), "nothing to correct: {effects:?}");
    assert_eq!(second.filters, first.filters);
    assert!(screen(&second).contains("2 tracks"), "{}", screen(&second));
    assert_eq!(the_job(&second.update(key('e'))).paths, job.paths);

    // Clearing the filter is remembered too.
    remember(second.update(key('c')));
    let mut third = app(&folder);
    third.restore(DataDir::new(data_dir.path()).remembered(&key_of_conference));
    assert!(third.filters.tracks.is_empty());
}

#[test]
fn a_remembered_track_the_schedule_lost_is_dropped_and_said_never_hiding_everything() {
    let mut app = app(Path::new("/talks"));
    let all_rows = app.list.rows.len();
    let effects = app.restore(Remembered {
        tracks: vec!["ArgoCon".into(), "Vanished Day".into()],
        rooms: vec!["Room 404".into()],
        ..Remembered::default()
    });
    // The track that is left filters; the lost names are forgotten and said.
    assert_eq!(remembered(&effects).tracks, ["ArgoCon"]);
    assert!(remembered(&effects).rooms.is_empty());
    assert_eq!(app.filters.tracks.len(), 1);
    let status = app.status.clone().unwrap();
    assert!(
        status.contains("track \"Vanished Day\", room \"Room 404\" no longer in the schedule"),
        "{status}"
    );

    // Every remembered name lost: no filter at all, every session shown.
    let mut app = self::app(Path::new("/talks"));
    let effects = app.restore(Remembered {
        tracks: vec!["Vanished Day".into()],
        ..Remembered::default()
    });
    assert!(app.filters.tracks.is_empty());
    assert_eq!(app.list.rows.len(), all_rows);
    assert!(!app.list.rows.is_empty());
    assert_eq!(remembered(&effects), Remembered::default());
}

/// The real binary: star two sessions, write a note, press `e`, answer the prompt; both files
/// exist and read back (the calendar holds the starred sessions, the report the note). After a
/// restart `e` writes to the same files without asking.
#[test]
fn pty_e_writes_the_calendar_and_the_trip_report_and_remembers_where() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (ics, md) = (out.join("paris.ics"), out.join("paris.md"));
    let env = [("HALLWAY_NO_OPEN", "1")];

    let mut s = support::pty::Pty::start(&data, &["demo"], &env);
    s.wait_for("Wed 20 Mar 11:10");
    s.keys("s");
    s.wait_for("★ starred");
    s.keys("js");
    s.wait_until("two stars", |t| t.matches('★').count() >= 3);
    s.keys("n");
    s.wait_for("Notes:");
    s.keys("Ask about the RBAC audit");
    s.wait_for("Ask about the RBAC audit");
    s.keys("\x1b");
    s.wait_until("the notes closed", |t| !t.contains("Notes:"));
    s.keys("e");
    s.wait_for("Export");
    s.wait_for("kubecon-eu-2024-trip-report.md");
    // Ctrl-u clears the default; Tab goes to the report's file.
    s.keys("\x15");
    s.keys(&ics.display().to_string());
    s.keys("\t\x15");
    s.keys(&md.display().to_string());
    s.keys("\r");
    s.wait_for("(2 events)");
    s.wait_for("wrote");
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0), "{}", s.contents());

    let schedule = hallway::demo::load().unwrap();
    let agenda = DataDir::new(&data)
        .agenda_store(&schedule)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(agenda.stars.len(), 2);
    let calendar = hallway::formats::load_file(&ics, hallway::formats::LoadOptions::default())
        .unwrap_or_else(|e| panic!("the calendar reads back: {e}"));
    let mut ids: Vec<&str> = calendar.sessions().iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    let mut starred: Vec<&str> = agenda.stars.iter().map(String::as_str).collect();
    starred.sort_unstable();
    assert_eq!(ids, starred);
    let report = std::fs::read_to_string(&md).unwrap();
    assert!(report.starts_with('#'), "{report}");
    assert!(report.contains("Ask about the RBAC audit"), "{report}");

    // The next start: e writes to the same files at once.
    std::fs::remove_file(&ics).unwrap();
    std::fs::remove_file(&md).unwrap();
    let mut s = support::pty::Pty::start(&data, &["demo"], &env);
    s.wait_for("Wed 20 Mar 11:10");
    s.keys("e");
    s.wait_for("(2 events)");
    assert!(
        !s.contents().contains("Trip report (Markdown)"),
        "no prompt"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    assert!(ics.is_file() && md.is_file());
}

/// An export asked for just before quitting is written: `e`, Enter and `q` in one go still
/// leave both files (the loop waits for the writes before it exits).
#[test]
fn pty_an_export_asked_for_just_before_q_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ics, md) = (dir.path().join("q.ics"), dir.path().join("q.md"));
    let mut s = support::pty::Pty::start(&data, &["demo"], &[("HALLWAY_NO_OPEN", "1")]);
    s.wait_for("Wed 20 Mar 11:10");
    s.keys("s");
    s.wait_for("★ starred");
    s.keys("e");
    s.wait_for("kubecon-eu-2024-trip-report.md");
    s.keys("\x15");
    s.keys(&ics.display().to_string());
    s.keys("\t\x15");
    s.keys(&md.display().to_string());
    s.keys("\rq");
    assert_eq!(s.wait_exit(), Some(0), "{}", s.contents());
    assert!(ics.is_file(), "the calendar was written");
    assert!(md.is_file(), "the trip report was written");
}
