//! Sessions' links read from every format (tests/fixtures/links/), cleaned to web addresses,
//! and shown by `hallway show`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hallway::formats::{self, LoadOptions};
use hallway::schedule::{Schedule, WarningKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/links")
        .join(name)
}

fn load(name: &str) -> Schedule {
    formats::load_file(&fixture(name), LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (kind, title, url) of every link of session `id`.
fn links(s: &Schedule, id: &str) -> Vec<(String, String, String)> {
    let (_, session) = s.find(id).unwrap_or_else(|| panic!("no session {id}"));
    session
        .links
        .iter()
        .map(|l| (l.kind.as_str().into(), l.title.clone(), l.url.clone()))
        .collect()
}

fn row(kind: &str, title: &str, url: &str) -> (String, String, String) {
    (kind.into(), title.into(), url.into())
}

/// The one warning about dropped links: its message and session ids.
fn dropped(s: &Schedule) -> (String, Vec<String>) {
    let found: Vec<_> = s
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Link)
        .collect();
    assert_eq!(found.len(), 1, "one grouped warning: {:?}", s.warnings);
    (found[0].message.clone(), found[0].sessions.clone())
}

#[test]
fn frab_xml_keeps_url_feedback_video_links_and_attachments() {
    let s = load("frab.xml");
    assert_eq!(
        links(&s, "1"),
        [
            row("page", "Session page", "https://linkcon.example/event/1/"),
            // <feedback_url>, titled by the <link> to the same address.
            row(
                "feedback",
                "Submit Feedback",
                "https://pretalx.linkcon.example/talk/1/feedback/"
            ),
            row(
                "recording",
                "Recording",
                "https://video.linkcon.example/2026/janson/1.webm"
            ),
            row(
                "slides",
                "Deck",
                "https://linkcon.example/attachments/1/deck.pdf"
            ),
            row(
                "attachment",
                "Paper",
                "https://linkcon.example/attachments/1/paper.txt"
            ),
            row(
                "chat",
                "Chat room(web)",
                "https://chat.linkcon.example/#/room/#janson:linkcon.example"
            ),
            row(
                "chat",
                "Chat room(app)",
                "https://matrix.to/#/#janson:linkcon.example"
            ),
            row("other", "Source code", "https://github.com/ada/engine"),
            row(
                "stream",
                "Live stream",
                "https://stream.linkcon.example/janson"
            ),
        ]
    );
    assert!(links(&s, "2").is_empty());
    let (message, sessions) = dropped(&s);
    assert_eq!(
        message,
        "links that are not web addresses were dropped: \"file:///etc/passwd\" (and 2 more); hallway keeps http and https links only"
    );
    assert_eq!(sessions, ["1", "2"]);
    let (_, one) = s.find("1").unwrap();
    assert_eq!(one.url(), Some("https://linkcon.example/event/1/"));
}

#[test]
fn frab_json_reads_links_attachments_and_relative_addresses() {
    let s = load("frab.json");
    assert_eq!(s.format, "pretalx-json");
    assert_eq!(
        links(&s, "1"),
        [
            row(
                "page",
                "Session page",
                "https://hub.linkcon.example/event/linked-talk"
            ),
            row(
                "feedback",
                "Feedback",
                "https://cfp.linkcon.example/linkcon/talk/AAA111/feedback/"
            ),
            row(
                "page",
                "Origin page",
                "https://cfp.linkcon.example/linkcon/talk/AAA111/"
            ),
            row(
                "recording",
                "Recording",
                "https://media.ccc.de/v/linkcon-1-linked-talk"
            ),
            row("other", "Code", "https://github.com/ada/engine"),
            row(
                "stream",
                "Live stream",
                "https://streaming.media.ccc.de/linkcon/saal1"
            ),
            // "/media/..." against the schedule's base_url.
            row(
                "slides",
                "Slides",
                "https://cfp.linkcon.example/media/linkcon/submissions/AAA111/resources/slides.pdf"
            ),
        ]
    );
    assert!(
        dropped(&s)
            .0
            .contains("\"data:text/html;base64,PHNjcmlwdD4=\"")
    );
}

#[test]
fn c3voc2_reads_typed_links_and_attachments() {
    let s = load("c3voc2.json");
    assert_eq!(s.format, "c3voc-schedule2");
    assert_eq!(
        links(&s, "ABC123"),
        [
            row(
                "page",
                "Session page",
                "https://hub.linkcon.example/event/abc123"
            ),
            row(
                "feedback",
                "Feedback",
                "https://cfp.linkcon.example/talk/ABC123/feedback/"
            ),
            row("slides", "My deck", "https://speakerdeck.example/ada/deck"),
            row("recording", "Recording", "https://media.ccc.de/v/abc123"),
            row("other", "Project site", "https://engine.example/"),
            row(
                "attachment",
                "Paper",
                "https://hub.linkcon.example/media/abc123/paper.pdf"
            ),
        ]
    );
    // Without a `url`, a session has no page (its first link is not taken for one).
    assert!(links(&s, "DEF456").is_empty());
    assert!(dropped(&s).0.contains("\"mailto:ada@engine.example\""));
}

#[test]
fn sessionize_reads_recording_and_live_urls() {
    let s = load("sessionize.json");
    assert_eq!(
        links(&s, "101"),
        [
            row(
                "recording",
                "Recording",
                "https://www.youtube.com/watch?v=abc"
            ),
            row(
                "stream",
                "Live stream",
                "https://live.linkcon.example/hall-a"
            ),
        ]
    );
    assert!(links(&s, "102").is_empty());
    assert_eq!(dropped(&s).1, ["102"]);
}

#[test]
fn ical_reads_url_and_attachments_by_address() {
    let s = load("ical.ics");
    assert_eq!(
        links(&s, "ev-1"),
        [
            row("page", "Session page", "https://linkcon.example/event/1"),
            row("slides", "deck.pdf", "https://linkcon.example/1/deck.pdf"),
            row("recording", "Recording", "https://linkcon.example/1/talk"),
            row(
                "attachment",
                "Attachment",
                "https://linkcon.example/1/notes.txt"
            ),
        ]
    );
    // The binary ATTACH is not a link; the file: one is dropped.
    assert!(dropped(&s).0.contains("\"file:///home/ada/secret.pdf\""));
}

#[test]
fn hallway_json_reads_links_with_or_without_kinds_and_writes_them_back() {
    let s = load("hallway.json");
    let expected = [
        row("page", "Session page", "https://linkcon.example/event/1"),
        row("recording", "Video", "https://video.linkcon.example/1.webm"),
        row(
            "chat",
            "Chat",
            "https://matrix.to/#/#janson:linkcon.example",
        ),
        row(
            "feedback",
            "Submit feedback",
            "https://linkcon.example/1/fb",
        ),
        row("slides", "Slides", "https://linkcon.example/1/slides.pdf"),
    ];
    assert_eq!(links(&s, "1"), expected);
    assert!(dropped(&s).0.contains("\"javascript:alert(1)\""));

    let written = formats::native::write(&s);
    assert!(written.contains("\"hallway_schedule\": 2"), "{written}");
    let again = formats::load_str("again.json", &written, LoadOptions::default()).unwrap();
    assert_eq!(links(&again, "1"), expected);
}

#[test]
fn hallway_json_without_links_stays_version_1() {
    let text = std::fs::read_to_string(fixture("hallway.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["sessions"][0].as_object_mut().unwrap().remove("links");
    doc["hallway_schedule"] = 1.into();
    let plain = formats::load_str("plain.json", &doc.to_string(), LoadOptions::default()).unwrap();
    let written = formats::native::write(&plain);
    assert!(written.contains("\"hallway_schedule\": 1"), "{written}");
    assert!(!written.contains("\"links\""), "{written}");
    // The page alone is `url`, as version 1 has it.
    assert!(written.contains("\"url\": \"https://linkcon.example/event/1\""));
}

#[test]
fn hallway_json_refuses_an_unknown_link_kind() {
    let text = std::fs::read_to_string(fixture("hallway.json"))
        .unwrap()
        .replace("\"kind\": \"chat\"", "\"kind\": \"irc\"");
    let err = formats::load_str("x.json", &text, LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "x.json:17:17: sessions[0].links[1].kind: unknown link kind \"irc\" (expected one of: page, recording, stream, chat, feedback, slides, attachment, other)"
    );
}

fn hallway(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").expect("the hallway binary is built");
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2026-01-31T08:00:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn show_json_lists_links_and_show_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("frab.xml");
    let out = hallway(dir.path())
        .args(["show", "1", "--json", "-s"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["url"], "https://linkcon.example/event/1/");
    let links = doc["links"].as_array().unwrap();
    assert_eq!(links.len(), 9);
    assert_eq!(
        links[5],
        serde_json::json!({
            "kind": "chat",
            "title": "Chat room(web)",
            "url": "https://chat.linkcon.example/#/room/#janson:linkcon.example"
        })
    );
    assert_eq!(
        hallway(dir.path())
            .args(["show", "2", "--json", "-s"])
            .arg(&file)
            .output()
            .map(
                |o| serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["links"]
                    .clone()
            )
            .unwrap(),
        serde_json::json!([])
    );

    let out = hallway(dir.path())
        .args(["show", "1", "-s"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  url        https://linkcon.example/event/1/\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  links      feedback   Submit Feedback  https://pretalx.linkcon.example/talk/1/feedback/\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "             chat       Chat room(app)  https://matrix.to/#/#janson:linkcon.example\n"
        ),
        "{text}"
    );
    assert!(!text.contains("javascript"), "{text}");
}

#[test]
fn the_trip_report_links_the_recording_and_the_calendar_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("hallway.json");
    hallway(dir.path())
        .args(["star", "1", "2", "-s"])
        .arg(&file)
        .assert()
        .success();
    let out = hallway(dir.path())
        .env("HALLWAY_NOW", "2026-01-31T18:00:00+01:00")
        .args(["export", "--format", "markdown", "-s"])
        .arg(&file)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let watch = md.split("## To watch later").nth(1).expect(&md);
    assert!(
        watch.contains("- Linked talk: <https://video.linkcon.example/1.webm>\n"),
        "the recording, not the page\n{md}"
    );
    assert!(
        watch.contains("- Page only: <https://linkcon.example/event/2>\n"),
        "no recording: the page\n{md}"
    );

    let out = hallway(dir.path())
        .args(["export", "--format", "ics", "-s"])
        .arg(&file)
        .output()
        .unwrap();
    let ics = String::from_utf8(out.stdout).unwrap();
    assert!(
        ics.contains("URL:https://linkcon.example/event/1\r\n"),
        "{ics}"
    );
    assert!(!ics.contains("URL:https://video"), "{ics}");
}
