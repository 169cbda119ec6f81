//! The store's promises: merged, atomic, locked saves; refused files left untouched.

use super::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn store(dir: &Path) -> AgendaStore {
    AgendaStore::new(DataDir::new(dir).agenda_path("conf"), "conf")
}

#[test]
fn a_missing_agenda_is_empty_and_changes_are_saved_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    assert_eq!(s.load().unwrap(), Agenda::new("conf"));
    s.apply(&[Change::Star("a".into())]).unwrap();
    let again = store(dir.path()).load().unwrap();
    assert!(again.is_starred("a"));
}

#[cfg(unix)]
#[test]
fn agendas_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[Change::Star("a".into())]).unwrap();
    let mode = fs::metadata(s.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn changes_merge_with_what_another_process_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mine = store(dir.path());
    let theirs = store(dir.path());
    let seen_by_me = mine.apply(&[Change::Star("a".into())]).unwrap();
    theirs.apply(&[Change::Star("b".into())]).unwrap();
    assert!(!seen_by_me.is_starred("b"));
    let after = mine.apply(&[Change::Star("c".into())]).unwrap();
    assert_eq!(
        after.stars.iter().map(String::as_str).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
}

#[test]
fn corrupt_newer_and_foreign_agendas_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    fs::create_dir_all(s.path().parent().unwrap()).unwrap();
    let cases: [(&[u8], &str); 5] = [
        (
            b"{\n  \"hallway_agenda\": 1,\n  \"conference\": \"conf\",\n  \"stars\": [\"a\",\n",
            "EOF while parsing",
        ),
        (
            b"{\"hallway_agenda\": 9, \"conference\": \"conf\", \"future\": {}}",
            "newer hallway (format 9",
        ),
        // A newer format that this one cannot even read is still named as newer.
        (
            b"{\"hallway_agenda\": 9, \"conference\": \"conf\", \"stars\": {\"a\": 1}}",
            "newer hallway (format 9",
        ),
        (
            b"{\"hallway_agenda\": 1, \"conference\": \"other\"}",
            "belongs to conference \"other\"",
        ),
        (b"\xff\xfe", "not UTF-8"),
    ];
    for (bytes, expect) in cases {
        fs::write(s.path(), bytes).unwrap();
        let err = s.apply(&[Change::Star("x".into())]).unwrap_err();
        assert!(err.is_bad_input());
        let msg = err.to_string();
        assert!(msg.contains(expect), "{msg}");
        assert!(msg.contains("left untouched"), "{msg}");
        assert_eq!(
            fs::read(s.path()).unwrap(),
            bytes,
            "file must be byte for byte as it was"
        );
    }
}

#[test]
fn corrupt_errors_name_line_and_column() {
    let err = parse(
        Path::new("a.json"),
        b"{\n  \"hallway_agenda\": 1,\n  \"stars\": [1]\n}",
        "conf",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("a.json:3:13: the agenda is not valid (invalid type: integer `1`"),
        "{err}"
    );
}

#[test]
fn stars_on_sessions_the_schedule_lost_are_kept() {
    // The store knows nothing of schedules: it must never prune ids.
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[Change::Star("gone-from-schedule".into())])
        .unwrap();
    s.apply(&[Change::Star("other".into())]).unwrap();
    assert!(s.load().unwrap().is_starred("gone-from-schedule"));
}

#[test]
fn the_last_schedule_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let d = DataDir::new(dir.path());
    assert_eq!(d.last_schedule(), None);
    d.set_last_schedule(Some(Path::new("/x/y.json"))).unwrap();
    assert_eq!(d.last_schedule(), Some(PathBuf::from("/x/y.json")));
    d.set_last_schedule(None).unwrap();
    assert_eq!(d.last_schedule(), None);
}

fn star(id: &str) -> Change {
    Change::Star(id.into())
}

#[test]
fn a_held_lock_makes_a_save_wait_then_give_up_having_changed_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[star("a")]).unwrap();
    let before = fs::read(s.path()).unwrap();
    let held = lock::acquire(&lock::path_for(s.path()), Duration::ZERO, None).unwrap();
    let told = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&told);
    let waiting = s
        .clone()
        .with_lock_timeout(Duration::from_millis(300))
        .on_lock_wait(move |_| *counter.lock().unwrap() += 1);
    let started = std::time::Instant::now();
    let err = waiting.apply(&[star("b")]).unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(err.is_busy() && !err.is_bad_input(), "{err}");
    assert!(
        err.to_string().contains("another hallway is saving"),
        "{err}"
    );
    assert_eq!(*told.lock().unwrap(), 1, "told once that it waits");
    // Without waiting at all:
    let started = std::time::Instant::now();
    assert!(s.try_apply(&[star("b")]).unwrap_err().is_busy());
    assert!(started.elapsed() < Duration::from_millis(100));
    assert_eq!(fs::read(s.path()).unwrap(), before);
    drop(held);
    assert!(s.try_apply(&[star("b")]).unwrap().is_starred("b"));
}

