//! The store worker: every save and every read of the agenda, off the interface's loop.
//!
//! The loop hands it changes ([`Job`]); it applies them through the store (which may wait for
//! another hallway's lock) and answers [`Msg::Saved`]. Between saves it looks at the agenda
//! file every [`WATCH`] and answers [`Msg::Reloaded`] when another process changed it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, SystemTime};

use super::msg::Msg;
use crate::plan::Change;
use crate::store::AgendaStore;

/// How often the agenda file is looked at for changes made elsewhere.
pub const WATCH: Duration = Duration::from_secs(2);

/// A save to make.
pub struct Job {
    pub job: u64,
    pub changes: Vec<Change>,
}

/// Starts the worker; it stops when the returned sender is dropped.
pub fn spawn(store: AgendaStore, to_loop: Sender<Msg>) -> Sender<Job> {
    let (jobs, inbox) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        let path = store.path().to_path_buf();
        let mut last = stamp(&path);
        loop {
            match inbox.recv_timeout(WATCH) {
                Ok(Job { job, changes }) => {
                    let result = store.apply(&changes).map_err(|e| e.to_string());
                    last = stamp(&path);
                    if to_loop.send(Msg::Saved { job, result }).is_err() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    let now = stamp(&path);
                    if now == last {
                        continue;
                    }
                    let msg = match (&last, &now) {
                        // A deleted agenda is not an empty one: what the interface holds is kept
                        // and written again with the next change.
                        (Some(_), None) => Msg::Reloaded(Err(format!(
                            "{} was removed; what you see is kept and saved again with your next change",
                            path.display()
                        ))),
                        _ => Msg::Reloaded(store.load().map_err(|e| e.to_string())),
                    };
                    last = now;
                    if to_loop.send(msg).is_err() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    jobs
}

/// When and how big the file was last written, if it exists.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Where unsaved changes are written when they cannot be saved: beside the agenda, named after it
/// and the instant.
pub fn recovery_path(agenda: &Path, at: chrono::DateTime<chrono::Utc>) -> PathBuf {
    let name = agenda
        .file_name()
        .map_or_else(|| "agenda".into(), |n| n.to_string_lossy().into_owned());
    agenda.with_file_name(format!(
        "{name}.unsaved-{}.txt",
        at.format("%Y%m%dT%H%M%SZ")
    ))
}
