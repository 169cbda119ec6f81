//! Which agenda file belongs to a schedule.
//!
//! A conference's id comes from its file (an acronym, or the title and year), so two different
//! schedules can carry the same one: two calendars both called "Community Day 2026", or a
//! hostile file that names another conference's id on purpose. Sharing an agenda would mix their
//! stars and notes, and one's iCalendar export would cancel the other's events. The agenda file
//! is therefore keyed by the id *and* a short fingerprint of what the schedule says it is (its
//! title and first day): `<id>-<8 hex digits>.json`. Both stay the same when a conference
//! re-publishes its schedule with sessions moved, added or cancelled.
//!
//! Agendas saved before the fingerprint (`<id>.json`) are adopted by the first schedule of that
//! id that shares a session with them (or by any, if they name no session), under their lock.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::schedule::Schedule;

use super::{AgendaStore, DataDir, StoreError, io_err, lock};

/// The file name (without `.json`) of a schedule's agenda.
pub fn agenda_key(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    agenda_key_of(&c.id, &c.title, c.start_date)
}

/// [`agenda_key`] from what a schedule says it is, for listing agendas without loading schedules.
pub fn agenda_key_of(id: &str, title: &str, start_date: chrono::NaiveDate) -> String {
    let mut hash = Fnv::new();
    hash.write(title.as_bytes());
    hash.write(&[0]);
    hash.write(start_date.format("%Y-%m-%d").to_string().as_bytes());
    format!("{}-{:08x}", safe_name(id), hash.finish() as u32)
}

/// An id made safe as a file name: letters, digits, `-`, `_` and `.` (not leading), at most
/// 100 characters; anything else becomes `_`.
fn safe_name(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
}

/// FNV-1a (64 bits): tiny, and the same on every platform and Rust version, which a file name
/// needs (std's hasher promises neither).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

impl DataDir {
    /// The store of a schedule's agenda, adopting an agenda saved under the id alone by an
    /// earlier hallway when it belongs to this schedule.
    pub fn agenda_store(&self, schedule: &Schedule) -> Result<AgendaStore, StoreError> {
        let path = self.agenda_path(&agenda_key(schedule));
        let store = AgendaStore::new(path.clone(), schedule.conference.id.clone());
        let legacy = self.agenda_path(&safe_name(&schedule.conference.id));
        if legacy != path && fs::symlink_metadata(&path).is_err() && legacy.exists() {
            adopt(&legacy, &path, schedule)?;
        }
        Ok(store)
    }
}

/// Moves `legacy` to `path` if it belongs to `schedule`; under the legacy file's lock, so two
/// processes starting at once do not both move it.
fn adopt(legacy: &Path, path: &Path, schedule: &Schedule) -> Result<(), StoreError> {
    let _lock = lock::acquire(&lock::path_for(legacy), super::LOCK_TIMEOUT, None)?;
    if fs::symlink_metadata(path).is_ok() || !legacy.exists() {
        return Ok(());
    }
    let bytes = fs::read(legacy).map_err(io_err(legacy))?;
    // One that does not read is refused, untouched, as it was before the fingerprint: it may be
    // this schedule's, and must not be silently replaced by an empty agenda.
    let agenda = super::parse(legacy, &bytes, &schedule.conference.id)?;
    let mut named: BTreeSet<&str> = BTreeSet::new();
    named.extend(agenda.stars.iter().map(String::as_str));
    named.extend(agenda.notes.keys().map(String::as_str));
    named.extend(agenda.ratings.keys().map(String::as_str));
    named.extend(agenda.hidden_sessions.iter().map(String::as_str));
    named.extend(agenda.attended.iter().map(String::as_str));
    if let Some(known) = &agenda.known_sessions {
        named.extend(known.iter().map(String::as_str));
    }
    let belongs = named.is_empty() || named.iter().any(|id| schedule.find(id).is_some());
    if belongs {
        let target: PathBuf = super::files::follow_links(legacy);
        if target == legacy {
            fs::rename(legacy, path).map_err(io_err(legacy))?;
        } else {
            // A linked agenda stays where the link points: the new name links there too.
            #[cfg(unix)]
            std::os::unix::fs::symlink(&target, path).map_err(io_err(path))?;
            #[cfg(not(unix))]
            fs::copy(&target, path).map_err(io_err(path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_files() {
        assert_eq!(safe_name("fosdem-2026"), "fosdem-2026");
        assert_eq!(safe_name("../../etc/x"), "_.._.._etc_x");
        assert_eq!(safe_name(""), "_");
        assert_eq!(safe_name(".hidden"), "_.hidden");
    }

    #[test]
    fn the_fingerprint_is_fixed_forever() {
        // Changing it would orphan every saved agenda: this value must never change.
        let mut h = Fnv::new();
        h.write(b"Mini 2024\x002024-03-20");
        assert_eq!(format!("{:08x}", h.finish() as u32), "292b9f5a");
    }
}
