//! The config file reaching the interface: the real binary in a pseudo-terminal, with a light
//! theme, a rebound key and a reminder lead from the file, the bell counted, `NO_COLOR` winning,
//! and the environment beating the file.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::pty::Pty;
use support::server::{Reply, Server};

/// hallway at `now` with `dir`'s config file and data.
fn start(dir: &Path, now: &str, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let config = dir.join("config.toml");
    let config = config.to_str().unwrap();
    let mut all = vec![
        ("HALLWAY_CONFIG", config),
        ("HALLWAY_NOW", now),
        ("HALLWAY_FETCH_TIMEOUT", "1"),
    ];
    all.extend_from_slice(env);
    Pty::start(&dir.join("data"), args, &all)
}

/// The colours of every `★` on the screen.
fn star_colours(s: &Pty) -> Vec<vt100::Color> {
    let screen = s.screen();
    let (rows, cols) = screen.size();
    let mut found = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            if let Some(cell) = screen.cell(row, col)
                && cell.contents() == "★"
            {
                found.push(cell.fgcolor());
            }
        }
    }
    found
}

/// A folder with a config file and the demo's "eBPF for the Rest of Us" (11:55 in N04) starred:
/// with the default 5-minute walk and 15 minutes early for a room likely to overflow, it is time
/// to leave at 11:35.
fn setup(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    assert_cmd::Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path().join("data"))
        .env("HALLWAY_CONFIG", dir.path().join("config.toml"))
        .env_remove("HALLWAY_SCHEDULE")
        .args(["star", "kc24-0121"])
        .assert()
        .success();
    dir
}

/// 10 minutes before it is time to leave: a 10-minute lead shows the banner, the default 2 not.
const TEN_BEFORE: &str = "2024-03-20T11:25:30+01:00";
const BANNER: &str = "leave now for N04";

