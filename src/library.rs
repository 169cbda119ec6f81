//! The conferences you have: every schedule opened from a file or a URL, with its agenda's counts.
//!
//! `conferences.json` in the data directory lists what was opened (id, title, dates, the file or
//! URL); it is written only when an entry changes, atomically. Copies fetched from the web are
//! also found by scanning `remote/`, so a lost index loses nothing fetched. Listing reads no
//! schedule: what it shows comes from the index, `source.json` and the agendas.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::remote::{ConferenceInfo, RemoteStore};
use crate::schedule::Schedule;
use crate::store::{AgendaStore, DataDir, StoreError, write_atomic};

/// Where a conference's schedule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    File(PathBuf),
    Url(String),
}

/// One conference in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub origin: Origin,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    #[serde(default)]
    conferences: Vec<Entry>,
}

/// A conference as listed by `hallway conferences`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub entry: Entry,
    /// When the copy was fetched, for a schedule from the web.
    pub fetched_at: Option<DateTime<Utc>>,
    pub stars: usize,
    pub notes: usize,
}

fn index_path(data: &DataDir) -> PathBuf {
    data.root().join("conferences.json")
}

fn read_index(data: &DataDir) -> Index {
    fs::read(index_path(data))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Records that `schedule` was opened from `origin`; writes only when the entry changes.
pub fn record(data: &DataDir, schedule: &Schedule, origin: Origin) -> Result<(), StoreError> {
    let c = &schedule.conference;
    let entry = Entry {
        id: c.id.clone(),
        title: c.title.clone(),
        start_date: c.start_date,
        end_date: c.end_date,
        origin,
    };
    let mut index = read_index(data);
    if index.conferences.contains(&entry) {
        return Ok(());
    }
    // One entry per conference: the source opened last wins.
    index.conferences.retain(|e| e.id != entry.id);
    index.conferences.push(entry);
    let mut text = serde_json::to_string_pretty(&index).unwrap_or_default();
    text.push('\n');
    write_atomic(&index_path(data), text.as_bytes())
}

/// Every conference known, newest first (by start date, then title).
pub fn list(data: &DataDir) -> Vec<Listed> {
    let mut by_id: BTreeMap<String, Listed> = BTreeMap::new();
    for entry in read_index(data).conferences {
        by_id.insert(
            entry.id.clone(),
            Listed {
                entry,
                fetched_at: None,
                stars: 0,
                notes: 0,
            },
        );
    }
    for copy in RemoteStore::new(data.root()).all() {
        let ConferenceInfo {
            id,
            title,
            start_date,
            end_date,
            ..
        } = copy.meta.conference.clone();
        let from_web = Entry {
            id: id.clone(),
            title,
            start_date,
            end_date,
            origin: Origin::Url(copy.meta.url.clone()),
        };
        let listed = by_id.entry(id).or_insert_with(|| Listed {
            entry: from_web.clone(),
            fetched_at: None,
            stars: 0,
            notes: 0,
        });
        // The index says which source was opened last; a copy of that URL gives its time.
        if listed.entry.origin == from_web.origin {
            listed.entry = from_web;
            listed.fetched_at = Some(copy.meta.fetched_at);
        }
    }
    let mut all: Vec<Listed> = by_id.into_values().collect();
    for listed in &mut all {
        let e = &listed.entry;
        let key = crate::store::agenda_key_of(&e.id, &e.title, e.start_date);
        let store = AgendaStore::new(data.agenda_path(&key), e.id.clone());
        if let Ok(agenda) = store.load() {
            listed.stars = agenda.stars.len();
            listed.notes = agenda.notes.len();
        }
    }
    all.sort_by(|a, b| {
        b.entry
            .start_date
            .cmp(&a.entry.start_date)
            .then_with(|| a.entry.title.cmp(&b.entry.title))
    });
    all
}

/// The conference with this id, if it is known.
pub fn find(data: &DataDir, id: &str) -> Option<Entry> {
    list(data).into_iter().map(|l| l.entry).find(|e| e.id == id)
}

/// What a schedule argument stands for: a conference id known here becomes its file or URL;
/// anything else is returned as it is.
pub fn resolve(arg: &Path, data: &DataDir) -> PathBuf {
    if looks_like_id(arg)
        && let Some(id) = arg.to_str()
        && let Some(entry) = find(data, id)
    {
        return match entry.origin {
            Origin::File(path) => path,
            Origin::Url(url) => PathBuf::from(url),
        };
    }
    arg.to_path_buf()
}

/// Whether a schedule argument could be a conference id (not a path or URL).
pub fn looks_like_id(arg: &Path) -> bool {
    let Some(s) = arg.to_str() else { return false };
    !s.is_empty() && !s.contains(['/', '\\']) && !crate::fetch::is_url(s) && !arg.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conferences_are_listed_newest_first_with_their_counts() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let demo = crate::demo::load().unwrap();
        record(&data, &demo, Origin::File("/x/kubecon.json".into())).unwrap();
        let mut later = crate::demo::load().unwrap();
        later.conference.id = "later".into();
        later.conference.start_date = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        record(&data, &later, Origin::Url("https://example.org/s".into())).unwrap();
        let store = data.agenda_store(&demo).unwrap();
        store
            .apply(&[crate::plan::agenda::Change::Star("a".into())])
            .unwrap();
        let all = list(&data);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].entry.id, "later");
        assert_eq!(all[1].stars, 1);
        assert_eq!(
            find(&data, &demo.conference.id).unwrap().origin,
            Origin::File("/x/kubecon.json".into())
        );
        // Opening the same conference from elsewhere replaces its entry.
        record(&data, &demo, Origin::File("/y/kubecon.json".into())).unwrap();
        assert_eq!(list(&data).len(), 2);
    }

    #[test]
    fn ids_are_told_from_paths_and_urls() {
        assert!(looks_like_id(Path::new("fosdem-2025")));
        assert!(!looks_like_id(Path::new("./fosdem.xml")));
        assert!(!looks_like_id(Path::new("https://x.example/s")));
    }
}
