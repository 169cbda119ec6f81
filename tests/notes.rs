//! Notes, ratings and attendance from the command line, and the Markdown trip report.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minicon.json")
}

fn hallway(data: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", now)
        .env("HALLWAY_SCHEDULE", fixture())
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    cmd
}

const DURING_M1: &str = "2024-03-20T11:10:00+01:00";
const LATER: &str = "2024-03-25T10:00:00+01:00";

fn show(data: &Path, id: &str) -> Value {
    let out = hallway(data, LATER)
        .args(["show", id, "--json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn append_prints_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path(), DURING_M1)
        .args(["note", "m1", "--append", "[+10:00] LD_PRELOAD demo"])
        .assert()
        .success();
    hallway(dir.path(), DURING_M1)
        .args(["note", "m1", "--append", "ask about mirrord"])
        .assert()
        .success();
    hallway(dir.path(), LATER)
        .args(["note", "m1"])
        .assert()
        .success()
        .stdout("[+10:00] LD_PRELOAD demo\nask about mirrord\n");
    let s = show(dir.path(), "m1");
    assert_eq!(s["note"], "[+10:00] LD_PRELOAD demo\nask about mirrord");
    assert_eq!(
        s["attended"], false,
        "notes taken during the talk never mark it attended: only `attended` does"
    );
    assert_eq!(s["rating"], Value::Null);
    hallway(dir.path(), LATER)
        .args(["attended", "m1"])
        .assert()
        .success();
    assert_eq!(show(dir.path(), "m1")["attended"], true);
}

#[cfg(unix)]
#[test]
fn the_notes_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path(), DURING_M1)
        .args(["note", "m1", "--append", "secret"])
        .assert()
        .success();
    let file = agenda_file(dir.path());
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[cfg(unix)]
#[test]
fn edit_opens_the_editor_and_saves_what_it_wrote() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("fake-editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'edited in the editor\\n' >> \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    hallway(dir.path(), LATER)
        .args(["note", "m2", "--append", "first"])
        .assert()
        .success();
    hallway(dir.path(), LATER)
        .env("EDITOR", &editor)
        .args(["note", "m2", "--edit"])
        .assert()
        .success();
    assert_eq!(
        show(dir.path(), "m2")["note"],
        "first\nedited in the editor"
    );
    // A failing editor changes nothing.
    hallway(dir.path(), LATER)
        .env("VISUAL", "false")
        .args(["note", "m2", "--edit"])
        .assert()
        .code(1);
    assert_eq!(
        show(dir.path(), "m2")["note"],
        "first\nedited in the editor"
    );
    hallway(dir.path(), LATER)
        .args(["note", "m2", "--edit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("$EDITOR"));
}

/// Text the editor wrote with escape sequences or bidi controls (a paste from a web page or a
/// terminal) is saved cleaned, and is not taken for a change made elsewhere meanwhile.
#[test]
fn an_edit_with_escape_sequences_is_saved_clean_without_a_false_conflict() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("pasting-editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'pasted \\033[31mred\\033[0m \\342\\200\\256text\\n' >> \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    hallway(dir.path(), LATER)
        .env("EDITOR", &editor)
        .args(["note", "m2", "--edit"])
        .assert()
        .success()
        .stderr(predicate::str::contains("changed elsewhere").not());
    assert_eq!(show(dir.path(), "m2")["note"], "pasted red text");
}

#[test]
fn ratings_are_whole_numbers_from_one_to_five() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["0", "6", "-1", "4.5", "five", ""] {
        hallway(dir.path(), LATER)
            .args(["rate", "m1", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("from 1 to 5"));
    }
    assert_eq!(show(dir.path(), "m1")["rating"], Value::Null);
    hallway(dir.path(), LATER)
        .args(["rate", "m1", "5"])
        .assert()
        .success();
    assert_eq!(show(dir.path(), "m1")["rating"], 5);
    hallway(dir.path(), LATER)
        .args(["rate", "m1", "--clear"])
        .assert()
        .success();
    assert_eq!(show(dir.path(), "m1")["rating"], Value::Null);
    hallway(dir.path(), LATER)
        .args(["rate", "nope", "3"])
        .assert()
        .code(2);
}

fn report(dir: &Path) -> String {
    hallway(dir, DURING_M1)
        .args(["star", "m1", "m2", "m3", "m4"])
        .assert()
        .success();
    hallway(dir, DURING_M1)
        .args([
            "note",
            "m1",
            "--append",
            "[+03:10] LD_PRELOAD\n- hooks *libc*",
        ])
        .assert()
        .success();
    hallway(dir, LATER)
        .args(["rate", "m1", "5"])
        .assert()
        .success();
    hallway(dir, LATER)
        .args(["attended", "m2"])
        .assert()
        .success();
    hallway(dir, LATER)
        .args(["rate", "m2", "3"])
        .assert()
        .success();
    let out = dir.join("report.md");
    hallway(dir, LATER)
        .args([
            "export",
            "--format",
            "markdown",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    fs::read_to_string(out).unwrap()
}

#[test]
fn the_trip_report_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    insta::assert_snapshot!(report(dir.path()));
}

#[test]
fn the_trip_report_is_commonmark_with_the_right_structure() {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let dir = tempfile::tempdir().unwrap();
    let md = report(dir.path());
    assert!(
        !md.chars().any(|c| c.is_control() && c != '\n'),
        "no raw control characters"
    );
    let mut headings: Vec<(HeadingLevel, String)> = Vec::new();
    let mut current: Option<(HeadingLevel, String)> = None;
    for ev in Parser::new(&md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            _ => {}
        }
    }
    let h = |level, text: &str| (level, text.to_string());
    assert_eq!(
        headings,
        [
            h(HeadingLevel::H1, "MiniCon 2024"),
            h(HeadingLevel::H2, "Wednesday 20 March 2024"),
            h(
                HeadingLevel::H3,
                "When They Go High, We Go Low – Hooking Libc Calls"
            ),
            h(HeadingLevel::H3, "1. *Rust* in <production>"),
            h(HeadingLevel::H2, "Top picks"),
            h(HeadingLevel::H2, "To watch later"),
            h(HeadingLevel::H2, "Missed, not recorded"),
        ],
        "schedule text is shown literally, never as Markdown\n{md}"
    );
    assert!(md.contains("[+03:10] LD_PRELOAD"), "timestamps kept");
    assert!(md.contains("- ★★★★★ When They Go High"));
    assert!(
        md.contains("<https://example.org/m3>"),
        "the missed session's url"
    );
    assert!(md.contains("## Missed, not recorded\n\n- Closing Party, Thu 21 Mar 18:00"));
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

/// An editor that, while open, lets another hallway append a line, then adds its own.
#[cfg(unix)]
#[test]
fn edit_keeps_what_was_appended_while_the_editor_was_open() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("slow-editor.sh");
    fs::write(
        &editor,
        format!(
            "#!/bin/sh\nHALLWAY_NOW={LATER} \"{}\" note m2 --append 'appended meanwhile' || exit 9\nprintf 'typed in the editor\\n' >> \"$1\"\n",
            env!("CARGO_BIN_EXE_hallway")
        ),
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    hallway(dir.path(), LATER)
        .args(["note", "m2", "--append", "first"])
        .assert()
        .success();
    hallway(dir.path(), LATER)
        .env("EDITOR", &editor)
        .args(["note", "m2", "--edit"])
        .assert()
        .success()
        .stderr(predicate::str::contains("changed elsewhere"));
    assert_eq!(
        show(dir.path(), "m2")["note"],
        "first\nappended meanwhile\ntyped in the editor"
    );
}

#[cfg(unix)]
#[test]
fn an_editor_that_fails_keeps_the_text_in_a_recovery_file_and_says_where() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("crashing-editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'two paragraphs of notes\\n' >> \"$1\"\nexit 3\n",
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    hallway(dir.path(), LATER)
        .args(["note", "m2", "--append", "first"])
        .assert()
        .success();
    let out = hallway(dir.path(), LATER)
        .env("EDITOR", &editor)
        .args(["note", "m2", "--edit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("exit status: 3"), "{stderr}");
    let kept = stderr
        .split("kept in ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"))
        .trim();
    assert_eq!(
        fs::read_to_string(kept).unwrap(),
        "first\ntwo paragraphs of notes\n"
    );
    assert_eq!(
        Path::new(kept).parent(),
        agenda_file(dir.path()).parent(),
        "beside the agenda"
    );
    assert_eq!(show(dir.path(), "m2")["note"], "first", "notes unchanged");
}

#[test]
fn notes_never_carry_escape_sequences_in_or_out() {
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path(), LATER)
        .args([
            "note",
            "m1",
            "--append",
            "\u{1b}]0;pwned\u{7}\u{1b}[2Jok \u{9b}31mred",
        ])
        .assert()
        .success();
    hallway(dir.path(), LATER)
        .args(["note", "m1"])
        .assert()
        .success()
        .stdout("ok red\n");
    // A hand-edited agenda holding them is cleaned on the way out.
    let file = agenda_file(dir.path());
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("ok red", "\\u001b]2;evil\\u0007visible");
    fs::write(&file, text).unwrap();
    let out = hallway(dir.path(), LATER)
        .args(["show", "m1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !out.stdout.contains(&0x1b),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    hallway(dir.path(), LATER)
        .args(["note", "m1"])
        .assert()
        .success()
        .stdout("visible\n");
}

#[test]
fn show_refuses_a_rating_of_seven_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path(), LATER)
        .args(["rate", "m1", "4"])
        .assert()
        .success();
    let file = agenda_file(dir.path());
    let text = fs::read_to_string(&file).unwrap().replace(": 4", ": 7");
    fs::write(&file, &text).unwrap();
    hallway(dir.path(), LATER)
        .args(["show", "m1"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("a rating is 1 to 5")
                .and(predicate::str::contains("panicked").not()),
        );
    assert_eq!(fs::read_to_string(&file).unwrap(), text, "left untouched");
}
