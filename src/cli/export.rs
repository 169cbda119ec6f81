//! `hallway export`: the trip report (Markdown), the agenda (JSON) or a calendar (iCalendar), to
//! a file or stdout.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use super::output::{plural, session_json, write_output};
use super::{BadInput, Context};
use crate::formats::ics_out;
use crate::formats::markdown::{FrontMatter, ReportOptions, trip_report_with};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Your trip report: attended and noted sessions by day, top picks, what to watch later.
    Markdown,
    /// Your agenda for sharing: starred sessions with your notes and ratings.
    Json,
    /// A calendar (iCalendar, .ics) of your starred sessions, for your phone or desktop.
    Ics,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --format ics: every session of the schedule, not only your starred ones. With
    /// --format markdown: also your starred sessions still to come.
    #[arg(long)]
    pub all: bool,
    /// With --format markdown: start with a blog post's front matter (title, date, tags).
    #[arg(long, value_enum, value_name = "KIND")]
    pub front_matter: Option<FrontMatterKind>,
    /// With --format markdown: the joint trip report of you and your team (their shared notes
    /// and ratings merged by day and session, each under its author's name).
    #[arg(long)]
    pub team: bool,
    /// With --format ics: a reminder this many minutes before each session.
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(0..=10_080))]
    pub alarm: Option<u32>,
}

/// The blog engines whose front matter `--front-matter` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FrontMatterKind {
    /// YAML between `---` lines.
    Jekyll,
    /// TOML between `+++` lines.
    Hugo,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    if args.format != ExportFormat::Ics && args.alarm.is_some() {
        return Err(BadInput("--alarm applies to --format ics only".into()).into());
    }
    if args.format == ExportFormat::Json && args.all {
        return Err(BadInput("--all applies to --format ics and markdown only".into()).into());
    }
    if args.format != ExportFormat::Markdown && args.front_matter.is_some() {
        return Err(BadInput("--front-matter applies to --format markdown only".into()).into());
    }
    if args.format != ExportFormat::Markdown && args.team {
        return Err(BadInput("--team applies to --format markdown only".into()).into());
    }
    let agenda = ctx.agenda()?;
    let count;
    let text = match args.format {
        ExportFormat::Ics => {
            let (text, events) = crate::export::calendar(
                &ctx.schedule,
                &agenda,
                &ics_out::Options {
                    all: args.all,
                    alarm_minutes: args.alarm,
                    now: ctx.now,
                },
            );
            count = events;
            if count == 0 {
                eprintln!(
                    "hallway: warning: you have starred no sessions, so the calendar is empty (star some, or pass --all)"
                );
            }
            text
        }
        ExportFormat::Markdown => {
            count = 0;
            let options = ReportOptions {
                tz: ctx.display_tz,
                now: ctx.now,
                all: args.all,
                front_matter: args.front_matter.map(|k| match k {
                    FrontMatterKind::Jekyll => FrontMatter::Jekyll,
                    FrontMatterKind::Hugo => FrontMatter::Hugo,
                }),
            };
            if args.team {
                let (team, _) = super::team::load(ctx);
                let team_store = super::team::store(ctx);
                let me = super::team::my_name(&team_store, &team_store.settings())
                    .unwrap_or_else(|_| "you".into());
                crate::formats::team_report::team_report(
                    &ctx.schedule,
                    &agenda,
                    &me,
                    &team,
                    &options,
                )
            } else {
                trip_report_with(&ctx.schedule, &agenda, &options)
            }
        }
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
            count = sessions.len();
            let doc = json!({
                "conference": ctx.schedule.conference.id,
                "title": ctx.schedule.conference.title,
                "sessions": sessions,
            });
            format!("{}\n", serde_json::to_string_pretty(&doc)?)
        }
    };
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            write_output(path, text.as_bytes())?;
            let what = match args.format {
                ExportFormat::Ics => {
                    format!("a calendar of {}", plural(count, "session", "sessions"))
                }
                ExportFormat::Json => {
                    format!("your agenda ({})", plural(count, "session", "sessions"))
                }
                ExportFormat::Markdown if args.team => "your team's trip report".to_string(),
                ExportFormat::Markdown => "your trip report".to_string(),
            };
            writeln!(
                std::io::stdout().lock(),
                "wrote {what} of {} to {}",
                ctx.schedule.conference.title,
                path.display()
            )?;
        }
        _ => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
