//! Hostile schedule files (tests/hostile/): each is refused cleanly or loads with every
//! terminal control sequence gone from every output.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use assert_cmd::Command;

fn file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-20T10:10:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    cmd
}

/// No ESC, no C0 but newline and tab, no DEL, no C1, no bidi controls.
fn assert_clean(what: &str, text: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what}: raw {c:?} in output:\n{text}");
    }
}

fn outputs(data: &Path, schedule: &Path) -> Vec<(String, String)> {
    let s = schedule.to_str().unwrap();
    let runs: [&[&str]; 6] = [
        &["check", "-s", s],
        &["list", "-s", s],
        &["list", "--json", "-s", s],
        &["agenda", "-s", s],
        &["conflicts", "-s", s],
        &["export", "--format", "markdown", "-s", s],
    ];
    let mut out = Vec::new();
    for args in runs {
        let o = hallway(data).args(args).output().unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        out.push((format!("{args:?}"), String::from_utf8(o.stdout).unwrap()));
    }
    // `show` of every session.
    let list: serde_json::Value = serde_json::from_str(&out[2].1).unwrap();
    for item in list.as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        hallway(data).args(["star", id, "-s", s]).assert().success();
        hallway(data)
            .args(["note", id, "--append", "mine", "-s", s])
            .assert()
            .success();
        let o = hallway(data).args(["show", id, "-s", s]).output().unwrap();
        out.push((format!("show {id}"), String::from_utf8(o.stdout).unwrap()));
    }
    let o = hallway(data)
        .args(["export", "--format", "markdown", "-s", s])
        .output()
        .unwrap();
    out.push((
        "report with notes".into(),
        String::from_utf8(o.stdout).unwrap(),
    ));
    out
}

#[test]
fn escape_sequences_never_reach_the_terminal_or_an_export() {
    for name in ["escapes.json", "escapes.xml", "escapes.ics"] {
        let dir = tempfile::tempdir().unwrap();
        let outs = outputs(dir.path(), &file(name));
        for (what, text) in &outs {
            assert_clean(&format!("{name} {what}"), text);
        }
        let all: String = outs.iter().map(|(_, t)| t.as_str()).collect();
        // The visible words survive; the payloads do not.
        assert!(all.contains("Talk"), "{name}");
        assert!(
            !all.contains("ZXZpbA=="),
            "{name}: the OSC 52 payload is gone"
        );
        assert!(!all.contains("]52;"), "{name}");
        assert!(!all.contains("[2J"), "{name}");
    }
}

