//! Benchmarks of the plan analysis on synthetic schedules: a full analysis (risks, walks,
//! conflicts) and one star toggle.
//!
//! Run with `cargo bench --bench analysis`. Targets: a toggle at 10,000 sessions with 1,000
//! starred under 1 ms; a full analysis of 100,000 sessions under 100 ms.

use divan::Bencher;
use hallway::plan::synthetic::{self, Rng};
use hallway::plan::{Analysis, Change, crowding};

fn main() {
    divan::main();
}

/// Risks, walks and conflicts from scratch, with 1% of the sessions starred.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 20)]
fn full_analysis(bencher: Bencher, sessions: usize) {
    let schedule = synthetic::schedule(sessions, 1);
    let agenda = synthetic::agenda(&schedule, sessions / 100, 2);
    bencher.bench_local(|| Analysis::new(&schedule, &agenda));
}

/// The crowding model alone.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 20)]
fn risks(bencher: Bencher, sessions: usize) {
    let schedule = synthetic::schedule(sessions, 1);
    bencher.bench_local(|| crowding::assess(&schedule));
}

/// One iteration stars a random session and unstars it again: two incremental updates, at
/// 10,000 sessions with 1,000 starred.
#[divan::bench(sample_count = 200)]
fn toggle_twice(bencher: Bencher) {
    let schedule = synthetic::schedule(10_000, 1);
    let mut agenda = synthetic::agenda(&schedule, 1_000, 2);
    let mut analysis = Analysis::new(&schedule, &agenda);
    let mut rng = Rng::new(3);
    let n = schedule.sessions().len();
    bencher.bench_local(|| {
        let i = rng.below(n);
        let id = schedule.session(i).id.clone();
        for _ in 0..2 {
            let change = Change::set_star(id.clone(), !agenda.is_starred(&id));
            agenda.apply(&change);
            analysis.set_starred(&schedule, &agenda, i);
        }
    });
}
