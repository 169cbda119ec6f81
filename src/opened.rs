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
use crate::library;
use crate::plan::Agenda;
use crate::remote::RefreshWhen;
use crate::schedule::Schedule;
use crate::store::{AgendaStore, DataDir, StoreError};

/// Where the schedule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Demo,
    File(PathBuf),
    /// A schedule from the web: its URL and the copy kept of it (see [`crate::remote`]).
    Remote {
        url: String,
        copy: PathBuf,
    },
    /// Standard input (`-s -`): read once, never remembered.
    Stdin,
}

/// What the shell asks to open: everything it read from its arguments and the environment.
#[derive(Debug, Clone)]
pub struct OpenRequest {
    /// The schedule named by the attendee ("demo" for the bundled one), else the one opened last.
    pub schedule: Option<PathBuf>,
    /// An agenda file named by the attendee, else the conference's own in the data directory.
    pub agenda: Option<PathBuf>,
    /// `--tz`: the venue's zone, before what the file says (see `schedule::zone`); remembered
    /// for the schedule.
    pub tz: Option<Tz>,
    /// The zone to show times in when neither `tz` nor a zone remembered for the schedule
    /// says (the config file's); never applied to a schedule whose zone is unknown, which is
    /// shown as printed.
    pub default_tz: Option<Tz>,
    /// The current instant (the shell's clock, or one injected for tests).
    pub now: DateTime<Utc>,
    /// Where hallway keeps its data.
    pub data_dir: PathBuf,
    /// The team folder: every teammate's share file, synced by the team.
    pub team_dir: Option<PathBuf>,
    /// The attendee's name as the config file gives it (beats the one remembered).
    pub name: Option<String>,
    /// Timeouts and limits for a schedule given by URL.
    pub fetch_limits: crate::fetch::Limits,
    /// When a schedule from the web is refreshed while opening it.
    pub refresh: RefreshWhen,
    /// Whether a schedule named here becomes the one opened next time: only when the attendee
    /// opens it in the interface or says `hallway use`; `-s` on a command acts on that schedule
    /// only.
    pub remember: bool,
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
    /// The zone times are shown in: the venue's (`--tz` first, see `schedule::zone`).
    pub display_tz: Tz,
    /// How the schedule was read (the zone given), so a new version is read the same way.
    pub load: LoadOptions,
    /// Problems met while opening that did not stop it (the shell prints them).
    pub warnings: Vec<String>,
    /// The team folder, if one is set (see `crate::team_store`).
    pub team_dir: Option<PathBuf>,
    /// The attendee's name as the config file gives it.
    pub name: Option<String>,
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
        let mut warnings = Vec::new();
        // A conference id from `hallway conferences` stands for its file or URL.
        let named = (request.schedule.as_deref()).map(|p| library::resolve(p, &data));
        // A `--tz` given once for a schedule file or URL is remembered for it (`zones.json`);
        // a later `--tz` replaces it.
        let zone_key = match &named {
            Some(p) if is_demo(p) || p.as_os_str() == formats::STDIN => None,
            Some(p) if web_address(p).is_some() => Some(p.to_string_lossy().into_owned()),
            Some(p) => Some(
                std::path::absolute(p)
                    .unwrap_or_else(|_| p.clone())
                    .to_string_lossy()
                    .into_owned(),
            ),
            None => data
                .last_schedule()
                .map(|p| p.to_string_lossy().into_owned()),
        };
        let options = LoadOptions {
            tz: data.given_zone(zone_key.as_deref(), request.tz),
        };
        let (now, limits, refresh) = (request.now, request.fetch_limits, request.refresh);
        let web = |url: &str, warnings: &mut Vec<String>| {
            let store = crate::remote::RemoteStore::new(data.root());
            let client = || crate::fetch::Client::new(limits);
            let opened = crate::remote::open_url(&store, &client, url, now, options, refresh)?;
            warnings.extend(opened.notice);
            let source = Source::Remote {
                url: url.to_string(),
                copy: opened.copy.path(),
            };
            Ok::<_, crate::remote::RefreshError>((opened.schedule, source))
        };
        let (schedule, source) = match &named {
            Some(p) if is_demo(p) => (crate::demo::load_with(options)?, Source::Demo),
            Some(p) if p.as_os_str() == formats::STDIN => {
                (formats::load_file(p, options)?, Source::Stdin)
            }
            Some(p) if let Some(url) = web_address(p) => {
                let opened = web(url, &mut warnings)?;
                if request.remember {
                    let _ = data.set_last_schedule(Some(Path::new(url)));
                }
                opened
            }
            Some(path) => {
                let schedule = formats::load_file(path, options)?;
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                // Remembering is a convenience: failing to remember must not fail the command.
                if request.remember {
                    let _ = data.set_last_schedule(Some(&absolute));
                }
                (schedule, Source::File(absolute))
            }
            None => match data.last_schedule() {
                Some(p) if web_address(&p).is_some() => {
                    match web(&p.to_string_lossy(), &mut warnings) {
                        Ok(opened) => opened,
                        Err(e) => {
                            warnings.push(format!(
                            "the schedule opened last cannot be read ({e}); opening the bundled demo"
                        ));
                            (crate::demo::load_with(options)?, Source::Demo)
                        }
                    }
                }
                // Never the demo in its place: the attendee would plan on the wrong conference.
                Some(path) if !path.exists() => {
                    return Err(formats::LoadError::new(
                        &path.display().to_string(),
                        "the schedule opened last is no longer there (moved or deleted?); \
                         name one with -s FILE, or -s demo for the bundled demo",
                    )
                    .into());
                }
                Some(path) => (formats::load_file(&path, options)?, Source::File(path)),
                None => (crate::demo::load_with(options)?, Source::Demo),
            },
        };
        if matches!(source, Source::Demo) && request.schedule.is_some() && request.remember {
            let _ = data.set_last_schedule(None);
        }
        // For `hallway conferences`; a convenience that must not fail the command.
        let origin = match &source {
            Source::Demo | Source::Stdin => None,
            Source::File(path) => Some(library::Origin::File(path.clone())),
            Source::Remote { url, .. } => Some(library::Origin::Url(url.clone())),
        };
        if let Some(origin) = origin {
            let _ = library::record(&data, &schedule, origin);
        }
        let store = match request.agenda {
            Some(path) => AgendaStore::new(path, schedule.conference.id.clone()),
            None => data.agenda_store(&schedule)?,
        };
        // A zone given on this command that contradicts the file is said at once; one
        // remembered from before is listed by `check` (the schedule's warnings).
        if request.tz.is_some()
            && let Some(note) = &schedule.zone_override
        {
            warnings.push(note.clone());
        }
        // The venue's zone (a zone given is it already), else the config's display zone
        // (never for floating times, shown as printed).
        let display_tz = match options.tz {
            Some(given) => given.zone,
            None => request
                .default_tz
                .filter(|_| !schedule.floating)
                .unwrap_or(schedule.conference.timezone),
        };
        Ok(OpenedConference {
            load: options,
            now: request.now,
            schedule,
            source,
            data,
            store,
            display_tz,
            warnings,
            team_dir: request.team_dir,
            name: request.name,
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
            Source::Remote { url, .. } => crate::fetch::shown(url),
            Source::Stdin => "standard input".to_string(),
        }
    }
}

/// The URL a schedule argument names, if it is one.
fn web_address(p: &Path) -> Option<&str> {
    p.to_str().filter(|s| crate::fetch::is_url(s))
}

/// Whether a path names the bundled demo.
pub fn is_demo(path: &Path) -> bool {
    path.as_os_str() == "demo" && !path.exists()
}
