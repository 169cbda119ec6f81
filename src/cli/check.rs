//! `hallway check`: load and validate a schedule, summarise it, list its data problems.

use std::io::Write;

use serde_json::json;

use super::Context;
use super::output::{Style, plural, wrap};
use crate::schedule::{Warning, WarningKind};

/// Warnings of one kind listed in text output; `--json` has them all.
const MAX_PER_KIND: usize = 5;

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
        let counts: serde_json::Map<String, serde_json::Value> = by_kind(&sch.warnings)
            .into_iter()
            .map(|(kind, list)| (kind.as_str().to_string(), list.len().into()))
            .collect();
        let doc = json!({
            "warning_counts": counts,
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
                "{}:",
                plural(sch.warnings.len(), "warning", "warnings")
            ))
        )?;
        let width = style.width.map(|w| w.saturating_sub(6).max(20));
        for (kind, warnings) in by_kind(&sch.warnings) {
            writeln!(out, "  {} ({})", style.bold(heading(kind)), warnings.len())?;
            for w in warnings.iter().take(MAX_PER_KIND) {
                for (k, line) in wrap(&w.message, width).iter().enumerate() {
                    writeln!(out, "{}{line}", if k == 0 { "    " } else { "      " })?;
                }
            }
            if warnings.len() > MAX_PER_KIND {
                writeln!(
                    out,
                    "    … and {} more (`hallway check --json` lists them all)",
                    warnings.len() - MAX_PER_KIND
                )?;
            }
        }
    }
    Ok(())
}

/// Warnings grouped by kind, kinds in the order they first appear.
fn by_kind(warnings: &[Warning]) -> Vec<(WarningKind, Vec<&Warning>)> {
    let mut groups: Vec<(WarningKind, Vec<&Warning>)> = Vec::new();
    for w in warnings {
        match groups.iter_mut().find(|(k, _)| *k == w.kind) {
            Some((_, list)) => list.push(w),
            None => groups.push((w.kind, vec![w])),
        }
    }
    groups
}

/// A kind of warning as a heading people read.
fn heading(kind: WarningKind) -> &'static str {
    match kind {
        WarningKind::RoomDoubleBooked => "Rooms booked twice at once",
        WarningKind::EndBeforeStart => "Sessions that end before they start",
        WarningKind::DuplicateId => "Session ids used more than once",
        WarningKind::OutsideConference => "Sessions outside the conference's days",
        WarningKind::Assumption => "Assumptions hallway had to make",
        WarningKind::Walking => "Walking-table entries that cannot be used",
        WarningKind::Encoding => "Text that was not valid UTF-8",
        WarningKind::Link => "Links that are not web addresses (dropped)",
    }
}
