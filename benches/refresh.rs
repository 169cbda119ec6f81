//! Refreshing a schedule from the web, against a server on 127.0.0.1 in this process: a 304, and
//! a 200 with the same bytes as the copy (a server that ignores validators), next to what that
//! 200 would cost if it were parsed, and the hash alone. The schedule is a synthetic one of about
//! the size of FOSDEM's (2.7 MB).
//!
//! Run with `cargo bench --bench refresh`. Times are wall clock and include writing `source.json`
//! (fsyncs); the CPU a whole `hallway refresh` takes is measured in docs/performance.md.
//!
//! The interface's side: keystrokes (update and a 200x60 frame) on that schedule with nothing
//! else running, then with the interface's own web worker refreshing back to back against a
//! server whose every answer is a new version (each refresh downloads, hashes, parses and writes
//! 2.7 MB: the most a refresh can cost), and the one frame that swaps a new version in.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use chrono::Utc;
use divan::Bencher;
use hallway::fetch::{Client, Limits};
use hallway::formats::{self, LoadOptions};
use hallway::remote::{self, Outcome, RemoteStore};
use hallway::tui::action::Action;
use hallway::tui::app::App;
use hallway::tui::app::web::{Fetched, Web};
use hallway::tui::msg::Msg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

#[path = "../tests/support/server.rs"]
mod server;

use server::{Reply, Server};

fn main() {
    divan::main();
}

/// A native JSON schedule of about 2.7 MB.
fn fosdem_sized() -> Vec<u8> {
    let mut n = 2_000;
    loop {
        let bytes = formats::native::write(&hallway::plan::synthetic::schedule(n, 7)).into_bytes();
        if bytes.len() >= 2_700_000 {
            return bytes;
        }
        n = n * 2_700_000 / bytes.len().max(1) + 50;
    }
}

fn client() -> Client {
    Client::without_proxy(Limits {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(30),
        ..Limits::default()
    })
}

/// A data directory holding a copy of `url`.
fn with_copy(url: &str) -> (tempfile::TempDir, RemoteStore, remote::Copy) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let store = RemoteStore::new(dir.path());
    let first = remote::fetch(
        &store,
        &client(),
        url,
        None,
        Utc::now(),
        LoadOptions::default(),
    );
    let Ok(Outcome::Updated { copy, .. }) = first else {
        panic!("first fetch: {first:?}")
    };
    (dir, store, copy)
}

#[divan::bench(sample_count = 30)]
fn refresh_304(bencher: Bencher) {
    let bytes = fosdem_sized();
    let server = Server::start(move |r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            Reply::Full {
                status: 304,
                headers: vec![],
                body: vec![],
            }
        } else {
            Reply::ok(&bytes).with("ETag", "\"v1\"")
        }
    });
    let url = server.url("/schedule.json");
    let (_dir, store, copy) = with_copy(&url);
    let client = client();
    bencher.bench_local(|| {
        let out = remote::fetch(
            &store,
            &client,
            &url,
            Some(&copy),
            Utc::now(),
            LoadOptions::default(),
        );
        assert!(matches!(out, Ok(Outcome::Unchanged { .. })));
    });
}

#[divan::bench(sample_count = 30)]
fn refresh_200_same_bytes(bencher: Bencher) {
    let bytes = fosdem_sized();
    let server = Server::start(move |_| Reply::ok(&bytes));
    let url = server.url("/schedule.json");
    let (_dir, store, copy) = with_copy(&url);
    let client = client();
    bencher.bench_local(|| {
        let out = remote::fetch(
            &store,
            &client,
            &url,
            Some(&copy),
            Utc::now(),
            LoadOptions::default(),
        );
        assert!(matches!(out, Ok(Outcome::Unchanged { .. })));
    });
}

/// What the same 200 would cost if it were parsed (the work the hash saves).
#[divan::bench(sample_count = 30)]
fn parse_the_same_bytes(bencher: Bencher) {
    let bytes = fosdem_sized();
    bencher.bench_local(|| formats::load_bytes("s", &bytes, LoadOptions::default()).is_ok());
}

#[divan::bench(sample_count = 30)]
fn sha256_of_the_same_bytes(bencher: Bencher) {
    let bytes = fosdem_sized();
    bencher.bench_local(|| remote::sha256_hex(&bytes));
}

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// During the synthetic conference (its second day, 11:10 local time).
fn during() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2030-01-08T11:10:00+01:00")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

/// The interface on `bytes`' schedule, 100 sessions starred, at 200x60.
fn app_on(bytes: &[u8]) -> (App, Terminal<TestBackend>) {
    let schedule = formats::load_bytes("s", bytes, LoadOptions::default())
        .unwrap_or_else(|e| panic!("load: {e:?}"));
    let agenda = hallway::plan::synthetic::agenda(&schedule, 100, 2);
    let tz = schedule.conference.timezone;
    let app = App::new(
        schedule,
        agenda,
        tz,
        during(),
        Rect::new(0, 0, WIDTH, HEIGHT),
    );
    let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))
        .unwrap_or_else(|e| panic!("test terminal: {e}"));
    (app, terminal)
}

/// `j` then `k`, each updated and drawn: two keystrokes.
fn down_up(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    for action in [Action::Down, Action::Up] {
        app.update(action);
        if let Err(e) = terminal.draw(|f| hallway::tui::views::draw(app, f)) {
            panic!("draw: {e}");
        }
    }
}

