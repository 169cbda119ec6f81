//! `hallway now`: what runs and what comes next in every room, at fixed instants.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn hallway(data: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", now)
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    cmd
}

fn now_json(now: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = hallway(dir.path(), now)
        .args(["now", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

#[test]
fn mid_morning_lists_what_runs_and_one_next_per_room() {
    let v = now_json("2024-03-20T11:10:00+01:00");
    let now = ids(&v["now"]);
    // The 11:00 slot, the two 90-minute tutorials included; nothing that ended at 10:30.
    assert_eq!(now.len(), 10, "{now:?}");
    assert!(now.contains(&"kc24-0107") && now.contains(&"kc24-0116"));
    for s in v["now"].as_array().unwrap() {
        assert!(s["start"].as_str().unwrap() <= "2024-03-20T11:10:00+01:00");
        assert!(s["end"].as_str().unwrap() > "2024-03-20T11:10:00+01:00");
        // The list fields, crowding included.
        for field in [
            "title", "room", "track", "speakers", "starred", "risk", "url",
        ] {
            assert!(s.get(field).is_some(), "{field}");
        }
    }
    let next = v["next"].as_array().unwrap();
    let mut rooms: Vec<&str> = next.iter().map(|s| s["room"].as_str().unwrap()).collect();
    let n = rooms.len();
    rooms.sort_unstable();
    rooms.dedup();
    assert_eq!(rooms.len(), n, "one next session per room");
    assert!(ids(&v["next"]).contains(&"kc24-0118"));
    // A room busy with a tutorial until 12:30 is next used after it.
    let s04 = next.iter().find(|s| s["room"] == "S04").unwrap();
    assert_eq!(s04["start"], "2024-03-20T14:00:00+01:00");
    assert!(next.iter().all(|s| s["day"] == "2024-03-20"));
}

#[test]
fn before_a_day_nothing_runs_and_its_first_sessions_are_next() {
    let v = now_json("2024-03-19T08:00:00+01:00");
    assert_eq!(v["now"], Value::Array(vec![]));
    let next = v["next"].as_array().unwrap();
    assert!(ids(&v["next"]).contains(&"kc24-0001"));
    assert!(next.iter().all(|s| s["day"] == "2024-03-19"));
    // In the night the next day's morning is next, not the last evening's.
    let night = now_json("2024-03-20T03:00:00+01:00");
    assert!(
        night["next"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["day"] == "2024-03-20")
    );
}

#[test]
fn after_the_conference_both_are_empty() {
    let v = now_json("2024-04-01T12:00:00+02:00");
    assert_eq!(v, serde_json::json!({"now": [], "next": []}));
}

/// In a pipe (what `assert_cmd` captures) nothing is cut, as in every listing; fitting to a
/// terminal is tested in a pseudo-terminal (`cli_ux.rs`, `a_narrow_terminal_cuts_titles_but_never_ids`).
#[test]
fn text_has_crowding_markers_and_whole_titles() {
    let dir = tempfile::tempdir().unwrap();
    let out = hallway(dir.path(), "2024-03-20T11:10:00+01:00")
        .arg("now")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Now, Wed 20 Mar 11:10\n"), "{text}");
    assert!(text.contains("\nNext\n"));
    assert!(text.contains('▲') && text.contains('●'));
    assert!(!text.contains('…'), "{text}");
    // Rows still align: every row's title starts in the same column.
    let rows: Vec<&str> = text.lines().filter(|l| l.contains('–')).collect();
    assert!(rows.len() > 2, "{text}");
    let room_at = |l: &str| l.find("–").map(|i| l[..i].width());
    assert!(
        rows.iter().all(|l| room_at(l) == room_at(rows[0])),
        "{text}"
    );
}
