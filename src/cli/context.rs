//! Opening the conference a command works on, from the arguments and the environment.
//!
//! This is the one place that reads the environment (`HALLWAY_DATA_DIR`, `HALLWAY_NOW` through
//! clap) and the platform's data directory; [`crate::opened`] resolves and loads the schedule
//! from plain paths and instants.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::Utc;

use super::{BadInput, GlobalArgs};
use crate::fetch::{Client, Limits};
use crate::opened::{OpenRequest, OpenedConference};
use crate::remote::RefreshWhen;

/// What every command works on (see [`crate::opened`]).
pub type Context = OpenedConference;

/// Resolves and loads the schedule, and finds its agenda; warnings go to standard error. A
/// schedule named with `-s` is used for this command only; one from the web is refreshed first
/// when a refresh is due.
pub fn open(global: &GlobalArgs) -> anyhow::Result<Context> {
    let conference = open_with(global, RefreshWhen::IfDue { every: None }, false)?;
    print_warnings(&conference);
    Ok(conference)
}

/// The problems met while opening that did not stop it, on standard error (the interface
/// shows them on its own screen instead: printed before it takes the terminal, they would be
/// hidden under it at once).
pub fn print_warnings(conference: &Context) {
    for warning in &conference.warnings {
        eprintln!("hallway: warning: {}", crate::text::for_terminal(warning));
    }
}

/// [`open`] without printing the warnings (`conference.warnings`), deciding when a schedule
/// from the web is refreshed while opening (the interface opens the copy as it is and
/// refreshes in the background, so a slow network cannot delay its first frame), and whether
/// the schedule named becomes the one opened next time (the interface, `use`).
pub fn open_with(
    global: &GlobalArgs,
    refresh: RefreshWhen,
    remember: bool,
) -> anyhow::Result<Context> {
    let clock = Utc::now();
    let mut conference = OpenedConference::open(OpenRequest {
        schedule: global.schedule.clone(),
        agenda: global.agenda.clone(),
        tz: global.tz,
        now: global.now.map_or(clock, |t| t.approximate(clock)),
        data_dir: data_dir()?,
        team_dir: global.team_dir.clone(),
        default_tz: global.config.tz,
        name: global.config.name.clone(),
        fetch_limits: fetch_limits(),
        refresh,
        remember,
    })?;
    // A time at the venue is placed in the venue's zone, known now that the schedule is loaded.
    if let Some(now) = global.now {
        conference.now = now
            .resolve(conference.schedule.conference.timezone, clock)
            .map_err(BadInput)?;
    }
    Ok(conference)
}

/// `HALLWAY_EXIT_AFTER_FIRST_FRAME` (not in the help): the interface returns right after it has
/// drawn its first frame, so `benches/compare.sh` can time startup to first frame.
pub fn exit_after_first_frame() -> bool {
    std::env::var_os("HALLWAY_EXIT_AFTER_FIRST_FRAME").is_some_and(|v| !v.is_empty() && v != "0")
}

/// What opens links in the interface: the system's browser, or nothing when `HALLWAY_NO_OPEN`
/// is set (to anything but empty or `0`), as the tests that drive the interface set it.
pub fn opener() -> crate::tui::opener::Opener {
    if std::env::var_os("HALLWAY_NO_OPEN").is_some_and(|v| !v.is_empty() && v != "0") {
        crate::tui::opener::Opener::Disabled
    } else {
        crate::tui::opener::Opener::System
    }
}

/// Whether the interface draws links as OSC 8 hyperlinks: when stdout is a terminal, and not
/// the Linux console or a dumb terminal (which would print the sequence instead of ignoring it).
pub fn hyperlinks() -> bool {
    use std::io::IsTerminal as _;
    let term = std::env::var("TERM").unwrap_or_default();
    std::io::stdout().is_terminal() && !matches!(term.as_str(), "dumb" | "linux")
}

/// The folder hallway was started in (where the interface's exports go by default); "." when
/// it cannot be told (deleted meanwhile).
pub fn current_folder() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// `HALLWAY_DATA_DIR`, else the platform's data directory for hallway.
pub(super) fn data_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("HALLWAY_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "hallway")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for hallway's data; set HALLWAY_DATA_DIR")
}

/// The login name (`USER`, else `USERNAME`, else `LOGNAME`): the default name to share under.
pub fn login_name() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.is_empty())
}

/// The limits for fetching schedules. `HALLWAY_FETCH_TIMEOUT` (seconds, not in the help) caps
/// both the connect and the total timeout, so tests of a slow server stay fast.
pub(super) fn fetch_limits() -> Limits {
    let mut limits = Limits::default();
    if let Some(secs) = std::env::var("HALLWAY_FETCH_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
    {
        let cap = std::time::Duration::from_secs_f64(secs);
        limits.connect = limits.connect.min(cap);
        limits.total = limits.total.min(cap);
    }
    limits
}

/// The HTTP client for `refresh` (proxies from `HTTPS_PROXY`/`NO_PROXY`).
pub(super) fn fetch_client() -> Client {
    Client::new(fetch_limits())
}
