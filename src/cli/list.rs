//! `hallway list`: sessions in time order, filtered by day, room, track, text or stars.

use std::io::Write;

use chrono::{Datelike, NaiveDate, Weekday};

use super::output::{Columns, Style, day_heading, session_json, session_row};
use super::{BadInput, Context};
use crate::plan::{Risk, crowding};
use crate::schedule::search;
use crate::schedule::{Schedule, Session};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this day: a date (2024-03-20), a day number from 1, or a weekday (wed).
    #[arg(long, value_name = "DATE|N")]
    pub day: Option<String>,
    /// Only sessions in this room (case-insensitive name).
    #[arg(long, value_name = "ROOM")]
    pub room: Option<String>,
    /// Only sessions in this track (case-insensitive name).
    #[arg(long, value_name = "TRACK")]
    pub track: Option<String>,
    /// Only sessions matching every word, as the interface searches: case and accents aside,
    /// letters in order in titles, speakers, tracks, rooms and tags; the word in abstracts.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only starred sessions.
    #[arg(long)]
    pub starred: bool,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let sch = &ctx.schedule;
    let agenda = ctx.agenda()?;
    let day = args.day.as_deref().map(|d| parse_day(sch, d)).transpose()?;
    let room = match &args.room {
        Some(name) => Some(sch.find_room(name).ok_or_else(|| {
            BadInput(format!(
                "no room named \"{name}\" (rooms: {})",
                names(sch.rooms.iter().map(|r| r.name.as_str()))
            ))
        })?),
        None => None,
    };
    let track = match &args.track {
        Some(name) => Some(sch.find_track(name).ok_or_else(|| {
            BadInput(format!(
                "no track named \"{name}\" (tracks: {})",
                names(sch.tracks.iter().map(|t| t.name.as_str()))
            ))
        })?),
        None => None,
    };
    // The interface's search: case and accents aside, fuzzy in titles and names.
    let found: Option<std::collections::HashSet<u32>> = args
        .search
        .as_deref()
        .and_then(|q| search::matching(sch, q))
        .map(|m| m.into_iter().collect());
    let pool: &[Session] = match day {
        Some(d) => sch.day_sessions(d),
        None => sch.sessions(),
    };
    let sessions: Vec<&Session> = pool
        .iter()
        .filter(|s| room.is_none() || s.room == room)
        .filter(|s| track.is_none() || s.track == track)
        .filter(|s| !args.starred || agenda.is_starred(&s.id))
        .filter(|s| {
            found.as_ref().is_none_or(|f| {
                sch.find(&s.id)
                    .is_some_and(|(i, _)| u32::try_from(i).is_ok_and(|i| f.contains(&i)))
            })
        })
        .collect();
    print_sessions(ctx, &agenda, &sessions, args.json)
}

/// Prints sessions as a JSON array, or as text rows grouped under day headings.
pub fn print_sessions(
    ctx: &Context,
    agenda: &crate::plan::Agenda,
    sessions: &[&Session],
    json: bool,
) -> anyhow::Result<()> {
    let (team, _) = super::team::load(ctx);
    let position = |s: &Session| ctx.schedule.find(&s.id).map(|(i, _)| i);
    let mut out = std::io::stdout().lock();
    if json {
        let risks = crowding::assess(&ctx.schedule);
        let fallback = Risk::default();
        let items: Vec<_> = sessions
            .iter()
            .map(|s| {
                let risk = ctx
                    .schedule
                    .find(&s.id)
                    .map_or(&fallback, |(i, _)| &risks[i]);
                let mut item = session_json(ctx, agenda, s, risk);
                item["team"] = position(s)
                    .map_or_else(Vec::new, |p| team.names_at(p))
                    .into();
                item
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(());
    }
    let style = Style::detect();
    if ctx.schedule.floating && !sessions.is_empty() {
        writeln!(out, "{}", style.dim(crate::schedule::zone::FLOATING_NOTE))?;
    }
    let cols = Columns::for_sessions(ctx, sessions.iter().copied(), style);
    let mut current: Option<NaiveDate> = None;
    for s in sessions {
        if current != Some(s.day) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", style.bold(&day_heading(s.day)))?;
            current = Some(s.day);
        }
        // Who on the team goes: their initials after the title, the row fitted around them.
        let initials = position(s).map_or_else(String::new, |p| team.initials_at(p));
        if initials.is_empty() {
            writeln!(out, "{}", session_row(ctx, agenda, s, cols, style))?;
        } else {
            let suffix = format!("  ({initials})");
            let narrower = Style {
                width: style
                    .width
                    .map(|w| w.saturating_sub(crate::text::width_of(&suffix))),
                ..style
            };
            let row = session_row(ctx, agenda, s, cols, narrower);
            writeln!(out, "{row}{}", style.dim(&suffix))?;
        }
    }
    if ctx.schedule.sessions().is_empty() {
        writeln!(out, "No sessions published yet.")?;
    } else if sessions.is_empty() {
        writeln!(out, "No sessions match.")?;
    }
    Ok(())
}

/// A day given as a date, a number from 1, or a weekday name.
pub fn parse_day(sch: &Schedule, text: &str) -> anyhow::Result<NaiveDate> {
    let days: Vec<NaiveDate> = sch.days().iter().map(|d| d.date).collect();
    let listing = || {
        days.iter()
            .enumerate()
            .map(|(i, d)| format!("{} = {}", i + 1, d.format("%a %Y-%m-%d")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let t = text.trim();
    let found = if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        days.contains(&date).then_some(date)
    } else if let Ok(n) = t.parse::<usize>() {
        n.checked_sub(1).and_then(|i| days.get(i).copied())
    } else if let Ok(w) = t.parse::<Weekday>() {
        days.iter().copied().find(|d| d.weekday() == w)
    } else {
        return Err(BadInput(format!(
            "\"{t}\" is not a day: give a date (YYYY-MM-DD), a day number or a weekday ({})",
            listing()
        ))
        .into());
    };
    found.ok_or_else(|| {
        BadInput(format!(
            "the schedule has no day \"{t}\" (days: {})",
            listing()
        ))
        .into()
    })
}

fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = items.collect();
    if all.len() > 12 {
        format!("{}, … {} in all", all[..12].join(", "), all.len())
    } else {
        all.join(", ")
    }
}