#[test]
fn a_lock_released_during_the_wait_lets_the_save_through() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let held = lock::acquire(&lock::path_for(s.path()), Duration::ZERO, None).unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        drop(held);
    });
    assert!(s.apply(&[star("a")]).unwrap().is_starred("a"));
    releaser.join().unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlinked_agenda_stays_a_link_and_its_target_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("synced");
    fs::create_dir_all(&elsewhere).unwrap();
    let target = elsewhere.join("real.json");
    let s = store(dir.path());
    fs::create_dir_all(s.path().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("../synced/real.json", s.path()).unwrap();
    s.apply(&[star("a")]).unwrap();
    s.apply(&[star("b")]).unwrap();
    assert!(
        fs::symlink_metadata(s.path())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let real = parse(&target, &fs::read(&target).unwrap(), "conf").unwrap();
    assert!(real.is_starred("a") && real.is_starred("b"));
    // The lock is the target's, so a process using the real path directly shares it.
    assert!(lock::path_for(&target).exists());
    assert!(!lock::path_for(s.path()).exists());
}

#[test]
fn temporary_files_left_by_a_killed_save_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[star("a")]).unwrap();
    let agendas = s.path().parent().unwrap();
    let stale = agendas.join(".conf.json.Ab12Cd");
    let unrelated = agendas.join(".other.json.Ab12Cd");
    fs::write(&stale, "half a save").unwrap();
    fs::write(&unrelated, "not ours").unwrap();
    s.apply(&[star("b")]).unwrap();
    assert!(!stale.exists());
    assert!(unrelated.exists(), "only this agenda's leftovers go");
}

#[test]
fn an_agenda_deleted_while_held_is_written_back_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[star("a"), star("b")]).unwrap();
    fs::remove_file(s.path()).unwrap();
    // What this process shows after the file vanished: what it held.
    assert!(s.load().unwrap().is_starred("a"));
    let after = s.apply(&[star("c")]).unwrap();
    assert_eq!(after.stars.len(), 3);
    let on_disk = store(dir.path()).load().unwrap();
    assert_eq!(on_disk.stars.len(), 3);
    // A process that never held it starts empty.
    fs::remove_file(s.path()).unwrap();
    assert!(store(dir.path()).load().unwrap().stars.is_empty());
}

#[test]
fn unknown_fields_are_kept_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    fs::create_dir_all(s.path().parent().unwrap()).unwrap();
    fs::write(
        s.path(),
        r#"{"hallway_agenda": 1, "conference": "conf", "reminders": {"a": "10m"}}"#,
    )
    .unwrap();
    s.apply(&[star("a")]).unwrap();
    let back: serde_json::Value = serde_json::from_slice(&fs::read(s.path()).unwrap()).unwrap();
    assert_eq!(back["reminders"]["a"], "10m");
    assert_eq!(back["stars"][0], "a");
}

#[test]
fn a_rating_out_of_range_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    fs::create_dir_all(s.path().parent().unwrap()).unwrap();
    let bytes = br#"{"hallway_agenda": 1, "conference": "conf", "ratings": {"x": 7}}"#;
    fs::write(s.path(), bytes).unwrap();
    let err = s.apply(&[star("a")]).unwrap_err();
    assert!(err.is_bad_input());
    assert!(err.to_string().contains("a rating is 1 to 5"), "{err}");
    assert_eq!(fs::read(s.path()).unwrap(), bytes);
}

#[test]
fn io_errors_name_the_path_and_say_the_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    // The data directory is a file: the agendas folder cannot be made.
    let blocker = dir.path().join("data");
    fs::write(&blocker, "").unwrap();
    let s = store(&blocker);
    let err = anyhow::Error::from(s.apply(&[star("a")]).unwrap_err());
    let shown = format!("{err:#}");
    assert!(
        shown.starts_with(&blocker.join("agendas").display().to_string()),
        "{shown}"
    );
    assert_eq!(shown.matches("Not a directory").count(), 1, "{shown}");
}

