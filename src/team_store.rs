//! Where teammates' shares live, and the attendee's own team settings.
//!
//! Layout under the data directory:
//!
//! ```text
//! team/settings.json                          your name, your interests per conference
//! team/<conference-id>/<NAME>.hallway-share.json   teammates added with `team add`
//! ```
//!
//! and, optionally, a **team folder** the team syncs by any means (git, a shared drive): every
//! `*.hallway-share.json` in it is a teammate, and `share --to-team` writes the attendee's own
//! as `NAME.hallway-share.json`. Each person writes only their own file, so nothing ever needs
//! merging. Every file is written atomically. Every file read is untrusted: only regular files,
//! read up to the share size limit, parsed strictly; one bad file is reported and skipped, never
//! fatal to the rest of the team.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::plan::team::share::{self, FILE_SUFFIX, MAX_FILE_BYTES, Share, ShareError};
use crate::schedule::Conference;
use crate::store::StoreError;

/// The most files read from a team folder.
pub const MAX_FOLDER_FILES: usize = 500;

/// Where a teammate's share came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Added with `team add` (a copy kept in the data directory).
    Added(PathBuf),
    /// A file in the team folder.
    Folder(PathBuf),
}

impl Origin {
    pub fn path(&self) -> &Path {
        match self {
            Origin::Added(p) | Origin::Folder(p) => p,
        }
    }

    /// "added" or "team folder".
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Added(_) => "added",
            Origin::Folder(_) => "team folder",
        }
    }
}

/// A teammate's share and where it came from.
#[derive(Debug, Clone)]
pub struct Teammate {
    pub share: Share,
    pub origin: Origin,
}

/// The team as read: teammates by name, and the files that could not be used.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub teammates: Vec<Teammate>,
    /// One line per file skipped, saying why.
    pub problems: Vec<String>,
}

/// The attendee's own settings for sharing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tracks or topics marked as interesting, by conference id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub interests: BTreeMap<String, Vec<String>>,
}

/// The team store of one conference.
#[derive(Debug, Clone)]
pub struct TeamStore {
    root: PathBuf,
    conference: String,
    folder: Option<PathBuf>,
    /// The attendee's name from the config file.
    name: Option<String>,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

impl TeamStore {
    /// The team of `conference` under the data directory `data_root`, with a team folder or not.
    pub fn new(data_root: &Path, conference: &str, folder: Option<PathBuf>) -> Self {
        TeamStore {
            root: data_root.join("team"),
            conference: conference.to_string(),
            folder,
            name: None,
        }
    }

    /// The attendee's name as the config file gives it: it beats the one remembered.
    #[must_use]
    pub fn with_name(mut self, name: Option<String>) -> Self {
        self.name = name;
        self
    }

    /// The attendee's name: the config file's, else the one remembered (`settings.name`, given
    /// last to `share --name`) if it is a valid name.
    pub fn my_name(&self, settings: &Settings) -> Option<String> {
        self.name.clone().or_else(|| {
            settings
                .name
                .clone()
                .filter(|n| crate::plan::team::check_name(n).is_ok())
        })
    }

    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// Where teammates added with `team add` are kept.
    pub fn added_dir(&self) -> PathBuf {
        self.root.join(crate::schedule::slug(&self.conference))
    }

    fn settings_path(&self) -> PathBuf {
        self.root.join("settings.json")
    }

    /// The settings; missing or unreadable settings are the defaults (they are a convenience).
    pub fn settings(&self) -> Settings {
        fs::read(self.settings_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(settings).unwrap_or_default();
        text.push('\n');
        crate::store::write_atomic(&self.settings_path(), text.as_bytes())
    }

    /// Keeps a teammate's share (replacing an earlier one of the same name); returns its path
    /// and whether one was replaced.
    pub fn add(&self, share: &Share) -> Result<(PathBuf, bool), StoreError> {
        let path = self
            .added_dir()
            .join(format!("{}{FILE_SUFFIX}", share.name));
        let existed = path.exists();
        crate::store::write_atomic(&path, share.to_json().as_bytes())?;
        Ok((path, existed))
    }

    /// Forgets a teammate added with `team add`; `Ok(false)` when there is none of that name.
    pub fn remove(&self, name: &str) -> Result<bool, StoreError> {
        let path = self.added_dir().join(format!("{name}{FILE_SUFFIX}"));
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_err(&path)(e)),
        }
    }

