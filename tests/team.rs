//! Planning as a team: several data directories as teammates sharing through files, links and a
//! team folder; coverage; the joint trip report; shares that must be refused.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn minicon() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minicon.json")
}

/// One attendee: their own data directory, on the `MiniCon` fixture.
struct Person {
    dir: tempfile::TempDir,
}

impl Person {
    fn new() -> Self {
        Person {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("hallway").unwrap();
        cmd.env("HALLWAY_DATA_DIR", self.dir.path())
            .env("HALLWAY_NOW", "2024-03-19T10:00:00+01:00")
            .env("HALLWAY_SCHEDULE", minicon())
            .env_remove("HALLWAY_TEAM_DIR")
            .env_remove("USER")
            .env_remove("USERNAME")
            .env_remove("LOGNAME")
            .env("NO_COLOR", "1");
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args)).unwrap()
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

fn team_of(list: &Value, id: &str) -> Vec<String> {
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap();
    item["team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_share_file_names_the_conference_and_keeps_notes_private_unless_asked() {
    let bob = Person::new();
    bob.run(&["star", "m1", "m2"]);
    bob.run(&["note", "m1", "--append", "private remark"]);
    bob.run(&["rate", "m1", "4"]);
    let plain = bob.json(&["share", "--name", "bob"]);
    assert_eq!(plain["hallway_share"], 1);
    assert_eq!(plain["name"], "bob");
    assert_eq!(plain["conference"]["id"], "minicon-2024");
    assert_eq!(plain["conference"]["title"], "MiniCon 2024");
    assert_eq!(plain["conference"]["start_date"], "2024-03-20");
    let text = plain.to_string();
    assert!(!text.contains("private remark"), "{text}");
    assert!(!text.contains("rating"), "{text}");
    let s = &plain["sessions"][0];
    assert_eq!(s["id"], "m1");
    assert_eq!(s["start"], "2024-03-20T11:00:00+01:00");
    assert_eq!(s["starred"], true);

    // The name is remembered; notes only with --notes.
    let out = bob.path("bob.json");
    bob.cmd()
        .args(["share", "--notes", "-o", &out])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "shared 2 starred sessions, 1 note and 1 rating as bob",
        ));
    let full: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(full["name"], "bob");
    assert_eq!(full["sessions"][0]["rating"], 4);
    assert!(
        full["sessions"][0]["note"]
            .as_str()
            .unwrap()
            .contains("private remark")
    );

