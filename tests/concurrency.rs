//! Several hallway processes on one agenda, and processes killed in the middle of saving.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn hallway(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hallway"));
    cmd.env("HALLWAY_DATA_DIR", data)
        .env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00")
        .env_remove("HALLWAY_SCHEDULE")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Ids of the demo's sessions, from the CLI.
fn demo_ids(data: &Path) -> Vec<String> {
    let out = hallway(data, &["list", "--json"])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn stars(data: &Path) -> Vec<String> {
    let out = hallway(data, &["agenda", "--json"])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn processes_starring_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ids = demo_ids(dir.path());
    // Eight processes, each starring its own ten sessions one at a time, all at once.
    let mut children: Vec<Child> = Vec::new();
    for p in 0..8 {
        let mine: Vec<String> = ids.iter().skip(p * 10).take(10).cloned().collect();
        let script = mine
            .iter()
            .map(|id| format!("\"$0\" star {id} || exit 1"))
            .collect::<Vec<_>>()
            .join("; ");
        let child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_hallway"))
            .env("HALLWAY_DATA_DIR", dir.path())
            .env_remove("HALLWAY_SCHEDULE")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        children.push(child);
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mut got = stars(dir.path());
    got.sort();
    let mut want: Vec<String> = ids.iter().take(80).cloned().collect();
    want.sort();
    assert_eq!(got, want, "every star of every process");
}

#[test]
fn a_process_killed_while_saving_always_leaves_a_readable_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let ids = demo_ids(dir.path());
    // How long one such process takes, so that the kills land all along its life, saves included.
    let started = std::time::Instant::now();
    let mut args = vec!["star"];
    args.extend(ids.iter().take(60).map(String::as_str));
    assert!(hallway(dir.path(), &args).status().unwrap().success());
    let life = started.elapsed().as_micros() as u64;
    let mut kept = 0;
    for round in 0..40u64 {
        // Star (or unstar) a lot at once, and kill the process at a different moment each round.
        let verb = if round % 2 == 0 { "star" } else { "unstar" };
        let chunk: Vec<&str> = ids
            .iter()
            .skip((round as usize * 7) % 200)
            .take(60)
            .map(String::as_str)
            .collect();
        let mut args = vec![verb];
        args.extend(chunk);
        let mut child = hallway(dir.path(), &args).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(life * (round % 20 + 1) / 16));
        let _ = Command::new("kill")
            .args(["-KILL", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if status.success() {
            kept += 1;
        }
        // Whatever the moment, the agenda reads back (or was never written).
        let agendas = dir.path().join("agendas");
        let file = agendas.exists().then(|| agenda_file(dir.path()));
        if let Some(file) = file {
            let text = std::fs::read_to_string(&file).unwrap();
            let parsed: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("round {round}: {e}\n{text}"));
            assert_eq!(parsed["hallway_agenda"], 1);
        }
        stars(dir.path());
    }
    eprintln!("{kept} of 40 processes finished before the kill");
    // Whatever the kills left beside the agenda, the next save removes it.
    let id = demo_ids(dir.path()).remove(0);
    assert!(
        hallway(dir.path(), &["star", &id])
            .status()
            .unwrap()
            .success()
    );
    let agenda = agenda_file(dir.path());
    let name = agenda.file_name().unwrap().to_str().unwrap().to_string();
    let leftovers: Vec<String> = std::fs::read_dir(agenda.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_str().unwrap().to_string())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
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

#[test]
fn twenty_appends_at_once_keep_all_twenty() {
    let dir = tempfile::tempdir().unwrap();
    let ids = demo_ids(dir.path());
    let id = &ids[0];
    let children: Vec<Child> = (0..20)
        .map(|n| {
            hallway(dir.path(), &["note", id, "--append", &format!("line {n}")])
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = hallway(dir.path(), &["note", id])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    let mut want: Vec<String> = (0..20).map(|n| format!("line {n}")).collect();
    want.sort();
    assert_eq!(lines, want);
}

/// Holds the agenda's lock as `flock` on its `.lock` file would.
fn hold_lock(data: &Path) -> std::fs::File {
    let lock = {
        let mut p = agenda_file(data).into_os_string();
        p.push(".lock");
        std::path::PathBuf::from(p)
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock)
        .unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_held_lock_makes_the_cli_wait_with_a_message_then_give_up_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let ids = demo_ids(dir.path());
    assert!(
        hallway(dir.path(), &["star", &ids[0]])
            .status()
            .unwrap()
            .success()
    );
    let before = std::fs::read(agenda_file(dir.path())).unwrap();
    let held = hold_lock(dir.path());
    let started = std::time::Instant::now();
    let out = hallway(dir.path(), &["star", &ids[1]]).output().unwrap();
    let waited = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        waited >= Duration::from_secs(10) && waited < Duration::from_secs(20),
        "{waited:?}"
    );
    assert_eq!(
        stderr
            .matches("another hallway is saving this agenda")
            .count(),
        2,
        "once waiting, once giving up: {stderr}"
    );
    assert!(stderr.contains("nothing was saved"), "{stderr}");
    assert_eq!(std::fs::read(agenda_file(dir.path())).unwrap(), before);
    // Released while a save waits: the save goes through.
    let child = hallway(dir.path(), &["star", &ids[1]]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(stars(dir.path()).contains(&ids[1]));
}
