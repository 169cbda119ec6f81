//! Planning as a team at scale: a team of 20, 200 stars each (with notes on a tenth), on a
//! 10,000-session schedule. Loading reads the 20 share files from a team folder, parses them
//! strictly, and matches every entry (guid, id, title and start) into the index by session;
//! coverage works out the slots, interests and the attendee's clashes from that index.
//!
//! Run with `cargo bench --bench team`. The target (docs/performance.md) is 50 ms for loading
//! and coverage together.

use divan::Bencher;
use hallway::plan::synthetic;
use hallway::plan::team::coverage::coverage;
use hallway::plan::team::{Share, TeamIndex};
use hallway::schedule::Schedule;
use hallway::team_store::TeamStore;

fn main() {
    divan::main();
}

const TEAM: usize = 20;
const STARS: usize = 200;
const SESSIONS: usize = 10_000;

fn at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
}

/// A teammate's share: 200 stars, notes and ratings on every tenth, two interests.
fn share(schedule: &Schedule, k: usize) -> Share {
    synthetic::team_share(schedule, k, STARS, at())
}

struct Team {
    _dir: tempfile::TempDir,
    store: TeamStore,
    schedule: Schedule,
}

fn team() -> Team {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let schedule = synthetic::schedule(SESSIONS, 1);
    let folder = dir.path().join("team");
    if let Err(e) = std::fs::create_dir_all(&folder) {
        panic!("team folder: {e}");
    }
    let store = TeamStore::new(
        &dir.path().join("data"),
        &schedule.conference.id,
        Some(folder.clone()),
    );
    for k in 0..TEAM {
        if let Err(e) = store.write_own(&folder, &share(&schedule, k)) {
            panic!("share {k}: {e}");
        }
    }
    Team {
        _dir: dir,
        store,
        schedule,
    }
}

fn load(t: &Team) -> TeamIndex {
    let loaded = t.store.load(&t.schedule.conference, Some("me"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    TeamIndex::new(
        &t.schedule,
        loaded.teammates.into_iter().map(|m| m.share).collect(),
    )
}

fn mine(schedule: &Schedule) -> Vec<usize> {
    synthetic::agenda(schedule, STARS, 7)
        .stars
        .iter()
        .filter_map(|id| schedule.find(id).map(|(p, _)| p))
        .collect()
}

/// Reading, parsing and matching the whole team (20 files, 4,000 entries).
#[divan::bench(sample_count = 30)]
fn load_team_of_20(bencher: Bencher) {
    let t = team();
    bencher.bench_local(|| load(&t).members.len());
}

/// Coverage from the index: slots, interests nobody covers, the attendee's clashes.
#[divan::bench(sample_count = 30)]
fn coverage_team_of_20(bencher: Bencher) {
    let t = team();
    let index = load(&t);
    let me = mine(&t.schedule);
    let interests = vec!["security".to_string()];
    bencher.bench_local(|| {
        coverage(&t.schedule, &index, &me, &interests, "me")
            .slots
            .len()
    });
}

/// What `team coverage` does after opening the schedule: load the team, then coverage.
#[divan::bench(sample_count = 30)]
fn load_and_coverage_team_of_20(bencher: Bencher) {
    let t = team();
    let me = mine(&t.schedule);
    let interests = vec!["security".to_string()];
    bencher.bench_local(|| {
        let index = load(&t);
        coverage(&t.schedule, &index, &me, &interests, "me")
            .clashes
            .len()
    });
}
