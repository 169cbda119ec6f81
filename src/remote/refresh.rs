//! Fetching a schedule the first time and refreshing it after: conditional request, hash, read,
//! then replace the copy or keep the new version aside.
//!
//! The order keeps refreshes cheap: a 304 costs a request and a small JSON write; a 200 whose
//! bytes hash the same as the copy (servers that ignore the validators, or compare a quoted `ETag`
//! unquoted as pretalx does) costs a hash, never a parse. Only a new version is read, and it
//! replaces the copy only if it is a schedule of the same conference with sessions in it.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{ConferenceInfo, Copy, Meta, RemoteStore, VERSION, sha256_hex};
use crate::fetch::{Client, FetchError, Fetched, Validators, shown};
use crate::formats::{self, LoadOptions};
use crate::schedule::Schedule;
use crate::store::{StoreError, write_atomic};

/// A refresh that worked.
#[derive(Debug)]
pub enum Outcome {
    /// A new version was fetched, read and is now the copy.
    Updated {
        copy: Copy,
        schedule: Box<Schedule>,
        http_status: u16,
    },
    /// The server confirmed the copy (304, or a 200 with the same bytes).
    Unchanged { copy: Copy, http_status: u16 },
}

impl Outcome {
    pub fn copy(&self) -> &Copy {
        match self {
            Outcome::Updated { copy, .. } | Outcome::Unchanged { copy, .. } => copy,
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            Outcome::Updated { http_status, .. } | Outcome::Unchanged { http_status, .. } => {
                *http_status
            }
        }
    }
}

/// A refresh that did not change the copy in use.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// The server or the network failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The server sent something that is not a good schedule; it was kept aside.
    #[error(
        "{url}: {reason}; the response was kept aside in {}{}",
        kept.display(),
        if *copy_in_use { "; the copy fetched before stays in use" } else { "" }
    )]
    Rejected {
        url: String,
        reason: String,
        kept: PathBuf,
        http_status: u16,
        copy_in_use: bool,
    },
    /// The data directory could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RefreshError {
    /// Whether the server sent something that is not a readable schedule (exit 2) rather than
    /// the server, network or disk failing (exit 1).
    pub fn is_bad_content(&self) -> bool {
        match self {
            RefreshError::Fetch(f) => f.is_bad_content(),
            RefreshError::Rejected { .. } => true,
            RefreshError::Store(_) => false,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            RefreshError::Fetch(f) => f.http_status(),
            RefreshError::Rejected { http_status, .. } => Some(*http_status),
            RefreshError::Store(_) => None,
        }
    }
}

/// Fetches `url` (conditionally when `existing` is its copy) and updates the copy.
///
/// `expected` is the conference the copy must stay (the copy's own, when there is one). A
/// failure is recorded on the existing copy, so the interface can say it is offline.
pub fn fetch(
    store: &RemoteStore,
    client: &Client,
    url: &str,
    existing: Option<&Copy>,
    now: DateTime<Utc>,
    options: LoadOptions,
) -> Result<Outcome, RefreshError> {
    let result = fetch_inner(store, client, url, existing, now, options);
    if let (Err(e), Some(copy)) = (&result, existing) {
        store.record_failure(copy, now, &e.to_string());
    }
    result
}

