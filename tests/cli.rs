//! The command-line contract: outputs, exit codes and what is saved, on the bundled demo.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const LIBC: &str = "When They Go High, We Go Low – Hooking Libc Calls to Debug Kubernetes Apps";

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap();
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    cmd
}

fn json(data: &Path, args: &[&str]) -> Value {
    let out = hallway(data)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn id_of(data: &Path, title: &str) -> String {
    let list = json(data, &["list", "--json", "--search", title]);
    let hit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == title)
        .unwrap();
    hit["id"].as_str().unwrap().to_string()
}

#[test]
fn check_json_summarises_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["check", "--json"]);
    assert_eq!(v["title"], "KubeCon + CloudNativeCon Europe 2024");
    assert_eq!(v["timezone"], "Europe/Paris");
    assert_eq!(v["format"], "hallway");
    assert!(v["sessions"].as_u64().unwrap() >= 250);
    assert!(v["rooms"].as_u64().unwrap() >= 12);
    let days = v["days"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        ["2024-03-19", "2024-03-20", "2024-03-21", "2024-03-22"]
    );
    assert_eq!(days[1]["weekday"], "Wednesday");
    let per_day: u64 = days.iter().map(|d| d["sessions"].as_u64().unwrap()).sum();
    assert_eq!(per_day, v["sessions"].as_u64().unwrap());
    for d in days {
        assert!(d["rooms"].as_u64().unwrap() <= v["rooms"].as_u64().unwrap());
        assert!(d["tracks"].as_u64().unwrap() > 0);
    }
    assert_eq!(v["warnings"], Value::Array(vec![]));
}

#[test]
fn check_reports_warnings_with_their_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    fs::write(
        &file,
        r#"{"hallway_schedule": 1,
 "conference": {"id": "w", "title": "W", "timezone": "UTC", "start_date": "2024-01-01", "end_date": "2024-01-01"},
 "rooms": [{"name": "A"}],
 "sessions": [
  {"id": "a", "title": "A", "room": "A", "start": "2024-01-01T10:00", "end": "2024-01-01T11:00"},
  {"id": "b", "title": "B", "room": "A", "start": "2024-01-01T10:30", "end": "2024-01-01T11:30"},
  {"id": "b", "title": "B again", "start": "2024-01-02T10:30", "end": "2024-01-02T10:00"}
 ]}"#,
    )
    .unwrap();
    let v = json(
        dir.path(),
        &["check", "--json", "-s", file.to_str().unwrap()],
    );
    let kinds: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    for k in [
        "room_double_booked",
        "duplicate_id",
        "end_before_start",
        "outside_conference",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let double = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "room_double_booked")
        .unwrap();
    assert_eq!(double["sessions"], serde_json::json!(["a", "b"]));
    hallway(dir.path())
        .args(["check", "-s", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("4 warnings:"));
}

#[test]
fn list_json_has_the_documented_fields_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["list", "--json", "--day", "2024-03-20"]);
    let items = v.as_array().unwrap();
    assert!(items.len() > 50);
    let starts: Vec<&str> = items.iter().map(|s| s["start"].as_str().unwrap()).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    for s in items {
        for key in [
            "id", "guid", "title", "day", "start", "end", "room", "track", "kind", "speakers",
            "recorded", "url", "starred",
        ] {
            assert!(s.get(key).is_some(), "missing {key} in {s}");
        }
        assert_eq!(s["day"], "2024-03-20");
        assert!(s["start"].as_str().unwrap().ends_with("+01:00"));
    }
    let libc = items
        .iter()
        .find(|s| s["title"] == LIBC)
        .expect("the Libc talk is on Wednesday");
    assert_eq!(libc["speakers"], serde_json::json!(["Tal Zwick"]));
    assert_eq!(libc["starred"], false);
}

#[test]
fn list_filters_by_day_number_room_track_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let by_number = json(dir.path(), &["list", "--json", "--day", "2"]);
    let by_name = json(dir.path(), &["list", "--json", "--day", "wed"]);
    assert_eq!(by_number, by_name);
    let keynote = json(dir.path(), &["list", "--json", "--room", "paris keynote"]);
    assert!(
        keynote
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["room"] == "Paris Keynote")
    );
    let ebpf = json(dir.path(), &["list", "--json", "--track", "ebpf"]);
    assert!(!ebpf.as_array().unwrap().is_empty());
    assert!(
        ebpf.as_array()
            .unwrap()
            .iter()
            .all(|s| s["track"] == "eBPF")
    );
    let found = json(dir.path(), &["list", "--json", "--search", "hooking LIBC"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["title"], LIBC);
}

/// `list --search` is the interface's search: accents and case aside ("martinez" finds
/// "Martínez"), the same sessions for the same words.
#[test]
fn list_search_ignores_accents_like_the_interface() {
    let dir = tempfile::tempdir().unwrap();
    let plain = json(dir.path(), &["list", "--json", "--search", "martinez"]);
    let accented = json(dir.path(), &["list", "--json", "--search", "MARTÍNEZ"]);
    assert!(!plain.as_array().unwrap().is_empty());
    assert_eq!(plain, accented);
    let schedule = hallway::demo::load().unwrap();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    let interface: Vec<String> = hallway::schedule::search::matching(&schedule, "martinez")
        .unwrap()
        .iter()
        .map(|&i| schedule.session(i as usize).id.clone())
        .collect();
    assert_eq!(ids(&plain), interface);
}

