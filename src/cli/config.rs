//! The config file as the shells use it: where it is (`HALLWAY_CONFIG`, else the platform's
//! config directory), read and checked whole before any command or the interface starts (the
//! zone names and the `[keys]` the core leaves to the shell included), and `hallway config`.
//!
//! A broken file stops everything with exit 2, naming the file, line and key: the interface
//! never starts half-configured. Only `config --default`, `config --path`, `completions` and
//! `manpage` run without reading it, so a broken file can be looked at and replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono_tz::Tz;

use crate::config::{ActionDoc, Config, ConfigError, Paths};
use crate::tui::keymap::{KeyError, Keymap, TABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a commented template with every key and its default (`hallway config --default >
    /// "$(hallway config --path)"` starts a config file).
    #[arg(long = "default")]
    pub template: bool,
    /// Print only where the config file is read from.
    #[arg(long, conflicts_with = "template")]
    pub path: bool,
}

/// The config, checked, with what the shells build from it.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub config: Config,
    /// `[display] tz`, read as `--tz` reads zones.
    pub tz: Option<Tz>,
    /// The key table with `[keys]` applied.
    pub keymap: Keymap,
}

/// Where the config file is read from, and whether `HALLWAY_CONFIG` named it.
pub fn location() -> anyhow::Result<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("HALLWAY_CONFIG").filter(|p| !p.is_empty()) {
        return Ok((PathBuf::from(path), true));
    }
    directories::ProjectDirs::from("", "", "hallway")
        .map(|d| (d.config_dir().join("config.toml"), false))
        .context("cannot find a home directory for hallway's config file; set HALLWAY_CONFIG")
}

/// Reads and checks the config file: the defaults when there is none at the usual place; an
/// error (exit 2) when `HALLWAY_CONFIG` names a file that is not there, or the file is broken.
pub fn load() -> anyhow::Result<Settings> {
    let (path, named) = location()?;
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            ConfigError::unreadable(
                &path,
                format!(
                    "not UTF-8 text (byte {} is not)",
                    e.utf8_error().valid_up_to() + 1
                ),
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Settings::default());
        }
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file (HALLWAY_CONFIG names it)".to_string()
            } else {
                e.to_string()
            };
            return Err(ConfigError::unreadable(&path, why).into());
        }
    };
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    Ok(check(Config::parse(
        &text,
        &path.display().to_string(),
        Paths {
            folder: path.parent(),
            home: home.as_deref(),
        },
    )?)?)
}

/// What only the shells can check: the zone's name, and `[keys]` against the key table.
pub fn check(config: Config) -> Result<Settings, ConfigError> {
    let tz = match &config.tz {
        Some(tz) => Some(
            super::when::parse_tz(&tz.value)
                .map_err(|m| config.error_at(tz.at, "display.tz", m))?,
        ),
        None => None,
    };
    let overrides: Vec<(&str, Vec<String>)> = config
        .keys
        .iter()
        .map(|k| (k.action.as_str(), k.keys.clone()))
        .collect();
    let keymap = Keymap::with_overrides(&overrides).map_err(|e| {
        // The binding the error is about: the action named, else the first with that key.
        let culprit = match &e {
            KeyError::UnknownAction(name) => config.keys.iter().find(|k| k.action == *name),
            KeyError::BoundTwice { second, .. } => config.keys.iter().find(|k| k.action == *second),
            KeyError::BadKey(key) | KeyError::Reserved(key) => {
                config.keys.iter().find(|k| k.keys.iter().any(|k| k == key))
            }
        };
        match culprit {
            Some(k) => config.error_at(k.at, &format!("keys.{}", k.action), e.to_string()),
            None => config.error_at(crate::config::At::default(), "keys", e.to_string()),
        }
    })?;
    Ok(Settings { config, tz, keymap })
}

/// The key table's actions, for the template.
pub fn actions() -> Vec<ActionDoc> {
    TABLE
        .iter()
        .map(|b| ActionDoc {
            mode: b.mode.title(),
            name: b.name,
            keys: b.keys.iter().map(|k| (*k).to_string()).collect(),
            help: b.help,
        })
        .collect()
}

