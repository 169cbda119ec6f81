//! Where agendas live on disk, and how they are saved without ever losing one.
//!
//! Layout under the data directory (chosen by the binary: `HALLWAY_DATA_DIR` or the platform's
//! data dir):
//!
//! ```text
//! agendas/<conference-id>.json       the agenda (mode 0600: notes are private)
//! agendas/<conference-id>.json.lock  sidecar lock, held while reading-merging-writing
//! state.json                         the schedule last opened
//! ```
//!
//! Invariants: a save is atomic (temp file, fsync, rename, fsync of the directory); every change
//! is applied to the file as it is on disk *under the lock*, so two processes merge rather than
//! overwrite; a file that cannot be read (corrupt, newer version, another conference's) is refused
//! and never written over.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::formats::json_locate::line_col;
use crate::plan::agenda::{self, Agenda, Change};

/// Why an agenda could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}:{line}:{column}: the agenda is not valid ({message}); it was left untouched: fix or move it away"
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: the agenda was written by a newer hallway (format {version}, this one reads {supported}); it was left untouched: upgrade hallway"
    )]
    Newer {
        path: PathBuf,
        version: u32,
        supported: u32,
    },
    #[error(
        "{path}: this agenda belongs to conference \"{found}\", not \"{expected}\"; it was left untouched"
    )]
    OtherConference {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl StoreError {
    /// Whether the problem is the file's content (exit 2) rather than the system (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, StoreError::Io { .. })
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The data directory: agendas and remembered state.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_schedule: Option<PathBuf>,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the agenda of a conference lives.
    pub fn agenda_path(&self, conference_id: &str) -> PathBuf {
        self.root
            .join("agendas")
            .join(format!("{conference_id}.json"))
    }

    /// The schedule file opened last, if any was remembered.
    pub fn last_schedule(&self) -> Option<PathBuf> {
        let text = fs::read_to_string(self.root.join("state.json")).ok()?;
        serde_json::from_str::<State>(&text).ok()?.last_schedule
    }

    /// Remembers the schedule file opened last (an absolute path), or forgets it with `None`.
    pub fn set_last_schedule(&self, path: Option<&Path>) -> Result<(), StoreError> {
        let state = State {
            last_schedule: path.map(Path::to_path_buf),
        };
        let text = serde_json::to_string_pretty(&state).unwrap_or_default();
        write_atomic(&self.root.join("state.json"), text.as_bytes())
    }
}

/// One conference's agenda file.
#[derive(Debug, Clone)]
pub struct AgendaStore {
    path: PathBuf,
    conference: String,
}

impl AgendaStore {
    pub fn new(path: impl Into<PathBuf>, conference: impl Into<String>) -> Self {
        AgendaStore {
            path: path.into(),
            conference: conference.into(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the agenda; a missing file is an empty agenda.
    pub fn load(&self) -> Result<Agenda, StoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Agenda::new(&self.conference));
            }
            Err(e) => return Err(io_err(&self.path)(e)),
        };
        parse(&self.path, &bytes, &self.conference)
    }

    /// Applies changes to the agenda as it is on disk, under the lock, and saves it if anything
    /// changed. Returns the agenda after the changes: what this process should show from now on,
    /// including what other processes saved meanwhile.
    pub fn apply(&self, changes: &[Change]) -> Result<Agenda, StoreError> {
        let _lock = self.lock()?;
        let mut agenda = self.load()?;
        let mut changed = false;
        for change in changes {
            changed |= agenda.apply(change);
        }
        if changed {
            self.save_locked(&agenda)?;
        }
        Ok(agenda)
    }

    fn lock(&self) -> Result<File, StoreError> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        let mut lock_path = self.path.clone().into_os_string();
        lock_path.push(".lock");
        let lock_path = PathBuf::from(lock_path);
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        private(&mut options);
        let file = options.open(&lock_path).map_err(io_err(&lock_path))?;
        file.lock().map_err(io_err(&lock_path))?;
        Ok(file)
    }

    fn save_locked(&self, agenda: &Agenda) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(agenda).unwrap_or_default();
        text.push('\n');
        write_atomic(&self.path, text.as_bytes())
    }
}