    // No name known at all: asked for, not guessed.
    Person::new()
        .cmd()
        .args(["share"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --name NAME"));
}

#[test]
fn teammates_from_a_file_and_a_link_show_in_list_and_show() {
    let (alice, bob, carol) = (Person::new(), Person::new(), Person::new());
    bob.run(&["star", "m1", "m3"]);
    carol.run(&["star", "m1", "m2"]);
    let file = bob.path("bob.json");
    bob.run(&["share", "--name", "bob", "-o", &file]);
    let link = carol.run(&["share", "--link", "--name", "carol"]);
    let link = link.trim();
    assert!(link.starts_with("hallway:") && !link.contains('\n'));
    assert!(link.len() < 200, "{link}");

    let added = alice.run(&["team", "add", "bob", &file]);
    assert!(added.contains("Added bob: 2 starred sessions"), "{added}");
    alice.run(&["team", "add", "carol", link]);

    let list = alice.json(&["list", "--json"]);
    assert_eq!(team_of(&list, "m1"), ["bob", "carol"]);
    assert_eq!(team_of(&list, "m2"), ["carol"]);
    assert_eq!(team_of(&list, "m4"), Vec::<String>::new());
    let show = alice.json(&["show", "m3", "--json"]);
    assert_eq!(show["team"], serde_json::json!(["bob"]));

    // Text: initials after the title; names in show.
    let text = alice.run(&["list", "--day", "1"]);
    let m1 = text.lines().find(|l| l.starts_with("m1")).unwrap();
    assert!(m1.ends_with("(B C)"), "{m1}");
    let shown = alice.run(&["show", "m1"]);
    assert!(shown.contains("team       bob, carol"), "{shown}");

    let team = alice.json(&["team", "list", "--json"]);
    let names: Vec<&str> = team["team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bob", "carol"]);
    assert_eq!(team["team"][0]["source"]["kind"], "added");

    alice.run(&["team", "remove", "carol"]);
    let list = alice.json(&["list", "--json"]);
    assert_eq!(team_of(&list, "m1"), ["bob"]);
    alice
        .cmd()
        .args(["team", "remove", "carol"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no teammate named \"carol\""));
}

#[test]
fn a_team_folder_holds_everyone_and_each_writes_only_their_own_file() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().display().to_string();
    let (alice, bob, carol) = (Person::new(), Person::new(), Person::new());
    bob.run(&["star", "m1"]);
    carol.run(&["star", "m2"]);
    alice.run(&["star", "m1", "m2"]);
    for (p, name) in [(&alice, "alice"), (&bob, "bob"), (&carol, "carol")] {
        p.cmd()
            .args(["share", "--to-team", "--name", name])
            .env("HALLWAY_TEAM_DIR", &dir)
            .assert()
            .success();
    }
    let mut files: Vec<String> = fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "alice.hallway-share.json",
            "bob.hallway-share.json",
            "carol.hallway-share.json"
        ]
    );
    // Alice's own file is not a teammate; --team-dir works like the variable.
    let team = alice.json(&["team", "list", "--json", "--team-dir", &dir]);
    let members = team["team"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["name"], "bob");
    assert_eq!(members[0]["source"]["kind"], "team_folder");

    // A broken file in the folder is reported and skipped; the rest of the team still loads.
    fs::write(folder.path().join("dave.hallway-share.json"), "{ not json").unwrap();
    let out = alice
        .cmd()
        .args(["list", "--json", "--team-dir", &dir])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "dave.hallway-share.json: line 1, column 3",
        ));
    let list: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(team_of(&list, "m1"), ["bob"]);

    // Files in the team folder are not hallway's to delete.
    alice
        .cmd()
        .args(["team", "remove", "bob", "--team-dir", &dir])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("comes from the team folder"));
    assert!(folder.path().join("bob.hallway-share.json").exists());

    // Coverage: Alice's clash (m1, m2) is covered by both teammates.
    let cov = alice.json(&["team", "coverage", "--json", "--team-dir", &dir]);
    assert_eq!(cov["you"], "alice");
    let clash = &cov["clashes"][0];
    assert_eq!(
        clash["suggestion"],
        "bob is at \"When They Go High, We Go Low – Hooking Libc Calls\", carol is at \"1. *Rust* in <production>\": the team covers all of them; take \"1. *Rust* in <production>\", or whichever you like"
    );
    let slot = &cov["slots"][0];
    assert_eq!(slot["start"], "2024-03-20T11:00:00+01:00");
    assert_eq!(slot["sessions"][0]["team"], serde_json::json!(["bob"]));
    assert_eq!(slot["sessions"][0]["you"], true);
}

/// Whatever lands in a synced folder: a FIFO with no writer or a device named like a share is
/// skipped with a warning, never opened (opening a FIFO waits for a writer: `team list` hung).
#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_the_team_folder_is_skipped_not_waited_for() {
    let alice = Person::new();
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("eve.hallway-share.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", folder.path().join("zed.hallway-share.json")).unwrap();
    let dir = folder.path().display().to_string();
    let out = alice
        .cmd()
        .args(["team", "list", "--team-dir", &dir])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    for name in ["eve.hallway-share.json", "zed.hallway-share.json"] {
        assert!(
            err.lines()
                .any(|l| l.contains(name) && l.contains("not a regular file (skipped)")),
            "{err}"
        );
    }
}

#[test]
fn coverage_says_who_is_where_and_what_nobody_covers() {
    let (alice, bob) = (Person::new(), Person::new());
    alice.run(&["star", "m1", "m2"]);
    bob.run(&["star", "m1"]);
    let file = bob.path("bob.json");
    bob.run(&[
        "share",
        "--name",
        "bob",
        "--interest",
        "Rust",
        "--interest",
        "heading",
        "-o",
        &file,
    ]);
    alice.run(&["team", "add", "bob", &file]);
    alice.run(&["share", "--name", "alice", "--interest", "eBPF"]);
    let text = alice.run(&["team", "coverage"]);
    assert!(text.contains("Team: bob (B); you are alice."), "{text}");
    assert!(
        text.contains(
            "bob is at \"When They Go High, We Go Low – Hooking Libc Calls\": take \"1. *Rust* in <production>\""
        ),
        "{text}"
    );
    let cov = alice.json(&["team", "coverage", "--json"]);
    let gaps = cov["uncovered_interests"].as_array().unwrap();
    // Rust (m2) and eBPF (m1) are covered; the topic "heading" (m3's title) is not.
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["interest"], "heading");
    assert_eq!(gaps[0]["track"], false);
    assert_eq!(gaps[0]["uncovered"][0]["id"], "m3");
    assert_eq!(gaps[0]["marked_by"], serde_json::json!(["bob"]));
    // One day: Wednesday has the clash and the slots; Thursday has only the topic nobody covers.
    let wednesday = alice.run(&["team", "coverage", "--day", "1"]);
    assert!(wednesday.contains("bob is at"), "{wednesday}");
    assert!(
        wednesday.contains("0 this day nobody covers (1 of 1 in all)"),
        "{wednesday}"
    );
    let thursday = alice.run(&["team", "coverage", "--day", "thu"]);
    assert!(!thursday.contains("bob is at"), "{thursday}");
    assert!(!thursday.contains("Hooking Libc"), "{thursday}");
    assert!(
        thursday.contains("1 this day nobody covers (1 of 1 in all)"),
        "{thursday}"
    );
    let json = alice.json(&["team", "coverage", "--json", "--day", "2024-03-21"]);
    assert_eq!(json["slots"].as_array().map(Vec::len), Some(0), "{json}");
    assert_eq!(json["uncovered_interests"][0]["uncovered"][0]["id"], "m3");
}

