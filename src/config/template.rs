//! The commented template `hallway config --default` prints: every key, each with its default
//! (commented out, so the file keeps following the defaults) or an example.
//!
//! A line `# key = value` shows a default: uncommented, it parses back to that default (a
//! test checks it). Examples are written `# Example: key = value`.

use std::fmt::Write as _;

use super::{DEFAULT_REMIND_MINUTES, Palette};

/// One action of the key table, for the `[keys]` section.
#[derive(Debug, Clone)]
pub struct ActionDoc {
    /// The mode's title, written above its first action.
    pub mode: &'static str,
    pub name: &'static str,
    pub keys: Vec<String>,
    pub help: &'static str,
}

/// The template, with the key table's actions (the shell knows them).
pub fn template(actions: &[ActionDoc]) -> String {
    let mut out = format!(
        r##"# hallway's config file. Every key is optional: a line left commented out keeps the
# default it shows. A command-line flag or environment variable beats this file, and this file
# beats the built-in defaults. `hallway config` checks the file; docs/config.md explains each key.

[display]
# The zone to show times in: an IANA name, a city or an abbreviation, as --tz takes them.
# Default: the venue's. A --tz given for one schedule (remembered for it) beats this; a
# schedule that names no zone is shown as printed.
# Example: tz = "Europe/Berlin"

[reminders]
# The leave-now reminder while the interface runs (--no-remind turns it off).
# enabled = true
# Minutes before it is time to leave (--remind, HALLWAY_REMIND).
# minutes = {DEFAULT_REMIND_MINUTES}
# The terminal bell with it (--no-bell turns it off).
# bell = true
# A desktop notification with it (--notify turns it on, --no-notify off).
# notify = false

[refresh]
# How often the interface refreshes a schedule opened from a URL: "90s", "30m", "2h", "1d"
# (--refresh-every, HALLWAY_REFRESH_EVERY). Default: every 2 hours during the conference,
# daily before it, never after.
# Example: every = "30m"

[team]
# The team folder: every *.hallway-share.json in it is a teammate (--team-dir,
# HALLWAY_TEAM_DIR). "~" is your home; a relative path is read from this file's folder.
# Example: dir = "~/team"
# Your name as the team sees it (share --name). Default: the name given last with
# share --name, else your login name. This name beats the one remembered.
# Example: name = "ana"

[theme]
# "dark", or "light" for a light terminal background. NO_COLOR always wins: no colour at all.
# base = "dark"
# The colour of each role: a name (red, lightblue, darkgray, default...), a number from 0 to
# 255, or "#rrggbb". Defaults: the base's (light: star = "136", accent and key = "blue").
"##
    );
    let roles = Palette::DARK.roles();
    let width = roles
        .iter()
        .map(|(n, _, c)| n.len() + c.to_string().len())
        .max()
        .unwrap_or(0);
    for (name, what, colour) in roles {
        let pad = width - name.len() - colour.to_string().len();
        let _ = writeln!(out, "# {name} = \"{colour}\"{:pad$}  # {what}", "");
    }
    out.push_str(
        r#"
[keys]
# Rebind an action by its name: one key ("s"), a list (["s", "Ctrl-s"]), or [] for none.
# A key given to an action is taken from the action that has it by default in the same mode;
# one key given to two actions of one mode is an error. Ctrl-C always quits.
# Keys: a character ("j", "G", "?"), Ctrl-x, Alt-x, Enter, Esc, Tab, Shift-Tab, Backspace,
# Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, F1 to F12.
"#,
    );
    let mut mode = "";
    let width = actions
        .iter()
        .map(|a| a.name.len() + keys_text(&a.keys).len())
        .max()
        .unwrap_or(0);
    for action in actions {
        if action.mode != mode {
            mode = action.mode;
            let _ = writeln!(out, "# {mode}:");
        }
        let keys = keys_text(&action.keys);
        let pad = width - action.name.len() - keys.len();
        let _ = writeln!(
            out,
            "# {} = {keys}{:pad$}  # {}",
            action.name, "", action.help
        );
    }
    out
}

/// `["j", "Down"]`, as TOML writes a list of strings.
fn keys_text(keys: &[String]) -> String {
    let quoted: Vec<String> = keys
        .iter()
        .map(|k| toml::Value::String(k.clone()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}
