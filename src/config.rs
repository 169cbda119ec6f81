//! The config file: hallway's defaults (display zone, reminders, refresh interval, team folder,
//! your name), the theme's colours and key rebindings, read from TOML and checked whole.
//!
//! Pure: the shell finds the file (`HALLWAY_CONFIG`, else the platform's config directory) and
//! passes its text here. Unknown keys and wrong types are errors naming the file, line, column
//! and key, so a typo is never silently ignored. What only the shells can check (zone names,
//! the key table's actions and keys) is kept with its place in the file, and the shell reports
//! a problem with it through [`Config::error_at`], so that error names the line too.
//!
//! The shells apply the values in this order, first found wins: a command-line flag, its
//! environment variable, what hallway remembers for one schedule (a `--tz` given for it), this
//! file, the built-in default. Your name is the exception that proves the rule: the file's
//! `name` beats the name remembered from an earlier `share --name`, because the file is what you
//! wrote down to be used. docs/config.md has every key.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

mod template;
#[cfg(test)]
pub(crate) mod tests;

pub use template::{ActionDoc, template};

/// The leave-now reminder's lead time by default, in minutes.
pub const DEFAULT_REMIND_MINUTES: u32 = 2;

/// A config file that cannot be used: where, which key, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file, as shown to the attendee.
    pub file: String,
    /// 1-based; 0 when the problem is the whole file (it cannot be read).
    pub line: usize,
    pub column: usize,
    /// The key's dotted path (`reminders.minutes`, `keys.star`); empty for a syntax error.
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "config file {}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ConfigError {
    /// A file that cannot be read at all.
    pub fn unreadable(file: &Path, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.display().to_string(),
            line: 0,
            column: 0,
            key: String::new(),
            message: message.into(),
        }
    }
}

/// A place in the file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct At {
    pub line: usize,
    pub column: usize,
}

impl At {
    fn of(text: &str, offset: usize) -> At {
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        At {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// A value kept with its place in the file, for the shell to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub at: At,
}

/// A colour of the terminal's palette (or of its 256 colours, or RGB where you insist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's own foreground.
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    /// One of the 256 colours (0 to 255).
    Indexed(u8),
    Rgb(u8, u8, u8),
}

const NAMED: &[(&str, Colour)] = &[
    ("default", Colour::Default),
    ("black", Colour::Black),
    ("red", Colour::Red),
    ("green", Colour::Green),
    ("yellow", Colour::Yellow),
    ("blue", Colour::Blue),
    ("magenta", Colour::Magenta),
    ("cyan", Colour::Cyan),
    ("gray", Colour::Gray),
    ("darkgray", Colour::DarkGray),
    ("lightred", Colour::LightRed),
    ("lightgreen", Colour::LightGreen),
    ("lightyellow", Colour::LightYellow),
    ("lightblue", Colour::LightBlue),
    ("lightmagenta", Colour::LightMagenta),
    ("lightcyan", Colour::LightCyan),
    ("white", Colour::White),
];

impl FromStr for Colour {
    type Err = String;

    /// A name in any case, with or without `-`/`_`/spaces ("light-blue", "`DarkGray`", "grey"),
    /// a number from 0 to 255, or `#rrggbb`.
    fn from_str(text: &str) -> Result<Self, String> {
        let folded: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .replace("grey", "gray");
        if let Some((_, c)) = NAMED.iter().find(|(n, _)| *n == folded) {
            return Ok(*c);
        }
        if let Ok(n) = folded.parse::<u8>() {
            return Ok(Colour::Indexed(n));
        }
        if let Some(hex) = folded.strip_prefix('#')
            && hex.len() == 6
            && hex.chars().all(|c| c.is_ascii_hexdigit())
        {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Colour::Rgb(byte(0), byte(2), byte(4)));
        }
        Err(format!(
            "unknown colour \"{text}\": a name ({}), a number from 0 to 255, or #rrggbb",
            NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        ))
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Indexed(n) => write!(f, "{n}"),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            named => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| c == named)
                    .map_or("", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The theme to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Base {
    /// For a dark terminal background (the default).
    #[default]
    Dark,
    /// For a light one: no yellow or cyan text on white.
    Light,
}

/// The colour of each role the interface draws in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub star: Colour,
    pub warning: Colour,
    pub caution: Colour,
    pub accent: Colour,
    pub key: Colour,
    pub border: Colour,
}

impl Palette {
    pub const DARK: Palette = Palette {
        star: Colour::Yellow,
        warning: Colour::Red,
        caution: Colour::Magenta,
        accent: Colour::Cyan,
        key: Colour::Cyan,
        border: Colour::DarkGray,
    };
    /// Dark gold (256-colour 136) and blue read on white, where yellow and cyan do not.
    pub const LIGHT: Palette = Palette {
        star: Colour::Indexed(136),
        warning: Colour::Red,
        caution: Colour::Magenta,
        accent: Colour::Blue,
        key: Colour::Blue,
        border: Colour::DarkGray,
    };

