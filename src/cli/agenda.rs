//! `hallway agenda`: the starred sessions in time order, grouped by day.

use super::Context;
use super::list::print_sessions;
use super::output::plural;
use crate::plan::changes::detect;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array of list items.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let agenda = ctx.agenda()?;
    let sessions: Vec<_> = ctx
        .schedule
        .sessions()
        .iter()
        .filter(|s| agenda.is_starred(&s.id))
        .collect();
    // Stars a new version of the schedule cancelled or changed are not silently left out.
    let changes = detect(&ctx.schedule, &agenda);
    let cancelled = changes
        .cancelled
        .iter()
        .filter(|id| agenda.is_starred(id))
        .count();
    let changed = changes
        .changed
        .iter()
        .filter(|c| agenda.is_starred(&c.id))
        .count();
    if sessions.is_empty() && cancelled == 0 && !args.json {
        println!(
            "No starred sessions yet: star one with `hallway star ID` or `s` in the interface."
        );
        return Ok(());
    }
    if !sessions.is_empty() || args.json {
        print_sessions(ctx, &agenda, &sessions, args.json)?;
    }
    if !args.json && cancelled + changed > 0 {
        if !sessions.is_empty() {
            println!();
        }
        println!("{}", changes_note(changed, cancelled));
    }
    Ok(())
}

/// What the schedule did to the stars since they were last accepted, and where to see it.
fn changes_note(changed: usize, cancelled: usize) -> String {
    let mut parts = Vec::new();
    if changed > 0 {
        parts.push(format!(
            "{} changed",
            plural(changed, "starred session", "starred sessions")
        ));
    }
    if cancelled > 0 {
        let what = if parts.is_empty() {
            plural(cancelled, "starred session", "starred sessions")
        } else {
            cancelled.to_string()
        };
        parts.push(format!("{what} cancelled (kept, not listed above)"));
    }
    format!(
        "{}.\n`hallway changes` shows what changed since you last looked; `--ack` accepts it.",
        parts.join(", ")
    )
}
