//! Text and JSON output shared by the commands: session rows, session objects, styling.
//!
//! Text is for people: aligned by display width, fitted to the terminal when stdout is one, never
//! coloured when it is not or when `NO_COLOR` is set. JSON is for programs and never changes shape
//! with the terminal.

use std::io::IsTerminal;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::{BadInput, Context};
use crate::plan::{Agenda, Risk};
use crate::schedule::Session;
use crate::text::{DISPLAY_LINE, for_display};

/// How text output looks on this stdout.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Columns to fit rows into; `None` cuts nothing.
    pub width: Option<usize>,
}

impl Style {
    /// Colour only on a terminal and never with `NO_COLOR` set (to anything non-empty); rows fitted
    /// to the terminal's width, and cut nowhere when stdout is a pipe or a file (`| less`,
    /// `| grep` see every character).
    pub fn detect() -> Self {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = tty.then(|| {
            ratatui::crossterm::terminal::size()
                .ok()
                .map(|(w, _)| usize::from(w))
                .filter(|&w| w > 0)
                .or_else(|| {
                    std::env::var("COLUMNS")
                        .ok()
                        .and_then(|c| c.parse::<usize>().ok())
                })
                .unwrap_or(80)
                .max(40)
        });
        Style {
            color: tty && !no_color,
            width,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn star(self, text: &str) -> String {
        self.paint("33", text)
    }

    pub fn warn(self, text: &str) -> String {
        self.paint("31", text)
    }
}

pub use crate::text::fit;

/// Breaks `text` into lines of at most `width` display columns, at spaces where it can (a word
/// longer than a line is broken); `None` keeps it on one line.
pub fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![text.to_string()];
    };
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .break_words(true);
    let lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// Pads `text` with spaces to `width` display columns (after fitting it).
pub fn pad(text: &str, width: usize) -> String {
    let fitted = fit(text, width);
    let w = fitted.width();
    format!("{fitted}{}", " ".repeat(width.saturating_sub(w)))
}

/// Pads `text` with spaces to at least `width` display columns, never cutting it: for ids, which
/// people copy into the next command.
pub fn pad_whole(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// [`fit`] when there is a width to fit, else the text whole.
pub fn fit_to(text: &str, width: Option<usize>) -> String {
    match width {
        Some(w) => fit(text, w),
        None => text.to_string(),
    }
}

/// "1 session", "2 sessions": a count with its noun agreeing.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "kc24-0042: Title (`KubeCon` …)": what a write acted on, naming the conference it changed.
pub fn acted_on(ctx: &Context, s: &Session) -> String {
    format!(
        "{}: {} ({})",
        s.id,
        crate::text::clean_line(&s.title),
        crate::text::clean_line(&ctx.schedule.conference.title)
    )
}

/// "★★★★☆".
pub fn stars(r: u8) -> String {
    let r = usize::from(r.min(5));
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

/// Writes a file named with `-o`, atomically. Its folder must already exist (a typo in a path
/// must not create folders) and it must not be a folder; both are bad input and write nothing.
pub fn write_output(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use crate::export::WriteError;
    crate::export::write_file(path, bytes).map_err(|e| match e {
        WriteError::Store(e) => anyhow::Error::from(e),
        e if e.is_bad_input() => BadInput(e.to_string()).into(),
        e => anyhow::Error::from(e),
    })
}

/// "Wednesday 20 March 2024".
pub fn day_heading(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// A session's time range in the display zone: "11:00–11:35".
pub fn time_range(s: &Session, tz: Tz) -> String {
    format!(
        "{}–{}",
        s.start.with_timezone(&tz).format("%H:%M"),
        s.end.with_timezone(&tz).format("%H:%M")
    )
}

/// An instant as RFC 3339 with the conference's offset.
pub fn rfc3339(t: &DateTime<Tz>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// An instant of the schedule as JSON text: RFC 3339 with the conference's offset, or, when the
/// schedule's times are floating (no zone known), the wall-clock time as printed, without one.
pub fn schedule_instant(sch: &crate::schedule::Schedule, t: &DateTime<Tz>) -> String {
    if sch.floating {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        rfc3339(t)
    }
}

/// A session's crowding risk as JSON: `{"level","expected","capacity","ratio","reason"}`.
pub fn risk_json(r: &Risk) -> Value {
    json!({
        "level": r.level.as_str(),
        "expected": r.expected,
        "capacity": r.capacity,
        "ratio": r.ratio.map(|x| (x * 100.0).round() / 100.0),
        "reason": r.reason,
    })
}

/// The list item object of `list --json` and `agenda --json`.
pub fn session_json(ctx: &Context, agenda: &Agenda, s: &Session, risk: &Risk) -> Value {
    let sch = &ctx.schedule;
    json!({
        "id": s.id,
        "guid": s.guid,
        "title": s.title,
        "day": s.day.format("%Y-%m-%d").to_string(),
        "start": schedule_instant(sch, &s.start),
        "end": schedule_instant(sch, &s.end),
        "room": s.room.map(|r| sch.room(r).name.as_str()),
        "track": s.track.map(|t| sch.track(t).name.as_str()),
        "kind": s.kind.as_str(),
        "speakers": s.speakers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        "recorded": s.recorded,
        "url": s.url(),
        "starred": agenda.is_starred(&s.id),
        "risk": risk_json(risk),
    })
}

/// Column widths for a set of rows, so that they align.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    id: usize,
    room: usize,
}

impl Columns {
    /// Ids are never cut (people copy them into `show` and `star`); room names are cut only to
    /// fit a terminal.
    pub fn for_sessions<'a>(
        ctx: &Context,
        sessions: impl IntoIterator<Item = &'a Session>,
        style: Style,
    ) -> Self {
        let mut id = 2;
        let mut room = 4;
        for s in sessions {
            id = id.max(s.id.width());
            room = room.max(ctx.schedule.room_name(s).width());
        }
        Columns {
            id,
            room: if style.width.is_some() {
                room.min(18)
            } else {
                room
            },
        }
    }
}

/// One line for a session: id, star, time, room, title (and track when there is room).
pub fn session_row(
    ctx: &Context,
    agenda: &Agenda,
    s: &Session,
    cols: Columns,
    style: Style,
) -> String {
    let star = if agenda.is_starred(&s.id) { "★" } else { " " };
    let time = time_range(s, ctx.display_tz);
    // On a narrow terminal the room gives way before the title does (ids never do).
    let room_w = match style.width {
        Some(width) => {
            let fixed = cols.id + 2 + 2 + time.width() + 2 + 2;
            cols.room.min(width.saturating_sub(fixed + 20)).max(4)
        }
        None => cols.room,
    };
    let head = format!(
        "{}  {} {time}  {}  ",
        pad_whole(&s.id, cols.id),
        star,
        pad(ctx.schedule.room_name(s), room_w)
    );
    let track = ctx.schedule.track_name(s);
    let rest = match style.width {
        Some(width) => {
            let left = width.saturating_sub(head.width());
            let title_w = s.title.width();
            if !track.is_empty() && title_w + track.width() + 5 <= left {
                format!("{}  {}", s.title, style.dim(&format!("[{track}]")))
            } else {
                fit(&s.title, left.max(10))
            }
        }
        // Whole in a pipe, up to the length past which no real title goes (a hostile file's
        // megabyte title is not copied into every row).
        None if track.is_empty() => for_display(&s.title, DISPLAY_LINE).into_owned(),
        None => format!("{}  [{track}]", for_display(&s.title, DISPLAY_LINE)),
    };
    let head = if agenda.is_starred(&s.id) {
        head.replacen('★', &style.star("★"), 1)
    } else {
        head
    };
    format!("{head}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_counts_display_columns() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 8), "hello w…");
        assert_eq!(fit("東京東京東京", 7), "東京東…");
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(pad("abc", 2), "a…");
        assert_eq!(pad_whole("kc24-0042-a-long-id", 4), "kc24-0042-a-long-id");
        assert_eq!(pad_whole("ab", 4), "ab  ");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("one two three four", Some(9)),
            ["one two", "three", "four"]
        );
        assert_eq!(wrap("abcdefghijkl", Some(5)), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("", Some(5)), [""]);
        assert_eq!(wrap("one two three", None), ["one two three"]);
        for line in wrap("東京 カンファレンス 東京東京東京東京東京", Some(8)) {
            assert!(line.width() <= 8, "{line}");
        }
    }

    #[test]
    fn no_colour_means_no_escapes() {
        let s = Style {
            color: false,
            width: None,
        };
        assert_eq!(s.bold("x"), "x");
        let c = Style {
            color: true,
            width: None,
        };
        assert_eq!(c.bold("x"), "\u{1b}[1mx\u{1b}[0m");
    }
}
