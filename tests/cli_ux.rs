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

/// `now` is a glance, but in a pipe (`now | grep`) it is cut nowhere either: the long title and
/// the long room come whole, whatever COLUMNS says.
#[test]
fn now_in_a_pipe_shows_whole_titles() {
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    for columns in [None, Some("40"), Some("200")] {
        let mut cmd = hallway(dir.path());
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = stdout(
            cmd.arg("-s")
                .arg(&file)
                .args(["--now", "2024-03-20T10:10", "now"]),
        );
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
    // The text prints both marks too.
    let out = stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["show", "9b"]),
    );
    assert!(out.contains("  rating     ★★★★☆\n"), "{out}");
    assert!(out.contains("  attended   yes\n"), "{out}");
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
    let dir = tempfile::tempdir().unwrap();
    let file = schedule(dir.path());
    let text = in_a_terminal_60_wide(dir.path(), &file, &["list"]);
    let row = text.lines().find(|l| l.starts_with(ID_A)).unwrap();
    assert!(row.contains('…'), "the title is fitted: {row}");
    assert!(!row.contains(LONG_TITLE), "{row}");
    // The id takes 32 of the 60 columns; the room gives way to the title.
    assert!(row.contains("  Sol…  Observ"), "{row}");
    for id in [ID_A, ID_B, ID_C] {
        assert!(text.contains(id), "{id} whole in:\n{text}");
    }
    // `now` is fitted to a terminal too (cut nowhere in a pipe: now_in_a_pipe_shows_whole_titles).
    let text = in_a_terminal_60_wide(dir.path(), &file, &["--now", "2024-03-20T10:10", "now"]);
    let row = text.lines().find(|l| l.starts_with(ID_A)).unwrap();
    assert!(row.contains('…') && !row.contains(LONG_TITLE), "{row}");
}

/// What hallway prints with `args` in a pseudo-terminal of 60 columns.
fn in_a_terminal_60_wide(data: &Path, file: &Path, args: &[&str]) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
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
    cmd.arg(file);
    cmd.args(args);
    cmd.env("HALLWAY_DATA_DIR", data);
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
    String::from_utf8(reading.join().unwrap()).unwrap()
}

/// The demo with four starred sessions on Tuesday 19 March: one attended with a note, one
/// recorded and missed, one unrecorded and missed, and one on Thursday still to come.
fn report_at(data: &Path, now: &str, extra: &[&str]) -> String {
    let out = hallway(data)
        .env("HALLWAY_NOW", now)
        .args(["export", "--format", "markdown"])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// Headings as (level, text), read by a `CommonMark` parser.
fn headings(md: &str) -> Vec<(u8, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut all = Vec::new();
    let mut current: Option<(u8, String)> = None;
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => all.extend(current.take()),
            _ => {}
        }
    }
    all
}

fn demo_trip(data: &Path) {
    // kc24-0042 (11:00–11:30 Tue, recorded) attended with a note; kc24-0001 (the opening
    // keynote, recorded) missed; kc24-0043 (11:00–11:25 Tue, not recorded) missed;
    // kc24-0200 later in the week.
    hallway(data)
        .args(["star", "kc24-0042", "kc24-0001", "kc24-0043", "kc24-0200"])
        .assert()
        .success();
    hallway(data)
        .env("HALLWAY_NOW", "2024-03-19T11:10:00+01:00")
        .args(["note", "kc24-0042", "--append", "great *stories*"])
        .assert()
        .success();
}

#[test]
fn the_trip_report_tells_only_what_is_true_at_the_time() {
    let dir = tempfile::tempdir().unwrap();
    demo_trip(dir.path());
    let title = |id: &str| {
        let v: serde_json::Value =
            serde_json::from_str(&stdout(hallway(dir.path()).args(["show", id, "--json"])))
                .unwrap();
        (
            v["title"].as_str().unwrap().to_string(),
            v["recorded"].as_bool().unwrap(),
        )
    };
    let (seen, _) = title("kc24-0042");
    let (recorded, r) = title("kc24-0001");
    assert!(r);
    let (unrecorded, r) = title("kc24-0043");
    assert!(!r);
    let (future, _) = title("kc24-0200");

    // Exported on Tuesday at noon: the future session is nowhere, the unrecorded one is not
    // offered as something to watch.
    let md = report_at(dir.path(), "2024-03-19T12:00:00+01:00", &[]);
    let h = headings(&md);
    let texts: Vec<&str> = h.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "KubeCon + CloudNativeCon Europe 2024",
            "Tuesday 19 March 2024",
            seen.as_str(),
            "To watch later",
            "Missed, not recorded",
        ],
        "{md}"
    );
    let levels: Vec<u8> = h.iter().map(|(l, _)| *l).collect();
    assert_eq!(levels, [1, 2, 3, 2, 2], "no level skipped\n{md}");
    let watch = md.split("## To watch later").nth(1).unwrap();
    let watch = watch.split("## Missed").next().unwrap();
    assert!(watch.contains(&recorded), "{md}");
    assert!(!watch.contains(&unrecorded), "{md}");
    let missed = md.split("## Missed, not recorded").nth(1).unwrap();
    assert!(missed.contains(&unrecorded), "{md}");
    assert!(!md.contains(&future), "{md}");

    // --all adds what is still to come, in its own section.
    let md = report_at(dir.path(), "2024-03-19T12:00:00+01:00", &["--all"]);
    let last = headings(&md).last().unwrap().clone();
    assert_eq!(last, (2, "Still to come".to_string()), "{md}");
    assert!(
        md.split("## Still to come")
            .nth(1)
            .unwrap()
            .contains(&future)
    );

    // Before the missed sessions ended, they are neither to watch nor missed.
    let md = report_at(dir.path(), "2024-03-19T08:00:00+01:00", &[]);
    assert!(!md.contains("To watch later"), "{md}");
    assert!(!md.contains("Missed"), "{md}");
}

