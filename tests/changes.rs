//! `hallway changes`: star sessions on one version of a schedule, open the next, see what moved.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/changes")
        .join(name)
}

fn hallway(data: &Path, schedule: &str) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-19T18:00:00+01:00")
        .env("HALLWAY_SCHEDULE", fixture(schedule))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn changes_json(data: &Path, schedule: &str) -> Value {
    serde_json::from_str(&stdout(hallway(data, schedule).args(["changes", "--json"]))).unwrap()
}

fn empty() -> Value {
    json!({"new": [], "cancelled": [], "changed": []})
}

/// Stars c1 (moves room), c2 (cancelled), c3 (unchanged) and c4 (moves time) on v1.
fn star_on_v1(data: &Path) {
    hallway(data, "v1.json")
        .args(["star", "c1", "c2", "c3", "c4"])
        .assert()
        .success();
}

#[test]
fn the_same_version_has_no_changes() {
    let dir = tempfile::tempdir().unwrap();
    star_on_v1(dir.path());
    assert_eq!(changes_json(dir.path(), "v1.json"), empty());
    let text = stdout(hallway(dir.path(), "v1.json").arg("changes"));
    assert_eq!(
        text,
        "No changes to your sessions since you last looked at ChangeCon 2024.\n"
    );
}

#[test]
fn a_new_version_reports_moved_cancelled_and_new_sessions_until_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    star_on_v1(data);

    let expected = json!({
        "new": ["c6"],
        "cancelled": ["c2"],
        "changed": [
            {
                "id": "c1",
                "fields": ["room"],
                "before": {"room": "Room A"},
                "after": {"room": "Room B"},
            },
            {
                "id": "c4",
                "fields": ["end", "start"],
                "before": {"end": "2024-03-21T09:30:00+01:00", "start": "2024-03-21T09:00:00+01:00"},
                "after": {"end": "2024-03-21T10:45:00+01:00", "start": "2024-03-21T10:00:00+01:00"},
            },
        ],
    });
    assert_eq!(changes_json(data, "v2.json"), expected);
    // Looking does not acknowledge.
    assert_eq!(changes_json(data, "v2.json"), expected);

    // The calendar tells calendar programs which events were updated.
    let ics = stdout(hallway(data, "v2.json").args(["export", "--format", "ics"]));
    let sequence = |uid: &str| {
        let event = ics
            .split("BEGIN:VEVENT")
            .find(|e| e.contains(&format!("UID:{uid}@changecon-2024.hallway\r\n")))
            .unwrap();
        event
            .lines()
            .find_map(|l| l.strip_prefix("SEQUENCE:"))
            .unwrap()
            .to_string()
    };
    assert_eq!(sequence("c1"), "1");
    assert_eq!(sequence("c4"), "1");
    assert_eq!(sequence("c3"), "0");
    // The cancelled one goes out as cancelled, one version newer, so calendars drop it.
    assert_eq!(sequence("c2"), "1");
    assert!(ics.contains("STATUS:CANCELLED"));

    let acked = stdout(hallway(data, "v2.json").args(["changes", "--ack"]));
    assert!(acked.contains("Accepted"), "{acked}");
    assert_eq!(changes_json(data, "v2.json"), empty());

    // Stars are kept, the cancelled one included; sequences do not fall back.
    let agenda: Value =
        serde_json::from_str(&std::fs::read_to_string(agenda_file(data)).unwrap()).unwrap();
    assert_eq!(agenda["stars"], json!(["c1", "c2", "c3", "c4"]));
    let ics = stdout(hallway(data, "v2.json").args(["export", "--format", "ics"]));
    assert_eq!(ics.matches("SEQUENCE:1\r\n").count(), 2);

    // Back to v1: the moves are changes again, and c2 is back as a new session.
    let back = changes_json(data, "v1.json");
    assert_eq!(back["new"], json!(["c2"]));
    assert_eq!(back["cancelled"], json!([]));
    let ids: Vec<&str> = back["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c1", "c4"]);
}

/// `agenda` does not leave out in silence the stars a new version changed or cancelled.
#[test]
fn the_agenda_says_what_a_new_version_did_to_the_stars() {
    let dir = tempfile::tempdir().unwrap();
    star_on_v1(dir.path());
    let same = stdout(hallway(dir.path(), "v1.json").arg("agenda"));
    assert!(!same.contains("hallway changes"), "{same}");
    let text = stdout(hallway(dir.path(), "v2.json").arg("agenda"));
    assert!(
        text.contains(
            "2 starred sessions changed, 1 cancelled (kept, not listed above).\n`hallway changes` shows what"
        ),
        "{text}"
    );
    assert!(text.lines().all(|l| l.width() <= 80), "{text}");
    // Once accepted, the agenda is the schedule's again.
    hallway(dir.path(), "v2.json")
        .args(["changes", "--ack"])
        .assert()
        .success();
    let text = stdout(hallway(dir.path(), "v2.json").arg("agenda"));
    assert!(!text.contains("hallway changes"), "{text}");

    // Only the cancelled one starred: no "no starred sessions yet".
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path(), "v1.json")
        .args(["star", "c2"])
        .assert()
        .success();
    let text = stdout(hallway(dir.path(), "v2.json").arg("agenda"));
    assert_eq!(
        text,
        "1 starred session cancelled (kept, not listed above).\n`hallway changes` shows what changed since you last looked; `--ack` accepts it.\n"
    );
}

