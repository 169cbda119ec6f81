//! The opened conference: the schedule, where its agenda lives, the clock and the display zone.
//!
//! Both shells work on one of these: the command line builds an [`OpenRequest`] from its
//! arguments and the environment, [`OpenedConference::open`] resolves and loads the schedule,
//! and the command or the terminal interface runs over the result. Nothing here reads the
//! environment or the clock; the shell passes them in.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::formats::{self, LoadOptions};
use crate::plan::Agenda;
use crate::schedule::Schedule;
use crate::store::{AgendaStore, DataDir, StoreError};

/// Where the schedule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Demo,
    File(PathBuf),
}

/// What the shell asks to open: everything it read from its arguments and the environment.
#[derive(Debug, Clone)]
pub struct OpenRequest {
    /// The schedule named by the attendee ("demo" for the bundled one), else the one opened last.
    pub schedule: Option<PathBuf>,
    /// An agenda file named by the attendee, else the conference's own in the data directory.
    pub agenda: Option<PathBuf>,
    /// The zone to show times in (and to read floating times in), else the conference's.
    pub tz: Option<Tz>,
    /// The current instant (the shell's clock, or one injected for tests).
    pub now: DateTime<Utc>,
    /// Where hallway keeps its data.
    pub data_dir: PathBuf,
    /// The team folder: every teammate's share file, synced by the team.
    pub team_dir: Option<PathBuf>,
}

/// The loaded schedule and the attendee's storage, shared by every command and the interface.
#[derive(Debug)]
pub struct OpenedConference {
    pub schedule: Schedule,
    pub source: Source,
    pub data: DataDir,
    pub store: AgendaStore,
    /// The current instant when the conference was opened.
    pub now: DateTime<Utc>,
    /// The zone times are shown in.
    pub display_tz: Tz,
    /// Problems met while opening that did not stop it (the shell prints them).
    pub warnings: Vec<String>,
    /// The team folder, if one is set (see `crate::team_store`).
    pub team_dir: Option<PathBuf>,
}

/// A session id the schedule does not have.
#[derive(Debug, thiserror::Error)]
#[error(
    "no session with id \"{id}\" in {conference} (ids are in the first column of `hallway list`)"
)]
pub struct NoSuchSession {
    pub id: String,
    pub conference: String,
}

impl OpenedConference {
    /// Resolves and loads the schedule, and finds its agenda.
    pub fn open(request: OpenRequest) -> anyhow::Result<OpenedConference> {
        let data = DataDir::new(request.data_dir);
        let options = LoadOptions {
            fallback_zone: request.tz,
        };
        let mut warnings = Vec::new();
        let (schedule, source) = match &request.schedule {
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
                        warnings.push(format!(
                            "the schedule opened last cannot be read ({e}); opening the bundled demo"
                        ));
                        (crate::demo::load()?, Source::Demo)
                    }
                },
                _ => (crate::demo::load()?, Source::Demo),
            },
        };
        if matches!(source, Source::Demo) && request.schedule.is_some() {
            let _ = data.set_last_schedule(None);
        }
        let store = match request.agenda {
            Some(path) => AgendaStore::new(path, schedule.conference.id.clone()),
            None => data.agenda_store(&schedule)?,
        };
        let display_tz = request.tz.unwrap_or(schedule.conference.timezone);
        Ok(OpenedConference {
            now: request.now,
            schedule,
            source,
            data,
            store,
            display_tz,
            warnings,
            team_dir: request.team_dir,
        })
    }

    /// The agenda as saved now.
    pub fn agenda(&self) -> Result<Agenda, StoreError> {
        self.store.load()
    }

    /// The position of a session by id, or an error that says what to do.
    pub fn find(&self, id: &str) -> Result<usize, NoSuchSession> {
        self.schedule
            .find(id)
            .map(|(i, _)| i)
            .ok_or_else(|| NoSuchSession {
                id: id.to_string(),
                conference: self.schedule.conference.title.clone(),
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

/// Whether a path names the bundled demo.
pub fn is_demo(path: &Path) -> bool {
    path.as_os_str() == "demo" && !path.exists()
}
