//! Saving the agenda: one star applied through `AgendaStore::apply` (lock, re-read, apply,
//! atomic write with fsyncs) to an agenda of 1,000 stars, in a temporary directory.
//!
//! Run with `cargo bench --bench store`. The figure is dominated by the file system's fsyncs, so
//! it varies with the disk more than with the code.

use divan::Bencher;
use hallway::plan::{Change, synthetic};
use hallway::store::AgendaStore;

fn main() {
    divan::main();
}

/// One iteration stars or unstars a session, in turn: a save that changes the file every time.
#[divan::bench(sample_count = 50)]
fn save_one_star_of_1000(bencher: Bencher) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let schedule = synthetic::schedule(10_000, 1);
    let agenda = synthetic::agenda(&schedule, 1_000, 2);
    let store = AgendaStore::new(
        dir.path().join("agendas/synthetic.json"),
        schedule.conference.id.clone(),
    );
    let stars: Vec<Change> = agenda.stars.iter().cloned().map(Change::Star).collect();
    if let Err(e) = store.apply(&stars) {
        panic!("first save: {e}");
    }
    let id = schedule.session(0).id.clone();
    let toggle = [Change::Star(id.clone()), Change::Unstar(id)];
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        store
            .apply(&toggle[n % 2..=n % 2])
            .map(|a| a.stars.len())
            .ok()
    });
}

/// The same star or unstar once the agenda also records every session id of the schedule (the baseline
/// for "new sessions", written with the first star): the file grows with the schedule.
#[divan::bench(args = [10_000, 100_000], sample_count = 20)]
fn save_one_star_knowing_every_session(bencher: Bencher, sessions: usize) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let schedule = synthetic::schedule(sessions, 1);
    let agenda = synthetic::agenda(&schedule, 100, 2);
    let store = AgendaStore::new(
        dir.path().join("agendas/synthetic.json"),
        schedule.conference.id.clone(),
    );
    let mut first: Vec<Change> = agenda.stars.iter().cloned().map(Change::Star).collect();
    first.extend(hallway::plan::changes::remember(
        &schedule,
        &agenda,
        agenda.stars.iter().map(String::as_str),
    ));
    if let Err(e) = store.apply(&first) {
        panic!("first save: {e}");
    }
    let id = schedule.session(0).id.clone();
    let toggle = [Change::Star(id.clone()), Change::Unstar(id)];
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        store
            .apply(&toggle[n % 2..=n % 2])
            .map(|a| a.stars.len())
            .ok()
    });
}
