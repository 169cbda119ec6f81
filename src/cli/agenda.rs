//! `hallway agenda`: the starred sessions in time order, grouped by day.

use super::Context;
use super::list::print_sessions;

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
    if sessions.is_empty() && !args.json {
        println!(
            "No starred sessions yet: star one with `hallway star ID` or `s` in the interface."
        );
        return Ok(());
    }
    print_sessions(ctx, &agenda, &sessions, args.json)
}
