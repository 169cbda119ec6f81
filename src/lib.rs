//! hallway: a terminal conference planner.
//!
//! The core knows nothing of terminals or argument parsing:
//! - [`schedule`]: the programme (conference, rooms, tracks, sessions), indexed once at load.
//! - [`formats`]: reading schedule files (detected by content) and writing exports.
//! - [`plan`]: the attendee's agenda and what is worked out from it.
//! - [`store`]: where agendas live; atomic, locked, merging saves.
//! - [`team_store`]: where teammates' shares live (added ones, the team folder), read untrusted.
//! - [`remote`]: schedules fetched from the web: the copy kept, refreshed, never replaced by a bad one.
//! - [`library`]: the conferences you have (files and URLs opened), for `conferences` and `-s ID`.
//! - [`fetch`]: the HTTP client (timeouts, redirects checked, size limit while streaming).
//! - [`text`]: cleaning untrusted text from schedule files.
//! - [`config`]: the config file (defaults, theme, keys), read and checked whole.
//! - [`opened`]: the opened conference (schedule, agenda store, clock, display zone) both shells use.
//! - [`export`]: the calendar and trip report both shells write, and the file they go to.
//! - [`demo`]: the bundled `KubeCon` EU 2024 schedule.
//!
//! The shells over it:
//! - [`cli`]: the command line (clap), one module per subcommand.
//! - [`tui`]: the terminal interface (ratatui).

pub mod cli;
pub mod config;
pub mod demo;
pub mod export;
pub mod fetch;
pub mod formats;
#[cfg(any(test, feature = "fuzz"))]
#[doc(hidden)]
pub mod fuzz_support;
pub mod library;
pub mod opened;
pub mod plan;
pub mod remote;
pub mod schedule;
pub mod store;
pub mod team_store;
pub mod text;
pub mod tui;
