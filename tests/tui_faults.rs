//! The interface under faults, through the real binary in a pseudo-terminal: signals while a
//! note is typed, saves that cannot happen when quitting, and another process holding the
//! agenda's lock while keys are typed. What is typed is never lost and the terminal is always
//! given back as it was found.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::pty::{Pty, switched_off};

/// The one agenda file the data directory holds (`agendas/<conference id>-<fingerprint>.json`).
fn agenda_file(data: &Path) -> PathBuf {
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

/// The notes saved in the agenda: (session id, text).
fn saved_notes(data: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(agenda_file(data)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["notes"]
        .as_object()
        .map(|notes| {
            notes
                .iter()
                .map(|(id, n)| (id.clone(), n["text"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Creates the demo's agenda with one star (so its file and lock exist before the interface
/// starts) and gives the agenda's path.
fn agenda_with_a_star(data: &Path) -> PathBuf {
    assert_cmd::Command::cargo_bin("hallway")
        .unwrap()
        .env("HALLWAY_DATA_DIR", data)
        .env_remove("HALLWAY_SCHEDULE")
        .args(["star", "kc24-0137"])
        .assert()
        .success();
    agenda_file(data)
}

/// Holds the agenda's lock as `flock` on its `.lock` file would, until dropped.
fn hold_lock(agenda: &Path) -> std::fs::File {
    let mut lock = agenda.as_os_str().to_owned();
    lock.push(".lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(lock))
        .unwrap();
    file.lock().unwrap();
    file
}

/// Waits (patiently: a loaded machine only makes it slower) until `ready` holds.
fn eventually(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The terminal is handed back: the alternate screen left, mouse reporting and bracketed
/// paste switched off, the cursor shown, both as the bytes written say and as a terminal
/// that obeyed them is left.
fn assert_terminal_restored(s: &Pty) {
    let bytes = s.bytes();
    let shown = String::from_utf8_lossy(&bytes);
    assert!(
        bytes.windows(8).any(|w| w == b"\x1b[?1049h"),
        "the interface never started: {shown:?}"
    );
    for (what, on, off) in [
        ("alternate screen", &b"\x1b[?1049h"[..], &b"\x1b[?1049l"[..]),
        ("mouse reporting", b"\x1b[?1000h", b"\x1b[?1000l"),
        ("mouse drag reporting", b"\x1b[?1002h", b"\x1b[?1002l"),
        ("mouse motion reporting", b"\x1b[?1003h", b"\x1b[?1003l"),
        ("SGR mouse mode", b"\x1b[?1006h", b"\x1b[?1006l"),
        ("bracketed paste", b"\x1b[?2004h", b"\x1b[?2004l"),
        ("hidden cursor (shown again)", b"\x1b[?25l", b"\x1b[?25h"),
    ] {
        assert!(switched_off(&bytes, on, off), "{what} left on");
    }
    let screen = s.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting still on"
    );
    assert!(!screen.bracketed_paste(), "bracketed paste still on");
    assert!(!screen.hide_cursor(), "cursor still hidden");
}

/// A signal arriving while a note is being typed (well within the half second before the
/// note would save by itself): the terminal is restored and the note is on disk.
fn a_signal_while_typing_saves_the_note_and_restores_the_terminal(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("Wed 20 Mar 11:10");
    // The session selected at 11:10 is the 11:00 talk in the keynote room: open its notes.
    s.keys("n");
    s.wait_for("Notes:");
    let text = format!("typed just before SIG{signal}");
    s.keys(&text);
    s.wait_for(&text);
    s.signal(signal);
    let code = s.wait_exit();
    assert_eq!(
        code,
        Some(0),
        "a signal is an orderly quit:\n{}",
        s.contents()
    );
    assert_terminal_restored(&s);
    let notes = saved_notes(dir.path());
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].1, text);
}

#[test]
fn sigterm_while_typing_saves_the_note_and_restores_the_terminal() {
    a_signal_while_typing_saves_the_note_and_restores_the_terminal("TERM");
}

#[test]
fn sighup_while_typing_saves_the_note_and_restores_the_terminal() {
    a_signal_while_typing_saves_the_note_and_restores_the_terminal("HUP");
}

#[test]
fn sigint_while_typing_saves_the_note_and_restores_the_terminal() {
    a_signal_while_typing_saves_the_note_and_restores_the_terminal("INT");
}

/// The recovery files written beside `agenda`.
fn recovery_files(agenda: &Path) -> Vec<PathBuf> {
    let stem = agenda.file_stem().unwrap().to_str().unwrap().to_string();
    std::fs::read_dir(agenda.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.starts_with(&format!("{stem}.recovered-"))
                && p.extension().is_some_and(|e| e == "txt")
        })
        .collect()
}

/// Quitting while the agenda's lock is held by someone else: the note cannot be saved, so it
/// goes to a recovery file beside the agenda, the message names that file, and the exit code
/// is 1 (never 0 with the text dropped).
#[test]
fn quitting_while_the_lock_is_held_writes_a_recovery_file_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = agenda_with_a_star(dir.path());
    let before = std::fs::read(&agenda).unwrap();
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("Wed 20 Mar 11:10");
    let held = hold_lock(&agenda);
    s.keys("n");
    s.wait_for("Notes:");
    s.keys("kept in a recovery file");
    s.wait_for("kept in a recovery file");
    // Close the editor (asking for a save the lock forbids) and quit at once.
    s.keys("\x1b");
    s.wait_until("the notes editor closed", |screen| {
        !screen.contains("Notes:")
    });
    s.keys("q");
    let code = s.wait_exit();
    assert_eq!(code, Some(1), "{}", s.contents());
    assert_terminal_restored(&s);
    let files = recovery_files(&agenda);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        std::fs::read_to_string(&files[0]).unwrap(),
        "kept in a recovery file\n"
    );
    // The message says why and where (the path may be wrapped on the 100-column screen).
    let screen: String = s.contents().split_whitespace().collect();
    assert!(
        screen.contains("anotherhallwayissavingthisagenda"),
        "{}",
        s.contents()
    );
    let path: String = files[0].display().to_string().split_whitespace().collect();
    assert!(screen.contains(&path), "{path} not said:\n{}", s.contents());
    // The agenda itself was never touched while the lock was held.
    assert_eq!(std::fs::read(&agenda).unwrap(), before);
    drop(held);
}

/// Quitting while saves fail for another reason (the agenda replaced by a folder, so it can be
/// neither read nor written): the note is kept in a recovery file, its path said, exit 1.
#[test]
fn quitting_while_saves_fail_writes_a_recovery_file_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = agenda_with_a_star(dir.path());
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("Wed 20 Mar 11:10");
    std::fs::remove_file(&agenda).unwrap();
    std::fs::create_dir(&agenda).unwrap();
    std::fs::write(agenda.join("in the way"), "").unwrap();
    s.keys("n");
    s.wait_for("Notes:");
    s.keys("the disk said no");
    s.wait_for("the disk said no");
    s.keys("\x1b");
    s.wait_until("the notes editor closed", |screen| {
        !screen.contains("Notes:")
    });
    s.wait_for("NOT SAVED");
    s.keys("q");
    let code = s.wait_exit();
    assert_eq!(code, Some(1), "{}", s.contents());
    assert_terminal_restored(&s);
    let files = recovery_files(&agenda);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        std::fs::read_to_string(&files[0]).unwrap(),
        "the disk said no\n"
    );
    let screen: String = s.contents().split_whitespace().collect();
    let path: String = files[0].display().to_string().split_whitespace().collect();
    assert!(screen.contains(&path), "{path} not said:\n{}", s.contents());
    assert!(screen.contains("couldnotbesaved"), "{}", s.contents());
}

/// Another process holds the agenda's lock (as `flock` on its `.lock` file would) while a note
/// is typed: keys keep working, the footer says another hallway is saving and that it retries,
/// and the note lands once the lock is released.
#[test]
fn a_held_lock_never_freezes_typing_and_the_note_lands_once_released() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = agenda_with_a_star(dir.path());
    let mut s = Pty::start(dir.path(), &[], &[]);
    s.wait_for("Wed 20 Mar 11:10");
    let held = hold_lock(&agenda);
    s.keys("n");
    s.wait_for("Notes:");
    s.keys("first line");
    s.wait_for("first line");
    // The autosave runs into the lock and says so, and says it will try again.
    s.wait_for("another hallway is saving");
    s.wait_for("retrying");
    // The editor's own line says so too, never "(saved)" before the store took it.
    s.wait_for("(NOT SAVED, retrying)");
    assert!(!s.contents().contains("14:30  (saved)"), "{}", s.contents());
    // Keys still work while the save waits: every one of these shows up on screen.
    for word in ["while", "the", "lock", "is", "held"] {
        s.keys(" ");
        s.keys(word);
        s.wait_until(&format!("{word:?} typed"), |screen| {
            screen.contains(&format!("first line{}", typed_so_far(word)))
        });
    }
    assert!(
        saved_notes(dir.path()).is_empty(),
        "nothing can be saved while the lock is held"
    );
    // Released: the retry lands the whole note, and the warning goes away.
    drop(held);
    eventually("the note saved once the lock is released", || {
        saved_notes(dir.path())
            .iter()
            .any(|(_, text)| text == "first line while the lock is held")
    });
    s.wait_until("the warning gone", |screen| {
        !screen.contains("another hallway is saving")
    });
    s.wait_for("14:30  (saved)");
    // Closing the editor and quitting now needs nothing more: exit 0.
    s.keys("\x1b");
    s.wait_until("the notes editor closed", |screen| {
        !screen.contains("Notes:")
    });
    s.keys("q");
    assert_eq!(s.wait_exit(), Some(0), "{}", s.contents());
    assert_terminal_restored(&s);
}

/// The words typed after "first line" up to and including `word`.
fn typed_so_far(word: &str) -> String {
    let words = ["while", "the", "lock", "is", "held"];
    let upto = words.iter().position(|w| *w == word).unwrap();
    words[..=upto].iter().flat_map(|w| [" ", w]).collect()
}
