//! Writing files without ever leaving half of one: atomic replacement, symlinks followed,
//! leftovers of killed saves removed, recovery files for text that could not be saved.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{StoreError, io_err};

/// Writes a file atomically: a temporary file beside it, fsync, rename over, fsync the directory.
/// The file is private to its owner (mode 0600).
///
/// A symbolic link is followed to its target, which is replaced in its own folder: the link
/// stays a link, and the file it points to is the one updated.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let path = follow_links(path);
    // Renaming over a device or a FIFO would replace it with a regular file (as root, even
    // `/dev/null`): what is not a regular file is never replaced.
    if let Ok(meta) = fs::metadata(&path)
        && !meta.is_file()
    {
        return Err(StoreError::Io {
            path,
            error: std::io::Error::other("not a regular file; hallway replaces only files"),
        });
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(&path)
        .map_err(io_err(&path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io_err(&path))?;
    }
    file.write_all(bytes).map_err(io_err(&path))?;
    file.commit().map_err(io_err(&path))
}

/// The file a path finally names, following symbolic links (also dangling ones: the target is
/// created). Relative targets are taken from the link's folder. A loop, or more than 40 links,
/// stops at the last link.
pub fn follow_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let Ok(meta) = fs::symlink_metadata(&current) else {
            break;
        };
        if !meta.file_type().is_symlink() {
            break;
        }
        let Ok(target) = fs::read_link(&current) else {
            break;
        };
        current = match current.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    current
}

/// Removes the temporary copies that a save killed midway left beside `path`
/// (`.<name>.XXXXXX`, atomic-write-file's names). Called under the agenda's lock, when no other
/// save of this file can be running. Returns how many were removed.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return 0;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let prefix = format!(".{name}.");
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let is_temporary = n.strip_prefix(&prefix).is_some_and(|suffix| {
            suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        if is_temporary
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Writes text that could not be saved into the agenda to a private file beside `agenda`:
/// `<agenda stem>.recovered-<session id>-<UTC time>.txt`, never overwriting an earlier one.
/// Returns its path, for the attendee to be told.
pub fn write_recovery(
    agenda: &Path,
    session_id: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, StoreError> {
    let target = follow_links(agenda);
    let dir = target.parent().unwrap_or(Path::new("."));
    let stem = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("agenda");
    let id: String = session_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(60)
        .collect();
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let mut body = text.to_string();
    if !body.ends_with('\n') {
        body.push('\n');
    }
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let path = dir.join(format!("{stem}.recovered-{id}-{stamp}{suffix}.txt"));
        if fs::symlink_metadata(&path).is_err() {
            write_atomic(&path, body.as_bytes())?;
            return Ok(path);
        }
    }
    Err(io_err(dir)(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "too many recovery files",
    )))
}
