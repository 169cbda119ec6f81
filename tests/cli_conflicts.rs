//! `hallway conflicts`, and the `risk` object of `list --json` and `show --json`, through the
//! real binary: data directory in a temporary directory, the clock fixed.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2024-03-20T08:00:00+01:00";

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").expect("the hallway binary is built");
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", NOW)
        .env_remove("HALLWAY_SCHEDULE")
        .env_remove("NO_COLOR");
    cmd
}

fn star(data: &Path, ids: &[&str]) {
    hallway(data).arg("star").args(ids).assert().success();
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is JSON")
}

fn conflicts(data: &Path) -> Value {
    json_of(hallway(data).args(["conflicts", "--json"]))
}

#[test]
fn no_stars_no_conflicts() {
    let dir = TempDir::new().unwrap();
    let doc = conflicts(dir.path());
    for key in ["overlaps", "groups", "transfers", "crowding", "lunch"] {
        assert_eq!(doc[key], Value::Array(vec![]), "{key}");
    }
    hallway(dir.path())
        .arg("conflicts")
        .assert()
        .success()
        .stdout(predicates::str::contains("No starred sessions yet"));
}

#[test]
fn an_overlap_and_a_crowded_talk() {
    let dir = TempDir::new().unwrap();
    // The Libc-hooking talk (N04, 150 seats) and a talk at the same time in S01-02.
    star(dir.path(), &["kc24-0137", "kc24-0141"]);
    let doc = conflicts(dir.path());
    let overlaps = doc["overlaps"].as_array().unwrap();
    assert_eq!(overlaps.len(), 1);
    let o = &overlaps[0];
    assert_eq!(o["sessions"], serde_json::json!(["kc24-0137", "kc24-0141"]));
    assert_eq!(o["minutes"], 35);
    assert_eq!(o["group"], Value::Null);
    // Both are recorded; the smaller room is likelier to fill.
    assert_eq!(o["attend"], "kc24-0137");
    assert_eq!(o["watch_later"], "kc24-0141");
    assert!(o["suggestion"].as_str().unwrap().contains("in person"));

    let crowding = doc["crowding"].as_array().unwrap();
    let libc = crowding
        .iter()
        .find(|c| c["session"] == "kc24-0137")
        .unwrap();
    let level = libc["level"].as_str().unwrap();
    assert!(level == "full" || level == "overflow", "{libc}");
    assert_eq!(libc["capacity"], 150);
    assert!(libc["expected"].as_u64().unwrap() >= 150);
    assert!(libc["ratio"].as_f64().unwrap() >= 1.0);
    assert!(libc["reason"].as_str().unwrap().contains("150 seats"));
    assert_eq!(libc["arrive_by"], "2024-03-20T14:20:00+01:00");
    for c in crowding {
        let level = c["level"].as_str().unwrap();
        assert!(["filling", "full", "overflow"].contains(&level), "{c}");
    }
}

#[test]
fn a_chain_of_three_is_a_group_and_every_pair_is_listed() {
    let dir = TempDir::new().unwrap();
    // 11:00–11:35 keynote hall, 11:00–12:30 workshop in W04, 11:55–12:30 N04.
    star(dir.path(), &["kc24-0107", "kc24-0116", "kc24-0121"]);
    let doc = conflicts(dir.path());
    let groups = doc["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        groups[0]["sessions"],
        serde_json::json!(["kc24-0107", "kc24-0116", "kc24-0121"])
    );
    // W04 is not recorded: see the workshop in person.
    assert_eq!(groups[0]["attend"], "kc24-0116");
    let pairs: Vec<(String, String, u64, Value)> = doc["overlaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["sessions"][0].as_str().unwrap().to_string(),
                o["sessions"][1].as_str().unwrap().to_string(),
                o["minutes"].as_u64().unwrap(),
                o["group"].clone(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("kc24-0107".into(), "kc24-0116".into(), 35, Value::from(0)),
            ("kc24-0116".into(), "kc24-0121".into(), 35, Value::from(0)),
        ]
    );
}

#[test]
fn a_tight_room_change() {
    let dir = TempDir::new().unwrap();
    // The keynote hall until 11:35, then a lightning talk on the expo floor at 11:35.
    star(dir.path(), &["kc24-0107", "kc24-0117"]);
    let doc = conflicts(dir.path());
    let t = doc["transfers"].as_array().unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0]["from"], "kc24-0107");
    assert_eq!(t[0]["to"], "kc24-0117");
    assert_eq!(t[0]["gap_minutes"], 0);
    // From the centre zone to the showcase zone: 5 minutes in the demo's walking table.
    assert_eq!(t[0]["walk_minutes"], 5);
    assert_eq!(t[0]["tight"], true);
}