#[test]
fn recovery_files_are_private_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let now = chrono::DateTime::parse_from_rfc3339("2024-03-20T10:00:00Z")
        .unwrap()
        .to_utc();
    let first = s.write_recovery("kc/24 0042", "typed", now).unwrap();
    let second = s.write_recovery("kc/24 0042", "typed again", now).unwrap();
    assert_ne!(first, second);
    assert_eq!(first.parent(), s.path().parent());
    assert!(
        first
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("conf.recovered-kc_24_0042-20240320T100000Z"),
        "{first:?}"
    );
    assert_eq!(fs::read_to_string(&first).unwrap(), "typed\n");
    assert_eq!(fs::read_to_string(&second).unwrap(), "typed again\n");
}

#[test]
fn two_schedules_with_one_id_get_two_agendas_and_updates_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let one = crate::schedule::tests::fixture();
    let mut other = one.clone();
    other.conference.start_date = crate::schedule::tests::date("2024-09-20");
    let a = data.agenda_store(&one).unwrap();
    let b = data.agenda_store(&other).unwrap();
    assert_ne!(a.path(), b.path());
    a.apply(&[star("libc")]).unwrap();
    assert!(b.load().unwrap().stars.is_empty());
    // A new version of the first schedule (another session, a title typo fixed elsewhere) finds
    // its agenda again.
    let again = data.agenda_store(&one).unwrap();
    assert_eq!(again.path(), a.path());
}

#[test]
fn an_agenda_saved_under_the_id_alone_is_adopted_by_its_schedule_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let schedule = crate::schedule::tests::fixture();
    let legacy = data.agenda_path("testcon-2024");
    fs::create_dir_all(legacy.parent().unwrap()).unwrap();
    // Stars of sessions this schedule does not have: another schedule's agenda.
    fs::write(
        &legacy,
        r#"{"hallway_agenda": 1, "conference": "testcon-2024", "stars": ["elsewhere"]}"#,
    )
    .unwrap();
    let s = data.agenda_store(&schedule).unwrap();
    assert!(legacy.exists() && !s.path().exists());
    // Stars of this schedule's sessions: adopted (moved to the new name).
    fs::write(
        &legacy,
        r#"{"hallway_agenda": 1, "conference": "testcon-2024", "stars": ["libc"]}"#,
    )
    .unwrap();
    let s = data.agenda_store(&schedule).unwrap();
    assert!(!legacy.exists());
    assert!(s.load().unwrap().is_starred("libc"));
}

fn ids(list: &[&str]) -> crate::plan::agenda::KnownIds {
    Arc::new(list.iter().map(|s| (*s).to_string()).collect())
}

fn known_path(s: &AgendaStore) -> PathBuf {
    known::path_for(s.path())
}

/// The baseline of known ids is in a file of its own, written with the first star that
/// records it and not again on later stars; the agenda says it is there.
#[test]
fn the_known_ids_live_apart_and_a_star_does_not_rewrite_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[star("a"), Change::KnowSessions(ids(&["a", "b", "c"]))])
        .unwrap();
    let agenda_text = fs::read_to_string(s.path()).unwrap();
    assert!(!agenda_text.contains("known_sessions\""), "{agenda_text}");
    assert!(agenda_text.contains("\"known_sessions_apart\": true"));
    let known = fs::read_to_string(known_path(&s)).unwrap();
    assert_eq!(
        known,
        "{\"hallway_known_sessions\":1,\"conference\":\"conf\",\"ids\":[\"a\",\"b\",\"c\"]}\n"
    );
    let written = fs::metadata(known_path(&s)).unwrap();
    let after = s.apply(&[star("b")]).unwrap();
    assert_eq!(after.known_sessions, Some(ids(&["a", "b", "c"])));
    let again = fs::metadata(known_path(&s)).unwrap();
    assert_eq!(
        (written.modified().unwrap(), written.len()),
        (again.modified().unwrap(), again.len()),
        "a star leaves the baseline's file alone"
    );
    // Another process reads both.
    let fresh = store(dir.path()).load().unwrap();
    assert_eq!(fresh.known_sessions, Some(ids(&["a", "b", "c"])));
    assert!(fresh.is_starred("a") && fresh.is_starred("b"));
    assert!(
        fresh.extra.is_empty(),
        "the marker is the store's, not the agenda's"
    );
}

