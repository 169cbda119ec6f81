//! `hallway conflicts`: what goes wrong with the starred sessions (overlaps, tight room changes,
//! crowded rooms, no time for lunch) and what to do about it, by day.
//!
//! The work is done by [`crate::plan::Analysis`]; this module only shows it.

use std::io::Write;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::Context;
use super::list::parse_day;
use super::output::{Style, day_heading, pad, rfc3339, risk_json, time_range, wrap};
use crate::plan::{Analysis, DayConflicts};
use crate::schedule::Schedule;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this day: a date (2024-03-20), a day number from 1, or a weekday (wed).
    #[arg(long, value_name = "DATE|N")]
    pub day: Option<String>,
    /// Print a JSON object: overlaps, groups, transfers, crowding, lunch.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let sch = &ctx.schedule;
    let agenda = ctx.agenda()?;
    let day = args.day.as_deref().map(|d| parse_day(sch, d)).transpose()?;
    let analysis = Analysis::new(sch, &agenda);
    let days: Vec<&DayConflicts> = analysis
        .conflicts()
        .days()
        .iter()
        .filter(|d| day.is_none_or(|date| d.date == date))
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = to_json(sch, &analysis, &days);
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    let starred = (0..sch.sessions().len())
        .filter(|&i| analysis.flags(i).starred)
        .count();
    if starred == 0 {
        writeln!(
            out,
            "No starred sessions yet: star some with `hallway star ID` to see their conflicts."
        )?;
        return Ok(());
    }
    if days.is_empty() {
        let among = if starred == 1 {
            "your one starred session".to_string()
        } else {
            format!("your {starred} starred sessions")
        };
        writeln!(
            out,
            "No conflicts among {among}: no overlaps, tight walks, crowded rooms or missed lunches."
        )?;
        return Ok(());
    }
    let style = Style::detect();
    let text = Text {
        ctx,
        analysis: &analysis,
        style,
        width: style.width,
        room: room_width(sch, &days, style.width.is_some()),
    };
    for (k, d) in days.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        text.day(&mut out, d)?;
    }
    Ok(())
}

/// The JSON document; groups are numbered across the days shown.
fn to_json(sch: &Schedule, analysis: &Analysis, days: &[&DayConflicts]) -> Value {
    let id = |i: usize| sch.session(i).id.as_str();
    let mut overlaps = Vec::new();
    let mut groups = Vec::new();
    let mut transfers = Vec::new();
    let mut crowding = Vec::new();
    let mut lunch = Vec::new();
    for d in days {
        let offset = groups.len();
        for o in &d.overlaps {
            overlaps.push(json!({
                "sessions": [id(o.sessions[0]), id(o.sessions[1])],
                "minutes": o.minutes,
                "group": o.group.map(|g| g + offset),
                "attend": id(o.attend),
                "watch_later": o.watch_later.map(id),
                "suggestion": o.suggestion,
            }));
        }
        for g in &d.groups {
            groups.push(json!({
                "sessions": g.sessions.iter().map(|&i| id(i)).collect::<Vec<_>>(),
                "minutes": g.minutes,
                "attend": id(g.attend),
                "suggestion": g.suggestion,
            }));
        }
        for t in &d.transfers {
            transfers.push(json!({
                "from": id(t.from),
                "to": id(t.to),
                "gap_minutes": t.gap_minutes,
                "walk_minutes": t.walk_minutes,
                "tight": t.tight,
                "leave_by": t.leave_by.as_ref().map(rfc3339),
                "suggestion": t.suggestion,
            }));
        }
        for c in &d.crowding {
            let mut item = risk_json(analysis.risk(c.session));
            if let Value::Object(map) = &mut item {
                map.insert("session".into(), id(c.session).into());
                map.insert("arrive_by".into(), rfc3339(&c.arrive_by).into());
                map.insert("suggestion".into(), c.suggestion.clone().into());
            }
            crowding.push(item);
        }
        if let Some(l) = &d.lunch {
            lunch.push(json!({
                "day": l.day.format("%Y-%m-%d").to_string(),
                "longest_gap_minutes": l.longest_gap,
                "message": l.message,
            }));
        }
    }
    json!({
        "overlaps": overlaps,
        "groups": groups,
        "transfers": transfers,
        "crowding": crowding,
        "lunch": lunch,
    })
}

