//! The runtime: the terminal, the threads that feed the one channel, the loop, and the exit.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use super::app::App;
use super::msg::{Effect, Msg};
use super::store_worker::{self, Job};
use super::team_watch;
use super::web_worker;
use super::{Options, views};
use crate::opened::OpenedConference;
use crate::plan::Change;
use crate::store::AgendaStore;

/// How long quitting waits for the last saves (a lock held elsewhere, a slow disk) before it
/// writes what is unsaved to a recovery file.
const QUIT_WAIT: Duration = Duration::from_secs(5);

/// Runs the interface until the attendee quits (or a signal asks it to).
pub fn run(conference: OpenedConference, options: Options) -> anyhow::Result<()> {
    // Refuse a damaged agenda before touching the terminal, so the error is readable (and the
    // warnings with it: the interface that would have shown them does not start).
    let agenda = match conference.agenda() {
        Ok(agenda) => agenda,
        Err(e) => {
            for warning in &conference.warnings {
                eprintln!("hallway: warning: {}", crate::text::for_terminal(warning));
            }
            return Err(e.into());
        }
    };
    let team = crate::team_store::TeamStore::new(
        conference.data.root(),
        &conference.schedule.conference.id,
        conference.team_dir.clone(),
    )
    .with_name(conference.name.clone());
    let OpenedConference {
        schedule,
        store,
        now,
        display_tz,
        source,
        data,
        load,
        warnings,
        ..
    } = conference;
    // What is remembered for this conference (export files, the picker's choice), under the
    // key its agenda file is named by.
    let remembered_key = crate::store::agenda_key(&schedule);
    let remembered = data.remembered(&remembered_key);
    let started = Instant::now();
    let clock = move || now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();

    let (tx, rx) = mpsc::channel::<Msg>();
    let jobs = store_worker::spawn(store.clone(), tx.clone());
    // A schedule from the web gets a worker that refreshes it when asked.
    let web = web_worker::start(&source, &data, load, &options, tx.clone(), clock);
    listen_for_signals(tx.clone());

    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
    let mut terminal = ratatui::init();
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let size = terminal
        .size()
        .map(|s| Rect::new(0, 0, s.width, s.height))
        .unwrap_or_default();
    // The team is read before the first frame, then watched like the agenda.
    let first_team = team_watch::read(&team, &schedule.conference);
    team_watch::spawn(team, schedule.conference.clone(), tx.clone());
    // Left to the process's exit to free, as the CLI's commands leave theirs (issue #19).
    let mut app =
        std::mem::ManuallyDrop::new(App::new(schedule, agenda, display_tz, clock(), size));
    app.keymap = options.keymap;
    app.theme = super::theme::Theme::from_env_with(options.palette);
    let refreshes = web.map(|(state, refreshes)| {
        app.web = Some(state);
        refreshes
    });
    app.links.hyperlinks = options.hyperlinks;
    app.export_place = super::app::ExportPlace::new(options.export_folder, options.home);
    let (remember_tx, remembering) = remember_worker(data, remembered_key, tx.clone());
    let (export_tx, exporting) = export_worker(tx.clone());
    let workers = Workers {
        jobs,
        refreshes,
        opener: options.opener,
        notifications: options.notifications,
        replies: tx.clone(),
        remember: remember_tx,
        exports: export_tx,
    };
    run_effects(app.restore(remembered), &workers);
    let _ = app.update(first_team);
    // What opening found worth saying (a --tz against the file, the demo opened in place of a
    // schedule that cannot be read) is said on screen: on stderr it would be under this screen.
    app.warn_at_start(&warnings);
    app.set_reminders(options.reminders);
    if !options.exit_after_first_frame {
        read_terminal_events(tx);
    }
    // A panic in the loop still ends here: the terminal is restored by the hook above, and what
    // is typed is saved below like on any other exit.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if options.exit_after_first_frame {
            terminal
                .draw(|frame| views::draw(&app, frame))
                .map(|_| ())
                .map_err(anyhow::Error::from)
        } else {
            event_loop(&mut terminal, &mut app, &rx, &workers, &clock)
        }
    }));
    // Whatever ended the loop (quit, a signal, a closed terminal, a crash), the saves finish.
    let unsaved = finish(&mut app, &rx, &workers, &clock);
    // The files asked for and what was asked to be remembered are written before hallway ends
    // (an export asked for just before `q` is not lost).
    drop(workers);
    let _ = exporting.join();
    let _ = remembering.join();
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    if !unsaved.is_empty() {
        return Err(recover(&store, &app, &unsaved, clock()));
    }
    match result {
        Ok(result) => result,
        Err(_) => Err(anyhow::anyhow!(
            "hallway crashed (the message above says where); your stars, notes and ratings are saved. \
             Please report it, with that message and `hallway --version`, at {REPORT_URL}"
        )),
    }
}

