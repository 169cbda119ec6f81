//! Schedules from the web, against a local HTTP server: fetching, conditional refreshes, and the
//! faults a server can produce. Nothing here reaches the internet.

#![allow(clippy::unwrap_used)]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use hallway::fetch::{Client, FetchError, Limits, Validators};
use hallway::formats::LoadOptions;
use hallway::remote::{Outcome, RefreshError, RemoteStore, fetch};
use support::server::{Reply, Server, gzip};

const V1: &[u8] = include_bytes!("fixtures/changes/v1.json");
const V2: &[u8] = include_bytes!("fixtures/changes/v2.json");
const OTHER: &[u8] = include_bytes!("fixtures/minicon.json");

fn client() -> Client {
    Client::without_proxy(Limits {
        connect: Duration::from_millis(500),
        total: Duration::from_millis(700),
        max_bytes: 1024 * 1024,
        max_redirects: 5,
    })
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-03-19T08:00:00Z")
        .unwrap()
        .to_utc()
}

/// Fetches once: the copy every refresh test starts from.
fn first(store: &RemoteStore, url: &str) -> hallway::remote::Copy {
    match fetch(store, &client(), url, None, now(), LoadOptions::default()).unwrap() {
        Outcome::Updated { copy, .. } => copy,
        other @ Outcome::Unchanged { .. } => panic!("{other:?}"),
    }
}

fn refresh(store: &RemoteStore, url: &str) -> Result<Outcome, RefreshError> {
    let copy = store.get(url).unwrap().unwrap();
    let later = now() + chrono::Duration::hours(2);
    fetch(
        store,
        &client(),
        url,
        Some(&copy),
        later,
        LoadOptions::default(),
    )
}

/// The store's copy is byte for byte the first version.
fn assert_copy_is_v1(store: &RemoteStore, url: &str) {
    let copy = store.get(url).unwrap().unwrap();
    assert_eq!(std::fs::read(copy.path()).unwrap(), V1);
    assert_eq!(copy.meta.conference.id, "changecon-2024");
}