#[test]
fn broken_and_hostile_files_are_refused_with_exit_2() {
    let cases = [
        (
            "invalid-utf8.json",
            "invalid-utf8.json:1:64: not valid UTF-8 at byte 63",
        ),
        (
            "truncated.json",
            "truncated.json:23:57: sessions[0].title: EOF while parsing a string",
        ),
        (
            "truncated.xml",
            "the file ends inside <event id=\"1\">/<persons> (is it truncated?)",
        ),
        (
            "truncated.ics",
            "the file ends inside BEGIN:VEVENT (line 6); is it truncated?",
        ),
        (
            "billion-laughs.xml",
            "refuses them (they can expand without bound)",
        ),
        ("not-a-schedule.txt", "not a schedule hallway can read"),
        // Found by fuzzing: a DURATION whose seconds overflowed an i64 and panicked.
        (
            "fuzz-ical-duration-overflow.ics",
            "fuzz-ical-duration-overflow.ics:23:10: VEVENT at line 21/DURATION",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, message) in cases {
        let started = Instant::now();
        let out = hallway(dir.path())
            .args(["check", "-s", file(name).to_str().unwrap()])
            .output()
            .unwrap();
        eprintln!("{name}: refused in {:?}", started.elapsed());
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{name}: {err}");
        assert_clean(name, &err);
    }
}

#[test]
fn huge_deep_and_oversized_files() {
    let dir = tempfile::tempdir().unwrap();
    // A 1 MB title: stored whole, shown cut.
    let title = "A".repeat(1 << 20);
    let huge = dir.path().join("huge.json");
    std::fs::write(
        &huge,
        format!(
            r#"{{"hallway_schedule": 1, "conference": {{"id": "h", "title": "H", "timezone": "UTC", "start_date": "2024-01-01", "end_date": "2024-01-01"}},
             "rooms": [], "sessions": [{{"id": "big", "title": "{title}", "start": "2024-01-01T10:00", "duration": 30}}]}}"#
        ),
    )
    .unwrap();
    let out = hallway(dir.path())
        .args(["list", "-s", huge.to_str().unwrap()])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Piped, rows are not fitted to a width, but a title is shown at most 500 characters long.
    assert!(
        text.lines().all(|l| l.chars().count() <= 600),
        "shown cut to a bounded length"
    );
    let out = hallway(dir.path())
        .args(["list", "--json", "-s", huge.to_str().unwrap()])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        list[0]["title"].as_str().unwrap().len(),
        1 << 20,
        "stored whole"
    );

    // Nested 100,000 deep.
    let deep = dir.path().join("deep.json");
    std::fs::write(
        &deep,
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    hallway(dir.path())
        .args(["check", "-s", deep.to_str().unwrap()])
        .assert()
        .code(2);
    let deep_pretalx = dir.path().join("deep-pretalx.json");
    // Deep inside a field the reader skips, so only the depth limit can stop it.
    std::fs::write(
        &deep_pretalx,
        format!(
            "{{\"schedule\": {{\"ignored\": {}{}}}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    )
    .unwrap();
    let out = hallway(dir.path())
        .args(["check", "-s", deep_pretalx.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Skipped without recursion, then refused for what is missing: no stack overflow.
    assert!(String::from_utf8_lossy(&out.stderr).contains("deep-pretalx.json:1:"));

    // 65 MB, sparse: refused by its size before a byte is read.
    let big = dir.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap();
    let started = Instant::now();
    let out = hallway(dir.path())
        .args(["check", "-s", big.to_str().unwrap()])
        .output()
        .unwrap();
    eprintln!("65 MB file refused in {:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 64 MB limit"));
}

/// Files whose errors (or warnings) quote hostile text: the message is clean, says where, and
/// the exit code is the usual one.
#[test]
fn error_messages_never_carry_escape_sequences() {
    let cases = [
        (
            "error-zone.json",
            2,
            "conference.timezone: unknown time zone",
        ),
        ("error-field.json", 2, "unknown field"),
        ("error-date.json", 2, "sessions[0].start"),
        ("error-kind.json", 2, "unknown kind"),
        ("error-duration.json", 2, "is not a duration"),
        ("error-tag.xml", 2, "malformed XML"),
        ("error-date.xml", 2, "<day>: date"),
        ("error-end.ics", 2, "does not close BEGIN:VEVENT"),
        ("warning-tzid.ics", 0, "unknown time zone \""),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, code, message) in cases {
        let out = hallway(dir.path())
            .args(["check", "-s", file(name).to_str().unwrap()])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(code), "{name}: {stderr}");
        assert_clean(name, &stdout);
        assert_clean(name, &stderr);
        assert!(
            stdout.contains(message) || stderr.contains(message),
            "{name}: {stdout}{stderr}"
        );
        assert!(!stderr.contains("]0;"), "{name}: {stderr}");
        let json = hallway(dir.path())
            .args(["check", "--json", "-s", file(name).to_str().unwrap()])
            .output()
            .unwrap();
        assert_clean(name, &String::from_utf8(json.stdout).unwrap());
        assert_clean(name, &String::from_utf8(json.stderr).unwrap());
    }
}

/// URLs such as `<!--x` or `javascript:` (dropped when read), titles opening `<script>` or
/// `<textarea>`, and a note holding raw HTML: the trip report renders every session, with no raw
/// HTML and no link but http(s) and mailto.
#[test]
fn the_trip_report_cannot_hide_sessions_or_carry_odd_links() {
    use pulldown_cmark::{Event, Parser, Tag};
    let dir = tempfile::tempdir().unwrap();
    let schedule = file("markdown-html.json");
    let s = schedule.to_str().unwrap();
    let ids = ["comment", "js", "textarea", "script", "data", "last"];
    let mut star = vec!["star", "-s", s];
    star.extend(ids);
    hallway(dir.path()).args(&star).assert().success();
    hallway(dir.path())
        .args(["attended", "comment", "script", "-s", s])
        .assert()
        .success();
    hallway(dir.path())
        .args([
            "note",
            "js",
            "-s",
            s,
            "--append",
            "<textarea> [x](javascript:alert(1)) <!-- [ok](https://ok.example/n)",
        ])
        .assert()
        .success();
    let out = hallway(dir.path())
        .args(["export", "--format", "markdown", "-s", s])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let mut text = String::new();
    let mut links = Vec::new();
    for ev in Parser::new(&md) {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    for title in [
        "First talk",
        "Second talk",
        "<textarea>Third talk",
        "<script>Fourth talk",
        "Fifth talk",
        "Sixth talk",
    ] {
        assert!(text.contains(title), "{title} hidden in\n{md}");
    }
    // Links that are not web addresses are dropped when the schedule is read.
    assert!(!text.contains("<!--x"), "{md}");
    assert!(!text.contains("data:"), "{md}");
    assert!(
        text.contains("javascript:alert(1)"),
        "the note's text, kept as written"
    );
    assert_eq!(
        links,
        [
            "https://ok.example/n",
            "https://ok.example/3",
            "https://ok.example/6"
        ],
        "{md}"
    );
}

/// Devices, FIFOs and pipes: bounded, refused or read once, never remembered.
#[cfg(unix)]
#[test]
fn devices_fifos_and_pipes_are_bounded_and_never_remembered() {
    use std::io::Write as _;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let bin = env!("CARGO_BIN_EXE_hallway");
    // A FIFO with no writer would block an open: refused by its kind, at once.
    let fifo = data.join("schedule.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, what) in [
        (fifo.to_str().unwrap(), "is a FIFO"),
        ("/dev/zero", "is a character device"),
        (data.to_str().unwrap(), "is a folder"),
    ] {
        let started = Instant::now();
        let out = hallway(data).args(["check", "-s", path]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(what), "{path}: {err}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{path}"
        );
    }
    // /dev/zero piped in as standard input: read up to the limit only, then refused.
    let started = Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("\"{bin}\" check -s - < /dev/zero"))
        .env("HALLWAY_DATA_DIR", data)
        .output()
        .unwrap();
    eprintln!(
        "/dev/zero as standard input refused in {:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input: more than 64 MB"));
    // A real schedule through a pipe reads, and is not remembered.
    let schedule = std::fs::read(file("escapes.json")).unwrap();
    let mut child = std::process::Command::new(bin)
        .args(["check", "--json", "-s", "-"])
        .env("HALLWAY_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&schedule).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !data.join("state.json").exists(),
        "standard input is never remembered"
    );
}

/// The schedule opened last was moved away: an error naming it, never the demo in its place.
#[test]
fn a_vanished_remembered_schedule_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let schedule = dir.path().join("moving.json");
    std::fs::copy(file("escapes.json"), &schedule).unwrap();
    hallway(&data)
        .args(["use", schedule.to_str().unwrap()])
        .assert()
        .success();
    std::fs::rename(&schedule, dir.path().join("moved.json")).unwrap();
    let out = hallway(&data).args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("moving.json"), "{err}");
    assert!(err.contains("no longer there"), "{err}");
    assert!(out.stdout.is_empty(), "no demo listed in its place");
}

/// An event at 02:30 on the night the clocks skip 02:00 to 03:00: the calendar loads, the event
/// is moved forward by the gap (RFC 5545), and a warning says so.
#[test]
fn an_ical_event_in_the_daylight_saving_gap_is_moved_forward_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let s = file("dst-gap.ics");
    let s = s.to_str().unwrap();
    let out = hallway(dir.path())
        .args(["check", "--json", "-s", s])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sessions"], 2);
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("2024-03-31 02:30 does not exist in Europe/Paris"),
        "{warnings}"
    );
    assert!(warnings.contains("read as 2024-03-31 03:30"), "{warnings}");
    let out = hallway(dir.path())
        .args(["list", "--json", "-s", s])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let night = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "gap-1")
        .unwrap();
    assert_eq!(night["start"], "2024-03-31T03:30:00+02:00");
}
