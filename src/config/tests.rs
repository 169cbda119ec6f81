use std::path::Path;
use std::time::Duration;

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(
        text,
        "config.toml",
        Paths {
            folder: Some(Path::new("/conf")),
            home: Some(Path::new("/home/ana")),
        },
    )
}

fn error(text: &str) -> ConfigError {
    parse(text).expect_err("the config should be refused")
}

#[test]
fn an_empty_file_is_the_defaults() {
    let config = parse("").unwrap();
    assert_eq!(
        Config {
            file: None,
            ..config
        },
        Config::default()
    );
    assert_eq!(Config::default().reminders.minutes, 2);
    assert!(Config::default().reminders.bell);
    assert!(!Config::default().reminders.notify);
    assert_eq!(Config::default().palette, Palette::DARK);
}

#[test]
fn every_key_is_read() {
    let config = parse(
        r##"
[display]
tz = "europe/paris"
[reminders]
enabled = false
minutes = 5
bell = false
notify = true
[refresh]
every = "30m"
[team]
dir = "~/team"
name = " ana "
[theme]
base = "light"
star = "Light-Yellow"
border = "#102030"
key = "208"
[keys]
star = "S"
move_down = ["j", "Ctrl-n"]
"##,
    )
    .unwrap();
    assert_eq!(config.tz.as_ref().unwrap().value, "europe/paris");
    assert_eq!(config.tz.as_ref().unwrap().at, At { line: 3, column: 6 });
    assert_eq!(
        config.reminders,
        Reminders {
            enabled: false,
            minutes: 5,
            bell: false,
            notify: true
        }
    );
    assert_eq!(config.refresh_every, Some(Duration::from_secs(1800)));
    assert_eq!(config.team_dir, Some(PathBuf::from("/home/ana/team")));
    assert_eq!(config.name.as_deref(), Some("ana"));
    assert_eq!(config.base, Base::Light);
    assert_eq!(
        config.palette,
        Palette {
            star: Colour::LightYellow,
            border: Colour::Rgb(0x10, 0x20, 0x30),
            key: Colour::Indexed(208),
            ..Palette::LIGHT
        }
    );
    // In the file's order, each with its line.
    assert_eq!(
        config.keys,
        vec![
            KeyBinding {
                action: "star".into(),
                keys: vec!["S".into()],
                at: At {
                    line: 20,
                    column: 8
                }
            },
            KeyBinding {
                action: "move_down".into(),
                keys: vec!["j".into(), "Ctrl-n".into()],
                at: At {
                    line: 21,
                    column: 13
                }
            },
        ]
    );
}

#[test]
fn a_relative_team_folder_is_read_from_the_config_folder() {
    let config = parse("[team]\ndir = \"team\"\n").unwrap();
    assert_eq!(config.team_dir, Some(PathBuf::from("/conf/team")));
    let config = parse("[team]\ndir = \"/srv/team\"\n").unwrap();
    assert_eq!(config.team_dir, Some(PathBuf::from("/srv/team")));
}

#[test]
fn a_syntax_error_names_the_line_and_column() {
    let e = error("[reminders]\nminutes = 5\nbell = tru\n");
    assert_eq!((e.line, e.column), (3, 8), "{e}");
    assert!(
        e.to_string().starts_with("config file config.toml:3:8: "),
        "{e}"
    );
    let e = error("[theme\nbase = \"dark\"\n");
    assert_eq!(e.line, 1, "{e}");
}

#[test]
fn an_unknown_key_is_an_error_naming_it() {
    // A typo in a key.
    let e = error("[reminders]\nminutes = 5\nbel = false\n");
    assert_eq!((e.line, e.column), (3, 1), "{e}");
    assert!(e.message.contains("unknown field `bel`"), "{e}");
    assert!(
        e.message.contains("`bell`"),
        "the valid keys are listed: {e}"
    );
    // A typo in a section.
    let e = error("[reminder]\nminutes = 5\n");
    assert_eq!(e.line, 1, "{e}");
    assert!(e.message.contains("unknown field `reminder`"), "{e}");
    // A key outside its section.
    let e = error("tz = \"Europe/Paris\"\n");
    assert!(e.message.contains("unknown field `tz`"), "{e}");
}