fn fetch_inner(
    store: &RemoteStore,
    client: &Client,
    url: &str,
    existing: Option<&Copy>,
    now: DateTime<Utc>,
    options: LoadOptions,
) -> Result<Outcome, RefreshError> {
    let fetch_url = super::paste::fetch_url(url);
    // Validators only when the copy they describe is still there.
    let validators = match existing {
        Some(copy) if copy.path().is_file() => Validators {
            etag: copy.meta.etag.clone(),
            last_modified: copy.meta.last_modified.clone(),
        },
        _ => Validators::default(),
    };
    let dir = store.dir_for(url);
    match client.get(&fetch_url, &validators)? {
        Fetched::NotModified { status, final_url } => {
            let Some(copy) = existing.filter(|_| validators != Validators::default()) else {
                return Err(FetchError::Status {
                    url: shown(&final_url),
                    status,
                }
                .into());
            };
            let mut meta = copy.meta.clone();
            meta.checked_at = now;
            meta.last_failure = None;
            meta.final_url = final_url;
            store.save_meta(&copy.dir, &meta)?;
            Ok(Outcome::Unchanged {
                copy: Copy {
                    dir: copy.dir.clone(),
                    meta,
                },
                http_status: status,
            })
        }
        Fetched::Body {
            status,
            bytes,
            validators,
            content_type,
            final_url,
        } => {
            let sha256 = sha256_hex(&bytes);
            if let Some(copy) = existing.filter(|c| c.meta.sha256 == sha256 && c.path().is_file()) {
                let mut meta = copy.meta.clone();
                meta.checked_at = now;
                meta.last_failure = None;
                meta.etag = validators.etag;
                meta.last_modified = validators.last_modified;
                meta.final_url = final_url;
                store.save_meta(&copy.dir, &meta)?;
                return Ok(Outcome::Unchanged {
                    copy: Copy {
                        dir: copy.dir.clone(),
                        meta,
                    },
                    http_status: status,
                });
            }
            let reject = |reason: String| -> RefreshError {
                let name = format!(
                    "{}-{}",
                    now.format("%Y%m%dT%H%M%SZ"),
                    sha256.get(..12).unwrap_or_default()
                );
                let kept = dir.join("rejected").join(name);
                if let Err(e) = write_atomic(&kept, &bytes) {
                    return e.into();
                }
                prune_rejected(&dir.join("rejected"), now);
                RefreshError::Rejected {
                    url: shown(url),
                    reason,
                    kept,
                    http_status: status,
                    copy_in_use: existing.is_some(),
                }
            };
            let schedule = match read(&bytes, content_type.as_deref(), options) {
                Ok(schedule) => schedule,
                Err(reason) => return Err(reject(reason)),
            };
            if schedule.sessions().is_empty() {
                return Err(reject(
                    "the schedule it sent has no sessions (not published yet, or emptied by mistake?)"
                        .into(),
                ));
            }
            let info = ConferenceInfo::of(&schedule);
            if let Some(copy) = existing
                && copy.meta.conference.id != info.id
            {
                return Err(reject(format!(
                    "it sent the schedule of another conference (\u{201c}{}\u{201d}, id {}) than the copy's (\u{201c}{}\u{201d}, id {})",
                    crate::text::fit(&info.title, 80),
                    crate::text::fit(&info.id, 80),
                    crate::text::fit(&copy.meta.conference.title, 80),
                    crate::text::fit(&copy.meta.conference.id, 80),
                )));
            }
            let file = format!("copy-{}", &sha256[..16]);
            write_atomic(&dir.join(&file), &bytes)?;
            let meta = Meta {
                hallway_remote: VERSION,
                url: url.to_string(),
                fetch_url,
                final_url,
                etag: validators.etag,
                last_modified: validators.last_modified,
                fetched_at: now,
                checked_at: now,
                sha256,
                size: bytes.len() as u64,
                file,
                conference: info,
                last_failure: None,
            };
            store.save_meta(&dir, &meta)?;
            remove_old_copies(&dir, &meta.file, existing.map(|c| c.meta.file.as_str()));
            Ok(Outcome::Updated {
                copy: Copy { dir, meta },
                schedule: Box::new(schedule),
                http_status: status,
            })
        }
    }
}