    /// The palette a base starts from.
    pub fn of(base: Base) -> Palette {
        match base {
            Base::Dark => Palette::DARK,
            Base::Light => Palette::LIGHT,
        }
    }

    /// The roles, in the template's order: (name, what it colours, its colour here).
    pub fn roles(&self) -> [(&'static str, &'static str, Colour); 6] {
        [
            (
                "star",
                "the star, starred sessions in the grid, messages",
                self.star,
            ),
            (
                "warning",
                "overlaps, likely overflow, errors, NOT SAVED",
                self.warning,
            ),
            (
                "caution",
                "filling and full rooms, tight walks, changes (Δ)",
                self.caution,
            ),
            (
                "accent",
                "the clock, the notes marker, the search cursor",
                self.accent,
            ),
            ("key", "keys in the footer and the help", self.key),
            ("border", "borders of panes and overlays", self.border),
        ]
    }
}

impl Default for Palette {
    fn default() -> Self {
        Palette::DARK
    }
}

/// The leave-now reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminders {
    /// Reminders at all (`--no-remind` turns them off, `--remind N` on).
    pub enabled: bool,
    /// Minutes before it is time to leave (`--remind`, `HALLWAY_REMIND`).
    pub minutes: u32,
    /// The terminal bell with it (`--no-bell`).
    pub bell: bool,
    /// A desktop notification with it.
    pub notify: bool,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            enabled: true,
            minutes: DEFAULT_REMIND_MINUTES,
            bell: true,
            notify: false,
        }
    }
}

/// One action rebound by `[keys]`: its name and keys as written, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub action: String,
    pub keys: Vec<String>,
    pub at: At,
}

/// The config as read and checked: what is not given is the built-in default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// The file read, as shown in errors; `None`: no file (the defaults).
    pub file: Option<String>,
    /// `[display] tz`: the zone to show times in, as written (the shell reads zone names).
    pub tz: Option<Located<String>>,
    pub reminders: Reminders,
    /// `[refresh] every`: how often the interface refreshes a schedule from the web.
    pub refresh_every: Option<Duration>,
    /// `[team] dir`: the team folder (`~` and relative paths resolved).
    pub team_dir: Option<PathBuf>,
    /// `[team] name`: your name as the team sees it.
    pub name: Option<String>,
    pub base: Base,
    /// The base's palette with the colours the file gives.
    pub palette: Palette,
    /// `[keys]`, in the file's order (the shell checks them against the key table).
    pub keys: Vec<KeyBinding>,
}

/// Where relative paths and `~` in the file lead.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paths<'a> {
    /// The folder of the config file: relative paths are read from there.
    pub folder: Option<&'a Path>,
    /// The home directory, for `~/…`.
    pub home: Option<&'a Path>,
}

impl Config {
    /// Reads a config file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str, paths: Paths<'_>) -> Result<Config, ConfigError> {
        let error = |span: Option<std::ops::Range<usize>>, key: String, message: String| {
            let at = span.map_or(At::default(), |s| At::of(text, s.start));
            ConfigError {
                file: file.to_string(),
                line: at.line,
                column: at.column,
                key,
                message,
            }
        };
        let deserializer = toml::de::Deserializer::parse(text)
            .map_err(|e| error(e.span(), String::new(), e.message().trim().to_string()))?;
        let raw: Raw = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = path_text(e.path());
            let inner = e.into_inner();
            error(inner.span(), key, inner.message().trim().to_string())
        })?;
        let located = |s: &Spanned<String>| Located {
            value: s.get_ref().clone(),
            at: At::of(text, s.span().start),
        };
        let at = |span: std::ops::Range<usize>, key: &str, message: String| {
            error(Some(span), key.to_string(), message)
        };

        let refresh_every = match &raw.refresh.every {
            Some(every) => Some(
                parse_interval(every.get_ref())
                    .map_err(|m| at(every.span(), "refresh.every", m))?,
            ),
            None => None,
        };
        let name = match &raw.team.name {
            Some(name) => {
                let trimmed = name.get_ref().trim().to_string();
                crate::plan::team::check_name(&trimmed)
                    .map_err(|e| at(name.span(), "team.name", e.to_string()))?;
                Some(trimmed)
            }
            None => None,
        };
        let team_dir = match &raw.team.dir {
            Some(dir) => Some(
                resolve_path(dir.get_ref(), paths).map_err(|m| at(dir.span(), "team.dir", m))?,
            ),
            None => None,
        };
        let mut palette = Palette::of(raw.theme.base);
        for (slot, given) in [
            (&mut palette.star, raw.theme.star),
            (&mut palette.warning, raw.theme.warning),
            (&mut palette.caution, raw.theme.caution),
            (&mut palette.accent, raw.theme.accent),
            (&mut palette.key, raw.theme.key),
            (&mut palette.border, raw.theme.border),
        ] {
            if let Some(c) = given {
                *slot = c;
            }
        }
        let mut keys: Vec<(usize, KeyBinding)> = raw
            .keys
            .iter()
            .map(|(action, list)| {
                (
                    list.span().start,
                    KeyBinding {
                        action: action.clone(),
                        keys: list.get_ref().0.clone(),
                        at: At::of(text, list.span().start),
                    },
                )
            })
            .collect();
        keys.sort_by_key(|(start, _)| *start);

        Ok(Config {
            file: Some(file.to_string()),
            tz: raw.display.tz.as_ref().map(located),
            reminders: Reminders {
                enabled: raw.reminders.enabled,
                minutes: raw.reminders.minutes,
                bell: raw.reminders.bell,
                notify: raw.reminders.notify,
            },
            refresh_every,
            team_dir,
            name,
            base: raw.theme.base,
            palette,
            keys: keys.into_iter().map(|(_, k)| k).collect(),
        })
    }

    /// An error about a value the shell checked (a zone name, a key), at its place in the file.
    pub fn error_at(&self, at: At, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.clone().unwrap_or_default(),
            line: at.line,
            column: at.column,
            key: key.to_string(),
            message: message.into(),
        }
    }
}

