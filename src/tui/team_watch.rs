//! The team watcher: the team's share files read off the loop, at start and whenever one of them
//! changes (a sync tool updated a teammate's file, `team add` ran elsewhere), like the store
//! worker picks up the agenda.
//!
//! It sends the shares as read ([`Msg::Team`]); `update` matches them against the schedule once
//! and keeps the index, so rows and the detail never read files or rescan the team.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use super::msg::Msg;
use crate::schedule::Conference;
use crate::team_store::TeamStore;

/// How often the team's files are looked at for changes.
pub const WATCH: Duration = Duration::from_secs(2);

/// Reads the team now: the message to hand `update`.
pub fn read(store: &TeamStore, conference: &Conference) -> Msg {
    let settings = store.settings();
    let me = store.my_name(&settings);
    let loaded = store.load(conference, me.as_deref());
    Msg::Team {
        shares: loaded.teammates.into_iter().map(|t| t.share).collect(),
        problems: loaded.problems,
        me,
        interests: settings
            .interests
            .get(&conference.id)
            .cloned()
            .unwrap_or_default(),
    }
}

/// Starts the watcher (with a copy of the conference's identity, to refuse other conferences'
/// shares); it stops when the loop's receiver is gone.
pub fn spawn(store: TeamStore, conference: Conference, to_loop: Sender<Msg>) {
    std::thread::spawn(move || {
        let mut last = stamp(&store);
        loop {
            std::thread::sleep(WATCH);
            let now = stamp(&store);
            if now == last {
                continue;
            }
            last = now;
            if to_loop.send(read(&store, &conference)).is_err() {
                return;
            }
        }
    });
}

/// Names, times and sizes of the share files in the team's two places.
fn stamp(store: &TeamStore) -> Vec<(PathBuf, Option<(SystemTime, u64)>)> {
    let mut all = Vec::new();
    let dirs = [
        Some(store.added_dir()),
        store.folder().map(Path::to_path_buf),
    ];
    for dir in dirs.into_iter().flatten() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let path = e.path();
            let meta = std::fs::metadata(&path)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            all.push((path, meta));
        }
    }
    all.sort();
    all
}
