//! Text and JSON output shared by the commands: session rows, session objects, styling.
//!
//! Text is for people: aligned by display width, fitted to the terminal when stdout is one, never
//! coloured when it is not or when `NO_COLOR` is set. JSON is for programs and never changes shape
//! with the terminal.

use std::io::IsTerminal;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::Context;
use crate::plan::{Agenda, Risk};
use crate::schedule::Session;

/// How text output looks on this stdout.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Columns to fit rows into; `None` cuts nothing.
    pub width: Option<usize>,
}

impl Style {
    /// Colour only on a terminal and never with `NO_COLOR` set (to anything non-empty).
    pub fn detect() -> Self {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        // On a terminal, its width; elsewhere $COLUMNS or 80, so piped text stays readable.
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<usize>().ok());
        let width = if tty {
            ratatui::crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
        } else {
            columns.unwrap_or(80)
        };
        Style {
            color: tty && !no_color,
            width: Some(width.max(40)),
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

/// Breaks `text` into lines of at most `width` display columns, at spaces where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let extra = usize::from(!line.is_empty());
        if !line.is_empty() && line.width() + extra + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let head = fit(&line, width);
            let kept = head.trim_end_matches('…').len();
            lines.push(line[..kept].to_string());
            line = line[kept..].to_string();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pads `text` with spaces to `width` display columns (after fitting it).
pub fn pad(text: &str, width: usize) -> String {
    let fitted = fit(text, width);
    let w = fitted.width();
    format!("{fitted}{}", " ".repeat(width.saturating_sub(w)))
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
        "url": s.url,
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
    pub fn for_sessions<'a>(
        ctx: &Context,
        sessions: impl IntoIterator<Item = &'a Session>,
    ) -> Self {
        let mut id = 2;
        let mut room = 4;
        for s in sessions {
            id = id.max(s.id.width());
            room = room.max(ctx.schedule.room_name(s).width());
        }
        Columns {
            id: id.min(24),
            room: room.min(18),
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
    let head = format!(
        "{}  {} {}  {}  ",
        pad(&s.id, cols.id),
        star,
        time_range(s, ctx.display_tz),
        pad(ctx.schedule.room_name(s), cols.room)
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
        None if track.is_empty() => s.title.clone(),
        None => format!("{}  [{track}]", s.title),
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
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("abcdefghijkl", 5), ["abcd", "efgh", "ijkl"]);
        assert_eq!(wrap("", 5), [""]);
        for line in wrap("東京 カンファレンス 東京東京東京東京東京", 8) {
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