#[test]
fn front_matter_for_jekyll_and_hugo() {
    let dir = tempfile::tempdir().unwrap();
    demo_trip(dir.path());
    let md = report_at(
        dir.path(),
        "2024-03-23T12:00:00+01:00",
        &["--front-matter", "jekyll"],
    );
    let (front, body) = md
        .strip_prefix("---\n")
        .unwrap()
        .split_once("\n---\n")
        .unwrap();
    assert_eq!(
        front,
        "layout: post\ntitle: \"KubeCon + CloudNativeCon Europe 2024: trip report\"\ndate: 2024-03-22\ntags: [\"conference\", \"kubecon-eu-2024\", \"cloud-native-startupfest\"]",
    );
    // The post's title is the front matter's: the body starts at level 2.
    let h = headings(body);
    assert_eq!(h[0], (2, "Tuesday 19 March 2024".to_string()), "{body}");
    assert!(h.iter().all(|(l, _)| *l >= 2), "{body}");

    let md = report_at(
        dir.path(),
        "2024-03-23T12:00:00+01:00",
        &["--front-matter", "hugo"],
    );
    let (front, _) = md
        .strip_prefix("+++\n")
        .unwrap()
        .split_once("\n+++\n")
        .unwrap();
    let toml: toml::Table = front.parse().unwrap();
    assert_eq!(
        toml["title"].as_str(),
        Some("KubeCon + CloudNativeCon Europe 2024: trip report")
    );
    assert_eq!(toml["date"].to_string(), "2024-03-22");
    assert_eq!(toml["tags"].as_array().unwrap().len(), 3);

    hallway(dir.path())
        .args(["export", "--format", "ics", "--front-matter", "hugo"])
        .assert()
        .code(2);
}

#[test]
fn check_groups_warnings_by_kind_and_spares_showcase_halls() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut sessions = Vec::new();
    for k in 0..6 {
        sessions.push(format!(
            r#"{{"id": "show{k}", "title": "Booth demo {k}", "room": "Hall 1-5 | Solutions Showcase", "start": "2024-01-01T10:00", "end": "2024-01-01T11:00"}}"#
        ));
    }
    for k in 0..3 {
        sessions.push(format!(
            r#"{{"id": "a{k}", "title": "Talk {k}", "room": "A", "start": "2024-01-01T10:00", "end": "2024-01-01T11:00"}}"#
        ));
    }
    for k in 0..7 {
        sessions.push(format!(
            r#"{{"id": "dup", "title": "Copy {k}", "room": "B", "start": "2024-01-01T1{k}:00", "end": "2024-01-01T1{k}:30"}}"#
        ));
    }
    fs::write(
        &file,
        format!(
            r#"{{"hallway_schedule": 1,
 "conference": {{"id": "w", "title": "W", "timezone": "UTC", "start_date": "2024-01-01", "end_date": "2024-01-01"}},
 "rooms": [{{"name": "A"}}, {{"name": "B"}}, {{"name": "Hall 1-5 | Solutions Showcase"}}],
 "sessions": [{}]}}"#,
            sessions.join(",\n")
        ),
    )
    .unwrap();
    let out = stdout(hallway(dir.path()).arg("-s").arg(&file).arg("check"));
    let warnings = out.split_once("warnings:\n").unwrap().1;
    assert!(out.contains("7 warnings:\n"), "{out}");
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(lines[0], "  Session ids used more than once (6)", "{out}");
    assert_eq!(
        lines[6], "    … and 1 more (`hallway check --json` lists them all)",
        "{out}"
    );
    assert_eq!(lines[7], "  Rooms booked twice at once (1)", "{out}");
    assert!(
        lines[8].starts_with("    A is double-booked 2 times, first on Mon 01 Jan at 10:00: "),
        "{out}"
    );
    assert_eq!(lines.len(), 9, "{out}");
    assert!(!out.contains("Showcase is"), "{out}");

    let v: serde_json::Value = serde_json::from_str(&stdout(
        hallway(dir.path())
            .arg("-s")
            .arg(&file)
            .args(["check", "--json"]),
    ))
    .unwrap();
    assert_eq!(
        v["warning_counts"],
        serde_json::json!({"duplicate_id": 6, "room_double_booked": 1})
    );
}