#[test]
fn sessions_that_changed_are_matched_and_lost_ones_are_listed() {
    let alice = Person::new();
    let file = alice.path("eve.json");
    fs::write(
        &file,
        r#"{"hallway_share": 1, "conference": {"id": "minicon-2024"}, "name": "eve", "sessions": [
            {"id": "old-m1", "title": "When They Go High, We Go Low – Hooking Libc Calls", "start": "2024-03-20T11:00:00+01:00", "starred": true},
            {"id": "gone", "title": "A talk that was cancelled", "start": "2024-03-21T15:00:00+01:00", "starred": true}
        ]}"#,
    )
    .unwrap();
    let added = alice.run(&["team", "add", "eve", &file]);
    assert!(added.contains("Added eve: 1 starred session"), "{added}");
    assert!(
        added.contains("1 of eve's sessions are not in this schedule"),
        "{added}"
    );
    assert!(added.contains("gone  A talk that was cancelled"), "{added}");
    let list = alice.json(&["list", "--json"]);
    assert_eq!(team_of(&list, "m1"), ["eve"]);
    let team = alice.json(&["team", "list", "--json"]);
    assert_eq!(team["team"][0]["unmatched"][0]["id"], "gone");
    assert_eq!(team["team"][0]["rematched"], 1);
}