#[test]
fn a_wrong_type_names_the_key_and_its_line() {
    let e = error("[display]\n\n[reminders]\nminutes = \"five\"\n");
    assert_eq!(e.key, "reminders.minutes");
    assert_eq!((e.line, e.column), (4, 11), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "config file config.toml:4:11: reminders.minutes: {}",
            e.message
        )
    );
    assert!(
        e.message.contains("expected a whole number of minutes"),
        "{e}"
    );
    let e = error("[reminders]\nminutes = -1\n");
    assert_eq!(e.key, "reminders.minutes");
    assert!(
        e.message.contains("expected a whole number of minutes"),
        "{e}"
    );
    let e = error("[reminders]\nminutes = 2.5\n");
    assert_eq!(e.key, "reminders.minutes");
    let e = error("[reminders]\nbell = \"no\"\n");
    assert_eq!(e.key, "reminders.bell");
    let e = error("[keys]\nstar = 5\n");
    assert_eq!(e.key, "keys.star");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("a key such as"), "{e}");
    let e = error("[keys]\nstar = [\"s\", 5]\n");
    assert_eq!(e.line, 2, "{e}");
    assert!(e.key.starts_with("keys.star"), "{e}");
}

#[test]
fn bad_values_name_the_key_and_line() {
    let e = error("[theme]\nbase = \"sepia\"\n");
    assert_eq!((e.key.as_str(), e.line), ("theme.base", 2), "{e}");
    let e = error("[theme]\nstar = \"goldish\"\n");
    assert_eq!((e.key.as_str(), e.line), ("theme.star", 2), "{e}");
    assert!(e.message.contains("unknown colour \"goldish\""), "{e}");
    let e = error("[refresh]\nevery = \"10s\"\n");
    assert_eq!((e.key.as_str(), e.line, e.column), ("refresh.every", 2, 9));
    assert!(e.message.contains("at least a minute"), "{e}");
    let e = error("[team]\nname = \"-\"\n");
    assert_eq!((e.key.as_str(), e.line), ("team.name", 2), "{e}");
    let e = error("[team]\ndir = \"\"\n");
    assert_eq!((e.key.as_str(), e.line), ("team.dir", 2), "{e}");
}

#[test]
fn the_shell_reports_its_own_checks_at_the_line() {
    let config = parse("\n\n[keys]\nstar = \"Hyper-x\"\n").unwrap();
    let e = config.error_at(config.keys[0].at, "keys.star", "unknown key");
    assert_eq!(
        e.to_string(),
        "config file config.toml:4:8: keys.star: unknown key"
    );
}

#[test]
fn colours_read_and_print_back() {
    for text in [
        "yellow",
        "darkgray",
        "lightblue",
        "default",
        "7",
        "255",
        "#a0b1c2",
    ] {
        let c: Colour = text.parse().unwrap();
        assert_eq!(c.to_string(), text);
    }
    assert_eq!("Dark Grey".parse::<Colour>(), Ok(Colour::DarkGray));
    assert_eq!("light_red".parse::<Colour>(), Ok(Colour::LightRed));
    assert!("256".parse::<Colour>().is_err());
    assert!("#12345".parse::<Colour>().is_err());
}

#[test]
fn intervals() {
    assert_eq!(parse_interval("90s"), Ok(Duration::from_secs(90)));
    assert_eq!(parse_interval("2h"), Ok(Duration::from_secs(7200)));
    assert_eq!(parse_interval("5"), Ok(Duration::from_secs(300)));
    assert!(parse_interval("30s").is_err());
    assert!(parse_interval("3w").is_err());
    assert!(parse_interval("99999999999999999d").is_err());
}

fn actions() -> Vec<ActionDoc> {
    vec![
        ActionDoc {
            mode: "Browsing",
            name: "move_down",
            keys: vec!["j".into(), "Down".into()],
            help: "move down",
        },
        ActionDoc {
            mode: "Browsing",
            name: "search",
            keys: vec!["/".into(), "\"".into()],
            help: "search",
        },
    ]
}

/// The template's `# key = value` lines with the `# ` taken off.
pub fn uncommented(template: &str) -> String {
    template
        .lines()
        .map(|line| {
            let rest = line.strip_prefix("# ").unwrap_or("");
            let is_key = rest.split_once(" = ").is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if is_key { rest } else { line }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_template_parses_back_to_the_defaults() {
    let text = template(&actions());
    let as_is = parse(&text).unwrap();
    assert_eq!(
        Config {
            file: None,
            ..as_is
        },
        Config::default()
    );
    // Every default it shows is the default.
    let open = uncommented(&text);
    assert!(open.contains("\nminutes = 2"), "{open}");
    assert!(open.contains("\nstar = \"yellow\""), "{open}");
    let config = parse(&open).unwrap();
    assert_eq!(
        Config {
            file: None,
            keys: Vec::new(),
            ..config.clone()
        },
        Config::default()
    );
    assert_eq!(config.keys.len(), 2);
    assert_eq!(config.keys[1].keys, ["/", "\""]);
}