/// Parses an agenda file's bytes, refusing what this build must not overwrite.
pub fn parse(path: &Path, bytes: &[u8], conference: &str) -> Result<Agenda, StoreError> {
    // The version is read first, so a newer file is named as such rather than as corrupt.
    #[derive(Deserialize)]
    struct Version {
        hallway_agenda: u32,
    }
    let corrupt = |offset: usize, message: String| {
        let text = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
        let (line, column) = line_col(&text, text.len());
        StoreError::Corrupt {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let text =
        std::str::from_utf8(bytes).map_err(|e| corrupt(e.valid_up_to(), "not UTF-8".into()))?;
    let newer = |version: u32| StoreError::Newer {
        path: path.to_path_buf(),
        version,
        supported: agenda::VERSION,
    };
    // Read in full at once (a save reads the file every time); only a file that does not read
    // is probed for its version alone, so that a newer file is named as such, not as corrupt.
    let agenda: Agenda = match serde_json::from_str(text) {
        Ok(agenda) => agenda,
        Err(e) => {
            if let Ok(v) = serde_json::from_str::<Version>(text)
                && v.hallway_agenda > agenda::VERSION
            {
                return Err(newer(v.hallway_agenda));
            }
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            });
        }
    };
    if agenda.hallway_agenda > agenda::VERSION {
        return Err(newer(agenda.hallway_agenda));
    }
    if agenda.conference != conference {
        return Err(StoreError::OtherConference {
            path: path.to_path_buf(),
            found: agenda.conference,
            expected: conference.to_string(),
        });
    }
    Ok(agenda)
}

fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_string()
}

/// Writes a file atomically: a temporary file beside it, fsync, rename over, fsync the directory.
/// The file is private to its owner (mode 0600).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(io_err(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io_err(path))?;
    }
    file.write_all(bytes).map_err(io_err(path))?;
    file.commit().map_err(io_err(path))
}

#[cfg(unix)]
fn private(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600);
}

#[cfg(not(unix))]
fn private(_options: &mut OpenOptions) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> AgendaStore {
        AgendaStore::new(DataDir::new(dir).agenda_path("conf"), "conf")
    }

    #[test]
    fn a_missing_agenda_is_empty_and_changes_are_saved_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        assert_eq!(s.load().unwrap(), Agenda::new("conf"));
        s.apply(&[Change::Star("a".into())]).unwrap();
        let again = store(dir.path()).load().unwrap();
        assert!(again.is_starred("a"));
    }

    #[cfg(unix)]
    #[test]
    fn agendas_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        s.apply(&[Change::Star("a".into())]).unwrap();
        let mode = fs::metadata(s.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn changes_merge_with_what_another_process_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mine = store(dir.path());
        let theirs = store(dir.path());
        let seen_by_me = mine.apply(&[Change::Star("a".into())]).unwrap();
        theirs.apply(&[Change::Star("b".into())]).unwrap();
        assert!(!seen_by_me.is_starred("b"));
        let after = mine.apply(&[Change::Star("c".into())]).unwrap();
        assert_eq!(
            after.stars.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn corrupt_newer_and_foreign_agendas_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        fs::create_dir_all(s.path().parent().unwrap()).unwrap();
        let cases: [(&[u8], &str); 5] = [
            (
                b"{\n  \"hallway_agenda\": 1,\n  \"conference\": \"conf\",\n  \"stars\": [\"a\",\n",
                "EOF while parsing",
            ),
            (
                b"{\"hallway_agenda\": 9, \"conference\": \"conf\", \"future\": {}}",
                "newer hallway (format 9",
            ),
            // A newer format that this one cannot even read is still named as newer.
            (
                b"{\"hallway_agenda\": 9, \"conference\": \"conf\", \"stars\": {\"a\": 1}}",
                "newer hallway (format 9",
            ),
            (
                b"{\"hallway_agenda\": 1, \"conference\": \"other\"}",
                "belongs to conference \"other\"",
            ),
            (b"\xff\xfe", "not UTF-8"),
        ];
        for (bytes, expect) in cases {
            fs::write(s.path(), bytes).unwrap();
            let err = s.apply(&[Change::Star("x".into())]).unwrap_err();
            assert!(err.is_bad_input());
            let msg = err.to_string();
            assert!(msg.contains(expect), "{msg}");
            assert!(msg.contains("left untouched"), "{msg}");
            assert_eq!(
                fs::read(s.path()).unwrap(),
                bytes,
                "file must be byte for byte as it was"
            );
        }
    }

    #[test]
    fn corrupt_errors_name_line_and_column() {
        let err = parse(
            Path::new("a.json"),
            b"{\n  \"hallway_agenda\": 1,\n  \"stars\": [1]\n}",
            "conf",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.json:3:13: the agenda is not valid (invalid type: integer `1`"),
            "{err}"
        );
    }

    #[test]
    fn stars_on_sessions_the_schedule_lost_are_kept() {
        // The store knows nothing of schedules: it must never prune ids.
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        s.apply(&[Change::Star("gone-from-schedule".into())])
            .unwrap();
        s.apply(&[Change::Star("other".into())]).unwrap();
        assert!(s.load().unwrap().is_starred("gone-from-schedule"));
    }

    #[test]
    fn the_last_schedule_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let d = DataDir::new(dir.path());
        assert_eq!(d.last_schedule(), None);
        d.set_last_schedule(Some(Path::new("/x/y.json"))).unwrap();
        assert_eq!(d.last_schedule(), Some(PathBuf::from("/x/y.json")));
        d.set_last_schedule(None).unwrap();
        assert_eq!(d.last_schedule(), None);
    }
}
