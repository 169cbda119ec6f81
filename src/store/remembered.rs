//! What the interface remembers per conference between runs: the files the last export from
//! the interface wrote, and the tracks and rooms the filter picker was left on.
//!
//! One file for every conference, `remembered.json` in the data directory, a map from the
//! conference's agenda key (its id and fingerprint, as the agenda file is named) to its state,
//! read and written whole like `zones.json` (`--tz` remembered per schedule), and written
//! atomically. Tracks and rooms are remembered by name: positions change when a schedule is
//! re-published, names rarely do, and a name that is gone is dropped by the interface, never
//! turned into a filter that hides everything. Remembering is a convenience: a missing or
//! unreadable file is nothing remembered, and fields a newer hallway adds are kept.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{DataDir, StoreError, write_atomic};

/// Where the export from the interface wrote, last time it succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPaths {
    /// The calendar (.ics) of the starred sessions.
    pub calendar: PathBuf,
    /// The trip report (Markdown).
    pub report: PathBuf,
}

/// One conference's remembered state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<ExportPaths>,
    /// The tracks the filter picker was left on, by name (none: every track).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<String>,
    /// The rooms the filter picker was left on, by name (none: every room).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<String>,
    /// What a newer hallway remembers and this one does not know: written back as read.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

const FILE: &str = "remembered.json";

impl DataDir {
    /// What is remembered for the conference whose agenda key is `key` (see
    /// [`super::agenda_key`]); nothing when the file is missing or does not read.
    pub fn remembered(&self, key: &str) -> Remembered {
        self.all_remembered().remove(key).unwrap_or_default()
    }

    /// Remembers `state` for the conference `key`, replacing what was remembered for it (other
    /// conferences' entries are kept); an empty state removes the entry.
    ///
    /// A file that is there but does not read is left as it is (an error says so): it may hold
    /// what other conferences remember.
    pub fn remember(&self, key: &str, state: &Remembered) -> Result<(), StoreError> {
        let path = self.root.join(FILE);
        let mut all = match fs::read_to_string(&path) {
            Ok(text) => {
                serde_json::from_str::<BTreeMap<String, Remembered>>(&text).map_err(|e| {
                    StoreError::Io {
                        path: path.clone(),
                        error: std::io::Error::other(format!(
                            "does not read at line {} column {} ({e}); left as it is",
                            e.line(),
                            e.column()
                        )),
                    }
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(error) => return Err(StoreError::Io { path, error }),
        };
        if all.get(key) == Some(state)
            || (state == &Remembered::default() && !all.contains_key(key))
        {
            return Ok(());
        }
        if *state == Remembered::default() {
            all.remove(key);
        } else {
            all.insert(key.to_string(), state.clone());
        }
        let mut text = serde_json::to_string_pretty(&all).unwrap_or_default();
        text.push('\n');
        write_atomic(&path, text.as_bytes())
    }

    fn all_remembered(&self) -> BTreeMap<String, Remembered> {
        fs::read_to_string(self.root.join(FILE))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn state_round_trips_per_conference_and_unknown_fields_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        assert_eq!(data.remembered("a-1"), Remembered::default());
        let a = Remembered {
            export: Some(ExportPaths {
                calendar: "/tmp/a.ics".into(),
                report: "/tmp/a.md".into(),
            }),
            tracks: vec!["Rust".into()],
            ..Remembered::default()
        };
        data.remember("a-1", &a).unwrap();
        let b = Remembered {
            rooms: vec!["H.1302".into()],
            ..Remembered::default()
        };
        data.remember("b-2", &b).unwrap();
        // Another process (or this one after a restart) reads what was written.
        let again = DataDir::new(dir.path());
        assert_eq!(again.remembered("a-1"), a);
        assert_eq!(again.remembered("b-2"), b);
        // An empty state forgets the conference; the other one stays.
        again.remember("b-2", &Remembered::default()).unwrap();
        assert_eq!(again.remembered("b-2"), Remembered::default());
        assert_eq!(again.remembered("a-1"), a);

        // A field a newer hallway wrote survives this one's write.
        let path = dir.path().join(FILE);
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replacen("\"tracks\"", "\"layout\": \"wide\",\n    \"tracks\"", 1);
        fs::write(&path, text).unwrap();
        let mut changed = again.remembered("a-1");
        changed.tracks = vec!["Go".into()];
        again.remember("a-1", &changed).unwrap();
        let read = again.remembered("a-1");
        assert_eq!(read.tracks, ["Go"]);
        assert_eq!(read.other.get("layout"), Some(&serde_json::json!("wide")));
    }

    #[test]
    fn a_damaged_file_is_nothing_remembered_and_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        fs::write(&path, "{ not json").unwrap();
        let data = DataDir::new(dir.path());
        assert_eq!(data.remembered("a-1"), Remembered::default());
        let state = Remembered {
            tracks: vec!["Rust".into()],
            ..Remembered::default()
        };
        let error = data.remember("a-1", &state).unwrap_err().to_string();
        assert!(error.contains("remembered.json"), "{error}");
        assert!(error.contains("left as it is"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "{ not json");
    }
}