/// Where to report a crash.
const REPORT_URL: &str = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(url) if !url.is_empty() => url,
    _ => "the hallway project's issue tracker",
};

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rx: &Receiver<Msg>,
    jobs: &Workers,
    clock: &dyn Fn() -> DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut changed = true;
    loop {
        if changed {
            terminal.draw(|frame| views::draw(app, frame))?;
            changed = false;
        }
        // While preparing is left and nothing waits, prepare a slice; else sleep until a message,
        // the next minute (the clock on screen) or the state's next timer.
        let first = if app.has_idle_work() {
            match rx.try_recv() {
                Ok(msg) => msg,
                Err(TryRecvError::Empty) => Msg::Idle,
                Err(TryRecvError::Disconnected) => return Ok(()),
            }
        } else {
            match rx.recv_timeout(wait(app, clock())) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => Msg::Tick(clock()),
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        };
        let idle = matches!(first, Msg::Idle);
        if !idle && !matches!(first, Msg::Tick(_)) {
            run_effects(app.update(Msg::Tick(clock())), jobs);
        }
        if handle(app, first, jobs) {
            return Ok(());
        }
        changed |= !idle;
        // Everything else already waiting is handled before the next frame.
        while let Ok(msg) = rx.try_recv() {
            if handle(app, msg, jobs) {
                return Ok(());
            }
            changed = true;
        }
    }
}

/// Passes a message through `update` and runs its effects; true when it asked to quit.
fn handle(app: &mut App, msg: Msg, jobs: &Workers) -> bool {
    if let Msg::Key(key) = &msg {
        crash_for_tests(key);
    }
    run_effects(app.update(msg), jobs)
}

/// Where effects are carried out: the store worker, the web worker when there is one, the
/// opener of links and the desktop's notifications (which answer on the loop's channel).
struct Workers {
    jobs: Sender<Job>,
    refreshes: Option<Sender<()>>,
    opener: super::opener::Opener,
    notifications: super::notify::Notifications,
    replies: Sender<Msg>,
    /// The conference's remembered state, written off the loop (see [`remember_worker`]).
    remember: Sender<crate::store::Remembered>,
    /// Exports, written off the loop (see [`export_worker`]).
    exports: Sender<super::app::export::ExportJob>,
}

/// Hands saves and refreshes to the workers; true when one of the effects is quitting.
fn run_effects(effects: Vec<Effect>, workers: &Workers) -> bool {
    let mut quit = false;
    for effect in effects {
        match effect {
            Effect::Save { job, changes } => {
                // A worker that is gone cannot answer: the changes stay unsaved, and quitting
                // writes them to the recovery file.
                let _ = workers.jobs.send(Job { job, changes });
            }
            Effect::Refresh => {
                if let Some(refreshes) = &workers.refreshes {
                    let _ = refreshes.send(());
                }
            }
            Effect::Quit => quit = true,
            Effect::Open { url } => workers.opener.open(url, &workers.replies),
            Effect::Notify(notification) => {
                workers.notifications.send(notification, &workers.replies);
            }
            Effect::Export(job) => {
                let _ = workers.exports.send(*job);
            }
            Effect::Remember(state) => {
                let _ = workers.remember.send(*state);
            }
            Effect::Bell => {
                let _ = io::Write::write_all(&mut io::stdout(), b"\x07");
                let _ = io::Write::flush(&mut io::stdout());
            }
        }
    }
    quit
}

