//! The config file (`HALLWAY_CONFIG`): errors with file, line and key (exit 2, before anything
//! starts), the template, and each default reaching where it is used, with flags and
//! environment variables beating the file and the file beating the built-in default.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A data directory and a config file in a temporary folder.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(config: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        Setup { dir }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("hallway").unwrap();
        cmd.env("HALLWAY_DATA_DIR", self.dir.path().join("data"))
            .env("HALLWAY_CONFIG", self.config())
            .env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00")
            .env("USER", "login")
            .env_remove("HALLWAY_SCHEDULE")
            .env_remove("HALLWAY_TEAM_DIR")
            .env_remove("HALLWAY_REMIND")
            .env_remove("HALLWAY_REFRESH_EVERY")
            .env_remove("USERNAME")
            .env_remove("LOGNAME");
        cmd
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn stderr(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success();
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    }

    /// The error of a command refused for a broken config: exit 2, one line.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(out.get_output().stdout.is_empty());
        err
    }
}

fn when_line(show: &str) -> &str {
    show.lines()
        .find(|l| l.trim_start().starts_with("when"))
        .unwrap()
}

#[test]
fn a_broken_config_stops_every_command_naming_file_line_and_key() {
    let cases = [
        // Not TOML.
        ("[reminders]\nminutes = 5\nbell = tru\n", ":3:8: ", ""),
        // A typo in a key: unknown keys are errors, never ignored.
        (
            "[reminders]\n\nbel = false\n",
            ":3:1: ",
            "reminders.bel: unknown field `bel`",
        ),
        // A wrong type.
        (
            "[reminders]\nminutes = \"five\"\n",
            ":2:11: ",
            "reminders.minutes: ",
        ),
        // A key bound twice.
        (
            "[keys]\nstar = \"S\"\nhide_session = [\"x\", \"S\"]\n",
            ":3:16: ",
            "keys.hide_session: \"S\" is bound twice in browse mode: to star and to hide_session",
        ),
        // An action that is not in the key table.
        (
            "[keys]\nfly = \"f\"\n",
            ":2:7: ",
            "keys.fly: unknown action \"fly\"",
        ),
        // A zone that is not one.
        (
            "[display]\ntz = \"Mars/Olympus\"\n",
            ":2:6: ",
            "display.tz: ",
        ),
    ];
    for (text, place, what) in cases {
        let s = Setup::new(text);
        let file = s.config().display().to_string();
        for args in [&["list"][..], &["share", "--link"], &[]] {
            let err = s.refused(args);
            assert!(
                err.starts_with(&format!("hallway: error: config file {file}{place}{what}")),
                "{args:?} with {text:?}:\n{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        // `hallway config` says the same; --path and --default still work.
        assert!(s.refused(&["config"]).contains(place));
        s.cmd().args(["config", "--path"]).assert().success();
        s.cmd().args(["config", "--default"]).assert().success();
    }
}

#[test]
fn a_config_named_by_hallway_config_must_exist() {
    let s = Setup::new("");
    let missing = s.dir.path().join("nope.toml");
    let err = s
        .cmd()
        .env("HALLWAY_CONFIG", &missing)
        .arg("list")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains(&format!("config file {}: no such file", missing.display())),
        "{err}"
    );
}

#[test]
fn the_template_is_a_good_config_with_every_key() {
    let s = Setup::new("");
    let template = s.stdout(&["config", "--default"]);
    for key in [
        "[display]",
        "tz = ",
        "[reminders]",
        "# enabled = true",
        "# minutes = 2",
        "# bell = true",
        "# notify = false",
        "[refresh]",
        "every = ",
        "[team]",
        "dir = ",
        "name = ",
        "[theme]",
        "# base = \"dark\"",
        "# star = \"yellow\"",
        "[keys]",
        "# star = [\"s\"]",
        "# notes_timestamp = [\"Ctrl-t\"]",
    ] {
        assert!(template.contains(key), "{key} is in the template");
    }
    std::fs::write(s.config(), &template).unwrap();
    let said = s.stdout(&["config"]);
    assert_eq!(
        said,
        format!("{}: good (no keys rebound)\n", s.config().display())
    );
    // The template changes nothing.
    let plain = Setup::new("");
    assert_eq!(
        s.stdout(&["list", "--day", "2"]),
        plain.stdout(&["list", "--day", "2"])
    );
}

#[test]
fn config_path_follows_hallway_config() {
    let s = Setup::new("");
    assert_eq!(
        s.stdout(&["config", "--path"]),
        format!("{}\n", s.config().display())
    );
    // Without it: the platform's config directory.
    let out = s
        .cmd()
        .env_remove("HALLWAY_CONFIG")
        .env("HOME", s.dir.path())
        .env("XDG_CONFIG_HOME", s.dir.path().join("xdg"))
        .args(["config", "--path"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let path = PathBuf::from(String::from_utf8(out).unwrap().trim());
    assert!(path.ends_with("config.toml"), "{}", path.display());
    if cfg!(target_os = "linux") {
        assert_eq!(path, s.dir.path().join("xdg/hallway/config.toml"));
    }
    // No file there: the defaults, and how to start one.
    let said = s
        .cmd()
        .env_remove("HALLWAY_CONFIG")
        .env("HOME", s.dir.path())
        .env("XDG_CONFIG_HOME", s.dir.path().join("xdg"))
        .arg("config")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let said = String::from_utf8(said).unwrap();
    assert!(
        said.contains("no config file; the built-in defaults apply"),
        "{said}"
    );
    assert!(said.contains("hallway config --default > "), "{said}");
    // The folder does not exist yet: the command makes it first, or `>` fails.
    let folder = s.dir.path().join("xdg/hallway");
    assert!(
        said.contains(&format!("mkdir -p {} && ", folder.display())),
        "{said}"
    );
}

#[test]
fn the_display_zone_flag_beats_the_remembered_zone_beats_the_file() {
    let s = Setup::new("[display]\ntz = \"Asia/Tokyo\"\n");
    // The file beats the venue's zone (Paris, 11:55).
    let show = s.stdout(&["show", "kc24-0121"]);
    assert!(when_line(&show).ends_with("19:55–20:30"), "{show}");
    // --tz beats the file.
    let show = s.stdout(&["--tz", "America/New_York", "show", "kc24-0121"]);
    assert!(when_line(&show).ends_with("06:55–07:30"), "{show}");
    // A zone remembered for a schedule file (from a --tz given for it) beats the file too.
    let file = s.dir.path().join("kc.json");
    s.cmd()
        .args(["convert", "demo", "-o"])
        .arg(&file)
        .assert()
        .success();
    let f = file.to_str().unwrap();
    s.cmd()
        .args(["-s", f, "--tz", "UTC", "check"])
        .assert()
        .success();
    let show = s.stdout(&["-s", f, "show", "kc24-0121"]);
    assert!(when_line(&show).ends_with("10:55–11:30"), "{show}");
    // Without the file: the venue's.
    let plain = Setup::new("");
    let show = plain.stdout(&["show", "kc24-0121"]);
    assert!(when_line(&show).ends_with("11:55–12:30"), "{show}");
}

#[test]
fn the_team_folder_flag_beats_the_environment_beats_the_file() {
    let s = Setup::new("[team]\ndir = \"from-file\"\n");
    let team_dir = |out: &str| -> String {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        v["team_dir"].as_str().unwrap().to_string()
    };
    // A relative folder is read from the config file's folder.
    let out = s.stdout(&["team", "list", "--json"]);
    assert_eq!(
        Path::new(&team_dir(&out)),
        s.dir.path().join("from-file"),
        "{out}"
    );
    let out = s
        .cmd()
        .env("HALLWAY_TEAM_DIR", "/from-env")
        .args(["team", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(team_dir(&String::from_utf8(out).unwrap()), "/from-env");
    let out = s
        .cmd()
        .env("HALLWAY_TEAM_DIR", "/from-env")
        .args(["--team-dir", "/from-flag", "team", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(team_dir(&String::from_utf8(out).unwrap()), "/from-flag");
    // `share --to-team` writes into the file's folder.
    std::fs::create_dir(s.dir.path().join("from-file")).unwrap();
    s.cmd().args(["star", "kc24-0121"]).assert().success();
    s.cmd()
        .args(["share", "--to-team", "--name", "ana"])
        .assert()
        .success();
    assert!(
        s.dir
            .path()
            .join("from-file/ana.hallway-share.json")
            .is_file()
    );
}

#[test]
fn the_name_flag_beats_the_file_beats_the_remembered_name_beats_the_login() {
    let plain = Setup::new("");
    // The login name, then the name given last.
    assert!(plain.stderr(&["share", "--link"]).contains(" as login;"));
    plain.stderr(&["share", "--link", "--name", "bo"]);
    assert!(plain.stderr(&["share", "--link"]).contains(" as bo;"));
    // The file's name beats the remembered one.
    std::fs::write(plain.config(), "[team]\nname = \"ana\"\n").unwrap();
    assert!(plain.stderr(&["share", "--link"]).contains(" as ana;"));
    // --name beats the file, and says the file's name is used without it.
    let err = plain.stderr(&["share", "--link", "--name", "cy"]);
    assert!(err.contains(" as cy;"), "{err}");
    assert!(
        err.contains("your config file's name, ana, is the one used without --name"),
        "{err}"
    );
    assert!(plain.stderr(&["share", "--link"]).contains(" as ana;"));
    // The team coverage calls you by it.
    let out = plain.stdout(&["team", "coverage", "--json"]);
    assert!(out.contains("\"ana\""), "{out}");
}

#[test]
fn a_bad_name_or_team_folder_in_the_file_is_refused() {
    let s = Setup::new("[team]\nname = \"../x\"\n");
    let err = s.refused(&["agenda"]);
    assert!(err.contains(":2:8: team.name: "), "{err}");
}

#[test]
fn help_and_manpage_and_completions_know_the_config_command() {
    let s = Setup::new("not toml at all [");
    let man = s.stdout(&["manpage"]);
    assert!(man.contains("hallway config"), "the man page lists it");
    assert!(man.contains("\\-\\-default"), "with its options");
    let bash = s.stdout(&["completions", "bash"]);
    assert!(bash.contains("config"), "completions offer it");
    let help = s.stdout(&["--help"]);
    assert!(help.contains("config"), "{help}");
}

#[test]
fn config_says_which_actions_a_rebinding_left_without_a_key() {
    let s = Setup::new("[keys]\nstar = \"x\"\n");
    let said = s.stdout(&["config"]);
    assert_eq!(
        said,
        format!(
            "{}: good (1 action rebound)\nwithout a key now: hide_session (give them one under [keys] if you want them)\n",
            s.config().display()
        )
    );
}
