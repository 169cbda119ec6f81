//! `hallway star ID...` and `hallway unstar ID...`.

use std::io::Write;

use super::output::time_range;
use super::{BadInput, Context};
use crate::plan::Change;
use crate::plan::changes::remember;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Session ids (first column of `hallway list`).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

/// Stars (or unstars) every id; nothing is changed if an id to star is unknown.
pub fn run(ctx: &Context, args: &Args, star: bool) -> anyhow::Result<()> {
    let agenda = ctx.agenda()?;
    let mut changes = Vec::new();
    for id in &args.ids {
        let known = ctx.schedule.find(id).is_some();
        if star && !known {
            ctx.find(id)?;
        }
        if !star && !known && !agenda.is_starred(id) {
            return Err(BadInput(format!(
                "\"{id}\" is neither a session of this schedule nor starred"
            ))
            .into());
        }
        changes.push(if star {
            Change::Star(id.clone())
        } else {
            Change::Unstar(id.clone())
        });
    }
    if star {
        // What each session looks like now, so a later version's move is reported.
        changes.extend(remember(
            &ctx.schedule,
            &agenda,
            args.ids.iter().map(String::as_str),
        ));
    }
    super::save(ctx, &changes)?;
    let mut out = std::io::stdout().lock();
    for id in &args.ids {
        let verb = if star { "starred" } else { "unstarred" };
        match ctx.schedule.find(id) {
            Some((_, s)) => writeln!(
                out,
                "{verb} {id}: {} ({} {}, {})",
                s.title,
                s.start.with_timezone(&ctx.display_tz).format("%a"),
                time_range(s, ctx.display_tz),
                ctx.schedule.room_name(s)
            )?,
            None => writeln!(out, "{verb} {id} (not in this version of the schedule)")?,
        }
    }
    Ok(())
}