#[test]
fn a_first_fetch_keeps_the_bytes_and_what_the_server_said() {
    let server = Server::start(|_| {
        Reply::ok(V1)
            .with("ETag", "\"abc-gzip\"")
            .with("Last-Modified", "Tue, 19 Mar 2024 07:00:00 GMT")
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/schedule.json");
    let copy = first(&store, &url);
    assert_eq!(copy.meta.url, url);
    assert_eq!(copy.meta.etag.as_deref(), Some("\"abc-gzip\""));
    assert_eq!(
        copy.meta.last_modified.as_deref(),
        Some("Tue, 19 Mar 2024 07:00:00 GMT")
    );
    assert_eq!(copy.meta.fetched_at, now());
    assert_eq!(copy.meta.sha256, hallway::remote::sha256_hex(V1));
    assert_eq!(copy.meta.conference.title, "ChangeCon 2024");
    assert_copy_is_v1(&store, &url);
    let request = &server.requests()[0];
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with(concat!("hallway/", env!("CARGO_PKG_VERSION")))
    );
    assert!(
        request
            .header("accept")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(request.header("if-none-match"), None);
}

#[test]
fn a_304_by_etag_confirms_the_copy() {
    let server = Server::start(|r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            Reply::Full {
                status: 304,
                headers: vec![],
                body: vec![],
            }
        } else {
            Reply::ok(V1).with("ETag", "\"v1\"")
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    first(&store, &url);
    let out = refresh(&store, &url).unwrap();
    assert!(
        matches!(
            out,
            Outcome::Unchanged {
                http_status: 304,
                ..
            }
        ),
        "{out:?}"
    );
    // The ETag goes back exactly as given, quotes included.
    assert_eq!(server.requests()[1].header("if-none-match"), Some("\"v1\""));
    let copy = store.get(&url).unwrap().unwrap();
    assert_eq!(copy.meta.fetched_at, now());
    assert_eq!(copy.meta.checked_at, now() + chrono::Duration::hours(2));
    assert_copy_is_v1(&store, &url);
}

#[test]
fn a_304_by_last_modified_confirms_the_copy() {
    const DATE: &str = "Tue, 19 Mar 2024 07:00:00 GMT";
    let server = Server::start(|r| {
        if r.header("if-modified-since") == Some(DATE) {
            Reply::Full {
                status: 304,
                headers: vec![],
                body: vec![],
            }
        } else {
            Reply::ok(V1).with("Last-Modified", DATE)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    first(&store, &url);
    let out = refresh(&store, &url).unwrap();
    assert!(
        matches!(
            out,
            Outcome::Unchanged {
                http_status: 304,
                ..
            }
        ),
        "{out:?}"
    );
    assert_eq!(server.requests()[1].header("if-none-match"), None);
}

#[test]
fn a_server_that_ignores_validators_costs_a_hash_not_a_new_copy() {
    let server = Server::start(|_| Reply::ok(V1).with("ETag", "\"v1\""));
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    first(&store, &url);
    let out = refresh(&store, &url).unwrap();
    assert!(
        matches!(
            out,
            Outcome::Unchanged {
                http_status: 200,
                ..
            }
        ),
        "{out:?}"
    );
    assert_copy_is_v1(&store, &url);
}

#[test]
fn a_new_version_replaces_the_copy() {
    let version = Arc::new(AtomicUsize::new(1));
    let v = version.clone();
    let server = Server::start(move |_| {
        if v.load(Ordering::SeqCst) == 1 {
            Reply::ok(V1).with("ETag", "\"1\"")
        } else {
            Reply::ok(V2).with("ETag", "\"2\"")
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    let old = first(&store, &url);
    version.store(2, Ordering::SeqCst);
    let Outcome::Updated { copy, schedule, .. } = refresh(&store, &url).unwrap() else {
        panic!("not updated")
    };
    assert!(schedule.find("c6").is_some());
    assert_eq!(std::fs::read(copy.path()).unwrap(), V2);
    assert_eq!(copy.meta.etag.as_deref(), Some("\"2\""));
    assert_eq!(store.get(&url).unwrap().unwrap(), copy);
    // The old copy is kept one round, for a process that is opening it right now.
    assert!(old.path().is_file());
}

#[test]
fn gzip_bodies_are_decoded() {
    let server = Server::start(|r| {
        assert!(r.header("accept-encoding").unwrap().contains("gzip"));
        Reply::Full {
            status: 200,
            headers: vec![("Content-Encoding".into(), "gzip".into())],
            body: gzip(V1),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    first(&store, &url);
    assert_copy_is_v1(&store, &url);
}

#[test]
fn redirects_are_followed_to_the_export() {
    let server = Server::start(|r| match r.path.as_str() {
        "/conf/schedule/" => Reply::redirect("export/schedule.json"),
        "/conf/schedule/export/schedule.json" => Reply::ok(V1),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/conf/schedule/");
    let copy = first(&store, &url);
    assert_eq!(
        copy.meta.final_url,
        server.url("/conf/schedule/export/schedule.json")
    );
}

/// A version that arrives after a good one, and what must happen to it.
fn bad_refresh(
    reply: impl Fn() -> Reply + Send + Sync + 'static,
) -> (RefreshError, tempfile::TempDir) {
    let served = Arc::new(Mutex::new(false));
    let s = served.clone();
    let server = Server::start(move |_| {
        let mut first_done = s.lock().unwrap();
        if *first_done {
            reply()
        } else {
            *first_done = true;
            Reply::ok(V1)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    first(&store, &url);
    let err = refresh(&store, &url).unwrap_err();
    assert_copy_is_v1(&store, &url);
    let copy = store.get(&url).unwrap().unwrap();
    let failure = copy.meta.last_failure.expect("the failure is recorded");
    assert_eq!(failure.message, err.to_string());
    // Keep the server alive until the refresh is done.
    drop(server);
    (err, dir)
}

fn assert_kept_aside(err: &RefreshError, body: &[u8], reason: &str) {
    let RefreshError::Rejected { kept, .. } = err else {
        panic!("{err:?}")
    };
    assert!(err.is_bad_content());
    assert_eq!(std::fs::read(kept).unwrap(), body);
    let msg = err.to_string();
    assert!(msg.contains(reason), "{msg}");
    assert!(msg.contains(&kept.display().to_string()), "{msg}");
    assert!(msg.contains("stays in use"), "{msg}");
    assert!(!msg.contains('\u{1b}'), "{msg}");
}

/// A server that sends a login page at every refresh for a week: the responses kept aside stay
/// bounded (the newest few), and the one the last message names is among them.
#[test]
fn rejected_responses_stay_bounded_over_many_bad_refreshes() {
    let n = Arc::new(AtomicUsize::new(0));
    let count = n.clone();
    let server = Server::start(move |_| {
        // The first answer is the good copy; every later one a different login page.
        match count.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::ok(V1),
            k => Reply::ok(format!("<!DOCTYPE html><p>log in ({k})</p>").as_bytes())
                .with("Content-Type", "text/html"),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let url = server.url("/s.json");
    first(&store, &url);
    let mut last = None;
    // Every two hours for a week.
    for k in 1..=84 {
        let copy = store.get(&url).unwrap().unwrap();
        let at = now() + chrono::Duration::hours(2 * k);
        let err = fetch(
            &store,
            &client(),
            &url,
            Some(&copy),
            at,
            LoadOptions::default(),
        )
        .unwrap_err();
        last = Some(err);
    }
    let err = last.unwrap();
    let RefreshError::Rejected { kept, .. } = &err else {
        panic!("{err:?}")
    };
    let rejected = kept.parent().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(rejected)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), hallway::remote::REJECTED_KEPT, "{names:?}");
    // The newest are kept, the last one named by the message among them.
    assert_eq!(
        std::fs::read(kept).unwrap(),
        b"<!DOCTYPE html><p>log in (84)</p>"
    );
    assert_eq!(
        kept.file_name().unwrap().to_str().unwrap(),
        names.last().unwrap()
    );
    assert!(names[0].starts_with("20240326T000000Z-"), "{names:?}");
    assert_copy_is_v1(&store, &url);
}

#[test]
fn an_html_page_served_with_200_is_kept_aside() {
    let page = b"<!DOCTYPE html><html><title>\x1b[2JLog in</title></html>";
    let (err, _dir) =
        bad_refresh(move || Reply::ok(page).with("Content-Type", "text/html; charset=utf-8"));
    assert_kept_aside(&err, page, "web page (HTML)");
    assert_eq!(err.http_status(), Some(200));
}

#[test]
fn a_truncated_schedule_is_kept_aside() {
    // Without a Content-Length nothing tells HTTP it was cut: reading it does.
    let cut = &V2[..V2.len() / 2];
    let (err, _dir) = bad_refresh(move || {
        let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        raw.extend_from_slice(cut);
        Reply::Raw(raw)
    });
    assert_kept_aside(&err, cut, "not a readable schedule");
}

#[test]
fn a_body_shorter_than_its_length_is_a_broken_connection() {
    let (err, _dir) = bad_refresh(|| {
        let mut raw = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            V2.len()
        )
        .into_bytes();
        raw.extend_from_slice(&V2[..100]);
        Reply::Raw(raw)
    });
    assert!(
        matches!(err, RefreshError::Fetch(FetchError::Truncated { .. })),
        "{err:?}"
    );
    assert!(!err.is_bad_content());
}

#[test]
fn an_empty_body_or_schedule_is_kept_aside() {
    let (err, _dir) = bad_refresh(|| Reply::ok(b""));
    assert_kept_aside(&err, b"", "empty response");
    let empty = br#"{"hallway_schedule": 1, "conference": {"id": "changecon-2024", "title": "ChangeCon 2024",
        "timezone": "Europe/Paris", "start_date": "2024-03-20", "end_date": "2024-03-21"}, "rooms": [], "tracks": [], "sessions": []}"#;
    let (err, _dir) = bad_refresh(move || Reply::ok(empty));
    assert_kept_aside(&err, empty, "no sessions");
}

#[test]
fn another_conferences_schedule_is_kept_aside() {
    let (err, _dir) = bad_refresh(|| Reply::ok(OTHER));
    assert_kept_aside(&err, OTHER, "another conference");
}

#[test]
fn server_errors_say_the_status() {
    let (err, _dir) = bad_refresh(|| Reply::status(500));
    assert_eq!(err.http_status(), Some(500));
    assert!(!err.is_bad_content());
    let msg = err.to_string();
    assert!(msg.contains("answered 500"), "{msg}");
    assert!(!msg.contains("Something broke"), "{msg}");
}

#[test]
fn a_slow_server_times_out() {
    let (err, _dir) = bad_refresh(|| Reply::Stall(Duration::from_secs(3)));
    assert!(
        matches!(err, RefreshError::Fetch(FetchError::Timeout { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[test]
fn an_endless_body_stops_at_the_limit() {
    let (err, _dir) = bad_refresh(|| Reply::Endless);
    assert!(
        matches!(err, RefreshError::Fetch(FetchError::TooLarge { .. })),
        "{err:?}"
    );
    assert!(err.is_bad_content());
}

#[test]
fn a_redirect_to_a_file_is_refused() {
    let (err, _dir) = bad_refresh(|| Reply::redirect("file:///etc/passwd"));
    assert!(
        matches!(err, RefreshError::Fetch(FetchError::RedirectScheme { .. })),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("not an http: or https: address"),
        "{err}"
    );
}

#[test]
fn redirect_loops_and_chains_end() {
    let server = Server::start(|r| match r.path.as_str() {
        "/a" => Reply::redirect("/b"),
        "/b" => Reply::redirect("/a"),
        p => {
            let n: u32 = p.trim_start_matches("/chain/").parse().unwrap_or(0);
            Reply::redirect(&format!("/chain/{}", n + 1))
        }
    });
    let c = client();
    let err = c
        .get(&server.url("/a"), &Validators::default())
        .unwrap_err();
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err:?}");
    let err = c
        .get(&server.url("/chain/0"), &Validators::default())
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 5, .. }),
        "{err:?}"
    );
}

#[test]
fn a_refused_connection_is_a_network_failure() {
    // Bind and drop: nothing listens on that port now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client()
        .get(
            &format!("http://127.0.0.1:{port}/s.json"),
            &Validators::default(),
        )
        .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err:?}");
}

#[test]
fn a_pretalx_schedule_page_asked_for_json_redirects_to_the_export() {
    // pretalx answers its schedule page by content negotiation: HTML unless JSON is asked for.
    let server = Server::start(|r| match r.path.as_str() {
        "/conf/schedule/"
            if r.header("accept")
                .is_some_and(|a| a.contains("application/json")) =>
        {
            Reply::Full {
                status: 303,
                headers: vec![(
                    "Location".into(),
                    "/conf/schedule/export/schedule.json".into(),
                )],
                body: vec![],
            }
        }
        "/conf/schedule/" => Reply::ok(b"<!DOCTYPE html><html>the schedule page</html>"),
        "/conf/schedule/export/schedule.json" => Reply::ok(V1),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let store = RemoteStore::new(dir.path());
    let copy = first(&store, &server.url("/conf/schedule/"));
    assert_eq!(copy.meta.conference.id, "changecon-2024");
    assert!(
        copy.meta
            .final_url
            .ends_with("/conf/schedule/export/schedule.json")
    );
}
