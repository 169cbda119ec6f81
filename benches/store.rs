//! Saving the agenda: one star applied through `AgendaStore::apply` (lock, re-read, apply,
//! atomic write with fsyncs), in a temporary directory: in an agenda of 1,000 stars, and at
//! 1,000 to 100,000 sessions with the baseline of known ids recorded (`star`) or recorded by
//! this star (`first_star`).
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
    let dir = tempdir();
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

/// A star or unstar (the change and its save: lock, re-read, apply, atomic write) in an agenda
/// of 100 stars that records every session id of the schedule as the baseline for "new
/// sessions". The baseline is in a file of its own, read only when it changes, so a star costs
/// the same at every size.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 50)]
fn star(bencher: Bencher, sessions: usize) {
    let dir = tempdir();
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
    let held = match store.apply(&first) {
        Ok(a) => a,
        Err(e) => panic!("first save: {e}"),
    };
    let id = schedule.session(0).id.clone();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        let mut changes = vec![Change::set_star(id.clone(), n % 2 == 1)];
        if n % 2 == 1 {
            changes.extend(hallway::plan::changes::remember(
                &schedule,
                &held,
                [id.as_str()],
            ));
        }
        store.apply(&changes).map(|a| a.stars.len()).ok()
    });
}

/// The first star of an agenda: it also records every session id as the baseline, written
/// once into its own file. The schedule's ids are built before (the interface builds them in
/// idle time after the first frame; `first_star_ids_cold` is that work).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 30)]
fn first_star(bencher: Bencher, sessions: usize) {
    let schedule = synthetic::schedule(sessions, 1);
    let _ = schedule.session_ids();
    let id = schedule.session(0).id.clone();
    bencher
        .with_inputs(|| {
            let dir = tempdir();
            let store = AgendaStore::new(
                dir.path().join("agendas/synthetic.json"),
                schedule.conference.id.clone(),
            );
            (dir, store)
        })
        .bench_local_values(|(dir, store)| {
            let agenda = hallway::plan::Agenda::new(schedule.conference.id.clone());
            let mut changes = vec![Change::Star(id.clone())];
            changes.extend(hallway::plan::changes::remember(
                &schedule,
                &agenda,
                [id.as_str()],
            ));
            let saved = store.apply(&changes).map(|a| a.stars.len()).ok();
            (dir, saved)
        });
}

/// Building the schedule's ids for the baseline, which idle time does before the first star.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10)]
fn first_star_ids_cold(bencher: Bencher, sessions: usize) {
    let schedule = synthetic::schedule(sessions, 1);
    // The schedule is handed back, so that dropping it is not timed.
    bencher
        .with_inputs(|| schedule.clone())
        .bench_local_values(|s| (s.session_ids().len(), s));
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    }
}
