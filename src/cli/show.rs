//! `hallway show ID`: one session in full.

use std::fmt::Write as _;
use std::io::Write;

use serde_json::Value;

use super::Context;
use super::output::{Style, day_heading, session_json, time_range};
use crate::plan::crowding;
use crate::text::{DISPLAY_LINE, DISPLAY_TEXT, for_display};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session's id (first column of `hallway list`).
    pub id: String,
    /// Print a JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let index = super::ids::resolve(ctx, &args.id)?;
    let agenda = ctx.agenda()?;
    let sch = &ctx.schedule;
    let s = sch.session(index);
    let risks = crowding::assess(sch);
    let risk = &risks[index];
    let (team, _) = super::team::load(ctx);
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut doc = session_json(ctx, &agenda, s, risk);
        if let Value::Object(map) = &mut doc {
            map.insert("subtitle".into(), s.subtitle.clone().into());
            map.insert("abstract".into(), s.abstract_text.clone().into());
            map.insert(
                "speakers_full".into(),
                s.speakers
                    .iter()
                    .map(|p| serde_json::json!({"name": p.name, "company": p.company}))
                    .collect::<Vec<_>>()
                    .into(),
            );
            map.insert("language".into(), s.language.clone().into());
            map.insert("tags".into(), s.tags.clone().into());
            map.insert("interest".into(), s.interest.into());
            map.insert("note".into(), agenda.note(&s.id).into());
            map.insert("rating".into(), agenda.ratings.get(&s.id).copied().into());
            map.insert("attended".into(), agenda.attended.contains(&s.id).into());
            map.insert("team".into(), team.names_at(index).into());
            map.insert("links".into(), links_json(s));
            map.insert(
                "answers".into(),
                s.answers
                    .iter()
                    .map(|a| serde_json::json!({"question": a.question, "answer": a.answer}))
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }

    let style = Style::detect();
    let star = if agenda.is_starred(&s.id) {
        format!("{} ", style.star("★"))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{star}{}",
        style.bold(&for_display(&s.title, DISPLAY_LINE))
    )?;
    if let Some(sub) = &s.subtitle {
        writeln!(out, "{sub}")?;
    }
    writeln!(out)?;
    let mut field = |name: &str, value: &str| -> std::io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "  {}  {value}", style.dim(&format!("{name:<9}")))
    };
    field("id", &s.id)?;
    field(
        "when",
        &format!(
            "{}, {}{}",
            day_heading(s.day),
            time_range(s, ctx.display_tz),
            if sch.floating {
                format!(" ({})", crate::schedule::zone::FLOATING_NOTE)
            } else {
                String::new()
            }
        ),
    )?;
    if let Some(r) = s.room {
        let room = sch.room(r);
        let mut text = room.name.clone();
        if let Some(cap) = room.capacity {
            let _ = write!(text, " ({cap} seats)");
        }
        if let Some(loc) = room.location.describe() {
            let _ = write!(text, ", {loc}");
        }
        field("room", &text)?;
    }
    field("track", sch.track_name(s))?;
    field("kind", s.kind.as_str())?;
    let speakers: Vec<String> = s
        .speakers
        .iter()
        .map(|p| match &p.company {
            Some(c) => format!("{} ({c})", p.name),
            None => p.name.clone(),
        })
        .collect();
    field("speakers", &speakers.join(", "))?;
    field(
        "recorded",
        match s.recorded {
            Some(true) => "yes",
            Some(false) => "no: see it in person or miss it",
            None => "not stated",
        },
    )?;
    field(
        "crowding",
        &format!("{}: {}", risk.level.as_str(), risk.reason),
    )?;
    field("tags", &s.tags.join(", "))?;
    field("team", &team.names_at(index).join(", "))?;
    field("url", s.url().unwrap_or(""))?;
    if let Some(r) = agenda.ratings.get(&s.id) {
        field(
            "rating",
            &format!(
                "{}{}",
                "★".repeat(usize::from(*r)),
                "☆".repeat(5 - usize::from(*r))
            ),
        )?;
    }
    if agenda.attended.contains(&s.id) {
        field("attended", "yes")?;
    }
    // The other links, one a line: kind, title, address (all cleaned at import).
    let others: Vec<&crate::schedule::Link> = s
        .links
        .iter()
        .filter(|l| Some(l.url.as_str()) != s.url())
        .collect();
    for (k, l) in others.iter().enumerate() {
        let name = if k == 0 { "links" } else { "" };
        let title = for_display(&l.title, DISPLAY_LINE);
        writeln!(
            out,
            "  {}  {:<10} {title}  {}",
            style.dim(&format!("{name:<9}")),
            l.kind.as_str(),
            l.url
        )?;
    }
    // The organiser's questions and the session's answers (Sessionize), before the abstract.
    if !s.answers.is_empty() {
        writeln!(out)?;
    }
    for a in &s.answers {
        writeln!(
            out,
            "{} {}",
            style.dim(&for_display(&a.prompt(), DISPLAY_LINE)),
            for_display(&a.answer, DISPLAY_TEXT)
        )?;
    }
    if !s.abstract_text.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", for_display(&s.abstract_text, DISPLAY_TEXT))?;
    }
    if let Some(note) = agenda.note(&s.id) {
        writeln!(out)?;
        writeln!(out, "{}", style.bold("Your notes"))?;
        writeln!(out, "{note}")?;
    }
    // Teammates' shared notes and ratings (cleaned when their share was read).
    for m in &team.members {
        let Some(entry) = m.entry_at(index) else {
            continue;
        };
        if entry.note.is_none() && entry.rating.is_none() {
            continue;
        }
        writeln!(out)?;
        let rating = entry.rating.map_or(String::new(), |r| {
            format!(
                "  {}{}",
                "★".repeat(usize::from(r)),
                "☆".repeat(5 - usize::from(r))
            )
        });
        writeln!(
            out,
            "{}{rating}",
            style.bold(&format!("{}'s notes", m.name()))
        )?;
        if let Some(note) = &entry.note {
            writeln!(out, "{}", for_display(note, DISPLAY_TEXT))?;
        }
    }
    Ok(())
}

/// A session's links as JSON: `[{"kind","title","url"}]`, the page first.
pub fn links_json(s: &crate::schedule::Session) -> Value {
    s.links
        .iter()
        .map(|l| serde_json::json!({"kind": l.kind.as_str(), "title": l.title, "url": l.url}))
        .collect::<Vec<_>>()
        .into()
}
