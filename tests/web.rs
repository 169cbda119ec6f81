//! The command line with schedules from the web: `hallway URL`, offline use, `refresh`,
//! `conferences`, `-s ID`. Every server is local (127.0.0.1), started by the test.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use support::pty::Pty;
use support::server::{Reply, Server};

const V1: &[u8] = include_bytes!("fixtures/changes/v1.json");
const V2: &[u8] = include_bytes!("fixtures/changes/v2.json");

fn hallway(data: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", now)
        .env("HALLWAY_FETCH_TIMEOUT", "1")
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    for proxy in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    cmd
}

const BEFORE: &str = "2024-03-19T09:00:00+01:00";
const DURING: &str = "2024-03-20T11:10:00+01:00";

/// A server whose answer the test changes as it goes.
struct Switch {
    server: Server,
    reply: Arc<Mutex<Box<dyn Fn() -> Reply + Send>>>,
}

impl Switch {
    fn new(first: impl Fn() -> Reply + Send + 'static) -> Switch {
        let reply: Arc<Mutex<Box<dyn Fn() -> Reply + Send>>> =
            Arc::new(Mutex::new(Box::new(first)));
        let r = reply.clone();
        let server = Server::start(move |_| (r.lock().unwrap())());
        Switch { server, reply }
    }

    fn set(&self, reply: impl Fn() -> Reply + Send + 'static) {
        *self.reply.lock().unwrap() = Box::new(reply);
    }

    fn url(&self) -> String {
        self.server.url("/changecon/schedule.json")
    }
}

fn v1() -> Reply {
    Reply::ok(V1).with("ETag", "\"v1\"")
}

/// The agenda file of a conference (named by its id and a fingerprint).
fn agenda_of(data: &Path, id: &str) -> std::path::PathBuf {
    std::fs::read_dir(data.join("agendas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.starts_with(id) && Path::new(name).extension().is_some_and(|e| e == "json")
        })
        .unwrap()
}

fn json(cmd: &mut Command) -> (Value, i32, String) {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (value, out.status.code().unwrap(), stderr)
}

