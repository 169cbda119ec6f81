//! What both shells export for a conference: the calendar and the trip report as text, the file
//! they go to, and the names they get when the attendee has not chosen any.
//!
//! `hallway export` and the interface's export key call these, so the two cannot drift apart:
//! the same writers (`formats::ics_out`, `formats::markdown`), the same cleaning (text is
//! cleaned at import, and the iCalendar writer escapes every value on its own), the same checks
//! before a file is written (a folder named, a folder that does not exist) and the same atomic
//! write.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::formats::ics_out;
use crate::formats::markdown::{ReportOptions, trip_report_with};
use crate::plan::Agenda;
use crate::schedule::Schedule;
use crate::store::StoreError;

/// A calendar of the starred sessions (all of them with `all`), and how many events it holds.
pub fn calendar(
    schedule: &Schedule,
    agenda: &Agenda,
    options: &ics_out::Options,
) -> (String, usize) {
    (
        ics_out::write(schedule, agenda, options),
        ics_out::count(schedule, agenda, options.all),
    )
}

/// The trip report as `hallway export --format markdown` writes it by default: attended and
/// noted sessions by day, in the zone `tz`.
pub fn trip_report(schedule: &Schedule, agenda: &Agenda, tz: Tz, now: DateTime<Utc>) -> String {
    trip_report_with(
        schedule,
        agenda,
        &ReportOptions {
            tz,
            now,
            all: false,
            front_matter: None,
        },
    )
}

/// The files an export writes when none were chosen: `<slug>.ics` and `<slug>-trip-report.md`
/// in `folder`, the slug made of the conference's id (letters and digits, lower case, `-`).
pub fn default_paths(schedule: &Schedule, folder: &Path) -> crate::store::ExportPaths {
    let slug = slug(&schedule.conference.id);
    crate::store::ExportPaths {
        calendar: folder.join(format!("{slug}.ics")),
        report: folder.join(format!("{slug}-trip-report.md")),
    }
}

/// An id as a file name anyone can type: ASCII letters and digits in lower case, runs of
/// anything else one `-`, at most 60 characters; "conference" when nothing is left.
fn slug(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "conference".into()
    } else {
        out.to_string()
    }
}

/// Why an export file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A folder was named where a file was meant (bad input).
    #[error("{} is a folder: name a file in it, e.g. {}", path.display(), path.join("hallway-export").display())]
    Folder { path: PathBuf },
    /// The file's folder does not exist; hallway does not create folders (bad input).
    #[error(
        "cannot write {}: the folder {} does not exist (hallway does not create folders)",
        path.display(),
        folder.display()
    )]
    NoFolder { path: PathBuf, folder: PathBuf },
    /// A device or pipe that could not be written to.
    #[error("cannot write {}: {error}", path.display())]
    Device {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The atomic write failed (permissions, a full disk...).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl WriteError {
    /// Whether the path asked for is the problem (exit 2), rather than the system (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            WriteError::Folder { .. } | WriteError::NoFolder { .. }
        )
    }
}

/// Writes an export to `path`: a regular file atomically (never half written), a device or a
/// FIFO (`/dev/stdout`, a named pipe) as it is. Folders are never created.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if path.is_dir() {
        return Err(WriteError::Folder {
            path: path.to_path_buf(),
        });
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(WriteError::NoFolder {
            path: path.to_path_buf(),
            folder: folder.to_path_buf(),
        });
    }
    // A device or a FIFO (`-o /dev/stdout`, `-o /dev/null`, a named pipe) is written to as it
    // is: replacing it atomically would put a regular file in its place.
    let target = crate::store::follow_links(path);
    if let Ok(meta) = std::fs::metadata(&target)
        && !meta.is_file()
    {
        use std::io::Write;
        let device = |error| WriteError::Device {
            path: path.to_path_buf(),
            error,
        };
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(device)?;
        return out.write_all(bytes).map_err(device);
    }
    crate::store::write_atomic(path, bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn slugs_are_plain_file_names() {
        assert_eq!(slug("kubecon-eu-2024"), "kubecon-eu-2024");
        assert_eq!(slug("FOSDEM 2026"), "fosdem-2026");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("??"), "conference");
        assert_eq!(slug(&"x".repeat(300)).len(), 60);
    }

    #[test]
    fn a_missing_folder_or_a_folder_is_refused_as_bad_input_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/a.ics");
        let e = write_file(&missing, b"x").unwrap_err();
        assert!(e.is_bad_input());
        assert!(e.to_string().contains("does not exist"), "{e}");
        assert!(!dir.path().join("no").exists());
        let e = write_file(dir.path(), b"x").unwrap_err();
        assert!(e.is_bad_input(), "{e}");
        let file = dir.path().join("a.ics");
        write_file(&file, b"one").unwrap();
        write_file(&file, b"two").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"two");
    }
}