/// A thread that writes what the interface remembers for the conference (`key`), one state
/// after another in the order asked (so the last one wins), off the loop: keys never wait for
/// the disk. A write that fails comes back as [`Msg::NotRemembered`]. The thread ends, its
/// writes done, once the sender is dropped: join it before exiting.
fn remember_worker(
    data: crate::store::DataDir,
    key: String,
    replies: Sender<Msg>,
) -> (
    Sender<crate::store::Remembered>,
    std::thread::JoinHandle<()>,
) {
    let (tx, rx) = mpsc::channel::<crate::store::Remembered>();
    let handle = std::thread::spawn(move || {
        for state in rx {
            if let Err(e) = data.remember(&key, &state) {
                let _ = replies.send(Msg::NotRemembered(e.to_string()));
            }
        }
    });
    (tx, handle)
}

/// A thread that writes exports' files, one export after another, off the loop (each file
/// atomically, with the CLI's checks); what became of them comes back as [`Msg::Exported`]. A
/// file that cannot be written leaves what was there. The thread ends, its writes done, once
/// the sender is dropped: join it before exiting.
fn export_worker(
    replies: Sender<Msg>,
) -> (
    Sender<super::app::export::ExportJob>,
    std::thread::JoinHandle<()>,
) {
    let (tx, rx) = mpsc::channel::<super::app::export::ExportJob>();
    let handle = std::thread::spawn(move || {
        for job in rx {
            let files = job
                .files
                .into_iter()
                .map(|f| super::app::export::Written {
                    result: crate::export::write_file(&f.path, f.text.as_bytes())
                        .map_err(|e| e.to_string()),
                    path: f.path,
                    events: f.events,
                })
                .collect();
            let _ = replies.send(Msg::Exported(super::app::export::Exported {
                paths: job.paths,
                files,
            }));
        }
    });
    (tx, handle)
}

/// How long the loop may sleep: until the next minute, or the state's next timer.
fn wait(app: &App, now: DateTime<Utc>) -> Duration {
    let to_minute = Duration::from_millis(
        60_000 - u64::try_from(now.timestamp_millis().rem_euclid(60_000)).unwrap_or(0),
    );
    match app.next_timer() {
        Some(at) => (at - now).to_std().unwrap_or(Duration::ZERO).min(to_minute),
        None => to_minute,
    }
}

/// Ends the session: asks `update` to quit (saving what is typed) if it has not, and waits for
/// the saves. Returns the changes that could not be saved.
fn finish(
    app: &mut App,
    rx: &Receiver<Msg>,
    jobs: &Workers,
    clock: &dyn Fn() -> DateTime<Utc>,
) -> Vec<Change> {
    run_effects(app.update(Msg::Tick(clock())), jobs);
    if !app.quitting {
        run_effects(app.update(Msg::Terminate), jobs);
    }
    let deadline = Instant::now() + QUIT_WAIT;
    while !app.saves.settled() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(left.min(Duration::from_millis(200))) {
            Ok(msg @ (Msg::Saved { .. } | Msg::Reloaded(_))) => {
                run_effects(app.update(msg), jobs);
            }
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // A failed save is tried again at once while quitting.
        run_effects(app.update(Msg::Tick(clock() + super::app::RETRY)), jobs);
    }
    app.saves.unsaved().cloned().collect()
}

/// What could not be saved, kept: each note's text in a recovery file beside the agenda (the
/// store's, as `note --edit` uses), the rest named. Returns the error that says where, so the
/// process does not exit 0 having dropped anything.
fn recover(
    store: &AgendaStore,
    app: &App,
    unsaved: &[Change],
    now: DateTime<Utc>,
) -> anyhow::Error {
    use std::fmt::Write as _;
    let why = app
        .saves
        .error
        .as_deref()
        .unwrap_or("the save did not finish in time");
    let mut message = format!("some changes could not be saved ({why})");
    // The last text of each note is what counts.
    let mut notes: Vec<(&str, &str)> = Vec::new();
    for c in unsaved {
        if let Change::SetNote { id, text, .. } = c {
            notes.retain(|(other, _)| other != id);
            notes.push((id, text));
        }
    }
    for (id, text) in notes {
        match store.write_recovery(id, text, now) {
            Ok(path) => {
                let _ = write!(message, "\nyour note for {id} is in {}", path.display());
            }
            Err(e) => {
                // Nowhere to write: the text goes to the terminal rather than nowhere.
                let _ = write!(
                    message,
                    "\nyour note for {id} could not be written to a recovery file either ({e}); here it is:\n{text}"
                );
            }
        }
    }
    let others: Vec<String> = unsaved
        .iter()
        .filter_map(|c| match c {
            Change::Star(id) => Some(format!("star {id}")),
            Change::Unstar(id) => Some(format!("unstar {id}")),
            Change::Hide(id) => Some(format!("hide {id}")),
            Change::Unhide(id) => Some(format!("show {id}")),
            Change::HideTrack(t) => Some(format!("hide track {t}")),
            Change::UnhideTrack(t) => Some(format!("show track {t}")),
            Change::Rate { id, stars } => Some(format!("rate {id} {}", stars.unwrap_or(0))),
            Change::Attended { id, attended } => Some(format!(
                "{id} attended: {}",
                if *attended { "yes" } else { "no" }
            )),
            _ => None,
        })
        .collect();
    if !others.is_empty() {
        let _ = write!(message, "\nnot saved, to redo: {}", others.join(", "));
    }
    anyhow::anyhow!(message)
}