/// A serde path as the file writes it: `reminders.minutes`, `keys.star`.
fn path_text(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Map { key } | Segment::Enum { variant: key } => {
                // toml's span wrapper shows up as a field of its own: not a key of the file.
                if key.starts_with("$__") {
                    continue;
                }
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Seq { index } => {
                let _ = fmt::Write::write_fmt(&mut out, format_args!("[{index}]"));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// `~/x` from the home directory, a relative path from the config file's folder.
fn resolve_path(text: &str, paths: Paths<'_>) -> Result<PathBuf, String> {
    if text.trim().is_empty() {
        return Err("an empty path: give the team folder, or leave the key out".into());
    }
    let path = if text == "~" || text.starts_with("~/") {
        let home = paths
            .home
            .ok_or("\"~\" but no home directory is known: write the full path")?;
        home.join(text.trim_start_matches('~').trim_start_matches('/'))
    } else {
        PathBuf::from(text)
    };
    Ok(match paths.folder {
        Some(folder) if path.is_relative() => folder.join(path),
        _ => path,
    })
}

/// "30m", "2h", "1d", "90s"; a bare number is minutes. At least a minute.
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("\"{s}\": expected a number and a unit, e.g. 30m, 2h, 1d"))?;
    let seconds = match unit.trim() {
        "s" => Some(n),
        "" | "m" | "min" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86400),
        other => return Err(format!("\"{other}\": the unit is s, m, h or d")),
    }
    .ok_or_else(|| format!("\"{s}\": too long"))?;
    if seconds < 60 {
        return Err("at least a minute, so as not to hammer the server".into());
    }
    Ok(Duration::from_secs(seconds))
}

// The file as serde reads it: every section and key optional, none unknown.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Raw {
    display: RawDisplay,
    reminders: RawReminders,
    refresh: RawRefresh,
    team: RawTeam,
    theme: RawTheme,
    keys: BTreeMap<String, Spanned<KeyList>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawDisplay {
    tz: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawReminders {
    enabled: bool,
    #[serde(deserialize_with = "minutes")]
    minutes: u32,
    bell: bool,
    notify: bool,
}

impl Default for RawReminders {
    fn default() -> Self {
        let d = Reminders::default();
        RawReminders {
            enabled: d.enabled,
            minutes: d.minutes,
            bell: d.bell,
            notify: d.notify,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawRefresh {
    every: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawTeam {
    dir: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawTheme {
    base: Base,
    star: Option<Colour>,
    warning: Option<Colour>,
    caution: Option<Colour>,
    accent: Option<Colour>,
    key: Option<Colour>,
    border: Option<Colour>,
}

/// A whole number of minutes (the error says so, not "u32").
fn minutes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = u32;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number of minutes, such as 5")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }
    }
    d.deserialize_any(Visitor)
}

/// `"s"` or `["s", "Ctrl-s"]` (or `[]`: no key).
struct KeyList(Vec<String>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key such as \"s\", or a list of keys such as [\"s\", \"Ctrl-s\"]")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyList, E> {
                Ok(KeyList(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<String>()? {
                    keys.push(k);
                }
                Ok(KeyList(keys))
            }
        }
        d.deserialize_any(Visitor)
    }
}
