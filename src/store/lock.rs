//! The sidecar lock that serialises saves of one agenda, with a bounded wait.
//!
//! Another hallway holds the lock only while it reads, merges and writes the file (milliseconds).
//! Something holding it longer (a stuck process, someone running `flock` on it) must not freeze
//! hallway: a save waits at most its timeout, telling the caller once that it is waiting, and a
//! caller that cannot wait at all (the interface's loop) tries without waiting.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{StoreError, io_err, private};

/// Takes the lock at `lock_path`, waiting up to `timeout` (zero: not at all); `on_wait` is told
/// once when the lock is held by someone else and the wait begins.
pub(super) fn acquire(
    lock_path: &Path,
    timeout: Duration,
    on_wait: Option<&(dyn Fn(&Path) + Send + Sync)>,
) -> Result<File, StoreError> {
    acquire_watching(lock_path, timeout, on_wait, None)
}

/// [`acquire`], where the wait starts again whenever `progress` (the agenda) changes: many
/// processes saving in turn are not a stuck one, however long the queue.
pub(super) fn acquire_watching(
    lock_path: &Path,
    timeout: Duration,
    on_wait: Option<&(dyn Fn(&Path) + Send + Sync)>,
    progress: Option<&Path>,
) -> Result<File, StoreError> {
    let stamp = || {
        progress
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| (m.modified().ok(), m.len()))
    };
    let mut last = stamp();
    if let Some(dir) = lock_path.parent() {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    private(&mut options);
    let file = options.open(lock_path).map_err(io_err(lock_path))?;
    let mut started = Instant::now();
    let mut pause = Duration::from_millis(5);
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(io_err(lock_path)(e)),
        }
        let now = stamp();
        if now != last {
            last = now;
            started = Instant::now();
        }
        let waited = started.elapsed();
        if waited >= timeout {
            return Err(StoreError::Busy {
                lock: lock_path.to_path_buf(),
                waited,
            });
        }
        if !told {
            told = true;
            if let Some(hook) = on_wait {
                hook(lock_path);
            }
        }
        std::thread::sleep(pause.min(timeout.saturating_sub(waited)));
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// The lock file of an agenda file: `<agenda>.lock` beside it.
pub(super) fn path_for(agenda: &Path) -> PathBuf {
    let mut p = agenda.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}