#[test]
fn the_text_report_is_for_people() {
    let dir = tempfile::tempdir().unwrap();
    star_on_v1(dir.path());
    let text = stdout(hallway(dir.path(), "v2.json").arg("changes"));
    let expected = "\
Changed (2)
  c1  Hooking Libc Calls
      room: Room A → Room B
  c4  eBPF Deep Dive
      time: Thu 21 Mar 09:00–09:30 → Thu 21 Mar 10:00–10:45

Cancelled (1): your stars and notes on them are kept
  c2  Rust in Production (was Wed 20 Mar 11:15–11:50, Room B)

New (1)
  c6  Thu 21 Mar 11:00–11:30  Room A  Late Addition: WASM Everywhere

`hallway changes --ack` accepts these; until then they are reported again.
";
    assert_eq!(text, expected);
    assert!(!text.contains('\u{1b}'), "no colour without a terminal");
    for line in text.lines() {
        assert!(line.width() <= 80, "{line}");
    }
    // --tz shows times in another zone.
    let utc = stdout(hallway(dir.path(), "v2.json").args(["changes", "--tz", "UTC"]));
    assert!(
        utc.contains("time: Thu 21 Mar 08:00–08:30 → Thu 21 Mar 09:00–09:45"),
        "{utc}"
    );
}

#[test]
fn noted_sessions_are_followed_too() {
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path(), "v1.json")
        .args(["note", "c4", "--append", "ask about CO-RE"])
        .assert()
        .success();
    let v = changes_json(dir.path(), "v2.json");
    assert_eq!(v["changed"][0]["id"], "c4");
    assert_eq!(v["new"], json!(["c6"]));
}

#[test]
fn without_an_earlier_version_there_is_nothing_to_compare() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(changes_json(dir.path(), "v1.json"), empty());
    let text = stdout(hallway(dir.path(), "v1.json").arg("changes"));
    assert!(text.starts_with("Nothing to compare with yet"), "{text}");
    // --ack records the version seen, so the next one's additions are new.
    hallway(dir.path(), "v1.json")
        .args(["changes", "--ack"])
        .assert()
        .success();
    assert_eq!(changes_json(dir.path(), "v2.json")["new"], json!(["c6"]));
}

#[test]
fn a_cancelled_starred_session_is_exported_as_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    star_on_v1(dir.path());
    let before = stdout(hallway(dir.path(), "v1.json").args(["export", "--format", "ics"]));
    let after = stdout(hallway(dir.path(), "v2.json").args(["export", "--format", "ics"]));
    let event_of = |ics: &str, uid_start: &str| -> Option<String> {
        ics.split("BEGIN:VEVENT")
            .find(|e| e.contains(&format!("UID:{uid_start}")))
            .map(str::to_string)
    };
    let c2_before = event_of(&before, "c2@").expect("c2 exported while it exists");
    assert!(!c2_before.contains("STATUS:CANCELLED"));
    let c2_after = event_of(&after, "c2@").expect("c2 still exported, as cancelled");
    assert!(c2_after.contains("STATUS:CANCELLED"), "{c2_after}");
    let seq = |e: &str| -> u32 {
        e.lines()
            .find_map(|l| l.strip_prefix("SEQUENCE:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    assert!(
        seq(&c2_after) > seq(&c2_before),
        "the cancellation is the newer version"
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

/// An agenda of the older format, with the known session ids inline, still finds the new
/// sessions; the next save moves the ids into their own file, and they are still found.
#[test]
fn an_agenda_with_the_known_ids_inline_still_finds_new_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    star_on_v1(data);
    let path = agenda_file(data);
    let known_path = path.with_extension("known");
    let known: Value =
        serde_json::from_str(&std::fs::read_to_string(&known_path).unwrap()).unwrap();
    let mut agenda: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(agenda["known_sessions_apart"], json!(true));
    let object = agenda.as_object_mut().unwrap();
    object.remove("known_sessions_apart");
    object.insert("known_sessions".into(), known["ids"].clone());
    std::fs::write(&path, serde_json::to_string_pretty(&agenda).unwrap()).unwrap();
    std::fs::remove_file(&known_path).unwrap();

    assert_eq!(changes_json(data, "v2.json")["new"], json!(["c6"]));
    hallway(data, "v1.json")
        .args(["unstar", "c3"])
        .assert()
        .success();
    let moved: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(moved.get("known_sessions").is_none(), "{moved}");
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&known_path).unwrap()).unwrap()["ids"],
        known["ids"]
    );
    assert_eq!(changes_json(data, "v2.json")["new"], json!(["c6"]));
}