#[test]
fn bad_filters_exit_2_with_a_helpful_message() {
    let dir = tempfile::tempdir().unwrap();
    hallway(dir.path())
        .args(["list", "--day", "9"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("the schedule has no day \"9\"")
                .and(predicate::str::contains("2 = Wed 2024-03-20")),
        );
    hallway(dir.path())
        .args(["list", "--room", "Nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no room named \"Nowhere\""));
    hallway(dir.path())
        .args(["list", "--bogus"])
        .assert()
        .code(2);
    hallway(dir.path())
        .args(["show", "no-such-id"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no session with id \"no-such-id\"",
        ));
    hallway(dir.path())
        .args(["--now", "yesterday", "list"])
        .assert()
        .code(2);
}

#[test]
fn text_output_in_a_pipe_is_whole_and_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let out = hallway(dir.path())
        .args(["list"])
        .env("COLUMNS", "80")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Tuesday 19 March 2024\n"));
    assert!(!text.contains('\u{1b}'), "no escapes when not a terminal");
    // Piped to less or grep, nothing is cut: the Libc talk's whole title is on its row.
    assert!(text.lines().any(|l| l.contains(LIBC)), "{text}");
    assert!(!text.contains('…'), "nothing cut in a pipe");
}

#[test]
fn star_show_agenda_unstar_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let libc = id_of(dir.path(), LIBC);
    hallway(dir.path())
        .args(["star", &libc])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("starred {libc}: {LIBC}")));
    let agenda = json(dir.path(), &["agenda", "--json"]);
    assert_eq!(agenda.as_array().unwrap().len(), 1);
    assert_eq!(agenda[0]["id"], libc.as_str());
    assert_eq!(agenda[0]["starred"], true);
    let show = json(dir.path(), &["show", &libc, "--json"]);
    assert_eq!(show["starred"], true);
    assert!(show["abstract"].as_str().unwrap().len() > 20);
    assert_eq!(show["note"], Value::Null);
    assert_eq!(show["attended"], false);
    hallway(dir.path())
        .args(["agenda"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Wednesday 20 March 2024").and(predicate::str::contains("★")),
        );
    hallway(dir.path())
        .args(["unstar", &libc])
        .assert()
        .success();
    assert_eq!(
        json(dir.path(), &["agenda", "--json"]),
        Value::Array(vec![])
    );
}

#[test]
fn starring_an_unknown_id_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let libc = id_of(dir.path(), LIBC);
    hallway(dir.path())
        .args(["star", &libc, "nope"])
        .assert()
        .code(2);
    assert_eq!(
        json(dir.path(), &["agenda", "--json"]),
        Value::Array(vec![])
    );
}

#[test]
fn a_corrupt_agenda_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let libc = id_of(dir.path(), LIBC);
    let agenda = dir.path().join("agendas").join("kubecon-eu-2024.json");
    fs::create_dir_all(agenda.parent().unwrap()).unwrap();
    let corrupt = b"{\"hallway_agenda\": 1, \"conference\": \"kubecon-eu-2024\", \"stars\": [";
    fs::write(&agenda, corrupt).unwrap();
    hallway(dir.path())
        .args(["star", &libc])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("kubecon-eu-2024.json:1:")
                .and(predicate::str::contains("left untouched")),
        );
    assert_eq!(fs::read(&agenda).unwrap(), corrupt);
    let newer = b"{\"hallway_agenda\": 2, \"conference\": \"kubecon-eu-2024\"}";
    fs::write(&agenda, newer).unwrap();
    hallway(dir.path())
        .args(["agenda"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer hallway"));
    assert_eq!(fs::read(&agenda).unwrap(), newer);
}

#[test]
fn the_agenda_option_overrides_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("mine.json");
    let libc = id_of(dir.path(), LIBC);
    hallway(dir.path())
        .args(["--agenda", own.to_str().unwrap(), "star", &libc])
        .assert()
        .success();
    let saved: Value = serde_json::from_slice(&fs::read(&own).unwrap()).unwrap();
    assert_eq!(saved["stars"], serde_json::json!([libc]));
    assert!(!dir.path().join("agendas").exists());
}

