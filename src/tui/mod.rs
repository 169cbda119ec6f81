//! The terminal interface: one loop over `message → update → effects → draw`.
//!
//! Every input is a [`msg::Msg`] on one channel: terminal events (read by a thread), the store
//! worker's save results and reloads (saves never run on the loop, so a held lock cannot freeze
//! the screen), signals, and the clock's ticks (the loop's own timeout). The loop drains what
//! is waiting, draws once when something changed, and sleeps until the next message, the next
//! minute or the next timer the state asked for. Quitting, a signal or a crash saves what is
//! typed; what cannot be saved is written to a recovery file beside the agenda.
//! `ratatui::init` restores the terminal on panic; mouse capture is undone by our own hook.

pub mod action;
pub mod app;
pub mod detail;
pub mod grid;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod notes;
mod runtime;
pub mod search;
mod store_worker;
pub mod theme;
pub mod views;

/// How the shell asks the interface to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Return right after the first frame is drawn (to time startup).
    pub exit_after_first_frame: bool,
}

pub use runtime::run;