/// `hallway config`: with no option, where the file is and whether it is good.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if args.template {
        out.write_all(crate::config::template(&actions()).as_bytes())?;
        return Ok(());
    }
    let (path, _) = location()?;
    if args.path {
        writeln!(out, "{}", path.display())?;
        return Ok(());
    }
    let settings = load()?;
    if settings.config.file.is_some() {
        let rebound = settings.config.keys.len();
        writeln!(
            out,
            "{}: good ({})",
            path.display(),
            if rebound == 0 {
                "no keys rebound".to_string()
            } else {
                super::output::plural(rebound, "action rebound", "actions rebound")
            }
        )?;
        // Taking a key from an action is allowed, but worth saying.
        let unbound = settings.keymap.unbound();
        if !unbound.is_empty() {
            writeln!(
                out,
                "without a key now: {} (give them one under [keys] if you want them)",
                unbound.join(", ")
            )?;
        }
    } else {
        // On a fresh machine the folder is not there yet, and `>` would fail without it.
        let mkdir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => {
                format!("mkdir -p {} && ", shell_quote(dir))
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "{}: no config file; the built-in defaults apply.\nStart one with: {mkdir}hallway config --default > {}",
            path.display(),
            shell_quote(&path)
        )?;
    }
    Ok(())
}

fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-~".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::{KeyMode, parse_key};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn settings(text: &str) -> Result<Settings, ConfigError> {
        check(Config::parse(text, "config.toml", Paths::default())?)
    }

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_full_template_parses_back_to_the_defaults() {
        let text = crate::config::template(&actions());
        for b in TABLE {
            assert!(
                text.contains(&format!("\n# {} = ", b.name)),
                "{} is in the template",
                b.name
            );
            assert!(b.keys.iter().all(|k| parse_key(k).is_ok()));
        }
        let as_is = settings(&text).unwrap();
        assert!(as_is.config.keys.is_empty());
        // Uncommented, every action is bound to its default keys: the same keymap.
        let open = crate::config::tests::uncommented(&text);
        let open = settings(&open).unwrap();
        assert_eq!(open.config.keys.len(), TABLE.len());
        let default = Keymap::default();
        for b in TABLE {
            assert_eq!(open.keymap.keys_of(b.name), default.keys_of(b.name));
        }
        assert_eq!(open.keymap.help(), default.help());
        assert_eq!(
            crate::config::Config {
                keys: Vec::new(),
                file: None,
                ..open.config
            },
            crate::config::Config::default()
        );
    }

    #[test]
    fn keys_rebind_the_keymap() {
        let s = settings("[keys]\nstar = [\"S\", \"Ctrl-s\"]\nquit = \"Q\"\n").unwrap();
        let star = s.keymap.action(KeyMode::Normal, press('S'));
        assert_eq!(star, Some(crate::tui::action::Action::ToggleStar));
        assert_eq!(s.keymap.action(KeyMode::Normal, press('s')), None);
        assert_eq!(s.keymap.action(KeyMode::Normal, press('q')), None);
        assert_eq!(s.keymap.keys_of("quit"), "Q");
    }

    #[test]
    fn a_key_bound_twice_is_an_error_at_the_second() {
        let e = settings("[keys]\nstar = \"S\"\n\nhide_session = [\"x\", \"S\"]\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (4, "keys.hide_session"), "{e}");
        assert!(e.message.contains("\"S\""), "{e}");
        assert!(e.message.contains("star"), "{e}");
        // In different modes a key may be bound twice.
        settings("[keys]\nstar = \"S\"\nsearch_down = \"S\"\n").unwrap();
    }

    #[test]
    fn an_unknown_action_or_key_is_an_error_at_its_line() {
        let e = settings("[keys]\nstar = \"s\"\nfly = \"f\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (3, "keys.fly"), "{e}");
        let e = settings("[keys]\nstar = [\"s\", \"Hyper-x\"]\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "keys.star"), "{e}");
        assert!(e.message.contains("Hyper-x"), "{e}");
        let e = settings("[keys]\nquit = \"Ctrl-c\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "keys.quit"), "{e}");
    }

    #[test]
    fn the_zone_is_read_like_tz() {
        let s = settings("[display]\ntz = \"berlin\"\n").unwrap();
        assert_eq!(s.tz, Some(chrono_tz::Europe::Berlin));
        let e = settings("[display]\n\ntz = \"Europe/Pariss\"\n").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.key.as_str()),
            (3, 6, "display.tz"),
            "{e}"
        );
        assert!(e.message.contains("Europe/Paris"), "a suggestion: {e}");
    }
}
