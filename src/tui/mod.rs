//! The terminal interface: one loop over `message → update → effects → draw`.
//!
//! Every input is a [`msg::Msg`] on one channel: terminal events (read by a thread), the store
//! worker's save results and reloads (saves never run on the loop, so a held lock cannot freeze
//! the screen), signals, and the clock's ticks (the loop's own timeout). The loop drains what
//! is waiting, draws once when something changed, and sleeps until the next message, the next
//! minute or the next timer the state asked for. Quitting, a signal or a crash saves what is
//! typed; what cannot be saved is written to a recovery file beside the agenda.
//! `ratatui::init` restores the terminal on panic; mouse capture is undone by our own hook.
//! A schedule from the web is refreshed by a worker of its own (`web_worker`), asked by an
//! effect when a refresh is due or `R` is pressed; its answer is a message like the others.

pub mod action;
pub mod app;
pub mod coverage;
pub mod detail;
pub mod grid;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod notes;
pub mod notify;
pub mod opener;
pub mod rooms;
mod runtime;
mod store_worker;
mod team_watch;
pub mod theme;
pub mod views;
pub mod web_worker;

/// How the shell asks the interface to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Return right after the first frame is drawn (to time startup).
    pub exit_after_first_frame: bool,
    /// For a schedule from the web: refresh at this interval instead of the rule (every 2 h
    /// during the conference, daily before it, never after).
    pub refresh_every: Option<std::time::Duration>,
    /// Timeouts and limits of those refreshes.
    pub fetch_limits: crate::fetch::Limits,
    /// The leave-now reminder's lead time, bell and desktop notification.
    pub reminders: app::Reminders,
    /// What shows desktop notifications (when `reminders.notify`): the desktop's service.
    pub notifications: notify::Notifications,
    /// The key table with the config file's `[keys]`.
    pub keymap: keymap::Keymap,
    /// The config file's colours (`NO_COLOR` still wins).
    pub palette: crate::config::Palette,
    /// What opens links (`o`): the system's browser, or nothing (`HALLWAY_NO_OPEN`).
    pub opener: opener::Opener,
    /// Draw links' addresses as OSC 8 hyperlinks (stdout is a terminal that takes them).
    pub hyperlinks: bool,
    /// Where exports go unless the attendee says otherwise, and relative paths start: the
    /// folder hallway was started in.
    pub export_folder: std::path::PathBuf,
    /// The home folder, for paths typed as `~/...`.
    pub home: Option<std::path::PathBuf>,
}

pub use runtime::run;