/// Reads fetched bytes as a schedule; the error is a reason for people (cleaned, no raw text).
fn read(
    bytes: &[u8],
    content_type: Option<&str>,
    options: LoadOptions,
) -> Result<Schedule, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the server sent an empty response, not a schedule".into());
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let html = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<head")
        || (content_type.is_some_and(|t| t.to_ascii_lowercase().contains("text/html"))
            && formats::detect(&head).is_none());
    if html {
        return Err(
            "the server sent a web page (HTML), not a schedule: a login page, an error \
                    page, or the schedule's page rather than its export (the README lists export \
                    addresses)"
                .into(),
        );
    }
    formats::load_bytes("", bytes, options).map_err(|e| {
        let mut at = String::new();
        if let Some(line) = e.line {
            at = match e.column {
                Some(column) => format!(" at line {line}, column {column}"),
                None => format!(" at line {line}"),
            };
        }
        let field = e.field.map(|f| format!("{f}: ")).unwrap_or_default();
        let message = crate::text::fit(&crate::text::clean_line(&e.message), 300);
        format!("what it sent is not a readable schedule{at} ({field}{message})")
    })
}

/// How many rejected responses are kept per schedule URL (the newest), so the one a message
/// names is there to look at, but a server sending a login page every two hours for a week does
/// not fill the disk.
pub const REJECTED_KEPT: usize = 5;

/// How long a rejected response is kept at most.
pub const REJECTED_MAX_AGE: chrono::Duration = chrono::Duration::days(30);

/// Keeps `rejected/` bounded: the [`REJECTED_KEPT`] newest responses, none older than
/// [`REJECTED_MAX_AGE`]. Only hallway's own names (`<UTC time>-<hash>`) are considered; the
/// time is read from the name, so a clock that jumped or copied files do not matter.
pub fn prune_rejected(dir: &std::path::Path, now: DateTime<Utc>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut kept: Vec<(DateTime<Utc>, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name();
            let (stamp, hash) = name.to_str()?.split_once('-')?;
            if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let at = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()?;
            Some((at.and_utc(), e.path()))
        })
        .collect();
    // Newest first; the same second sorts by name, for a stable choice.
    kept.sort_by(|a, b| b.cmp(a));
    for (n, (at, path)) in kept.iter().enumerate() {
        if n >= REJECTED_KEPT || now - *at > REJECTED_MAX_AGE {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Removes copies other than the one in use and the one it replaced (which a process that read
/// the old `source.json` a moment ago may still be opening).
fn remove_old_copies(dir: &std::path::Path, current: &str, previous: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with("copy-") && name != current && Some(name) != previous {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn rejected_responses_keep_the_newest_few_within_a_month() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            "20240301T080000Z-aaaaaaaaaaaa", // over 30 days before `now`
            "20240318T080000Z-bbbbbbbbbbbb",
            "20240319T080000Z-cccccccccccc",
            "20240319T100000Z-dddddddddddd",
            "20240319T120000Z-eeeeeeeeeeee",
            "20240319T140000Z-ffffffffffff",
            "20240319T160000Z-000000000000",
            // Not hallway's: left alone.
            "notes.txt",
            "20240101T000000Z-not-a-hash",
        ] {
            std::fs::write(d.join(name), name).unwrap();
        }
        prune_rejected(d, at("2024-04-05T08:00:00Z"));
        assert_eq!(
            names(d),
            [
                "20240101T000000Z-not-a-hash",
                "20240319T080000Z-cccccccccccc",
                "20240319T100000Z-dddddddddddd",
                "20240319T120000Z-eeeeeeeeeeee",
                "20240319T140000Z-ffffffffffff",
                "20240319T160000Z-000000000000",
                "notes.txt",
            ]
        );
        // A month on, only what is younger than 30 days stays (none here).
        prune_rejected(d, at("2024-05-01T00:00:00Z"));
        assert_eq!(names(d), ["20240101T000000Z-not-a-hash", "notes.txt"]);
    }

    #[test]
    fn pruning_a_missing_folder_does_nothing() {
        let dir = tempfile::tempdir().unwrap();
        prune_rejected(&dir.path().join("rejected"), at("2024-04-05T08:00:00Z"));
        assert!(!dir.path().join("rejected").exists());
    }
}
