//! The terminal interface: a synchronous loop over `key → Action → update → effects → draw`.
//!
//! The loop drains every pending event before drawing once, wakes each second to move the clock
//! on, and saves each change through the store the moment it is made, so quitting, Ctrl-C, a
//! closed terminal or a crash lose nothing. `ratatui::init` restores the terminal on panic; mouse
//! capture is undone by our own hook and on exit.

pub mod action;
pub mod app;
pub mod grid;
pub mod keymap;
pub mod layout;
pub mod notes;
pub mod search;
pub mod theme;
pub mod views;

use std::io;
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::opened::OpenedConference;
use action::Action;
use app::{App, Effect};

/// How the shell asks the interface to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Return right after the first frame is drawn (to time startup).
    pub exit_after_first_frame: bool,
}

/// Runs the interface until the attendee quits.
pub fn run(conference: OpenedConference, options: Options) -> anyhow::Result<()> {
    // Refuse a damaged agenda before touching the terminal, so the error is readable.
    let agenda = conference.agenda()?;
    let OpenedConference {
        schedule,
        store,
        now,
        display_tz,
        ..
    } = conference;
    let exit_after_first_frame = options.exit_after_first_frame;
    let started = Instant::now();
    let clock = move || now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();

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
    let mut app = App::new(schedule, agenda, display_tz, clock(), size);
    // A panic in the loop still ends here: the terminal is restored by the hook above, and the
    // notes being typed are saved below like on any other exit.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if exit_after_first_frame {
            terminal
                .draw(|frame| views::draw(&app, frame))
                .map(|_| ())
                .map_err(anyhow::Error::from)
        } else {
            event_loop(&mut terminal, &mut app, &store, &clock)
        }
    }));
    // Whatever ended the loop (quit, a closed terminal, a crash), unsaved notes are saved now.
    app.set_now(clock());
    if let Some(effect) = app.flush_notes() {
        run_effect(&mut app, &store, effect);
    }
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
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
    store: &crate::store::AgendaStore,
    clock: &dyn Fn() -> chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut watch = Watch::new(store.path());
    loop {
        terminal.draw(|frame| views::draw(app, frame))?;
        // While no key is waiting, prepare what is worth preparing (a slice at a time).
        while !event::poll(Duration::ZERO)? && app.idle_work() {}
        // Wait for an event, or the next second so the clock moves on; while notes are unsaved,
        // wake often enough to save them within a second.
        let wait = if app.notes.as_ref().is_some_and(notes::NotesEditor::dirty) {
            notes::TICK
        } else {
            Duration::from_secs(1)
        };
        if !event::poll(wait)? {
            app.set_now(clock());
            if let Some(effect) = app.autosave() {
                run_effect(app, store, effect);
                watch.saw_own_save();
            }
            // Another hallway (the CLI, a second terminal) may have saved meanwhile.
            if watch.changed() {
                match store.load() {
                    Ok(agenda) => {
                        app.set_agenda(agenda);
                        app.status = Some("updated with changes saved elsewhere".into());
                    }
                    Err(e) => app.status = Some(format!("cannot read the agenda: {e}")),
                }
            }
            continue;
        }
        // Handle every pending event, then draw once.
        loop {
            let ev = event::read()?;
            app.set_now(clock());
            crash_for_tests(&ev);
            if let Some(action) = to_action(app, &ev)
                && let Some(effect) = app.update(action)
            {
                run_effect(app, store, effect);
                watch.saw_own_save();
            }
            if let Some(effect) = app.autosave() {
                run_effect(app, store, effect);
                watch.saw_own_save();
            }
            if app.quit {
                return Ok(());
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Debug builds only: a key named by `HALLWAY_DEBUG_PANIC_KEY` panics, so that the tests can
/// check what a crash leaves behind (terminal restored, notes saved, a report address printed).
fn crash_for_tests(ev: &Event) {
    if cfg!(debug_assertions)
        && let Event::Key(k) = ev
        && let event::KeyCode::Char(c) = k.code
        && std::env::var("HALLWAY_DEBUG_PANIC_KEY").is_ok_and(|v| v.starts_with(c))
    {
        panic!("crash requested with HALLWAY_DEBUG_PANIC_KEY");
    }
}

/// Notices when the agenda file changes under us (another process saved it).
///
/// Our own saves already merge what others wrote (the store re-reads under its lock), so this
/// only matters while the attendee is not changing anything; a stat a second is enough.
struct Watch {
    path: std::path::PathBuf,
    last: Option<(std::time::SystemTime, u64)>,
}

impl Watch {
    fn new(path: &std::path::Path) -> Self {
        let mut w = Watch {
            path: path.to_path_buf(),
            last: None,
        };
        w.last = w.stamp();
        w
    }

    fn stamp(&self) -> Option<(std::time::SystemTime, u64)> {
        let meta = std::fs::metadata(&self.path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }

    /// Records the file as it is after a save of ours.
    fn saw_own_save(&mut self) {
        self.last = self.stamp();
    }

    /// Whether the file changed since we last looked.
    fn changed(&mut self) -> bool {
        let now = self.stamp();
        let changed = now != self.last;
        self.last = now;
        changed
    }
}

/// Maps a terminal event to an action in the app's current mode.
pub fn to_action(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind == KeyEventKind::Press => keymap::keymap(app.key_mode(), *key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll(1)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Paste(text) if app.notes.is_some() => Some(Action::NotePaste(text.clone())),
        _ => None,
    }
}

/// Carries out what `update` asked for.
fn run_effect(app: &mut App, store: &crate::store::AgendaStore, effect: Effect) {
    match effect {
        Effect::Save(changes) => match store.apply(&changes) {
            Ok(agenda) => app.set_agenda(agenda),
            Err(e) => app.status = Some(format!("NOT SAVED: {e}")),
        },
    }
}