#[test]
fn a_url_is_fetched_once_then_used_offline() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = hallway(data, BEFORE)
        .args(["check", "--json", "-s", &web.url()])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["title"], "ChangeCon 2024");
    hallway(data, BEFORE)
        .args(["use", &web.url()])
        .assert()
        .success();
    // The server goes away; the copy is used, the URL remembered.
    web.set(|| Reply::status(503));
    hallway(data, BEFORE)
        .args(["list"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Hooking Libc Calls"))
        .stderr("");
    assert_eq!(web.server.requests().len(), 1);
    // HALLWAY_SCHEDULE takes a URL as -s does: the same copy, no new request.
    hallway(data, BEFORE)
        .env("HALLWAY_SCHEDULE", web.url())
        .args(["check", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ChangeCon 2024"));
    assert_eq!(web.server.requests().len(), 1);
}

#[test]
fn offline_use_is_said_once_when_a_refresh_was_due() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    hallway(data, "2024-03-20T08:00:00+01:00")
        .args(["use", &web.url()])
        .assert()
        .success();
    // Three hours later, during the conference, a refresh is due; the server fails.
    web.set(|| Reply::status(500));
    let out = hallway(data, DURING).args(["agenda"]).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.matches("offline: the copy fetched 3 h ago").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("answered 500"), "{stderr}");
    assert!(!stderr.contains("Something broke"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

#[test]
fn refresh_reports_unchanged_and_updated_with_your_changes() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    hallway(data, BEFORE)
        .args(["use", &web.url()])
        .assert()
        .success();
    hallway(data, BEFORE)
        .args(["star", "c1", "c2"])
        .assert()
        .success();

    // A server that answers 304 to the ETag it gave.
    web.set(|| Reply::Full {
        status: 304,
        headers: vec![],
        body: vec![],
    });
    let (v, code, _) = json(hallway(data, BEFORE).args(["refresh", "--json"]));
    assert_eq!(code, 0);
    assert_eq!(v["status"], "unchanged");
    assert_eq!(v["http_status"], 304);
    assert_eq!(v["source"], web.url());
    assert_eq!(v["fetched_at"], "2024-03-19T08:00:00Z");
    assert_eq!(
        v["changes"],
        serde_json::json!({"changed": 0, "cancelled": 0, "new": 0})
    );
    let sent = web.server.requests();
    assert_eq!(sent.last().unwrap().header("if-none-match"), Some("\"v1\""));

    // A server that ignores validators and sends the same bytes: unchanged too.
    web.set(v1);
    let (v, code, _) = json(hallway(data, BEFORE).args(["refresh", "--json"]));
    assert_eq!(
        (code, v["status"].as_str(), v["http_status"].as_u64()),
        (0, Some("unchanged"), Some(200))
    );

    // A new version: c1 moved, c2 cancelled, c6 new.
    web.set(|| Reply::ok(V2).with("ETag", "\"v2\""));
    let (v, code, _) = json(hallway(data, DURING).args(["refresh", "--json"]));
    assert_eq!(code, 0);
    assert_eq!(v["status"], "updated");
    assert_eq!(v["http_status"], 200);
    assert_eq!(v["fetched_at"], "2024-03-20T10:10:00Z");
    assert_eq!(
        v["changes"],
        serde_json::json!({"changed": 1, "cancelled": 1, "new": 1})
    );
    // `changes` lists the same, from the new copy.
    let out = hallway(data, DURING)
        .args(["changes", "--json"])
        .output()
        .unwrap();
    let changes: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(changes["cancelled"], serde_json::json!(["c2"]));
    assert_eq!(changes["new"], serde_json::json!(["c6"]));

    // Text output for people.
    web.set(|| Reply::Full {
        status: 304,
        headers: vec![],
        body: vec![],
    });
    hallway(data, DURING)
        .args(["refresh"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Unchanged: the copy of ChangeCon 2024 fetched",
        ));
}

#[test]
fn a_failed_refresh_says_why_and_leaves_the_copy_and_stars() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    hallway(data, BEFORE)
        .args(["use", &web.url()])
        .assert()
        .success();
    hallway(data, BEFORE)
        .args(["star", "c1"])
        .assert()
        .success();
    let agenda_file = agenda_of(data, "changecon-2024");
    let agenda = std::fs::read(&agenda_file).unwrap();

    // Server error: exit 1, the status said, nothing raw from the body.
    web.set(|| Reply::status(500));
    let (v, code, stderr) = json(hallway(data, BEFORE).args(["refresh", "--json"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(v["status"], "failed");
    assert_eq!(v["http_status"], 500);
    assert_eq!(v["fetched_at"], "2024-03-19T08:00:00Z");
    assert!(stderr.contains("the server answered 500"), "{stderr}");

    // A login page served with 200: exit 2, kept aside, path in the message.
    web.set(|| {
        Reply::ok(b"<!DOCTYPE html>\n<title>\x1b]52;c;aGk=\x07Sign in</title>")
            .with("Content-Type", "text/html")
    });
    let (v, code, stderr) = json(hallway(data, BEFORE).args(["refresh", "--json"]));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(v["status"], "failed");
    assert_eq!(v["http_status"], 200);
    assert!(stderr.contains("web page (HTML)"), "{stderr}");
    assert!(stderr.contains("rejected"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");

    // A slow server: exit 1, a timeout.
    web.set(|| Reply::Stall(Duration::from_secs(3)));
    let out = hallway(data, BEFORE).args(["refresh"]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("timed out"), "{stderr}");
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("stays in use"), "{stdout}");

    // A redirect to a file: exit 1, not followed.
    web.set(|| Reply::redirect("file:///etc/passwd"));
    let out = hallway(data, BEFORE).args(["refresh"]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("not an http: or https: address"),
        "{stderr}"
    );

    // Through all of it: the copy is the first version, the stars as they were.
    hallway(data, BEFORE)
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Rust in Production"));
    assert_eq!(std::fs::read(&agenda_file).unwrap(), agenda);
}

#[test]
fn a_first_fetch_that_is_not_a_schedule_is_refused() {
    let web = Switch::new(|| Reply::ok(b"<html><body>404 Not Found</body></html>"));
    let dir = tempfile::tempdir().unwrap();
    let out = hallway(dir.path(), BEFORE)
        .args(["-s", &web.url(), "list"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("web page (HTML)"), "{stderr}");
    assert!(!stderr.contains("stays in use"), "{stderr}");
    web.set(|| Reply::status(404));
    hallway(dir.path(), BEFORE)
        .args(["-s", &web.url(), "list"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("answered 404 (Not Found"));
}

#[test]
fn refresh_needs_a_schedule_from_the_web() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v1.json");
    std::fs::write(&file, V1).unwrap();
    hallway(dir.path(), BEFORE)
        .args(["refresh", "-s", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a file, not a web address"));
}

#[test]
fn conferences_lists_files_and_urls_and_ids_open_them() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = dir.path().join("minicon.json");
    std::fs::copy("tests/fixtures/minicon.json", &file).unwrap();
    hallway(data, BEFORE)
        .args(["-s", file.to_str().unwrap(), "star", "m1"])
        .assert()
        .success();
    hallway(data, BEFORE)
        .args(["-s", &web.url(), "note", "c1", "--append", "bring laptop"])
        .assert()
        .success();
    let (v, code, _) = json(hallway(data, BEFORE).args(["conferences", "--json"]));
    assert_eq!(code, 0);
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 2);
    let ids: Vec<&str> = all.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"changecon-2024") && ids.contains(&"minicon-2024"));
    let web_one = all.iter().find(|c| c["id"] == "changecon-2024").unwrap();
    assert_eq!(web_one["source"], web.url());
    assert_eq!(web_one["source_kind"], "url");
    assert_eq!(web_one["fetched_at"], "2024-03-19T08:00:00Z");
    assert_eq!(web_one["notes"], 1);
    let file_one = all.iter().find(|c| c["id"] == "minicon-2024").unwrap();
    assert_eq!(file_one["source_kind"], "file");
    assert_eq!(file_one["stars"], 1);
    assert_eq!(file_one["fetched_at"], Value::Null);
    assert_eq!(file_one["start_date"], "2024-03-20");

    // -s takes an id from this list.
    hallway(data, BEFORE)
        .args(["-s", "minicon-2024", "agenda"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Hooking Libc Calls"));
    hallway(data, BEFORE)
        .args(["-s", "changecon-2024", "check", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ChangeCon 2024"));
    hallway(data, BEFORE)
        .args(["conferences"])
        .assert()
        .success()
        .stdout(predicates::str::contains("minicon-2024"))
        .stdout(predicates::str::contains("(fetched "));
}

/// The interface in a pseudo-terminal on the schedule opened last, at `now`.
fn open_tui(data: &Path, now: &str) -> Pty {
    Pty::start(data, &[], &[("HALLWAY_NOW", now)])
}

/// Quits with `q`, and the process exits with success.
fn quit(tui: &mut Pty) {
    tui.keys("q");
    assert_eq!(tui.wait_exit(), Some(0), "{}", tui.contents());
}

/// The interface in a pseudo-terminal: `R` asks the server, which holds its answer until the
/// test lets it go. Keys are typed before the answer, right as it arrives and after it, and each
/// one shows on screen; the new version waits while the search has the keyboard, then shows.
#[test]
fn a_refresh_arrives_in_the_interface_while_keys_are_typed() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    hallway(data, DURING)
        .args(["use", &web.url()])
        .assert()
        .success();
    hallway(data, DURING)
        .args(["star", "c1"])
        .assert()
        .success();
    // The next answer is a new version, sent only when the test opens the gate.
    let (open, gate) = std::sync::mpsc::channel::<()>();
    let gate = Mutex::new(gate);
    web.set(move || {
        let _ = gate.lock().unwrap().recv_timeout(Duration::from_secs(30));
        Reply::ok(V2).with("ETag", "\"v2\"")
    });
    let mut tui = open_tui(data, DURING);
    tui.wait_for("ChangeCon 2024");
    tui.wait_for("copy fresh");
    let asked = web.server.requests().len();
    tui.keys("R");
    tui.wait_for("refreshing…");
    // The request is at the server, which holds it: keys typed now are handled at once.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while web.server.requests().len() == asked {
        assert!(std::time::Instant::now() < deadline, "R sent no request");
        std::thread::sleep(Duration::from_millis(10));
    }
    tui.keys("/");
    for typed in ["/d", "/de"] {
        tui.keys(&typed[typed.len() - 1..]);
        tui.wait_for(typed);
    }
    assert!(
        tui.contents().contains("refreshing…"),
        "the refresh is still held:\n{}",
        tui.contents()
    );
    // The answer goes out; keys typed right as it arrives are handled too.
    open.send(()).unwrap();
    for typed in ["/dee", "/deep"] {
        tui.keys(&typed[typed.len() - 1..]);
        tui.wait_for(typed);
    }
    // It arrives as a message; while the search has the keyboard the new version waits...
    tui.wait_for("new version waiting");
    // ...and keys after it still work (the search is edited, nothing else moves).
    tui.keys("\u{7f}");
    tui.wait_gone("/deep");
    tui.wait_for("/dee");
    tui.keys("p");
    tui.wait_for("/deep");
    assert!(
        tui.contents().contains("new version waiting"),
        "{}",
        tui.contents()
    );
    // Closed: the new version shows, and what changed for the stars is said at once.
    tui.keys("\u{1b}");
    tui.wait_for("1 of your sessions changed");
    quit(&mut tui);
    // The copy on disk is the new version.
    let again = hallway(data, DURING)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("WASM Everywhere"));
}

/// A refresh due when the interface starts runs in the background: a silent server delays
/// neither the first frame nor a key.
#[test]
fn the_interface_opens_at_once_when_the_server_is_slow() {
    let web = Switch::new(v1);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    hallway(data, "2024-03-20T08:00:00+01:00")
        .args(["use", &web.url()])
        .assert()
        .success();
    web.set(|| Reply::Stall(Duration::from_secs(5)));
    // Three hours later a refresh is due; the server says nothing for 5 s, then hangs up.
    let started = std::time::Instant::now();
    let mut tui = open_tui(data, DURING);
    tui.wait_for("refreshing…");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the first frame waited for the server: {:?}",
        started.elapsed()
    );
    // Keys work while the refresh waits.
    tui.keys("/deep");
    tui.wait_for("deep");
    assert!(tui.contents().contains("refreshing…"), "{}", tui.contents());
    tui.keys("\u{1b}");
    tui.wait_for("offline · copy 3 h old");
    quit(&mut tui);
}