/// Text for people, fitted to the terminal (cut nowhere when stdout is not one).
struct Text<'a> {
    ctx: &'a Context,
    analysis: &'a Analysis,
    style: Style,
    width: Option<usize>,
    /// Width of the room column.
    room: usize,
}

impl Text<'_> {
    fn day(&self, out: &mut impl Write, d: &DayConflicts) -> std::io::Result<()> {
        let st = self.style;
        writeln!(out, "{}", st.bold(&day_heading(d.date)))?;
        for group in &d.groups {
            writeln!(
                out,
                "  {} {} sessions overlap in a chain, for {} min in all",
                st.warn("✗"),
                group.sessions.len(),
                group.minutes,
            )?;
            for &i in &group.sessions {
                writeln!(out, "{}", self.row(i))?;
            }
            self.advice(out, &group.suggestion)?;
        }
        for o in d.overlaps.iter().filter(|o| o.group.is_none()) {
            writeln!(out, "  {} overlap, {} min", st.warn("✗"), o.minutes)?;
            for &i in &o.sessions {
                writeln!(out, "{}", self.row(i))?;
            }
            self.advice(out, &o.suggestion)?;
        }
        for t in d
            .transfers
            .iter()
            .filter(|t| t.tight || t.leave_by.is_some())
        {
            let head = if t.tight {
                st.warn("⇢ tight room change")
            } else {
                "⇢ room change".to_string()
            };
            writeln!(
                out,
                "  {head}: {}-min walk, {}-min gap",
                t.walk_minutes, t.gap_minutes
            )?;
            writeln!(out, "{}", self.row(t.from))?;
            writeln!(out, "{}", self.row(t.to))?;
            self.advice(out, &t.suggestion)?;
        }
        for c in &d.crowding {
            let risk = self.analysis.risk(c.session);
            writeln!(out, "  {} likely {}", st.warn("!"), risk.level.as_str())?;
            writeln!(out, "{}", self.row(c.session))?;
            self.wrapped(out, "      ", &risk.reason)?;
            self.advice(out, &c.suggestion)?;
        }
        if let Some(l) = &d.lunch {
            writeln!(out, "  {} lunch", st.warn("☕"))?;
            self.wrapped(out, "      ", &l.message)?;
        }
        Ok(())
    }

    /// "      11:00–11:35  N04       Title…", fitted to the width.
    fn row(&self, i: usize) -> String {
        let sch = &self.ctx.schedule;
        let s = sch.session(i);
        let head = format!(
            "      {}  {}  ",
            time_range(s, self.ctx.display_tz),
            pad(sch.room_name(s), self.room)
        );
        match self.width {
            Some(width) => {
                let left = width.saturating_sub(head.width()).max(10);
                format!("{head}{}", pad(&s.title, left).trim_end())
            }
            None => format!("{head}{}", s.title),
        }
    }

    fn advice(&self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        self.wrapped(out, "      → ", text)
    }

    /// Writes `text` word-wrapped to the width, the first line after `first`, the others
    /// indented as far.
    fn wrapped(&self, out: &mut impl Write, first: &str, text: &str) -> std::io::Result<()> {
        let indent = " ".repeat(first.width());
        let width = self.width.map(|w| w.saturating_sub(indent.len()).max(20));
        for (k, line) in wrap(text, width).iter().enumerate() {
            let lead = if k == 0 { first } else { &indent };
            writeln!(out, "{lead}{line}")?;
        }
        Ok(())
    }
}

/// The widest room name among the sessions shown, at least 6 columns and, on a terminal, at most
/// 20.
fn room_width(sch: &Schedule, days: &[&DayConflicts], terminal: bool) -> usize {
    let mut sessions: Vec<usize> = Vec::new();
    for d in days {
        sessions.extend(d.overlaps.iter().flat_map(|o| o.sessions));
        sessions.extend(d.transfers.iter().flat_map(|t| [t.from, t.to]));
        sessions.extend(d.crowding.iter().map(|c| c.session));
    }
    sessions
        .into_iter()
        .map(|i| sch.room_name(sch.session(i)).width())
        .max()
        .unwrap_or(6)
        .clamp(6, if terminal { 20 } else { usize::MAX })
}