/// An agenda of the older format (ids inline) loads with everything, and its next save moves
/// the ids into their own file, losing nothing.
#[test]
fn an_agenda_with_inline_known_ids_is_migrated_by_its_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    fs::create_dir_all(s.path().parent().unwrap()).unwrap();
    let old = r#"{
  "hallway_agenda": 1,
  "conference": "conf",
  "stars": ["a"],
  "hidden_sessions": [],
  "hidden_tracks": [],
  "notes": {},
  "ratings": {},
  "attended": [],
  "known_sessions": ["a", "b", "c"],
  "future": 7
}
"#;
    fs::write(s.path(), old).unwrap();
    let loaded = s.load().unwrap();
    assert_eq!(loaded.known_sessions, Some(ids(&["a", "b", "c"])));
    assert!(!known_path(&s).exists(), "loading writes nothing");
    s.apply(&[star("b")]).unwrap();
    assert!(known_path(&s).exists());
    let text = fs::read_to_string(s.path()).unwrap();
    assert!(!text.contains("known_sessions\""), "{text}");
    assert!(
        text.contains("\"future\": 7"),
        "unknown fields kept: {text}"
    );
    let fresh = store(dir.path()).load().unwrap();
    assert_eq!(fresh.known_sessions, Some(ids(&["a", "b", "c"])));
    assert_eq!(fresh.stars.len(), 2);
    // A hallway of the older format writing the list inline again wins over the file.
    let older = fs::read_to_string(s.path())
        .unwrap()
        .replace("\"stars\"", "\"known_sessions\": [\"a\"],\n  \"stars\"");
    fs::write(s.path(), older).unwrap();
    assert_eq!(
        store(dir.path()).load().unwrap().known_sessions,
        Some(ids(&["a"]))
    );
}

/// A baseline file that does not read, is newer or is another conference's is refused and
/// never written over, and the agenda is not saved either.
#[test]
fn a_bad_known_ids_file_is_refused_untouched() {
    for (bad, says) in [
        (
            "{\"hallway_known_sessions\":1,\"conference\":\"conf\",\"ids\":[",
            "EOF",
        ),
        (
            "{\"hallway_known_sessions\":7,\"conference\":\"conf\",\"x\":1}",
            "newer",
        ),
        (
            "{\"hallway_known_sessions\":1,\"conference\":\"other\",\"ids\":[]}",
            "other",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        s.apply(&[star("a"), Change::KnowSessions(ids(&["a"]))])
            .unwrap();
        fs::write(known_path(&s), bad).unwrap();
        let agenda_before = fs::read(s.path()).unwrap();
        let e = store(dir.path()).apply(&[star("b")]).unwrap_err();
        assert!(e.is_bad_input(), "{e}");
        let message = e.to_string();
        assert!(message.contains("conf.known"), "{message}");
        assert!(message.contains(says), "{message}");
        assert_eq!(fs::read_to_string(known_path(&s)).unwrap(), bad);
        assert_eq!(fs::read(s.path()).unwrap(), agenda_before);
    }
}

/// Another process that replaces the baseline (an acknowledgement) is seen by the next save,
/// though this one read it before.
#[test]
fn a_baseline_replaced_elsewhere_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let mine = store(dir.path());
    let theirs = store(dir.path());
    mine.apply(&[star("a"), Change::KnowSessions(ids(&["a"]))])
        .unwrap();
    let ack = crate::plan::agenda::Acknowledgement {
        seen: std::collections::BTreeMap::new(),
        gone: std::collections::BTreeSet::new(),
        known: crate::plan::agenda::Known::All(ids(&["a", "b"])),
    };
    theirs.apply(&[Change::Acknowledge(Box::new(ack))]).unwrap();
    let after = mine.apply(&[star("c")]).unwrap();
    assert_eq!(after.known_sessions, Some(ids(&["a", "b"])));
}

/// Deleted while this process holds the agenda, the baseline is written back with the next
/// save, like the agenda.
#[test]
fn a_baseline_deleted_while_held_is_written_back() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.apply(&[star("a"), Change::KnowSessions(ids(&["a", "b"]))])
        .unwrap();
    fs::remove_file(known_path(&s)).unwrap();
    s.apply(&[star("b")]).unwrap();
    assert_eq!(
        store(dir.path()).load().unwrap().known_sessions,
        Some(ids(&["a", "b"]))
    );
}