#[test]
fn theme_keys_and_reminder_lead_from_the_file_reach_the_interface() {
    let dir = setup("[theme]\nbase = \"light\"\n[keys]\nquit = \"Q\"\n[reminders]\nminutes = 10\n");
    let mut s = start(dir.path(), TEN_BEFORE, &[], &[]);
    s.wait_for("Wed 20 Mar 11:25");
    // The file's lead: the banner already, with the bell (on by default).
    s.wait_for(BANNER);
    s.wait_for_bells(1);
    // The light theme's star: dark gold (256-colour 136), not the dark theme's yellow.
    let stars = star_colours(&s);
    assert!(stars.contains(&vt100::Color::Idx(136)), "{stars:?}");
    assert!(!stars.contains(&vt100::Color::Idx(3)), "{stars:?}");
    // q no longer quits; the help and footer show Q.
    s.keys("q");
    std::thread::sleep(Duration::from_millis(300));
    assert!(s.running(), "q was rebound away from quit");
    s.keys("?");
    s.wait_for("Keys (j/k scrolls)");
    s.keys(&"j".repeat(30));
    s.wait_for("quit (Ctrl-C too");
    let help = s.contents();
    let line = help
        .lines()
        .find(|l| l.contains("quit (Ctrl-C too"))
        .unwrap();
    assert!(line.trim_start_matches('│').starts_with("Q "), "{help}");
    assert_eq!(s.bells(), 1, "the bell rings once per session");
    s.keys("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    s.keys("Q");
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn no_color_wins_and_the_bell_follows_the_file() {
    let dir = setup(
        "[theme]\nbase = \"light\"\nstar = \"green\"\n[reminders]\nminutes = 10\nbell = false\n",
    );
    let mut s = start(dir.path(), TEN_BEFORE, &[], &[("NO_COLOR", "1")]);
    s.wait_for(BANNER);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(s.bells(), 0, "bell = false");
    let stars = star_colours(&s);
    assert!(!stars.is_empty());
    assert!(
        stars.iter().all(|c| *c == vt100::Color::Default),
        "{stars:?}"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn the_environment_beats_the_file_and_the_flag_beats_both() {
    let dir = setup("[reminders]\nminutes = 10\n");
    // HALLWAY_REMIND=2 beats the file's 10: no banner 10 minutes before.
    let mut s = start(dir.path(), TEN_BEFORE, &[], &[("HALLWAY_REMIND", "2")]);
    s.wait_for("Wed 20 Mar 11:25");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains(BANNER), "{}", s.contents());
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    // --remind 10 beats HALLWAY_REMIND=2.
    let mut s = start(
        dir.path(),
        TEN_BEFORE,
        &["--remind", "10"],
        &[("HALLWAY_REMIND", "2")],
    );
    s.wait_for(BANNER);
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    // enabled = false in the file: none, unless --remind asks.
    std::fs::write(
        dir.path().join("config.toml"),
        "[reminders]\nenabled = false\nminutes = 10\n",
    )
    .unwrap();
    let mut s = start(dir.path(), TEN_BEFORE, &[], &[]);
    s.wait_for("Wed 20 Mar 11:25");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains(BANNER), "{}", s.contents());
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    let mut s = start(dir.path(), TEN_BEFORE, &["--remind", "10"], &[]);
    s.wait_for(BANNER);
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
}

/// `notify = true` in the file: the desktop notification is tried with the banner; with no
/// D-Bus session to take it (a bus address where nothing listens, as over ssh) the status line
/// says so once and the interface carries on. `--no-notify` beats the file: nothing is tried.
#[cfg(target_os = "linux")]
#[test]
fn a_notification_nobody_takes_is_said_once_and_the_flag_beats_the_file() {
    const FAILED: &str = "no desktop notification (";
    let dir = setup("[reminders]\nminutes = 10\nnotify = true\n");
    let nowhere = format!("unix:path={}", dir.path().join("no-bus").display());
    let bus = [("DBUS_SESSION_BUS_ADDRESS", nowhere.as_str())];
    let mut s = start(dir.path(), TEN_BEFORE, &[], &bus);
    s.wait_for(BANNER);
    s.wait_for_bells(1);
    // The banner has the bottom line; Esc hides it, and the status line says what failed.
    s.keys("\x1b");
    s.wait_gone(BANNER);
    s.wait_for(FAILED);
    // Keys still work: the help opens and closes, and quitting is clean.
    s.keys("?");
    s.wait_for("Keys (j/k scrolls)");
    s.keys("\x1b");
    s.wait_gone("Keys (j/k scrolls)");
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    let mut s = start(dir.path(), TEN_BEFORE, &["--no-notify"], &bus);
    s.wait_for(BANNER);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains(FAILED), "{}", s.contents());
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
}

/// How many requests the server has seen a second after the interface opened at `now`.
fn requests_after_opening(dir: &Path, server: &Server, now: &str, args: &[&str]) -> usize {
    let mut s = start(dir, now, args, &[]);
    s.wait_for("ChangeCon 2024");
    std::thread::sleep(Duration::from_secs(1));
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    server.requests().len()
}

#[test]
fn the_refresh_interval_from_the_file_reaches_the_interface() {
    let server = Server::start(|_| {
        Reply::ok(include_bytes!("fixtures/changes/v1.json")).with("ETag", "\"v1\"")
    });
    let url = server.url("/changecon/schedule.json");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    // Fetched the day before the conference, at 09:00.
    assert_cmd::Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path().join("data"))
        .env("HALLWAY_CONFIG", dir.path().join("config.toml"))
        .env("HALLWAY_NOW", "2024-03-19T09:00:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .args(["use", &url])
        .assert()
        .success();
    assert_eq!(server.requests().len(), 1);
    let at_0940 = "2024-03-19T09:40:00+01:00";
    // The rule (daily before the conference): no refresh 40 minutes later.
    assert_eq!(requests_after_opening(dir.path(), &server, at_0940, &[]), 1);
    // The file's 30 minutes: due, asked for at once.
    std::fs::write(
        dir.path().join("config.toml"),
        "[refresh]\nevery = \"30m\"\n",
    )
    .unwrap();
    assert_eq!(requests_after_opening(dir.path(), &server, at_0940, &[]), 2);
    // The flag beats the file: an hour is not due yet (the copy is now from 09:40).
    let at_1030 = "2024-03-19T10:30:00+01:00";
    assert_eq!(
        requests_after_opening(dir.path(), &server, at_1030, &["--refresh-every", "1h"]),
        2
    );
    assert_eq!(requests_after_opening(dir.path(), &server, at_1030, &[]), 3);
}