#[test]
fn shares_of_another_conference_and_bad_input_are_refused() {
    let alice = Person::new();
    // A share made on the bundled demo.
    let other = Person::new();
    let file = other.path("demo.json");
    other
        .cmd()
        .env("HALLWAY_SCHEDULE", "demo")
        .args(["share", "--name", "zed", "-o", &file])
        .assert()
        .success();
    alice
        .cmd()
        .args(["team", "add", "zed", &file])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("KubeCon + CloudNativeCon Europe 2024").and(
                predicate::str::contains("\"MiniCon 2024\" (id \"minicon-2024\")"),
            ),
        );
    let link = other.run(&["share", "--link", "-s", "demo", "--name", "zed"]);
    alice
        .cmd()
        .args(["team", "add", "zed", link.trim()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this share is for conference"));

    // Names that could be paths or escape sequences.
    for bad in ["../../evil", "a/b", "\u{1b}[2Jx", ".hidden"] {
        alice
            .cmd()
            .args(["team", "add", bad, &file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot be a name"));
    }
    alice
        .cmd()
        .args(["share", "--name", "x/y"])
        .assert()
        .code(2);

    // Broken files and links: where and what, exit 2.
    let broken = alice.path("broken.json");
    fs::write(
        &broken,
        r#"{"hallway_share": 1, "conference": {"id": "minicon-2024"}, "name": "x", "sessions": [{"id": "m1", "rating": 7}]}"#,
    )
    .unwrap();
    alice
        .cmd()
        .args(["team", "add", "x", &broken])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.json: sessions[0].rating: a rating is from 1 to 5, not 7",
        ));
    alice
        .cmd()
        .args(["team", "add", "x", "hallway:not-a-real-link!"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the link: not a hallway link"));
    alice
        .cmd()
        .args(["team", "add", "x", &alice.path("missing.json")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json"));
    // Nothing was added by any of it.
    let team = alice.json(&["team", "list", "--json"]);
    assert_eq!(team["team"], serde_json::json!([]));
}

#[test]
fn a_teammate_title_with_escape_sequences_is_cleaned() {
    let alice = Person::new();
    let file = alice.path("mal.json");
    fs::write(
        &file,
        "{\"hallway_share\": 1, \"conference\": {\"id\": \"minicon-2024\"}, \"name\": \"mal\", \"sessions\": [{\"id\": \"nope\", \"title\": \"x\\u001b]52;c;ZXZpbA==\\u0007y\\u001b[2J\", \"starred\": true}]}",
    )
    .unwrap();
    let out = alice.run(&["team", "add", "mal", &file]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("nope  xy"), "{out}");
}

/// Headings (level, text) of a Markdown document, and whether it holds raw HTML.
fn outline(md: &str) -> (Vec<(u8, String)>, Vec<String>, bool) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut html = false;
    let mut current: Option<(u8, String)> = None;
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            Event::Html(_) | Event::InlineHtml(_) => html = true,
            _ => {}
        }
    }
    (headings, links, html)
}

#[test]
fn the_joint_trip_report_merges_everyones_notes_under_their_names() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().display().to_string();
    let (alice, bob, carol) = (Person::new(), Person::new(), Person::new());
    let during = "2024-03-22T10:00:00+01:00";
    alice.run(&["note", "m1", "--append", "Libc hooks: *great* demo"]);
    alice.run(&["rate", "m1", "5"]);
    bob.run(&[
        "note",
        "m1",
        "--append",
        "<script>alert(1)</script> [x](javascript:alert(1))",
    ]);
    bob.run(&["rate", "m1", "4"]);
    bob.run(&["note", "m3", "--append", "short and sweet"]);
    // Not shared without --notes: carol's note must not appear.
    carol.run(&["note", "m2", "--append", "carol's private thoughts"]);
    carol.run(&["star", "m2"]);
    bob.cmd()
        .args([
            "share",
            "--to-team",
            "--notes",
            "--name",
            "bob",
            "--team-dir",
            &dir,
        ])
        .assert()
        .success();
    carol
        .cmd()
        .args(["share", "--to-team", "--name", "carol", "--team-dir", &dir])
        .assert()
        .success();
    // Eve shared a note on a session from an older version of the schedule.
    fs::write(
        folder.path().join("eve.hallway-share.json"),
        r#"{"hallway_share": 1, "conference": {"id": "minicon-2024"}, "name": "eve", "sessions": [
            {"id": "x9", "title": "A talk that was cancelled", "note": "was moved online", "rating": 3}
        ]}"#,
    )
    .unwrap();
    alice.run(&["share", "--name", "alice"]);

    let md = alice
        .cmd()
        .env("HALLWAY_NOW", during)
        .args([
            "export",
            "--format",
            "markdown",
            "--team",
            "--team-dir",
            &dir,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    assert!(!md.contains("carol's private"), "{md}");
    assert!(md.contains("By alice, bob, carol and eve."), "{md}");
    assert!(md.contains("Ratings: alice ★★★★★ · bob ★★★★☆"), "{md}");
    let (headings, links, html) = outline(&md);
    assert!(!html, "raw HTML in\n{md}");
    assert!(links.iter().all(|l| l.starts_with("https://")), "{links:?}");
    let want: Vec<(u8, String)> = [
        (1, "MiniCon 2024: team trip report"),
        (2, "Wednesday 20 March 2024"),
        (3, "When They Go High, We Go Low – Hooking Libc Calls"),
        (4, "alice"),
        (4, "bob"),
        (2, "Thursday 21 March 2024"),
        (3, "# Not a heading: [links] & `code`"),
        (4, "bob"),
        (2, "Team top picks"),
        (2, "Notes on sessions not in this schedule"),
        (3, "A talk that was cancelled"),
        (4, "eve"),
    ]
    .into_iter()
    .map(|(l, t)| (l, t.to_string()))
    .collect();
    assert_eq!(headings, want, "{md}");

    // With front matter it is a blog post: the title is the post's, the body starts at "##".
    let post = alice
        .cmd()
        .env("HALLWAY_NOW", during)
        .args([
            "export",
            "--format",
            "markdown",
            "--team",
            "--front-matter",
            "jekyll",
            "--team-dir",
            &dir,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let post = String::from_utf8(post).unwrap();
    assert!(
        post.starts_with("---\nlayout: post\ntitle: \"MiniCon 2024: team trip report\"\n"),
        "{post}"
    );
    assert!(!post.contains("\n# "), "{post}");

    alice
        .cmd()
        .args(["export", "--format", "ics", "--team"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--team applies to --format markdown only",
        ));
}
