//! `hallway check`: load and validate a schedule, summarise it, list its data problems.

use std::io::Write;

use serde_json::json;

use super::Context;
use super::output::{Style, plural, wrap};

/// Warnings listed in text output; `--json` has them all.
const MAX_TEXT_WARNINGS: usize = 20;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let sch = &ctx.schedule;
    let c = &sch.conference;
    let (rooms, tracks) = sch.count_rooms_and_tracks(sch.sessions());
    let mut out = std::io::stdout().lock();
    if args.json {
        let days: Vec<_> = sch
            .days()
            .iter()
            .map(|d| {
                let sessions = &sch.sessions()[d.range.clone()];
                let (rooms, tracks) = sch.count_rooms_and_tracks(sessions);
                json!({
                    "date": d.date.format("%Y-%m-%d").to_string(),
                    "weekday": d.date.format("%A").to_string(),
                    "sessions": sessions.len(),
                    "rooms": rooms,
                    "tracks": tracks,
                })
            })
            .collect();
        let warnings: Vec<_> = sch
            .warnings
            .iter()
            .map(|w| json!({"kind": w.kind.as_str(), "message": w.message, "sessions": w.sessions}))
            .collect();
        let doc = json!({
            "title": c.title,
            "timezone": (!sch.floating).then(|| c.timezone.name()),
            "format": sch.format,
            "sessions": sch.sessions().len(),
            "rooms": rooms,
            "tracks": tracks,
            "days": days,
            "warnings": warnings,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }

    let style = Style::detect();
    writeln!(out, "{}", style.bold(&c.title))?;
    writeln!(
        out,
        "  file      {}, {} format",
        ctx.source_name(),
        sch.format
    )?;
    if let Some(venue) = &c.venue {
        writeln!(out, "  venue     {venue}")?;
    }
    writeln!(
        out,
        "  dates     {} to {} ({})",
        c.start_date.format("%a %-d %b %Y"),
        c.end_date.format("%a %-d %b %Y"),
        if sch.floating {
            crate::schedule::zone::FLOATING_NOTE
        } else {
            c.timezone.name()
        }
    )?;
    if sch.sessions().is_empty() {
        writeln!(out, "  sessions  no sessions published yet")?;
    } else {
        writeln!(
            out,
            "  sessions  {} in {}, {}, {}",
            sch.sessions().len(),
            plural(rooms, "room", "rooms"),
            plural(tracks, "track", "tracks"),
            plural(sch.days().len(), "day", "days")
        )?;
    }
    writeln!(out)?;
    for d in sch.days() {
        let sessions = &sch.sessions()[d.range.clone()];
        let (rooms, tracks) = sch.count_rooms_and_tracks(sessions);
        writeln!(
            out,
            "  {:<16} {:>5} {:<8} {:>4} {:<5} {:>4} {}",
            d.date.format("%a %-d %b %Y").to_string(),
            sessions.len(),
            if sessions.len() == 1 {
                "session"
            } else {
                "sessions"
            },
            rooms,
            if rooms == 1 { "room" } else { "rooms" },
            tracks,
            if tracks == 1 { "track" } else { "tracks" },
        )?;
    }
    writeln!(out)?;
    if sch.warnings.is_empty() {
        writeln!(out, "No problems found.")?;
    } else {
        writeln!(
            out,
            "{}",
            style.warn(&format!(
                "{} warning{}:",
                sch.warnings.len(),
                if sch.warnings.len() == 1 { "" } else { "s" }
            ))
        )?;
        for w in sch.warnings.iter().take(MAX_TEXT_WARNINGS) {
            for line in wrap(
                &format!("{}: {}", w.kind.as_str(), w.message),
                style.width.map(|w| w.saturating_sub(4).max(20)),
            )
            .iter()
            .enumerate()
            {
                writeln!(out, "{}{}", if line.0 == 0 { "  " } else { "    " }, line.1)?;
            }
        }
        if sch.warnings.len() > MAX_TEXT_WARNINGS {
            writeln!(
                out,
                "  … and {} more (`hallway check --json` lists them all)",
                sch.warnings.len() - MAX_TEXT_WARNINGS
            )?;
        }
    }
    Ok(())
}