/// Times `n` rounds of [`down_up`] and prints the percentiles divan does not give (the tail is
/// where a busy second thread would show).
fn print_tail(label: &str, app: &mut App, terminal: &mut Terminal<TestBackend>, n: usize) {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let t = std::time::Instant::now();
            down_up(app, terminal);
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    eprintln!(
        "{label}: {n} rounds of j+k: p50 {:?}, p90 {:?}, p99 {:?}, p99.9 {:?}, max {:?}, over 16.7 ms (a 60 Hz frame): {}",
        at(0.5),
        at(0.9),
        at(0.99),
        at(0.999),
        at(1.0),
        times
            .iter()
            .filter(|t| **t > Duration::from_micros(16_700))
            .count()
    );
}

/// Keystrokes with nothing else running (the baseline of the next bench).
#[divan::bench(sample_count = 3000)]
fn keys_down_up_idle(bencher: Bencher) {
    let bytes = fosdem_sized();
    let (mut app, mut terminal) = app_on(&bytes);
    print_tail("keys_down_up_idle", &mut app, &mut terminal, 5000);
    bencher.bench_local(|| down_up(&mut app, &mut terminal));
}

/// Keystrokes while the interface's web worker refreshes back to back, every answer a new
/// version: the loop's thread only handles keys and draws, as in the interface.
#[divan::bench(sample_count = 3000)]
fn keys_down_up_while_refreshing(bencher: Bencher) {
    let bytes = fosdem_sized();
    // Every answer differs from the last by a trailing newline: a new version each time, read
    // in full (the same conference, so it replaces the copy).
    let flip = Arc::new(AtomicBool::new(false));
    let served = bytes.clone();
    let server = Server::start(move |_| {
        let mut body = served.clone();
        if flip.fetch_xor(true, Ordering::SeqCst) {
            body.push(b'\n');
        }
        Reply::ok(&body)
    });
    let url = server.url("/schedule.json");
    let (dir, _store, copy) = with_copy(&url);
    let data = hallway::store::DataDir::new(dir.path());
    let source = hallway::opened::Source::Remote {
        url: url.clone(),
        copy: copy.path(),
    };
    let options = hallway::tui::Options {
        fetch_limits: Limits {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(30),
            ..Limits::default()
        },
        ..hallway::tui::Options::default()
    };
    let (tx, rx) = std::sync::mpsc::channel::<Msg>();
    let Some((_web, refreshes)) = hallway::tui::web_worker::start(
        &source,
        &data,
        hallway::formats::LoadOptions::default(),
        &options,
        tx,
        during,
    ) else {
        panic!("no web worker for {url}")
    };
    // As soon as one refresh answers, the next is asked for.
    let done = Arc::new(AtomicUsize::new(0));
    let updated = Arc::new(AtomicUsize::new(0));
    let (d, u) = (done.clone(), updated.clone());
    let _ = refreshes.send(());
    let driver = std::thread::spawn(move || {
        while let Ok(msg) = rx.recv() {
            if let Msg::Fetched(f) = msg {
                d.fetch_add(1, Ordering::SeqCst);
                if matches!(*f, Fetched::Updated { .. }) {
                    u.fetch_add(1, Ordering::SeqCst);
                }
                if refreshes.send(()).is_err() {
                    return;
                }
            }
        }
    });
    // Wait until the first refresh is under way and answered, so every sample overlaps one.
    while done.load(Ordering::SeqCst) == 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let (mut app, mut terminal) = app_on(&bytes);
    let started = std::time::Instant::now();
    let before = done.load(Ordering::SeqCst);
    print_tail(
        "keys_down_up_while_refreshing",
        &mut app,
        &mut terminal,
        5000,
    );
    bencher.bench_local(|| down_up(&mut app, &mut terminal));
    let (n, new) = (
        done.load(Ordering::SeqCst) - before,
        updated.load(Ordering::SeqCst),
    );
    eprintln!(
        "keys_down_up_while_refreshing: {n} refreshes ran during the samples ({:.1} s; {new} new versions in all)",
        started.elapsed().as_secs_f64()
    );
    drop(server);
    drop(driver);
}

/// The one frame a new version costs the loop: the refresh's answer handled by `update` (the
/// schedule swapped in, positions and changes recomputed) and drawn.
#[divan::bench(sample_count = 30)]
fn a_new_version_arrives(bencher: Bencher) {
    let bytes = fosdem_sized();
    let server = Server::start({
        let bytes = bytes.clone();
        move |_| Reply::ok(&bytes)
    });
    let url = server.url("/schedule.json");
    let (_dir, _store, copy) = with_copy(&url);
    let schedule = formats::load_bytes("s", &bytes, LoadOptions::default())
        .unwrap_or_else(|e| panic!("load: {e:?}"));
    let (app, mut terminal) = app_on(&bytes);
    let mut app = app.with_web(Web::new(copy.clone(), None));
    bencher
        .with_inputs(|| {
            Msg::Fetched(Box::new(Fetched::Updated {
                schedule: Box::new(schedule.clone()),
                copy: Box::new(copy.clone()),
            }))
        })
        .bench_local_values(|msg| {
            app.update(msg);
            if let Err(e) = terminal.draw(|f| hallway::tui::views::draw(&app, f)) {
                panic!("draw: {e}");
            }
        });
}