/// A small schedule in our own format: one day, three rooms, no time for lunch.
const LUNCHLESS: &str = r#"{
  "hallway_schedule": 1,
  "conference": {"id": "lunchless-2024", "title": "Lunchless 2024", "timezone": "Europe/Brussels",
                 "start_date": "2024-02-03", "end_date": "2024-02-03", "expected_attendance": 500},
  "rooms": [
    {"name": "A", "capacity": 100, "building": "U", "floor": "1", "zone": "left"},
    {"name": "B", "capacity": 400, "building": "U", "floor": "1", "zone": "right"},
    {"name": "K", "capacity": 60, "building": "K", "recorded": false}
  ],
  "sessions": [
    {"id": "s1", "title": "Morning", "room": "A", "start": "2024-02-03T11:00", "end": "2024-02-03T12:10"},
    {"id": "s2", "title": "Noon", "room": "B", "start": "2024-02-03T12:15", "end": "2024-02-03T13:20"},
    {"id": "s3", "title": "Afternoon", "room": "K", "start": "2024-02-03T13:30", "end": "2024-02-03T15:00"}
  ]
}"#;

#[test]
fn a_day_without_lunch() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("lunchless.json");
    std::fs::write(&file, LUNCHLESS).unwrap();
    let with_file = |args: &[&str]| {
        let mut cmd = hallway(dir.path());
        cmd.arg("-s").arg(&file).args(args);
        cmd
    };
    with_file(&["star", "s1", "s2", "s3"]).assert().success();
    let doc = json_of(&mut with_file(&["conflicts", "--json"]));
    let lunch = doc["lunch"].as_array().unwrap();
    assert_eq!(lunch.len(), 1);
    assert_eq!(lunch[0]["day"], "2024-02-03");
    assert!(
        lunch[0]["message"]
            .as_str()
            .unwrap()
            .contains("between 11:30 and 14:00")
    );
    // A → B: another zone, 4 minutes in a 5-minute gap; B → K: another building, 10 in 10.
    let t: Vec<(u64, u64, bool)> = doc["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["gap_minutes"].as_u64().unwrap(),
                t["walk_minutes"].as_u64().unwrap(),
                t["tight"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(t, vec![(5, 4, false), (10, 10, false)]);

    // The text: by day, without colour and cut nowhere when not a terminal.
    let out = with_file(&["conflicts"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Saturday 3 February 2024\n"), "{text}");
    assert!(text.contains("lunch"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(!text.contains('…'), "{text}");
}

#[test]
fn stars_the_schedule_no_longer_has_are_ignored() {
    let dir = TempDir::new().unwrap();
    let agenda = dir.path().join("agenda.json");
    std::fs::write(
        &agenda,
        r#"{"hallway_agenda": 1, "conference": "kubecon-eu-2024", "stars": ["gone-0001", "kc24-0137", "kc24-0141"]}"#,
    )
    .unwrap();
    let doc = json_of(
        hallway(dir.path())
            .arg("--agenda")
            .arg(&agenda)
            .args(["conflicts", "--json"]),
    );
    assert_eq!(doc["overlaps"].as_array().unwrap().len(), 1);
}

#[test]
fn every_session_in_list_and_show_has_a_risk() {
    let dir = TempDir::new().unwrap();
    let list = json_of(hallway(dir.path()).args(["list", "--json"]));
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 296);
    let levels = ["unknown", "low", "filling", "full", "overflow"];
    for item in items {
        let risk = &item["risk"];
        assert!(levels.contains(&risk["level"].as_str().unwrap()), "{item}");
        assert!(risk["expected"].is_u64());
        assert!(risk["capacity"].is_u64() || risk["capacity"].is_null());
        assert!(risk["ratio"].is_f64() || risk["ratio"].is_null());
        assert!(!risk["reason"].as_str().unwrap().is_empty());
        if item["kind"] == "keynote" {
            assert!(
                ["low", "filling"].contains(&risk["level"].as_str().unwrap()),
                "{item}"
            );
        }
    }
    let calm = items
        .iter()
        .filter(|i| ["unknown", "low", "filling"].contains(&i["risk"]["level"].as_str().unwrap()))
        .count();
    assert!(calm * 4 >= items.len() * 3, "{calm}");

    let show = json_of(hallway(dir.path()).args(["show", "kc24-0137", "--json"]));
    let level = show["risk"]["level"].as_str().unwrap();
    assert!(level == "full" || level == "overflow", "{show}");
    assert_eq!(show["risk"]["capacity"], 150);
    hallway(dir.path())
        .args(["show", "kc24-0137"])
        .assert()
        .success()
        .stdout(predicates::str::contains("crowding"));
}

#[test]
fn a_day_filter_and_no_colour_with_no_color() {
    let dir = TempDir::new().unwrap();
    star(dir.path(), &["kc24-0137", "kc24-0141", "kc24-0099"]);
    let doc = json_of(hallway(dir.path()).args(["conflicts", "--json", "--day", "2024-03-19"]));
    assert_eq!(doc["overlaps"].as_array().unwrap().len(), 0);
    assert_eq!(doc["crowding"][0]["session"], "kc24-0099");
    hallway(dir.path())
        .env("NO_COLOR", "1")
        .arg("conflicts")
        .assert()
        .success()
        .stdout(predicates::str::contains("Wednesday 20 March 2024"))
        .stdout(predicates::str::contains("\u{1b}").not());
    hallway(dir.path())
        .args(["conflicts", "--day", "9"])
        .assert()
        .code(2);
}
