//! Where agendas live on disk, and how they are saved without ever losing one.
//!
//! Layout under the data directory (chosen by the binary: `HALLWAY_DATA_DIR` or the platform's
//! data dir):
//!
//! ```text
//! agendas/<conference-id>-<fingerprint>.json   the agenda (mode 0600: notes are private)
//! agendas/<...>.known                         the session ids known (the baseline for "new
//!                                              sessions"), written only when it changes
//! agendas/<...>.json.lock                      sidecar lock, held while reading-merging-writing
//! agendas/<...>.recovered-<id>-<time>.txt      notes that could not be saved, kept for the attendee
//! state.json                                   the schedule last opened
//! zones.json                                   the zone `--tz` gave, per schedule
//! remembered.json                              per conference: the interface's export paths
//!                                              and picker filter (store/remembered.rs)
//! ```
//!
//! Invariants: a save is atomic (temp file, fsync, rename, fsync of the directory); every change
//! is applied to the file as it is on disk *under the lock*, so two processes merge rather than
//! overwrite; a file that cannot be read (corrupt, newer version, another conference's) is refused
//! and never written over; the lock is waited for at most a timeout, never forever; a symlinked
//! agenda is saved through to its target; an agenda deleted while this process holds it is
//! written back from what it holds, not started again empty.

mod files;
mod identity;
mod known;
mod lock;
mod remembered;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use files::{follow_links, remove_stale_temporaries, write_atomic};
pub use identity::{agenda_key, agenda_key_of};
pub use remembered::{ExportPaths, Remembered};

use crate::formats::json_locate::line_col;
use crate::plan::agenda::{self, Agenda, Change};

/// How long a save waits for another hallway's lock before giving up.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Why an agenda could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}:{line}:{column}: the agenda is not valid ({message}); it was left untouched: fix or move it away"
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: the agenda was written by a newer hallway (format {version}, this one reads {supported}); it was left untouched: upgrade hallway"
    )]
    Newer {
        path: PathBuf,
        version: u32,
        supported: u32,
    },
    #[error(
        "{path}: this agenda belongs to conference {found}, not {expected}; it was left untouched",
        found = crate::text::quote(found),
        expected = crate::text::quote(expected)
    )]
    OtherConference {
        path: PathBuf,
        found: String,
        expected: String,
    },
    /// Another process holds the agenda's lock (for `waited`; zero for a try that did not wait).
    #[error(
        "another hallway is saving this agenda and has held its lock ({lock}) for {secs:.1} s; nothing was saved",
        secs = waited.as_secs_f64()
    )]
    Busy { lock: PathBuf, waited: Duration },
    /// The OS error is part of the message (not a separate cause), so it is printed once.
    #[error("{path}: {error}")]
    Io { path: PathBuf, error: io::Error },
}

