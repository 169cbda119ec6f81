//! The real binary in a small pseudo-terminal (40x12: a phone over ssh, a short tmux pane): the
//! compact layout is drawn and every key works; a starred session the schedule cancelled is
//! still in the agenda, marked cancelled.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 12;
const COLS: u16 = 40;

/// A hallway process in a 40x12 pseudo-terminal, its screen kept by a reader thread.
struct Small {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Small {
    fn start(data: &Path, args: &[&str], now: &str) -> Small {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hallway"));
        cmd.args(args);
        cmd.env("HALLWAY_DATA_DIR", data);
        cmd.env("HALLWAY_NOW", now);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("HALLWAY_SCHEDULE");
        cmd.env_remove("HALLWAY_TEAM_DIR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
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
        // Keep the master open as long as the session.
        std::mem::forget(pty.master);
        Small {
            screen,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn row(&self, row: u16) -> String {
        self.screen
            .lock()
            .unwrap()
            .screen()
            .rows(0, COLS)
            .nth(usize::from(row))
            .unwrap_or_default()
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

    fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("screen still shows {text:?}:\n{}", self.contents());
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Escape and the next key, sent together, would read as Alt+key.
        std::thread::sleep(Duration::from_millis(100));
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

fn hallway(data: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env_remove("HALLWAY_SCHEDULE")
        .env_remove("HALLWAY_TEAM_DIR");
    cmd
}

#[test]
fn the_compact_layout_at_40x12_takes_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Small::start(dir.path(), &[], "2024-03-20T11:10:00+01:00");
    // One line of header: the day between its arrows, the view, the time.
    s.wait_for("‹ Wed 20 ›");
    assert!(s.row(0).contains("Schedule") && s.row(0).ends_with("11:10"));
    assert!(!s.contents().contains("too small"), "{}", s.contents());
    // The search narrows to the Libc talk; s stars it.
    s.keys("/");
    s.keys("hooking libc");
    s.wait_for("1 match");
    s.keys("\r");
    s.wait_for("When They Go High");
    s.keys("s");
    s.wait_for("starred");
    // Enter: the detail over the list, scrolled with j; Esc back.
    s.keys("\r");
    s.wait_for("Session (j/k scroll");
    s.wait_for("14:30–15:05");
    s.keys("\x1b");
    s.wait_for("Title");
    // The agenda (two views on) has the star, in one column.
    s.keys("\t");
    s.keys("\t");
    s.wait_for("Your agenda: 1 starred");
    assert!(
        s.contents().contains("14:30 ★"),
        "time, marker, title:\n{}",
        s.contents()
    );
    // ] goes to the next day in the header.
    s.keys("]");
    s.wait_for("‹ Thu 21");
    s.keys("q");
    assert!(s.wait_exit().success());
    let out = hallway(dir.path())
        .args(["agenda", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Hooking Libc Calls"), "{text}");
}

#[test]
fn a_cancelled_star_is_still_in_the_agenda_marked_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("changecon.json");
    std::fs::write(&file, include_str!("fixtures/changes/v1.json")).unwrap();
    let file = file.to_str().unwrap();
    hallway(dir.path())
        .args(["-s", file, "star", "c1", "c2"])
        .assert()
        .success();
    // The organisers publish a new version without "Rust in Production".
    std::fs::write(file, include_str!("fixtures/changes/v2.json")).unwrap();
    let mut s = Small::start(dir.path(), &["-s", file], "2024-03-20T09:00:00+01:00");
    // The first day: no arrow back.
    s.wait_for("Wed 20 ›");
    s.keys("\t");
    s.keys("\t");
    s.wait_for("1 cancelled");
    s.wait_for("Rust in Production");
    let row = s
        .contents()
        .lines()
        .find(|l| l.contains("Rust in"))
        .unwrap()
        .to_string();
    assert!(
        row.starts_with("11:15") && row.ends_with("cancelled"),
        "its old time, marked: {row:?}"
    );
    // Accepted in the review (U, then A for all), the row goes.
    s.keys("U");
    s.keys("A");
    s.keys("\x1b");
    s.wait_for("0 clashes");
    s.wait_gone("Rust in");
    s.keys("q");
    assert!(s.wait_exit().success());
}
