//! The real binary in a pseudo-terminal: type as a person would, read the screen, check the disk.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::pty::Pty;

/// The demo's agenda as saved: its text (for messages) and its JSON.
fn saved_agenda(data: &Path) -> (String, serde_json::Value) {
    let text = std::fs::read_to_string(agenda_file(data)).unwrap();
    let json = serde_json::from_str(&text).unwrap();
    (text, json)
}

#[test]
fn search_star_quit_and_the_star_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("KubeCon + CloudNativeCon Europe 2024");
    s.wait_for("Wed 20 Mar 11:10");
    s.keys("/");
    s.keys("hooking libc");
    s.wait_for("1 matches");
    s.keys("\r");
    s.wait_for("When They Go High");
    s.keys("s");
    s.wait_for("starred");
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));

    let (agenda, saved) = saved_agenda(dir.path());
    let stars = saved["stars"].as_array().unwrap();
    assert_eq!(stars.len(), 1, "{agenda}");
    // The starred id is the Libc talk's, as the CLI knows it.
    let out = assert_cmd::Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path())
        .args(["show", stars[0].as_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let show: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        show["title"]
            .as_str()
            .unwrap()
            .contains("Hooking Libc Calls")
    );
    assert_eq!(show["starred"], true);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("KubeCon + CloudNativeCon Europe 2024");
    s.keys("\t");
    s.wait_for("Paris Keynote");
    s.keys("\x03");
    assert_eq!(s.wait_exit(), Some(0));
    // Leaving the alternate screen brings back the (empty) main screen.
    assert!(
        !s.screen().alternate_screen(),
        "still on the alternate screen"
    );
}

#[test]
fn a_note_typed_a_second_before_kill_9_is_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("KubeCon + CloudNativeCon Europe 2024");
    // The selected session at 11:10 is the 11:00 keynote-room talk: open its notes and type.
    s.keys("n");
    s.wait_for("Notes:");
    s.keys("verifier limits, 1M instructions");
    s.wait_for("1M instructions");
    std::thread::sleep(Duration::from_millis(1100));
    // SIGKILL: no handler, no flush, no goodbye (portable-pty's own kill sends SIGHUP).
    s.signal("KILL");
    assert_eq!(s.wait_exit(), None, "killed by the signal");
    let (agenda, saved) = saved_agenda(dir.path());
    let notes = saved["notes"].as_object().unwrap();
    assert_eq!(notes.len(), 1, "{agenda}");
    let (_, note) = notes.iter().next().unwrap();
    assert_eq!(note["text"], "verifier limits, 1M instructions");
}

#[test]
fn the_tui_keeps_a_star_the_cli_made_while_it_was_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("KubeCon + CloudNativeCon Europe 2024");
    // Another process stars the Libc talk while the interface is open.
    assert_cmd::Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path())
        .args(["star", "kc24-0137"])
        .assert()
        .success();
    // The interface notices within a couple of seconds...
    s.wait_for("updated with changes saved elsewhere");
    // ...and its own star does not drop the other one.
    s.keys("s");
    s.wait_for("starred");
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
    let (agenda, saved) = saved_agenda(dir.path());
    let stars = saved["stars"].as_array().unwrap();
    assert_eq!(stars.len(), 2, "{agenda}");
    assert!(stars.iter().any(|s| s == "kc24-0137"));
}

#[test]
fn a_crash_restores_the_terminal_saves_the_notes_and_says_where_to_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Pty::start(dir.path(), &[], &[("HALLWAY_DEBUG_PANIC_KEY", "%")]);
    s.wait_for("KubeCon + CloudNativeCon Europe 2024");
    s.keys("n");
    s.wait_for("Notes:");
    // Typed and crashed at once, well within the autosave delay: only the crash path can save it.
    s.keys("typed just before the crash%");
    assert_eq!(s.wait_exit(), Some(1));
    s.wait_for("hallway crashed");
    s.wait_for("Please report it");
    assert!(!s.screen().alternate_screen(), "terminal restored");
    let (agenda, _) = saved_agenda(dir.path());
    assert!(
        agenda.contains("\"typed just before the crash\""),
        "{agenda}"
    );
}

/// The one agenda file the data directory holds (`agendas/<conference id>-<fingerprint>.json`).
fn agenda_file(data: &std::path::Path) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(data.join("agendas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            p.extension().is_some_and(|e| e == "json") && !name.starts_with('.')
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn the_leave_now_banner_appears_when_it_is_time_to_go() {
    let dir = tempfile::tempdir().unwrap();
    // "eBPF for the Rest of Us", 11:55 in N04, likely to overflow: be there 15 min early, and
    // with nothing starred before it the walk is the default 5 min: leave at 11:35, reminded
    // 2 min before, at 11:33. Two seconds before that, the screen has no banner yet.
    assert_cmd::Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", dir.path())
        .env_remove("HALLWAY_SCHEDULE")
        .args(["star", "kc24-0121"])
        .assert()
        .success();
    let mut s = Pty::start(
        dir.path(),
        &[],
        &[("HALLWAY_NOW", "2024-03-20T11:32:58+01:00")],
    );
    s.wait_for("Wed 20 Mar 11:32");
    assert!(!s.contents().contains("leave now"), "{}", s.contents());
    s.wait_for("leave now for N04 (5-min walk): eBPF for the Rest of Us");
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
}

/// A `--tz` that contradicts the zone the file names is said on the interface's screen, not on
/// stderr before it (where the alternate screen would hide it at once).
#[test]
fn a_tz_against_the_file_is_said_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minicon.json");
    std::fs::copy("tests/fixtures/minicon.json", &file).unwrap();
    let mut s = Pty::start(
        dir.path(),
        &["--tz", "Asia/Tokyo", file.to_str().unwrap()],
        &[],
    );
    s.wait_for("MiniCon 2024");
    s.wait_for("⚠ --tz Asia/Tokyo contradicts the zone the file names (Europe/Paris)");
    let bytes = s.bytes();
    let alt = bytes
        .windows(8)
        .position(|w| w == b"\x1b[?1049h")
        .expect("the alternate screen");
    assert!(
        !String::from_utf8_lossy(&bytes[..alt]).contains("contradicts"),
        "nothing printed before the interface: {:?}",
        String::from_utf8_lossy(&bytes[..alt])
    );
    // Esc clears it like any status; the times are Tokyo's.
    s.keys("\x1b");
    s.wait_gone("contradicts");
    s.wait_for("JST");
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0));
}