#[test]
fn completions_load_in_bash_and_exist_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("hallway.bash");
    let bash = stdout(hallway(dir.path()).args(["completions", "bash"]));
    fs::write(&script, &bash).unwrap();
    let out = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(format!("source {}; complete -p hallway", script.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec = String::from_utf8(out.stdout).unwrap();
    assert!(spec.starts_with("complete "), "{spec}");
    assert!(spec.contains(" -F _hallway "), "{spec}");
    assert!(spec.trim_end().ends_with(" hallway"), "{spec}");
    // The subcommands are offered after `hallway `.
    let out = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(hallway ex); COMP_CWORD=1; COMP_LINE='hallway ex'; COMP_POINT=10; _hallway hallway ex hallway; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        ))
        .output()
        .unwrap();
    let offered = String::from_utf8(out.stdout).unwrap();
    assert!(offered.lines().any(|l| l == "export"), "{offered}");

    for (shell, marker) in [
        ("zsh", "#compdef hallway"),
        ("fish", "complete -c hallway"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[hallway]"),
    ] {
        let script = stdout(hallway(dir.path()).args(["completions", shell]));
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("export"), "{shell}");
    }
    hallway(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn the_man_page_renders_with_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let page = stdout(hallway(dir.path()).arg("manpage"));
    assert!(page.contains(".TH hallway 1"), "{page}");
    for command in ["check", "list", "export", "completions", "manpage"] {
        assert!(
            page.contains(&format!(".SS \"hallway {command}\"")),
            "{command}"
        );
    }
    let file = dir.path().join("hallway.1");
    fs::write(&file, &page).unwrap();
    // Rendered by man where it is installed (CI installs man-db).
    let Ok(out) = std::process::Command::new("man")
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "0")
        .arg("-l")
        .arg(&file)
        .output()
    else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Piped, man overstrikes bold text ("N\x08N"): keep the last character of each.
    let raw = String::from_utf8_lossy(&out.stdout);
    let mut text = String::new();
    for c in raw.chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    assert!(text.contains("NAME"), "{text}");
    assert!(text.contains("hallway export"), "{text}");
    assert!(
        text.contains("--front-matter"),
        "hyphens stay hyphens: {text}"
    );
}

#[test]
fn now_is_typed_as_people_say_it_and_zones_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let first_line = |now: &str, extra: &[&str]| {
        let out = stdout(hallway(dir.path()).args(extra).args(["--now", now, "now"]));
        out.lines().next().unwrap().to_string()
    };
    // The demo is in Paris (+01:00 in March).
    for now in [
        "2024-03-20T14:40:00+01:00",
        "2024-03-20T13:40:00Z",
        "2024-03-20T14:40",
        "2024-03-20 14:40",
    ] {
        assert_eq!(first_line(now, &[]), "Now, Wed 20 Mar 14:40", "{now}");
    }
    let today = first_line("14:40", &[]);
    assert!(
        today.starts_with("Now, ") && today.ends_with(" 14:40"),
        "{today}"
    );
    // Shown in another zone: the same instant.
    assert_eq!(
        first_line("2024-03-20T14:40:00+01:00", &["--tz", "europe/london"]),
        "Now, Wed 20 Mar 13:40"
    );
    assert_eq!(
        first_line("2024-03-20T14:40:00+01:00", &["--tz", "cet"]),
        "Now, Wed 20 Mar 14:40"
    );
    assert_eq!(
        first_line("2024-03-20T14:40:00+01:00", &["--tz", "PST"]),
        "Now, Wed 20 Mar 06:40"
    );
    // --tz is the venue's zone: a time without an offset is its time.
    assert_eq!(
        first_line("2024-03-20T14:40", &["--tz", "europe/london"]),
        "Now, Wed 20 Mar 14:40"
    );
    hallway(dir.path())
        .args(["--tz", "Europe/Pariss", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean Europe/Paris?"));
    hallway(dir.path())
        .args(["--now", "2024-03-31T02:30", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--now 2024-03-31 02:30:00"));
}
