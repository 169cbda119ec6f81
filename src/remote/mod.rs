//! Schedules from the web: the copy kept in the data directory, and keeping it fresh.
//!
//! Layout under the data directory, one folder per URL:
//!
//! ```text
//! remote/<host>-<hash of the URL>/source.json      the URL, validators, fetch time, hash, conference
//! remote/<host>-<hash of the URL>/copy-<sha256>     the bytes exactly as fetched (the copy in use)
//! remote/<host>-<hash of the URL>/rejected/...      new versions that were not a good schedule
//!                                                   (the 5 newest, none older than 30 days)
//! ```
//!
//! Invariants: the copy is named by its content hash and written before `source.json`, which is
//! written atomically and is the one commit point, so a crash leaves either the old copy or the
//! new one in use, never half of one. A new version replaces the copy only once it has been read
//! as a schedule of the same conference with at least one session; anything else is kept aside
//! under `rejected/` and the copy in use stays (see [`refresh`]).

mod open;
pub mod paste;
mod refresh;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use open::{OpenedUrl, RefreshWhen, due, fetched_when, interval, offline_notice, open_url};
pub use refresh::{Outcome, REJECTED_KEPT, REJECTED_MAX_AGE, RefreshError, fetch, prune_rejected};

use crate::schedule::Schedule;
use crate::store::{StoreError, write_atomic};

/// The version of `source.json` this build writes.
pub const VERSION: u32 = 1;

/// What hallway knows of a fetched schedule (`source.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub hallway_remote: u32,
    /// The URL as the user gave it.
    pub url: String,
    /// The URL requested (a pasted page rewritten to its export, see [`paste`]).
    pub fetch_url: String,
    /// Where the body came from after redirects.
    pub final_url: String,
    /// The `ETag` exactly as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` exactly as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When the bytes of the copy were fetched.
    pub fetched_at: DateTime<Utc>,
    /// When the server last confirmed the copy (a 200 or a 304).
    pub checked_at: DateTime<Utc>,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    pub size: u64,
    /// The copy's file name in the folder.
    pub file: String,
    pub conference: ConferenceInfo,
    /// The last refresh that failed after `checked_at`, if any: the copy may be out of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<Failure>,
}

/// The conference a copy holds, for listing without parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceInfo {
    pub id: String,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub timezone: String,
}

impl ConferenceInfo {
    pub fn of(schedule: &Schedule) -> Self {
        let c = &schedule.conference;
        ConferenceInfo {
            id: c.id.clone(),
            title: c.title.clone(),
            start_date: c.start_date,
            end_date: c.end_date,
            timezone: c.timezone.name().to_string(),
        }
    }
}

/// A refresh that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub at: DateTime<Utc>,
    /// The message shown (already cleaned).
    pub message: String,
}

/// A schedule fetched before: its folder and what `source.json` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub dir: PathBuf,
    pub meta: Meta,
}

impl Copy {
    /// The file holding the bytes as fetched.
    pub fn path(&self) -> PathBuf {
        self.dir.join(&self.meta.file)
    }

    /// The time the copy was last known current: confirmed by the server, else fetched.
    pub fn as_of(&self) -> DateTime<Utc> {
        self.meta.checked_at.max(self.meta.fetched_at)
    }
}

/// The remote copies under a data directory.
#[derive(Debug, Clone)]
pub struct RemoteStore {
    root: PathBuf,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

impl RemoteStore {
    /// The store of the data directory `data_root`.
    pub fn new(data_root: &Path) -> Self {
        RemoteStore {
            root: data_root.join("remote"),
        }
    }

    /// The folder of a URL: readable host, then a hash so that any two URLs differ.
    pub fn dir_for(&self, url: &str) -> PathBuf {
        let host: String = url
            .split_once("://")
            .map_or(url, |(_, r)| r)
            .split(['/', '?', '#', ':', '@'])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .take(60)
            .collect::<String>()
            .to_ascii_lowercase();
        let host = host.trim_matches('.');
        let hash = sha256_hex(url.as_bytes());
        let name = if host.is_empty() {
            hash[..16].to_string()
        } else {
            format!("{host}-{}", &hash[..16])
        };
        self.root.join(name)
    }

    /// The copy of `url`, if it was fetched before. A `source.json` that cannot be read is an
    /// error (it is never written over blindly).
    pub fn get(&self, url: &str) -> Result<Option<Copy>, StoreError> {
        read_copy(&self.dir_for(url))
    }

    /// Every copy held, in no particular order; unreadable folders are skipped.
    pub fn all(&self) -> Vec<Copy> {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|e| read_copy(&e.path()).ok().flatten())
            .collect()
    }

    /// Writes `source.json` atomically: the commit point of every change to a copy.
    pub fn save_meta(&self, dir: &Path, meta: &Meta) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(meta).unwrap_or_default();
        text.push('\n');
        write_atomic(&dir.join("source.json"), text.as_bytes())
    }

    /// Records a failed refresh on the copy (for the "offline" notice); best effort.
    pub fn record_failure(&self, copy: &Copy, at: DateTime<Utc>, message: &str) {
        let mut meta = copy.meta.clone();
        meta.last_failure = Some(Failure {
            at,
            message: message.to_string(),
        });
        let _ = self.save_meta(&copy.dir, &meta);
    }
}

fn read_copy(dir: &Path) -> Result<Option<Copy>, StoreError> {
    let path = dir.join("source.json");
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(&path)(e)),
    };
    let meta: Meta = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if meta.hallway_remote > VERSION {
        return Err(StoreError::Newer {
            path,
            version: meta.hallway_remote,
            supported: VERSION,
        });
    }
    Ok(Some(Copy {
        dir: dir.to_path_buf(),
        meta,
    }))
}

/// SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.as_ref() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// "3 min ago", "2 h ago", "5 days ago": the age of a copy for people.
pub fn age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes();
    match minutes {
        i64::MIN..=0 => "just now".to_string(),
        1..=59 => format!("{minutes} min ago"),
        60..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_has_its_own_readable_folder() {
        let store = RemoteStore::new(Path::new("/data"));
        let a = store.dir_for("https://FOSDEM.org/2025/schedule/xml");
        let b = store.dir_for("https://fosdem.org/2024/schedule/xml");
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("fosdem.org-"), "{name}");
        let odd = store.dir_for("https://../../etc/\u{1b}x");
        assert!(odd.starts_with("/data/remote"));
        assert_eq!(odd.components().count(), 4, "{odd:?}");
    }

    #[test]
    fn hashes_are_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn ages_read_naturally() {
        let now = DateTime::parse_from_rfc3339("2025-02-01T12:00:00Z")
            .unwrap()
            .to_utc();
        let at = |m: i64| now - chrono::Duration::minutes(m);
        assert_eq!(age(at(0), now), "just now");
        assert_eq!(age(at(5), now), "5 min ago");
        assert_eq!(age(at(125), now), "2 h ago");
        assert_eq!(age(at(3 * 1440), now), "3 days ago");
    }
}
