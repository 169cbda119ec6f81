//! What every command works on: the schedule, where the agenda lives, the clock and display zone.
//!
//! This is the one place that reads the environment (`HALLWAY_DATA_DIR`) and the platform's data
//! directory; the core receives plain paths and instants.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{BadInput, GlobalArgs};
use crate::formats::{self, LoadOptions};
use crate::plan::Agenda;
use crate::schedule::Schedule;
use crate::store::{AgendaStore, DataDir};

/// Where the schedule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Demo,
    File(PathBuf),
}

/// The loaded schedule and the attendee's storage, shared by all commands.
#[derive(Debug)]
pub struct Context {
    pub schedule: Schedule,
    pub source: Source,
    pub data: DataDir,
    pub store: AgendaStore,
    /// The current instant (injected with --now / `HALLWAY_NOW`, else the system clock).
    pub now: DateTime<Utc>,
    /// The zone times are shown in.
    pub display_tz: Tz,
    /// `HALLWAY_EXIT_AFTER_FIRST_FRAME` (not in the help): the interface returns right after it
    /// has drawn its first frame, so `benches/compare.sh` can time startup to first frame.
    pub exit_after_first_frame: bool,
}

impl Context {
    /// Resolves and loads the schedule, and finds its agenda.
    pub fn open(global: &GlobalArgs) -> anyhow::Result<Context> {
        let data = DataDir::new(data_dir()?);
        let options = LoadOptions {
            fallback_zone: global.tz,
        };
        let (schedule, source) = match &global.schedule {
            Some(p) if is_demo(p) => (crate::demo::load()?, Source::Demo),
            Some(path) => {
                let schedule = formats::load_file(path, options)?;
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                // Remembering is a convenience: failing to remember must not fail the command.
                let _ = data.set_last_schedule(Some(&absolute));
                (schedule, Source::File(absolute))
            }
            None => match data.last_schedule() {
                Some(path) if path.exists() => match formats::load_file(&path, options) {
                    Ok(schedule) => (schedule, Source::File(path)),
                    Err(e) => {
                        eprintln!(
                            "hallway: warning: the schedule opened last cannot be read ({e}); opening the bundled demo"
                        );
                        (crate::demo::load()?, Source::Demo)
                    }
                },
                _ => (crate::demo::load()?, Source::Demo),
            },
        };
        if matches!(source, Source::Demo) && global.schedule.is_some() {
            let _ = data.set_last_schedule(None);
        }
        let agenda_path = global
            .agenda
            .clone()
            .unwrap_or_else(|| data.agenda_path(&schedule.conference.id));
        let store = AgendaStore::new(agenda_path, schedule.conference.id.clone());
        let display_tz = global.tz.unwrap_or(schedule.conference.timezone);
        Ok(Context {
            now: global.now.map_or_else(Utc::now, |t| t.to_utc()),
            schedule,
            source,
            data,
            store,
            display_tz,
            exit_after_first_frame: std::env::var_os("HALLWAY_EXIT_AFTER_FIRST_FRAME")
                .is_some_and(|v| !v.is_empty() && v != "0"),
        })
    }

    /// The agenda as saved now.
    pub fn agenda(&self) -> anyhow::Result<Agenda> {
        Ok(self.store.load()?)
    }

    /// The position of a session by id, or a bad-input error that says what to do.
    pub fn find(&self, id: &str) -> anyhow::Result<usize> {
        self.schedule.find(id).map(|(i, _)| i).ok_or_else(|| {
            BadInput(format!(
                "no session with id \"{id}\" in {} (ids are in the first column of `hallway list`)",
                self.schedule.conference.title
            ))
            .into()
        })
    }

    /// How the schedule file is named in output.
    pub fn source_name(&self) -> String {
        match &self.source {
            Source::Demo => crate::demo::NAME.to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// `HALLWAY_DATA_DIR`, else the platform's data directory for hallway.
fn data_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("HALLWAY_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "hallway")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for hallway's data; set HALLWAY_DATA_DIR")
}

/// Whether a path names the bundled demo.
pub fn is_demo(path: &Path) -> bool {
    path.as_os_str() == "demo" && !path.exists()
}