    /// Writes the attendee's own share into the team folder as `NAME.hallway-share.json`,
    /// atomically; returns its path. Readable by the team (unlike an agenda, it is meant to be
    /// shared).
    pub fn write_own(&self, folder: &Path, share: &Share) -> Result<PathBuf, StoreError> {
        let path = folder.join(format!("{}{FILE_SUFFIX}", share.name));
        if !folder.is_dir() {
            return Err(io_err(folder)(io::Error::new(
                io::ErrorKind::NotFound,
                "the team folder does not exist (create it, or check --team-dir / HALLWAY_TEAM_DIR)",
            )));
        }
        let mut file = atomic_write_file::AtomicWriteFile::options()
            .open(&path)
            .map_err(io_err(&path))?;
        file.write_all(share.to_json().as_bytes())
            .map_err(io_err(&path))?;
        file.commit().map_err(io_err(&path))?;
        Ok(path)
    }

    /// Reads every teammate of this conference: those added, then the team folder's (a folder
    /// file wins over an added copy of the same name). `me` is left out: the attendee's own
    /// file in the team folder is not a teammate.
    pub fn load(&self, conference: &Conference, me: Option<&str>) -> Loaded {
        let mut loaded = Loaded::default();
        let mut found: BTreeMap<String, Teammate> = BTreeMap::new();
        let sources = [(Some(self.added_dir()), false), (self.folder.clone(), true)];
        for (dir, is_folder) in sources {
            let Some(dir) = dir else { continue };
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == io::ErrorKind::NotFound && !is_folder => continue,
                Err(e) => {
                    loaded.problems.push(format!(
                        "{}: cannot read the team folder: {e}",
                        dir.display()
                    ));
                    continue;
                }
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(FILE_SUFFIX) && !n.starts_with('.'))
                })
                .collect();
            paths.sort();
            if paths.len() > MAX_FOLDER_FILES {
                loaded.problems.push(format!(
                    "{}: {} share files, only the first {MAX_FOLDER_FILES} are read",
                    dir.display(),
                    paths.len()
                ));
                paths.truncate(MAX_FOLDER_FILES);
            }
            for path in paths {
                let share = match read_share(&path).and_then(|s| {
                    s.check_conference(conference, &path.display().to_string())
                        .map(|()| s)
                        .map_err(ReadError::from)
                }) {
                    Ok(share) => share,
                    Err(e) => {
                        loaded.problems.push(format!("{e} (skipped)"));
                        continue;
                    }
                };
                if me.is_some_and(|me| me == share.name) {
                    continue;
                }
                let origin = if is_folder {
                    Origin::Folder(path)
                } else {
                    Origin::Added(path)
                };
                if let Some(before) = found.get(&share.name)
                    && matches!(before.origin, Origin::Folder(_))
                {
                    loaded.problems.push(format!(
                        "{}: a second share named \"{}\" (the first, {}, is used; skipped)",
                        origin.path().display(),
                        share.name,
                        before.origin.path().display()
                    ));
                    continue;
                }
                found.insert(share.name.clone(), Teammate { share, origin });
            }
        }
        loaded.teammates = found.into_values().collect();
        loaded
    }
}

/// Why a share file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Share(#[from] ShareError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ReadError {
    /// Whether the problem is the file's content or name (exit 2) rather than the system.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ReadError::Share(_) => true,
            ReadError::Io { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::InvalidInput
            ),
        }
    }
}

/// Reads a share file: a regular file only (no FIFO or device can hang or flood the read), at
/// most the size limit, parsed strictly.
pub fn read_share(path: &Path) -> Result<Share, ReadError> {
    let io = |source: io::Error| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not_a_file = || {
        io(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    };
    // Checked by name first: opening a FIFO would wait for a writer (a team folder is synced
    // from elsewhere, and `team list` must not hang on what landed in it).
    if !fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_a_file());
    }
    let file = fs::File::open(path).map_err(io)?;
    // The file opened may not be the one checked (replaced meanwhile): checked again.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(not_a_file());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(share::parse(&bytes, &path.display().to_string())?)
}