#[test]
fn the_schedule_opened_last_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tiny.json");
    fs::write(
        &file,
        r#"{"hallway_schedule": 1,
 "conference": {"id": "tiny", "title": "Tiny Conf", "timezone": "Europe/Brussels", "start_date": "2026-01-31", "end_date": "2026-01-31"},
 "rooms": [{"name": "K.1.105"}],
 "sessions": [{"id": "t1", "title": "Tiny Talk", "room": "K.1.105", "start": "2026-01-31T10:00", "duration": 25}]}"#,
    )
    .unwrap();
    // -s acts on that schedule only: what later commands use does not change.
    let v = json(
        dir.path(),
        &["check", "--json", "-s", file.to_str().unwrap()],
    );
    assert_eq!(v["title"], "Tiny Conf");
    assert_eq!(
        json(dir.path(), &["check", "--json"])["title"],
        "KubeCon + CloudNativeCon Europe 2024"
    );
    hallway(dir.path())
        .args(["use", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("now using Tiny Conf ("));
    let again = json(dir.path(), &["check", "--json"]);
    assert_eq!(
        again["title"], "Tiny Conf",
        "the schedule in use is used without -s"
    );
    let demo = json(dir.path(), &["check", "--json", "-s", "demo"]);
    assert_eq!(demo["title"], "KubeCon + CloudNativeCon Europe 2024");
    assert_eq!(json(dir.path(), &["check", "--json"])["title"], "Tiny Conf");
    hallway(dir.path()).args(["use", "demo"]).assert().success();
    assert_eq!(
        json(dir.path(), &["check", "--json"])["title"],
        "KubeCon + CloudNativeCon Europe 2024"
    );
}

/// `use` never says "now using" when the data folder could not remember it (a read-only or
/// full disk): exit 1 and why; standard input cannot be remembered at all.
#[test]
fn use_fails_when_the_choice_cannot_be_remembered() {
    let dir = tempfile::tempdir().unwrap();
    // A data folder below a file cannot be created, even by root.
    std::fs::write(dir.path().join("file"), "").unwrap();
    let data = dir.path().join("file/data");
    hallway(&data)
        .args(["use", "demo"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot remember KubeCon + CloudNativeCon Europe 2024 as the schedule to use",
        ));
    let ok = tempfile::tempdir().unwrap();
    hallway(ok.path())
        .args(["use", "-"])
        .write_stdin(
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kubecon-eu-2024.json"))
                .unwrap(),
        )
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "standard input cannot be remembered",
        ));
}

#[test]
fn a_broken_schedule_file_exits_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    fs::write(
        &file,
        "{\"hallway_schedule\": 1,\n \"conference\": {\"id\": \"b\", \"title\": \"B\", \"timezone\": \"Mars/Olympus\", \"start_date\": \"2024-01-01\", \"end_date\": \"2024-01-01\"},\n \"rooms\": [], \"sessions\": []}",
    )
    .unwrap();
    hallway(dir.path())
        .args(["check", "-s", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("broken.json:2:").and(predicate::str::contains(
                "conference.timezone: unknown time zone \"Mars/Olympus\"",
            )),
        );
    hallway(dir.path())
        .args([
            "check",
            "-s",
            dir.path().join("missing.json").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json: cannot read"));
}

/// The demo names its zone (Europe/Paris) and hallway's format gives instants: `--tz` moves
/// the times shown and the days, never the instants, and says that it contradicts the file.
#[test]
fn tz_moves_what_is_shown_not_the_instants_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let libc = id_of(dir.path(), LIBC);
    let paris = json(dir.path(), &["show", &libc, "--json"]);
    let tokyo = json(dir.path(), &["--tz", "Asia/Tokyo", "show", &libc, "--json"]);
    let instant = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v["start"].as_str().unwrap()).unwrap()
    };
    assert_eq!(paris["start"], "2024-03-20T14:30:00+01:00");
    assert_eq!(tokyo["start"], "2024-03-20T22:30:00+09:00");
    assert_eq!(instant(&paris), instant(&tokyo));
    let out = hallway(dir.path())
        .args(["--tz", "Asia/Tokyo", "show", &libc])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("22:30–23:05"), "{text}");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "--tz Asia/Tokyo contradicts the zone the file names (Europe/Paris): its times stay the instants it gives"
        ),
        "{stderr}"
    );
}

/// `-o` naming a FIFO (or a device such as /dev/null or /dev/stdout) writes into it: an atomic
/// replacement would put a regular file in its place (as root it once turned /dev/null into one).
#[cfg(unix)]
#[test]
fn export_into_a_fifo_writes_through_it_and_leaves_it_a_fifo() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("calendar.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    hallway(dir.path())
        .args(["export", "--format", "ics", "--all", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    let text = reader.join().unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text:.80}");
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_tz_given_once_is_remembered_for_that_schedule_until_another_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sessionize.json");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/sessionize_all.json"),
        &file,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let start = |args: &[&str]| {
        let mut all = vec!["-s", file];
        all.extend_from_slice(args);
        all.extend_from_slice(&["show", "101", "--json"]);
        json(dir.path(), &all)["start"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(start(&["--tz", "Europe/Oslo"]), "2025-06-12T10:00:00+02:00");
    assert_eq!(start(&[]), "2025-06-12T10:00:00+02:00", "remembered");
    assert_eq!(start(&["--tz", "Asia/Tokyo"]), "2025-06-12T10:00:00+09:00");
    assert_eq!(
        start(&[]),
        "2025-06-12T10:00:00+09:00",
        "the later --tz replaces it"
    );
    // The schedule in use keeps its zone too.
    hallway(dir.path()).args(["use", file]).assert().success();
    let last = json(dir.path(), &["show", "101", "--json"]);
    assert_eq!(last["start"], "2025-06-12T10:00:00+09:00");
}
