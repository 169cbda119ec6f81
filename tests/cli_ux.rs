//! The command line as people use it: pipes and terminal widths, ids and their prefixes, what
//! writes say, where they refuse to write, and errors told once.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// A Sched-like schedule: 32-character ids, a long title and a long room name.
const LONG_TITLE: &str = "Observability at Scale: What Twelve Months of OpenTelemetry in Production Taught a Platform Team About Sampling, Cardinality and Cost";
const ID_A: &str = "3f2a9c1e7b5d4f60a8e2c9b1d7f3a5e4";
const ID_B: &str = "3f2a9c1e7b5d4f60a8e2c9b1d7f3a5e5";
const ID_C: &str = "9b1d7f3a5e43f2a9c1e7b5d4f60a8e2c";

fn schedule(dir: &Path) -> PathBuf {
    let file = dir.join("sched.json");
    let text = format!(
        r#"{{"hallway_schedule": 1,
 "conference": {{"id": "longcon", "title": "LongCon 2024", "timezone": "Europe/Paris", "start_date": "2024-03-20", "end_date": "2024-03-20"}},
 "rooms": [{{"name": "Solutions Showcase Theatre, Hall 7 (Level 2)", "capacity": 300}}, {{"name": "Room B", "capacity": 100}}],
 "sessions": [
  {{"id": "{ID_A}", "title": "{LONG_TITLE}", "room": "Solutions Showcase Theatre, Hall 7 (Level 2)", "start": "2024-03-20T10:00", "end": "2024-03-20T10:30"}},
  {{"id": "{ID_B}", "title": "Second talk", "room": "Room B", "start": "2024-03-20T11:00", "end": "2024-03-20T11:30"}},
  {{"id": "{ID_C}", "title": "Third talk", "room": "Room B", "start": "2024-03-20T12:00", "end": "2024-03-20T12:30"}}
 ]}}"#
    );
    fs::write(&file, text).unwrap();
    file
}

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn a_pipe_gets_every_character_whatever_columns_says() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    for columns in [None, Some("40"), Some("200")] {
        let mut cmd = hallway(dir.path());
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = stdout(cmd.arg("-s").arg(&file).arg("list"));
        let row = out.lines().find(|l| l.starts_with(ID_A)).unwrap();
        assert!(row.contains(LONG_TITLE), "{row}");
        assert!(
            row.contains("Solutions Showcase Theatre, Hall 7 (Level 2)"),
            "{row}"
        );
        assert!(!out.contains('…'), "{out}");
    }
}

#[test]
fn changes_in_a_pipe_show_the_whole_new_title() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["star", ID_A])
        .assert()
        .success();
    let moved = fs::read_to_string(&file)
        .unwrap()
        .replace(
            LONG_TITLE,
            &format!("{LONG_TITLE} (Moved to the Afternoon)"),
        )
        .replace("2024-03-20T10:00", "2024-03-20T15:00")
        .replace("2024-03-20T10:30", "2024-03-20T15:30");
    fs::write(&file, moved).unwrap();
    let out = stdout(hallway(dir.path()).arg("-s").arg(&file).arg("changes"));
    assert!(out.contains(ID_A), "{out}");
    assert!(out.contains("(Moved to the Afternoon)"), "{out}");
    assert!(
        out.contains("Wed 20 Mar 10:00–10:30 → Wed 20 Mar 15:00–15:30"),
        "{out}"
    );
    assert!(!out.contains('…'), "{out}");
}

