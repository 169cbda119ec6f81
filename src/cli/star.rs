//! `hallway star ID...` and `hallway unstar ID...`.

use std::io::Write;

use super::output::{plural, time_range};
use super::{BadInput, Context, ids};
use crate::plan::Change;
use crate::plan::changes::remember;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Session ids, or unique beginnings of them (first column of `hallway list`).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

/// Stars (or unstars) every id; nothing is changed if an id to star is unknown.
pub fn run(ctx: &Context, args: &Args, star: bool) -> anyhow::Result<()> {
    let agenda = ctx.agenda()?;
    let mut ids = Vec::new();
    for id in &args.ids {
        let full = match ids::resolve(ctx, id) {
            Ok(i) => ctx.schedule.session(i).id.clone(),
            // A starred session that a later version of the schedule dropped can still be
            // unstarred, by its whole id.
            Err(_) if !star && agenda.is_starred(id) => id.clone(),
            Err(_) if !star && ctx.schedule.find(id).is_none() => {
                return Err(BadInput(format!(
                    "\"{id}\" is neither a session of this schedule nor starred"
                ))
                .into());
            }
            Err(e) => return Err(e),
        };
        ids.push(full);
    }
    let mut changes: Vec<Change> = ids
        .iter()
        .map(|id| {
            if star {
                Change::Star(id.clone())
            } else {
                Change::Unstar(id.clone())
            }
        })
        .collect();
    if star {
        // What each session looks like now, so a later version's move is reported.
        changes.extend(remember(
            &ctx.schedule,
            &agenda,
            ids.iter().map(String::as_str),
        ));
    }
    let saved = super::save(ctx, &changes)?;
    let mut out = std::io::stdout().lock();
    let verb = if star { "starred" } else { "unstarred" };
    for id in &ids {
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
    writeln!(
        out,
        "{}: {} in your agenda",
        ctx.schedule.conference.title,
        plural(saved.stars.len(), "starred session", "starred sessions")
    )?;
    Ok(())
}
