//! Refreshing a schedule from the web, against a server on 127.0.0.1 in this process: a 304, and
//! a 200 with the same bytes as the copy (a server that ignores validators), next to what that
//! 200 would cost if it were parsed, and the hash alone. The schedule is a synthetic one of about
//! the size of FOSDEM's (2.7 MB).
//!
//! Run with `cargo bench --bench refresh`. Times are wall clock and include writing `source.json`
//! (fsyncs); the CPU a whole `hallway refresh` takes is measured in docs/performance.md.

use std::time::Duration;

use chrono::Utc;
use divan::Bencher;
use hallway::fetch::{Client, Limits};
use hallway::formats::{self, LoadOptions};
use hallway::remote::{self, Outcome, RemoteStore};

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
