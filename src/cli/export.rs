//! `hallway export`: the trip report (Markdown) or the agenda (JSON), to a file or stdout.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use super::Context;
use super::output::session_json;
use crate::formats::markdown::trip_report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Your trip report: attended and noted sessions by day, top picks, what to watch later.
    Markdown,
    /// Your agenda for sharing: starred sessions with your notes and ratings.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let agenda = ctx.agenda()?;
    let text = match args.format {
        ExportFormat::Markdown => trip_report(&ctx.schedule, &agenda, ctx.display_tz),
        ExportFormat::Json => {
            let risks = crate::plan::crowding::assess(&ctx.schedule);
            let sessions: Vec<_> = ctx
                .schedule
                .sessions()
                .iter()
                .zip(&risks)
                .filter(|(s, _)| agenda.is_starred(&s.id) || agenda.notes.contains_key(&s.id))
                .map(|(s, risk)| {
                    let mut item = session_json(ctx, &agenda, s, risk);
                    if let serde_json::Value::Object(map) = &mut item {
                        map.insert("note".into(), agenda.note(&s.id).into());
                        map.insert("rating".into(), agenda.ratings.get(&s.id).copied().into());
                        map.insert("attended".into(), agenda.attended.contains(&s.id).into());
                    }
                    item
                })
                .collect();
            let doc = json!({
                "conference": ctx.schedule.conference.id,
                "title": ctx.schedule.conference.title,
                "sessions": sessions,
            });
            format!("{}\n", serde_json::to_string_pretty(&doc)?)
        }
    };
    match &args.output {
        Some(path) if path.as_os_str() != "-" => crate::store::write_atomic(path, text.as_bytes())?,
        _ => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
