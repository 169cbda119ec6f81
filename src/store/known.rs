//! The baseline of known session ids, kept in a file of its own beside the agenda.
//!
//! "New sessions" are those a schedule has and the baseline lacks: every session id of the
//! schedule as last acknowledged, recorded at the first star or acknowledgement. It is as large
//! as the schedule (100,000 ids at 100,000 sessions) and changes only when the attendee accepts
//! a new version, so it is not in the agenda, which is read and written on every star:
//!
//! ```text
//! agendas/<key>.json         the agenda; "known_sessions_apart": true when the baseline is apart
//! agendas/<key>.known        {"hallway_known_sessions":1,"conference":…,"ids":[…]}
//! ```
//!
//! Written atomically under the agenda's lock, before the agenda that refers to it, and only
//! when it changes. Agendas of the older format hold the list inline (`known_sessions`): an
//! inline list wins over the file (a hallway of that format may have written it last), and the
//! next save moves it out. A file that does not read is refused and never written over.
//! Reading is cached by the file's size, times and inode, so a save re-reads it only when
//! another process replaced it.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::{StoreError, io_err, write_atomic};
use crate::plan::agenda::KnownIds;

/// The field of an agenda that says its baseline is in the file beside it.
pub const MARKER: &str = "known_sessions_apart";

/// The format version of the baseline file this build writes.
pub const VERSION: u32 = 1;

/// The baseline's file for the agenda at `agenda` (links already followed): `x.json` →
/// `x.known` (JSON, but not named so: whatever lists the agendas, `*.json`, passes it over).
pub fn path_for(agenda: &Path) -> PathBuf {
    let name = agenda
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    agenda.with_file_name(format!("{stem}.known"))
}

/// What tells a file from the one read before: replaced atomically, it is a new inode with new
/// times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
}

fn stamp(meta: &fs::Metadata) -> Stamp {
    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt;
    Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        #[cfg(unix)]
        inode: (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()),
    }
}

/// The baseline last read or written by this process, with its file's stamp.
pub type Cache = Option<(Stamp, KnownIds)>;

#[derive(Serialize)]
struct Out<'a> {
    hallway_known_sessions: u32,
    conference: &'a str,
    ids: &'a BTreeSet<String>,
}

#[derive(Deserialize)]
struct In {
    hallway_known_sessions: u32,
    conference: String,
    ids: Vec<String>,
}

/// Reads the baseline at `path`; `None` when there is no file. Served from `cache` when the
/// file is the one read or written last.
pub fn read(
    path: &Path,
    conference: &str,
    cache: &mut Cache,
) -> Result<Option<KnownIds>, StoreError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(path)(e)),
    };
    let now = stamp(&meta);
    if let Some((seen, ids)) = cache.as_ref()
        && *seen == now
    {
        return Ok(Some(Arc::clone(ids)));
    }
    let bytes = fs::read(path).map_err(io_err(path))?;
    let ids = parse(path, &bytes, conference)?;
    *cache = Some((now, Arc::clone(&ids)));
    Ok(Some(ids))
}

fn parse(path: &Path, bytes: &[u8], conference: &str) -> Result<KnownIds, StoreError> {
    #[derive(Deserialize)]
    struct Version {
        hallway_known_sessions: u32,
    }
    let file: In = match serde_json::from_slice(bytes) {
        Ok(f) => f,
        Err(e) => {
            if let Ok(v) = serde_json::from_slice::<Version>(bytes)
                && v.hallway_known_sessions > VERSION
            {
                return Err(newer(path, v.hallway_known_sessions));
            }
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: crate::text::clean_line(&super::strip_position(&e.to_string())),
            });
        }
    };
    if file.hallway_known_sessions > VERSION {
        return Err(newer(path, file.hallway_known_sessions));
    }
    if file.hallway_known_sessions == 0 {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "unknown format 0 (hallway writes 1 and up)".into(),
        });
    }
    if file.conference != conference {
        return Err(StoreError::OtherConference {
            path: path.to_path_buf(),
            found: file.conference,
            expected: conference.to_string(),
        });
    }
    let mut ids = file.ids;
    // Written sorted; sorting what is sorted already is one pass.
    ids.sort_unstable();
    Ok(Arc::new(ids.into_iter().collect()))
}

fn newer(path: &Path, version: u32) -> StoreError {
    StoreError::Newer {
        path: path.to_path_buf(),
        version,
        supported: VERSION,
    }
}

/// Writes the baseline atomically and remembers it in `cache`.
pub fn write(
    path: &Path,
    conference: &str,
    ids: &KnownIds,
    cache: &mut Cache,
) -> Result<(), StoreError> {
    let out = Out {
        hallway_known_sessions: VERSION,
        conference,
        ids,
    };
    let mut bytes = serde_json::to_vec(&out).unwrap_or_default();
    bytes.push(b'\n');
    write_atomic(path, &bytes)?;
    *cache = fs::metadata(path)
        .ok()
        .map(|meta| (stamp(&meta), Arc::clone(ids)));
    Ok(())
}
