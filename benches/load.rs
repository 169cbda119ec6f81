//! Loading a schedule, per format, at 1,000, 10,000 and 100,000 sessions, against the floor: a
//! bare untyped parse (`serde_json::Value`) of the same bytes.
//!
//! Run with `cargo bench --bench load`. Target: load + validate + index + analysis of a
//! 10,000-session pretalx JSON at most 1.0x the untyped parse. The files are the ones
//! `examples/generate` writes (same writers, same seed), so these figures and
//! `benches/compare.sh` measure the same bytes.
//!
//! The readers are called directly: at 100,000 sessions some files pass `MAX_FILE_BYTES`, which
//! `formats::load_*` would refuse before parsing.

#[path = "../examples/generate/writers.rs"]
mod writers;

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use divan::Bencher;
use hallway::formats::{LoadOptions, frab_xml, ical, ics_out, native, pretalx_json};
use hallway::plan::{Agenda, Analysis, synthetic};
use hallway::schedule::Schedule;
use writers::Kind;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// A generated file and the number of sessions it holds (lunches included).
type Generated = (&'static str, usize);

/// Generated texts, made once per (format, size) for all benchmarks.
static TEXTS: LazyLock<Mutex<HashMap<(&'static str, usize), Generated>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn generated(kind: Kind, sessions: usize) -> Generated {
    let mut texts = TEXTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *texts.entry((kind.name(), sessions)).or_insert_with(|| {
        let schedule = synthetic::schedule(sessions, 1);
        // Leaked on purpose: the texts live as long as the benchmark process.
        let text = String::leak(writers::write(&schedule, kind));
        (text, schedule.sessions().len())
    })
}

fn text(kind: Kind, sessions: usize) -> &'static str {
    generated(kind, sessions).0
}

fn read(kind: Kind, text: &str) -> Schedule {
    let options = LoadOptions::default();
    let loaded = match kind {
        Kind::Native => native::read("bench", text),
        Kind::PretalxJson => pretalx_json::read("bench", text, options),
        Kind::FrabXml => frab_xml::read("bench", text, options),
        Kind::Ical => ical::read("bench", text, options),
    };
    match loaded {
        Ok(schedule) => schedule,
        Err(e) => panic!("the generated {} file does not load: {e}", kind.name()),
    }
}

fn bench_read(bencher: Bencher, kind: Kind, sessions: usize) {
    let (text, count) = generated(kind, sessions);
    assert_eq!(read(kind, text).sessions().len(), count);
    bencher
        .counter(divan::counter::BytesCount::of_str(text))
        .bench(|| read(kind, text));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn hallway_json(bencher: Bencher, sessions: usize) {
    bench_read(bencher, Kind::Native, sessions);
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn pretalx(bencher: Bencher, sessions: usize) {
    bench_read(bencher, Kind::PretalxJson, sessions);
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn frab(bencher: Bencher, sessions: usize) {
    bench_read(bencher, Kind::FrabXml, sessions);
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn icalendar(bencher: Bencher, sessions: usize) {
    bench_read(bencher, Kind::Ical, sessions);
}

/// The target's left side: pretalx JSON read, validated, indexed and analysed (risks, walks;
/// conflicts of an empty agenda).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn pretalx_and_analysis(bencher: Bencher, sessions: usize) {
    let text = text(Kind::PretalxJson, sessions);
    bencher
        .counter(divan::counter::BytesCount::of_str(text))
        .bench(|| {
            let schedule = read(Kind::PretalxJson, text);
            let agenda = Agenda::new(schedule.conference.id.clone());
            let analysis = Analysis::new(&schedule, &agenda);
            (schedule, analysis)
        });
}

/// The floor: the same pretalx bytes parsed into an untyped `serde_json::Value`.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn pretalx_untyped_value(bencher: Bencher, sessions: usize) {
    let text = text(Kind::PretalxJson, sessions);
    bencher
        .counter(divan::counter::BytesCount::of_str(text))
        .bench(|| serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string()));
}

/// iCal export of 1,000 starred sessions (what an attendee sends to a phone).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn ics_export_starred(bencher: Bencher, sessions: usize) {
    let schedule = read(Kind::PretalxJson, text(Kind::PretalxJson, sessions));
    let mut agenda = Agenda::new(schedule.conference.id.clone());
    let step = (schedule.sessions().len() / 1_000).max(1);
    for s in schedule.sessions().iter().step_by(step).take(1_000) {
        agenda.stars.insert(s.id.clone());
    }
    let options = ics_out::Options {
        all: false,
        alarm_minutes: Some(10),
        now: chrono::DateTime::UNIX_EPOCH,
    };
    bencher.bench(|| ics_out::write(&schedule, &agenda, &options));
}

/// iCal export of the whole schedule (`export --format ics --all`).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn ics_export_all(bencher: Bencher, sessions: usize) {
    let schedule = read(Kind::PretalxJson, text(Kind::PretalxJson, sessions));
    let agenda = Agenda::new(schedule.conference.id.clone());
    let options = ics_out::Options {
        all: true,
        alarm_minutes: None,
        now: chrono::DateTime::UNIX_EPOCH,
    };
    bencher.bench(|| ics_out::write(&schedule, &agenda, &options));
}
