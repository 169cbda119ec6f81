//! The real binary in a small pseudo-terminal (40x12: a phone over ssh, a short tmux pane): the
//! compact layout is drawn and every key works; a starred session the schedule cancelled is
//! still in the agenda, marked cancelled.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::pty::Pty;

/// A hallway process in a 40x12 pseudo-terminal at `now`.
fn small(data: &Path, args: &[&str], now: &str) -> Pty {
    Pty::start_sized(data, args, &[("HALLWAY_NOW", now)], (12, 40))
}

/// Types `keys`, then waits a moment: Escape and the next key, sent together, would read as
/// Alt+key.
fn keys(s: &mut Pty, typed: &str) {
    s.keys(typed);
    std::thread::sleep(Duration::from_millis(100));
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
    let mut s = small(dir.path(), &[], "2024-03-20T11:10:00+01:00");
    // One line of header: the day between its arrows, the view, the time.
    s.wait_for("‹ Wed 20 ›");
    assert!(s.row(0).contains("Schedule") && s.row(0).ends_with("11:10"));
    assert!(!s.contents().contains("too small"), "{}", s.contents());
    // The search narrows to the Libc talk; s stars it.
    keys(&mut s, "/");
    keys(&mut s, "hooking libc");
    s.wait_for("1 match");
    keys(&mut s, "\r");
    s.wait_for("When They Go High");
    keys(&mut s, "s");
    s.wait_for("starred");
    // Enter: the detail over the list, scrolled with j; Esc back.
    keys(&mut s, "\r");
    s.wait_for("Session (j/k scroll");
    s.wait_for("14:30–15:05");
    keys(&mut s, "\x1b");
    s.wait_for("Title");
    // The agenda (two views on) has the star, in one column.
    keys(&mut s, "\t");
    keys(&mut s, "\t");
    s.wait_for("Your agenda: 1 starred");
    assert!(
        s.contents().contains("14:30 ★"),
        "time, marker, title:\n{}",
        s.contents()
    );
    // ] goes to the next day in the header.
    keys(&mut s, "]");
    s.wait_for("‹ Thu 21");
    keys(&mut s, "q");
    assert_eq!(s.wait_exit(), Some(0));
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
    let mut s = small(dir.path(), &["-s", file], "2024-03-20T09:00:00+01:00");
    // The first day: no arrow back.
    s.wait_for("Wed 20 ›");
    keys(&mut s, "\t");
    keys(&mut s, "\t");
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
    keys(&mut s, "U");
    keys(&mut s, "A");
    keys(&mut s, "\x1b");
    s.wait_for("0 clashes");
    s.wait_gone("Rust in");
    keys(&mut s, "q");
    assert_eq!(s.wait_exit(), Some(0));
}
