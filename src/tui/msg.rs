//! What reaches the interface (messages) and what it asks the runtime to do (effects).
//!
//! Every input is a [`Msg`] through `App::update`: terminal events, the clock, the agenda file
//! changing on disk, a save finishing, idle time, a signal. `update` answers with [`Effect`]s,
//! which the runtime (`tui::run`) carries out off the loop and reports back as messages. Tests
//! drive `update` with the same values, without a terminal.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use super::action::Action;
use crate::plan::{Agenda, Change};

/// One input to the interface.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press (releases and repeats are dropped before they get here).
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Text pasted into the terminal.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock: the current instant. Sent before each batch of events, at each new minute and
    /// when a timer the state asked for (autosave, a save retry) is due.
    Tick(DateTime<Utc>),
    /// The agenda file changed on disk (another hallway saved) and was read again, or could not be.
    Reloaded(Result<Agenda, String>),
    /// The team's share files changed on disk (or were read at start): every teammate's share,
    /// and the files that could not be used.
    Team {
        shares: Vec<crate::plan::team::Share>,
        problems: Vec<String>,
        /// How the attendee is named, and the tracks or topics they marked (for the coverage).
        me: Option<String>,
        interests: Vec<String>,
    },
    /// A save asked for by [`Effect::Save`] finished: the agenda as stored, or why it failed.
    Saved {
        job: u64,
        result: Result<Agenda, String>,
    },
    /// Nothing is waiting: prepare a slice of what is worth preparing (the search's text).
    Idle,
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked the interface to stop: save and quit.
    Terminate,
    /// An action decided elsewhere (tests, and the keymap's result).
    Action(Action),
    /// A refresh of the schedule from the web asked for by [`Effect::Refresh`] came back.
    Fetched(Box<crate::tui::app::web::Fetched>),
    /// A desktop notification asked for by [`Effect::Notify`] was shown, or could not be.
    Notified(Result<(), String>),
    /// A link handed to the browser by [`Effect::Open`]: what became of it.
    Opened {
        url: String,
        outcome: Opened,
    },
    /// The files of an [`Effect::Export`]: each written, or why not.
    Exported(crate::tui::app::export::Exported),
    /// What [`Effect::Remember`] asked to remember could not be written (why).
    NotRemembered(String),
}

/// What became of a link the runtime was asked to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The system's opener took it.
    Launched,
    /// Opening is turned off (`HALLWAY_NO_OPEN`, tests): nothing was launched.
    Disabled,
    /// The opener could not be run, or said it failed.
    Failed(String),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Self {
        Msg::Action(action)
    }
}

/// Something `update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save these changes through the store (off the loop); the result comes back as
    /// [`Msg::Saved`] with the same job number.
    Save { job: u64, changes: Vec<Change> },
    /// Ask the server whether the schedule changed (off the loop); the answer comes back as
    /// [`Msg::Fetched`].
    Refresh,
    /// Ring the terminal bell (a leave-now reminder).
    Bell,
    /// Show a desktop notification (a leave-now reminder, with `--notify`), off the loop; the
    /// outcome comes back as [`Msg::Notified`].
    Notify(super::notify::Notification),
    /// Open a web address (a session's link, already cleaned to http/https) in the browser, off
    /// the loop; the outcome comes back as [`Msg::Opened`].
    Open { url: String },
    /// Write the calendar and the trip report (texts made by `update` with the CLI's writers);
    /// what became of them comes back as [`Msg::Exported`].
    Export(Box<crate::tui::app::export::ExportJob>),
    /// Remember this conference's state in the data directory (atomically); a failure comes
    /// back as [`Msg::NotRemembered`].
    Remember(Box<crate::store::Remembered>),
    /// Stop: everything asked to be saved has been handed over (the runtime waits for it).
    Quit,
}
