//! The config file reaching the interface: the real binary in a pseudo-terminal, with a light
//! theme, a rebound key and a reminder lead from the file, the bell counted, `NO_COLOR` winning,
//! and the environment beating the file.

#![allow(clippy::unwrap_used)]

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use support::server::{Reply, Server};

/// Counts the terminal bells the program rings.
#[derive(Default)]
struct Bells(usize);

impl vt100::Callbacks for Bells {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.0 += 1;
    }
}

struct Session {
    screen: Arc<Mutex<vt100::Parser<Bells>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(dir: &Path, now: &str, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hallway"));
        cmd.args(args);
        cmd.env("HALLWAY_DATA_DIR", dir.join("data"));
        cmd.env("HALLWAY_CONFIG", dir.join("config.toml"));
        cmd.env("HALLWAY_NOW", now);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HALLWAY_FETCH_TIMEOUT", "1");
        for var in [
            "HALLWAY_SCHEDULE",
            "HALLWAY_REMIND",
            "HALLWAY_REFRESH_EVERY",
            "NO_COLOR",
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            30,
            100,
            0,
            Bells::default(),
        )));
        let feed = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        std::mem::forget(pty.master);
        Session {
            screen,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn bells(&self) -> usize {
        self.screen.lock().unwrap().callbacks().0
    }

    /// The colours of every `★` on the screen.
    fn star_colours(&self) -> Vec<vt100::Color> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
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

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("screen never showed {text:?}:\n{}", self.contents());
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "hallway did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
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
    let mut s = Session::start(dir.path(), TEN_BEFORE, &[], &[]);
    s.wait_for("Wed 20 Mar 11:25");
    // The file's lead: the banner already, with the bell (on by default).
    s.wait_for(BANNER);
    assert_eq!(s.bells(), 1);
    // The light theme's star: dark gold (256-colour 136), not the dark theme's yellow.
    let stars = s.star_colours();
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
    s.keys("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    s.keys("Q");
    assert!(s.wait_exit().success());
}

#[test]
fn no_color_wins_and_the_bell_follows_the_file() {
    let dir = setup(
        "[theme]\nbase = \"light\"\nstar = \"green\"\n[reminders]\nminutes = 10\nbell = false\n",
    );
    let mut s = Session::start(dir.path(), TEN_BEFORE, &[], &[("NO_COLOR", "1")]);
    s.wait_for(BANNER);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(s.bells(), 0, "bell = false");
    let stars = s.star_colours();
    assert!(!stars.is_empty());
    assert!(
        stars.iter().all(|c| *c == vt100::Color::Default),
        "{stars:?}"
    );
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn the_environment_beats_the_file_and_the_flag_beats_both() {
    let dir = setup("[reminders]\nminutes = 10\n");
    // HALLWAY_REMIND=2 beats the file's 10: no banner 10 minutes before.
    let mut s = Session::start(dir.path(), TEN_BEFORE, &[], &[("HALLWAY_REMIND", "2")]);
    s.wait_for("Wed 20 Mar 11:25");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains(BANNER), "{}", s.contents());
    s.keys("q");
    assert!(s.wait_exit().success());
    // --remind 10 beats HALLWAY_REMIND=2.
    let mut s = Session::start(
        dir.path(),
        TEN_BEFORE,
        &["--remind", "10"],
        &[("HALLWAY_REMIND", "2")],
    );
    s.wait_for(BANNER);
    s.keys("q");
    assert!(s.wait_exit().success());
    // enabled = false in the file: none, unless --remind asks.
    std::fs::write(
        dir.path().join("config.toml"),
        "[reminders]\nenabled = false\nminutes = 10\n",
    )
    .unwrap();
    let mut s = Session::start(dir.path(), TEN_BEFORE, &[], &[]);
    s.wait_for("Wed 20 Mar 11:25");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains(BANNER), "{}", s.contents());
    s.keys("q");
    assert!(s.wait_exit().success());
    let mut s = Session::start(dir.path(), TEN_BEFORE, &["--remind", "10"], &[]);
    s.wait_for(BANNER);
    s.keys("q");
    assert!(s.wait_exit().success());
}

/// How many requests the server has seen a second after the interface opened at `now`.
fn requests_after_opening(dir: &Path, server: &Server, now: &str, args: &[&str]) -> usize {
    let mut s = Session::start(dir, now, args, &[]);
    s.wait_for("ChangeCon 2024");
    std::thread::sleep(Duration::from_secs(1));
    s.keys("q");
    assert!(s.wait_exit().success());
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