impl StoreError {
    /// Whether the problem is the file's content (exit 2) rather than the system (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, StoreError::Io { .. } | StoreError::Busy { .. })
    }

    /// Whether another process held the lock: trying again later may succeed.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy { .. })
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The data directory: agendas and remembered state.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_schedule: Option<PathBuf>,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the agenda file named `key` lives (see [`agenda_key`] and
    /// [`DataDir::agenda_store`], which chooses it for a schedule).
    pub fn agenda_path(&self, key: &str) -> PathBuf {
        self.root.join("agendas").join(format!("{key}.json"))
    }

    /// The schedule file opened last, if any was remembered.
    pub fn last_schedule(&self) -> Option<PathBuf> {
        let text = fs::read_to_string(self.root.join("state.json")).ok()?;
        serde_json::from_str::<State>(&text).ok()?.last_schedule
    }

    /// Remembers the schedule file opened last (an absolute path), or forgets it with `None`.
    pub fn set_last_schedule(&self, path: Option<&Path>) -> Result<(), StoreError> {
        let state = State {
            last_schedule: path.map(Path::to_path_buf),
        };
        let text = serde_json::to_string_pretty(&state).unwrap_or_default();
        let file = self.root.join("state.json");
        // Opening the same schedule again (the usual case) writes nothing: two fsyncs saved
        // before the first frame.
        if fs::read(&file).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(());
        }
        write_atomic(&file, text.as_bytes())
    }

    /// The zone `--tz` last gave for a schedule (its absolute path or URL), if any
    /// (`zones.json`).
    pub fn remembered_zone(&self, source: &str) -> Option<chrono_tz::Tz> {
        self.zones().get(source)?.parse().ok()
    }

    /// Remembers the zone `--tz` gave for a schedule; a later one replaces it.
    pub fn remember_zone(&self, source: &str, zone: chrono_tz::Tz) -> Result<(), StoreError> {
        let mut zones = self.zones();
        if zones.get(source).map(String::as_str) == Some(zone.name()) {
            return Ok(());
        }
        zones.insert(source.to_string(), zone.name().to_string());
        let text = serde_json::to_string_pretty(&zones).unwrap_or_default();
        write_atomic(&self.root.join("zones.json"), text.as_bytes())
    }

    /// The zone the attendee gave for a schedule (its absolute path or URL): `tz` given now,
    /// remembered for it from then on, else the one remembered from an earlier `--tz`.
    pub fn given_zone(
        &self,
        source: Option<&str>,
        tz: Option<chrono_tz::Tz>,
    ) -> Option<crate::schedule::zone::GivenZone> {
        use crate::schedule::zone::GivenZone;
        match (tz, source) {
            (Some(zone), Some(key)) => {
                // A convenience: failing to remember must not fail the command.
                let _ = self.remember_zone(key, zone);
                Some(GivenZone::now(zone))
            }
            (Some(zone), None) => Some(GivenZone::now(zone)),
            (None, Some(key)) => self.remembered_zone(key).map(|zone| GivenZone {
                zone,
                remembered: true,
            }),
            (None, None) => None,
        }
    }

    fn zones(&self) -> std::collections::BTreeMap<String, String> {
        fs::read_to_string(self.root.join("zones.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }
}

/// Called once when a save starts waiting for another process's lock, with the lock's path:
/// the command line says "another hallway is saving…".
pub type WaitHook = Arc<dyn Fn(&Path) + Send + Sync>;

/// One conference's agenda file.
///
/// Cheap to clone; clones share what was last read, so one can be handed to a thread that saves.
#[derive(Clone)]
pub struct AgendaStore {
    path: PathBuf,
    conference: String,
    timeout: Duration,
    on_wait: Option<WaitHook>,
    /// The agenda as last read or written by this process: what it holds, written back if the
    /// file vanishes.
    held: Arc<Mutex<Option<Agenda>>>,
    /// The baseline of known ids as last read or written, with its file's stamp: a save reads
    /// the file again only when another process replaced it.
    known: Arc<Mutex<known::Cache>>,
}

/// How an agenda's baseline of known ids stood on disk when it was read.
#[allow(clippy::struct_excessive_bools)] // four facts about two files, each yes or no
#[derive(Debug, Clone, Copy, Default)]
struct OnDisk {
    /// The agenda file exists.
    exists: bool,
    /// It says its baseline is in the file beside it.
    apart: bool,
    /// It holds the baseline inline (the older format): the next save moves it out.
    inline: bool,
    /// The baseline file was there and read.
    known_file: bool,
}

impl std::fmt::Debug for AgendaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgendaStore")
            .field("path", &self.path)
            .field("conference", &self.conference)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl AgendaStore {
    /// The agenda at `path` for `conference`; saves wait up to [`LOCK_TIMEOUT`] for the lock.
    pub fn new(path: impl Into<PathBuf>, conference: impl Into<String>) -> Self {
        AgendaStore {
            path: path.into(),
            conference: conference.into(),
            timeout: LOCK_TIMEOUT,
            on_wait: None,
            held: Arc::default(),
            known: Arc::default(),
        }
    }

    /// How long [`AgendaStore::apply`] waits for another process's lock.
    #[must_use]
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// What to call once when a save has to wait for the lock.
    #[must_use]
    pub fn on_lock_wait(mut self, hook: impl Fn(&Path) + Send + Sync + 'static) -> Self {
        self.on_wait = Some(Arc::new(hook));
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The conference id the agenda must name.
    pub fn conference(&self) -> &str {
        &self.conference
    }

    /// Reads the agenda. A missing file is an empty agenda, unless this process read or saved
    /// it before: then it was deleted under us, and what we hold is returned (and written back
    /// by the next save).
    pub fn load(&self) -> Result<Agenda, StoreError> {
        Ok(self.load_inner()?.0)
    }

    /// The agenda, its baseline of known ids read from the file beside it when it is kept
    /// apart, and how both stood on disk.
    fn load_inner(&self) -> Result<(Agenda, OnDisk), StoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let held = self.held().clone();
                let agenda = held.unwrap_or_else(|| Agenda::new(&self.conference));
                return Ok((agenda, OnDisk::default()));
            }
            Err(e) => return Err(io_err(&self.path)(e)),
        };
        let mut agenda = parse(&self.path, &bytes, &self.conference)?;
        let mut disk = OnDisk {
            exists: true,
            apart: agenda.extra.remove(known::MARKER).is_some(),
            inline: agenda.known_sessions.is_some(),
            known_file: false,
        };
        // An inline list wins: a hallway of the older format wrote it after the file.
        if !disk.inline && disk.apart {
            let path = known::path_for(&follow_links(&self.path));
            let cache = &mut *self.known.lock().unwrap_or_else(PoisonError::into_inner);
            agenda.known_sessions = match known::read(&path, &self.conference, cache)? {
                Some(ids) => {
                    disk.known_file = true;
                    Some(ids)
                }
                // Deleted under us: what this process holds is written back.
                None => self.held().as_ref().and_then(|a| a.known_sessions.clone()),
            };
        }
        self.hold(&agenda);
        Ok((agenda, disk))
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Option<Agenda>> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn hold(&self, agenda: &Agenda) {
        *self.held() = Some(agenda.clone());
    }

    /// Applies changes to the agenda as it is on disk, under the lock, and saves it if anything
    /// changed. Returns the agenda after the changes: what this process should show from now on,
    /// including what other processes saved meanwhile (and, for a note edited from a base, the
    /// merged text).
    ///
    /// Waits for another process's lock up to the store's timeout ([`LOCK_TIMEOUT`] unless
    /// set), then fails with [`StoreError::Busy`] having changed nothing.
    pub fn apply(&self, changes: &[Change]) -> Result<Agenda, StoreError> {
        self.apply_within(changes, self.timeout)
    }

    /// [`AgendaStore::apply`] without waiting: [`StoreError::Busy`] at once if another process
    /// holds the lock. For a loop that must not block (the interface retries later).
    pub fn try_apply(&self, changes: &[Change]) -> Result<Agenda, StoreError> {
        self.apply_within(changes, Duration::ZERO)
    }

    fn apply_within(&self, changes: &[Change], timeout: Duration) -> Result<Agenda, StoreError> {
        // Links are followed first, so the lock is the target's whichever name was used.
        let target = follow_links(&self.path);
        let _lock = lock::acquire_watching(
            &lock::path_for(&target),
            timeout,
            self.on_wait.as_deref(),
            (!timeout.is_zero()).then_some(target.as_path()),
        )?;
        remove_stale_temporaries(&target);
        remove_stale_temporaries(&known::path_for(&target));
        let (mut agenda, disk) = self.load_inner()?;
        let before = agenda.known_sessions.clone();
        let mut changed = !disk.exists && self.held().is_some();
        for change in changes {
            changed |= agenda.apply(change);
        }
        let known_changed = match (&before, &agenda.known_sessions) {
            (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a != b,
            (a, b) => a.is_some() != b.is_some(),
        };
        // The baseline first: an agenda never names a file that is not written yet.
        if let Some(ids) = &agenda.known_sessions
            && (known_changed || disk.inline || !disk.known_file)
        {
            let path = known::path_for(&target);
            let cache = &mut *self.known.lock().unwrap_or_else(PoisonError::into_inner);
            known::write(&path, &self.conference, ids, cache)?;
        }
        if changed || disk.inline || agenda.known_sessions.is_some() != disk.apart {
            write_atomic(&target, agenda_text(&mut agenda).as_bytes())?;
            self.hold(&agenda);
        }
        Ok(agenda)
    }

    /// Writes a note's text that could not be saved into the agenda (a save that keeps failing,
    /// an editor that failed) to a private file beside the agenda; returns its path.
    pub fn write_recovery(
        &self,
        session_id: &str,
        text: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<PathBuf, StoreError> {
        files::write_recovery(&self.path, session_id, text, now)
    }
}

/// The agenda file's text: the baseline of known ids left out (it is in its own file, which
/// the agenda says).
fn agenda_text(agenda: &mut Agenda) -> String {
    let known = agenda.known_sessions.take();
    if known.is_some() {
        agenda
            .extra
            .insert(known::MARKER.to_string(), serde_json::Value::Bool(true));
    }
    let mut text = serde_json::to_string_pretty(&*agenda).unwrap_or_default();
    text.push('\n');
    agenda.extra.remove(known::MARKER);
    agenda.known_sessions = known;
    text
}

/// Parses an agenda file's bytes, refusing what this build must not overwrite: not JSON, a
/// newer or unknown format, ratings outside 1 to 5, another conference's. Notes are cleaned of
/// control characters (a hand-edited file may hold them).
pub fn parse(path: &Path, bytes: &[u8], conference: &str) -> Result<Agenda, StoreError> {
    // The version is read first, so a newer file is named as such rather than as corrupt.
    #[derive(Deserialize)]
    struct Version {
        hallway_agenda: u32,
    }
    let corrupt = |offset: usize, message: String| {
        let text = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
        let (line, column) = line_col(&text, text.len());
        StoreError::Corrupt {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let text =
        std::str::from_utf8(bytes).map_err(|e| corrupt(e.valid_up_to(), "not UTF-8".into()))?;
    let newer = |version: u32| StoreError::Newer {
        path: path.to_path_buf(),
        version,
        supported: agenda::VERSION,
    };
    // Read in full at once (a save reads the file every time); only a file that does not read
    // is probed for its version alone, so that a newer file is named as such, not as corrupt.
    let mut agenda: Agenda = match serde_json::from_str(text) {
        Ok(agenda) => agenda,
        Err(e) => {
            if let Ok(v) = serde_json::from_str::<Version>(text)
                && v.hallway_agenda > agenda::VERSION
            {
                return Err(newer(v.hallway_agenda));
            }
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: crate::text::clean_line(&strip_position(&e.to_string())),
            });
        }
    };
    if agenda.hallway_agenda > agenda::VERSION {
        return Err(newer(agenda.hallway_agenda));
    }
    if agenda.conference != conference {
        return Err(StoreError::OtherConference {
            path: path.to_path_buf(),
            found: agenda.conference,
            expected: conference.to_string(),
        });
    }
    for note in agenda.notes.values_mut() {
        if !crate::text::is_clean(&note.text) {
            note.text = crate::text::clean(&note.text);
        }
    }
    Ok(agenda)
}

fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_string()
}

#[cfg(unix)]
fn private(options: &mut fs::OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600);
}

#[cfg(not(unix))]
fn private(_options: &mut fs::OpenOptions) {}

#[cfg(test)]
mod tests;