#[test]
fn show_star_rate_note_and_attended_take_a_unique_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["show", "9b1d"]),
    );
    assert!(out.contains("Third talk"), "{out}");
    assert!(out.contains(ID_C), "{out}");
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["star", "9b1d7"]),
    );
    assert!(
        out.contains(&format!("starred {ID_C}: Third talk")),
        "{out}"
    );
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["rate", "9b", "4"]),
    );
    assert_eq!(
        out,
        format!("rated ★★★★☆ {ID_C}: Third talk (LongCon 2024)\n")
    );
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["attended", "9b"]),
    );
    assert_eq!(
        out,
        format!("marked attended: {ID_C}: Third talk (LongCon 2024)\n")
    );
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["note", "9b", "--append", "good one"]),
    );
    assert_eq!(
        out,
        format!("added a line to your notes on {ID_C}: Third talk (LongCon 2024)\n")
    );
    let shown: serde_json::Value = serde_json::from_str(&stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["show", "9b", "--json"]),
    ))
    .unwrap();
    assert_eq!(shown["starred"], true);
    assert_eq!(shown["rating"], 4);
    assert_eq!(shown["attended"], true);
    assert_eq!(shown["note"], "good one");
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["unstar", "9b"]),
    );
    assert!(out.contains(&format!("unstarred {ID_C}")), "{out}");
    assert!(
        out.contains("LongCon 2024: 0 starred sessions in your agenda"),
        "{out}"
    );
}

#[test]
fn an_ambiguous_prefix_lists_the_candidates_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["star", "3f2a"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "\"3f2a\" is the start of 2 session ids; give more of it:",
        ))
        .stderr(predicate::str::contains(format!("  {ID_A}  {LONG_TITLE}")))
        .stderr(predicate::str::contains(format!("  {ID_B}  Second talk")));
    let agenda = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["agenda", "--json"]),
    );
    assert_eq!(agenda.trim(), "[]");
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["show", "zzz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no session with id \"zzz\""));
}

#[test]
fn export_says_what_it_wrote_and_never_creates_folders() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["star", ID_A, ID_B])
        .assert()
        .success();
    let ics = dir.path().join("agenda.ics");
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["export", "--format", "ics", "-o"])
        .arg(&ics)
        .assert()
        .success()
        .stdout(format!(
            "wrote a calendar of 2 sessions of LongCon 2024 to {}\n",
            ics.display()
        ));
    assert!(fs::read_to_string(&ics).unwrap().contains(ID_A));

    let typo = dir.path().join("typo").join("dir").join("x.ics");
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["export", "--format", "ics", "-o"])
        .arg(&typo)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("does not exist"));
    assert!(!dir.path().join("typo").exists());

    // A folder given as the file: the cause once, not twice.
    let out = hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["export", "--format", "markdown", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is a folder"), "{err}");

    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["convert", "-o"])
        .arg(dir.path().join("nowhere").join("x.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn counts_agree_with_their_nouns() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .args(["star", ID_A])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "LongCon 2024: 1 starred session in your agenda",
        ));
    hallway(dir.path())
        .arg("-s")
        .arg(&file)
        .arg("conflicts")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No conflicts among your one starred session",
        ));
    let out = stdout(hallway(dir.path()).arg("-s").arg(&file).arg("check"));
    assert!(
        out.contains("sessions  3 in 2 rooms, 0 tracks, 1 day\n"),
        "{out}"
    );
    assert!(!out.contains(" 1 days"), "{out}");
}

/// In a terminal, rows fit its width, but ids are never cut.
#[test]
fn a_narrow_terminal_cuts_titles_but_never_ids() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 60,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hallway"));
    cmd.arg("-s");
    cmd.arg(&file);
    cmd.arg("list");
    cmd.env("HALLWAY_DATA_DIR", dir.path());
    cmd.env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00");
    cmd.env("NO_COLOR", "1");
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("COLUMNS");
    cmd.env_remove("HALLWAY_SCHEDULE");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    });
    assert!(child.wait().unwrap().success());
    drop(pty.master);
    let text = String::from_utf8(reading.join().unwrap()).unwrap();
    let row = text.lines().find(|l| l.starts_with(ID_A)).unwrap();
    assert!(row.contains('…'), "the title is fitted: {row}");
    assert!(!row.contains(LONG_TITLE), "{row}");
    // The id takes 32 of the 60 columns; the room gives way to the title.
    assert!(row.contains("  Sol…  Observ"), "{row}");
    for id in [ID_A, ID_B, ID_C] {
        assert!(text.contains(id), "{id} whole in:\n{text}");
    }
}