/// Terminal events, read on their own thread and sent as messages.
fn read_terminal_events(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            let msg = match ev {
                Event::Key(key) if key.kind == KeyEventKind::Press => Msg::Key(key),
                Event::Mouse(m) => Msg::Mouse(m),
                Event::Resize(width, height) => Msg::Resize { width, height },
                Event::Paste(text) => Msg::Paste(text),
                _ => continue,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
}

/// SIGTERM, SIGHUP and SIGINT become [`Msg::Terminate`]: the loop saves, restores the terminal
/// and exits, as on `q`.
#[cfg(unix)]
fn listen_for_signals(tx: Sender<Msg>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if tx.send(Msg::Terminate).is_err() {
                return;
            }
        }
    });
}

#[cfg(not(unix))]
fn listen_for_signals(_tx: Sender<Msg>) {}

/// Debug builds only: a key named by `HALLWAY_DEBUG_PANIC_KEY` panics, so that the tests can
/// check what a crash leaves behind (terminal restored, notes saved, a report address printed).
fn crash_for_tests(key: &event::KeyEvent) {
    if cfg!(debug_assertions)
        && let event::KeyCode::Char(c) = key.code
        && std::env::var("HALLWAY_DEBUG_PANIC_KEY").is_ok_and(|v| v.starts_with(c))
    {
        panic!("crash requested with HALLWAY_DEBUG_PANIC_KEY");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc::{self, Receiver};

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::plan::Agenda;
    use crate::tui::app::Reminders;
    use crate::tui::notify::{Notification, Notifications, testing::Recording};

    /// The demo at 11:10 on 20 March with three talks starred (11:55 and 14:30 in N04, 16:30 in
    /// E03), reminders as given.
    fn demo(reminders: Reminders) -> App {
        let schedule = crate::demo::load().unwrap();
        let mut agenda = Agenda::new(&schedule.conference.id);
        for id in ["kc24-0121", "kc24-0137", "kc24-0160"] {
            agenda.apply(&Change::Star(id.into()));
        }
        let tz = schedule.conference.timezone;
        let mut app = App::new(
            schedule,
            agenda,
            tz,
            at("2024-03-20T11:10:00+01:00"),
            Rect::new(0, 0, 100, 30),
        );
        app.set_reminders(reminders);
        app
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    /// The loop's workers, with `notifier` for the desktop; saves go nowhere.
    fn workers(notifier: &Arc<Recording>) -> (Workers, Receiver<Msg>) {
        let (jobs, _) = mpsc::channel();
        let (replies, rx) = mpsc::channel();
        let workers = Workers {
            jobs,
            refreshes: None,
            opener: super::super::opener::Opener::Disabled,
            notifications: Notifications::to(notifier.clone()),
            replies,
            // These tests remember and export nothing: nobody receives.
            remember: mpsc::channel().0,
            exports: mpsc::channel().0,
        };
        (workers, rx)
    }

    /// One message through the loop: update, its effects run, and the notifier's answers
    /// (which come back on the channel, from a thread) handled as the loop would.
    fn step(app: &mut App, msg: Msg, workers: &Workers, rx: &Receiver<Msg>) -> Vec<Effect> {
        let effects = app.update(msg);
        let asked = effects
            .iter()
            .filter(|e| matches!(e, Effect::Notify(_)))
            .count();
        run_effects(effects.clone(), workers);
        for _ in 0..asked {
            let answer = rx.recv_timeout(Duration::from_secs(20)).unwrap();
            assert!(matches!(answer, Msg::Notified(_)), "{answer:?}");
            handle(app, answer, workers);
        }
        effects
    }

    /// The clock runs minute by minute to the end of the day; when the bell rang (a banner
    /// came).
    fn through_the_day(app: &mut App, workers: &Workers, rx: &Receiver<Msg>) -> Vec<DateTime<Utc>> {
        let mut bells = Vec::new();
        let mut t = app.now;
        while t < at("2024-03-20T19:00:00+01:00") {
            t += chrono::Duration::minutes(1);
            if step(app, Msg::Tick(t), workers, rx).contains(&Effect::Bell) {
                bells.push(t);
            }
        }
        bells
    }

    #[test]
    fn one_notification_per_session_at_the_time_to_leave() {
        let fake = Arc::new(Recording::default());
        let (workers, rx) = workers(&fake);
        let mut app = demo(Reminders {
            notify: true,
            ..Reminders::default()
        });
        let first = app.at_now.leave.clone().unwrap();
        let due = first.at - chrono::Duration::minutes(2);
        // Up to a minute before it is due: nothing.
        let mut t = app.now;
        while t < due - chrono::Duration::minutes(1) {
            t += chrono::Duration::minutes(1);
            step(&mut app, Msg::Tick(t), &workers, &rx);
        }
        assert!(fake.sent().is_empty(), "{:?}", fake.sent());
        // When it is due: one, with the room, the title and the walk.
        step(&mut app, Msg::Tick(due), &workers, &rx);
        let sent = fake.sent();
        assert_eq!(sent.len(), 1);
        let s = app.schedule.session(first.session);
        assert_eq!(
            sent[0].summary,
            format!("Leave now for {}", app.schedule.room_name(s))
        );
        assert!(
            sent[0]
                .body
                .starts_with(&format!("{} at 11:55, {}-min walk", s.title, first.walk)),
            "{:?}",
            sent[0]
        );
        // The rest of the day: one per starred session reminded, never twice.
        let bells = through_the_day(&mut app, &workers, &rx);
        let sent = fake.sent();
        assert_eq!(
            sent.len(),
            1 + bells.len(),
            "one with each banner: {sent:?}"
        );
        assert_eq!(sent.len(), 3, "the three starred talks: {sent:?}");
        let mut distinct = sent.clone();
        distinct.dedup();
        assert_eq!(distinct, sent);
        assert_eq!(app.status, None, "nothing failed");
    }

    #[test]
    fn off_by_default_nothing_is_sent() {
        let fake = Arc::new(Recording::default());
        let (workers, rx) = workers(&fake);
        let mut app = demo(Reminders::default());
        let bells = through_the_day(&mut app, &workers, &rx);
        assert!(!bells.is_empty(), "the banner and bell still come");
        assert_eq!(fake.sent(), Vec::<Notification>::new());
    }

    #[test]
    fn a_failure_is_said_once_and_the_reminders_go_on() {
        let fake = Arc::new(Recording {
            fail: Some("org.freedesktop.DBus.Error.ServiceUnknown".into()),
            ..Recording::default()
        });
        let (workers, rx) = workers(&fake);
        let mut app = demo(Reminders {
            notify: true,
            ..Reminders::default()
        });
        let due = app.at_now.leave.clone().unwrap().at - chrono::Duration::minutes(2);
        step(&mut app, Msg::Tick(due), &workers, &rx);
        let status = app.status.clone().unwrap();
        assert!(
            status
                .starts_with("no desktop notification (org.freedesktop.DBus.Error.ServiceUnknown)"),
            "{status}"
        );
        assert!(app.at_now.banner.is_some());
        // Cleared, it stays cleared: later failures are not said again.
        step(
            &mut app,
            Msg::Action(crate::tui::action::Action::Close),
            &workers,
            &rx,
        );
        step(
            &mut app,
            Msg::Action(crate::tui::action::Action::Close),
            &workers,
            &rx,
        );
        assert_eq!(app.status, None);
        let bells = through_the_day(&mut app, &workers, &rx);
        assert!(!bells.is_empty());
        assert_eq!(fake.sent().len(), 1 + bells.len());
        assert_eq!(app.status, None);
    }
}
