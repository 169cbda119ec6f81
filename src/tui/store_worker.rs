//! The store worker: every save and every read of the agenda, off the interface's loop.
//!
//! The loop hands it changes ([`Job`]); it applies them through the store (which may wait for
//! another hallway's lock) and answers [`Msg::Saved`]. Between saves it looks at the agenda
//! file every [`WATCH`] and answers [`Msg::Reloaded`] when another process changed it.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, SystemTime};

use super::msg::Msg;
use crate::plan::Change;
use crate::store::AgendaStore;

/// How often the agenda file is looked at for changes made elsewhere.
pub const WATCH: Duration = Duration::from_secs(2);

/// How long one save waits for another hallway's lock before it reports busy.
pub const LOCK_WAIT: Duration = Duration::from_millis(500);

/// A save to make.
pub struct Job {
    pub job: u64,
    pub changes: Vec<Change>,
}

/// Starts the worker; it stops when the returned sender is dropped.
pub fn spawn(store: AgendaStore, to_loop: Sender<Msg>) -> Sender<Job> {
    // A lock held elsewhere is waited for briefly; past that the save fails as busy and the
    // interface tries again (keys work meanwhile: this is not the loop's thread).
    let store = store.with_lock_timeout(LOCK_WAIT);
    let (jobs, inbox) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        let path = store.path().to_path_buf();
        let mut last = stamp(&path);
        loop {
            match inbox.recv_timeout(WATCH) {
                Ok(Job { job, changes }) => {
                    let result = store.apply(&changes).map_err(|e| {
                        if e.is_busy() {
                            "another hallway is saving this agenda".to_string()
                        } else {
                            e.to_string()
                        }
                    });
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
                    // A deleted agenda reads as what this process holds (the store writes it
                    // back with the next save), never as an empty one.
                    let msg = Msg::Reloaded(store.load().map_err(|e| e.to_string()));
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
